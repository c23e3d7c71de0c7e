/*
 * test_packed.c: sparse bitmap + counts layout (cx_packed.h), and the sums
 * of weights of a weighted summary stored after the counts.
 */
#include "test_unit.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cx_packed.h"

/*
 * The reference histogram: values 0, 63, 64, 100 (both ends of both bitmap
 * words) with counts 2, 1, 5, 7; total 15.
 *   word 0: bit 0 and bit 63          = 0x8000000000000001
 *   word 1: bit 0 (64) and bit 36 (100) = 0x0000001000000001
 */
static void
reference_hist(cx_hist *h)
{
	cx_hist_init(h);
	ck_assert_int_eq(cx_hist_add_value(h, 0, 2), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(h, 63, 1), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(h, 64, 5), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(h, 100, 7), CX_OK);
}

static const uint64_t ref_present[CX_PRESENT_WORDS] = {
	UINT64_C(0x8000000000000001), UINT64_C(0x0000001000000001)
};
static const int64_t ref_counts[4] = {2, 1, 5, 7};

/* cx_packed_read on a heap copy of exactly ncounts counts */
static bool
read_exact(const uint64_t present[CX_PRESENT_WORDS], const int64_t *counts,
		   int ncounts, int64_t total, cx_hist *out)
{
	int64_t    *copy = test_memdup(counts, sizeof(int64_t) * (size_t) ncounts);
	bool		ok = cx_packed_read(present, copy, ncounts, total, out);

	free(copy);
	return ok;
}

START_TEST(test_write_layout)
{
	cx_hist		h;
	uint64_t	present[CX_PRESENT_WORDS] = {~UINT64_C(0), ~UINT64_C(0)};	/* must be cleared */
	int64_t		counts[4] = {-9, -9, -9, -9};

	reference_hist(&h);
	ck_assert_int_eq(cx_packed_ncounts(&h), 4);
	cx_packed_write(&h, present, counts);
	ck_assert_uint_eq(present[0], UINT64_C(0x8000000000000001));
	ck_assert_uint_eq(present[1], UINT64_C(0x0000001000000001));
	ck_assert_int_eq(counts[0], 2);
	ck_assert_int_eq(counts[1], 1);
	ck_assert_int_eq(counts[2], 5);
	ck_assert_int_eq(counts[3], 7);
	ck_assert_int_eq(cx_packed_popcount(present), 4);
}
END_TEST

START_TEST(test_round_trip)
{
	cx_hist		h,
				back;
	uint64_t	present[CX_PRESENT_WORDS];
	int64_t    *counts;
	int			n;

	reference_hist(&h);
	n = cx_packed_ncounts(&h);
	counts = malloc(sizeof(int64_t) * (size_t) n);
	cx_packed_write(&h, present, counts);
	ck_assert(read_exact(present, counts, n, h.total, &back));
	ck_assert(cx_hist_equal(&h, &back));
	ck_assert_int_eq(back.total, 15);	/* 2 + 1 + 5 + 7 */
	free(counts);
}
END_TEST

START_TEST(test_round_trip_empty)
{
	cx_hist		h,
				back;
	uint64_t	present[CX_PRESENT_WORDS] = {1, 1};
	int64_t		unused[1] = {0};

	cx_hist_init(&h);
	ck_assert_int_eq(cx_packed_ncounts(&h), 0);
	cx_packed_write(&h, present, unused);
	ck_assert_uint_eq(present[0], 0);
	ck_assert_uint_eq(present[1], 0);
	ck_assert_int_eq(cx_packed_popcount(present), 0);
	memset(&back, 0x5A, sizeof(back));
	ck_assert(read_exact(present, unused, 0, 0, &back));
	ck_assert(cx_hist_equal(&h, &back));
	/* an empty body with a non-zero total is inconsistent */
	ck_assert(!read_exact(present, unused, 0, 1, &back));
}
END_TEST

