#!/usr/bin/python3
"""Independent reference values for the cx_metrics 1.1 statistics functions.

Writes sql/include/statistics_reference.sql, which sql/statistics.sql loads and
compares, value by value, with the C implementation (to 1e-9).

Written from the definitions (the published formulas and the SQL contract in
README.md), never from the C sources.  Shares, effective sample sizes and
variances are exact fractions.Fraction values; the normal quantile and tail
come from scipy; the conversion to float64 happens at the end (square roots).
Independent library routes cross-check the formulas where scipy/numpy has
one (Wilson interval, pooled two-proportion test, mean interval, NPS
variance).

Run:  /usr/bin/python3 test/stats/make_expected.py
"""

import math
import os
import sys
from fractions import Fraction as F

import numpy as np
import scipy
from scipy import stats

try:
    import statsmodels
    from statsmodels.stats.proportion import proportion_confint
except ImportError:  # Debian 12 ships scipy, not statsmodels, by default
    statsmodels = None

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, 'sql', 'include', 'statistics_reference.sql')

CONFIDENCES = (None, 0.9, 0.95, 0.99)  # None = the default argument (0.95)


# --------------------------------------------------------------------------
# Summaries
# --------------------------------------------------------------------------

class Summary:
    """A distribution of answers 0..100.

    cells: value -> (count, sum_w, sum_w2) with Fraction sums.  The sums are
    the exact values of the float64 written into the text form, so that the
    reference computes from precisely what PostgreSQL reads.
    """

    def __init__(self, name, counts=None, rows=None):
        assert (counts is None) != (rows is None)
        self.name = name
        self.weighted = rows is not None
        cells = {}
        if counts is not None:
            for value, count in counts.items():
                assert count > 0
                cells[value] = (count, F(count), F(count))
            self.values = np.repeat(np.array(sorted(counts), dtype=float),
                                    [counts[v] for v in sorted(counts)])
            self.weights = np.ones(len(self.values))
        else:
            acc = {}
            for value, weight in rows:
                count, sw, sw2 = acc.get(value, (0, F(0), F(0)))
                acc[value] = (count + 1, sw + F(weight), sw2 + F(weight) ** 2)
            for value, (count, sw, sw2) in acc.items():
                cells[value] = (count, F(float(sw)), F(float(sw2)))
            self.values = np.array([v for v, _ in rows], dtype=float)
            self.weights = np.array([w for _, w in rows], dtype=float)
        for value in cells:
            assert 0 <= value <= 100
        self.cells = dict(sorted(cells.items()))

    def text(self):
        """cx_metrics text form."""
        if self.weighted:
            parts = ['%d:%d:%r:%r' % (v, c, float(sw), float(sw2))
                     for v, (c, sw, sw2) in self.cells.items()]
        else:
            parts = ['%d:%d' % (v, c) for v, (c, _, _) in self.cells.items()]
        return '{' + ','.join(parts) + '}'

    def total_weight(self):
        return sum((sw for _, sw, _ in self.cells.values()), F(0))

    def n_eff(self):
        """Kish: (sum w)^2 / sum w^2; None when there is no weight at all."""
        w = self.total_weight()
        if w == 0:
            return None
        w2 = sum((sw2 for _, _, sw2 in self.cells.values()), F(0))
        return w * w / w2

    def share(self, predicate):
        """Weighted share of the answers satisfying predicate (exact)."""
        w = self.total_weight()
        return sum((sw for v, (_, sw, _) in self.cells.items() if predicate(v)), F(0)) / w

    def check_range(self, lo, hi):
        for v in self.cells:
            assert lo <= v <= hi, (self.name, v, lo, hi)


# --------------------------------------------------------------------------
# The statistics
# --------------------------------------------------------------------------

def z_of(confidence):
    """Two-sided normal quantile."""
    c = 0.95 if confidence is None else confidence
    return float(stats.norm.ppf(1 - (1 - c) / 2))


def two_sided_p(z):
    return float(2 * stats.norm.sf(abs(z)))


def clamp(x, lo, hi):
    return min(max(x, lo), hi)


def sqrt_f(fraction):
    return math.sqrt(float(fraction))


def effective_responses(s):
    n = s.n_eff()
    return 0.0 if n is None else float(n)


