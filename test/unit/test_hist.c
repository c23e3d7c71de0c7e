/*
 * test_hist.c: dense histogram (cx_hist.h): counting, overflow-checked
 * add/merge, subtraction, the metric formulas on the metrics.md worked
 * examples, and weighted histograms (survey weights): sums of w and w^2,
 * Kish's effective sample size, weighted shares, mean and variance.
 */
#include "test_unit.h"

#include <float.h>
#include <string.h>

#include "cx_hist.h"
#include "cx_packed.h"				/* cx_weight_sums_valid */

/* h must be unchanged since snapshot (every counter and the total). */
#define ck_assert_hist_unchanged(h, snapshot) \
	ck_assert_msg(memcmp((h), (snapshot), sizeof(cx_hist)) == 0, "histogram changed")

static void
hist_from(cx_hist *h, const int *values, const int64_t *counts, int n)
{
	cx_hist_init(h);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(cx_hist_add_value(h, values[i], counts[i]), CX_OK);
}

/* ---- basics ---- */

START_TEST(test_init_is_empty)
{
	cx_hist		h;

	memset(&h, 0xA5, sizeof(h));
	cx_hist_init(&h);
	ck_assert_int_eq(h.total, 0);
	for (int v = 0; v < CX_NVALUES; v++)
		ck_assert_int_eq(h.count[v], 0);
	ck_assert_int_eq(cx_hist_min_value(&h), -1);
	ck_assert_int_eq(cx_hist_max_value(&h), -1);
	ck_assert_int_eq(cx_hist_count_between(&h, 0, 100), 0);
}
END_TEST

START_TEST(test_add_value_counts)
{
	cx_hist		h;

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 0, 1), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&h, 100, 3), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&h, 100, 2), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&h, 42, 0), CX_OK);	/* times 0: no-op */
	ck_assert_int_eq(h.count[0], 1);
	ck_assert_int_eq(h.count[100], 5);	/* 3 + 2 */
	ck_assert_int_eq(h.count[42], 0);
	ck_assert_int_eq(h.total, 6);	/* 1 + 5 */
}
END_TEST

START_TEST(test_add_value_rejects_range_and_negative)
{
	cx_hist		h,
				snapshot;

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 5, 2), CX_OK);
	snapshot = h;
	ck_assert_int_eq(cx_hist_add_value(&h, -1, 1), CX_ERR_RANGE);
	ck_assert_int_eq(cx_hist_add_value(&h, 101, 1), CX_ERR_RANGE);
	ck_assert_int_eq(cx_hist_add_value(&h, 1000, 1), CX_ERR_RANGE);
	ck_assert_int_eq(cx_hist_add_value(&h, 5, -1), CX_ERR_NEGATIVE);
	ck_assert_int_eq(cx_hist_add_value(&h, 5, INT64_MIN), CX_ERR_NEGATIVE);
	ck_assert_hist_unchanged(&h, &snapshot);
}
END_TEST

START_TEST(test_min_max_value)
{
	cx_hist		h;

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 42, 3), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&h, 7, 1), CX_OK);
	ck_assert_int_eq(cx_hist_min_value(&h), 7);
	ck_assert_int_eq(cx_hist_max_value(&h), 42);

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 0, 1), CX_OK);
	ck_assert_int_eq(cx_hist_min_value(&h), 0);
	ck_assert_int_eq(cx_hist_max_value(&h), 0);

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 100, 1), CX_OK);
	ck_assert_int_eq(cx_hist_min_value(&h), 100);
	ck_assert_int_eq(cx_hist_max_value(&h), 100);
}
END_TEST

START_TEST(test_count_between)
{
	static const int values[] = {0, 50, 100};
	static const int64_t counts[] = {1, 2, 4};
	cx_hist		h;

	hist_from(&h, values, counts, 3);
	ck_assert_int_eq(cx_hist_count_between(&h, 0, 100), 7);	/* 1 + 2 + 4 */
	ck_assert_int_eq(cx_hist_count_between(&h, 0, 0), 1);
	ck_assert_int_eq(cx_hist_count_between(&h, 100, 100), 4);
	ck_assert_int_eq(cx_hist_count_between(&h, 1, 99), 2);
	ck_assert_int_eq(cx_hist_count_between(&h, 50, 100), 6);	/* 2 + 4 */
	ck_assert_int_eq(cx_hist_count_between(&h, 51, 99), 0);
}
END_TEST

START_TEST(test_equal)
{
	cx_hist		a,
				b;

	cx_hist_init(&a);
	cx_hist_init(&b);
	ck_assert(cx_hist_equal(&a, &b));
	ck_assert_int_eq(cx_hist_add_value(&a, 9, 2), CX_OK);
	ck_assert(!cx_hist_equal(&a, &b));
	ck_assert_int_eq(cx_hist_add_value(&b, 10, 2), CX_OK);
	ck_assert(!cx_hist_equal(&a, &b));	/* same total, different value */
	ck_assert_int_eq(cx_hist_add_value(&b, 9, 2), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&a, 10, 2), CX_OK);
	ck_assert(cx_hist_equal(&a, &b));
}
END_TEST

/* ---- metrics.md worked examples ---- */

START_TEST(test_nps_worked_example)
{
	/*
	 * 12 answers on 0..10: 9 promoters (5 x 10, 4 x 9), 2 passives (7, 8),
	 * 1 detractor (3).
	 */
	static const int values[] = {10, 9, 8, 7, 3};
	static const int64_t counts[] = {5, 4, 1, 1, 1};
	cx_hist		h;
	int64_t		promoters,
				passives,
				detractors;

	hist_from(&h, values, counts, 5);
	ck_assert_int_eq(h.total, 12);
	promoters = cx_hist_count_between(&h, 9, 10);
	passives = cx_hist_count_between(&h, 7, 8);
	detractors = cx_hist_count_between(&h, 0, 6);
	ck_assert_int_eq(promoters, 9);
	ck_assert_int_eq(passives, 2);
	ck_assert_int_eq(detractors, 1);
	/* NPS = 100 * (9 - 1) / 12 = 800 / 12 = 66.666... */
	ck_assert_double_eq_tol(cx_nps_from_counts(12, promoters, detractors),
							66.666666666666667, TEST_TOL);
	/* shares 75 / 16.67 / 8.33: 900/12 = 75 exactly, 200/12, 100/12 */
	ck_assert_double_eq(cx_percent_from_counts(12, promoters), 75.0);
	ck_assert_double_eq_tol(cx_percent_from_counts(12, passives), 16.666666666666667, TEST_TOL);
	ck_assert_double_eq_tol(cx_percent_from_counts(12, detractors), 8.3333333333333333, TEST_TOL);
	/* mean = (5*10 + 4*9 + 8 + 7 + 3) / 12 = (50 + 36 + 18) / 12 = 104 / 12 = 8.666... */
	ck_assert_double_eq_tol(cx_hist_mean(&h), 8.6666666666666667, TEST_TOL);
}
END_TEST

START_TEST(test_nps_sign_and_bounds)
{
	/* 100 * (0 - 4) / 4 = -100 */
	ck_assert_double_eq(cx_nps_from_counts(4, 0, 4), -100.0);
	/* 100 * (3 - 0) / 3 = 100 */
	ck_assert_double_eq(cx_nps_from_counts(3, 3, 0), 100.0);
	/* 100 * (1 - 3) / 8 = -25 (the difference of shares, not reversed) */
	ck_assert_double_eq(cx_nps_from_counts(8, 1, 3), -25.0);
	/* only passives: 0 */
	ck_assert_double_eq(cx_nps_from_counts(5, 0, 0), 0.0);
}
END_TEST

START_TEST(test_csat_worked_example)
{
	/* 112 answers: 30 x 4, 50 x 5 and 32 others (12 x 1, 10 x 2, 10 x 3) */
	static const int values[] = {1, 2, 3, 4, 5};
	static const int64_t counts[] = {12, 10, 10, 30, 50};
	cx_hist		h;
	int64_t		satisfied;

	hist_from(&h, values, counts, 5);
	ck_assert_int_eq(h.total, 112);
	satisfied = cx_hist_count_between(&h, 4, 5);
	ck_assert_int_eq(satisfied, 80);	/* 30 + 50 */
	/* CSAT = 100 * 80 / 112 = 71.428571... */
	ck_assert_double_eq_tol(cx_percent_from_counts(h.total, satisfied),
							71.428571428571429, TEST_TOL);
}
END_TEST

