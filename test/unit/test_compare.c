/*
 * test_compare.c: comparing many groups: adjusted p-values (cx_padjust.h),
 * sample sizes (cx_plan.h) and the NPS score interval (cx_stats.h).
 */
#include "test_unit.h"

#include <float.h>

#include "cx_padjust.h"
#include "cx_plan.h"
#include "cx_stats.h"
#include "score_interval_reference.h"

/* ---- p_adjust ---- */

static void
adjust(cx_padjust_method m, const double *p, size_t n, double *out)
{
	size_t		order[64];

	ck_assert(n <= 64);
	cx_padjust(m, p, n, out, order);
}

START_TEST(test_padjust_parse)
{
	cx_padjust_method m;

	ck_assert(cx_padjust_parse("bonferroni", 10, &m) && m == CX_PADJUST_BONFERRONI);
	ck_assert(cx_padjust_parse("holm", 4, &m) && m == CX_PADJUST_HOLM);
	ck_assert(cx_padjust_parse("bh", 2, &m) && m == CX_PADJUST_BH);
	ck_assert(cx_padjust_parse("BH", 2, &m) && m == CX_PADJUST_BH);
	ck_assert(cx_padjust_parse("fdr", 3, &m) && m == CX_PADJUST_BH);
	ck_assert(!cx_padjust_parse("Holm", 4, &m));
	ck_assert(!cx_padjust_parse("hochberg", 8, &m));
	ck_assert(!cx_padjust_parse("", 0, &m));
	ck_assert(!cx_padjust_parse("holm ", 5, &m));
	ck_assert(!cx_padjust_parse("holmx", 4 + 1, &m));
	/* the length counts, not a terminator */
	ck_assert(cx_padjust_parse("holmx", 4, &m) && m == CX_PADJUST_HOLM);
}
END_TEST

/*
 * R: p <- c(0.01, 0.02, 0.03, 0.04, 0.05)
 * p.adjust(p, "holm") = 0.05 0.08 0.09 0.09 0.09 (by hand: sorted p times
 * 5, 4, 3, 2, 1 = .05 .08 .09 .08 .05, running maximum);
 * p.adjust(p, "BH") = 0.05 (n / i * p = .05 for every i).
 */
START_TEST(test_padjust_textbook)
{
	static const double p[] = {0.03, 0.01, 0.05, 0.02, 0.04};	/* shuffled */
	static const double holm[] = {0.09, 0.05, 0.09, 0.08, 0.09};
	double		out[5];

	adjust(CX_PADJUST_HOLM, p, 5, out);
	for (int i = 0; i < 5; i++)
		ck_assert_double_eq_tol(out[i], holm[i], 1e-15);
	adjust(CX_PADJUST_BH, p, 5, out);
	for (int i = 0; i < 5; i++)
		ck_assert_double_eq_tol(out[i], 0.05, 1e-15);
	adjust(CX_PADJUST_BONFERRONI, p, 5, out);
	for (int i = 0; i < 5; i++)
		ck_assert_double_eq(out[i], fmin(1.0, 5 * p[i]));
}
END_TEST

START_TEST(test_padjust_caps_ties_and_edges)
{
	static const double p[] = {0.5, 0.001, 0.5, 1.0, 0.0, 0.3};
	double		out[6];

	/* holm: sorted 0 .001 .3 .5 .5 1 times 6..1 = 0 .005 1.2 1.5 1 1 -> cap 1 */
	adjust(CX_PADJUST_HOLM, p, 6, out);
	ck_assert_double_eq(out[4], 0.0);
	ck_assert_double_eq_tol(out[1], 0.005, 1e-18);
	ck_assert_double_eq(out[5], 1.0);
	ck_assert_double_eq(out[0], 1.0);
	ck_assert_double_eq(out[2], 1.0);	/* ties get equal values */
	ck_assert_double_eq(out[3], 1.0);
	/* bh: from the largest 6/6*1 = 1, 6/5*.5 = .6, 6/4*.5 = .75 -> .6, 6/3*.3 = .6,
	 * 6/2*.001 = .003, 6/1*0 = 0 */
	adjust(CX_PADJUST_BH, p, 6, out);
	ck_assert_double_eq(out[3], 1.0);
	ck_assert_double_eq_tol(out[0], 0.6, 1e-15);
	ck_assert_double_eq(out[0], out[2]);
	ck_assert_double_eq_tol(out[5], 0.6, 1e-15);
	ck_assert_double_eq_tol(out[1], 0.003, 1e-18);
	ck_assert_double_eq(out[4], 0.0);
	/* one p-value: unchanged by every method */
	for (int m = CX_PADJUST_BONFERRONI; m <= CX_PADJUST_BH; m++)
	{
		double		one = 0.0375;

		adjust((cx_padjust_method) m, &one, 1, out);
		ck_assert_double_eq(out[0], 0.0375);
	}
	/* none: nothing written */
	out[0] = -1;
	adjust(CX_PADJUST_HOLM, p, 0, out);
	ck_assert_double_eq(out[0], -1);
}
END_TEST

