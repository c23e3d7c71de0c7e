/*
 * test_bayes.c: P(metric of A > metric of B) under uniform priors
 * (cx_bayes.h), against test/stats/prob_greater.py.
 */
#include "test_unit.h"

#include "cx_bayes.h"
#include "prob_greater_reference.h"

/* CSAT: the exact closed form equals the exact rational reference to
 * rounding, and the numerical integration to 1e-9. */
START_TEST(test_csat_reference)
{
	size_t		n = sizeof(csat_prob_reference) / sizeof(csat_prob_reference[0]);

	for (size_t i = 0; i < n; i++)
	{
		double		a1 = 1 + csat_prob_reference[i].sat1;
		double		b1 = 1 + csat_prob_reference[i].other1;
		double		a2 = 1 + csat_prob_reference[i].sat2;
		double		b2 = 1 + csat_prob_reference[i].other2;
		double		exact = cx_beta_prob_greater(a1, b1, a2, b2);
		double		numeric = cx_beta_prob_greater_numeric(a1, b1, a2, b2);

		ck_assert_msg(fabs(exact - csat_prob_reference[i].p) <= 1e-12,
					  "case %zu: exact %.17g, reference %.17g", i, exact, csat_prob_reference[i].p);
		ck_assert_msg(fabs(numeric - csat_prob_reference[i].p) <= 1e-9,
					  "case %zu: numeric %.17g, reference %.17g", i, numeric, csat_prob_reference[i].p);
	}
}
END_TEST

START_TEST(test_csat_properties)
{
	/* by hand: Beta(2, 1) vs Beta(1, 2): P = 5/6 */
	ck_assert_double_eq_tol(cx_beta_prob_greater(2, 1, 1, 2), 5.0 / 6.0, 1e-15);
	/* identical: exactly 0.5 */
	ck_assert_double_eq(cx_beta_prob_greater(8, 3, 8, 3), 0.5);
	ck_assert_double_eq(cx_beta_prob_greater(8.5, 3.25, 8.5, 3.25), 0.5);
	/* every way round of the four sums agrees, and the two orders sum to 1 */
	for (int a1 = 1; a1 <= 9; a1 += 2)
		for (int b1 = 1; b1 <= 9; b1 += 4)
			for (int a2 = 1; a2 <= 9; a2 += 3)
				for (int b2 = 1; b2 <= 9; b2 += 2)
				{
					double		p = cx_beta_prob_greater(a1, b1, a2, b2);
					double		q = cx_beta_prob_greater(a2, b2, a1, b1);
					double		num = cx_beta_prob_greater_numeric(a1, b1, a2, b2);

					ck_assert_double_eq_tol(p + q, 1.0, 1e-14);
					ck_assert_double_eq_tol(p, num, 1e-9);
					/* a complement: P(X > Y) = P(1 - Y > 1 - X) */
					ck_assert_double_eq_tol(p, cx_beta_prob_greater(b2, a2, b1, a1), 1e-13);
				}
	/* weighted (non-integer) parameters take the numerical path; more
	 * satisfied on one side moves the probability monotonically */
	ck_assert(cx_beta_prob_greater(10.5, 2.5, 10.5, 3.5) > 0.5);
	ck_assert(cx_beta_prob_greater(10.5, 2.5, 10.5, 3.5) < cx_beta_prob_greater(10.5, 2.5, 10.5, 4.5));
	/* large counts: past CX_BAYES_EXACT_MAX the numerical path; both close
	 * to the normal approximation (difference of means 0.001, sd 0.000433) */
	{
		double		p = cx_beta_prob_greater(3000001, 1000001, 2996001, 1004001);
		double		sd = sqrt(0.75 * 0.25 / 4e6 + 0.749 * 0.251 / 4e6);
		double		normal = 0.5 * erfc(-0.001 / sd / sqrt(2.0));

		ck_assert_double_eq_tol(p, normal, 2e-3);
		ck_assert_double_eq_tol(p, cx_beta_prob_greater_numeric(3000001, 1000001, 2996001, 1004001), 1e-8);
	}
}
END_TEST