START_TEST(test_twenty_answer_example)
{
	/* 1,1,1,1, 2,2,2, 3,3,3,3, 4,4,4,4,4,4,4, 5,5 */
	static const int values[] = {1, 2, 3, 4, 5};
	static const int64_t counts[] = {4, 3, 4, 7, 2};
	cx_hist		h;

	hist_from(&h, values, counts, 5);
	ck_assert_int_eq(h.total, 20);
	/* shares 20 / 15 / 20 / 35 / 10 % (each 100 * c / 20, exact) */
	ck_assert_double_eq(cx_percent_from_counts(20, h.count[1]), 20.0);
	ck_assert_double_eq(cx_percent_from_counts(20, h.count[2]), 15.0);
	ck_assert_double_eq(cx_percent_from_counts(20, h.count[3]), 20.0);
	ck_assert_double_eq(cx_percent_from_counts(20, h.count[4]), 35.0);
	ck_assert_double_eq(cx_percent_from_counts(20, h.count[5]), 10.0);
	/* satisfied (4..5) = 7 + 2 = 9 -> 100 * 9 / 20 = 45 */
	ck_assert_int_eq(cx_hist_count_between(&h, 4, 5), 9);
	ck_assert_double_eq(cx_percent_from_counts(20, cx_hist_count_between(&h, 4, 5)), 45.0);
	/* dissatisfied counting the neutral 3 (1..3) = 4 + 3 + 4 = 11 -> 55 */
	ck_assert_int_eq(cx_hist_count_between(&h, 1, 3), 11);
	ck_assert_double_eq(cx_percent_from_counts(20, cx_hist_count_between(&h, 1, 3)), 55.0);
	/* mean = (4*1 + 3*2 + 4*3 + 7*4 + 2*5) / 20 = (4+6+12+28+10) / 20 = 60 / 20 = 3 */
	ck_assert_double_eq(cx_hist_mean(&h), 3.0);
	ck_assert_double_eq(cx_mean_from_sum(20, 60), 3.0);
}
END_TEST

START_TEST(test_mean_without_int64_overflow)
{
	cx_hist		h;

	/*
	 * 100 * INT64_MAX does not fit in int64.  (double) (100 * (2^63 - 1))
	 * rounds to 100 * 2^63 and (double) (2^63 - 1) to 2^63, so the mean is
	 * exactly 100.
	 */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 100, INT64_MAX), CX_OK);
	ck_assert_double_eq(cx_hist_mean(&h), 100.0);

	/*
	 * 2^62 answers of 100 and 2^62 - 1 of 0: mean 100 * 2^62 / (2^63 - 1),
	 * which rounds to 100 * 2^62 / 2^63 = 50.
	 */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 100, INT64_C(1) << 62), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&h, 0, (INT64_C(1) << 62) - 1), CX_OK);
	ck_assert_double_eq_tol(cx_hist_mean(&h), 50.0, TEST_TOL);
}
END_TEST

START_TEST(test_mean_from_sum)
{
	ck_assert_double_eq(cx_mean_from_sum(4, 10), 2.5);
	/* 7 / 3 = 2.333... */
	ck_assert_double_eq_tol(cx_mean_from_sum(3, 7), 2.3333333333333333, TEST_TOL);
	ck_assert_double_eq(cx_mean_from_sum(2, -3), -1.5);
}
END_TEST

/* ---- int64 overflow ---- */

START_TEST(test_add_overflow_at_int64_max)
{
	cx_hist		h,
				snapshot;

	cx_hist_init(&h);
	/* (INT64_MAX - 1) + 1 = INT64_MAX exactly: allowed */
	ck_assert_int_eq(cx_hist_add_value(&h, 3, INT64_MAX - 1), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&h, 7, 1), CX_OK);
	ck_assert(h.total == INT64_MAX);
	ck_assert(h.count[3] == INT64_MAX - 1);
	ck_assert_int_eq(h.count[7], 1);

	/* one more answer anywhere overflows and changes nothing */
	snapshot = h;
	ck_assert_int_eq(cx_hist_add_value(&h, 7, 1), CX_ERR_OVERFLOW);
	ck_assert_hist_unchanged(&h, &snapshot);
	ck_assert_int_eq(cx_hist_add_value(&h, 50, 1), CX_ERR_OVERFLOW);
	ck_assert_hist_unchanged(&h, &snapshot);
	ck_assert_int_eq(cx_hist_add_value(&h, 0, INT64_MAX), CX_ERR_OVERFLOW);
	ck_assert_hist_unchanged(&h, &snapshot);
	/* adding zero answers to a full histogram is fine */
	ck_assert_int_eq(cx_hist_add_value(&h, 0, 0), CX_OK);
	ck_assert_hist_unchanged(&h, &snapshot);
}
END_TEST

START_TEST(test_add_overflow_single_value)
{
	cx_hist		h,
				snapshot;

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 0, INT64_MAX), CX_OK);
	ck_assert(h.count[0] == INT64_MAX);
	snapshot = h;
	ck_assert_int_eq(cx_hist_add_value(&h, 0, 1), CX_ERR_OVERFLOW);
	ck_assert_hist_unchanged(&h, &snapshot);
}
END_TEST

START_TEST(test_merge_adds_counts)
{
	static const int va[] = {0, 5, 10};
	static const int64_t ca[] = {1, 2, 3};
	static const int vb[] = {5, 10, 100};
	static const int64_t cb[] = {10, 20, 30};
	cx_hist		a,
				b,
				b_before,
				empty,
				snapshot;

	hist_from(&a, va, ca, 3);
	hist_from(&b, vb, cb, 3);
	b_before = b;
	ck_assert_int_eq(cx_hist_merge(&a, &b), CX_OK);
	ck_assert_int_eq(a.count[0], 1);
	ck_assert_int_eq(a.count[5], 12);	/* 2 + 10 */
	ck_assert_int_eq(a.count[10], 23);	/* 3 + 20 */
	ck_assert_int_eq(a.count[100], 30);
	ck_assert_int_eq(a.total, 66);	/* 6 + 60 */
	ck_assert_hist_unchanged(&b, &b_before);

	/* merging an empty histogram changes nothing */
	cx_hist_init(&empty);
	snapshot = a;
	ck_assert_int_eq(cx_hist_merge(&a, &empty), CX_OK);
	ck_assert_hist_unchanged(&a, &snapshot);
}
END_TEST

START_TEST(test_merge_overflow_at_int64_max)
{
	cx_hist		a,
				b,
				one,
				snapshot;

	/* (INT64_MAX - 5) + 5 = INT64_MAX exactly: allowed */
	cx_hist_init(&a);
	ck_assert_int_eq(cx_hist_add_value(&a, 0, INT64_MAX - 5), CX_OK);
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_value(&b, 100, 5), CX_OK);
	ck_assert_int_eq(cx_hist_merge(&a, &b), CX_OK);
	ck_assert(a.total == INT64_MAX);
	ck_assert(a.count[0] == INT64_MAX - 5);
	ck_assert_int_eq(a.count[100], 5);

	/* one more, on another value or on the same one, overflows */
	cx_hist_init(&one);
	ck_assert_int_eq(cx_hist_add_value(&one, 50, 1), CX_OK);
	snapshot = a;
	ck_assert_int_eq(cx_hist_merge(&a, &one), CX_ERR_OVERFLOW);
	ck_assert_hist_unchanged(&a, &snapshot);
	cx_hist_init(&one);
	ck_assert_int_eq(cx_hist_add_value(&one, 0, 1), CX_OK);
	ck_assert_int_eq(cx_hist_merge(&a, &one), CX_ERR_OVERFLOW);
	ck_assert_hist_unchanged(&a, &snapshot);
	/* and so does a full one into a full one */
	ck_assert_int_eq(cx_hist_merge(&a, &snapshot), CX_ERR_OVERFLOW);
	ck_assert_hist_unchanged(&a, &snapshot);
}
END_TEST

