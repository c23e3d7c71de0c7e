#!/usr/bin/python3
"""Independent computation of every "-- → value" of README.md's function
reference, from the definitions (plain Python, statistics.NormalDist for z),
compared with the values the README shows.  test/readme_examples.py checks
that the extension returns the same values; together they check the README
against an implementation that shares no code with cx_metrics.

    /usr/bin/python3 test/readme_reference.py      # exits 1 on a difference

The values of the 2.0 functions come from the project's other independent
references, imported here: test/stats/score_interval.py (the score interval,
by numerical likelihood maximisation), test/stats/prob_greater.py (exact
Beta sums, nested quadrature), test/stats/compare_reference.py (R's p.adjust,
sample sizes) and test/drivers/reference.py (numpy, statsmodels).

Values it computed (README order):
  1534; 66.66666666666667; 75; 45; 28.571428571428573; 6;
  3.7142857142857144 | 3.7857142857142856; 66.66666666666667;
  33.333333333333336 | 33.333333333333336 | 100;
  {0:1,5:3,100:1}; 8.333 | 4.235 | 5; {1:2,5:4,9:1}; {1:1,2:2}; 45 | 55 | 3 | 20 | -45;
  2 | 1.6; 66.67 | 35.28 | 18.19 | 88.48; -14.50; 49.0 | 94.3 | 6.9; 5.20 | 6.80;
  16.49 | 88.36; 0.83; 0.0565; 0.9280 | 0.8193; {1:2,5:1} | {9:3,10:1} | t;
  {0.030,0.040,0.040,NULL} | {0.030,0.030,0.040,NULL}; 1534 | 647 | 385 | 278;
  6 | 7.5 | 0.9856 | 0.9786 | 0.8289 | 0.6695;
  north {9:1}, south {3:1}
"""
import collections
import math
import pathlib
import re
import statistics
import sys
from decimal import ROUND_HALF_UP, Decimal

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"
TEST = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(TEST / "stats"), str(TEST / "drivers")]


def z(confidence=0.95):
    return statistics.NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def f8(x):
    """float8 output: shortest round-trip digits, integers without '.0'."""
    return str(int(x)) if x == int(x) else repr(x)


def rnd(x, places):
    """round(x::numeric, places): half away from zero, fixed decimals."""
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def row(*cells):
    return " | ".join(cells)


def summary_text(counts):
    return "{" + ",".join("%d:%d" % (v, c) for v, c in sorted(counts.items()) if c) + "}"


def expand(text):
    return [int(v) for pair in text.strip("{}").split(",") for v in [pair.split(":")[0]]
            for _ in range(int(pair.split(":")[1]))]


def nps(answers, pmin=9, dmax=6):
    return 100 * (sum(a >= pmin for a in answers) - sum(a <= dmax for a in answers)) / len(answers)


def adjusted_wald(answers, confidence=0.95, pmin=9, dmax=6):
    n2 = len(answers) + 3
    p = (sum(a >= pmin for a in answers) + 0.75) / n2
    d = (sum(a <= dmax for a in answers) + 0.75) / n2
    half = z(confidence) * math.sqrt((p + d - (p - d) ** 2) / n2)
    return max(-100, 100 * (p - d - half)), min(100, 100 * (p - d + half))


def nps_moe(answers, confidence=0.95):
    n = len(answers)
    p = sum(a >= 9 for a in answers) / n
    d = sum(a <= 6 for a in answers) / n
    return 100 * z(confidence) * math.sqrt((p + d - (p - d) ** 2) / n)


def wilson(k, n, confidence=0.95):
    q, zz = k / n, z(confidence)
    centre, half = q + zz * zz / (2 * n), zz * math.sqrt(q * (1 - q) / n + zz * zz / (4 * n * n))
    return 100 * (centre - half) / (1 + zz * zz / n), 100 * (centre + half) / (1 + zz * zz / n)


def nps_test(a, b):
    def est(x):
        n2 = len(x) + 3
        p = (sum(v >= 9 for v in x) + 0.75) / n2
        d = (sum(v <= 6 for v in x) + 0.75) / n2
        return p - d, (p + d - (p - d) ** 2) / n2
    (ea, va), (eb, vb) = est(a), est(b)
    return 2 * (1 - statistics.NormalDist().cdf(abs(ea - eb) / math.sqrt(va + vb)))


