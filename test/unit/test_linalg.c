/*
 * test_linalg.c: Jacobi eigendecomposition, symmetric powers and the
 * regression figures of key-driver analysis (cx_linalg.h).
 */
#include "test_unit.h"

#include <stdlib.h>

#include "cx_linalg.h"

/* Deterministic pseudo-random numbers in [-1, 1) (xorshift). */
static uint64_t rng_state = 88172645463325252ULL;

static double
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (double) (rng_state >> 11) / 9007199254740992.0 * 2.0 - 1.0;
}

START_TEST(test_eigen_2x2)
{
	double		a[4] = {2, 1, 1, 2};
	double		w[2],
				v[4];

	ck_assert(cx_sym_eigen(a, 2, w, v));
	ck_assert_double_rel(w[0], 3.0, 1e-15);
	ck_assert_double_rel(w[1], 1.0, 1e-15);
	/* (1, 1)/sqrt 2 for 3, (1, -1)/sqrt 2 for 1, up to sign */
	ck_assert_double_rel(fabs(v[0]), M_SQRT1_2, 1e-15);
	ck_assert_double_rel(v[0] * v[2], 0.5, 1e-15);
	ck_assert_double_rel(v[1] * v[3], -0.5, 1e-15);
}
END_TEST

START_TEST(test_eigen_diagonal_and_empty)
{
	double		a[9] = {1, 0, 0, 0, 5, 0, 0, 0, -2};
	double		w[3],
				v[9];

	ck_assert(cx_sym_eigen(a, 3, w, v));
	ck_assert_double_bits(w[0], 5.0);
	ck_assert_double_bits(w[1], 1.0);
	ck_assert_double_bits(w[2], -2.0);
	ck_assert_double_bits(fabs(v[1 * 3 + 0]), 1.0);
	ck_assert(cx_sym_eigen(a, 0, w, v));
}
END_TEST

/* A = V diag(w) V^T and V^T V = I for random symmetric matrices up to 64. */
START_TEST(test_eigen_reconstructs)
{
	static const int sizes[] = {1, 2, 5, 17, 64};

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
	{
		int			n = sizes[s];
		double	   *a = malloc(sizeof(double) * n * n);
		double	   *copy = malloc(sizeof(double) * n * n);
		double	   *v = malloc(sizeof(double) * n * n);
		double	   *w = malloc(sizeof(double) * n);
		double		worst = 0,
					worst_orth = 0;

		for (int i = 0; i < n; i++)
			for (int j = 0; j <= i; j++)
				a[i * n + j] = a[j * n + i] = rnd() * 10;
		memcpy(copy, a, sizeof(double) * n * n);
		ck_assert(cx_sym_eigen(a, n, w, v));
		for (int i = 0; i + 1 < n; i++)
			ck_assert(w[i] >= w[i + 1]);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
			{
				double		r = 0,
							o = 0;

				for (int m = 0; m < n; m++)
				{
					r += v[i * n + m] * w[m] * v[j * n + m];
					o += v[m * n + i] * v[m * n + j];
				}
				worst = fmax(worst, fabs(r - copy[i * n + j]));
				worst_orth = fmax(worst_orth, fabs(o - (i == j)));
			}
		ck_assert_msg(worst < 1e-11 * n, "n=%d reconstruction error %g", n, worst);
		ck_assert_msg(worst_orth < 1e-13 * n, "n=%d orthogonality error %g", n, worst_orth);
		free(a);
		free(copy);
		free(v);
		free(w);
	}
}
END_TEST

/* sqrt(A)^2 = A; pinv of a singular matrix satisfies A A+ A = A. */
START_TEST(test_powers)
{
	double		a[9] = {4, 2, 0, 2, 2, 0, 0, 0, 9};
	double		singular[9] = {1, 1, 0, 1, 1, 0, 0, 0, 2};
	double		w[3],
				v[9],
				half[9],
				pinv[9],
				tmp[9];

	memcpy(tmp, a, sizeof(a));
	cx_sym_eigen(tmp, 3, w, v);
	cx_sym_power(w, v, 3, 0.5, half);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
		{
			double		sq = 0;

			for (int m = 0; m < 3; m++)
				sq += half[i * 3 + m] * half[m * 3 + j];
			ck_assert_msg(fabs(sq - a[i * 3 + j]) < 1e-14, "sqrt^2 [%d][%d] = %.17g", i, j, sq);
		}
	memcpy(tmp, singular, sizeof(singular));
	cx_sym_eigen(tmp, 3, w, v);
	cx_sym_power(w, v, 3, -1.0, pinv);
	/* pinv of [[1,1],[1,1]] is [[1/4,1/4],[1/4,1/4]]; of [2] is [1/2] */
	ck_assert_double_rel(pinv[0], 0.25, 1e-14);
	ck_assert_double_rel(pinv[1], 0.25, 1e-14);
	ck_assert_double_rel(pinv[8], 0.5, 1e-14);
	ck_assert(fabs(pinv[2]) < 1e-15);
}
END_TEST

