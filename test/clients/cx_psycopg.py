"""psycopg2 adapter for cx_metrics' score_summary type.

Reading: after ``register(conn)``, every ``score_summary`` value that the
connection returns (and every ``score_summary[]``) arrives as a
``ScoreSummary``, a ``dict`` of answer value -> number of answers:

    >>> import psycopg2, cx_psycopg
    >>> conn = psycopg2.connect("")          # libpq environment: PGHOST, PGDATABASE, ...
    >>> cx_psycopg.register(conn)
    >>> cur = conn.cursor()
    >>> cur.execute("SELECT score_summary(answer) FROM responses WHERE channel = 'store'")
    >>> s = cur.fetchone()[0]
    >>> s[10], sum(s.values())                # answers of 10, all answers
    >>> s.weights                             # None: an unweighted summary

SQL NULL reads as None; the empty summary ``{}`` reads as an empty
ScoreSummary.

Weighted summaries (text form ``{value:count:sum_w:sum_w2,...}``) read as the
same kind of dict, value -> count (the number of rows, as ``responses(s)``
counts them), and keep their weight sums in ``s.weights``, a dict
value -> Weights(sum_w, sum_w2). ``s.weights`` is None for an unweighted
summary. So ``sum(s.values())`` is always ``responses(s)``, whether the
summary is weighted or not; weighted shares need ``s.weights``.  Dict
equality compares the counts only, as for any dict; compare ``.weights``
too when weights matter.

Writing: wrap a dict in ``ScoreSummary`` to pass it as a query parameter.  It
is sent as a ``'{...}'::score_summary`` literal (weighted if it has weights):

    >>> cur.execute("SELECT nps(%s)", [cx_psycopg.ScoreSummary({9: 3, 0: 1})])

Plain dicts are deliberately not adapted: psycopg2 leaves ``dict`` to
extensions such as ``Json`` and ``hstore``, and an adapter for every dict
would be global to the process.

Values must be integers 0..100 and counts integers >= 0 (zero counts are
dropped); anything else raises ValueError before the query is sent.
"""

import collections
import re

import psycopg2
import psycopg2.extensions

__all__ = ["ScoreSummary", "Weights", "parse", "format_summary", "register"]

Weights = collections.namedtuple("Weights", "sum_w sum_w2")

_PAIR = re.compile(r"\s*(\d+)\s*:\s*(\d+)\s*(?::\s*([^:,\s}]+)\s*:\s*([^:,\s}]+)\s*)?$")


class ScoreSummary(dict):
    """value -> count; ``weights`` is None or value -> Weights(sum_w, sum_w2)."""

    __slots__ = ("weights",)

    def __init__(self, counts=(), weights=None):
        super().__init__(counts)
        self.weights = dict(weights) if weights is not None else None

    def responses(self):
        """Number of answers, as responses(s) in SQL."""
        return sum(self.values())

    def __repr__(self):
        if self.weights is None:
            return "ScoreSummary(%s)" % dict.__repr__(self)
        return "ScoreSummary(%s, weights=%r)" % (dict.__repr__(self), self.weights)

    # psycopg2 adaptation protocol (ISQLQuote)
    def __conform__(self, proto):
        if proto is psycopg2.extensions.ISQLQuote:
            return _SummaryLiteral(self)
        return None


def parse(text):
    """Parses score_summary's text form; returns a ScoreSummary (None for None)."""
    if text is None:
        return None
    body = text.strip()
    if not (body.startswith("{") and body.endswith("}")):
        raise psycopg2.InterfaceError("not a score_summary: %r" % text)
    body = body[1:-1].strip()
    counts, weights = {}, {}
    weighted = None
    if body:
        for item in body.split(","):
            m = _PAIR.match(item)
            if m is None:
                raise psycopg2.InterfaceError("not a score_summary: %r" % text)
            value, count = int(m.group(1)), int(m.group(2))
            has_w = m.group(3) is not None
            if weighted is None:
                weighted = has_w
            elif weighted != has_w:
                raise psycopg2.InterfaceError("mixed weighted and unweighted pairs: %r" % text)
            counts[value] = count
            if has_w:
                weights[value] = Weights(float(m.group(3)), float(m.group(4)))
    return ScoreSummary(counts, weights if weighted else None)


def format_summary(summary):
    """The text form of a dict value -> count (with .weights if it has them)."""
    weights = getattr(summary, "weights", None)
    for value, count in summary.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise ValueError("score_summary values are integers 0..100, got %r" % (value,))
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError("score_summary counts are integers >= 0, got %r for %d" % (count, value))
    items = []
    for value in sorted(summary):
        count = summary[value]
        if not count:
            continue
        if weights is None:
            items.append("%d:%d" % (value, count))
        else:
            if value not in weights:
                raise ValueError("no weights for value %d" % value)
            w = weights[value]
            # repr() of a float is the shortest form that reads back exactly
            items.append("%d:%d:%r:%r" % (value, count, float(w[0]), float(w[1])))
    return "{" + ",".join(items) + "}"


class _SummaryLiteral:
    def __init__(self, summary):
        self._text = format_summary(summary)

    def getquoted(self):
        # the text form holds only digits, ':', ',', '.', 'e', '+', '-' and braces
        return ("'%s'::score_summary" % self._text).encode("ascii")


def register(conn_or_cursor, type_name="score_summary"):
    """Registers the typecasters for score_summary and score_summary[] on a
    connection (or cursor).  The type's OID is looked up by name, so the
    extension must be installed and its schema on the search_path (or pass a
    qualified name such as 'cx.score_summary').  Returns (oid, array_oid)."""
    if isinstance(conn_or_cursor, psycopg2.extensions.cursor):
        cur, scope = conn_or_cursor, conn_or_cursor
    else:
        cur, scope = conn_or_cursor.cursor(), conn_or_cursor
    cur.execute("SELECT t.oid, t.typarray FROM pg_catalog.pg_type t "
                "WHERE t.oid = %s::pg_catalog.regtype", [type_name])
    row = cur.fetchone()
    if row is None:  # pragma: no cover - regtype raises first
        raise psycopg2.ProgrammingError("type %s not found" % type_name)
    oid, array_oid = row

    def cast(value, cursor):
        return parse(value)

    caster = psycopg2.extensions.new_type((oid,), "SCORE_SUMMARY", cast)
    psycopg2.extensions.register_type(caster, scope)
    if array_oid:
        array_caster = psycopg2.extensions.new_array_type((array_oid,), "SCORE_SUMMARY[]", caster)
        psycopg2.extensions.register_type(array_caster, scope)
    return oid, array_oid