/* Properties on pseudo-random inputs: bh <= holm <= bonferroni, all >= p,
 * all <= 1, order kept (p_i <= p_j gives adj_i <= adj_j). */
START_TEST(test_padjust_properties)
{
	uint64_t	state = 88172645463325252ull;

	for (int round = 0; round < 200; round++)
	{
		double		p[40],
					bon[40],
					holm[40],
					bh[40];
		size_t		n = 1 + round % 40;

		for (size_t i = 0; i < n; i++)
		{
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			/* some ties: a coarse grid */
			p[i] = (double) (state % 1001) / 1000.0 * ((round & 1) ? 1.0 : 0.05);
		}
		adjust(CX_PADJUST_BONFERRONI, p, n, bon);
		adjust(CX_PADJUST_HOLM, p, n, holm);
		adjust(CX_PADJUST_BH, p, n, bh);
		for (size_t i = 0; i < n; i++)
		{
			ck_assert(bh[i] <= holm[i] && holm[i] <= bon[i] && bon[i] <= 1.0);
			ck_assert(bh[i] >= p[i]);
			for (size_t j = 0; j < n; j++)
				if (p[i] <= p[j])
					ck_assert(holm[i] <= holm[j] && bh[i] <= bh[j]);
		}
	}
}
END_TEST

/* ---- sample sizes ---- */

START_TEST(test_sample_sizes)
{
	double		z95 = cx_z_for_confidence(0.95);

	/* metrics.md: 1534 answers for +/- 5 NPS points in the worst case */
	ck_assert_int_eq(cx_sample_size_final(cx_nps_sample_size_raw(5, z95, 1.0), 0), 1534);
	/* the classic 385 for a proportion at +/- 5 points (1.96^2 / 4 / 0.0025 = 384.1) */
	ck_assert_int_eq(cx_sample_size_final(cx_proportion_sample_size_raw(5, z95, 0.5), 0), 385);
	/* n0 = 1533.66 for N = 1000: 1533.66 / (1 + 1532.66 / 1000) = 605.6 */
	ck_assert_int_eq(cx_sample_size_final(cx_nps_sample_size_raw(5, z95, 1.0), 1000), 606);
	/* 384.146 / (1 + 383.146 / 500) = 217.49 */
	ck_assert_int_eq(cx_sample_size_final(cx_proportion_sample_size_raw(5, z95, 0.5), 500), 218);
	/* raw values to the formula */
	ck_assert_double_rel(cx_nps_sample_size_raw(5, z95, 1.0), z95 * z95 / 0.0025 - 3, 1e-15);
	ck_assert_double_rel(cx_proportion_sample_size_raw(10, z95, 0.2), z95 * z95 * 0.16 / 0.01, 1e-15);
	/* at least 1: a proportion of 0, a small variance, a population of 1 */
	ck_assert_int_eq(cx_sample_size_final(cx_proportion_sample_size_raw(5, z95, 0.0), 0), 1);
	ck_assert_int_eq(cx_sample_size_final(cx_nps_sample_size_raw(50, z95, 0.01), 0), 1);
	ck_assert_int_eq(cx_sample_size_final(cx_nps_sample_size_raw(5, z95, 1.0), 1), 1);
	ck_assert_int_eq(cx_sample_size_final(-2.5, 1), 1);
	/* never more than the population */
	for (int N = 1; N < 3000; N += 7)
		ck_assert(cx_sample_size_final(cx_nps_sample_size_raw(5, z95, 1.0), N) <= N);
	/* too many for int32: -1 */
	ck_assert_int_eq(cx_sample_size_final(cx_proportion_sample_size_raw(1e-4, z95, 0.5), 0), -1);
	ck_assert_int_eq(cx_sample_size_final(INFINITY, 0), -1);
	ck_assert_int_eq(cx_sample_size_final(2147483647.0, 0), 2147483647);
	/* the correction keeps a huge n0 finite and below N */
	ck_assert_int_eq(cx_sample_size_final(1e300, 5000), 5000);
	/* a margin so small that n0 overflows: the population itself */
	ck_assert_int_eq(cx_sample_size_final(cx_nps_sample_size_raw(5e-324, z95, 1.0), 1000), 1000);
	ck_assert_int_eq(cx_sample_size_final(INFINITY, 1000), 1000);
	for (double n0 = 1e15; n0 < 1e300; n0 *= 7.3)
		ck_assert_int_eq(cx_sample_size_final(n0, 1000), 1000);
}
END_TEST

/* ---- NPS score interval ---- */