START_TEST(test_merge_overflow_same_value)
{
	cx_hist		a,
				b,
				snapshot;

	/* (INT64_MAX - 1) + 1 on value 9 = INT64_MAX: allowed */
	cx_hist_init(&a);
	ck_assert_int_eq(cx_hist_add_value(&a, 9, INT64_MAX - 1), CX_OK);
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_value(&b, 9, 1), CX_OK);
	ck_assert_int_eq(cx_hist_merge(&a, &b), CX_OK);
	ck_assert(a.count[9] == INT64_MAX);
	ck_assert(a.total == INT64_MAX);
	snapshot = a;
	ck_assert_int_eq(cx_hist_merge(&a, &b), CX_ERR_OVERFLOW);
	ck_assert_hist_unchanged(&a, &snapshot);
}
END_TEST

START_TEST(test_add_i64_sub_i64)
{
	int64_t		r = 0;

	ck_assert(cx_add_i64(INT64_MAX, 0, &r));
	ck_assert(r == INT64_MAX);
	ck_assert(cx_add_i64(INT64_MAX - 1, 1, &r));
	ck_assert(r == INT64_MAX);
	ck_assert(!cx_add_i64(INT64_MAX, 1, &r));
	ck_assert(!cx_add_i64(INT64_MIN, -1, &r));
	ck_assert(cx_sub_i64(-1, INT64_MAX, &r));
	ck_assert(r == INT64_MIN);
	ck_assert(!cx_sub_i64(INT64_MIN, 1, &r));
	ck_assert(!cx_sub_i64(0, INT64_MIN, &r));
}
END_TEST

/* ---- subtraction ---- */

START_TEST(test_sub_value)
{
	cx_hist		h,
				snapshot;

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 5, 2), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&h, 6, 4), CX_OK);
	snapshot = h;
	/* 2 - 3 < 0 even though the total (6) is large enough */
	ck_assert_int_eq(cx_hist_sub_value(&h, 5, 3), CX_ERR_NEGATIVE);
	ck_assert_hist_unchanged(&h, &snapshot);
	ck_assert_int_eq(cx_hist_sub_value(&h, 7, 1), CX_ERR_NEGATIVE);	/* absent value */
	ck_assert_hist_unchanged(&h, &snapshot);
	ck_assert_int_eq(cx_hist_sub_value(&h, 5, -1), CX_ERR_NEGATIVE);
	ck_assert_hist_unchanged(&h, &snapshot);
	ck_assert_int_eq(cx_hist_sub_value(&h, -1, 1), CX_ERR_RANGE);
	ck_assert_int_eq(cx_hist_sub_value(&h, 101, 1), CX_ERR_RANGE);
	ck_assert_hist_unchanged(&h, &snapshot);

	/* down to exactly zero is fine */
	ck_assert_int_eq(cx_hist_sub_value(&h, 5, 2), CX_OK);
	ck_assert_int_eq(h.count[5], 0);
	ck_assert_int_eq(h.count[6], 4);
	ck_assert_int_eq(h.total, 4);	/* 6 - 2 */
	ck_assert_int_eq(cx_hist_min_value(&h), 6);
}
END_TEST

START_TEST(test_subtract)
{
	static const int vf[] = {1, 2};
	static const int64_t cf[] = {5, 1};
	static const int vw_bad[] = {1, 2};
	static const int64_t cw_bad[] = {2, 2};
	static const int vw[] = {1, 2};
	static const int64_t cw[] = {2, 1};
	cx_hist		from,
				what,
				snapshot,
				empty;

	hist_from(&from, vf, cf, 2);
	/* value 2 would go to 1 - 2 = -1, although the totals are 6 >= 4 */
	hist_from(&what, vw_bad, cw_bad, 2);
	snapshot = from;
	ck_assert_int_eq(cx_hist_subtract(&from, &what), CX_ERR_NEGATIVE);
	ck_assert_hist_unchanged(&from, &snapshot);

	hist_from(&what, vw, cw, 2);
	ck_assert_int_eq(cx_hist_subtract(&from, &what), CX_OK);
	ck_assert_int_eq(from.count[1], 3);	/* 5 - 2 */
	ck_assert_int_eq(from.count[2], 0);	/* 1 - 1 */
	ck_assert_int_eq(from.total, 3);	/* 6 - 3 */

	/* subtracting a histogram from itself leaves the empty one */
	snapshot = from;
	ck_assert_int_eq(cx_hist_subtract(&from, &snapshot), CX_OK);
	cx_hist_init(&empty);
	ck_assert(cx_hist_equal(&from, &empty));

	/* and anything from the empty one fails */
	ck_assert_int_eq(cx_hist_subtract(&from, &what), CX_ERR_NEGATIVE);
	ck_assert(cx_hist_equal(&from, &empty));
}
END_TEST

START_TEST(test_merge_then_subtract_round_trip)
{
	static const int va[] = {0, 33, 100};
	static const int64_t ca[] = {7, 1, INT64_MAX / 2};
	static const int vb[] = {33, 99};
	static const int64_t cb[] = {4, 9};
	cx_hist		a,
				b,
				orig;

	hist_from(&a, va, ca, 3);
	hist_from(&b, vb, cb, 2);
	orig = a;
	ck_assert_int_eq(cx_hist_merge(&a, &b), CX_OK);
	ck_assert(!cx_hist_equal(&a, &orig));
	ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_OK);
	ck_assert(cx_hist_equal(&a, &orig));
}
END_TEST

/* ---- weighted histograms (survey weights) ---- */

/* The weighted example: (value, weight) = (10, 2), (9, 0.5), (7, 1), (3, 1.5), (0, 0). */
static void
weighted_example(cx_hist *h)
{
	static const int values[] = {10, 9, 7, 3, 0};
	static const double weights[] = {2.0, 0.5, 1.0, 1.5, 0.0};

	cx_hist_init(h);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(cx_hist_add_weighted(h, values[i], weights[i]), CX_OK);
}

START_TEST(test_add_weighted_counts_and_sums)
{
	cx_hist		h,
				snapshot;

	cx_hist_init(&h);
	ck_assert(!h.weighted);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 9, 1.5), CX_OK);
	ck_assert(h.weighted);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 9, 2.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 0, 0.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 10, 0.1), CX_OK);
	/* raw rows are counted, whatever their weight */
	ck_assert_int_eq(h.count[9], 2);
	ck_assert_int_eq(h.count[0], 1);
	ck_assert_int_eq(h.count[10], 1);
	ck_assert_int_eq(h.total, 4);
	/* sum w = 1.5 + 2 = 3.5, sum w^2 = 2.25 + 4 = 6.25 (exact in binary) */
	ck_assert_double_eq(h.sum_w[9], 3.5);
	ck_assert_double_eq(h.sum_w2[9], 6.25);
	/* a weight of 0 counts the row and adds no weight */
	ck_assert_double_eq(h.sum_w[0], 0.0);
	ck_assert_double_eq(h.sum_w2[0], 0.0);
	/* 0.1 * 0.1 = 0.010000000000000002 in binary */
	ck_assert_double_eq(h.sum_w[10], 0.1);
	ck_assert_double_eq(h.sum_w2[10], 0.1 * 0.1);
	ck_assert_double_eq(h.sum_w2[10], 0.010000000000000002);
	for (int v = 1; v < CX_NVALUES; v++)
		if (v != 9 && v != 10)
			ck_assert(h.count[v] == 0 && h.sum_w[v] == 0.0 && h.sum_w2[v] == 0.0);
	/* weights: between 9 and 10 is 3.5 + 0.1 = 3.6, below 9 only the 0 */
	ck_assert_double_eq(cx_hist_weight_between(&h, 9, 10), 3.5 + 0.1);
	ck_assert_double_eq(cx_hist_weight_between(&h, 0, 8), 0.0);
	ck_assert_double_eq(cx_hist_weight_total(&h), 3.5 + 0.1);

	/* a value out of range changes nothing, not even the weighted flag */
	snapshot = h;
	ck_assert_int_eq(cx_hist_add_weighted(&h, -1, 1.0), CX_ERR_RANGE);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 101, 1.0), CX_ERR_RANGE);
	ck_assert_hist_unchanged(&h, &snapshot);
	cx_hist_init(&h);
	snapshot = h;
	ck_assert_int_eq(cx_hist_add_weighted(&h, 101, 1.0), CX_ERR_RANGE);
	ck_assert_hist_unchanged(&h, &snapshot);
}
END_TEST

