/*
 * test_csi.c: component-level weighted CSI state (cx_csi.h): entries,
 * index, merge, text and binary forms.
 *
 * Entry buffers come from malloc (aligned for any type, so 8-byte aligned),
 * never from char arrays at odd offsets.
 */
#include "test_unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_csi.h"
#include "cx_summary_wire.h"

typedef struct csi_spec
{
	const char *name;
	size_t		name_len;		/* bytes of name */
	int64_t		n;
	double		sum_satisfaction;
	double		sum_importance;
} csi_spec;

#define SPEC(name, n, s, i) {name, sizeof(name) - 1, n, s, i}

/* Entries for specs in a fresh malloc'd buffer of exactly the right size. */
static uint8_t *
csi_build(const csi_spec *specs, int count, size_t *len)
{
	size_t		total = 0,
				off = 0;
	uint8_t    *buf;

	for (int i = 0; i < count; i++)
		total += CX_CSI_ENTRY_SIZE(specs[i].name_len);
	buf = malloc(total ? total : 8);
	ck_assert_ptr_nonnull(buf);
	for (int i = 0; i < count; i++)
	{
		cx_csi_entry *e = (cx_csi_entry *) (buf + off);

		cx_csi_write_entry(buf + off, specs[i].name, (uint32_t) specs[i].name_len,
						   specs[i].sum_satisfaction, specs[i].sum_importance);
		e->n = specs[i].n;
		off += CX_CSI_ENTRY_SIZE(specs[i].name_len);
	}
	*len = total;
	return buf;
}

static cx_csi_entry *
entry_at(uint8_t *entries, size_t len, int index)
{
	size_t		off = 0;

	for (int i = 0; i < index; i++)
	{
		ck_assert_uint_lt(off, len);
		off += CX_CSI_ENTRY_SIZE(((cx_csi_entry *) (entries + off))->name_len);
	}
	ck_assert_uint_lt(off, len);
	return (cx_csi_entry *) (entries + off);
}

static bool
validate(const uint8_t *entries, size_t len, uint32_t ncomponents)
{
	char		err[256];

	memset(err, 0, sizeof(err));
	if (cx_csi_validate(entries, len, ncomponents, err, sizeof(err)))
		return true;
	ck_assert_msg(strlen(err) > 0, "validate failed with an empty message");
	return false;
}

/* Parse a heap copy of exactly len bytes into a buffer of cx_csi_parse_size. */
static bool
parse_exact(const char *text, size_t len, uint8_t **out, size_t *out_len,
			uint32_t *ncomponents, char *err, size_t errlen)
{
	char	   *copy = test_memdup(text, len);
	size_t		cap = cx_csi_parse_size(len);
	bool		ok;

	*out = malloc(cap);
	memset(err, 0, errlen);
	ok = cx_csi_parse(copy, len, *out, cap, out_len, ncomponents, err, errlen);
	free(copy);
	return ok;
}

static bool
decode_exact(const uint8_t *wire, size_t len, uint8_t **out, size_t *out_len,
			 uint32_t *ncomponents, char *err, size_t errlen)
{
	uint8_t    *copy = test_memdup(wire, len);
	size_t		cap = cx_csi_decode_size(len);
	bool		ok;

	*out = malloc(cap);
	memset(err, 0, errlen);
	ok = cx_csi_decode(copy, len, *out, cap, out_len, ncomponents, err, errlen);
	free(copy);
	return ok;
}

static char *
format_alloc(const uint8_t *entries, size_t len)
{
	size_t		need = cx_csi_format(entries, len, NULL);
	char	   *buf = malloc(need);

	ck_assert_uint_eq(cx_csi_format(entries, len, buf), need);
	ck_assert_uint_eq(strlen(buf) + 1, need);	/* length includes the NUL */
	return buf;
}

static uint8_t *
encode_alloc(const uint8_t *entries, size_t len, uint32_t ncomponents, size_t *wire_len)
{
	size_t		need = cx_csi_encode_size(entries, len);
	uint8_t    *buf = malloc(need);

	cx_csi_encode(entries, len, ncomponents, buf);
	*wire_len = need;
	return buf;
}

/* ---- layout ---- */

START_TEST(test_entry_size)
{
	ck_assert_uint_eq(offsetof(cx_csi_entry, name), 32);	/* 8 + 8 + 8 + 4 + 4 */
	ck_assert_uint_eq(CX_CSI_ENTRY_SIZE(0), 32);
	ck_assert_uint_eq(CX_CSI_ENTRY_SIZE(1), 40);
	ck_assert_uint_eq(CX_CSI_ENTRY_SIZE(8), 40);
	ck_assert_uint_eq(CX_CSI_ENTRY_SIZE(9), 48);
	ck_assert_uint_eq(CX_CSI_ENTRY_SIZE(1000), 1032);
	ck_assert_uint_eq(CX_CSI_ENTRY_SIZE(1001), 1040);	/* 32 + 1008 */
}
END_TEST

START_TEST(test_write_entry)
{
	uint8_t    *buf = malloc(CX_CSI_ENTRY_SIZE(3) + 8);
	cx_csi_entry *e = (cx_csi_entry *) buf;

	memset(buf, 0xAA, CX_CSI_ENTRY_SIZE(3) + 8);
	cx_csi_write_entry(buf, "abc", 3, 4.5, 2.0);
	ck_assert_int_eq(e->n, 1);
	ck_assert_double_eq(e->sum_satisfaction, 4.5);
	ck_assert_double_eq(e->sum_importance, 2.0);
	ck_assert_uint_eq(e->name_len, 3);
	ck_assert_uint_eq(e->reserved, 0);
	ck_assert_mem_eq(e->name, "abc\0\0\0\0\0", 8);	/* padded with zeros to 8 */
	ck_assert_uint_eq(buf[40], 0xAA);	/* nothing written past CX_CSI_ENTRY_SIZE(3) = 40 */
	ck_assert(validate(buf, 40, 1));
	free(buf);
}
END_TEST

START_TEST(test_find)
{
	static const csi_spec specs[] = {
		SPEC("AB", 1, 1, 1), SPEC("A", 2, 2, 2), SPEC("", 3, 3, 3), SPEC("long name!", 4, 4, 4),
	};
	size_t		len;
	uint8_t    *st = csi_build(specs, 4, &len);
	cx_csi_entry *e;

	e = cx_csi_find(st, len, "A", 1);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->n, 2);	/* not the "AB" entry */
	ck_assert_ptr_eq(e, entry_at(st, len, 1));
	e = cx_csi_find(st, len, "AB", 2);
	ck_assert_ptr_eq(e, entry_at(st, len, 0));
	e = cx_csi_find(st, len, "", 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->n, 3);
	e = cx_csi_find(st, len, "long name!", 10);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->n, 4);
	ck_assert_ptr_null(cx_csi_find(st, len, "B", 1));
	ck_assert_ptr_null(cx_csi_find(st, len, "ABC", 3));
	ck_assert_ptr_null(cx_csi_find(st, len, "long name", 9));
	ck_assert_ptr_null(cx_csi_find(st, 0, "A", 1));
	free(st);
}
END_TEST

