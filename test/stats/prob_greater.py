#!/usr/bin/python3
"""Reference values for nps_prob_greater and csat_prob_greater.

Written from the definitions (metrics.md §8), not from src/cx_bayes.c:

- CSAT: P(p_A > p_B) for p ~ Beta(1 + k, 1 + n - k), exactly, with
  fractions.Fraction (Evan Miller's sum, every Beta function of integers as
  factorials), and cross-checked with scipy: quad of beta.pdf(x; A) *
  beta.cdf(x; B).
- NPS: P(P_A - D_A > P_B - D_B) for (D, Pa, P) ~ Dirichlet(1 + D, 1 + Pa,
  1 + P).  A decomposition different from the C code's: given D = d,
  P / (1 - d) ~ Beta(p, pa), D ~ Beta(d, p + pa), so
  F(x) = int f_D(d) betacdf((x + d) / (1 - d)) dd and
  f(x) = int f_D(d) betapdf((x + d) / (1 - d)) / (1 - d) dd;
  P(A > B) = int f_A(x) F_B(x) dx, nested scipy.integrate.quad.
  Cross-checked by Monte Carlo (numpy, 2e6 draws, fixed seed) to 4 standard
  errors.

Writes test/unit/prob_greater_reference.h and the SQL reference
sql/include/prob_greater_reference.sql.
Run:  /usr/bin/python3 test/stats/prob_greater.py
"""
import math
import os
from fractions import Fraction

import numpy as np
import scipy
from scipy import integrate
from scipy.stats import beta as beta_dist


def fact_beta(a, b):
    """B(a, b) for positive integers, exact."""
    return Fraction(math.factorial(a - 1) * math.factorial(b - 1), math.factorial(a + b - 1))


def beta_greater_exact(a1, b1, a2, b2):
    """P(X > Y), X ~ Beta(a1, b1), Y ~ Beta(a2, b2), integers: 1 - P(Y > X)."""
    s = Fraction(0)
    for i in range(a2):
        s += fact_beta(a1 + i, b1 + b2) / ((b2 + i) * fact_beta(1 + i, b2) * fact_beta(a1, b1))
    return 1 - s


def beta_greater_quad(a1, b1, a2, b2):
    f = lambda x: beta_dist.pdf(x, a1, b1) * beta_dist.cdf(x, a2, b2)
    v, _ = integrate.quad(f, 0, 1, epsabs=1e-14, epsrel=1e-12, limit=500,
                          points=[a1 / (a1 + b1), a2 / (a2 + b2)])
    return v


def nps_pdf_cdf(p, pa, d, x, want_pdf):
    """density or CDF of P - D at x; (p, pa, d) Dirichlet parameters."""
    def inner(dd):
        c = (x + dd) / (1 - dd)
        fd = beta_dist.pdf(dd, d, p + pa)
        if want_pdf:
            return fd * beta_dist.pdf(c, p, pa) / (1 - dd) if 0 < c < 1 else 0.0
        return fd * (0.0 if c <= 0 else 1.0 if c >= 1 else beta_dist.cdf(c, p, pa))
    # the integrand bends where c reaches 0 or 1: d = -x and d = (1 - x) / 2
    pts = sorted(t for t in (-x, (1 - x) / 2, d / (d + p + pa)) if 0 < t < 1)
    v, _ = integrate.quad(inner, 0, 1, points=pts or None, epsabs=1e-13, epsrel=1e-11, limit=300)
    return v


def nps_greater_quad(a, b):
    f = lambda x: nps_pdf_cdf(*a, x, True) * nps_pdf_cdf(*b, x, False)
    mean_a = (a[0] - a[2]) / sum(a)
    mean_b = (b[0] - b[2]) / sum(b)
    pts = sorted(set(t for t in (0.0, mean_a, mean_b) if -1 < t < 1))
    v, _ = integrate.quad(f, -1, 1, points=pts, epsabs=1e-11, epsrel=1e-10, limit=300)
    return v


def nps_greater_mc(a, b, draws=2_000_000, seed=20251204):
    rng = np.random.default_rng(seed)
    # Dirichlet parameters in the order (D, Pa, P)
    xa = rng.dirichlet([a[2], a[1], a[0]], draws)
    xb = rng.dirichlet([b[2], b[1], b[0]], draws)
    diff = (xa[:, 2] - xa[:, 0]) > (xb[:, 2] - xb[:, 0])
    return diff.mean(), diff.std() / math.sqrt(draws)


