/*
 * test_packed.c: sparse bitmap + counts layout (cx_packed.h).
 */
#include "test_unit.h"

#include <limits.h>
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

Suite *
packed_suite(void)
{
	Suite	   *s = suite_create("packed");
	TCase	   *tc = tcase_create("layout");
	TCase	   *tr = tcase_create("read");

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
	return s;
}