/* ---- index ---- */

START_TEST(test_index_worked_example)
{
	/*
	 * Worked example: A importance 5, 4 / satisfaction 4, 5; B importance 2, 3 /
	 * satisfaction 3, 2.  Built from the four ratings: first ratings, then
	 * the second ones merged in (listed in the other order).
	 */
	static const csi_spec first[] = {SPEC("A", 1, 4, 5), SPEC("B", 1, 3, 2)};
	static const csi_spec second[] = {SPEC("B", 1, 2, 3), SPEC("A", 1, 5, 4)};
	size_t		len,
				len2;
	uint8_t    *st = csi_build(first, 2, &len);
	uint8_t    *st2 = csi_build(second, 2, &len2);
	cx_csi_entry *a,
			   *b;
	double		index = 0;

	ck_assert_int_eq(cx_csi_merge_in_place(st, len, st2, len2), CX_CSI_MERGED);
	ck_assert(validate(st, len, 2));
	a = cx_csi_find(st, len, "A", 1);
	b = cx_csi_find(st, len, "B", 1);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(a->n, 2);
	ck_assert_double_eq(a->sum_satisfaction, 9.0);	/* 4 + 5 */
	ck_assert_double_eq(a->sum_importance, 9.0);	/* 5 + 4 */
	ck_assert_int_eq(b->n, 2);
	ck_assert_double_eq(b->sum_satisfaction, 5.0);	/* 3 + 2 */
	ck_assert_double_eq(b->sum_importance, 5.0);	/* 2 + 3 */

	/*
	 * (4.5 * 4.5 + 2.5 * 2.5) / (4.5 + 2.5) = (20.25 + 6.25) / 7 = 26.5 / 7
	 * = 3.785714...  (row-level weighting would give 52 / 14 = 3.714285...)
	 */
	ck_assert_int_eq(cx_csi_index(st, len, &index), CX_CSI_INDEX);
	ck_assert_double_eq_tol(index, 3.7857142857142857, TEST_TOL);
	free(st);
	free(st2);
}
END_TEST

START_TEST(test_index_uses_means)
{
	/*
	 * A: n 1, S 5, I 1 -> means 5, 1.  B: n 9, S 9, I 9 -> means 1, 1.
	 * (1 * 5 + 1 * 1) / (1 + 1) = 3  (sums would give (5 + 81) / 10 = 8.6)
	 */
	static const csi_spec specs[] = {SPEC("A", 1, 5, 1), SPEC("B", 9, 9, 9)};
	size_t		len;
	uint8_t    *st = csi_build(specs, 2, &len);
	double		index = 0;

	ck_assert_int_eq(cx_csi_index(st, len, &index), CX_CSI_INDEX);
	ck_assert_double_eq(index, 3.0);
	free(st);
}
END_TEST

START_TEST(test_index_single_and_zero_weight)
{
	/* single component: n 4, S 10, I 2 -> index = mean satisfaction 2.5 */
	static const csi_spec one[] = {SPEC("x", 4, 10, 2)};
	/* A has weight 0 and is ignored: B means S 2, I 4 -> 8 / 4 = 2 */
	static const csi_spec zero_a[] = {SPEC("A", 2, 9, 0), SPEC("B", 1, 2, 4)};
	/* all importances 0: no index */
	static const csi_spec all_zero[] = {SPEC("A", 3, 9, 0), SPEC("B", 1, 2, 0)};
	size_t		len;
	uint8_t    *st;
	double		index = 0;

	st = csi_build(one, 1, &len);
	ck_assert_int_eq(cx_csi_index(st, len, &index), CX_CSI_INDEX);
	ck_assert_double_eq(index, 2.5);
	free(st);

	st = csi_build(zero_a, 2, &len);
	ck_assert_int_eq(cx_csi_index(st, len, &index), CX_CSI_INDEX);
	ck_assert_double_eq(index, 2.0);
	free(st);

	st = csi_build(all_zero, 2, &len);
	ck_assert_int_eq(cx_csi_index(st, len, &index), CX_CSI_NO_INDEX);
	free(st);

	/* no components */
	ck_assert_int_eq(cx_csi_index(NULL, 0, &index), CX_CSI_NO_INDEX);
}
END_TEST

/*
 * A valid state (it passes cx_csi_validate, and the aggregate accepts such
 * ratings: finite satisfaction, finite importance >= 0) must never give a NaN
 * or infinite index.  The index is a weighted mean of the components' mean
 * satisfactions, so it is always representable; where the textbook formula
 * overflows in between, the header allows CX_CSI_OVERFLOW instead.
 */
static void
ck_index_or_overflow(const csi_spec *specs, int count, double expected, const char *what)
{
	size_t		len;
	uint8_t    *st = csi_build(specs, count, &len);
	double		index = -1;
	cx_csi_result r;

	ck_assert(validate(st, len, (uint32_t) count));
	r = cx_csi_index(st, len, &index);
	ck_assert_msg(r == CX_CSI_OVERFLOW ||
				  (r == CX_CSI_INDEX && isfinite(index) &&
				   fabs(index - expected) <= 1e-12 * fabs(expected)),
				  "%s: result %d, index %g; expected %g or CX_CSI_OVERFLOW",
				  what, (int) r, index, expected);
	free(st);
}

START_TEST(test_index_large_finite_sums)
{
	/* importances 1e308 + 1e308 overflow a plain sum; true index 1 */
	static const csi_spec big_weights[] = {SPEC("a", 1, 1, 1e308), SPEC("b", 1, 1, 1e308)};
	/* 1e200 * 1e200 overflows a plain product; true index 1e200 */
	static const csi_spec big_product[] = {SPEC("a", 1, 1e200, 1e200)};
	/* satisfaction means 1e308 twice: true index 1e308 */
	static const csi_spec big_satisfaction[] = {SPEC("a", 1, 1e308, 1), SPEC("b", 1, 1e308, 1)};
	/* weights near DBL_MAX, different: (3 * 1 + 1 * 5) / 4 = 2 */
	static const csi_spec ratio[] = {SPEC("a", 1, 1, 1.5e308), SPEC("b", 1, 5, 0.5e308)};

	ck_index_or_overflow(big_weights, 2, 1.0, "{\"a\":1:1:1e308,\"b\":1:1:1e308}");
	ck_index_or_overflow(big_product, 1, 1e200, "{\"a\":1:1e200:1e200}");
	ck_index_or_overflow(big_satisfaction, 2, 1e308, "{\"a\":1:1e308:1,\"b\":1:1e308:1}");
	ck_index_or_overflow(ratio, 2, 2.0, "{\"a\":1:1:1.5e308,\"b\":1:5:0.5e308}");
}
END_TEST

