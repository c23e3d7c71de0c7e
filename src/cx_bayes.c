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
 * Doubles are dense near 0 but not near 1, so distributions near 1 are
 * integrated through their complements (see the Beta and NPS sections).
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
/* relative width of a range below which a distribution is a point mass */
#define POINT_SPREAD 1e-10

/* A Beta(a, b) distribution with its cumulative integral on a grid. */
typedef struct beta_dist
{
	double		a,
				b;
	double		mean,
				cmean;			/* 1 - mean, computed as b / (a + b) */
	bool		point;			/* spread below what doubles resolve there */
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
		l += (bd->b - 1.0) * log1p((bd->mean - x) / bd->cmean);
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
	bd->cmean = b / n;
	bd->lo = fmax(0.0, bd->mean - SPREAD * sd);
	bd->hi = fmin(1.0, bd->mean + SPREAD * sd);
	bd->h = (bd->hi - bd->lo) / TABLE_PANELS;
	bd->cum[0] = 0.0;

	/*
	 * Near 1 (a mean above 1/2, never below: there doubles are dense) a
	 * spread of a few ulps cannot be tabulated: a point mass at the mean.
	 * It only meets distributions far wider there (a Beta with a mean below
	 * 1/2; an NPS factor whose partner varies far more).
	 */
	bd->point = !(bd->hi - bd->lo > POINT_SPREAD * bd->hi);
	if (bd->point)
	{
		bd->lo = bd->hi = bd->mean;
		bd->h = 0.0;
		for (int k = 0; k < TABLE_PANELS; k++)
			bd->cum[k + 1] = 1.0;
		return;
	}
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

	if (bd->point)
		return x < bd->mean ? 0.0 : 1.0;
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

	if (x->point)
		return beta_cdf(y, x->mean);

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
	if (!(den > 0.0))
		return beta_cdf(y, x->mean);
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

	/*
	 * Both means above 1/2: the complements 1 - X ~ Beta(b1, a1), which
	 * doubles resolve near 0 (a Beta(4e18, 1) is within an ulp of 1).
	 */
	if (a1 > b1 && a2 > b2)
		return cx_beta_prob_greater_numeric(b2, a2, b1, a1);
	beta_init(&x, a1, b1);
	beta_init(&y, a2, b2);
	/* P(X > Y) and 1 - P(Y > X) averaged: the two orders sum to 1 */
	return clamp01((beta_expect_cdf(&x, &y) + 1.0 - beta_expect_cdf(&y, &x)) / 2.0);
}

/*
 * ln[x (x + a + b) / ((x + a)(x + b))] = ln(1 - q), q = ab / ((x + a)(x + b)),
 * accurate in absolute terms: log1p while q is small, else as a difference
 * of two logarithms (q near 1 would lose 1 - q to rounding).
 */
static double
log_cross_ratio(double x, double a, double b)
{
	double		q = a / (x + a) * (b / (x + b));

	if (q < 0.5)
		return log1p(-q);
	return log1p(a / (x + b)) - log1p(a / x);
}

/* Stirling's remainder lgamma(y) - ((y - 1/2) ln y - y + ln(2 pi) / 2), y >= 16;
 * the first omitted term is below 2e-16 there. */
static double
stirling_remainder(double y)
{
	double		r = 1.0 / (y * y);

	return (1.0 / 12.0 - r * (1.0 / 360.0 - r * (1.0 / 1260.0 - r * (1.0 / 1680.0 -
																	  r * (1.0 / 1188.0))))) / y;
}

#define STIRLING_MIN 16.0

/*
 * lgamma(x + a + b) - lgamma(x + a) - lgamma(x + b) + lgamma(x), x >= 1,
 * a, b >= 0, to a few ulps of its magnitude.  Four lgamma calls would each
 * carry an error of an ulp of about N ln N for counts N (the difference lost
 * every digit by N = 1e16).  Here: below STIRLING_MIN the recurrence
 * lgamma(y) = lgamma(y + 1) - ln y moves x up; then Stirling's series, whose
 * linear terms cancel exactly and whose (y - 1/2) ln y terms regroup into
 * log1p of small ratios.
 */
