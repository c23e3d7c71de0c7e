/*
 * cx_stats.c: normal quantile, intervals and tests (pure C).
 */
#include "cx_stats.h"

#include <math.h>

/* Horner evaluation of c[0] + c[1] r + ... + c[7] r^7. */
static double
poly7(const double c[8], double r)
{
	double		v = c[7];

	for (int i = 6; i >= 0; i--)
		v = v * r + c[i];
	return v;
}

double
cx_normal_quantile(double p)
{
	/* Wichura (1988), Algorithm AS 241, Appl. Statist. 37(3) */
	static const double a[8] = {3.387132872796366608, 133.14166789178437745,
		1971.5909503065514427, 13731.693765509461125, 45921.953931549871457,
	67265.770927008700853, 33430.575583588128105, 2509.0809287301226727};
	static const double b[8] = {1.0, 42.313330701600911252, 687.1870074920579083,
		5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
	28729.085735721942674, 5226.495278852854561};
	static const double c[8] = {1.42343711074968357734, 4.6303378461565452959,
		5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258,
	0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4};
	static const double d[8] = {1.0, 2.05319162663775882187, 1.6763848301838038494,
		0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966,
	5.475938084995344946e-4, 1.05075007164441684324e-9};
	static const double e[8] = {6.6579046435011037772, 5.4637849111641143699,
		1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093,
	0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7};
	static const double f[8] = {1.0, 0.59983220655588793769, 0.13692988092273580531,
		0.0148753612908506148525, 7.868691311456132591e-4, 1.8463183175100546818e-5,
	1.4215117583164458887e-7, 2.04426310338993978564e-15};
	double		q = p - 0.5;
	double		r;
	double		value;

	if (fabs(q) <= 0.425)
	{
		r = 0.180625 - q * q;
		return q * poly7(a, r) / poly7(b, r);
	}
	r = sqrt(-log(q < 0 ? p : 1.0 - p));
	if (r <= 5.0)
	{
		r -= 1.6;
		value = poly7(c, r) / poly7(d, r);
	}
	else
	{
		r -= 5.0;
		value = poly7(e, r) / poly7(f, r);
	}
	return q < 0 ? -value : value;
}

double
cx_z_for_confidence(double confidence)
{
	/* upper quantile from the small tail: exact even for confidence near 1 */
	/* 0.0 - q, not -q: q = 0 (confidence ~0) must give +0, not a margin of -0 */
	return 0.0 - cx_normal_quantile((1.0 - confidence) / 2.0);
}

double
cx_two_sided_p(double z)
{
	return erfc(fabs(z) / sqrt(2.0));
}

double
cx_nps_moe(double n, double p, double d, double z)
{
	double		v = p + d - (p - d) * (p - d);

	return 100.0 * z * sqrt(v / n);
}

/* Adjusted-Wald estimate and its variance per answer. */
static void
adjusted_wald(double n, double p, double d, double *nps, double *variance_of_mean)
{
	double		n_adj = n + 3.0;
	double		p_adj = (p * n + 0.75) / n_adj;
	double		d_adj = (d * n + 0.75) / n_adj;
	double		v = p_adj + d_adj - (p_adj - d_adj) * (p_adj - d_adj);

	*nps = p_adj - d_adj;
	*variance_of_mean = v / n_adj;
}

static double
clamp(double x, double lo, double hi)
{
	return x < lo ? lo : (x > hi ? hi : x);
}

void
cx_nps_interval(double n, double p, double d, double z, double *low, double *high)
{
	double		nps;
	double		variance;

	adjusted_wald(n, p, d, &nps, &variance);
	*low = clamp(100.0 * (nps - z * sqrt(variance)), -100.0, 100.0);
	*high = clamp(100.0 * (nps + z * sqrt(variance)), -100.0, 100.0);
}

double
cx_nps_test(double n1, double p1, double d1, double n2, double p2, double d2)
{
	double		nps1,
				nps2,
				var1,
				var2;

	adjusted_wald(n1, p1, d1, &nps1, &var1);
	adjusted_wald(n2, p2, d2, &nps2, &var2);
	/* the adjusted shares are > 0, so the variance is too */
	return cx_two_sided_p((nps1 - nps2) / sqrt(var1 + var2));
}

void
cx_wilson_interval(double n, double p, double z, double *low, double *high)
{
	double		z2n = z * z / n;
	double		center = (p + z2n / 2.0) / (1.0 + z2n);
	double		half = z / (1.0 + z2n) * sqrt(p * (1.0 - p) / n + z2n / (4.0 * n));

	*low = clamp(100.0 * (center - half), 0.0, 100.0);
	*high = clamp(100.0 * (center + half), 0.0, 100.0);
}

double
cx_proportion_test(double n1, double p1, double n2, double p2)
{
	double		pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
	double		se = sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2));

	/* pooled share 0 or 1: both samples agree completely */
	if (se == 0.0)
		return 1.0;
	return cx_two_sided_p((p1 - p2) / se);
}

void
cx_mean_interval(double n, double mean, double variance, double z, double *low, double *high)
{
	double		half = z * sqrt(variance / n);

	*low = mean - half;
	*high = mean + half;
}

/*
 * The NPS score interval (Rocks 2016): Tango's score method for the
 * difference of two multinomial proportions.  Under H0: p+ - p- = delta the
 * maximum-likelihood p- has Tango's closed form (the root of
 * 2 x^2 + B x + C = 0 in [max(0, -delta), (1 - delta) / 2], with
 * B = -(p + d) + (2 - p + d) delta, C = -d delta (1 - delta)), and the
 * variance of one answer is p+ + p- - delta^2 = 2 p- + delta (1 - delta).
 */
static double
score_variance(double p, double d, double delta)
{
	double		b = -(p + d) + (2.0 - p + d) * delta;
	double		c = -d * delta * (1.0 - delta);
	double		minus = (-b + sqrt(fmax(b * b - 8.0 * c, 0.0))) / 4.0;

	/* keep p+ = p- + delta and p- inside the simplex despite rounding */
	minus = clamp(minus, fmax(0.0, -delta), (1.0 - delta) / 2.0);
	return fmax(2.0 * minus + delta * (1.0 - delta), 0.0);
}

/* |score statistic| <= z, written without dividing: at a variance of 0 only
 * delta = the estimate itself (0/0) is inside. */
static bool
score_inside(double n, double p, double d, double z, double delta)
{
	double		num = (p - d) - delta;

	return n * num * num <= z * z * score_variance(p, d, delta);
}

/* Bisection between an inside and an outside point; the statistic is
 * monotone in delta, so the boundary is unique.  Fixed steps: deterministic. */
static double
score_bound(double n, double p, double d, double z, double inside, double outside)
{
	for (int i = 0; i < 200; i++)
	{
		double		mid = inside + (outside - inside) / 2.0;

		if (mid == inside || mid == outside)
			break;
		if (score_inside(n, p, d, z, mid))
			inside = mid;
		else
			outside = mid;
	}
	return inside;
}

void
cx_nps_score_interval(double n, double p, double d, double z, double *low, double *high)
{
	double		estimate = p - d;

	*low = score_inside(n, p, d, z, -1.0) ? -1.0 : score_bound(n, p, d, z, estimate, -1.0);
	*high = score_inside(n, p, d, z, 1.0) ? 1.0 : score_bound(n, p, d, z, estimate, 1.0);
	*low = clamp(100.0 * *low, -100.0, 100.0);
	*high = clamp(100.0 * *high, -100.0, 100.0);
}