START_TEST(test_index_cancelling_large_satisfaction)
{
	/* (1 * 1e308 + 1 * -1e308) / 2 = 0: nothing overflows, so an index */
	static const csi_spec specs[] = {SPEC("a", 1, 1e308, 1), SPEC("b", 1, -1e308, 1)};
	size_t		len;
	uint8_t    *st = csi_build(specs, 2, &len);
	double		index = -1;

	ck_assert_int_eq(cx_csi_index(st, len, &index), CX_CSI_INDEX);
	ck_assert_double_eq(index, 0.0);
	free(st);
}
END_TEST

/*
 * Regression (found by fuzzing, fuzz_csi_text input {"a":1:0.6:5e-324}, index
 * 1): with subnormal mean importances the products I_c * S_c underflowed and
 * the index left the range of the components' mean satisfactions; a mean
 * importance rounding to 0 dropped its component, or gave no index at all.
 */
START_TEST(test_index_tiny_importances)
{
	static const csi_spec one[] = {SPEC("a", 1, 0.6, 5e-324)};
	/* means: a S 0.3 I 2.5e-324, b S 0.2 I 5e-324: (0.5 * 0.3 + 0.2) / 1.5 */
	static const csi_spec two[] = {SPEC("a", 2, 0.6, 5e-324), SPEC("b", 1, 0.2, 5e-324)};
	/* the only mean importance, 2.5e-324, rounds to 0: index S = 0.3 */
	static const csi_spec zero_mean[] = {SPEC("a", 2, 0.6, 5e-324)};
	/* next to an ordinary importance a tiny one weighs nothing */
	static const csi_spec mixed[] = {SPEC("a", 1, 4, 1), SPEC("b", 1, 1, 5e-324)};
	/* scaled up, these products would overflow: the plain index is kept */
	static const csi_spec huge_s[] = {SPEC("a", 1, 1.5e308, 5e-324), SPEC("b", 1, 1.5e308, 5e-324)};
	size_t		len;
	uint8_t    *st;
	double		index = -1;

	st = csi_build(one, 1, &len);
	ck_assert_int_eq(cx_csi_index(st, len, &index), CX_CSI_INDEX);
	ck_assert_double_eq(index, 0.6);
	free(st);

	st = csi_build(two, 2, &len);
	ck_assert_int_eq(cx_csi_index(st, len, &index), CX_CSI_INDEX);
	ck_assert_double_eq_tol(index, 0.35 / 1.5, TEST_TOL);
	free(st);

	st = csi_build(zero_mean, 1, &len);
	ck_assert_int_eq(cx_csi_index(st, len, &index), CX_CSI_INDEX);
	ck_assert_double_eq(index, 0.3);
	free(st);

	st = csi_build(mixed, 2, &len);
	ck_assert_int_eq(cx_csi_index(st, len, &index), CX_CSI_INDEX);
	ck_assert_double_eq(index, 4.0);
	free(st);

	st = csi_build(huge_s, 2, &len);
	ck_assert_int_eq(cx_csi_index(st, len, &index), CX_CSI_INDEX);
	ck_assert_double_eq_tol(index, 1.5e308, 1e-12 * 1.5e308);
	free(st);
}
END_TEST

/* ---- merge ---- */

START_TEST(test_merge_rejects_unknown_component)
{
	static const csi_spec into_s[] = {SPEC("A", 1, 4, 5), SPEC("B", 1, 3, 2)};
	/* A is fine, C is unknown: nothing may change, not even A */
	static const csi_spec from_s[] = {SPEC("A", 1, 5, 4), SPEC("C", 1, 1, 1)};
	size_t		len,
				len2;
	uint8_t    *into = csi_build(into_s, 2, &len);
	uint8_t    *from = csi_build(from_s, 2, &len2);
	uint8_t    *snapshot = test_memdup(into, len);

	ck_assert_int_eq(cx_csi_merge_in_place(into, len, from, len2), CX_CSI_MERGE_MISSING);
	ck_assert_mem_eq(into, snapshot, len);
	free(into);
	free(from);
	free(snapshot);
}
END_TEST

START_TEST(test_merge_rejects_overflow)
{
	static const csi_spec into_s[] = {SPEC("A", 1, 1, 1), SPEC("B", INT64_MAX, 3, 2)};
	static const csi_spec one_b[] = {SPEC("A", 1, 1, 1), SPEC("B", 1, 1, 1)};
	static const csi_spec into_d[] = {SPEC("A", 1, 1, 1), SPEC("B", 1, 1.5e308, 2)};
	static const csi_spec big_s[] = {SPEC("A", 1, 1, 1), SPEC("B", 1, 1.5e308, 1)};
	static const csi_spec into_i[] = {SPEC("A", 1, 1, 1), SPEC("B", 1, 1, 1.5e308)};
	static const csi_spec big_i[] = {SPEC("A", 1, 1, 1), SPEC("B", 1, 1, 1.5e308)};
	size_t		len,
				len2;
	uint8_t    *into,
			   *from,
			   *snapshot;

	/* n: INT64_MAX + 1 */
	into = csi_build(into_s, 2, &len);
	from = csi_build(one_b, 2, &len2);
	snapshot = test_memdup(into, len);
	ck_assert_int_eq(cx_csi_merge_in_place(into, len, from, len2), CX_CSI_MERGE_OVERFLOW);
	ck_assert_mem_eq(into, snapshot, len);
	free(into);
	free(from);
	free(snapshot);

	/* satisfaction sum 1.5e308 + 1.5e308 = inf */
	into = csi_build(into_d, 2, &len);
	from = csi_build(big_s, 2, &len2);
	snapshot = test_memdup(into, len);
	ck_assert_int_eq(cx_csi_merge_in_place(into, len, from, len2), CX_CSI_MERGE_OVERFLOW);
	ck_assert_mem_eq(into, snapshot, len);
	free(into);
	free(from);
	free(snapshot);

	/* importance sum 1.5e308 + 1.5e308 = inf */
	into = csi_build(into_i, 2, &len);
	from = csi_build(big_i, 2, &len2);
	snapshot = test_memdup(into, len);
	ck_assert_int_eq(cx_csi_merge_in_place(into, len, from, len2), CX_CSI_MERGE_OVERFLOW);
	ck_assert_mem_eq(into, snapshot, len);
	free(into);
	free(from);
	free(snapshot);
}
END_TEST

START_TEST(test_merge_subset_and_limits)
{
	/* from has fewer components than into; n reaches INT64_MAX exactly */
	static const csi_spec into_s[] = {SPEC("A", INT64_MAX - 2, 1, 1), SPEC("B", 1, 3, 2)};
	static const csi_spec from_s[] = {SPEC("A", 2, 0.5, 0.25)};
	size_t		len,
				len2;
	uint8_t    *into = csi_build(into_s, 2, &len);
	uint8_t    *from = csi_build(from_s, 1, &len2);
	cx_csi_entry *a,
			   *b;

	ck_assert_int_eq(cx_csi_merge_in_place(into, len, from, len2), CX_CSI_MERGED);
	a = entry_at(into, len, 0);
	b = entry_at(into, len, 1);
	ck_assert(a->n == INT64_MAX);
	ck_assert_double_eq(a->sum_satisfaction, 1.5);
	ck_assert_double_eq(a->sum_importance, 1.25);
	ck_assert_int_eq(b->n, 1);
	ck_assert_double_eq(b->sum_satisfaction, 3.0);
	ck_assert_double_eq(b->sum_importance, 2.0);
	/* merging nothing changes nothing */
	ck_assert_int_eq(cx_csi_merge_in_place(into, len, NULL, 0), CX_CSI_MERGED);
	ck_assert(a->n == INT64_MAX);
	free(into);
	free(from);
}
END_TEST