START_TEST(test_nps_reference)
{
	size_t		n = sizeof(nps_prob_reference) / sizeof(nps_prob_reference[0]);

	for (size_t i = 0; i < n; i++)
	{
		double		p = cx_dirichlet_nps_prob_greater(1 + nps_prob_reference[i].pro1,
													   1 + nps_prob_reference[i].pas1,
													   1 + nps_prob_reference[i].det1,
													   1 + nps_prob_reference[i].pro2,
													   1 + nps_prob_reference[i].pas2,
													   1 + nps_prob_reference[i].det2);

		ck_assert_msg(fabs(p - nps_prob_reference[i].p) <= 1e-6,
					  "case %zu: %.12f, reference %.12f", i, p, nps_prob_reference[i].p);
	}
}
END_TEST

START_TEST(test_nps_properties)
{
	/* identical: exactly 0.5; the two orders sum to 1 */
	ck_assert_double_eq(cx_dirichlet_nps_prob_greater(4, 5, 6, 4, 5, 6), 0.5);
	for (int i = 0; i < 6; i++)
	{
		double		p1 = 1 + i,
					pa1 = 1 + (i * 3) % 5,
					d1 = 1 + (i * 7) % 4;
		double		p = cx_dirichlet_nps_prob_greater(p1, pa1, d1, 3, 2.5, 4);
		double		q = cx_dirichlet_nps_prob_greater(3, 2.5, 4, p1, pa1, d1);

		ck_assert_double_eq_tol(p + q, 1.0, 1e-15);
		/* mirror: swapping promoters and detractors of both swaps the order */
		ck_assert_double_eq_tol(p, cx_dirichlet_nps_prob_greater(4, 2.5, 3, d1, pa1, p1), 1e-7);
	}
	/* more promoters, everything else equal: more likely better */
	ck_assert(cx_dirichlet_nps_prob_greater(11, 5, 5, 10, 5, 5) > 0.5);
	ck_assert(cx_dirichlet_nps_prob_greater(12, 5, 5, 10, 5, 5) >
			  cx_dirichlet_nps_prob_greater(11, 5, 5, 10, 5, 5));
	/* deterministic */
	ck_assert_double_bits(cx_dirichlet_nps_prob_greater(30.5, 12.25, 8, 25, 20, 9),
						  cx_dirichlet_nps_prob_greater(30.5, 12.25, 8, 25, 20, 9));
	/* huge counts stay finite and sensible */
	{
		double		p = cx_dirichlet_nps_prob_greater(4e9, 3e9, 3e9, 3e9, 4e9, 3e9);

		ck_assert(p > 0.999999 && p <= 1.0);
		p = cx_dirichlet_nps_prob_greater(4e9 + 1e4, 3e9, 3e9, 4e9, 3e9, 3e9 + 1e4);
		ck_assert(p > 0.5 && p < 1.0);
	}
}
END_TEST

/*
 * Counts near 2^62.  Exact: with X ~ Beta(n, 1), Y ~ Beta(n, 2) and n large,
 * n (1 - X) and n (1 - Y) tend to Gamma(1) and Gamma(2), and P(X > Y) to
 * P(Gamma(1) < Gamma(2)) = I_{1/2}(1, 2) = 3/4 (to 1/n); with 2 and 3,
 * I_{1/2}(2, 3) = 11/16.  Posteriors that do not overlap give exactly 0 or
 * 1.
 */
START_TEST(test_huge_count_limits)
{
	double		n = 4611686018427387904.0;	/* 2^62 */

	ck_assert_double_eq_tol(cx_beta_prob_greater(n + 1, 1, n + 1, 2), 0.75, 1e-9);
	ck_assert_double_eq_tol(cx_beta_prob_greater(n + 1, 2, n + 1, 1), 0.25, 1e-9);
	ck_assert_double_eq_tol(cx_beta_prob_greater(1e12 + 1, 2, 1e12 + 1, 3), 11.0 / 16.0, 1e-9);
	ck_assert_double_eq(cx_beta_prob_greater(n + 1, 1, 1, 2), 1.0);
	ck_assert_double_eq(cx_beta_prob_greater(1, n + 1, n + 1, 1), 0.0);
	ck_assert_double_eq(cx_dirichlet_nps_prob_greater(n + 1, 1, 1, 1, 1, n + 1), 1.0);
	ck_assert_double_eq(cx_dirichlet_nps_prob_greater(1, 1, n + 1, n + 1, 1, 1), 0.0);
	ck_assert_double_eq(cx_dirichlet_nps_prob_greater(n + 1, 1, 1, 2, 1, 1), 1.0);
}
END_TEST