START_TEST(test_score_interval_reference)
{
	size_t		ncases = sizeof(score_interval_reference) / sizeof(score_interval_reference[0]);

	for (size_t i = 0; i < ncases; i++)
	{
		double		n = score_interval_reference[i].promoters + score_interval_reference[i].passives +
			score_interval_reference[i].detractors;
		double		low,
					high;

		cx_nps_score_interval(n, score_interval_reference[i].promoters / n,
							  score_interval_reference[i].detractors / n,
							  cx_z_for_confidence(score_interval_reference[i].confidence), &low, &high);
		/* the reference maximises the likelihood numerically: 1e-9 relative in the shares */
		ck_assert_msg(fabs(low - score_interval_reference[i].low) <= 1e-6 &&
					  fabs(high - score_interval_reference[i].high) <= 1e-6,
					  "case %zu: [%.12f, %.12f], reference [%.12f, %.12f]", i, low, high,
					  score_interval_reference[i].low, score_interval_reference[i].high);
	}
}
END_TEST

START_TEST(test_score_interval_edges)
{
	double		z = cx_z_for_confidence(0.95);
	double		low,
				high,
				low2,
				high2;

	/* published: Fagerland, Lydersen & Laake (2017), ch. 8, Cavo et al. (2012):
	 * 6 promoters, 16 detractors of 161: -0.1240 to -0.0054 */
	cx_nps_score_interval(161, 6.0 / 161, 16.0 / 161, z, &low, &high);
	ck_assert_double_eq_tol(low, -12.40, 0.005);
	ck_assert_double_eq_tol(high, -0.54, 0.005);

	/* all passive: the statistic is 0/0 at 0, which is inside; the bounds
	 * are +/- z^2 / (n + z^2) */
	for (int n = 1; n <= 1000; n *= 10)
	{
		cx_nps_score_interval(n, 0, 0, z, &low, &high);
		ck_assert_double_rel(high, 100 * z * z / (n + z * z), 1e-13);
		ck_assert_double_rel(low, -100 * z * z / (n + z * z), 1e-13);
	}
	/* all promoters: the upper bound is exactly 100; all detractors: -100 */
	cx_nps_score_interval(7, 1, 0, z, &low, &high);
	ck_assert_double_eq(high, 100.0);
	ck_assert(low > 0 && low < 100);
	cx_nps_score_interval(7, 0, 1, z, &low2, &high2);
	ck_assert_double_eq(low2, -100.0);
	/* mirror images */
	ck_assert_double_eq(low2, -high);
	ck_assert_double_eq_tol(high2, -low, 1e-12);
	/* n = 1, weighted n_eff below 1 is never passed; n = 1 a passive */
	cx_nps_score_interval(1, 0, 0, z, &low, &high);
	ck_assert(low < 0 && high > 0);
	/* deterministic, bit for bit */
	cx_nps_score_interval(33.7, 0.41, 0.23, z, &low, &high);
	cx_nps_score_interval(33.7, 0.41, 0.23, z, &low2, &high2);
	ck_assert_double_bits(low, low2);
	ck_assert_double_bits(high, high2);
}
END_TEST

/* On a grid of counts: inside [-100, 100], around the estimate, wider at a
 * higher confidence, narrower with more answers of the same shares. */
START_TEST(test_score_interval_properties)
{
	double		z90 = cx_z_for_confidence(0.90);
	double		z99 = cx_z_for_confidence(0.99);

	for (int pr = 0; pr <= 12; pr += 3)
		for (int pa = 0; pa <= 12; pa += 4)
			for (int de = 0; de <= 12; de += 3)
			{
				double		n = pr + pa + de;
				double		e,
							l90,
							h90,
							l99,
							h99,
							l4,
							h4;

				if (n == 0)
					continue;
				e = 100.0 * (pr - de) / n;
				cx_nps_score_interval(n, pr / n, de / n, z90, &l90, &h90);
				cx_nps_score_interval(n, pr / n, de / n, z99, &l99, &h99);
				cx_nps_score_interval(4 * n, pr / n, de / n, z90, &l4, &h4);
				ck_assert(-100 <= l99 && l99 <= l90 && l90 <= e + 1e-9);
				ck_assert(e - 1e-9 <= h90 && h90 <= h99 && h99 <= 100);
				ck_assert(l4 >= l90 - 1e-9 && h4 <= h90 + 1e-9);
			}
}
END_TEST

Suite *
compare_suite(void)
{
	Suite	   *s = suite_create("compare");
	TCase	   *tp = tcase_create("p_adjust");
	TCase	   *tn = tcase_create("sample_size");
	TCase	   *ts = tcase_create("score_interval");

	tcase_add_test(tp, test_padjust_parse);
	tcase_add_test(tp, test_padjust_textbook);
	tcase_add_test(tp, test_padjust_caps_ties_and_edges);
	tcase_add_test(tp, test_padjust_properties);
	suite_add_tcase(s, tp);
	tcase_add_test(tn, test_sample_sizes);
	suite_add_tcase(s, tn);
	tcase_add_test(ts, test_score_interval_reference);
	tcase_add_test(ts, test_score_interval_edges);
	tcase_add_test(ts, test_score_interval_properties);
	suite_add_tcase(s, ts);
	return s;
}