def nps_parts(s, promoter_min=9, detractor_max=6):
    """(p, d, n) as Fractions, or None without weight."""
    s.check_range(0, 10)
    assert detractor_max < promoter_min
    n = s.n_eff()
    if n is None:
        return None
    p = s.share(lambda v: v >= promoter_min)
    d = s.share(lambda v: v <= detractor_max)
    return p, d, n


def nps(s, *buckets):
    parts = nps_parts(s, *buckets)
    if parts is None:
        return None
    p, d, _ = parts
    return float(100 * (p - d))


def nps_moe(s, *buckets, confidence=None):
    parts = nps_parts(s, *buckets)
    if parts is None:
        return None
    p, d, n = parts
    v = p + d - (p - d) ** 2
    return 100 * z_of(confidence) * sqrt_f(v / n)


def adjusted_wald(p, d, n):
    """Rocks (2016): add 3 answers, 0.75 promoters and 0.75 detractors."""
    n1 = n + 3
    p1 = (p * n + F(3, 4)) / n1
    d1 = (d * n + F(3, 4)) / n1
    nps1 = p1 - d1
    v1 = p1 + d1 - nps1 ** 2
    return nps1, v1, n1


def nps_interval(s, *buckets, confidence=None):
    parts = nps_parts(s, *buckets)
    if parts is None:
        return None, None
    nps1, v1, n1 = adjusted_wald(*parts)
    half = z_of(confidence) * sqrt_f(v1 / n1)
    return (clamp(100 * (float(nps1) - half), -100.0, 100.0),
            clamp(100 * (float(nps1) + half), -100.0, 100.0))


def nps_test(a, b, *buckets):
    pa, pb = nps_parts(a, *buckets), nps_parts(b, *buckets)
    if pa is None or pb is None:
        return None
    nps_a, v_a, n_a = adjusted_wald(*pa)
    nps_b, v_b, n_b = adjusted_wald(*pb)
    z = float(nps_a - nps_b) / sqrt_f(v_a / n_a + v_b / n_b)
    return two_sided_p(z)


def csat_parts(s, satisfied_min=4):
    s.check_range(1, 5)
    n = s.n_eff()
    if n is None:
        return None
    return s.share(lambda v: v >= satisfied_min), n


def csat(s, *smin):
    parts = csat_parts(s, *smin)
    return None if parts is None else float(100 * parts[0])


def wilson(p, n, confidence):
    """Wilson score interval of a proportion, in [0, 1]."""
    c = 0.95 if confidence is None else confidence
    if statsmodels is not None:
        lo, hi = proportion_confint(float(p * n), float(n), alpha=1 - c, method='wilson')
        return float(lo), float(hi)
    z = F(z_of(confidence))  # exact value of the float64 quantile
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = float(z / denom) * sqrt_f(p * (1 - p) / n + z2 / (4 * n * n))
    return float(centre) - half, float(centre) + half


def csat_interval(s, *smin, confidence=None):
    parts = csat_parts(s, *smin)
    if parts is None:
        return None, None
    lo, hi = wilson(parts[0], parts[1], confidence)
    return clamp(100 * lo, 0.0, 100.0), clamp(100 * hi, 0.0, 100.0)


def csat_test(a, b, *smin):
    pa, pb = csat_parts(a, *smin), csat_parts(b, *smin)
    if pa is None or pb is None:
        return None
    (p_a, n_a), (p_b, n_b) = pa, pb
    pooled = (p_a * n_a + p_b * n_b) / (n_a + n_b)
    se2 = pooled * (1 - pooled) * (1 / n_a + 1 / n_b)
    if se2 == 0:
        return 1.0
    return two_sided_p(float(p_a - p_b) / sqrt_f(se2))


def mean_parts(s):
    """(m, s^2 / n) as Fractions; s^2 None when n <= 1."""
    n = s.n_eff()
    if n is None:
        return None
    w = s.total_weight()
    m = sum((v * sw for v, (_, sw, _) in s.cells.items()), F(0)) / w
    if n <= 1:
        return m, None
    population = sum((sw * (v - m) ** 2 for v, (_, sw, _) in s.cells.items()), F(0)) / w
    s2 = population * n / (n - 1)
    return m, s2 / n


def mean(s):
    parts = mean_parts(s)
    return None if parts is None else float(parts[0])


