#!/usr/bin/python3
"""Reference values of the 1.x interval functions and their 2.0 calls.

cx_metrics 1.1 and 1.2 had four overloads of each of nps_moe, nps_low and
nps_high, (s), (s, confidence), (s, promoter_min, detractor_max) and
(s, promoter_min, detractor_max, confidence), and four of csat_low and
csat_high, (s), (s, confidence), (s, satisfied_min) and
(s, satisfied_min, confidence).  2.0 removes them.  This script computes,
independently of the extension (scipy's normal quantile, statsmodels' Wilson
interval, the adjusted-Wald formulas written out), what each 1.x call
returns, and pairs it with the 2.0 call that must return the same number.

Writes sql/include/interval_1x_reference.sql, read by sql/upgrade.sql (a
database still at 1.2 on the new shared library, then the same database
updated to 2.0) and by test/hardening/upgrade.sh.  Run with Debian's python:
    /usr/bin/python3 test/hardening/interval_1x_reference.py
"""
import math
import os
import sys

import scipy
import statsmodels
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "sql", "include", "interval_1x_reference.sql")

# name -> {value: (count, sum of weights, sum of squared weights)}
NPS_SUMMARIES = {
    "nps12": {3: (1, 1, 1), 7: (1, 1, 1), 8: (1, 1, 1), 9: (4, 4, 4), 10: (5, 5, 5)},
    "nps47": {0: (3, 3, 3), 2: (1, 1, 1), 5: (4, 4, 4), 6: (2, 2, 2), 7: (5, 5, 5),
              8: (6, 6, 6), 9: (11, 11, 11), 10: (15, 15, 15)},
    "nps_weighted": {0: (1, 1.0, 1.0), 3: (1, 1.5, 2.25), 7: (1, 0.5, 0.25),
                     9: (1, 1.0, 1.0), 10: (1, 2.0, 4.0)},
    "nps_empty": {},
}
CSAT_SUMMARIES = {
    "csat20": {1: (4, 4, 4), 2: (3, 3, 3), 3: (4, 4, 4), 4: (7, 7, 7), 5: (2, 2, 2)},
    "csat_weighted": {1: (1, 1.0, 1.0), 2: (1, 1.5, 2.25), 3: (1, 0.5, 0.25),
                      4: (1, 1.0, 1.0), 5: (1, 2.0, 4.0)},
    "csat_empty": {},
}


def text_form(summary):
    """cx_metrics text form: {value:count} unweighted, value:count:sum_w:sum_w2 weighted."""
    weighted = any(w != c or w2 != c for c, w, w2 in summary.values())
    parts = []
    for value in sorted(summary):
        c, w, w2 = summary[value]
        parts.append(f"{value}:{c}:{float(w)!r}:{float(w2)!r}" if weighted else f"{value}:{c}")
    return "{" + ",".join(parts) + "}"


def effective_n_and_share(summary, selected):
    sw = sum(w for _, w, _ in summary.values())
    sw2 = sum(w2 for _, _, w2 in summary.values())
    if sw == 0:
        return None, None
    return sw * sw / sw2, sum(summary[v][1] for v in summary if selected(v)) / sw


def z_of(confidence):
    return norm.ppf(1 - (1 - confidence) / 2)


def nps_values(summary, promoter_min, detractor_max, confidence):
    """(Wald margin, adjusted-Wald low, high) in points, or Nones when empty."""
    n, p = effective_n_and_share(summary, lambda v: v >= promoter_min)
    if n is None:
        return None, None, None
    _, d = effective_n_and_share(summary, lambda v: v <= detractor_max)
    z = z_of(confidence)
    moe = 100 * z * math.sqrt((p + d - (p - d) ** 2) / n)
    # adjusted Wald: 3 pseudo-answers, 0.75 of them promoters and 0.75 detractors
    n_adj = n + 3
    p_adj = (p * n + 0.75) / n_adj
    d_adj = (d * n + 0.75) / n_adj
    centre = p_adj - d_adj
    half = z * math.sqrt((p_adj + d_adj - centre ** 2) / n_adj)
    return moe, max(-100.0, 100 * (centre - half)), min(100.0, 100 * (centre + half))


def csat_values(summary, satisfied_min, confidence):
    n, p = effective_n_and_share(summary, lambda v: v >= satisfied_min)
    if n is None:
        return None, None
    low, high = proportion_confint(p * n, n, alpha=1 - confidence, method="wilson")
    return 100 * low, 100 * high


# (1.x call, 2.0 call, thresholds, confidence); a and the numbers are literal.
NPS_CALLS = [
    ("{f}(a)", "{f}(a)", (9, 6), 0.95),
    ("{f}(a, 0.9)", "{f}(a, 0.9)", (9, 6), 0.9),
    ("{f}(a, 10, 5)", "{f}(a, promoter_min => 10, detractor_max => 5)", (10, 5), 0.95),
    ("{f}(a, 8, 6, 0.99)", "{f}(a, 0.99, 8, 6)", (8, 6), 0.99),
]
CSAT_CALLS = [
    ("{f}(a)", "{f}(a)", 4, 0.95),
    ("{f}(a, 0.9)", "{f}(a, 0.9)", 4, 0.9),
    ("{f}(a, 5)", "{f}(a, satisfied_min => 5)", 5, 0.95),
    ("{f}(a, 3, 0.99)", "{f}(a, 0.99, 3)", 3, 0.99),
]


def main():
    rows = []
    for name, summary in NPS_SUMMARIES.items():
        for old, new, (pmin, dmax), conf in NPS_CALLS:
            for i, f in enumerate(("nps_moe", "nps_low", "nps_high")):
                rows.append((name, old.format(f=f), new.format(f=f), nps_values(summary, pmin, dmax, conf)[i]))
    for name, summary in CSAT_SUMMARIES.items():
        for old, new, smin, conf in CSAT_CALLS:
            for i, f in enumerate(("csat_low", "csat_high")):
                rows.append((name, old.format(f=f), new.format(f=f), csat_values(summary, smin, conf)[i]))

    def literal(x):
        return "NULL" if x is None else repr(float(x))

    # an optional path writes elsewhere (upgrade.sh checks the file is current)
    with open(sys.argv[1] if len(sys.argv) > 1 else OUT, "w") as out:
        out.write(f"-- Generated by test/hardening/interval_1x_reference.py with scipy {scipy.__version__}, "
                  f"statsmodels {statsmodels.__version__}.\n")
        out.write("-- Do not edit by hand: change the script and run\n"
                  "--   /usr/bin/python3 test/hardening/interval_1x_reference.py\n")
        out.write(f"-- {len(rows)} values: what each 1.x interval call returns (call_1x, in a database at 1.1 or 1.2)\n"
                  "-- and the 2.0 call that returns the same number (call_2_0); a stands for the summary.\n")
        out.write("CREATE TEMP TABLE interval_1x_summary (name text PRIMARY KEY, summary text);\n")
        out.write("INSERT INTO interval_1x_summary VALUES\n")
        summaries = {**NPS_SUMMARIES, **CSAT_SUMMARIES}
        out.write(",\n".join(f"    ('{n}', '{text_form(s)}')" for n, s in summaries.items()) + ";\n")
        out.write("CREATE TEMP TABLE interval_1x_reference (name text, call_1x text, call_2_0 text, expected float8);\n")
        out.write("INSERT INTO interval_1x_reference VALUES\n")
        out.write(",\n".join(f"    ('{n}', '{o}', '{c}', {literal(v)})" for n, o, c, v in rows) + ";\n")


if __name__ == "__main__":
    main()