/*
 * Counts up to 4e18: CSAT's closed form against exact rationals (the four
 * lgamma calls it once used lost every digit by 1e16); weighted CSAT and NPS
 * against Gamma and normal limits (they once gave NaN, or 0.5 for 0.72).
 */
START_TEST(test_huge_counts)
{
	for (size_t i = 0; i < sizeof(csat_huge_reference) / sizeof(csat_huge_reference[0]); i++)
	{
		double		p = cx_beta_prob_greater(1 + csat_huge_reference[i].sat1,
											 1 + csat_huge_reference[i].other1,
											 1 + csat_huge_reference[i].sat2,
											 1 + csat_huge_reference[i].other2);

		ck_assert_msg(fabs(p - csat_huge_reference[i].p) <= 1e-12,
					  "csat case %zu: %.17g, reference %.17g", i, p, csat_huge_reference[i].p);
	}
	for (size_t i = 0; i < sizeof(csat_weighted_reference) / sizeof(csat_weighted_reference[0]); i++)
	{
		double		p = cx_beta_prob_greater(csat_weighted_reference[i].a1, csat_weighted_reference[i].b1,
											 csat_weighted_reference[i].a2, csat_weighted_reference[i].b2);

		/* a Beta(1.5, b) integrates less well (a square root at 0) */
		ck_assert_msg(fabs(p - csat_weighted_reference[i].p) <= 1e-6,
					  "weighted case %zu: %.17g, reference %.17g", i, p, csat_weighted_reference[i].p);
	}
	for (size_t i = 0; i < sizeof(nps_huge_reference) / sizeof(nps_huge_reference[0]); i++)
	{
		double		p = cx_dirichlet_nps_prob_greater(1 + nps_huge_reference[i].pro1,
													   1 + nps_huge_reference[i].pas1,
													   1 + nps_huge_reference[i].det1,
													   1 + nps_huge_reference[i].pro2,
													   1 + nps_huge_reference[i].pas2,
													   1 + nps_huge_reference[i].det2);

		ck_assert_msg(fabs(p - nps_huge_reference[i].p) <= 1e-6,
					  "nps case %zu: %.12f, reference %.12f", i, p, nps_huge_reference[i].p);
	}
}
END_TEST

/* Never NaN, whatever the parameters (>= 1): near 1, near 0, far apart. */
START_TEST(test_extremes_finite)
{
	static const double v[] = {1, 1.5, 7, 1e6, 1e12, 1e15 + 0.5, 1e17, 4e18, 9.2e18};
	int			nv = (int) (sizeof(v) / sizeof(v[0]));

	for (int i = 0; i < nv; i++)
		for (int j = 0; j < nv; j++)
			for (int k = 0; k < nv; k += 2)
			{
				double		p = cx_beta_prob_greater_numeric(v[i], v[j], v[k], v[(k + 3) % nv]);
				double		q = cx_dirichlet_nps_prob_greater(v[i], v[j], v[k], v[k], v[(i + 2) % nv], v[j]);

				ck_assert_msg(p >= 0.0 && p <= 1.0, "beta %g %g %g: %g", v[i], v[j], v[k], p);
				ck_assert_msg(q >= 0.0 && q <= 1.0, "nps %g %g %g: %g", v[i], v[j], v[k], q);
			}
	/* far apart: certain either way */
	ck_assert_double_eq(cx_beta_prob_greater_numeric(4e18, 1.5, 1.5, 4e18), 1.0);
	ck_assert_double_eq(cx_dirichlet_nps_prob_greater(4e18, 1, 1, 1, 1, 4e18), 1.0);
	ck_assert_double_eq(cx_dirichlet_nps_prob_greater(1, 1, 4e18, 1, 4e18, 1), 0.0);
}
END_TEST

Suite *
bayes_suite(void)
{
	Suite	   *s = suite_create("bayes");
	TCase	   *tc = tcase_create("prob_greater");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_csat_reference);
	tcase_add_test(tc, test_csat_properties);
	tcase_add_test(tc, test_nps_reference);
	tcase_add_test(tc, test_nps_properties);
	tcase_add_test(tc, test_huge_counts);
	tcase_add_test(tc, test_huge_count_limits);
	tcase_add_test(tc, test_extremes_finite);
	suite_add_tcase(s, tc);
	return s;
}