/* ---- weighted subtraction ---- */

/* The cell at v is storable: what the decoders accept. */
static void
ck_assert_cell_valid(const cx_hist *h, int v)
{
	ck_assert(cx_weight_sums_valid(h->sum_w[v], h->sum_w2[v]));
	ck_assert(cx_weight_sums_consistent(h->count[v], h->sum_w[v], h->sum_w2[v]));
	if (h->count[v] == 0)
		ck_assert(h->sum_w[v] == 0.0 && h->sum_w2[v] == 0.0);
}

START_TEST(test_subtract_weighted_exact)
{
	cx_hist		a,
				b;

	/* a: 10 of weights 2 and 0.5, 3 of weight 1.5; b: the 10 of weight 0.5 */
	cx_hist_init(&a);
	ck_assert_int_eq(cx_hist_add_weighted(&a, 10, 2.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&a, 10, 0.5), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&a, 3, 1.5), CX_OK);
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 10, 0.5), CX_OK);
	ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_OK);
	ck_assert(a.weighted);
	ck_assert_int_eq(a.total, 2);
	ck_assert_int_eq(a.count[10], 1);
	ck_assert_double_eq(a.sum_w[10], 2.0);	/* 2.5 - 0.5 */
	ck_assert_double_eq(a.sum_w2[10], 4.0);	/* 4.25 - 0.25 */
	ck_assert_int_eq(a.count[3], 1);
	ck_assert_double_eq(a.sum_w[3], 1.5);
	ck_assert_double_eq(a.sum_w2[3], 2.25);

	/* the last answer at a value goes: the value is dropped, sums and all */
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 3, 1.5), CX_OK);
	ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_OK);
	ck_assert_int_eq(a.count[3], 0);
	ck_assert(a.sum_w[3] == 0.0 && a.sum_w2[3] == 0.0);
	ck_assert_int_eq(cx_hist_min_value(&a), 10);
}
END_TEST

START_TEST(test_subtract_weighted_self_is_empty)
{
	cx_hist		a,
				copy,
				empty;

	weighted_example(&a);
	copy = a;
	ck_assert_int_eq(cx_hist_subtract(&a, &copy), CX_OK);
	cx_hist_init(&empty);
	/* the empty summary, unweighted like '{}' */
	ck_assert(cx_hist_equal(&a, &empty));
}
END_TEST

START_TEST(test_subtract_mixed_weighting)
{
	cx_hist		a,
				b;

	/* unweighted a minus weighted b: a's answers count with weight 1 */
	cx_hist_init(&a);
	ck_assert_int_eq(cx_hist_add_value(&a, 5, 3), CX_OK);
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 5, 1.0), CX_OK);
	ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_OK);
	ck_assert(a.weighted);
	ck_assert_int_eq(a.count[5], 2);
	ck_assert_double_eq(a.sum_w[5], 2.0);
	ck_assert_double_eq(a.sum_w2[5], 2.0);

	/* weighted a minus unweighted b */
	cx_hist_init(&a);
	ck_assert_int_eq(cx_hist_add_weighted(&a, 7, 0.25), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&a, 7, 1.0), CX_OK);
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_value(&b, 7, 1), CX_OK);
	ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_OK);
	ck_assert_int_eq(a.count[7], 1);
	ck_assert_double_eq(a.sum_w[7], 0.25);
	ck_assert_double_eq(a.sum_w2[7], 0.0625);
}
END_TEST

START_TEST(test_subtract_weighted_not_contained)
{
	cx_hist		a,
				b,
				snapshot;

	/* counts contained (1 of 2) but b's weight 3 exceeds a's 1 + 1 */
	cx_hist_init(&a);
	ck_assert_int_eq(cx_hist_add_weighted(&a, 5, 1.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&a, 5, 1.0), CX_OK);
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 5, 3.0), CX_OK);
	snapshot = a;
	ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_ERR_NEGATIVE);
	ck_assert_hist_unchanged(&a, &snapshot);

	/* a count that would go negative, weights or not */
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 5, 0.1), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 5, 0.1), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 5, 0.1), CX_OK);
	ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_ERR_NEGATIVE);
	ck_assert_hist_unchanged(&a, &snapshot);
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 6, 0.0), CX_OK);
	ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_ERR_NEGATIVE);
	ck_assert_hist_unchanged(&a, &snapshot);

	/* sums that stay positive but leave no possible weights: 3 answers of
	 * weight 1 minus one of weight 0.5 would leave 2 answers with w 2.5 and
	 * w^2 2.75, (2.5)^2 / 2.75 > 2 */
	cx_hist_init(&a);
	ck_assert_int_eq(cx_hist_add_value(&a, 9, 3), CX_OK);
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 9, 0.5), CX_OK);
	snapshot = a;
	ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_ERR_NEGATIVE);
	ck_assert_hist_unchanged(&a, &snapshot);
	/* weight left at a value whose answers are all gone */
	cx_hist_init(&a);
	ck_assert_int_eq(cx_hist_add_weighted(&a, 9, 2.0), CX_OK);
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 9, 1.0), CX_OK);
	snapshot = a;
	ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_ERR_NEGATIVE);
	ck_assert_hist_unchanged(&a, &snapshot);
}
END_TEST

/*
 * Cancellation: a = b + c with c's weight far below b's.  The differences
 * of the sums lose c's w^2 (or more) to rounding; the result must still be a
 * valid cell, within the stated bound of c's exact sums.
 */
START_TEST(test_subtract_weighted_rounding_normalised)
{
	static const double big[] = {1e8, 3e7, 1e15, 0.1, 7.0};
	static const double small[] = {1e-5, 0.3, 1.0, 1e-9, 1e-6};

	for (int i = 0; i < 5; i++)
	{
		cx_hist		a,
					b;
		double		bound_w,
					bound_w2;

		cx_hist_init(&a);
		cx_hist_init(&b);
		ck_assert_int_eq(cx_hist_add_weighted(&a, 9, big[i]), CX_OK);
		ck_assert_int_eq(cx_hist_add_weighted(&a, 9, small[i]), CX_OK);
		ck_assert_int_eq(cx_hist_add_weighted(&a, 9, small[i]), CX_OK);
		ck_assert_int_eq(cx_hist_add_weighted(&b, 9, big[i]), CX_OK);
		bound_w = 3.0 * DBL_EPSILON * a.sum_w[9];
		bound_w2 = 3.0 * DBL_EPSILON * a.sum_w2[9];
		ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_OK);
		ck_assert_int_eq(a.count[9], 2);
		ck_assert_cell_valid(&a, 9);
		ck_assert_msg(fabs(a.sum_w[9] - 2 * small[i]) <= bound_w,
					  "case %d: sum w %.17g, exact %.17g", i, a.sum_w[9], 2 * small[i]);
		ck_assert_msg(fabs(a.sum_w2[9] - 2 * small[i] * small[i]) <= bound_w2,
					  "case %d: sum w2 %.17g, exact %.17g", i, a.sum_w2[9],
					  2 * small[i] * small[i]);
	}
}
END_TEST

/* Hand-made cells inside the decoders' tolerance: the result stays valid. */
START_TEST(test_subtract_weighted_inconsistent_cells)
{
	/* (count, w, w2) of a and b at one value */
	static const double cells[][6] = {
		{3, 3.0, 3.0, 1, 1.0 + 1e-15, 1.0},	/* left: w a hair under w2 / 1 */
		{2, 2.0, 2.0, 1, 1.0, 1.0 + 1e-15},	/* left: ratio a hair above 1 */
		{2, 1.0, 0.5, 1, 0.5, 0.25},	/* left: 0.5, 0.25, ratio 1 */
		{2, 4.0, 10.0, 1, 1.0, 1.0},	/* left (3, 9): ratio 1 */
	};

	for (int i = 0; i < 4; i++)
	{
		cx_hist		a,
					b;

		cx_hist_init(&a);
		cx_hist_init(&b);
		a.weighted = b.weighted = true;
		a.count[4] = a.total = (int64_t) cells[i][0];
		a.sum_w[4] = cells[i][1];
		a.sum_w2[4] = cells[i][2];
		b.count[4] = b.total = (int64_t) cells[i][3];
		b.sum_w[4] = cells[i][4];
		b.sum_w2[4] = cells[i][5];
		ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_OK);
		ck_assert_cell_valid(&a, 4);
	}
}
END_TEST