START_TEST(test_round_trip_all_values)
{
	cx_hist		h,
				back;
	uint64_t	present[CX_PRESENT_WORDS];
	int64_t		counts[CX_NVALUES];

	/* 101 values, count 9e16 + v: total 101 * 9e16 + 5050 < INT64_MAX */
	cx_hist_init(&h);
	for (int v = 0; v < CX_NVALUES; v++)
		ck_assert_int_eq(cx_hist_add_value(&h, v, INT64_C(90000000000000000) + v), CX_OK);
	ck_assert_int_eq(cx_packed_ncounts(&h), 101);
	cx_packed_write(&h, present, counts);
	ck_assert_uint_eq(present[0], ~UINT64_C(0));
	ck_assert_uint_eq(present[1], (UINT64_C(1) << 37) - 1);	/* bits 64..100 */
	for (int v = 0; v < CX_NVALUES; v++)
	{
		ck_assert_int_eq(counts[v], INT64_C(90000000000000000) + v);
		ck_assert_int_eq(cx_packed_slot(present, v), v);
	}
	ck_assert(read_exact(present, counts, 101, h.total, &back));
	ck_assert(cx_hist_equal(&h, &back));
}
END_TEST

START_TEST(test_slot_present_absent_out_of_range)
{
	uint64_t	present[CX_PRESENT_WORDS] = {ref_present[0], ref_present[1]};

	ck_assert_int_eq(cx_packed_slot(present, 0), 0);
	ck_assert_int_eq(cx_packed_slot(present, 63), 1);
	ck_assert_int_eq(cx_packed_slot(present, 64), 2);	/* after both bits of word 0 */
	ck_assert_int_eq(cx_packed_slot(present, 100), 3);
	/* absent */
	ck_assert_int_eq(cx_packed_slot(present, 1), -1);
	ck_assert_int_eq(cx_packed_slot(present, 62), -1);
	ck_assert_int_eq(cx_packed_slot(present, 65), -1);
	ck_assert_int_eq(cx_packed_slot(present, 99), -1);
	/* out of range, even with the corresponding bit set */
	present[1] |= (UINT64_C(1) << 37) | (UINT64_C(1) << 63);	/* "101" and "127" */
	ck_assert_int_eq(cx_packed_slot(present, -1), -1);
	ck_assert_int_eq(cx_packed_slot(present, 101), -1);
	ck_assert_int_eq(cx_packed_slot(present, 127), -1);
	ck_assert_int_eq(cx_packed_slot(present, 128), -1);
	ck_assert_int_eq(cx_packed_slot(present, INT_MIN), -1);
	ck_assert_int_eq(cx_packed_slot(present, INT_MAX), -1);
}
END_TEST

START_TEST(test_slot_every_other_value)
{
	/* even values 0, 2, ..., 100 present: slot(v) = v / 2, odd values absent */
	cx_hist		h;
	uint64_t	present[CX_PRESENT_WORDS];
	int64_t		counts[CX_NVALUES];

	cx_hist_init(&h);
	for (int v = 0; v <= 100; v += 2)
		ck_assert_int_eq(cx_hist_add_value(&h, v, 1), CX_OK);
	cx_packed_write(&h, present, counts);
	ck_assert_int_eq(cx_packed_popcount(present), 51);
	ck_assert_uint_eq(present[0], UINT64_C(0x5555555555555555));
	for (int v = 0; v <= 100; v++)
		ck_assert_int_eq(cx_packed_slot(present, v), v % 2 == 0 ? v / 2 : -1);
}
END_TEST

START_TEST(test_read_valid)
{
	cx_hist		out;

	ck_assert(read_exact(ref_present, ref_counts, 4, 15, &out));
	ck_assert_int_eq(out.total, 15);
	ck_assert_int_eq(out.count[0], 2);
	ck_assert_int_eq(out.count[63], 1);
	ck_assert_int_eq(out.count[64], 5);
	ck_assert_int_eq(out.count[100], 7);
	ck_assert_int_eq(cx_hist_count_between(&out, 1, 62), 0);
	ck_assert_int_eq(cx_hist_count_between(&out, 65, 99), 0);
}
END_TEST

START_TEST(test_read_rejects_bits_above_100)
{
	static const int64_t counts5[5] = {2, 1, 5, 7, 1};
	cx_hist		out;

	for (int bit = 37; bit < 64; bit++)	/* values 101..127 */
	{
		uint64_t	present[CX_PRESENT_WORDS] = {ref_present[0], ref_present[1]};

		present[1] |= UINT64_C(1) << bit;
		/* ncounts and total consistent with the extra bit: 5 counts, 16 */
		ck_assert_msg(!read_exact(present, counts5, 5, 16, &out),
					  "bit for value %d accepted", 64 + bit);
		/* or with only the valid values: 5 counts, but total 15 = 2+1+5+7 */
		ck_assert_msg(!read_exact(present, counts5, 5, 15, &out),
					  "bit for value %d accepted (total of the valid values)", 64 + bit);
	}
}
END_TEST

