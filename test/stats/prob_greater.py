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

Huge counts (up to 4e18 answers), where factorials and quad are out of reach:

- CSAT with two small posterior parameters: still exact.  The closed form's
  Beta ratios reduce to rising factorials of the small parameters
  (beta_greater_exact_small), summed with fractions.Fraction.
- CSAT from weighted summaries (non-integer parameters, a few answers that
  are not satisfied among ~1e17): the Gamma limit.  With b small and a large,
  a Beta(a, b) is 1 - G_b / a to O(b / a), so P(X > Y) = P(G_b1 / a1 <
  G_b2 / a2) = I_{c / (1 + c)}(b1, b2), c = a1 / a2 (error below 1e-15 here).
- NPS near +1 or -1 or 0 (one or two kinds of answer dominate): the Gamma
  limit of the Dirichlet: with n huge the shares of the rare kinds are
  independent G_k / n.  Near +1, 1 - NPS = (Pa + 2 D) / n; near 0 (passives
  dominate), NPS = (P - D) / n.  P(A > B) for sums of scaled Gamma variables
  by nested quad; error O(1 / n) (below 1e-11 for the n used).
- NPS with every kind large: the normal approximation, whose error (the
  skewness term) is of order 1 / sqrt(n), below 1e-8 for n >= 1e16.

