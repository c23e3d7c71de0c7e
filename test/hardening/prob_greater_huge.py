#!/usr/bin/python3
"""Normal approximations of P(NPS_a > NPS_b) and P(CSAT_a > CSAT_b) for the
10^15-answer cases of sql/hostile.sql (posterior Dirichlet(1 + D, 1 + Pa,
1 + P) and Beta(1 + S, 1 + F)); at these counts the posteriors are normal
to about 1e-7.  Run with Debian's python3 (scipy).

Output (checked into sql/hostile.sql):
    nps  0.9430768456352918
    csat 0.943076844131679
"""
import math
from scipy.stats import norm


def nps_moments(p, pa, d):
    n = p + pa + d
    mp, md = p / n, d / n
    return mp - md, (mp + md - (mp - md) ** 2) / (n + 1)


def beta_moments(a, b):
    n = a + b
    return a / n, a * b / (n * n * (n + 1))


ma, va = nps_moments(1e15 + 1e8 + 1, 1e15 + 1, 1e15 + 1)
mb, vb = nps_moments(1e15 + 1, 1e15 + 1, 1e15 + 1)
print("nps ", norm.cdf((ma - mb) / math.sqrt(va + vb)))
ma, va = beta_moments(1e15 + 1e8 + 1, 1e15 + 1)
mb, vb = beta_moments(1e15 + 1, 1e15 + 1)
print("csat", norm.cdf((ma - mb) / math.sqrt(va + vb)))
