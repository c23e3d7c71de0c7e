/*
 * test_stats.c: uncertainty of the metrics (cx_stats.h): the normal quantile
 * (Wichura AS241), z for a confidence level, two-sided p-values, the NPS
 * margin of error and adjusted-Wald interval, the Wilson interval, the NPS
 * and two-proportion tests, and the interval of a mean.
 *
 * Every expected value was computed independently with scipy 1.10 under
 * Debian's /usr/bin/python3 (`from scipy.stats import norm` and `import math`
 * implied); the one-liner is in the comment next to it.  Values are copied
 * from what repr() printed.
 */
#include "test_unit.h"

#include <float.h>
#include <math.h>

#include "cx_stats.h"

/* AS241 claims about 1e-16; scipy's ndtri (Cephes) is independent. */
#define QUANTILE_REL 1e-14

/* 95 % two-sided z: norm.ppf(0.975) = 1.959963984540054 */
#define Z95 1.959963984540054
/* 99 % two-sided z: norm.ppf(0.995) = 2.5758293035489004 */
#define Z99 2.5758293035489004

/* Deterministic pseudo-random doubles in [0, 1) (64-bit LCG, top 53 bits). */
static uint64_t
lcg_next(uint64_t *state)
{
	*state = *state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
	return *state;
}

static double
lcg_unit(uint64_t *state)
{
	return (double) (lcg_next(state) >> 11) * 0x1.0p-53;
}

/* ---- cx_normal_quantile ---- */

static const struct
{
	double		p;
	double		expected;		/* repr(norm.ppf(p)) */
}			quantile_refs[] = {
	{0.975, 1.959963984540054},
	{0.995, 2.5758293035489004},
	{0.9, 1.2815515655446004},
	{0.025, -1.9599639845400545},
	{0.3, -0.5244005127080409},
	{0.42, -0.20189347914185088},
	{0.58, 0.20189347914185074},	/* 0.58 is not 1 - 0.42 in binary */
	{0.999, 3.090232306167813},
	{1e-5, -4.264890793922825},
	{0.9999999999, 6.361340889697422},
	{1e-10, -6.361340902404056},
	/* r = sqrt(-log p) = 5 at p = exp(-25) = 1.3887943864964021e-11 */
	{1.4e-11, -6.656723091518184},	/* r < 5: second polynomial */
	{1.3e-11, -6.667611456510741},	/* r > 5: third polynomial */
	/*
	 * norm.ppf(1e-300) prints -37.0470962993612; the -37.04710099724862 of
	 * the brief is wrong: norm.cdf(-37.0470962993612) = 9.999999999998976e-301
	 * but norm.cdf(-37.04710099724862) = 9.9982584544336e-301, and
	 * -math.sqrt(2) * scipy.special.erfcinv(2e-300) = -37.04709629936121.
	 */
	{1e-300, -37.0470962993612},
	{0.5 + 0x1.0p-30, 2.3344794983332983e-09},	/* norm.ppf(0.5 + 2**-30) */
};

START_TEST(test_quantile_reference_values)
{
	double		p = quantile_refs[_i].p;

	ck_assert_double_rel(cx_normal_quantile(p), quantile_refs[_i].expected, QUANTILE_REL);
}
END_TEST

START_TEST(test_quantile_median_is_zero)
{
	/* q = p - 0.5 = 0 exactly, so 0 * a(r) / b(r) = 0 (norm.ppf(0.5) = 0.0) */
	ck_assert_double_bits(cx_normal_quantile(0.5), 0.0);
}
END_TEST

