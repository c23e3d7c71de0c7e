/*
 * test_hist.c: dense histogram (cx_hist.h): counting, overflow-checked
 * add/merge, subtraction, and the metric formulas on the metrics.md worked
 * examples.
 */
#include "test_unit.h"

#include <string.h>

#include "cx_hist.h"

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

Suite *
hist_suite(void)
{
	Suite	   *s = suite_create("hist");
	TCase	   *tc = tcase_create("basics");
	TCase	   *tm = tcase_create("metrics");
	TCase	   *to = tcase_create("overflow");
	TCase	   *ts = tcase_create("subtract");

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
	return s;
}