START_TEST(test_read_rejects_bad_counts)
{
	static const int64_t zero[4] = {2, 0, 5, 7};
	static const int64_t negative[4] = {2, -1, 5, 7};
	static const int64_t last_zero[4] = {2, 1, 5, 0};
	static const int64_t min[4] = {2, INT64_MIN, 5, 7};
	cx_hist		out;

	ck_assert(!read_exact(ref_present, zero, 4, 14, &out));	/* 2+0+5+7 */
	ck_assert(!read_exact(ref_present, negative, 4, 13, &out));	/* 2-1+5+7 */
	ck_assert(!read_exact(ref_present, last_zero, 4, 8, &out));	/* 2+1+5+0 */
	ck_assert(!read_exact(ref_present, min, 4, 14, &out));
}
END_TEST

START_TEST(test_read_rejects_wrong_ncounts)
{
	static const int64_t counts5[5] = {2, 1, 5, 7, 3};
	cx_hist		out;

	ck_assert(!read_exact(ref_present, ref_counts, 3, 8, &out));	/* 2+1+5 */
	ck_assert(!read_exact(ref_present, counts5, 5, 18, &out));	/* 15+3 */
	ck_assert(!read_exact(ref_present, ref_counts, 0, 0, &out));
}
END_TEST

START_TEST(test_read_rejects_wrong_total)
{
	cx_hist		out;

	ck_assert(!read_exact(ref_present, ref_counts, 4, 14, &out));
	ck_assert(!read_exact(ref_present, ref_counts, 4, 16, &out));
	ck_assert(!read_exact(ref_present, ref_counts, 4, 0, &out));
	ck_assert(!read_exact(ref_present, ref_counts, 4, -15, &out));
}
END_TEST

START_TEST(test_read_rejects_sum_overflow)
{
	static const uint64_t present[CX_PRESENT_WORDS] = {UINT64_C(3), 0};	/* values 0, 1 */
	static const int64_t max_and_one[2] = {INT64_MAX, 1};
	static const int64_t fits[2] = {INT64_MAX - 1, 1};
	cx_hist		out;

	/* INT64_MAX + 1 wraps to INT64_MIN; no total can make it valid */
	ck_assert(!read_exact(present, max_and_one, 2, INT64_MIN, &out));
	ck_assert(!read_exact(present, max_and_one, 2, INT64_MAX, &out));
	/* (INT64_MAX - 1) + 1 = INT64_MAX exactly is fine */
	ck_assert(read_exact(present, fits, 2, INT64_MAX, &out));
	ck_assert(out.total == INT64_MAX);
}
END_TEST

/* ---- weights (format version 2) ---- */

/*
 * The reference histogram, weighted: value 0 two rows of weight 0.5 and 1.5,
 * 63 one row of weight 0, 64 five of weight 1, 100 seven of weight 2:
 *   sum_w  = {2, 0, 5, 14}    (0.5 + 1.5, 0, 5 x 1, 7 x 2)
 *   sum_w2 = {2.5, 0, 5, 28}  (0.25 + 2.25, 0, 5 x 1, 7 x 4)
 */
static void
reference_weighted(cx_hist *h)
{
	cx_hist_init(h);
	ck_assert_int_eq(cx_hist_add_weighted(h, 0, 0.5), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(h, 0, 1.5), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(h, 63, 0.0), CX_OK);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(cx_hist_add_weighted(h, 64, 1.0), CX_OK);
	for (int i = 0; i < 7; i++)
		ck_assert_int_eq(cx_hist_add_weighted(h, 100, 2.0), CX_OK);
}

static const double ref_sum_w[4] = {2.0, 0.0, 5.0, 14.0};
static const double ref_sum_w2[4] = {2.5, 0.0, 5.0, 28.0};