START_TEST(test_quantile_branch_boundary)
{
	/*
	 * The central formula holds for |p - 0.5| <= 0.425.  0.075 - 0.5 is
	 * exactly -0.425 (the double of the literal 0.425): central branch;
	 * 0.925 - 0.5 = 0.42500000000000004: tail branch.  Both must agree with
	 * the reference, and so must the points just outside the boundary.
	 */
	ck_assert(fabs(0.075 - 0.5) <= 0.425);
	ck_assert(fabs(0.925 - 0.5) > 0.425);
	/* norm.ppf(0.075) = -1.4395314709384563, norm.ppf(0.925) = 1.4395314709384563 */
	ck_assert_double_rel(cx_normal_quantile(0.075), -1.4395314709384563, QUANTILE_REL);
	ck_assert_double_rel(cx_normal_quantile(0.925), 1.4395314709384563, QUANTILE_REL);
	/* norm.ppf(0.0749) = -1.4402382675279635, norm.ppf(0.9251) = 1.4402382675279635 */
	ck_assert_double_rel(cx_normal_quantile(0.0749), -1.4402382675279635, QUANTILE_REL);
	ck_assert_double_rel(cx_normal_quantile(0.9251), 1.4402382675279635, QUANTILE_REL);
}
END_TEST

START_TEST(test_quantile_increasing_across_branches)
{
	/*
	 * Strictly increasing on grids of step 1e-6 across both branch switches
	 * (|p - 0.5| = 0.425) and across r = 5 (p = exp(-25)); one step moves the
	 * quantile by about 1e-6 / phi(x), far more than any rounding.
	 */
	static const double starts[] = {0.0745, 0.9245};
	double		prev,
				cur;

	for (size_t s = 0; s < sizeof(starts) / sizeof(starts[0]); s++)
	{
		prev = cx_normal_quantile(starts[s]);
		for (int i = 1; i <= 1000; i++)
		{
			cur = cx_normal_quantile(starts[s] + i * 1e-6);
			ck_assert_msg(cur > prev, "not increasing at p = %.17g", starts[s] + i * 1e-6);
			prev = cur;
		}
	}
	prev = cx_normal_quantile(1.38e-11);
	for (int i = 1; i <= 1000; i++)
	{
		cur = cx_normal_quantile(1.38e-11 + i * 2e-16);
		ck_assert_msg(cur > prev, "not increasing at p = %.17g", 1.38e-11 + i * 2e-16);
		prev = cur;
	}
}
END_TEST

START_TEST(test_quantile_symmetry)
{
	/*
	 * For p in [0.5, 1), 1 - p is exact (Sterbenz) and 1 - (1 - p) = p, so
	 * q(p) = -q(1 - p) must hold bit for bit: the central branch negates
	 * p - 0.5 exactly, the tails take the log of the same small tail.
	 */
	uint64_t	state = 42;

	for (int k = 2; k <= 53; k++)
	{
		double		p = 1.0 - ldexp(1.0, -k);	/* 0.75, 0.875, ..., 1 - 2^-53 */

		ck_assert_double_bits(cx_normal_quantile(p), -cx_normal_quantile(1.0 - p));
	}
	for (int i = 0; i < 10000; i++)
	{
		double		p = 0.5 + lcg_unit(&state) / 2.0;

		ck_assert_msg(cx_normal_quantile(p) == -cx_normal_quantile(1.0 - p),
					  "q(%.17g) != -q(%.17g)", p, 1.0 - p);
	}
	/* and the reference pair 0.975 / 0.025: 1.959963984540054 vs -1.9599639845400545 */
	ck_assert_double_rel(cx_normal_quantile(0.025), -cx_normal_quantile(0.975), QUANTILE_REL);
}
END_TEST

/* ---- cx_z_for_confidence, cx_two_sided_p ---- */

START_TEST(test_z_for_confidence)
{
	/* norm.isf((1 - 0.95) / 2) = 1.959963984540054 */
	ck_assert_double_rel(cx_z_for_confidence(0.95), 1.959963984540054, QUANTILE_REL);
	/* norm.isf((1 - 0.9) / 2) = 1.6448536269514729 */
	ck_assert_double_rel(cx_z_for_confidence(0.9), 1.6448536269514729, QUANTILE_REL);
	/* norm.isf((1 - 0.99) / 2) = 2.5758293035489004 */
	ck_assert_double_rel(cx_z_for_confidence(0.99), 2.5758293035489004, QUANTILE_REL);
	/* near 1, from the small tail: norm.isf((1 - 0.999999999) / 2) = 6.10941020938345 */
	ck_assert_double_rel(cx_z_for_confidence(0.999999999), 6.10941020938345, QUANTILE_REL);
	/* increasing in the confidence */
	ck_assert(cx_z_for_confidence(0.9) < cx_z_for_confidence(0.95));
	ck_assert(cx_z_for_confidence(0.95) < cx_z_for_confidence(0.99));
}
END_TEST