/* ---- validate ---- */

START_TEST(test_validate_accepts)
{
	static const csi_spec specs[] = {
		SPEC("A", 2, 9, 9), SPEC("", 1, -3, 0), SPEC("q\"uote", 5, 1e300, 1e-300),
	};
	size_t		len;
	uint8_t    *st = csi_build(specs, 3, &len);

	ck_assert(validate(st, len, 3));
	ck_assert(validate(NULL, 0, 0));
	free(st);
}
END_TEST

START_TEST(test_validate_rejects_values)
{
	static const csi_spec good[] = {SPEC("A", 2, 9, 9), SPEC("B", 2, 5, 5)};
	size_t		len;
	uint8_t    *st = csi_build(good, 2, &len);
	cx_csi_entry *b = entry_at(st, len, 1);
	const double bad_sat[] = {NAN, INFINITY, -INFINITY};
	const double bad_imp[] = {NAN, INFINITY, -INFINITY, -1.0, -1e-300};
	const int64_t bad_n[] = {0, -1, INT64_MIN};

	ck_assert(validate(st, len, 2));
	for (size_t i = 0; i < sizeof(bad_n) / sizeof(bad_n[0]); i++)
	{
		b->n = bad_n[i];
		ck_assert_msg(!validate(st, len, 2), "n = %lld accepted", (long long) bad_n[i]);
	}
	b->n = 2;
	for (size_t i = 0; i < sizeof(bad_sat) / sizeof(bad_sat[0]); i++)
	{
		b->sum_satisfaction = bad_sat[i];
		ck_assert_msg(!validate(st, len, 2), "satisfaction %g accepted", bad_sat[i]);
	}
	b->sum_satisfaction = 5;
	for (size_t i = 0; i < sizeof(bad_imp) / sizeof(bad_imp[0]); i++)
	{
		b->sum_importance = bad_imp[i];
		ck_assert_msg(!validate(st, len, 2), "importance %g accepted", bad_imp[i]);
	}
	b->sum_importance = 5;
	ck_assert(validate(st, len, 2));
	/* without an error buffer it still just says no */
	b->n = 0;
	ck_assert(!cx_csi_validate(st, len, 2, NULL, 0));
	free(st);
}
END_TEST

START_TEST(test_validate_rejects_structure)
{
	static const csi_spec dup[] = {SPEC("A", 1, 1, 1), SPEC("B", 1, 1, 1), SPEC("A", 1, 2, 2)};
	static const csi_spec dup_empty[] = {SPEC("", 1, 1, 1), SPEC("", 1, 2, 2)};
	static const csi_spec abc[] = {SPEC("abc", 1, 1, 1)};
	size_t		len;
	uint8_t    *st;
	cx_csi_entry *e;

	st = csi_build(dup, 3, &len);
	ck_assert(!validate(st, len, 3));
	ck_assert(validate(st, CX_CSI_ENTRY_SIZE(1) * 2, 2));	/* without the repeat */
	free(st);
	st = csi_build(dup_empty, 2, &len);
	ck_assert(!validate(st, len, 2));
	free(st);

	st = csi_build(abc, 1, &len);
	ck_assert_uint_eq(len, 40);
	e = (cx_csi_entry *) st;
	/* component count must match the entries */
	ck_assert(!validate(st, len, 0));
	ck_assert(!validate(st, len, 2));
	/* truncated: part of the header, part of the name */
	ck_assert(!validate(st, 16, 1));
	ck_assert(!validate(st, 32, 1));
	ck_assert(!validate(st, 39, 1));
	/* trailing bytes that are not a whole entry */
	{
		uint8_t    *longer = calloc(1, 48);

		memcpy(longer, st, 40);
		ck_assert(!validate(longer, 48, 1));
		free(longer);
	}
	/* non-zero padding, at each padding byte */
	for (int i = 3; i < 8; i++)
	{
		e->name[i] = 'x';
		ck_assert_msg(!validate(st, len, 1), "padding byte %d accepted", i);
		e->name[i] = 0;
	}
	/* non-zero reserved field */
	e->reserved = 1;
	ck_assert(!validate(st, len, 1));
	e->reserved = 0;
	ck_assert(validate(st, len, 1));
	free(st);
}
END_TEST

/* 'count' entries named c0000, c0001, ... with n 1, S 1, I 1 */
static uint8_t *
many_components(int count, size_t *len)
{
	size_t		size = CX_CSI_ENTRY_SIZE(5);
	uint8_t    *buf = malloc(size * (size_t) count);

	for (int i = 0; i < count; i++)
	{
		char		name[16];

		snprintf(name, sizeof(name), "c%04d", i % 10000);
		cx_csi_write_entry(buf + size * (size_t) i, name, 5, 1, 1);
	}
	*len = size * (size_t) count;
	return buf;
}

START_TEST(test_validate_component_limit)
{
	size_t		len;
	uint8_t    *st = many_components(1001, &len);

	ck_assert_uint_eq(len, 1001 * 40);
	ck_assert(!validate(st, len, 1001));
	ck_assert(validate(st, 1000 * 40, 1000));
	/* a count above the limit is refused whatever the entries */
	ck_assert(!validate(NULL, 0, 1001));
	ck_assert(!validate(NULL, 0, UINT32_MAX));
	free(st);
}
END_TEST

START_TEST(test_validate_name_limit)
{
	char	   *name = malloc(1001);
	uint8_t    *st = malloc(CX_CSI_ENTRY_SIZE(1001));

	memset(name, 'n', 1001);
	cx_csi_write_entry(st, name, 1000, 1, 1);
	ck_assert(validate(st, CX_CSI_ENTRY_SIZE(1000), 1));
	cx_csi_write_entry(st, name, 1001, 1, 1);
	ck_assert(!validate(st, CX_CSI_ENTRY_SIZE(1001), 1));
	/* a huge name_len must not be used to compute a size that wraps */
	((cx_csi_entry *) st)->name_len = UINT32_MAX;
	ck_assert(!validate(st, CX_CSI_ENTRY_SIZE(1001), 1));
	free(st);
	free(name);
}
END_TEST

/* ---- text form ---- */

