"""Independent pure-Python reference implementation of the cx_metrics metrics.

Written from /work/shared/reference/metrics.md (the domain reference) and the SQL
contract of the extension, not from its C code.  Arithmetic is exact
(fractions.Fraction over the integer inputs); each result is converted to a
float only at the very end, so it is the correctly rounded double of the true
value.  The extension may differ from it only by floating-point rounding.

Conventions shared by every function, mirroring SQL aggregates:
  * inputs are iterables; None plays the role of SQL NULL and is skipped;
  * a group with no non-None input gives None (SQL NULL);
  * out-of-range input raises ValueError (the extension raises an error).
"""

from fractions import Fraction

__all__ = [
    'nps', 'csat', 'ces', 'ScoreSummary', 'score_summary', 'rollup',
    'weighted_csi', 'weighted_csi_components', 'churn_rate',
    'churn_rate_period', 'is_active', 'is_customer_just_before', 'BASES',
]

NPS_MIN, NPS_MAX = 0, 10
CES_MIN, CES_MAX = 1, 7
BASES = ('start', 'average', 'new')


def _to_float(q):
    return None if q is None else float(q)


def _check_int(x, lo=None, hi=None, what='answer'):
    if isinstance(x, bool) or not isinstance(x, int):
        raise ValueError('%s must be an integer, got %r' % (what, x))
    if (lo is not None and x < lo) or (hi is not None and x > hi):
        raise ValueError('%s %d is outside %s..%s' % (what, x, lo, hi))
    return x


# ---------------------------------------------------------------- NPS / CSAT / CES

def nps(answers, promoter_min=9, detractor_max=6):
    """Net Promoter Score in points, -100..100.

    Answers are integers 0..10; promoters answer >= promoter_min, detractors
    answer <= detractor_max; NPS = 100 * (promoters - detractors) / n.
    """
    n = prom = detr = 0
    for a in answers:
        if a is None:
            continue
        _check_int(a, NPS_MIN, NPS_MAX)
        n += 1
        if a >= promoter_min:
            prom += 1
        if a <= detractor_max:
            detr += 1
    if n == 0:
        return None
    return _to_float(Fraction(100 * (prom - detr), n))


def csat(ratings, satisfied_min=4):
    """CSAT: 100 * (ratings >= satisfied_min) / n (top-2-box on 1..5 by default)."""
    n = sat = 0
    for r in ratings:
        if r is None:
            continue
        _check_int(r, what='rating')
        n += 1
        if r >= satisfied_min:
            sat += 1
    if n == 0:
        return None
    return _to_float(Fraction(100 * sat, n))


def ces(efforts):
    """CES: the mean effort answer on its own scale (validated to 1..7)."""
    n = total = 0
    for e in efforts:
        if e is None:
            continue
        _check_int(e, CES_MIN, CES_MAX, what='effort')
        n += 1
        total += e
    if n == 0:
        return None
    return _to_float(Fraction(total, n))


# ---------------------------------------------------------------- score summaries

class ScoreSummary:
    """A distribution of integer answers (answer -> count), like score_summary()."""

    __slots__ = ('counts',)

    def __init__(self, counts=None):
        self.counts = dict(counts or {})

    @classmethod
    def of(cls, answers):
        """Build from answers; None is skipped.  Returns None for no answers,
        like a SQL aggregate over no non-NULL rows."""
        counts = {}
        for a in answers:
            if a is None:
                continue
            _check_int(a, NPS_MIN, NPS_MAX)
            counts[a] = counts.get(a, 0) + 1
        return cls(counts) if counts else None

    def merge(self, other):
        out = dict(self.counts)
        for k, v in other.counts.items():
            out[k] = out.get(k, 0) + v
        return ScoreSummary(out)

    def responses(self):
        return sum(self.counts.values())

    def _frac(self, pred):
        n = self.responses()
        if n == 0:
            return None
        return Fraction(100 * sum(c for a, c in self.counts.items() if pred(a)), n)

    def mean(self):
        n = self.responses()
        if n == 0:
            return None
        return _to_float(Fraction(sum(a * c for a, c in self.counts.items()), n))

    def share(self, lo, hi):
        return _to_float(self._frac(lambda a: lo <= a <= hi))

    def nps(self, promoter_min=9, detractor_max=6):
        p = self._frac(lambda a: a >= promoter_min)
        d = self._frac(lambda a: a <= detractor_max)
        return None if p is None else _to_float(p - d)

    def csat(self, satisfied_min=4):
        return _to_float(self._frac(lambda a: a >= satisfied_min))