START_TEST(test_two_sided_p)
{
	/* 2 * norm.sf(0.0) = 1.0: exactly, erfc(0) = 1 */
	ck_assert_double_eq(cx_two_sided_p(0.0), 1.0);
	ck_assert_double_eq(cx_two_sided_p(-0.0), 1.0);
	/* 2 * norm.sf(1.959963984540054) = 0.05 */
	ck_assert_double_eq_tol(cx_two_sided_p(1.959963984540054), 0.05, 1e-12);
	ck_assert_double_eq_tol(cx_two_sided_p(-1.959963984540054), 0.05, 1e-12);
	/* 2 * norm.sf(2.5) = 0.012419330651552265 */
	ck_assert_double_rel(cx_two_sided_p(2.5), 0.012419330651552265, 1e-13);
	ck_assert_double_eq(cx_two_sided_p(-2.5), cx_two_sided_p(2.5));
	/* 2 * norm.sf(10) = 1.523970604832094e-23 */
	ck_assert_double_rel(cx_two_sided_p(10.0), 1.523970604832094e-23, 1e-12);
	/* 2 * norm.sf(37.5) = 9.210706019163908e-308 (still normal) */
	ck_assert_double_rel(cx_two_sided_p(37.5), 9.210706019163908e-308, 1e-12);
	/* 2 * norm.sf(40) = 0.0: tiny, never negative nor NaN */
	{
		static const double large[] = {40.0, -40.0, 1e3, 1e300, DBL_MAX};

		for (size_t i = 0; i < sizeof(large) / sizeof(large[0]); i++)
		{
			double		p = cx_two_sided_p(large[i]);

			ck_assert_msg(p >= 0.0 && p < 1e-300, "p(%g) = %.17g", large[i], p);
		}
	}
}
END_TEST

/* ---- NPS: margin of error, adjusted-Wald interval, test ---- */

START_TEST(test_nps_moe)
{
	/*
	 * The README example: n = 12, p = 9/12, d = 1/12.
	 * v = p + d - (p - d)^2;  p, d = 9/12, 1/12; 100 * 1.959963984540054 *
	 * math.sqrt((p + d - (p - d)**2) / 12) = 35.28338433895101
	 */
	ck_assert_double_rel(cx_nps_moe(12, 9.0 / 12, 1.0 / 12, Z95), 35.28338433895101, 1e-14);
	/* p, d = 0.5, 0.2: 100 * 1.959963984540054 * math.sqrt((p + d - (p - d)**2) / 400) = 7.653904037521335 */
	ck_assert_double_rel(cx_nps_moe(400, 0.5, 0.2, Z95), 7.653904037521335, 1e-14);
	/* no variance: all promoters (1 + 0 - 1 = 0), all passives (0 + 0 - 0 = 0) */
	ck_assert_double_eq(cx_nps_moe(1, 1.0, 0.0, Z95), 0.0);
	ck_assert_double_eq(cx_nps_moe(50, 0.0, 1.0, Z95), 0.0);
	ck_assert_double_eq(cx_nps_moe(7, 0.0, 0.0, Z95), 0.0);
	/* 4 x the sample: half the margin; 3.3333333333333335 effective answers work too */
	ck_assert_double_rel(cx_nps_moe(1600, 0.5, 0.2, Z95), 7.653904037521335 / 2, 1e-14);
	ck_assert(isfinite(cx_nps_moe(3.3333333333333335, 0.5, 0.3, Z95)));
}
END_TEST

/*
 * Adjusted Wald in Python (the formula of the header, Rocks 2016):
 *   def aw(n, p, d, z):
 *       na = n + 3; pa = (p*n + 0.75) / na; da = (d*n + 0.75) / na
 *       s = math.sqrt((pa + da - (pa - da)**2) / na)
 *       return 100 * (pa - da - z*s), 100 * (pa - da + z*s)
 * z from norm.ppf(0.975) and norm.ppf(0.995); then clamped to [-100, 100].
 */