START_TEST(test_format_exact)
{
	static const csi_spec ab[] = {SPEC("A", 2, 9, 9), SPEC("B", 2, 5, 5)};
	static const csi_spec nums[] = {SPEC("x", 3, 4.5, 0.1), SPEC("y", 1, -2.5, 1e300)};
	size_t		len;
	uint8_t    *st;
	char	   *text;

	st = csi_build(ab, 2, &len);
	text = format_alloc(st, len);
	ck_assert_str_eq(text, "{\"A\":2:9:9,\"B\":2:5:5}");
	free(text);
	free(st);

	st = csi_build(nums, 2, &len);
	text = format_alloc(st, len);
	ck_assert_str_eq(text, "{\"x\":3:4.5:0.1,\"y\":1:-2.5:1e+300}");
	free(text);
	free(st);

	/* integers are written out in full up to 17 digits: 10, not 1e+01 */
	{
		static const csi_spec ints[] = {SPEC("i", 1, 10, 1500), SPEC("j", 2, -120, 1e16)};

		st = csi_build(ints, 2, &len);
		text = format_alloc(st, len);
		ck_assert_str_eq(text, "{\"i\":1:10:1500,\"j\":2:-120:10000000000000000}");
		free(text);
		free(st);
	}

	text = format_alloc(NULL, 0);
	ck_assert_str_eq(text, "{}");
	free(text);
}
END_TEST

/* names with a quote, a backslash, and the empty name; awkward doubles */
static const csi_spec tricky[] = {
	SPEC("q\"uote", 1, 4, 5),
	SPEC("back\\slash", 2, 0.1, 0.30000000000000004),	/* 0.1 + 0.2 */
	SPEC("", 1, -1.5, 0),
	SPEC("\\\"", 7, 5e-324, 1.7976931348623157e308),	/* name is \" */
};

#define TRICKY_N 4
/* shortest round-trip decimals: 5e-324 is the smallest subnormal */
#define TRICKY_TEXT "{\"q\\\"uote\":1:4:5,\"back\\\\slash\":2:0.1:0.30000000000000004," \
	"\"\":1:-1.5:0,\"\\\\\\\"\":7:5e-324:1.7976931348623157e+308}"

START_TEST(test_text_round_trip)
{
	size_t		len,
				out_len = 0;
	uint32_t	ncomp = 0;
	uint8_t    *st = csi_build(tricky, TRICKY_N, &len);
	uint8_t    *out;
	char	   *text;
	char		err[256];

	text = format_alloc(st, len);
	ck_assert_str_eq(text, TRICKY_TEXT);
	ck_assert_msg(parse_exact(text, strlen(text), &out, &out_len, &ncomp, err, sizeof(err)),
				  "%s rejected: %s", text, err);
	ck_assert_uint_eq(ncomp, TRICKY_N);
	ck_assert_uint_eq(out_len, len);
	ck_assert_mem_eq(out, st, len);
	free(out);
	free(text);
	free(st);
}
END_TEST

START_TEST(test_text_parse_spaces)
{
	static const csi_spec ab[] = {SPEC("A", 2, 9, 9), SPEC("B", 2, 5, 5)};
	const char *text = " {\n \"A\" : 2 : 9 : 9 ,\t\"B\":2:5.0:0.5e1 } ";
	size_t		len,
				out_len = 0;
	uint32_t	ncomp = 0;
	uint8_t    *expected = csi_build(ab, 2, &len);
	uint8_t    *out;
	char		err[256];
	double		index = 0;

	ck_assert_msg(parse_exact(text, strlen(text), &out, &out_len, &ncomp, err, sizeof(err)),
				  "rejected: %s", err);
	ck_assert_uint_eq(ncomp, 2);
	ck_assert_uint_eq(out_len, len);
	ck_assert_mem_eq(out, expected, len);
	/* the worked example again: 26.5 / 7 */
	ck_assert_int_eq(cx_csi_index(out, out_len, &index), CX_CSI_INDEX);
	ck_assert_double_eq_tol(index, 3.7857142857142857, TEST_TOL);
	free(out);
	free(expected);
}
END_TEST

START_TEST(test_text_parse_empty)
{
	size_t		out_len = 99;
	uint32_t	ncomp = 99;
	uint8_t    *out;
	char		err[256];

	ck_assert(parse_exact("{}", 2, &out, &out_len, &ncomp, err, sizeof(err)));
	ck_assert_uint_eq(out_len, 0);
	ck_assert_uint_eq(ncomp, 0);
	free(out);
	ck_assert(parse_exact(" { } ", 5, &out, &out_len, &ncomp, err, sizeof(err)));
	ck_assert_uint_eq(out_len, 0);
	free(out);
}
END_TEST

static const char *const bad_texts[] = {
	"",
	" ",
	"{",
	"}",
	"{\"a\":1:1:1",
	"{\"a\":1:1:1,}",
	"{\"a\":1:1}",
	"{\"a\":1:1:1:1}",
	"{\"a\"}",
	"{\"a\":1:1:1} x",
	"{\"a\":1:1:1}}",
	"{a:1:1:1}",
	"{\"a:1:1:1}",
	"{\"a\\x\":1:1:1}",			/* unknown escape */
	"{\"a\\",
	"{\"a\":0:1:1}",			/* n = 0 */
	"{\"a\":-1:1:1}",
	"{\"a\":+1:1:1}",
	"{\"a\":1.5:1:1}",
	"{\"a\":9223372036854775808:1:1}",	/* n > INT64_MAX */
	"{\"a\":1:1:-1}",			/* negative importance */
	"{\"a\":1:nan:1}",
	"{\"a\":1:1:nan}",
	"{\"a\":1:inf:1}",
	"{\"a\":1:1:inf}",
	"{\"a\":1:-inf:1}",
	"{\"a\":1:1e999:1}",		/* overflows to inf */
	"{\"a\":1:1:1e309}",
	"{\"a\":1::1}",
	"{\"a\":1:-:1}",
	"{\"a\":1:1-2:1}",
	"{\"a\":1:1:1,\"a\":1:2:2}",	/* duplicate */
	"{\"\":1:1:1,\"\":1:2:2}",	/* duplicate empty name */
	"{\"a\":1:1:1 \"b\":1:1:1}",
};

START_TEST(test_text_parse_rejects)
{
	const char *text = bad_texts[_i];
	size_t		out_len;
	uint32_t	ncomp;
	uint8_t    *out;
	char		err[256];

	ck_assert_msg(!parse_exact(text, strlen(text), &out, &out_len, &ncomp, err, sizeof(err)),
				  "text #%d %s accepted", _i, text);
	ck_assert_msg(strlen(err) > 0, "text #%d %s: empty error message", _i, text);
	free(out);
}
END_TEST

START_TEST(test_text_parse_rejects_nul)
{
	static const char text[] = "{\"a\":1:1:1}\0";
	size_t		out_len;
	uint32_t	ncomp;
	uint8_t    *out;
	char		err[256];

	/* a NUL byte inside the length, after the closing brace */
	ck_assert(!parse_exact(text, sizeof(text) - 1, &out, &out_len, &ncomp, err, sizeof(err)));
	ck_assert(strlen(err) > 0);
	free(out);
	/* and in a number */
	ck_assert(!parse_exact("{\"a\":1:1\0:1}", 12, &out, &out_len, &ncomp, err, sizeof(err)));
	free(out);
}
END_TEST