/* cx_packed_read, then cx_packed_read_weights on exact heap copies */
static bool
read_weights_exact(const double *sum_w, const double *sum_w2, int ncounts, cx_hist *out)
{
	double	   *w = test_memdup(sum_w, sizeof(double) * (size_t) ncounts);
	double	   *w2 = test_memdup(sum_w2, sizeof(double) * (size_t) ncounts);
	bool		ok;

	ck_assert(read_exact(ref_present, ref_counts, 4, 15, out));
	ok = cx_packed_read_weights(ref_present, w, w2, out);
	free(w);
	free(w2);
	return ok;
}

START_TEST(test_write_weights_layout)
{
	cx_hist		h;
	uint64_t	present[CX_PRESENT_WORDS];
	int64_t		counts[4];
	double		sum_w[4] = {-9, -9, -9, -9};
	double		sum_w2[4] = {-9, -9, -9, -9};

	reference_weighted(&h);
	ck_assert_int_eq(cx_packed_ncounts(&h), 4);	/* the weight-0 row counts */
	cx_packed_write(&h, present, counts);
	ck_assert_mem_eq(present, ref_present, sizeof(ref_present));
	ck_assert_mem_eq(counts, ref_counts, sizeof(ref_counts));
	cx_packed_write_weights(&h, sum_w, sum_w2);
	for (int i = 0; i < 4; i++)
	{
		ck_assert_double_eq(sum_w[i], ref_sum_w[i]);
		ck_assert_double_eq(sum_w2[i], ref_sum_w2[i]);
	}
}
END_TEST

START_TEST(test_weights_round_trip)
{
	cx_hist		h,
				back;

	reference_weighted(&h);
	memset(&back, 0x5A, sizeof(back));
	ck_assert(read_weights_exact(ref_sum_w, ref_sum_w2, 4, &back));
	ck_assert(back.weighted);
	ck_assert(cx_hist_equal(&h, &back));

	/* all 101 values with irregular weights: write, read, equal */
	{
		uint64_t	present[CX_PRESENT_WORDS];
		int64_t		counts[CX_NVALUES];
		double		sum_w[CX_NVALUES];
		double		sum_w2[CX_NVALUES];

		cx_hist_init(&h);
		for (int v = 0; v < CX_NVALUES; v++)
			for (int k = 0; k <= v % 3; k++)
				ck_assert_int_eq(cx_hist_add_weighted(&h, v, (v * 7919 + k) % 1000 / 7.0), CX_OK);
		cx_packed_write(&h, present, counts);
		cx_packed_write_weights(&h, sum_w, sum_w2);
		ck_assert(cx_packed_read(present, counts, CX_NVALUES, h.total, &back));
		ck_assert(cx_packed_read_weights(present, sum_w, sum_w2, &back));
		ck_assert(cx_hist_equal(&h, &back));
	}
}
END_TEST

START_TEST(test_read_weights_empty)
{
	static const uint64_t none[CX_PRESENT_WORDS] = {0, 0};
	static const double unused[1] = {-1.0};	/* never read */
	cx_hist		out,
				expected;

	ck_assert(cx_packed_read(none, NULL, 0, 0, &out));
	ck_assert(cx_packed_read_weights(none, unused, unused, &out));
	ck_assert(out.weighted);
	cx_hist_init(&expected);
	cx_hist_make_weighted(&expected);
	ck_assert(cx_hist_equal(&out, &expected));
}
END_TEST

/* Invalid (sum_w, sum_w2) pairs of one value. */
static const double bad_sums[][2] = {
	{NAN, 1.0}, {1.0, NAN}, {NAN, NAN},
	{INFINITY, 1.0}, {1.0, INFINITY}, {INFINITY, INFINITY},
	{-INFINITY, 1.0}, {1.0, -INFINITY},
	{-1.0, 1.0}, {1.0, -1.0}, {-1.0, -1.0}, {-5e-324, 5e-324},
	{0.0, 1.0}, {1.0, 0.0},		/* not zero together */
	{0.0, 5e-324}, {5e-324, 0.0},
};

START_TEST(test_read_weights_rejects)
{
	/* the bad pair in each of the four slots in turn */
	for (int slot = 0; slot < 4; slot++)
	{
		double		sum_w[4],
					sum_w2[4];
		cx_hist		out;

		memcpy(sum_w, ref_sum_w, sizeof(sum_w));
		memcpy(sum_w2, ref_sum_w2, sizeof(sum_w2));
		sum_w[slot] = bad_sums[_i][0];
		sum_w2[slot] = bad_sums[_i][1];
		ck_assert_msg(!read_weights_exact(sum_w, sum_w2, 4, &out),
					  "(%g, %g) accepted in slot %d", bad_sums[_i][0], bad_sums[_i][1], slot);
	}
}
END_TEST