START_TEST(test_nps_interval_example)
{
	double		low,
				high;

	/* aw(12, 9/12, 1/12, 1.959963984540054) = (18.19136593355828, 88.47530073310838) */
	cx_nps_interval(12, 9.0 / 12, 1.0 / 12, Z95, &low, &high);
	ck_assert_double_rel(low, 18.19136593355828, 1e-13);
	ck_assert_double_rel(high, 88.47530073310838, 1e-13);
	/* the adjusted estimate (p' - d' = 0.5333) is pulled toward 0 from 66.67 */
	ck_assert_double_eq_tol((low + high) / 2, 53.333333333333333, 1e-12);
}
END_TEST

static const struct
{
	double		n;
	double		p;
	double		d;
	double		z;
	double		low;			/* after clamping */
	double		high;
}			nps_extremes[] = {
	/* all promoters */
	{1, 1, 0, Z95, -48.49864942025203, 98.49864942025202},	/* no clamp */
	{1, 1, 0, Z99, -71.59359888308376, 100.0},	/* 121.59359888308376 */
	{3, 1, 0, Z95, -6.5792867038085845, 100.0},	/* 106.57928670380858 */
	{3, 1, 0, Z99, -24.357787089524187, 100.0},	/* 124.35778708952418 */
	{50, 1, 0, Z95, 86.64432129203477, 100.0},	/* 102.03492399098408 */
	{50, 1, 0, Z99, 84.22628235976552, 100.0},	/* 104.45296292325332 */
	/* all detractors: the mirror image */
	{1, 0, 1, Z95, -98.49864942025202, 48.49864942025203},
	{1, 0, 1, Z99, -100.0, 71.59359888308376},	/* -121.59359888308376 */
	{3, 0, 1, Z95, -100.0, 6.5792867038085845},	/* -106.57928670380858 */
	{3, 0, 1, Z99, -100.0, 24.357787089524187},	/* -124.35778708952418 */
	{50, 0, 1, Z95, -100.0, -86.64432129203477},	/* -102.03492399098408 */
	{50, 0, 1, Z99, -100.0, -84.22628235976552},	/* -104.45296292325332 */
};

START_TEST(test_nps_interval_clamped)
{
	double		low,
				high;

	cx_nps_interval(nps_extremes[_i].n, nps_extremes[_i].p, nps_extremes[_i].d,
					nps_extremes[_i].z, &low, &high);
	ck_assert_double_rel(low, nps_extremes[_i].low, 1e-13);
	ck_assert_double_rel(high, nps_extremes[_i].high, 1e-13);
	/* a clamped end is exactly the bound */
	if (fabs(nps_extremes[_i].low) == 100.0)
		ck_assert_double_eq(low, nps_extremes[_i].low);
	if (fabs(nps_extremes[_i].high) == 100.0)
		ck_assert_double_eq(high, nps_extremes[_i].high);
	ck_assert(-100.0 <= low && low <= high && high <= 100.0);
}
END_TEST

START_TEST(test_nps_test)
{
	/* identical samples: a difference of exactly 0, p = erfc(0) = 1 */
	ck_assert_double_eq(cx_nps_test(100, 0.5, 0.2, 100, 0.5, 0.2), 1.0);
	ck_assert_double_eq(cx_nps_test(1, 1, 0, 1, 1, 0), 1.0);
	ck_assert_double_eq(cx_nps_test(3, 0, 1, 3, 0, 1), 1.0);
	ck_assert_double_eq(cx_nps_test(50, 0, 0, 50, 0, 0), 1.0);
	/* effective sizes need not be integers (Kish: 16 / 6) */
	ck_assert_double_eq(cx_nps_test(2.6666666666666665, 0.75, 0.25,
									2.6666666666666665, 0.75, 0.25), 1.0);

	/*
	 * aw0 returns the adjusted NPS and its variance:
	 *   def aw0(n, p, d):
	 *       na = n + 3; pa = (p*n + 0.75) / na; da = (d*n + 0.75) / na
	 *       return pa - da, (pa + da - (pa - da)**2) / na
	 *   a, b = aw0(200, .5, .2), aw0(250, .4, .25)
	 *   2 * norm.sf(abs(a[0] - b[0]) / math.sqrt(a[1] + b[1])) = 0.04651780414397457
	 */
	ck_assert_double_rel(cx_nps_test(200, 0.5, 0.2, 250, 0.4, 0.25), 0.04651780414397457, 1e-12);
	ck_assert_double_eq(cx_nps_test(250, 0.4, 0.25, 200, 0.5, 0.2),
						cx_nps_test(200, 0.5, 0.2, 250, 0.4, 0.25));
	/* the extremes stay a probability: all promoters vs all detractors, n = 1 */
	{
		double		p = cx_nps_test(1, 1, 0, 1, 0, 1);

		ck_assert_msg(p > 0.0 && p < 1.0, "p = %.17g", p);
	}
}
END_TEST