static char *
many_text(int count, size_t *len)
{
	/* "c0000":1:1:1, = 14 bytes each, braces 2 */
	char	   *text = malloc((size_t) count * 14 + 3);
	size_t		pos = 0;

	text[pos++] = '{';
	for (int i = 0; i < count; i++)
		pos += (size_t) sprintf(text + pos, "%s\"c%04d\":1:1:1", i ? "," : "", i);
	text[pos++] = '}';
	text[pos] = '\0';
	*len = pos;
	return text;
}

START_TEST(test_text_component_limit)
{
	size_t		len,
				out_len = 0,
				expected_len;
	uint32_t	ncomp = 0;
	uint8_t    *out;
	uint8_t    *expected = many_components(1000, &expected_len);
	char		err[256];
	char	   *text;

	text = many_text(1000, &len);
	ck_assert_msg(parse_exact(text, len, &out, &out_len, &ncomp, err, sizeof(err)), "%s", err);
	ck_assert_uint_eq(ncomp, 1000);
	ck_assert_uint_eq(out_len, expected_len);
	ck_assert_mem_eq(out, expected, expected_len);
	free(out);
	free(text);

	text = many_text(1001, &len);
	ck_assert(!parse_exact(text, len, &out, &out_len, &ncomp, err, sizeof(err)));
	ck_assert(strlen(err) > 0);
	free(out);
	free(text);
	free(expected);
}
END_TEST

START_TEST(test_text_name_limit)
{
	/* {"nnn...":1:1:1} with 1000 and 1001 name bytes */
	char	   *text = malloc(1001 + 16);
	size_t		len,
				out_len = 0;
	uint32_t	ncomp = 0;
	uint8_t    *out;
	char		err[256];

	for (int name_len = 1000; name_len <= 1001; name_len++)
	{
		text[0] = '{';
		text[1] = '"';
		memset(text + 2, 'n', (size_t) name_len);
		len = 2 + (size_t) name_len;
		memcpy(text + len, "\":1:1:1}", 8);
		len += 8;
		if (name_len == 1000)
		{
			ck_assert_msg(parse_exact(text, len, &out, &out_len, &ncomp, err, sizeof(err)), "%s", err);
			ck_assert_uint_eq(out_len, CX_CSI_ENTRY_SIZE(1000));
			ck_assert_uint_eq(((cx_csi_entry *) out)->name_len, 1000);
		}
		else
		{
			ck_assert(!parse_exact(text, len, &out, &out_len, &ncomp, err, sizeof(err)));
			ck_assert(strlen(err) > 0);
		}
		free(out);
	}
	/* an escape counts once: 501 escaped quotes (1002 text bytes) are a 501-byte name */
	len = 0;
	text = realloc(text, 2 + 2 * 501 + 8);
	text[len++] = '{';
	text[len++] = '"';
	for (int i = 0; i < 501; i++)
	{
		text[len++] = '\\';
		text[len++] = '"';
	}
	memcpy(text + len, "\":1:1:1}", 8);
	len += 8;
	ck_assert_msg(parse_exact(text, len, &out, &out_len, &ncomp, err, sizeof(err)), "%s", err);
	ck_assert_uint_eq(((cx_csi_entry *) out)->name_len, 501);
	ck_assert_uint_eq(((cx_csi_entry *) out)->name[0], '"');
	free(out);
	free(text);
}
END_TEST

START_TEST(test_text_parse_out_of_space)
{
	const char *text = "{\"abc\":1:1:1}";
	size_t		len = strlen(text),
				out_len;
	uint32_t	ncomp;
	char		err[256] = "";
	uint8_t    *out = malloc(40);

	/* one entry of a 3-byte name needs 40 bytes */
	ck_assert(!cx_csi_parse(text, len, out, 32, &out_len, &ncomp, err, sizeof(err)));
	ck_assert(strlen(err) > 0);
	ck_assert(!cx_csi_parse(text, len, out, 0, &out_len, &ncomp, err, sizeof(err)));
	ck_assert_msg(cx_csi_parse(text, len, out, 40, &out_len, &ncomp, err, sizeof(err)), "%s", err);
	ck_assert_uint_eq(out_len, 40);
	free(out);
}
END_TEST

/*
 * Regression (found by fuzzing, fuzz_csi_text input "{\"a\x15"): the room
 * cx_csi_parse_size gave was too small for a text cut inside an entry ("{\"a"
 * has 3 characters and got 23 bytes, the entry needs 40), so csi_state_in
 * reported "out of space" instead of what is wrong with the text.  No prefix
 * of a text runs out of the room it is given.
 */
START_TEST(test_text_parse_size_covers_partial_entries)
{
	static const char text[] = "{\"a\":1:2:3,\"bcdefghijklmnopq\\\"\":1:2:3,\"\":1:0:0}";
	size_t		out_len;
	uint32_t	ncomp;
	uint8_t    *out;
	char		err[256];

	for (size_t k = 0; k <= sizeof(text) - 1; k++)
	{
		bool		ok = parse_exact(text, k, &out, &out_len, &ncomp, err, sizeof(err));

		ck_assert_msg(ok == (k == sizeof(text) - 1), "prefix of %zu bytes: %d", k, ok);
		ck_assert_msg(ok || (strlen(err) > 0 && strcmp(err, "out of space") != 0),
					  "prefix of %zu bytes: \"%s\"", k, err);
		free(out);
	}
	ck_assert(!parse_exact("{\"a", 3, &out, &out_len, &ncomp, err, sizeof(err)));
	ck_assert_msg(strstr(err, "unterminated") != NULL, "%s", err);
	free(out);
}
END_TEST

/* ---- binary form ---- */

START_TEST(test_encode_exact)
{
	static const csi_spec a[] = {SPEC("A", 2, 9, -1)};
	static const uint8_t expected[37] = {
		0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,	/* version, flags, reserved, 1 */
		0x00, 0x00, 0x00, 0x01, 'A',	/* name_len 1, name */
		0, 0, 0, 0, 0, 0, 0, 0x02,	/* n 2 */
		0x40, 0x22, 0, 0, 0, 0, 0, 0,	/* 9.0 */
		0xBF, 0xF0, 0, 0, 0, 0, 0, 0,	/* -1.0 (encode does not validate) */
	};
	size_t		len,
				wire_len;
	uint8_t    *st = csi_build(a, 1, &len);
	uint8_t    *wire;

	wire = encode_alloc(st, len, 1, &wire_len);
	ck_assert_uint_eq(wire_len, 37);	/* 8 + 28 + 1 */
	ck_assert_mem_eq(wire, expected, 37);
	free(wire);
	free(st);

	/* empty state: header only */
	{
		static const uint8_t empty[8] = {1, 0, 0, 0, 0, 0, 0, 0};

		wire = encode_alloc(NULL, 0, 0, &wire_len);
		ck_assert_uint_eq(wire_len, 8);
		ck_assert_mem_eq(wire, empty, 8);
		free(wire);
	}
}
END_TEST