Writes test/unit/prob_greater_reference.h and the SQL reference
sql/include/prob_greater_reference.sql.
Run:  /usr/bin/python3 test/stats/prob_greater.py
"""
import math
import os
from fractions import Fraction

import numpy as np
import scipy
import scipy.special
import scipy.stats
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


def rising(x, k):
    """x (x + 1) ... (x + k - 1), exact."""
    r = Fraction(1)
    for j in range(k):
        r *= x + j
    return r


def beta_greater_exact_small(a1, b1, a2, b2):
    """As beta_greater_exact, for integers with a1 and a2 small (the others
    any size): term i of the sum is
    (a1)_i (b2)_i / i! * (b1)_a1 / (b1 + b2)_a1 / (a1 + b1 + b2)_i."""
    s = Fraction(0)
    common = rising(b1, a1) / rising(b1 + b2, a1)
    for i in range(a2):
        s += rising(a1, i) * rising(b2, i) / math.factorial(i) * common / rising(a1 + b1 + b2, i)
    return 1 - s


def gamma_pdf(k, x):
    return math.exp((k - 1) * math.log(x) - x - math.lgamma(k)) if x > 0 else 0.0


def gamma_sf(k, x):
    return 1.0 if x <= 0 else float(scipy.special.gammaincc(k, x))


def two_gamma_sf(k1, k2, c, x):
    """P(G_k1 + c G_k2 > x), G independent Gamma(k, 1)."""
    if x <= 0:
        return 1.0
    f = lambda y: gamma_pdf(k2, y) * gamma_sf(k1, x - c * y)
    v, _ = integrate.quad(f, 0, x / c, epsabs=1e-14, epsrel=1e-12, limit=200)
    return v + gamma_sf(k2, x / c)


def two_gamma_pdf(k1, k2, c, x):
    """density of G_k1 + c G_k2 at x > 0."""
    f = lambda y: gamma_pdf(k2, y) * gamma_pdf(k1, x - c * y)
    v, _ = integrate.quad(f, 0, x / c, epsabs=1e-15, epsrel=1e-12, limit=200)
    return v


def gamma_sum_less(ka, kb, ca, kc, kd, cc):
    """P(G_ka + ca G_kb < G_kc + cc G_kd)."""
    f = lambda x: two_gamma_pdf(ka, kb, ca, x) * two_gamma_sf(kc, kd, cc, x)
    v, _ = integrate.quad(f, 0, np.inf, epsabs=1e-12, epsrel=1e-10, limit=200)
    return v


def gamma_diff_greater(p1, d1, p2, d2):
    """P(G_p1 - G_d1 > G_p2 - G_d2) = P(G_p1 + G_d2 > G_p2 + G_d1)."""
    # sums of independent Gammas with a common scale are Gamma
    ka, kb = p1 + d2, p2 + d1
    f = lambda x: gamma_pdf(kb, x) * gamma_sf(ka, x)
    v, _ = integrate.quad(f, 0, np.inf, epsabs=1e-13, epsrel=1e-11, limit=200)
    return v


def nps_greater_normal(a, b):
    def moments(c):
        p, pa, d = c
        n = p + pa + d
        return (p - d) / n, ((p + d) * pa + 4 * p * d) / (n * n * (n + 1))
    ma, va = moments(a)
    mb, vb = moments(b)
    return float(scipy.stats.norm.cdf((ma - mb) / math.sqrt(va + vb)))


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


# (satisfied, others) counts in the billions of billions: exact
CSAT_HUGE_CASES = [((10**e, 5), (10**e, 7)) for e in (10, 12, 14, 16, 18)] + [
    ((4 * 10**18, 5), (4 * 10**18, 7)),
    ((5, 4 * 10**18), (7, 4 * 10**18)),           # mirrored: near 0
    ((3, 10**15), (30, 10**17)),
    ((2 * 10**17, 40), (10**17, 25)),
]
# weighted summaries as (value, count, sum_w, sum_w2) lists
CSAT_WEIGHTED_CASES = [
    ([(2, 5, 2.5, 1.25), (5, 10**17, 10**17, 10**17)], [(2, 7, 3.5, 1.75), (5, 10**17, 10**17, 10**17)]),
    ([(2, 3, 3.0, 3.0), (5, 10**18, 5 * 10**17, 2.5 * 10**17)], [(2, 2, 0.5, 0.125), (5, 10**18, 10**18, 10**18)]),
]
# (promoters, passives, detractors) counts; the limit used for each
NPS_HUGE_CASES = [(((10**e, 0, 0), (10**e - 1, 0, 1)), 'plus') for e in (12, 14, 15, 16, 18)] + [
    (((4 * 10**18, 0, 0), (4 * 10**18 - 1, 0, 1)), 'plus'),
    (((10**17, 3, 1), (10**17, 1, 2)), 'plus'),
    (((0, 0, 10**18), (1, 0, 10**18 - 1)), 'minus'),
    (((1, 10**18, 1), (2, 10**18, 0)), 'zero'),
    (((5 * 10**17 + 10**9, 3 * 10**17, 2 * 10**17), (5 * 10**17, 3 * 10**17, 2 * 10**17 + 10**9)), 'normal'),
    (((4 * 10**16, 3 * 10**16, 3 * 10**16 + 10**8), (4 * 10**16, 3 * 10**16 + 10**8, 3 * 10**16)), 'normal'),
]


def csat_weighted_params(cells):
    """Posterior parameters (1 + n_eff * share) of a weighted summary."""
    w = sum(Fraction(c[2]) for c in cells)
    w2 = sum(Fraction(c[3]) for c in cells)
    n_eff = w * w / w2
    sat = sum(Fraction(c[2]) for c in cells if c[0] >= 4)
    return 1 + n_eff * sat / w, 1 + n_eff * (w - sat) / w


def nps_huge_reference(a, b, kind):
    """a, b: Dirichlet parameters (p, pa, d); see the docstring."""
    if kind == 'plus':
        # 1 - NPS = (Pa + 2 D) / n; A > B when A's is smaller
        na, nb = sum(a), sum(b)
        assert abs(na / nb - 1) < 1e-9
        return gamma_sum_less(a[1], a[2], 2.0, b[1], b[2], 2.0)
    if kind == 'minus':
        # 1 + NPS = (Pa + 2 P) / n; A > B when A's is larger
        return 1 - gamma_sum_less(a[1], a[0], 2.0, b[1], b[0], 2.0)
    if kind == 'zero':
        return gamma_diff_greater(a[0], a[2], b[0], b[2])
    return nps_greater_normal(a, b)


def huge_rows():
    csat = []
    for (k1, f1), (k2, f2) in CSAT_HUGE_CASES:
        a1, b1, a2, b2 = 1 + k1, 1 + f1, 1 + k2, 1 + f2
        # the sum runs over a small a2 with a small a1: use complements if needed
        if a2 > 10**6 or a1 > 10**6:
            v = beta_greater_exact_small(b2, a2, b1, a1)     # P(1 - Y > 1 - X)
        else:
            v = beta_greater_exact_small(a1, b1, a2, b2)
        csat.append((k1, f1, k2, f2, float(v)))
        print(f"csat huge {k1}/{f1} vs {k2}/{f2}  {float(v):.15f}")
    weighted = []
    for ca, cb in CSAT_WEIGHTED_CASES:
        a1, b1 = csat_weighted_params(ca)
        a2, b2 = csat_weighted_params(cb)
        c = a1 / a2
        v = float(scipy.special.betainc(float(b1), float(b2), float(c / (1 + c))))
        weighted.append((ca, cb, float(a1), float(b1), float(a2), float(b2), v))
        print(f"csat weighted Beta({float(a1):.6g}, {float(b1):.6g}) vs Beta({float(a2):.6g}, {float(b2):.6g})  {v:.15f}")
    nps = []
    for (ca, cb), kind in NPS_HUGE_CASES:
        a = tuple(1 + c for c in ca)
        b = tuple(1 + c for c in cb)
        v = nps_huge_reference(a, b, kind)
        w = nps_huge_reference(b, a, kind)
        assert abs(v + w - 1) < 1e-9, (a, b, v, w)
        nps.append((*ca, *cb, v))
        print(f"nps  huge {ca} vs {cb} ({kind})  {v:.12f}")
    return csat, weighted, nps


def main():
    # hand check: Beta(2,1) vs Beta(1,2): P(X > Y) = 5/6
    assert beta_greater_exact(2, 1, 1, 2) == Fraction(5, 6)
    assert beta_greater_exact(3, 3, 3, 3) == Fraction(1, 2)

    # the rising-factorial form equals the factorial form
    for c in ((2, 1, 1, 2), (3, 50, 2, 40), (7, 12, 5, 30), (1, 1000, 6, 999)):
        assert beta_greater_exact_small(*c) == beta_greater_exact(*c), c
    # the Gamma limits against Monte Carlo (their shapes, not the huge counts)
    rng = np.random.default_rng(20251205)
    g = lambda k: rng.gamma(k, size=2_000_000)
    mc = np.mean(g(2) + 2 * g(2) < g(2) + 2 * g(3))
    assert abs(mc - gamma_sum_less(2, 2, 2.0, 2, 3, 2.0)) < 4 * 0.00035, mc
    mc = np.mean(g(2) - g(2) > g(3) - g(1))
    assert abs(mc - gamma_diff_greater(2, 2, 3, 1)) < 4 * 0.00035, mc
    # the limit of the NPS case {10:N} vs {0:1,10:N-1}: P(E1 + 2 E2 < E3 + 2 G2) = 13/18
    assert abs(gamma_sum_less(1, 1, 2.0, 1, 2, 2.0) - 13 / 18) < 1e-10

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
        csat_huge, weighted, nps_huge = huge_rows()
        f.write("\n/* Huge counts (doubles: they pass int); CSAT exact, NPS Gamma or normal limits. */\n"
                "static const struct\n{\n\tdouble\t\tsat1, other1, sat2, other2;\n\tdouble\t\tp;\n"
                "} csat_huge_reference[] = {\n")
        for r in csat_huge:
            f.write("\t{%d.0, %d.0, %d.0, %d.0, %r},\n" % r)
        f.write("};\n\n/* Weighted: posterior parameters, Gamma limit. */\nstatic const struct\n{\n"
                "\tdouble\t\ta1, b1, a2, b2;\n\tdouble\t\tp;\n} csat_weighted_reference[] = {\n")
        for r in weighted:
            f.write("\t{%r, %r, %r, %r, %r},\n" % r[2:])
        f.write("};\n\nstatic const struct\n{\n\tdouble\t\tpro1, pas1, det1, pro2, pas2, det2;\n"
                "\tdouble\t\tp;\n} nps_huge_reference[] = {\n")
        for r in nps_huge:
            f.write("\t{%d.0, %d.0, %d.0, %d.0, %d.0, %d.0, %r},\n" % r)
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
        # huge counts: the SQL test checks these to 1e-6 (the documented accuracy is 1e-4)
        f.write("\nCREATE TEMP TABLE prob_huge_reference (metric text, a text, b text, expected float8);\n")
        f.write("INSERT INTO prob_huge_reference VALUES\n")
        rows = []
        for r in csat_huge:
            rows.append(f"    ('csat', '{csat_text(r[0:2])}', '{csat_text(r[2:4])}', {r[4]!r})")
        for r in weighted:
            def wtext(cells):
                return "{" + ",".join(f"{v}:{n}:{w!r}:{w2!r}" for v, n, w, w2 in cells) + "}"
            rows.append(f"    ('csat', '{wtext(r[0])}', '{wtext(r[1])}', {r[6]!r})")
        for r in nps_huge:
            rows.append(f"    ('nps', '{nps_text(r[0:3])}', '{nps_text(r[3:6])}', {r[6]!r})")
        f.write(",\n".join(rows) + ";\n")
    print("wrote", sql)


if __name__ == '__main__':
    main()