static double
lgamma_diff2(double x, double a, double b)
{
	double		shift = 0.0;
	double		s;

	while (x < STIRLING_MIN)
	{
		shift += log_cross_ratio(x, a, b);
		x += 1.0;
	}
	s = (x - 0.5) * log_cross_ratio(x, a, b) + a * log1p(b / (x + a)) + b * log1p(a / (x + b));
	s += (stirling_remainder(x + a + b) - stirling_remainder(x + a)) -
		(stirling_remainder(x + b) - stirling_remainder(x));
	return s - shift;
}

/*
 * Exact: for X ~ Beta(aX, bX), Y ~ Beta(aY, bY) with aY an integer,
 *   P(Y > X) = sum_{i=0}^{aY-1} B(aX + i, bX + bY) / ((bY + i) B(1 + i, bY) B(aX, bX))
 * (the sum is over the successes of Y).  Term i + 1 is term i times
 * (aX + i) / (aX + bX + bY + i) * (bY + i) / (1 + i); the terms are summed
 * in logs, scaled by the largest so far.
 */
static double
beta_sum(double ax, double bx, double ay, double by)
{
	/* log B(aX, bX + bY) - log B(aX, bX) */
	double		log_t = -lgamma_diff2(bx, ax, by);
	double		log_comp = 0.0; /* Kahan compensation of log_t */
	double		log_max = log_t;
	double		sum = 0.0;		/* sum of exp(log t - log_max) */
	double		terms = ay;

	for (double i = 0; i < terms; i++)
	{
		double		step,
					next;

		if (log_t > log_max)
		{
			sum *= exp(log_max - log_t);
			log_max = log_t;
		}
		sum += exp(log_t - log_max);
		/* compensated: up to 1e6 steps on a log_t of up to ~1e7 */
		step = log((ax + i) / (ax + bx + by + i)) + log((by + i) / (1.0 + i)) - log_comp;
		next = log_t + step;
		log_comp = (next - log_t) - step;
		log_t = next;
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

/* ---- Dirichlet: NPS = P - D ---- */

/*
 * With (D, Pa, P) ~ Dirichlet(d, pa, p): T = P + D ~ Beta(p + d, pa) and
 * U = P / T ~ Beta(p, d), independent, and NPS = V = T (2U - 1).  So
 *   F_V(x) = [x > 0] F_T(|x|) + int_{t > |x|} f_T(t) F_U((1 + x / t) / 2) dt
 *   f_V(x) = int_{t > |x|} f_T(t) f_U((1 + x / t) / 2) / (2 t) dt
 *
 * Near +1 or -1 doubles cannot resolve V (an NPS of 1 - 1e-15 is a few ulps
 * from 1), so when both groups' NPS lie beyond +1/2 (or -1/2) the distance
 * W = 1 - V (or 1 + V) is integrated instead:
 *   W = Z + 2 R (1 - Z),  Z = 1 - T ~ Beta(pa, p + d),
 *   R = 1 - U ~ Beta(d, p) (or U ~ Beta(p, d)),
 *   F_W(w) = [w > 1] (1 - F_Z(2 - w)) + int_{z < min(w, 2 - w)} f_Z(z) F_R(r(w, z)) dz
 *   f_W(w) = int_{z < min(w, 2 - w)} f_Z(z) f_R(r(w, z)) / (2 (1 - z)) dz
 * with r(w, z) = (w - z) / (2 (1 - z)).  There Z and R have means below 1/2,
 * small numbers that doubles resolve.
 */
typedef struct nps_dist
{
	bool		wform;			/* the variable is W (else V) */
	beta_dist	t;				/* T, or Z for W */
	beta_dist	u;				/* U, or R for W */
	double		mean,
				lo,
				hi;				/* of the variable */
	bool		point;			/* too narrow to resolve: a point mass */
} nps_dist;

#define T_PANELS 8

/* anchor 0: V; +1: W = 1 - V; -1: W = 1 + V */
static void
nps_init(nps_dist *nd, double p, double pa, double d, int anchor)
{
	double		n = p + pa + d;

	/* variance of V, written without the cancellation of E[V^2] - E[V]^2 */
	double		sd = sqrt(((p + d) * pa + 4.0 * p * d) / (n * n * (n + 1.0)));

	nd->wform = anchor != 0;
	if (!nd->wform)
	{
		beta_init(&nd->t, p + d, pa);
		beta_init(&nd->u, p, d);
		nd->mean = (p - d) / n;
		nd->lo = fmax(-1.0, nd->mean - SPREAD * sd);
		nd->hi = fmin(1.0, nd->mean + SPREAD * sd);
	}
	else
	{
		beta_init(&nd->t, pa, p + d);
		if (anchor > 0)
			beta_init(&nd->u, d, p);
		else
			beta_init(&nd->u, p, d);
		nd->mean = (pa + 2.0 * (anchor > 0 ? d : p)) / n;
		nd->lo = fmax(0.0, nd->mean - SPREAD * sd);
		nd->hi = fmin(2.0, nd->mean + SPREAD * sd);
	}
	nd->point = !(nd->hi - nd->lo > POINT_SPREAD * fmax(fabs(nd->lo), fabs(nd->hi))) ||
		(nd->t.point && nd->u.point);
}

/*
 * The part of T's range above |x| (V), or of Z's below min(w, 2 - w) (W), as
 * a rule; false when empty.  A T that is a point mass is one node of
 * weight 1 (W's Z never is one: its mean is below 1/2).
 */
static bool
inner_rule(const nps_dist *nd, double x, rule *r)
{
	double		lo,
				hi;

	if (nd->wform)
	{
		lo = nd->t.lo;
		hi = fmin(nd->t.hi, fmin(x, 2.0 - x));
	}
	else if (nd->t.point)
	{
		if (!(nd->t.mean > fabs(x)))
			return false;
		r->panels = 0;
		return true;
	}
	else
	{
		lo = fmax(fabs(x), nd->t.lo);
		hi = nd->t.hi;
	}
	if (lo >= hi)
		return false;
	r->lo = lo;
	r->panels = T_PANELS;
	r->h = (hi - lo) / T_PANELS;
	return true;
}

#define INNER_NODES(r) ((r).panels == 0 ? 1 : RULE_NODES(r))

/* Node j of an inner rule: the value of T (or Z), its weight times its relative density. */
static inline void
inner_node(const nps_dist *nd, const rule *r, int j, double *t, double *w)
{
	if (r->panels == 0)
	{
		*t = nd->t.mean;
		*w = 1.0;
		return;
	}
	rule_node(r, j, t, w);
	*w *= beta_rel_density(&nd->t, *t);
}

/* The argument of U's (or R's) distribution at x given T = t (or Z = t). */
static inline double
inner_arg(const nps_dist *nd, double x, double t)
{
	return nd->wform ? (x - t) / (2.0 * (1.0 - t)) : (1.0 + x / t) / 2.0;
}

/* Unnormalised density of the variable at x. */
static double
nps_rel_density(const nps_dist *nd, double x)
{
	rule		r;
	double		s = 0.0;

	/* U a point mass u0 (V-form only, U near 1): V = T (2 u0 - 1) */
	if (nd->u.point)
	{
		double		c = 2.0 * nd->u.mean - 1.0;

		return x > 0.0 && !nd->t.point ? beta_rel_density(&nd->t, x / c) / c : 0.0;
	}
	if (!inner_rule(nd, x, &r))
		return 0.0;
	for (int j = 0; j < INNER_NODES(r); j++)
	{
		double		t,
					w;

		inner_node(nd, &r, j, &t, &w);
		s += w * beta_rel_density(&nd->u, inner_arg(nd, x, t)) /
			(2.0 * (nd->wform ? 1.0 - t : t));
	}
	return s;
}

static double
nps_cdf(const nps_dist *nd, double x)
{
	rule		r;
	double		num = 0.0;
	double		den = 0.0;
	double		outside,
				inside;

	if (nd->point)
		return x < nd->mean ? 0.0 : 1.0;
	if (x <= nd->lo)
		return 0.0;
	if (x >= nd->hi)
		return 1.0;
	if (nd->u.point)
		return x > 0.0 ? beta_cdf(&nd->t, x / (2.0 * nd->u.mean - 1.0)) : 0.0;
	if (nd->wform)
	{
		/* mass of Z beyond 2 - w (R's argument above 1), and below min(w, 2 - w) */
		outside = x > 1.0 ? 1.0 - beta_cdf(&nd->t, 2.0 - x) : 0.0;
		inside = beta_cdf(&nd->t, fmin(x, 2.0 - x));
	}
	else
	{
		/* mass of T below |x| (all of it counted when x > 0), and above */
		inside = 1.0 - beta_cdf(&nd->t, fabs(x));
		outside = x > 0 ? 1.0 - inside : 0.0;
	}
	if (!inner_rule(nd, x, &r))
		return outside;
	/* the mass of T (Z) on the same nodes normalises the integral */
	for (int j = 0; j < INNER_NODES(r); j++)
	{
		double		t,
					w;

		inner_node(nd, &r, j, &t, &w);
		num += w * beta_cdf(&nd->u, inner_arg(nd, x, t));
		den += w;
	}
	if (!(den > 0.0))
		return outside;
	return fmin(1.0, outside + inside * num / den);
}

#define X_PANELS 16

/* E[F_y(X)] over X's range split where its density may bend (V = 0, W = 1). */
static double
nps_expect_cdf(const nps_dist *x, const nps_dist *y)
{
	double		num = 0.0,
				den = 0.0;
	double		kink = x->wform ? 1.0 : 0.0;
	double		edges[3] = {x->lo, x->hi, x->hi};
	int			pieces = 1;

	if (x->point)
		return nps_cdf(y, x->mean);
	if (x->lo < kink && x->hi > kink)
	{
		edges[1] = kink;
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
	/* no node saw any mass: narrower than its nodes, so a point mass */
	if (!(den > 0.0))
		return nps_cdf(y, x->mean);
	return num / den;
}

double
cx_dirichlet_nps_prob_greater(double p1, double pa1, double d1, double p2, double pa2, double d2)
{
	nps_dist	a,
				b;
	double		mean1 = (p1 - d1) / (p1 + pa1 + d1);
	double		mean2 = (p2 - d2) / (p2 + pa2 + d2);
	int			anchor = 0;

	if (p1 == p2 && pa1 == pa2 && d1 == d2)
		return 0.5;
	if (mean1 > 0.5 && mean2 > 0.5)
		anchor = 1;
	else if (mean1 < -0.5 && mean2 < -0.5)
		anchor = -1;
	nps_init(&a, p1, pa1, d1, anchor);
	nps_init(&b, p2, pa2, d2, anchor);
	if (a.point && b.point)
		return a.mean == b.mean ? 0.5 : ((a.mean > b.mean) == (anchor <= 0) ? 1.0 : 0.0);

	/*
	 * P(A > B) and 1 - P(B > A) averaged (the two orders sum to 1).  For
	 * W = 1 - V, A > B when W_A < W_B; for W = 1 + V and V, when A's is larger.
	 */
	if (anchor > 0)
		return clamp01((nps_expect_cdf(&b, &a) + 1.0 - nps_expect_cdf(&a, &b)) / 2.0);
	return clamp01((nps_expect_cdf(&a, &b) + 1.0 - nps_expect_cdf(&b, &a)) / 2.0);
}