START_TEST(test_binary_round_trip)
{
	size_t		len,
				wire_len,
				out_len = 0;
	uint32_t	ncomp = 0;
	uint8_t    *st = csi_build(tricky, TRICKY_N, &len);
	uint8_t    *wire,
			   *out;
	char		err[256];

	wire = encode_alloc(st, len, TRICKY_N, &wire_len);
	/* 8 + (28 + 6) + (28 + 10) + (28 + 0) + (28 + 2) = 138 */
	ck_assert_uint_eq(wire_len, 138);
	ck_assert_msg(decode_exact(wire, wire_len, &out, &out_len, &ncomp, err, sizeof(err)),
				  "%s", err);
	ck_assert_uint_eq(ncomp, TRICKY_N);
	ck_assert_uint_eq(out_len, len);
	ck_assert_mem_eq(out, st, len);
	free(out);

	/* empty state */
	free(wire);
	wire = encode_alloc(NULL, 0, 0, &wire_len);
	out_len = 99;
	ck_assert_msg(decode_exact(wire, wire_len, &out, &out_len, &ncomp, err, sizeof(err)),
				  "%s", err);
	ck_assert_uint_eq(out_len, 0);
	ck_assert_uint_eq(ncomp, 0);
	free(out);
	free(wire);
	free(st);
}
END_TEST

static void
ck_decode_rejects(const uint8_t *wire, size_t len, const char *what)
{
	size_t		out_len;
	uint32_t	ncomp;
	uint8_t    *out;
	char		err[256];

	ck_assert_msg(!decode_exact(wire, len, &out, &out_len, &ncomp, err, sizeof(err)),
				  "%s: accepted", what);
	ck_assert_msg(strlen(err) > 0, "%s: empty error message", what);
	free(out);
}

START_TEST(test_decode_rejects_truncations_and_trailing)
{
	size_t		len,
				wire_len;
	uint8_t    *st = csi_build(tricky, TRICKY_N, &len);
	uint8_t    *wire = encode_alloc(st, len, TRICKY_N, &wire_len);
	uint8_t    *longer = malloc(wire_len + 38);

	for (size_t cut = 0; cut < wire_len; cut++)
	{
		char		what[64];

		snprintf(what, sizeof(what), "prefix of %zu bytes", cut);
		ck_decode_rejects(wire, cut, what);
	}
	memcpy(longer, wire, wire_len);
	longer[wire_len] = 0;
	ck_decode_rejects(longer, wire_len + 1, "one trailing byte");
	/* a whole extra entry ("zz", 2 + 28 + ... = 30 bytes) not counted */
	memset(longer + wire_len, 0, 38);
	cx_put_u32(longer + wire_len, 2);
	longer[wire_len + 4] = 'z';
	longer[wire_len + 5] = 'z';
	cx_put_u64(longer + wire_len + 6, 1);
	ck_decode_rejects(longer, wire_len + 30, "unannounced entry");
	/* announcing it makes it valid */
	cx_put_u32(longer + 4, TRICKY_N + 1);
	{
		size_t		out_len;
		uint32_t	ncomp;
		uint8_t    *out;
		char		err[256];

		ck_assert_msg(decode_exact(longer, wire_len + 30, &out, &out_len, &ncomp, err, sizeof(err)),
					  "%s", err);
		ck_assert_uint_eq(ncomp, TRICKY_N + 1);
		free(out);
	}
	free(longer);
	free(wire);
	free(st);
}
END_TEST

START_TEST(test_decode_rejects_header)
{
	static const csi_spec a[] = {SPEC("A", 2, 9, 9)};
	size_t		len,
				wire_len;
	uint8_t    *st = csi_build(a, 1, &len);
	uint8_t    *wire = encode_alloc(st, len, 1, &wire_len);
	uint8_t    *w = malloc(wire_len);

	memcpy(w, wire, wire_len);
	w[0] = 0;
	ck_decode_rejects(w, wire_len, "version 0");
	w[0] = 2;
	ck_decode_rejects(w, wire_len, "version 2");
	for (int byte = 1; byte <= 3; byte++)
	{
		memcpy(w, wire, wire_len);
		w[byte] = 0x80;
		ck_decode_rejects(w, wire_len, "non-zero flags or reserved");
	}
	/* ncomponents 0 and 2 do not match the single entry */
	memcpy(w, wire, wire_len);
	cx_put_u32(w + 4, 0);
	ck_decode_rejects(w, wire_len, "ncomponents 0 with one entry");
	cx_put_u32(w + 4, 2);
	ck_decode_rejects(w, wire_len, "ncomponents 2 with one entry");
	/* more than 1000 components announced */
	cx_put_u32(w + 4, 1001);
	ck_decode_rejects(w, wire_len, "ncomponents 1001");
	cx_put_u32(w + 4, UINT32_MAX);
	ck_decode_rejects(w, wire_len, "ncomponents 2^32 - 1");
	ck_decode_rejects(w, 8, "ncomponents 2^32 - 1, header only");
	free(w);
	free(wire);
	free(st);
}
END_TEST

START_TEST(test_decode_rejects_values)
{
	static const csi_spec ab[] = {SPEC("A", 2, 9, 9), SPEC("B", 2, 5, 5)};
	size_t		len,
				wire_len;
	uint8_t    *st = csi_build(ab, 2, &len);
	uint8_t    *wire = encode_alloc(st, len, 2, &wire_len);
	uint8_t    *w = malloc(wire_len);

	/* layout: header 8 | len 4, "A", n 8, S 8, I 8 (37) | len 4, "B", n @42, S @50, I @58 */
	ck_assert_uint_eq(wire_len, 66);	/* 8 + 29 + 29 */
	memcpy(w, wire, wire_len);
	cx_put_u64(w + 42, 0);
	ck_decode_rejects(w, wire_len, "n = 0");
	cx_put_u64(w + 42, UINT64_C(0xFFFFFFFFFFFFFFFF));	/* -1 */
	ck_decode_rejects(w, wire_len, "n = -1");
	cx_put_u64(w + 42, UINT64_C(0x8000000000000000));
	ck_decode_rejects(w, wire_len, "n = INT64_MIN");

	memcpy(w, wire, wire_len);
	cx_put_u64(w + 50, UINT64_C(0x7FF8000000000000));	/* NaN */
	ck_decode_rejects(w, wire_len, "NaN satisfaction");
	cx_put_u64(w + 50, UINT64_C(0xFFF0000000000000));	/* -inf */
	ck_decode_rejects(w, wire_len, "-inf satisfaction");

	memcpy(w, wire, wire_len);
	cx_put_u64(w + 58, UINT64_C(0x7FF0000000000000));	/* +inf */
	ck_decode_rejects(w, wire_len, "inf importance");
	cx_put_u64(w + 58, UINT64_C(0x7FF0000000000001));	/* signalling NaN */
	ck_decode_rejects(w, wire_len, "NaN importance");
	cx_put_u64(w + 58, UINT64_C(0xBFF0000000000000));	/* -1.0 */
	ck_decode_rejects(w, wire_len, "negative importance");

	/* negative satisfaction is allowed */
	memcpy(w, wire, wire_len);
	cx_put_u64(w + 50, UINT64_C(0xC008000000000000));	/* -3.0 */
	{
		size_t		out_len;
		uint32_t	ncomp;
		uint8_t    *out;
		char		err[256];

		ck_assert_msg(decode_exact(w, wire_len, &out, &out_len, &ncomp, err, sizeof(err)),
					  "%s", err);
		ck_assert_double_eq(entry_at(out, out_len, 1)->sum_satisfaction, -3.0);
		free(out);
	}

	/* duplicate name: rename B to A */
	memcpy(w, wire, wire_len);
	w[41] = 'A';
	ck_decode_rejects(w, wire_len, "duplicate name");
	free(w);
	free(wire);
	free(st);
}
END_TEST