def mean_interval(s, confidence=None):
    parts = mean_parts(s)
    if parts is None or parts[1] is None:
        return None, None
    m, var_of_mean = parts
    half = z_of(confidence) * sqrt_f(var_of_mean)
    return float(m) - half, float(m) + half


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

SUMMARIES = [
    Summary('n12', counts={3: 1, 7: 1, 8: 1, 9: 4, 10: 5}),
    Summary('n1_promoter', counts={10: 1}),
    Summary('n2', counts={0: 1, 10: 1}),
    Summary('all_promoters_50', counts={10: 50}),
    Summary('all_detractors_50', counts={0: 50}),
    Summary('all_promoters_3', counts={9: 3}),
    Summary('large', counts={0: 80000, 1: 40000, 2: 40000, 3: 60000, 4: 80000, 5: 120000,
                             6: 100000, 7: 200000, 8: 280000, 9: 300000, 10: 300000}),
    Summary('readme11', counts={0: 3, 7: 2, 10: 6}),
    Summary('readme110', counts={0: 30, 7: 20, 10: 60}),
    Summary('weighted_small', rows=[(10, 2.0), (9, 1.0), (7, 0.5), (3, 1.5), (0, 1.0)]),
    Summary('weighted_zero', rows=[(10, 0.0), (5, 2.0), (9, 2.0)]),
    Summary('weighted_single', rows=[(10, 0.0), (5, 3.0)]),
    Summary('csat20', counts={1: 4, 2: 3, 3: 4, 4: 7, 5: 2}),
    Summary('csat112', counts={1: 10, 2: 11, 3: 11, 4: 30, 5: 50}),
    Summary('csat_all5', counts={5: 40}),
    Summary('csat1', counts={2: 1}),
    Summary('weighted_csat', rows=[(5, 2.0), (4, 1.0), (3, 0.5), (2, 1.5), (1, 1.0)]),
    Summary('zero_weights', rows=[(v, 0.0) for v in range(1, 6)]),
    Summary('empty', counts={}),
]
BY_NAME = {s.name: s for s in SUMMARIES}
NPS_CASES = ['n12', 'n1_promoter', 'n2', 'all_promoters_50', 'all_detractors_50',
             'all_promoters_3', 'large', 'readme11', 'readme110',
             'weighted_small', 'weighted_zero', 'weighted_single']
CSAT_CASES = ['csat20', 'csat112', 'csat_all5', 'csat1', 'weighted_csat']
# (a, b, buckets): nps_test(a, b [, promoter_min, detractor_max])
NPS_TESTS = [('n12', 'large', ()), ('all_promoters_50', 'all_detractors_50', ()),
             ('n12', 'n12', ()), ('readme11', 'readme110', ()), ('readme11', 'readme11', ()),
             ('weighted_small', 'n12', ()), ('n2', 'weighted_zero', ()),
             ('csat20', 'csat112', (5, 3)),
             ('empty', 'n12', ()), ('zero_weights', 'n12', ())]
# (a, b, satisfied_min): csat_test(a, b [, satisfied_min])
CSAT_TESTS = [('csat20', 'csat112', ()), ('csat_all5', 'csat_all5', ()),
              ('csat20', 'weighted_csat', ()), ('csat112', 'csat20', ()),
              ('csat20', 'csat112', (5,)), ('csat1', 'csat_all5', ()),
              ('csat20', 'empty', ()), ('zero_weights', 'csat20', ())]


def args(*parts):
    return ', '.join(['a'] + [str(p) for p in parts if p is not None])


def interval_args(confidence, names, values, positional=False):
    """Arguments of a 2.0 interval call: the confidence second, then the
    thresholds, by position when asked and the confidence is given, else by
    name (as users are advised to write them)."""
    parts = ['a']
    if confidence is not None:
        parts.append(confidence)
    if values:
        if positional and confidence is not None:
            parts += [str(v) for v in values]
        else:
            parts += ['%s => %s' % (n, v) for n, v in zip(names, values)]
    return ', '.join(parts)


NPS_THRESHOLDS = ('promoter_min', 'detractor_max')
CSAT_THRESHOLD = ('satisfied_min',)


def conf_text(confidence):
    # Always with a decimal point, so SQL resolves the float8 overload.
    return None if confidence is None else repr(float(confidence))