# summaries as counts (promoters, passives, detractors) / (satisfied, others)
NPS_CASES = [
    ((0, 0, 0), (0, 0, 0)),      # both empty would be NULL; identical
    ((1, 0, 0), (0, 0, 1)),      # n = 1 each
    ((9, 2, 1), (5, 4, 3)),      # metrics.md worked example vs another
    ((5, 4, 3), (9, 2, 1)),      # reversed
    ((3, 3, 3), (3, 3, 3)),      # identical: 0.5
    ((0, 10, 0), (1, 8, 1)),     # all passive vs same NPS, more spread
    ((20, 0, 0), (19, 1, 0)),    # all promoters
    ((40, 35, 25), (30, 40, 30)),
    ((400, 350, 250), (380, 360, 260)),
    ((2, 1, 0), (0, 1, 2)),
    ((60, 30, 10), (10, 30, 60)),
]
CSAT_CASES = [
    ((1, 0), (0, 1)),
    ((0, 0), (0, 1)),
    ((8, 2), (6, 4)),
    ((6, 4), (8, 2)),
    ((7, 3), (7, 3)),
    ((45, 5), (40, 10)),
    ((80, 32), (70, 30)),
    ((450, 50), (880, 120)),
    ((0, 20), (0, 25)),
    ((3000, 1000), (2950, 1050)),
]


def main():
    # hand check: Beta(2,1) vs Beta(1,2): P(X > Y) = 5/6
    assert beta_greater_exact(2, 1, 1, 2) == Fraction(5, 6)
    assert beta_greater_exact(3, 3, 3, 3) == Fraction(1, 2)

    csat_rows = []
    for (k1, f1), (k2, f2) in CSAT_CASES:
        a1, b1, a2, b2 = 1 + k1, 1 + f1, 1 + k2, 1 + f2
        exact = beta_greater_exact(a1, b1, a2, b2)
        quad = beta_greater_quad(a1, b1, a2, b2)
        assert abs(float(exact) - quad) < 1e-9, (a1, b1, a2, b2, float(exact), quad)
        csat_rows.append((k1, f1, k2, f2, float(exact)))
        print(f"csat {k1:5d}/{k1 + f1:<5d} vs {k2:5d}/{k2 + f2:<5d}  {float(exact):.15f}  (quad {quad:.15f})")

    nps_rows = []
    for a_counts, b_counts in NPS_CASES:
        a = tuple(1 + c for c in a_counts)
        b = tuple(1 + c for c in b_counts)
        if a == b:
            v = 0.5
        else:
            v = nps_greater_quad(a, b)
            w = nps_greater_quad(b, a)
            assert abs(v + w - 1) < 1e-8, (a, b, v, w)
            mc, se = nps_greater_mc(a, b)
            assert abs(v - mc) < 4 * se + 1e-6, (a, b, v, mc, se)
        nps_rows.append((*a_counts, *b_counts, v))
        print(f"nps  {a_counts} vs {b_counts}  {v:.12f}")

    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.normpath(os.path.join(here, '..', 'unit', 'prob_greater_reference.h'))
    with open(out, 'w') as f:
        f.write("/*\n * GENERATED by test/stats/prob_greater.py (scipy %s); do not edit.\n"
                " * Counts of A and B, P(metric of A > metric of B).\n */\n" % scipy.__version__)
        f.write("static const struct\n{\n\tint\t\t\tsat1, other1, sat2, other2;\n\tdouble\t\tp;\n"
                "} csat_prob_reference[] = {\n")
        for r in csat_rows:
            f.write("\t{%d, %d, %d, %d, %r},\n" % r)
        f.write("};\n\nstatic const struct\n{\n\tint\t\t\tpro1, pas1, det1, pro2, pas2, det2;\n"
                "\tdouble\t\tp;\n} nps_prob_reference[] = {\n")
        for r in nps_rows:
            f.write("\t{%d, %d, %d, %d, %d, %d, %r},\n" % r)
        f.write("};\n")
    print("wrote", out)

    def nps_text(c):
        pro, pas, det = c
        parts = [f"{v}:{k}" for v, k in ((0, det), (7, pas), (10, pro)) if k]
        return "{" + ",".join(parts) + "}"

    def csat_text(c):
        sat, other = c
        parts = [f"{v}:{k}" for v, k in ((2, other), (5, sat)) if k]
        return "{" + ",".join(parts) + "}"

    sql = os.path.normpath(os.path.join(here, '..', '..', 'sql', 'include', 'prob_greater_reference.sql'))
    with open(sql, 'w') as f:
        f.write(f"-- Generated by test/stats/prob_greater.py with scipy {scipy.__version__}.\n"
                "-- Do not edit by hand: change the script and run\n"
                "--   /usr/bin/python3 test/stats/prob_greater.py\n\n")
        f.write("CREATE TEMP TABLE prob_reference (metric text, a text, b text, expected float8);\n")
        f.write("INSERT INTO prob_reference VALUES\n")
        rows = []
        for r in csat_rows:
            if sum(r[0:2]) == 0 or sum(r[2:4]) == 0:
                continue        # an empty summary is NULL in SQL
            rows.append(f"    ('csat', '{csat_text(r[0:2])}', '{csat_text(r[2:4])}', {r[4]!r})")
        for r in nps_rows:
            if sum(r[0:3]) == 0 or sum(r[3:6]) == 0:
                continue        # an empty summary is NULL in SQL
            rows.append(f"    ('nps', '{nps_text(r[0:3])}', '{nps_text(r[3:6])}', {r[6]!r})")
        f.write(",\n".join(rows) + ";\n")
    print("wrote", sql)


if __name__ == '__main__':
    main()