START_TEST(test_decode_limits)
{
	size_t		len,
				wire_len,
				out_len;
	uint32_t	ncomp;
	uint8_t    *st = many_components(1001, &len);
	uint8_t    *wire,
			   *out;
	char		err[256];
	char	   *name;
	uint8_t    *one;

	/* 1000 components decode, 1001 do not */
	wire = encode_alloc(st, 1000 * 40, 1000, &wire_len);
	ck_assert_msg(decode_exact(wire, wire_len, &out, &out_len, &ncomp, err, sizeof(err)), "%s", err);
	ck_assert_uint_eq(ncomp, 1000);
	ck_assert_mem_eq(out, st, 1000 * 40);
	free(out);
	free(wire);
	wire = encode_alloc(st, len, 1001, &wire_len);
	ck_decode_rejects(wire, wire_len, "1001 components");
	free(wire);
	free(st);

	/* names of 1000 and 1001 bytes */
	name = malloc(1001);
	memset(name, 'n', 1001);
	one = malloc(CX_CSI_ENTRY_SIZE(1001));
	cx_csi_write_entry(one, name, 1000, 1, 1);
	wire = encode_alloc(one, CX_CSI_ENTRY_SIZE(1000), 1, &wire_len);
	ck_assert_uint_eq(wire_len, 8 + 28 + 1000);
	ck_assert_msg(decode_exact(wire, wire_len, &out, &out_len, &ncomp, err, sizeof(err)), "%s", err);
	free(out);
	free(wire);
	cx_csi_write_entry(one, name, 1001, 1, 1);
	wire = encode_alloc(one, CX_CSI_ENTRY_SIZE(1001), 1, &wire_len);
	ck_decode_rejects(wire, wire_len, "name of 1001 bytes");
	/* a name_len near 2^32 must not wrap the length checks */
	cx_put_u32(wire + 8, UINT32_MAX);
	ck_decode_rejects(wire, wire_len, "name_len 2^32 - 1");
	cx_put_u32(wire + 8, UINT32_MAX - 27);
	ck_decode_rejects(wire, wire_len, "name_len 2^32 - 28");
	free(wire);
	free(one);
	free(name);
}
END_TEST

START_TEST(test_decode_out_of_space)
{
	static const csi_spec a[] = {SPEC("abc", 1, 1, 1)};
	size_t		len,
				wire_len,
				out_len;
	uint32_t	ncomp;
	uint8_t    *st = csi_build(a, 1, &len);
	uint8_t    *wire = encode_alloc(st, len, 1, &wire_len);
	uint8_t    *out = malloc(40);
	char		err[256] = "";

	ck_assert(!cx_csi_decode(wire, wire_len, out, 39, &out_len, &ncomp, err, sizeof(err)));
	ck_assert(strlen(err) > 0);
	ck_assert_msg(cx_csi_decode(wire, wire_len, out, 40, &out_len, &ncomp, err, sizeof(err)), "%s", err);
	ck_assert_uint_eq(out_len, 40);
	ck_assert_mem_eq(out, st, 40);
	free(out);
	free(wire);
	free(st);
}
END_TEST

Suite *
csi_suite(void)
{
	Suite	   *s = suite_create("csi");
	TCase	   *tl = tcase_create("layout");
	TCase	   *ti = tcase_create("index");
	TCase	   *tn = tcase_create("index_numeric");
	TCase	   *tm = tcase_create("merge");
	TCase	   *tv = tcase_create("validate");
	TCase	   *tt = tcase_create("text");
	TCase	   *tb = tcase_create("binary");

	tcase_add_test(tl, test_entry_size);
	tcase_add_test(tl, test_write_entry);
	tcase_add_test(tl, test_find);
	suite_add_tcase(s, tl);

	tcase_add_test(ti, test_index_worked_example);
	tcase_add_test(ti, test_index_uses_means);
	tcase_add_test(ti, test_index_single_and_zero_weight);
	suite_add_tcase(s, ti);

	tcase_add_test(tn, test_index_large_finite_sums);
	tcase_add_test(tn, test_index_cancelling_large_satisfaction);
	tcase_add_test(tn, test_index_tiny_importances);
	suite_add_tcase(s, tn);

	tcase_add_test(tm, test_merge_rejects_unknown_component);
	tcase_add_test(tm, test_merge_rejects_overflow);
	tcase_add_test(tm, test_merge_subset_and_limits);
	suite_add_tcase(s, tm);

	tcase_add_test(tv, test_validate_accepts);
	tcase_add_test(tv, test_validate_rejects_values);
	tcase_add_test(tv, test_validate_rejects_structure);
	tcase_add_test(tv, test_validate_component_limit);
	tcase_add_test(tv, test_validate_name_limit);
	suite_add_tcase(s, tv);

	tcase_add_test(tt, test_format_exact);
	tcase_add_test(tt, test_text_round_trip);
	tcase_add_test(tt, test_text_parse_spaces);
	tcase_add_test(tt, test_text_parse_empty);
	tcase_add_loop_test(tt, test_text_parse_rejects, 0, (int) (sizeof(bad_texts) / sizeof(bad_texts[0])));
	tcase_add_test(tt, test_text_parse_rejects_nul);
	tcase_add_test(tt, test_text_component_limit);
	tcase_add_test(tt, test_text_name_limit);
	tcase_add_test(tt, test_text_parse_out_of_space);
	tcase_add_test(tt, test_text_parse_size_covers_partial_entries);
	suite_add_tcase(s, tt);

	tcase_add_test(tb, test_encode_exact);
	tcase_add_test(tb, test_binary_round_trip);
	tcase_add_test(tb, test_decode_rejects_truncations_and_trailing);
	tcase_add_test(tb, test_decode_rejects_header);
	tcase_add_test(tb, test_decode_rejects_values);
	tcase_add_test(tb, test_decode_limits);
	tcase_add_test(tb, test_decode_out_of_space);
	suite_add_tcase(s, tb);
	return s;
}