/* ---- CSAT: Wilson interval and two-proportion test ---- */

START_TEST(test_wilson_interval)
{
	double		low,
				high;

	/*
	 * The 0.45 share of the twenty-answer example (9 satisfied of 20), 95 %:
	 * ci = scipy.stats.binomtest(9, 20).proportion_ci(0.95, method='wilson');
	 * 100 * ci.low = 25.819785825562423, 100 * ci.high = 65.79146575496577
	 */
	cx_wilson_interval(20, 0.45, Z95, &low, &high);
	ck_assert_double_rel(low, 25.819785825562423, 1e-13);
	ck_assert_double_rel(high, 65.79146575496577, 1e-13);
}
END_TEST

START_TEST(test_wilson_interval_extremes)
{
	double		low,
				high;

	/*
	 * p = 0 of 10: binomtest(0, 10).proportion_ci(0.95, method='wilson') =
	 * (0.0, 0.27753279986288927).  Mathematically center = half, so the
	 * computed low may round either way; it must not leave [0, 100].
	 */
	cx_wilson_interval(10, 0.0, Z95, &low, &high);
	ck_assert_msg(low >= 0.0 && low <= 1e-12, "low = %.17g", low);
	ck_assert_double_rel(high, 27.753279986288927, 1e-13);
	/* p = 1 of 10: (0.7224672001371108, 1.0) */
	cx_wilson_interval(10, 1.0, Z95, &low, &high);
	ck_assert_double_rel(low, 72.24672001371108, 1e-13);
	ck_assert_msg(high <= 100.0 && high >= 100.0 - 1e-12, "high = %.17g", high);
	/* n = 1: binomtest(0, 1) -> (0.0, 0.7934506856227625), binomtest(1, 1) -> (0.20654931437723747, 1.0) */
	cx_wilson_interval(1, 0.0, Z95, &low, &high);
	ck_assert_msg(low >= 0.0 && low <= 1e-12, "low = %.17g", low);
	ck_assert_double_rel(high, 79.34506856227625, 1e-13);
	cx_wilson_interval(1, 1.0, Z95, &low, &high);
	ck_assert_double_rel(low, 20.654931437723747, 1e-13);
	ck_assert_msg(high <= 100.0 && high >= 100.0 - 1e-12, "high = %.17g", high);

	/* every size, effective sizes included, and both confidence levels */
	for (int i = 1; i <= 2000; i++)
	{
		double		n = i / 3.0;

		for (int z = 0; z < 2; z++)
		{
			cx_wilson_interval(n, 0.0, z ? Z99 : Z95, &low, &high);
			ck_assert_msg(low >= 0.0 && low <= high && high <= 100.0,
						  "p = 0, n = %.17g: [%.17g, %.17g]", n, low, high);
			cx_wilson_interval(n, 1.0, z ? Z99 : Z95, &low, &high);
			ck_assert_msg(low >= 0.0 && low <= high && high <= 100.0,
						  "p = 1, n = %.17g: [%.17g, %.17g]", n, low, high);
		}
	}
}
END_TEST