START_TEST(test_merge_then_subtract_weighted)
{
	cx_hist		a,
				b,
				orig;

	weighted_example(&a);
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 10, 0.75), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 4, 2.0), CX_OK);
	orig = a;
	ck_assert_int_eq(cx_hist_merge(&a, &b), CX_OK);
	ck_assert_int_eq(cx_hist_subtract(&a, &b), CX_OK);
	/* the weights are binary fractions: exact */
	ck_assert(cx_hist_equal(&a, &orig));
}
END_TEST

START_TEST(test_add_weighted_zero_weights)
{
	cx_hist		h;

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 3, 0.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 3, 0.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 100, 0.0), CX_OK);
	ck_assert_int_eq(h.total, 3);
	ck_assert_int_eq(h.count[3], 2);
	ck_assert_double_eq(cx_hist_weight_total(&h), 0.0);
	/* answers, but nothing to measure; Kish's n_eff is 0 */
	ck_assert(!cx_hist_has_weight(&h));
	ck_assert_double_eq(cx_hist_effective_n(&h), 0.0);
	/* one answer of positive weight changes that */
	ck_assert_int_eq(cx_hist_add_weighted(&h, 50, 0.25), CX_OK);
	ck_assert(cx_hist_has_weight(&h));
	/* (0.25)^2 / 0.0625 = 1 */
	ck_assert_double_eq(cx_hist_effective_n(&h), 1.0);
}
END_TEST

START_TEST(test_add_weighted_sum_overflow)
{
	cx_hist		h,
				snapshot;

	cx_hist_init(&h);
	/* 1e154^2 = 1e308 < DBL_MAX (1.7976931348623157e308): fine */
	ck_assert_int_eq(cx_hist_add_weighted(&h, 5, 1e154), CX_OK);
	ck_assert_double_eq(h.sum_w2[5], 1e154 * 1e154);
	snapshot = h;
	/* 1e308 + 1e308 = inf */
	ck_assert_int_eq(cx_hist_add_weighted(&h, 5, 1e154), CX_ERR_WEIGHT_OVERFLOW);
	ck_assert_hist_unchanged(&h, &snapshot);
	/* DBL_MAX^2 = inf, on a value without sums yet */
	ck_assert_int_eq(cx_hist_add_weighted(&h, 6, DBL_MAX), CX_ERR_WEIGHT_OVERFLOW);
	ck_assert_hist_unchanged(&h, &snapshot);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 5, DBL_MAX), CX_ERR_WEIGHT_OVERFLOW);
	ck_assert_hist_unchanged(&h, &snapshot);
	/* the sums are per value: another value takes 1e154 again */
	ck_assert_int_eq(cx_hist_add_weighted(&h, 7, 1e154), CX_OK);
	ck_assert_int_eq(h.total, 2);
}
END_TEST

START_TEST(test_add_weighted_count_overflow)
{
	cx_hist		h,
				snapshot;

	/* INT64_MAX rows already: one more row of any weight overflows the count */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 0, INT64_MAX), CX_OK);
	cx_hist_make_weighted(&h);
	snapshot = h;
	ck_assert_int_eq(cx_hist_add_weighted(&h, 5, 1.0), CX_ERR_OVERFLOW);
	ck_assert_hist_unchanged(&h, &snapshot);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 0, 0.0), CX_ERR_OVERFLOW);
	ck_assert_hist_unchanged(&h, &snapshot);
}
END_TEST

START_TEST(test_add_weighted_failure_leaves_unweighted_unchanged)
{
	/*
	 * Regression (failed up to 90238fb, fixed by 1296515): the function made
	 * the histogram weighted (cx_hist_make_weighted) before its overflow
	 * checks, so a failed call on an unweighted histogram returned the error
	 * but left it weighted (weighted = true, sums = counts).  Every cx_hist
	 * function leaves its argument unchanged on error.
	 */
	cx_hist		h,
				snapshot;

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 5, 2), CX_OK);
	snapshot = h;
	/* DBL_MAX^2 = inf */
	ck_assert_int_eq(cx_hist_add_weighted(&h, 5, DBL_MAX), CX_ERR_WEIGHT_OVERFLOW);
	ck_assert_msg(!h.weighted, "a failed cx_hist_add_weighted made the histogram weighted");
	ck_assert_hist_unchanged(&h, &snapshot);

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 0, INT64_MAX), CX_OK);
	snapshot = h;
	ck_assert_int_eq(cx_hist_add_weighted(&h, 1, 1.0), CX_ERR_OVERFLOW);
	ck_assert_msg(!h.weighted, "a failed cx_hist_add_weighted made the histogram weighted");
	ck_assert_hist_unchanged(&h, &snapshot);
}
END_TEST

START_TEST(test_add_weighted_tiny_weight_keeps_sums_valid)
{
	/*
	 * Regression (failed up to 90238fb, fixed by 1296515): a positive weight
	 * below about 1.5e-162 was accepted although its square underflows to 0,
	 * storing sum_w > 0 with sum_w2 = 0.  Every decoder (cx_weight_sums_valid
	 * in cx_packed_read_weights, cx_summary_parse, cx_summary_decode)
	 * rejects such sums ("zero together"), so the summary could not be read
	 * back (the text {9:1:1e-200:0}), and n_eff = sum_w^2 / sum_w2 was 0 for
	 * an answer of positive weight.  Either the weight is rejected
	 * (histogram unchanged) or the sums stay valid.
	 */
	static const double tiny[] = {1e-200, 1e-170, 1e-163, 5e-324};

	for (size_t i = 0; i < sizeof(tiny) / sizeof(tiny[0]); i++)
	{
		cx_hist		h,
					snapshot;
		cx_status	status;

		cx_hist_init(&h);
		ck_assert_int_eq(cx_hist_add_weighted(&h, 10, 1.0), CX_OK);
		snapshot = h;
		status = cx_hist_add_weighted(&h, 9, tiny[i]);
		if (status != CX_OK)
		{
			ck_assert_hist_unchanged(&h, &snapshot);
			continue;
		}
		ck_assert_msg(cx_weight_sums_valid(h.sum_w[9], h.sum_w2[9]),
					  "weight %g accepted with invalid sums %.17g, %.17g",
					  tiny[i], h.sum_w[9], h.sum_w2[9]);
	}
	/* 1e-150 (square 1e-300, a normal double) is an ordinary weight */
	{
		cx_hist		h;

		cx_hist_init(&h);
		ck_assert_int_eq(cx_hist_add_weighted(&h, 9, 1e-150), CX_OK);
		ck_assert_double_eq(h.sum_w[9], 1e-150);
		ck_assert_double_eq(h.sum_w2[9], 1e-150 * 1e-150);
		ck_assert(cx_weight_sums_valid(h.sum_w[9], h.sum_w2[9]));
		/* one answer: (w)^2 / w^2 = 1 */
		ck_assert_double_rel(cx_hist_effective_n(&h), 1.0, 1e-15);
	}
}
END_TEST

START_TEST(test_make_weighted)
{
	static const int values[] = {0, 7, 10};
	static const int64_t counts[] = {1, 2, 4};
	cx_hist		h,
				built,
				snapshot;

	hist_from(&h, values, counts, 3);
	snapshot = h;
	cx_hist_make_weighted(&h);
	ck_assert(h.weighted);
	/* counts untouched, every weight 1: sum w = sum w^2 = count */
	ck_assert_int_eq(h.total, snapshot.total);
	for (int v = 0; v < CX_NVALUES; v++)
	{
		ck_assert_int_eq(h.count[v], snapshot.count[v]);
		ck_assert_double_eq(h.sum_w[v], (double) snapshot.count[v]);
		ck_assert_double_eq(h.sum_w2[v], (double) snapshot.count[v]);
	}
	/* the same as adding every row with weight 1 */
	cx_hist_init(&built);
	for (int i = 0; i < 3; i++)
		for (int64_t k = 0; k < counts[i]; k++)
			ck_assert_int_eq(cx_hist_add_weighted(&built, values[i], 1.0), CX_OK);
	ck_assert(cx_hist_equal(&h, &built));

	/* on a weighted histogram it is a no-op: the sums are not reset */
	weighted_example(&h);
	snapshot = h;
	cx_hist_make_weighted(&h);
	ck_assert_hist_unchanged(&h, &snapshot);

	/* an empty histogram becomes the empty weighted one */
	cx_hist_init(&h);
	cx_hist_make_weighted(&h);
	ck_assert(h.weighted);
	ck_assert_int_eq(h.total, 0);
	ck_assert(!cx_hist_has_weight(&h));
}
END_TEST

