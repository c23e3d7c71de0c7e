#!/usr/bin/python3
"""Reference values for p_adjust and the sample sizes (sql/compare.sql).

Written from the definitions (metrics.md §8, R's documented p.adjust rules,
the formulas of nps_sample_size and csat_sample_size), not from src/:

- p.adjust re-implemented from R's definition (R's stats/R/p.adjust.R:
  bonferroni pmin(1, n p); holm pmin(1, cummax((n - i + 1) p[o]))[ro];
  BH pmin(1, cummin(n / i * p[o]))[ro] with o the decreasing order), NULLs
  removed before and put back after; cross-checked against statsmodels'
  multipletests ('bonferroni', 'holm', 'fdr_bh').
- sample sizes with scipy's normal quantile, the finite population correction
  on the unrounded n0, rounded up, at least 1.

Writes sql/include/compare_reference.sql.
Run:  /usr/bin/python3 test/stats/compare_reference.py
"""
import math
import os
import random

import numpy as np
import scipy
import statsmodels
from scipy.stats import norm
from statsmodels.stats.multitest import multipletests


def p_adjust(p, method):
    """R's p.adjust on a list with None for NA (n = number of non-NA)."""
    idx = [i for i, x in enumerate(p) if x is not None]
    vals = [p[i] for i in idx]
    n = len(vals)
    out = [None] * len(p)
    if n == 0:
        return out
    if method == 'bonferroni':
        adj = [min(1.0, n * x) for x in vals]
    elif method == 'holm':
        o = sorted(range(n), key=lambda k: (vals[k], k))
        adj = [0.0] * n
        running = -math.inf
        for i, k in enumerate(o, start=1):
            running = max(running, (n - i + 1) * vals[k])
            adj[k] = min(1.0, running)
    elif method in ('BH', 'bh', 'fdr'):
        o = sorted(range(n), key=lambda k: (-vals[k], k))     # decreasing
        adj = [0.0] * n
        running = math.inf
        for j, k in enumerate(o):
            i = n - j                                          # i <- lp:1
            running = min(running, n / i * vals[k])
            adj[k] = min(1.0, running)
    else:
        raise ValueError(method)
    for k, i in enumerate(idx):
        out[i] = adj[k]
    return out


SM = {'bonferroni': 'bonferroni', 'holm': 'holm', 'bh': 'fdr_bh', 'BH': 'fdr_bh', 'fdr': 'fdr_bh'}


def crosscheck(p, method):
    ours = [x for x in p_adjust(p, method) if x is not None]
    vals = [x for x in p if x is not None]
    if not vals:
        return
    theirs = multipletests(np.array(vals), method=SM[method])[1]
    for a, b in zip(ours, theirs):
        assert abs(a - b) <= 1e-15 * max(1.0, abs(b)), (p, method, ours, list(theirs))


def z_for(conf):
    return norm.ppf(1 - (1 - conf) / 2)


def final(n0, population):
    if not n0 > 1:
        return 1
    n = n0 if population is None else n0 / (1 + (n0 - 1) / population)
    return max(1, math.ceil(n))


def nps_n(margin, conf=0.95, variance=1.0, population=None):
    return final(z_for(conf) ** 2 * variance / (margin / 100) ** 2 - 3, population)


def csat_n(margin, conf=0.95, proportion=0.5, population=None):
    return final(z_for(conf) ** 2 * proportion * (1 - proportion) / (margin / 100) ** 2, population)


def sql_float(x):
    return 'NULL' if x is None else repr(float(x))