START_TEST(test_proportion_test)
{
	/*
	 * 70 % of 100 vs 60 % of 120.  The pooled z-test is the chi-square test of
	 * the 2x2 table without continuity correction:
	 * scipy.stats.chi2_contingency([[70, 30], [72, 48]], correction=False)[1]
	 * = 0.12262003436902506
	 */
	ck_assert_double_rel(cx_proportion_test(100, 0.7, 120, 0.6), 0.12262003436902506, 1e-12);
	ck_assert_double_eq(cx_proportion_test(120, 0.6, 100, 0.7),
						cx_proportion_test(100, 0.7, 120, 0.6));
	/* equal shares, pooled share in (0, 1): z = 0, p = 1 */
	ck_assert_double_eq(cx_proportion_test(100, 0.25, 300, 0.25), 1.0);
}
END_TEST

START_TEST(test_proportion_test_pooled_degenerate)
{
	/* pooled share 0 or 1: no variance, both samples agree completely: 1.0 */
	ck_assert_double_eq(cx_proportion_test(10, 0.0, 25, 0.0), 1.0);
	ck_assert_double_eq(cx_proportion_test(10, 1.0, 25, 1.0), 1.0);
	ck_assert_double_eq(cx_proportion_test(1, 1.0, 1, 1.0), 1.0);
	/* non-integer effective sizes: (1 * n1 + 1 * n2) / (n1 + n2) is still exactly 1 */
	ck_assert_double_eq(cx_proportion_test(2.6666666666666665, 1.0, 3.3333333333333335, 1.0), 1.0);
	ck_assert_double_eq(cx_proportion_test(0.1, 1.0, 0.2, 1.0), 1.0);
	ck_assert_double_eq(cx_proportion_test(2.6666666666666665, 0.0, 3.3333333333333335, 0.0), 1.0);
}
END_TEST

/* ---- mean ---- */

START_TEST(test_mean_interval)
{
	double		low,
				high;

	/*
	 * The twenty-answer example: mean 3, sample variance
	 * numpy.var(numpy.repeat([1,2,3,4,5], [4,3,4,7,2]), ddof=1) = 1.7894736842105263;
	 * norm.interval(0.95, loc=3, scale=math.sqrt(1.7894736842105263 / 20)) =
	 * (2.4137325922153554, 3.5862674077846446)
	 */
	cx_mean_interval(20, 3.0, 1.7894736842105263, Z95, &low, &high);
	ck_assert_double_rel(low, 2.4137325922153554, 1e-14);
	ck_assert_double_rel(high, 3.5862674077846446, 1e-14);
	/* no variance: the mean itself */
	cx_mean_interval(5, 7.5, 0.0, Z95, &low, &high);
	ck_assert_double_eq(low, 7.5);
	ck_assert_double_eq(high, 7.5);
}
END_TEST

Suite *
stats_suite(void)
{
	Suite	   *s = suite_create("stats");
	TCase	   *tq = tcase_create("quantile");
	TCase	   *tn = tcase_create("nps");
	TCase	   *tp = tcase_create("proportion_mean");

	tcase_add_loop_test(tq, test_quantile_reference_values, 0,
						(int) (sizeof(quantile_refs) / sizeof(quantile_refs[0])));
	tcase_add_test(tq, test_quantile_median_is_zero);
	tcase_add_test(tq, test_quantile_branch_boundary);
	tcase_add_test(tq, test_quantile_increasing_across_branches);
	tcase_add_test(tq, test_quantile_symmetry);
	tcase_add_test(tq, test_z_for_confidence);
	tcase_add_test(tq, test_two_sided_p);
	suite_add_tcase(s, tq);

	tcase_add_test(tn, test_nps_moe);
	tcase_add_test(tn, test_nps_interval_example);
	tcase_add_loop_test(tn, test_nps_interval_clamped, 0,
						(int) (sizeof(nps_extremes) / sizeof(nps_extremes[0])));
	tcase_add_test(tn, test_nps_test);
	suite_add_tcase(s, tn);

	tcase_add_test(tp, test_wilson_interval);
	tcase_add_test(tp, test_wilson_interval_extremes);
	tcase_add_test(tp, test_proportion_test);
	tcase_add_test(tp, test_proportion_test_pooled_degenerate);
	tcase_add_test(tp, test_mean_interval);
	suite_add_tcase(s, tp);
	return s;
}