def generate():
    rows = []  # (a_name, b_name, expression, expected)

    def add(a, expression, value, b=None):
        assert value is None or math.isfinite(value), (a, expression, value)
        rows.append((a, b, expression, None if value is None else float(value)))

    def nps_family(name, buckets):
        s = BY_NAME[name]
        add(name, 'nps(%s)' % args(*buckets), nps(s, *buckets))
        for c in CONFIDENCES:
            ct = conf_text(c)
            lo, hi = nps_interval(s, *buckets, confidence=c)
            add(name, 'nps_moe(%s)' % interval_args(ct, NPS_THRESHOLDS, buckets),
                nps_moe(s, *buckets, confidence=c))
            add(name, 'nps_low(%s)' % interval_args(ct, NPS_THRESHOLDS, buckets, positional=True), lo)
            add(name, 'nps_high(%s)' % interval_args(ct, NPS_THRESHOLDS, buckets), hi)

    def csat_family(name, smin):
        s = BY_NAME[name]
        add(name, 'csat(%s)' % args(*smin), csat(s, *smin))
        for c in CONFIDENCES:
            lo, hi = csat_interval(s, *smin, confidence=c)
            add(name, 'csat_low(%s)' % interval_args(conf_text(c), CSAT_THRESHOLD, smin, positional=True), lo)
            add(name, 'csat_high(%s)' % interval_args(conf_text(c), CSAT_THRESHOLD, smin), hi)

    def mean_family(name):
        s = BY_NAME[name]
        add(name, 'mean(a)', mean(s))
        add(name, 'effective_responses(a)', effective_responses(s))
        for c in CONFIDENCES:
            lo, hi = mean_interval(s, confidence=c)
            add(name, 'mean_low(%s)' % args(conf_text(c)), lo)
            add(name, 'mean_high(%s)' % args(conf_text(c)), hi)

    for name in NPS_CASES:
        nps_family(name, ())
        mean_family(name)
    nps_family('n12', (8, 5))
    for name in CSAT_CASES:
        csat_family(name, ())
        csat_family(name, (5,))
        mean_family(name)
    nps_family('csat20', (5, 3))

    # No answer with a weight: every statistic is NULL.  effective_responses
    # is 0 when every weight is 0 (README); for '{}' it is left out (see README).
    for name in ('zero_weights', 'empty'):
        s = BY_NAME[name]
        add(name, 'nps(a)', nps(s))
        add(name, 'nps_moe(a)', nps_moe(s))
        add(name, 'nps_low(a)', nps_interval(s)[0])
        add(name, 'nps_high(a, 0.9, 5, 3)', nps_interval(s, 5, 3, confidence=0.9)[1])
        add(name, 'csat(a)', csat(s))
        add(name, 'csat_low(a)', csat_interval(s)[0])
        add(name, 'csat_high(a, 0.99, 5)', csat_interval(s, 5, confidence=0.99)[1])
        add(name, 'mean(a)', mean(s))
        add(name, 'mean_low(a)', mean_interval(s)[0])
        add(name, 'mean_high(a, 0.9)', mean_interval(s, 0.9)[1])
    add('zero_weights', 'effective_responses(a)', effective_responses(BY_NAME['zero_weights']))

    for a, b, buckets in NPS_TESTS:
        add(a, 'nps_test(a, b%s)' % ''.join(', %d' % x for x in buckets),
            nps_test(BY_NAME[a], BY_NAME[b], *buckets), b)
    for a, b, smin in CSAT_TESTS:
        add(a, 'csat_test(a, b%s)' % ''.join(', %d' % x for x in smin),
            csat_test(BY_NAME[a], BY_NAME[b], *smin), b)

    keys = [(r[0], r[1], r[2]) for r in rows]
    assert len(keys) == len(set(keys)), 'duplicate reference rows'
    return rows


# --------------------------------------------------------------------------
# Sanity checks, worked by hand, and cross-checks through other library routes
# --------------------------------------------------------------------------

def close(x, y, tol):
    return abs(x - y) <= tol * max(1.0, abs(y))