def csat_test(k1, n1, k2, n2):
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return 2 * (1 - statistics.NormalDist().cdf(abs(k1 / n1 - k2 / n2) / se))


def churn(rows, lo, hi):
    """The one period model of metrics.md: S and E counted just before the
    bounds, N and L booked in the period that contains them."""
    def before(s, e, t):
        return s < t and (e is None or e >= t)
    S = [(s, e) for s, e in rows if before(s, e, lo)]
    E = sum(before(s, e, hi) for s, e in rows)
    N = sum(lo <= s < hi for s, e in rows)
    lost = [(s, e) for s, e in rows if e is not None and lo <= e < hi]
    start = 100 * sum(r in lost for r in S) / len(S)
    return start, 100 * len(lost) / ((len(S) + E) / 2), 100 * len(lost) / N


def rnd_array(xs, places):
    """array_agg(round(x::numeric, places)): NULL elements as NULL."""
    return "{" + ",".join("NULL" if x is None else rnd(x, places) for x in xs) + "}"


def values():
    import compare_reference
    out = [str(compare_reference.nps_n(5))]     # the sample-size line of the examples
    out.append(f8(nps([9, 9, 9, 10, 10, 10, 10, 9, 10, 7, 8, 3])))
    out.append(f8(nps([5, 5, 5, 4], 5, 3)))
    ratings = [1] * 4 + [2] * 3 + [3] * 4 + [4] * 7 + [5] * 2
    out.append(f8(100 * sum(r >= 4 for r in ratings) / len(ratings)))
    out.append(f8(100 * sum(r >= 6 for r in range(1, 8)) / 7))
    out.append(f8(statistics.mean([5, 6, 6, 7])))
    csi = [("A", 4, 5), ("A", 5, 4), ("B", 3, 2), ("B", 2, 3)]
    row_level = sum(s * i for _, s, i in csi) / sum(i for _, _, i in csi)
    comps = {c: [(s, i) for cc, s, i in csi if cc == c] for c in "AB"}
    mi = {c: statistics.mean(i for _, i in v) for c, v in comps.items()}
    ms = {c: statistics.mean(s for s, _ in v) for c, v in comps.items()}
    out.append(row(f8(row_level), f8(sum(mi[c] * ms[c] for c in comps) / sum(mi.values()))))
    flags = [True, False, None, True]
    known = [f for f in flags if f is not None]
    out.append(f8(100 * sum(known) / len(known)))
    start, average, new = churn([("2024-06-01", None), ("2024-06-01", "2025-02-15"),
                                 ("2024-06-01", "2025-04-01"), ("2025-02-01", None)], "2025-01-01", "2025-04-01")
    out.append(row(f8(start), f8(average), f8(new)))
    out.append(summary_text(collections.Counter(a for a in [5, 5, 0, None, 100, 5] if a is not None)))
    weighted = [(10, 2.0), (9, 1.0), (7, 0.5), (3, 1.5), (0, 1.0)]
    sw = sum(w for _, w in weighted)
    wnps = 100 * (sum(w for a, w in weighted if a >= 9) - sum(w for a, w in weighted if a <= 6)) / sw
    out.append(row(rnd(wnps, 3), rnd(sw ** 2 / sum(w * w for _, w in weighted), 3), str(len(weighted))))
    out.append(summary_text(collections.Counter(expand("{1:2,5:1}") + expand("{5:3,9:1}"))))
    out.append(summary_text(collections.Counter(expand("{1:1}") + expand("{2:2}"))))
    s = expand("{1:4,2:3,3:4,4:7,5:2}")
    out.append(row(f8(100 * sum(v >= 4 for v in s) / len(s)), f8(100 * sum(1 <= v <= 3 for v in s) / len(s)),
                   f8(statistics.mean(s)), str(len(s)), f8(nps(s, 5, 3))))
    out.append(row(f8(2 ** 2 / 2), f8(4 ** 2 / 10)))     # (sum w)^2 / sum w^2 of {5:2:2:2}, {5:2:4:10}
    s = expand("{3:1,7:1,8:1,9:4,10:5}")
    lo, hi = adjusted_wald(s)
    out.append(row(rnd(nps(s), 2), rnd(nps_moe(s), 2), rnd(lo, 2), rnd(hi, 2)))
    out.append(rnd(adjusted_wald(expand("{1:1,3:2,4:3,5:6}"), 0.9, 5, 3)[0], 2))
    import score_interval
    s = expand("{3:1,7:1,8:1,9:4,10:5}")
    lo, hi = score_interval.score_interval(len(s), sum(v >= 9 for v in s) / len(s),
                                           sum(v <= 6 for v in s) / len(s), z())
    out.append(row(rnd(lo, 2), rnd(hi, 2)))
    s = expand("{1:2,4:6,5:2}")
    lo, hi = wilson(sum(v >= 4 for v in s), len(s))
    out.append(row(rnd(lo, 1), rnd(hi, 1), rnd(wilson(sum(v >= 5 for v in s), len(s), 0.9)[0], 1)))
    s = expand("{5:1,6:2,7:1}")
    half = z() * statistics.stdev(s) / math.sqrt(len(s))
    out.append(row(rnd(statistics.mean(s) - half, 2), rnd(statistics.mean(s) + half, 2)))
    out.append(rnd(nps_test(expand("{0:3,7:2,10:6}"), expand("{0:30,7:20,10:60}")), 2))
    out.append(rnd(csat_test(12, 20, 6, 20), 4))

    import prob_greater
    def dirichlet(text):     # (1 + promoters, 1 + passives, 1 + detractors)
        s = expand(text)
        return (1 + sum(v >= 9 for v in s), 1 + sum(7 <= v <= 8 for v in s), 1 + sum(v <= 6 for v in s))
    nps_p = prob_greater.nps_greater_quad(dirichlet("{0:1,7:2,9:5,10:4}"), dirichlet("{0:3,7:4,10:5}"))
    csat_p = prob_greater.beta_greater_exact(1 + 8, 1 + 2, 1 + 6, 1 + 4)   # 8 of 10 vs 6 of 10 rate >= 4
    out.append(row(rnd(nps_p, 4), rnd(float(csat_p), 4)))

    rest = collections.Counter(expand("{1:2,5:4,9:1}"))
    rest.subtract(expand("{5:3,9:1}"))
    small = expand("{9:3,10:1}")
    out.append(row(summary_text(rest), summary_text(collections.Counter(small)) if len(small) >= 4 else "",
                   "t" if len(small) < 5 else "f"))

    ps = [0.01, 0.02, 0.04, None]
    out.append(row(rnd_array(compare_reference.p_adjust(ps, "holm"), 3),
                   rnd_array(compare_reference.p_adjust(ps, "bh"), 3)))
    out.append(row(str(compare_reference.nps_n(5)), str(compare_reference.nps_n(5, 0.9, 0.6)),
                   str(compare_reference.csat_n(5)), str(compare_reference.csat_n(5, population=1000))))

    import numpy as np
    import reference as drivers
    data = np.array([(9, 8, 7), (7, 6, 7), (10, 9, 9), (6, 5, 6), (8, 8, 6), (5, 4, 6)], dtype=float)
    a = drivers.analyze(data[:, 0], data[:, 1:])
    out.append(row(str(a["n"]), f8(a["outcome_mean"]), rnd(a["r2"], 4), rnd(a["corr"][0], 4),
                   rnd(a["betas"][0], 4), rnd(a["weights"][0], 4)))

    # maintain_summary: the table after the writes equals the GROUP BY of the rows left
    visits = [("north", 9), ("north", 10), ("south", 3)]
    visits = [v for v in visits if v[1] != 10]
    groups = {}
    for store, score in visits:
        groups.setdefault(store, collections.Counter())[score] += 1
    out.append(", ".join("%s %s" % (g, summary_text(c)) for g, c in sorted(groups.items())))
    return out


def main():
    shown = [m.group(1) for m in re.finditer(r";\s*-- → (.+?)\s*$", README.read_text(encoding="utf-8"), re.M)]
    computed = values()
    bad = [(i + 1, s, c) for i, (s, c) in enumerate(zip(shown, computed)) if s != c]
    if len(shown) != len(computed):
        bad.append(("count", len(shown), len(computed)))
    for b in bad:
        print("FAIL README value %s: shown %s, computed %s" % b)
    print("README values: %d shown, %d computed independently, %d differ" % (len(shown), len(computed), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