def score_summary(answers):
    return ScoreSummary.of(answers)


def rollup(summaries):
    """Merge summaries; None summaries are skipped; None if nothing to merge."""
    out = None
    for s in summaries:
        if s is None:
            continue
        out = s if out is None else out.merge(s)
    return out


# ---------------------------------------------------------------- weighted CSI

def _csi_pair(s, i):
    for x, what in ((s, 'satisfaction'), (i, 'importance')):
        if isinstance(x, bool) or not isinstance(x, (int, Fraction)):
            raise ValueError('%s must be a number, got %r' % (what, x))
    if i < 0:
        raise ValueError('importance must be non-negative, got %r' % (i,))
    return Fraction(s), Fraction(i)


def weighted_csi(rows):
    """Row-level CSI: sum(i * s) / sum(i) over (satisfaction, importance) rows.

    Rows with a None satisfaction or importance are skipped.  None when there
    are no rows or the importances sum to 0.
    """
    num = den = Fraction(0)
    for s, i in rows:
        if s is None or i is None:
            continue
        s, i = _csi_pair(s, i)
        num += i * s
        den += i
    if den == 0:
        return None
    return _to_float(num / den)


def weighted_csi_components(rows):
    """Component-level CSI over (component, satisfaction, importance) rows.

    Per component c: I_c = mean importance, S_c = mean satisfaction over the
    component's rows; CSI = sum_c I_c * S_c / sum_c I_c.  Rows with a None
    component, satisfaction or importance are skipped.  None when no rows are
    left or sum_c I_c = 0.
    """
    acc = {}                       # component -> [n, sum s, sum i]
    for c, s, i in rows:
        if c is None or s is None or i is None:
            continue
        s, i = _csi_pair(s, i)
        a = acc.setdefault(c, [0, Fraction(0), Fraction(0)])
        a[0] += 1
        a[1] += s
        a[2] += i
    num = den = Fraction(0)
    for n, ss, si in acc.values():
        ibar = si / n
        sbar = ss / n
        num += ibar * sbar
        den += ibar
    if den == 0:
        return None
    return _to_float(num / den)


# ---------------------------------------------------------------- churn

def churn_rate(flags):
    """100 * (true) / (non-None) over booleans."""
    n = t = 0
    for f in flags:
        if f is None:
            continue
        if not isinstance(f, bool):
            raise ValueError('churn flag must be a boolean, got %r' % (f,))
        n += 1
        t += f
    if n == 0:
        return None
    return _to_float(Fraction(100 * t, n))


def is_active(started_at, ended_at, t):
    """Active at instant t: started_at <= t and (ended_at is None or ended_at > t)."""
    return started_at <= t and (ended_at is None or ended_at > t)


def is_customer_just_before(started_at, ended_at, t):
    """A customer at the close of the period that ends at t (every instant
    just before t): started_at < t and (ended_at is None or ended_at >= t)."""
    return started_at < t and (ended_at is None or ended_at >= t)


def churn_rate_period(customers, lo, hi, basis='start'):
    """Churn rate for the period [lo, hi) over (started_at, ended_at) pairs.

    Every start and end is booked in the period that contains its instant;
    populations are counted just before the bounds:
      S = customers just before lo, E = customers just before hi,
      N = started in [lo, hi), L = ended in [lo, hi).
      'start'   (default): 100 * |S and L| / |S|
      'average':           100 * |L| / ((|S| + |E|) / 2)
      'new':               100 * |L| / |N|
    A zero denominator gives None.  Customers with a None started_at are
    skipped (like SQL NULL input).  The contract says nothing about
    ended_at < started_at or an empty period; this function then simply
    applies the definitions above (the sample data never has either).
    """
    if basis not in BASES:
        raise ValueError('unknown churn basis %r' % (basis,))
    S = E = N = lost = lost_of_S = 0
    for started_at, ended_at in customers:
        if started_at is None:
            continue
        in_S = is_customer_just_before(started_at, ended_at, lo)
        in_L = ended_at is not None and lo <= ended_at < hi
        S += in_S
        E += is_customer_just_before(started_at, ended_at, hi)
        N += lo <= started_at < hi
        lost += in_L
        lost_of_S += in_S and in_L
    if basis == 'start':
        return None if S == 0 else _to_float(Fraction(100 * lost_of_S, S))
    if basis == 'average':
        return None if S + E == 0 else _to_float(Fraction(200 * lost, S + E))
    return None if N == 0 else _to_float(Fraction(100 * lost, N))