def sanity():
    # z for 95 %: 1.959963984540054 (any table: 1.96).
    assert abs(z_of(None) - 1.959963984540054) < 1e-15, z_of(None)
    assert abs(z_of(0.9) - 1.6448536269514722) < 1e-14, z_of(0.9)
    assert abs(z_of(0.99) - 2.5758293035489004) < 1e-14, z_of(0.99)

    n12 = BY_NAME['n12']
    # n12: p = 9/12 = 0.75, d = 1/12, NPS = 100 * 8/12 = 66.67.
    # v = 0.75 + 1/12 - (2/3)^2 = 10/12 - 4/9 = 7/18 = 0.388889
    # MOE = 100 * 1.959964 * sqrt(7/18 / 12) = 100 * 1.959964 * 0.1800206 = 35.283
    assert nps(n12) == 100 * 8 / 12
    assert abs(nps_moe(n12) - 100 * 1.959963984540054 * math.sqrt(7 / 216)) < 1e-12
    assert round(nps_moe(n12), 2) == 35.28
    # Adjusted Wald: n' = 15, p' = 9.75/15 = 0.65, d' = 1.75/15 = 0.116667,
    # NPS' = 0.533333, v' = 0.766667 - 0.284444 = 0.482222,
    # sqrt(v'/n') = 0.179299, * 1.959964 = 0.351420 -> [18.19, 88.48] (README).
    lo, hi = nps_interval(n12)
    assert (round(lo, 2), round(hi, 2)) == (18.19, 88.48), (lo, hi)
    # Identical summaries: z = 0 exactly, p-value 2 * sf(0) = 1.
    assert nps_test(n12, n12) == 1.0
    assert csat_test(BY_NAME['csat_all5'], BY_NAME['csat_all5']) == 1.0
    assert nps_test(BY_NAME['all_promoters_50'], BY_NAME['all_detractors_50']) < 0.001
    # README: same shares at 11 and 110 answers, p-value 0.83.
    assert round(nps_test(BY_NAME['readme11'], BY_NAME['readme110']), 2) == 0.83
    # README: csat20 -> CSAT 45, mean 3, nps(s, 5, 3) = 10 % - 55 % = -45.
    csat20 = BY_NAME['csat20']
    assert (csat(csat20), mean(csat20), nps(csat20, 5, 3)) == (45.0, 3.0, -45.0)
    # weighted_small: sum w = 6, sum w^2 = 8.5, n_eff = 36/8.5,
    # NPS = 100 * (3 - 2.5) / 6 = 8.333 (README).
    ws = BY_NAME['weighted_small']
    assert effective_responses(ws) == 36 / 8.5
    assert abs(nps(ws) - 100 * 0.5 / 6) < 1e-13
    # weighted_zero: weight 0 adds nothing: one promoter, one detractor, n_eff 2;
    # mean 7, s^2 = [(2*4 + 2*4)/4] * 2/1 = 8, interval 7 -+ z * sqrt(8/2).
    wz = BY_NAME['weighted_zero']
    assert (nps(wz), effective_responses(wz), mean(wz)) == (0.0, 2.0, 7.0)
    assert mean_interval(wz) == (7 - 2 * z_of(None), 7 + 2 * z_of(None))
    # Single answer (or a single non-zero weight): no mean interval.
    assert mean_interval(BY_NAME['n1_promoter']) == (None, None)
    assert mean_interval(BY_NAME['weighted_single']) == (None, None)
    # Clamping: 3 promoters -> NPS' = 0.5, half-width 0.5658, high clamped to 100.
    assert nps_interval(BY_NAME['all_promoters_3'])[1] == 100.0