START_TEST(test_regression_one_and_orthogonal)
{
	double		r1 = 1.0,
				rxy1 = -0.6,
				beta[3],
				weight[3],
				r2,
				work[64];
	double		eye[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
	double		rxy3[3] = {0.5, -0.3, 0.1};

	cx_regression(&r1, &rxy1, 1, work, beta, weight, &r2);
	ck_assert_double_rel(beta[0], -0.6, 1e-15);
	ck_assert_double_rel(r2, 0.36, 1e-15);
	ck_assert_double_rel(weight[0], 0.36, 1e-15);

	/* uncorrelated attributes: beta = r, weight = r^2 */
	cx_regression(eye, rxy3, 3, work, beta, weight, &r2);
	for (int j = 0; j < 3; j++)
	{
		ck_assert_double_rel(beta[j], rxy3[j], 1e-15);
		ck_assert_double_rel(weight[j], rxy3[j] * rxy3[j], 1e-15);
	}
	ck_assert_double_rel(r2, 0.35, 1e-15);

	cx_regression(NULL, NULL, 0, work, beta, weight, &r2);
	ck_assert_double_bits(r2, 0.0);
}
END_TEST

/*
 * Two correlated attributes, by hand: R = [[1, .5], [.5, 1]], r = (.6, .4).
 * beta = R^-1 r = (.5333.., .1333..), R^2 = .6 .5333 + .4 .1333 = .37333..
 * Johnson: Lambda_half = [[a, b], [b, a]] with a = (sqrt 1.5 + sqrt .5) / 2,
 * b = (sqrt 1.5 - sqrt .5) / 2; beta* = Lambda_half^-1 r.
 */
START_TEST(test_regression_two)
{
	double		rxx[4] = {1, 0.5, 0.5, 1};
	double		rxy[2] = {0.6, 0.4};
	double		beta[2],
				weight[2],
				r2,
				work[64];
	double		a = (sqrt(1.5) + sqrt(0.5)) / 2,
				b = (sqrt(1.5) - sqrt(0.5)) / 2;
	double		det = a * a - b * b;
	double		s0 = (a * 0.6 - b * 0.4) / det,
				s1 = (a * 0.4 - b * 0.6) / det;

	cx_regression(rxx, rxy, 2, work, beta, weight, &r2);
	ck_assert_double_rel(beta[0], 0.8 / 1.5, 1e-14);
	ck_assert_double_rel(beta[1], 0.2 / 1.5, 1e-14);
	ck_assert_double_rel(r2, 0.6 * 0.8 / 1.5 + 0.4 * 0.2 / 1.5, 1e-14);
	ck_assert_double_rel(weight[0], a * a * s0 * s0 + b * b * s1 * s1, 1e-14);
	ck_assert_double_rel(weight[1], b * b * s0 * s0 + a * a * s1 * s1, 1e-14);
	ck_assert_double_rel(weight[0] + weight[1], r2, 1e-14);
}
END_TEST

/* Identical attributes: pseudo-inverse, equal split, sum R^2. */
START_TEST(test_regression_identical)
{
	double		rxx[9] = {1, 1, 0.2, 1, 1, 0.2, 0.2, 0.2, 1};
	double		rxy[3] = {0.7, 0.7, 0.1};
	double		beta[3],
				weight[3],
				r2,
				work[64];

	cx_regression(rxx, rxy, 3, work, beta, weight, &r2);
	ck_assert_double_rel(beta[0], beta[1], 1e-13);
	ck_assert_double_rel(weight[0], weight[1], 1e-13);
	ck_assert_double_rel(weight[0] + weight[1] + weight[2], r2, 1e-13);
	for (int j = 0; j < 3; j++)
		ck_assert(isfinite(beta[j]) && weight[j] >= 0);
	/* as one attribute of correlation .7 (beta split in two) */
	{
		double		rxx2[4] = {1, 0.2, 0.2, 1};
		double		rxy2[2] = {0.7, 0.1};
		double		beta2[2],
					weight2[2],
					r2b;

		cx_regression(rxx2, rxy2, 2, work, beta2, weight2, &r2b);
		ck_assert_double_rel(r2, r2b, 1e-13);
		ck_assert_double_rel(2 * beta[0], beta2[0], 1e-13);
	}
}
END_TEST

/*
 * Inconsistent input (found by fuzz_driver_wire): nearly identical attributes
 * with different correlations, their small eigenvalue above the rank
 * threshold.  R^2 is capped at 1 and the weights still sum to it.
 */
START_TEST(test_regression_inconsistent)
{
	double		rxx[4] = {1, 1 - 1e-9, 1 - 1e-9, 1};
	double		rxy[2] = {0.6, 0.5};
	double		beta[2],
				weight[2],
				r2,
				work[64];

	cx_regression(rxx, rxy, 2, work, beta, weight, &r2);
	ck_assert_double_bits(r2, 1.0);
	ck_assert_double_rel(weight[0] + weight[1], 1.0, 1e-15);
	ck_assert(weight[0] >= 0 && weight[1] >= 0 && isfinite(beta[0]) && isfinite(beta[1]));
}
END_TEST

Suite *
linalg_suite(void)
{
	Suite	   *s = suite_create("linalg");
	TCase	   *tc = tcase_create("core");

	tcase_add_test(tc, test_eigen_2x2);
	tcase_add_test(tc, test_eigen_diagonal_and_empty);
	tcase_add_test(tc, test_eigen_reconstructs);
	tcase_add_test(tc, test_powers);
	tcase_add_test(tc, test_regression_one_and_orthogonal);
	tcase_add_test(tc, test_regression_two);
	tcase_add_test(tc, test_regression_identical);
	tcase_add_test(tc, test_regression_inconsistent);
	suite_add_tcase(s, tc);
	return s;
}
