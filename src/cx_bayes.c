/*
 * cx_bayes.c: P(metric of A > metric of B) under uniform priors.
 *
 * Numerical method (deterministic): every Beta density is integrated by
 * composite Gauss-Legendre rules over its mean +/- 20 standard deviations
 * (clipped to [0, 1]; the mass outside is below 1e-80 for a Beta that is
 * nearly normal and below e^-21 for the most skewed one, Beta(1, b)).
 * Densities are evaluated relative to their mean, unnormalised, and every
 * integral is normalised by the integral of the same density over the same
 * nodes: no log-Beta constants, which lose precision for large counts.
 */
#include "cx_bayes.h"

#include <math.h>
#include <stdbool.h>

/* 16-point Gauss-Legendre on [-1, 1]: the positive nodes and their weights */
static const double gl16_x[8] = {
	0.09501250983763745, 0.2816035507792589, 0.45801677765722737, 0.6178762444026438,
	0.755404408355003, 0.8656312023878318, 0.9445750230732326, 0.9894009349916499
};
static const double gl16_w[8] = {
	0.18945061045506859, 0.1826034150449236, 0.16915651939500262, 0.14959598881657676,
	0.12462897125553403, 0.09515851168249259, 0.062253523938647706, 0.027152459411754037
};

/* 4-point Gauss-Legendre, for the short pieces of a CDF table's panel */
static const double gl4_x[2] = {0.33998104358485626, 0.8611363115940526};
static const double gl4_w[2] = {0.6521451548625461, 0.34785484513745385};

#define TABLE_PANELS 1024
#define SPREAD 20.0

/* A Beta(a, b) distribution with its cumulative integral on a grid. */
typedef struct beta_dist
{
	double		a,
				b;
	double		mean;
	double		lo,
				hi,
				h;				/* range and panel width */
	double		cum[TABLE_PANELS + 1];	/* unnormalised CDF at the panel edges */
} beta_dist;

/* Density relative to the value at the mean (log of f(x) / f(mean)). */
static inline double
beta_rel_density(const beta_dist *bd, double x)
{
	double		l = 0.0;

	if (!(x > 0.0 && x < 1.0))
		return 0.0;
	if (bd->a != 1.0)
		l += (bd->a - 1.0) * log1p((x - bd->mean) / bd->mean);
	if (bd->b != 1.0)
		l += (bd->b - 1.0) * log1p((bd->mean - x) / (1.0 - bd->mean));
	return exp(l);
}

/* Integral of the relative density over [u, v], 4-point rule. */
static double
beta_piece(const beta_dist *bd, double u, double v)
{
	double		c = (u + v) / 2.0;
	double		r = (v - u) / 2.0;
	double		s = 0.0;

	for (int k = 0; k < 2; k++)
		s += gl4_w[k] * (beta_rel_density(bd, c - r * gl4_x[k]) +
						 beta_rel_density(bd, c + r * gl4_x[k]));
	return s * r;
}

static void
beta_init(beta_dist *bd, double a, double b)
{
	double		n = a + b;
	double		sd = sqrt(a * b / (n * n * (n + 1.0)));

	bd->a = a;
	bd->b = b;
	bd->mean = a / n;
	bd->lo = fmax(0.0, bd->mean - SPREAD * sd);
	bd->hi = fmin(1.0, bd->mean + SPREAD * sd);
	bd->h = (bd->hi - bd->lo) / TABLE_PANELS;
	bd->cum[0] = 0.0;
	for (int k = 0; k < TABLE_PANELS; k++)
	{
		double		u = bd->lo + k * bd->h;

		bd->cum[k + 1] = bd->cum[k] + beta_piece(bd, u, k + 1 == TABLE_PANELS ? bd->hi : u + bd->h);
	}
}

/* The (normalised) distribution function. */
static double
beta_cdf(const beta_dist *bd, double x)
{
	int			k;

	if (x <= bd->lo)
		return 0.0;
	if (x >= bd->hi)
		return 1.0;
	k = (int) ((x - bd->lo) / bd->h);
	if (k >= TABLE_PANELS)
		k = TABLE_PANELS - 1;
	return fmin(1.0, (bd->cum[k] + beta_piece(bd, bd->lo + k * bd->h, x)) / bd->cum[TABLE_PANELS]);
}

/* Composite 16-point rule: node j of panel i of n over [lo, hi]. */
typedef struct rule
{
	double		lo,
				h;
	int			panels;
} rule;

#define RULE_NODES(r) ((r).panels * 16)

static inline void
rule_node(const rule *r, int j, double *x, double *w)
{
	int			panel = j / 16;
	int			k = j % 16;
	double		c = r->lo + (panel + 0.5) * r->h;
	double		half = r->h / 2.0;
	int			m = k < 8 ? 7 - k : k - 8;
	double		sign = k < 8 ? -1.0 : 1.0;

	*x = c + sign * half * gl16_x[m];
	*w = half * gl16_w[m];
}