def cross_checks():
    # Wald variance v = p + d - (p - d)^2 is the (weighted, ddof=0) variance
    # of the score +1 promoter / 0 passive / -1 detractor.
    for name in NPS_CASES:
        s = BY_NAME[name]
        if s.n_eff() is None:
            continue
        score = np.where(s.values >= 9, 1.0, np.where(s.values <= 6, -1.0, 0.0))
        m = np.average(score, weights=s.weights)
        v = np.average((score - m) ** 2, weights=s.weights)
        p, d, _ = nps_parts(s)
        assert close(float(p + d - (p - d) ** 2), float(v), 1e-12), name

    # Wilson interval against scipy.stats.binomtest(...).proportion_ci for
    # integer counts (scipy's own Newcombe form of the formula).
    for name in CSAT_CASES:
        s = BY_NAME[name]
        if s.weighted:
            continue
        for smin in (4, 5):
            p, n = csat_parts(s, smin)
            k = p * n
            assert k.denominator == 1 and n.denominator == 1
            for c in CONFIDENCES:
                ci = stats.binomtest(int(k), int(n)).proportion_ci(
                    confidence_level=0.95 if c is None else c, method='wilson')
                lo, hi = csat_interval(s, smin, confidence=c)
                assert abs(lo - 100 * max(ci.low, 0.0)) < 1e-10, (name, smin, c, lo, ci)
                assert abs(hi - 100 * min(ci.high, 1.0)) < 1e-10, (name, smin, c, hi, ci)

    # Pooled two-proportion z-test = chi-square test of the 2x2 table
    # without continuity correction (chi2 = z^2).
    for a, b, smin in CSAT_TESTS:
        pa, pb = csat_parts(BY_NAME[a], *smin), csat_parts(BY_NAME[b], *smin)
        if pa is None or pb is None or pa[0] in (0, 1) and pb[0] == pa[0]:
            continue
        table = [[float(pa[0] * pa[1]), float((1 - pa[0]) * pa[1])],
                 [float(pb[0] * pb[1]), float((1 - pb[0]) * pb[1])]]
        chi = stats.chi2_contingency(table, correction=False)
        assert close(csat_test(BY_NAME[a], BY_NAME[b], *smin), float(chi[1]), 1e-9), (a, b)

    # Mean interval: unweighted against scipy.stats.sem (ddof=1) and
    # norm.interval; weighted against numpy's reliability-weighted variance
    # np.cov(aweights=w), which is sum w (x-m)^2 / (W - W2/W) = our s^2.
    for name in NPS_CASES + CSAT_CASES:
        s = BY_NAME[name]
        n = s.n_eff()
        if n <= 1:
            continue
        if s.weighted:
            m = np.average(s.values, weights=s.weights)
            se = math.sqrt(float(np.cov(s.values, aweights=s.weights)) / float(n))
        else:
            m = float(np.mean(s.values))
            se = float(stats.sem(s.values))
        for c in CONFIDENCES:
            lo, hi = mean_interval(s, confidence=c)
            if se == 0:
                assert lo == hi == m, name
                continue
            ref = stats.norm.interval(0.95 if c is None else c, loc=m, scale=se)
            assert close(lo, float(ref[0]), 1e-10) and close(hi, float(ref[1]), 1e-10), \
                (name, c, lo, hi, ref)


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def sql_text(x):
    return 'NULL' if x is None else "'" + x.replace("'", "''") + "'"


def sql_float(x):
    return 'NULL' if x is None else repr(x)


def write(rows):
    libs = 'scipy %s, numpy %s' % (scipy.__version__, np.__version__)
    if statsmodels is not None:
        libs += ', statsmodels %s (Wilson interval)' % statsmodels.__version__
    else:
        libs += '; statsmodels not installed: Wilson interval from the textbook formula'
    out = [
        '-- Generated by test/stats/make_expected.py with %s.' % libs,
        '-- Do not edit by hand: change the script and run',
        '--   /usr/bin/python3 test/stats/make_expected.py',
        '-- %d reference values (%d of them NULL) for %d summaries.'
        % (len(rows), sum(r[3] is None for r in rows), len(SUMMARIES)),
        '',
        'CREATE TEMP TABLE reference_summary (name text PRIMARY KEY, summary text);  -- cx_metrics text form',
        'INSERT INTO reference_summary VALUES',
        ',\n'.join('    (%s, %s)' % (sql_text(s.name), sql_text(s.text())) for s in SUMMARIES) + ';',
        '',
        '-- expression: SQL in which a (and b) stand for the summaries named a_name (b_name);',
        '-- expected NULL = the function returns SQL NULL.',
        'CREATE TEMP TABLE reference_value (a_name text, b_name text, expression text, expected float8);',
        'INSERT INTO reference_value VALUES',
        ',\n'.join('    (%s, %s, %s, %s)' % (sql_text(a), sql_text(b), sql_text(e), sql_float(x))
                   for a, b, e, x in rows) + ';',
        '',
    ]
    with open(OUTPUT, 'w') as f:
        f.write('\n'.join(out))
    return OUTPUT


def main():
    sanity()
    cross_checks()
    rows = generate()
    path = write(rows)
    print('%s: %d reference values (%d NULL), %d summaries'
          % (os.path.relpath(path, ROOT), len(rows), sum(r[3] is None for r in rows),
             len(SUMMARIES)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