START_TEST(test_weight_sums_valid)
{
	static const double good[][2] = {
		{0.0, 0.0},				/* rows of weight 0 */
		{1.0, 1.0}, {3.5, 6.25}, {0.1, 0.010000000000000002},
		{5e-324, 5e-324}, {DBL_MAX, DBL_MAX}, {1e200, 1e300},
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(cx_weight_sums_valid(good[i][0], good[i][1]),
					  "(%g, %g) rejected", good[i][0], good[i][1]);
	for (size_t i = 0; i < sizeof(bad_sums) / sizeof(bad_sums[0]); i++)
		ck_assert_msg(!cx_weight_sums_valid(bad_sums[i][0], bad_sums[i][1]),
					  "(%g, %g) accepted", bad_sums[i][0], bad_sums[i][1]);
}
END_TEST

/*
 * Regression (found by fuzzing, fuzz_summary_wire input with value 0, count
 * 288863746388934656, sum_w 7.8320742648855812e-310, sum_w2 3.0517578125e-05):
 * the tolerance grows with the count (4 * count * DBL_EPSILON), and past
 * about 5.6e14 answers it exceeded 1, so the lower bound 1 - tolerance let
 * any sums through: that summary had weight and an effective sample of 0.
 * The lower bound keeps at least half its value.
 */
START_TEST(test_weight_sums_consistent_huge_counts)
{
	int64_t		huge = INT64_C(288863746388934656);

	ck_assert(!cx_weight_sums_consistent(huge, 7.8320742648855812e-310, 3.0517578125e-05));
	ck_assert(!cx_weight_sums_consistent(INT64_C(90000000000000000), 0.92233, DBL_MAX));
	ck_assert(!cx_weight_sums_consistent(INT64_MAX, 1.0, 4.0));	/* ratio 1/4 */
	/* ratios from 1 to the count still pass, with the count's tolerance */
	ck_assert(cx_weight_sums_consistent(huge, 1.0, 1.0));
	ck_assert(cx_weight_sums_consistent(huge, 3e17, 3e17 * 3e17 / 2.8e17));
	ck_assert(cx_weight_sums_consistent(INT64_MAX, 1.0, 1.0 / 0.75));	/* ratio 0.75 */
	/* small counts keep the tight bound */
	ck_assert(!cx_weight_sums_consistent(2, 1.0, 1.0 / 0.999));
	ck_assert(cx_weight_sums_consistent(2, 2.0, 2.0));
}
END_TEST

Suite *
packed_suite(void)
{
	Suite	   *s = suite_create("packed");
	TCase	   *tc = tcase_create("layout");
	TCase	   *tr = tcase_create("read");
	TCase	   *tw = tcase_create("weights");

	tcase_add_test(tc, test_write_layout);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_round_trip_empty);
	tcase_add_test(tc, test_round_trip_all_values);
	tcase_add_test(tc, test_slot_present_absent_out_of_range);
	tcase_add_test(tc, test_slot_every_other_value);
	suite_add_tcase(s, tc);

	tcase_add_test(tr, test_read_valid);
	tcase_add_test(tr, test_read_rejects_bits_above_100);
	tcase_add_test(tr, test_read_rejects_bad_counts);
	tcase_add_test(tr, test_read_rejects_wrong_ncounts);
	tcase_add_test(tr, test_read_rejects_wrong_total);
	tcase_add_test(tr, test_read_rejects_sum_overflow);
	suite_add_tcase(s, tr);

	tcase_add_test(tw, test_write_weights_layout);
	tcase_add_test(tw, test_weights_round_trip);
	tcase_add_test(tw, test_read_weights_empty);
	tcase_add_loop_test(tw, test_read_weights_rejects, 0,
						(int) (sizeof(bad_sums) / sizeof(bad_sums[0])));
	tcase_add_test(tw, test_weight_sums_valid);
	tcase_add_test(tw, test_weight_sums_consistent_huge_counts);
	suite_add_tcase(s, tw);
	return s;
}