/* ---- Beta ---- */

/* E[F_y(X)] = P(Y < X): the density of x against the CDF of y. */
static double
beta_expect_cdf(const beta_dist *x, const beta_dist *y)
{
	rule		r = {x->lo, (x->hi - x->lo) / 64, 64};
	double		num = 0.0,
				den = 0.0;

	for (int j = 0; j < RULE_NODES(r); j++)
	{
		double		t,
					w,
					f;

		rule_node(&r, j, &t, &w);
		f = w * beta_rel_density(x, t);
		num += f * beta_cdf(y, t);
		den += f;
	}
	return num / den;
}

static double
clamp01(double x)
{
	return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
}

double
cx_beta_prob_greater_numeric(double a1, double b1, double a2, double b2)
{
	beta_dist	x,
				y;

	if (a1 == a2 && b1 == b2)
		return 0.5;
	beta_init(&x, a1, b1);
	beta_init(&y, a2, b2);
	/* ranges that do not overlap (+/- 20 sd): also when one is too narrow to integrate */
	if (x.lo >= y.hi && x.hi > y.lo)
		return 1.0;
	if (x.hi <= y.lo && x.lo < y.hi)
		return 0.0;
	/* P(X > Y) and 1 - P(Y > X) averaged: the two orders sum to 1 */
	return clamp01((beta_expect_cdf(&x, &y) + 1.0 - beta_expect_cdf(&y, &x)) / 2.0);
}

/*
 * Exact: for X ~ Beta(aX, bX), Y ~ Beta(aY, bY) with aY an integer,
 *   P(Y > X) = sum_{i=0}^{aY-1} B(aX + i, bX + bY) / ((bY + i) B(1 + i, bY) B(aX, bX))
 * (the sum is over the successes of Y).  Term i + 1 is term i times
 * (aX + i) / (aX + bX + bY + i) * (bY + i) / (1 + i); the terms are summed
 * in logs, scaled by the largest so far.
 */
/*
 * lgamma(x + s) - lgamma(x) for x, s > 0.  For large x by Stirling's series,
 * whose terms stay small: the direct difference of two lgamma values near
 * x log x loses every digit once x passes about 1e12.
 */
static double
lgamma_shift(double x, double s)
{
	if (x < 1e6)
		return lgamma(x + s) - lgamma(x);
	return (x - 0.5) * log1p(s / x) + s * log(x + s) - s +
		(1.0 / (12.0 * (x + s)) - 1.0 / (12.0 * x));
}

static double
beta_sum(double ax, double bx, double ay, double by)
{
	/* log B(aX, bX + bY) - log B(aX, bX), shifting by the smaller of aX, bY */
	double		log_t = ax <= by ? lgamma_shift(bx, ax) - lgamma_shift(bx + by, ax)
		: lgamma_shift(bx, by) - lgamma_shift(ax + bx, by);
	double		log_max = log_t;
	double		sum = 0.0;		/* sum of exp(log t - log_max) */
	double		terms = ay;

	for (double i = 0; i < terms; i++)
	{
		if (log_t > log_max)
		{
			sum *= exp(log_max - log_t);
			log_max = log_t;
		}
		sum += exp(log_t - log_max);
		log_t += log((ax + i) / (ax + bx + by + i)) + log((by + i) / (1.0 + i));
	}
	return exp(log_max + log(sum));
}

double
cx_beta_prob_greater(double a1, double b1, double a2, double b2)
{
	double		smallest = fmin(fmin(a1, b1), fmin(a2, b2));
	double		p;

	if (a1 == a2 && b1 == b2)
		return 0.5;
	if (a1 != floor(a1) || b1 != floor(b1) || a2 != floor(a2) || b2 != floor(b2) ||
		smallest > CX_BAYES_EXACT_MAX)
		return cx_beta_prob_greater_numeric(a1, b1, a2, b2);

	/*
	 * X = 1 share, Y = 2; the sum runs over the smallest parameter: over a2
	 * it gives P(Y > X), over a1 P(X > Y), and over b1 or b2 the same for the
	 * complementary shares 1 - X ~ Beta(b1, a1), 1 - Y ~ Beta(b2, a2).
	 */
	if (smallest == a2)
		p = 1.0 - beta_sum(a1, b1, a2, b2);
	else if (smallest == a1)
		p = beta_sum(a2, b2, a1, b1);
	else if (smallest == b1)
		p = 1.0 - beta_sum(b2, a2, b1, a1);	/* P(1 - X > 1 - Y) = P(Y > X) */
	else
		p = beta_sum(b1, a1, b2, a2);	/* P(1 - Y > 1 - X) = P(X > Y) */
	return clamp01(p);
}