def main():
    # hand checks: R's documented example values
    assert p_adjust([0.01, 0.02, 0.03, 0.04, 0.05], 'holm') == [0.05, 0.08, 0.09, 0.09, 0.09] or \
        all(abs(a - b) < 1e-15 for a, b in zip(p_adjust([0.01, 0.02, 0.03, 0.04, 0.05], 'holm'),
                                                [0.05, 0.08, 0.09, 0.09, 0.09]))
    assert all(abs(a - 0.05) < 1e-15 for a in p_adjust([0.01, 0.02, 0.03, 0.04, 0.05], 'BH'))
    assert nps_n(5) == 1534 and csat_n(5) == 385          # metrics.md; the classic 385

    rng = random.Random(20251204)
    cases = {
        'textbook': [0.01, 0.02, 0.03, 0.04, 0.05],
        'single': [0.0375],
        'with_nulls': [0.04, None, 0.001, None, 0.2, 0.03],
        'all_null': [None, None],
        'ties': [0.02, 0.02, 0.02, 0.5, 0.5, 0.001],
        'extremes': [0.0, 1.0, 0.0, 1e-300, 0.999999],
        'caps': [0.3, 0.4, 0.5, 0.6],
        'random20': [rng.random() * 0.1 for _ in range(20)],
        'random50': [rng.random() ** 3 for _ in range(50)],
    }
    methods = ['bonferroni', 'holm', 'bh', 'BH', 'fdr']
    rows = []
    for name, p in cases.items():
        for m in methods:
            crosscheck(p, m)
            for pos, (x, adj) in enumerate(zip(p, p_adjust(p, m)), start=1):
                rows.append((name, pos, x, m, adj))

    sizes = [
        ('nps_sample_size(5)', nps_n(5)),
        ('nps_sample_size(10)', nps_n(10)),
        ('nps_sample_size(5, 0.9)', nps_n(5, 0.9)),
        ('nps_sample_size(5, confidence => 0.99)', nps_n(5, 0.99)),
        ('nps_sample_size(3, variance => 0.6)', nps_n(3, variance=0.6)),
        ('nps_sample_size(5, population => 1000)', nps_n(5, population=1000)),
        ('nps_sample_size(5, population => 1)', nps_n(5, population=1)),
        ('nps_sample_size(2.5, 0.95, 0.5, 20000)', nps_n(2.5, 0.95, 0.5, 20000)),
        ('nps_sample_size(200)', nps_n(200)),
        ('nps_sample_size(60, variance => 0.05)', nps_n(60, variance=0.05)),
        ('nps_sample_size(0.1)', nps_n(0.1)),
        ('csat_sample_size(5)', csat_n(5)),
        ('csat_sample_size(3)', csat_n(3)),
        ('csat_sample_size(5, 0.9, 0.2)', csat_n(5, 0.9, 0.2)),
        ('csat_sample_size(5, proportion => 0.85, population => 300)', csat_n(5, proportion=0.85, population=300)),
        ('csat_sample_size(5, population => 500)', csat_n(5, population=500)),
        ('csat_sample_size(5, proportion => 0)', csat_n(5, proportion=0.0)),
        ('csat_sample_size(5, proportion => 1)', csat_n(5, proportion=1.0)),
        ('csat_sample_size(1, 0.999)', csat_n(1, 0.999)),
        ('csat_sample_size(100)', csat_n(100)),
    ]

    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.normpath(os.path.join(here, '..', '..', 'sql', 'include', 'compare_reference.sql'))
    with open(out, 'w') as f:
        f.write(f"-- Generated by test/stats/compare_reference.py with scipy {scipy.__version__}, "
                f"statsmodels {statsmodels.__version__}.\n")
        f.write("-- Do not edit by hand: change the script and run\n"
                "--   /usr/bin/python3 test/stats/compare_reference.py\n")
        f.write(f"-- {len(rows)} adjusted p-values, {len(sizes)} sample sizes.\n\n")
        f.write("CREATE TEMP TABLE padjust_reference (case_name text, pos int, p float8, method text, expected float8);\n")
        f.write("INSERT INTO padjust_reference VALUES\n")
        f.write(",\n".join(f"    ('{c}', {pos}, {sql_float(x)}, '{m}', {sql_float(a)})"
                           for c, pos, x, m, a in rows) + ";\n\n")
        f.write("CREATE TEMP TABLE sample_size_reference (expression text, expected int);\n")
        f.write("INSERT INTO sample_size_reference VALUES\n")
        f.write(",\n".join(f"    ('{e}', {n})" for e, n in sizes) + ";\n")
    for e, n in sizes:
        print(f"{e:70s} {n}")
    print("wrote", out, len(rows), "p-values")


if __name__ == '__main__':
    main()