START_TEST(test_weights_of_one_give_unweighted_results)
{
	/* the NPS worked example and the twenty-answer example, bit for bit */
	static const int v1[] = {10, 9, 8, 7, 3};
	static const int64_t c1[] = {5, 4, 1, 1, 1};
	static const int v2[] = {1, 2, 3, 4, 5};
	static const int64_t c2[] = {4, 3, 4, 7, 2};
	cx_hist		h,
				w;

	for (int example = 0; example < 2; example++)
	{
		if (example == 0)
			hist_from(&h, v1, c1, 5);
		else
			hist_from(&h, v2, c2, 5);
		w = h;
		cx_hist_make_weighted(&w);
		ck_assert_double_eq(cx_hist_weight_total(&w), (double) h.total);
		ck_assert_double_eq(cx_hist_effective_n(&w), cx_hist_effective_n(&h));
		ck_assert_double_eq(cx_hist_percent_between(&w, 9, 10), cx_hist_percent_between(&h, 9, 10));
		ck_assert_double_eq(cx_hist_percent_between(&w, 4, 5), cx_hist_percent_between(&h, 4, 5));
		ck_assert_double_eq(cx_hist_nps(&w, 9, 6), cx_hist_nps(&h, 9, 6));
		ck_assert_double_eq(cx_hist_mean(&w), cx_hist_mean(&h));
		ck_assert_double_eq(cx_hist_variance(&w), cx_hist_variance(&h));
	}
}
END_TEST

START_TEST(test_merge_weighted_with_unweighted)
{
	static const int vb[] = {10, 5};
	static const int64_t cb[] = {3, 1};
	cx_hist		a,
				b,
				a_then_b,
				b_then_a,
				b_before;

	/* a weighted: (10, 2), (3, 0.5); b unweighted: 3 x 10, 1 x 5 */
	cx_hist_init(&a);
	ck_assert_int_eq(cx_hist_add_weighted(&a, 10, 2.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&a, 3, 0.5), CX_OK);
	hist_from(&b, vb, cb, 2);
	b_before = b;

	a_then_b = a;
	ck_assert_int_eq(cx_hist_merge(&a_then_b, &b), CX_OK);
	ck_assert_hist_unchanged(&b, &b_before);
	ck_assert(a_then_b.weighted);
	ck_assert_int_eq(a_then_b.total, 6);	/* 2 + 4 */
	ck_assert_int_eq(a_then_b.count[10], 4);	/* 1 + 3 */
	ck_assert_double_eq(a_then_b.sum_w[10], 5.0);	/* 2 + 3 x 1 */
	ck_assert_double_eq(a_then_b.sum_w2[10], 7.0);	/* 4 + 3 x 1 */
	ck_assert_int_eq(a_then_b.count[3], 1);
	ck_assert_double_eq(a_then_b.sum_w[3], 0.5);
	ck_assert_double_eq(a_then_b.sum_w2[3], 0.25);
	ck_assert_int_eq(a_then_b.count[5], 1);
	ck_assert_double_eq(a_then_b.sum_w[5], 1.0);
	ck_assert_double_eq(a_then_b.sum_w2[5], 1.0);

	/* the other way round gives the same weighted histogram */
	b_then_a = b;
	ck_assert_int_eq(cx_hist_merge(&b_then_a, &a), CX_OK);
	ck_assert(cx_hist_equal(&b_then_a, &a_then_b));

	/*
	 * weights 2, 0.5, 1, 1, 1, 1 on 10, 3, 10, 10, 10, 5:
	 * numpy.average([10,3,10,10,10,5], weights=[2,.5,1,1,1,1]) = 8.692307692307692
	 * 6.5**2 / 8.25 = 5.121212121212121
	 */
	ck_assert_double_rel(cx_hist_mean(&a_then_b), 8.692307692307692, 1e-15);
	ck_assert_double_rel(cx_hist_effective_n(&a_then_b), 5.121212121212121, 1e-15);
}
END_TEST

START_TEST(test_merge_weighted_sums_and_overflow)
{
	cx_hist		a,
				b,
				snapshot;

	cx_hist_init(&a);
	ck_assert_int_eq(cx_hist_add_weighted(&a, 5, 1e154), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&a, 6, 0.5), CX_OK);
	cx_hist_init(&b);
	ck_assert_int_eq(cx_hist_add_weighted(&b, 6, 0.25), CX_OK);
	ck_assert_int_eq(cx_hist_merge(&a, &b), CX_OK);
	ck_assert_int_eq(a.count[6], 2);
	ck_assert_double_eq(a.sum_w[6], 0.75);	/* 0.5 + 0.25 */
	ck_assert_double_eq(a.sum_w2[6], 0.3125);	/* 0.25 + 0.0625 */

	/* 1e308 + 1e308 = inf on value 5: refused, a unchanged */
	snapshot = a;
	ck_assert_int_eq(cx_hist_merge(&a, &snapshot), CX_ERR_WEIGHT_OVERFLOW);
	ck_assert_hist_unchanged(&a, &snapshot);

	/*
	 * As decoded from the text {5:1:1e308:1} (valid sums one by one):
	 * 1e308 + 1e308 = inf in sum w alone, sum w^2 = 2 is fine.
	 */
	cx_hist_init(&a);
	ck_assert_int_eq(cx_hist_add_value(&a, 5, 1), CX_OK);
	a.weighted = true;
	a.sum_w[5] = 1e308;
	a.sum_w2[5] = 1.0;
	snapshot = a;
	ck_assert_int_eq(cx_hist_merge(&a, &snapshot), CX_ERR_WEIGHT_OVERFLOW);
	ck_assert_hist_unchanged(&a, &snapshot);
}
END_TEST

START_TEST(test_effective_n)
{
	static const int values[] = {0, 7, 10};
	static const int64_t counts[] = {1, 2, 4};
	cx_hist		h;

	/* weights 1, 1, 2: (1 + 1 + 2)^2 / (1 + 1 + 4) = 16 / 6 = 2.6666666666666665 */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 7, 1.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 8, 1.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 9, 2.0), CX_OK);
	ck_assert_double_eq(cx_hist_effective_n(&h), 2.6666666666666665);
	ck_assert_double_eq(cx_hist_effective_n(&h), 16.0 / 6.0);
	/* the same weights on one value */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 9, 1.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 9, 2.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 9, 1.0), CX_OK);
	ck_assert_double_eq(cx_hist_effective_n(&h), 2.6666666666666665);

	/* unweighted: the count, 1 + 2 + 4 = 7 */
	hist_from(&h, values, counts, 3);
	ck_assert_double_eq(cx_hist_effective_n(&h), 7.0);
	cx_hist_init(&h);
	ck_assert_double_eq(cx_hist_effective_n(&h), 0.0);
	ck_assert_int_eq(cx_hist_add_value(&h, 1, INT64_MAX), CX_OK);
	ck_assert_double_eq(cx_hist_effective_n(&h), (double) INT64_MAX);

	/* all weights 0: 0, not 0 / 0 */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 4, 0.0), CX_OK);
	ck_assert_double_eq(cx_hist_effective_n(&h), 0.0);
	/* equal weights: n_eff = n whatever the weight, (4w)^2 / (4w^2) = 4 */
	cx_hist_init(&h);
	for (int v = 0; v < 4; v++)
		ck_assert_int_eq(cx_hist_add_weighted(&h, v, 0.3), CX_OK);
	ck_assert_double_rel(cx_hist_effective_n(&h), 4.0, 1e-15);
}
END_TEST