/* ---- Dirichlet: NPS = P - D = T (2U - 1) ---- */

/*
 * With (D, Pa, P) ~ Dirichlet(d, pa, p): T = P + D ~ Beta(p + d, pa) and
 * U = P / T ~ Beta(p, d), independent.  So
 *   F(x) = [x > 0] F_T(|x|) + int_{t > |x|} f_T(t) F_U((1 + x / t) / 2) dt
 *   f(x) = int_{t > |x|} f_T(t) f_U((1 + x / t) / 2) / (2 t) dt
 */
typedef struct nps_dist
{
	beta_dist	t;
	beta_dist	u;
	double		lo,
				hi;				/* range of P - D */
} nps_dist;

#define T_PANELS 8

static void
nps_init(nps_dist *nd, double p, double pa, double d)
{
	double		n = p + pa + d;
	double		mean = (p - d) / n;
	double		var = ((p + d) / n - mean * mean) / (n + 1.0);

	beta_init(&nd->t, p + d, pa);
	beta_init(&nd->u, p, d);
	nd->lo = fmax(-1.0, mean - SPREAD * sqrt(var));
	nd->hi = fmin(1.0, mean + SPREAD * sqrt(var));
}

/* The part of T's range above |x|, as a rule; false when empty. */
static bool
t_rule(const nps_dist *nd, double x, rule *r)
{
	double		lo = fmax(fabs(x), nd->t.lo);

	if (lo >= nd->t.hi)
		return false;
	r->lo = lo;
	r->panels = T_PANELS;
	r->h = (nd->t.hi - lo) / T_PANELS;
	return true;
}

/* Unnormalised density of P - D at x (relative densities of T and U). */
static double
nps_rel_density(const nps_dist *nd, double x)
{
	rule		r;
	double		s = 0.0;

	if (!t_rule(nd, x, &r))
		return 0.0;
	for (int j = 0; j < RULE_NODES(r); j++)
	{
		double		t,
					w;

		rule_node(&r, j, &t, &w);
		s += w * beta_rel_density(&nd->t, t) * beta_rel_density(&nd->u, (1.0 + x / t) / 2.0) / (2.0 * t);
	}
	return s;
}

static double
nps_cdf(const nps_dist *nd, double x)
{
	rule		r;
	double		num = 0.0;
	double		den = 0.0;
	double		below;

	if (x <= nd->lo)
		return 0.0;
	if (x >= nd->hi)
		return 1.0;
	below = x > 0 ? beta_cdf(&nd->t, fabs(x)) : 0.0;
	if (!t_rule(nd, x, &r))
		return x > 0 ? 1.0 : 0.0;
	/* the mass of T above |x|, on the same nodes, normalises the integral */
	for (int j = 0; j < RULE_NODES(r); j++)
	{
		double		t,
					w,
					f;

		rule_node(&r, j, &t, &w);
		f = w * beta_rel_density(&nd->t, t);
		num += f * beta_cdf(&nd->u, (1.0 + x / t) / 2.0);
		den += f;
	}
	return fmin(1.0, below + (1.0 - beta_cdf(&nd->t, fabs(x))) * num / den);
}

#define X_PANELS 16

/* P(Y < X) = E[F_y(X)], over X's range split at 0 (where its density may bend). */
static double
nps_expect_cdf(const nps_dist *x, const nps_dist *y)
{
	double		num = 0.0,
				den = 0.0;
	double		edges[3] = {x->lo, x->hi, x->hi};
	int			pieces = 1;

	if (x->lo < 0.0 && x->hi > 0.0)
	{
		edges[1] = 0.0;
		pieces = 2;
	}
	for (int piece = 0; piece < pieces; piece++)
	{
		rule		r = {edges[piece], (edges[piece + 1] - edges[piece]) / X_PANELS, X_PANELS};

		for (int j = 0; j < RULE_NODES(r); j++)
		{
			double		v,
						w,
						f;

			rule_node(&r, j, &v, &w);
			f = w * nps_rel_density(x, v);
			num += f * nps_cdf(y, v);
			den += f;
		}
	}
	return num / den;
}

double
cx_dirichlet_nps_prob_greater(double p1, double pa1, double d1, double p2, double pa2, double d2)
{
	nps_dist	a,
				b;

	if (p1 == p2 && pa1 == pa2 && d1 == d2)
		return 0.5;
	nps_init(&a, p1, pa1, d1);
	nps_init(&b, p2, pa2, d2);
	/* ranges that do not overlap (+/- 20 sd): also when one is too narrow to integrate */
	if (a.lo >= b.hi && a.hi > b.lo)
		return 1.0;
	if (a.hi <= b.lo && a.lo < b.hi)
		return 0.0;
	return clamp01((nps_expect_cdf(&a, &b) + 1.0 - nps_expect_cdf(&b, &a)) / 2.0);
}