START_TEST(test_effective_n_huge_weights)
{
	cx_hist		h;
	double		n_eff;

	/*
	 * 100 answers (values 0..99) of weight 1e153: sum w = 1e155, so
	 * (sum w)^2 = 1e310 overflows; sum w^2 = 100 * 1e306 = 1e308 does not.
	 * n_eff = (100 w)^2 / (100 w^2) = 100.
	 */
	cx_hist_init(&h);
	for (int v = 0; v < 100; v++)
		ck_assert_int_eq(cx_hist_add_weighted(&h, v, 1e153), CX_OK);
	n_eff = cx_hist_effective_n(&h);
	ck_assert(isfinite(n_eff));
	ck_assert_double_rel(n_eff, 100.0, 1e-12);
	/* numpy.average(range(100), weights=[1e153]*100) = 49.49999999999998 (49.5 exactly) */
	ck_assert_double_rel(cx_hist_mean(&h), 49.5, 1e-14);

	/*
	 * Two weights of 1e152, as decoded from {5:2:2e152:2e304}: sum_w^2 = 4e304
	 * is finite but sum_w is past the direct path's 1e150, so the scaled path
	 * runs: n_eff = (2e152)^2 / 2e304 = 2.
	 */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 5, 2), CX_OK);
	h.weighted = true;
	h.sum_w[5] = 2e152;
	h.sum_w2[5] = 2e304;
	n_eff = cx_hist_effective_n(&h);
	ck_assert_double_rel(n_eff, 2.0, 1e-12);

	/*
	 * Sums no real weights have ({5:1:1e200:1e300}: the decoders refuse it):
	 * (1e200)^2 / 1e300 = 1e100 effective answers out of 1, capped at the
	 * count, computed without overflowing 1e200^2.
	 */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 5, 1), CX_OK);
	h.weighted = true;
	h.sum_w[5] = 1e200;
	h.sum_w2[5] = 1e300;
	ck_assert_double_eq(cx_hist_effective_n(&h), 1.0);
}
END_TEST

/*
 * Tiny sums (found with test_weight_sums_consistent_huge_counts in
 * test_packed.c, from fuzzing): the decoders
 * accept {5:2:1e-160:1e-320}, whose (sum w)^2 = 1e-320 is subnormal; Kish's
 * formula gave 1 instead of 1.0000111329412578 (and 0 once the square
 * underflows).  Tiny sums are rescaled like huge ones.
 */
START_TEST(test_effective_n_tiny_weights)
{
	cx_hist		h;

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 5, 2), CX_OK);
	h.weighted = true;
	h.sum_w[5] = 1e-160;
	h.sum_w2[5] = 1e-320;
	ck_assert(cx_weight_sums_consistent(2, 1e-160, 1e-320));
	/* (1e-160 / sqrt(1e-320))^2 with 1e-320 as stored (a subnormal) */
	ck_assert_double_rel(cx_hist_effective_n(&h), 1.0000111329412578, 1e-12);

	/* two values, each one weight 2^-537: n_eff 2 exactly */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 3, 1), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&h, 4, 1), CX_OK);
	h.weighted = true;
	h.sum_w[3] = h.sum_w[4] = 0x1p-537;
	h.sum_w2[3] = h.sum_w2[4] = 0x1p-1074;
	ck_assert_double_eq(cx_hist_effective_n(&h), 2.0);
}
END_TEST

START_TEST(test_effective_n_sum_of_squares_overflow)
{
	/*
	 * Regression (failed up to 90238fb, fixed by 1296515): the per-value sums
	 * are finite (cx_hist_add_weighted checks them), but their total over the
	 * values was not: two answers of weight 1e154 on different values give
	 * sum w^2 = 1e308 + 1e308 = inf, and n_eff came out as
	 * (2e154 / sqrt(inf))^2 = 0, the value that means "all weights 0", while
	 * cx_hist_has_weight is true.  Expected (2 w)^2 / (2 w^2) = 2.
	 */
	cx_hist		h;

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 5, 1e154), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 6, 1e154), CX_OK);
	ck_assert(cx_hist_has_weight(&h));
	ck_assert_double_rel(cx_hist_effective_n(&h), 2.0, 1e-12);
}
END_TEST

START_TEST(test_has_weight)
{
	cx_hist		h;

	cx_hist_init(&h);
	ck_assert(!cx_hist_has_weight(&h));	/* empty */
	ck_assert_int_eq(cx_hist_add_value(&h, 0, 1), CX_OK);
	ck_assert(cx_hist_has_weight(&h));	/* one unweighted answer, even of value 0 */
	cx_hist_make_weighted(&h);
	ck_assert(cx_hist_has_weight(&h));	/* weight 1 */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 10, 0.0), CX_OK);
	ck_assert(!cx_hist_has_weight(&h));	/* only weight 0 */
	ck_assert_int_eq(cx_hist_add_weighted(&h, 0, 1e-150), CX_OK);
	ck_assert(cx_hist_has_weight(&h));	/* a tiny positive weight (its square 1e-300) */
}
END_TEST

START_TEST(test_weighted_metrics)
{
	cx_hist		h;

	/*
	 * The weighted example (value: weight) 10: 2, 9: 0.5, 7: 1, 3: 1.5, 0: 0.
	 * Total weight 5; promoters (9..10) 2.5, detractors (0..6) 1.5.
	 */
	weighted_example(&h);
	ck_assert_int_eq(h.total, 5);
	ck_assert_double_eq(cx_hist_weight_total(&h), 5.0);
	ck_assert_double_eq(cx_hist_percent_between(&h, 9, 10), 50.0);	/* 100 * 2.5 / 5 */
	ck_assert_double_eq(cx_hist_percent_between(&h, 0, 6), 30.0);	/* 100 * 1.5 / 5 */
	ck_assert_double_eq(cx_hist_percent_between(&h, 0, 0), 0.0);	/* a row, no weight */
	ck_assert_double_eq(cx_hist_percent_between(&h, 0, 100), 100.0);
	ck_assert_double_eq(cx_hist_nps(&h, 9, 6), 20.0);	/* 100 * (2.5 - 1.5) / 5 */
	ck_assert_double_eq(cx_hist_nps(&h, 7, 6), 40.0);	/* 100 * (3.5 - 1.5) / 5 */
	/* mean (20 + 4.5 + 7 + 4.5 + 0) / 5 = 7.2: numpy.average(x, weights=w) = 7.2 */
	ck_assert_double_eq(cx_hist_mean(&h), 7.2);
	/* 5^2 / (4 + 0.25 + 1 + 2.25 + 0) = 25 / 7.5 = 3.3333333333333335 */
	ck_assert_double_eq(cx_hist_effective_n(&h), 3.3333333333333335);
	/*
	 * sum w (x - m)^2 / sum w * n_eff / (n_eff - 1) equals numpy's unbiased
	 * reliability-weighted variance, sum w (x - m)^2 / (V1 - V2 / V1):
	 * float(numpy.cov([10, 9, 7, 3, 0], aweights=[2, .5, 1, 1.5, 0])) = 12.514285714285712
	 */
	ck_assert_double_rel(cx_hist_variance(&h), 12.514285714285712, 1e-14);
}
END_TEST

START_TEST(test_weighted_metrics_huge_sums)
{
	/*
	 * As decoded from {9:1:1e308:1e300,10:1:1e308:1e300} (sums the decoders
	 * accept one by one): the total weight 2e308 is not a double, yet every
	 * share is a ratio of finite weights.  Weight 1e308 on 9 and on 10:
	 * share of 9 = 50 %, NPS (9..10 vs 0..6) = 100, NPS (10 vs 0..9) = 0,
	 * mean (9 + 10) / 2 = 9.5.  (Such sums cannot come from real weights,
	 * whose sum w^2 >= (sum w)^2 / count; n_eff and the variance are not
	 * checked here.)
	 */
	cx_hist		h;

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 9, 1), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&h, 10, 1), CX_OK);
	cx_hist_make_weighted(&h);
	h.sum_w[9] = h.sum_w[10] = 1e308;
	h.sum_w2[9] = h.sum_w2[10] = 1e300;
	ck_assert(cx_hist_has_weight(&h));
	ck_assert_double_rel(cx_hist_percent_between(&h, 9, 9), 50.0, 1e-15);
	ck_assert_double_rel(cx_hist_percent_between(&h, 0, 100), 100.0, 1e-15);
	ck_assert_double_rel(cx_hist_nps(&h, 9, 6), 100.0, 1e-15);
	ck_assert_double_eq(cx_hist_nps(&h, 10, 9), 0.0);
	ck_assert_double_rel(cx_hist_mean(&h), 9.5, 1e-15);
}
END_TEST

START_TEST(test_unweighted_variance_and_shares)
{
	static const int v1[] = {1, 2, 3, 4};
	static const int64_t c1[] = {1, 1, 1, 1};
	static const int v2[] = {1, 2, 3, 4, 5};
	static const int64_t c2[] = {4, 3, 4, 7, 2};
	static const int v3[] = {10, 9, 8, 7, 3};
	static const int64_t c3[] = {5, 4, 1, 1, 1};
	cx_hist		h;

	/* numpy.var([1, 2, 3, 4], ddof=1) = 1.6666666666666667 (5 / 3) */
	hist_from(&h, v1, c1, 4);
	ck_assert_double_rel(cx_hist_variance(&h), 1.6666666666666667, 1e-15);
	/* numpy.var(numpy.repeat([1,2,3,4,5], [4,3,4,7,2]), ddof=1) = 1.7894736842105263 (34 / 19) */
	hist_from(&h, v2, c2, 5);
	ck_assert_double_rel(cx_hist_variance(&h), 1.7894736842105263, 1e-15);
	/* one value repeated: 0 */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 42, 9), CX_OK);
	ck_assert_double_eq(cx_hist_variance(&h), 0.0);

	/* unweighted shares and NPS are exactly the count formulas */
	hist_from(&h, v3, c3, 5);
	ck_assert_double_eq(cx_hist_percent_between(&h, 9, 10), cx_percent_from_counts(12, 9));
	ck_assert_double_eq(cx_hist_percent_between(&h, 0, 6), cx_percent_from_counts(12, 1));
	ck_assert_double_eq(cx_hist_nps(&h, 9, 6), cx_nps_from_counts(12, 9, 1));
	ck_assert_double_eq(cx_hist_weight_between(&h, 9, 10), 9.0);
	ck_assert_double_eq(cx_hist_weight_total(&h), 12.0);
}
END_TEST

/*
 * Regression (found by fuzzing, fuzz_summary_text input
 * "{0:9223372016857825480,1:1}" gave an NPS of -100.00000000000001): the
 * formulas round 100 * x / x to 100.00000000000001 for some x, so shares,
 * NPS and means could leave their range by one unit in the last place, with
 * everyday weights too (a weighted CSAT of 100.00000000000001% when every
 * answer is satisfied).  Results are clamped to the range.
 */
START_TEST(test_metrics_clamped_to_range)
{
	cx_hist		h;
	int64_t		n = INT64_C(1000000000000049380);	/* 100.0 * n / n > 100 */

	ck_assert_double_eq(cx_percent_from_counts(n, n), 100.0);
	ck_assert_double_eq(cx_percent_from_counts(n, 0), 0.0);
	ck_assert_double_eq(cx_nps_from_counts(n, n, 0), 100.0);
	ck_assert_double_eq(cx_nps_from_counts(n, 0, n), -100.0);

	/* every answer a detractor */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 0, INT64_C(9223372016857825480)), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&h, 1, 1), CX_OK);
	ck_assert_double_eq(cx_hist_nps(&h, 9, 6), -100.0);
	ck_assert_double_eq(cx_hist_percent_between(&h, 0, 6), 100.0);

	/* (double) (7 * c) / (double) c = 7.000000000000001 */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 7, INT64_C(288230376151711765)), CX_OK);
	ck_assert_double_eq(cx_hist_mean(&h), 7.0);

	/* weighted: 100 * w / w = 100.00000000000001 for w = 2.9000000000000004 */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 9, 2.9000000000000004), CX_OK);
	ck_assert_double_eq(cx_hist_percent_between(&h, 4, CX_MAX_VALUE), 100.0);
	ck_assert_double_eq(cx_hist_nps(&h, 9, 6), 100.0);
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 0, 2.9000000000000004), CX_OK);
	ck_assert_double_eq(cx_hist_nps(&h, 9, 6), -100.0);
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 100, 2.9000000000000004), CX_OK);
	ck_assert_double_eq(cx_hist_mean(&h), 100.0);
	/* 7 * w / w = 7.000000000000001 for w = 0.30000000000000004 */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 7, 0.30000000000000004), CX_OK);
	ck_assert_double_eq(cx_hist_mean(&h), 7.0);
}
END_TEST

Suite *
hist_suite(void)
{
	Suite	   *s = suite_create("hist");
	TCase	   *tc = tcase_create("basics");
	TCase	   *tm = tcase_create("metrics");
	TCase	   *to = tcase_create("overflow");
	TCase	   *ts = tcase_create("subtract");
	TCase	   *tw = tcase_create("weighted");

	tcase_add_test(tc, test_init_is_empty);
	tcase_add_test(tc, test_add_value_counts);
	tcase_add_test(tc, test_add_value_rejects_range_and_negative);
	tcase_add_test(tc, test_min_max_value);
	tcase_add_test(tc, test_count_between);
	tcase_add_test(tc, test_equal);
	suite_add_tcase(s, tc);

	tcase_add_test(tm, test_nps_worked_example);
	tcase_add_test(tm, test_nps_sign_and_bounds);
	tcase_add_test(tm, test_csat_worked_example);
	tcase_add_test(tm, test_twenty_answer_example);
	tcase_add_test(tm, test_mean_without_int64_overflow);
	tcase_add_test(tm, test_mean_from_sum);
	tcase_add_test(tm, test_metrics_clamped_to_range);
	suite_add_tcase(s, tm);

	tcase_add_test(to, test_add_overflow_at_int64_max);
	tcase_add_test(to, test_add_overflow_single_value);
	tcase_add_test(to, test_merge_adds_counts);
	tcase_add_test(to, test_merge_overflow_at_int64_max);
	tcase_add_test(to, test_merge_overflow_same_value);
	tcase_add_test(to, test_add_i64_sub_i64);
	suite_add_tcase(s, to);

	tcase_add_test(ts, test_sub_value);
	tcase_add_test(ts, test_subtract);
	tcase_add_test(ts, test_merge_then_subtract_round_trip);
	suite_add_tcase(s, ts);

	tcase_add_test(tw, test_add_weighted_counts_and_sums);
	tcase_add_test(tw, test_add_weighted_zero_weights);
	tcase_add_test(tw, test_subtract_weighted_exact);
	tcase_add_test(tw, test_subtract_weighted_self_is_empty);
	tcase_add_test(tw, test_subtract_mixed_weighting);
	tcase_add_test(tw, test_subtract_weighted_not_contained);
	tcase_add_test(tw, test_subtract_weighted_rounding_normalised);
	tcase_add_test(tw, test_subtract_weighted_inconsistent_cells);
	tcase_add_test(tw, test_merge_then_subtract_weighted);
	tcase_add_test(tw, test_add_weighted_sum_overflow);
	tcase_add_test(tw, test_add_weighted_count_overflow);
	tcase_add_test(tw, test_add_weighted_failure_leaves_unweighted_unchanged);
	tcase_add_test(tw, test_add_weighted_tiny_weight_keeps_sums_valid);
	tcase_add_test(tw, test_make_weighted);
	tcase_add_test(tw, test_weights_of_one_give_unweighted_results);
	tcase_add_test(tw, test_merge_weighted_with_unweighted);
	tcase_add_test(tw, test_merge_weighted_sums_and_overflow);
	tcase_add_test(tw, test_effective_n);
	tcase_add_test(tw, test_effective_n_huge_weights);
	tcase_add_test(tw, test_effective_n_tiny_weights);
	tcase_add_test(tw, test_effective_n_sum_of_squares_overflow);
	tcase_add_test(tw, test_has_weight);
	tcase_add_test(tw, test_weighted_metrics);
	tcase_add_test(tw, test_weighted_metrics_huge_sums);
	tcase_add_test(tw, test_unweighted_variance_and_shares);
	suite_add_tcase(s, tw);
	return s;
}
