/*
 * test_wire.c: binary (send/recv) form of a score_summary
 * (cx_summary_wire.h): version 1 and the weighted version 2.
 */
#include "test_unit.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cx_summary_wire.h"

/* Decode exactly len bytes from a heap copy. */
static bool
decode_exact(const uint8_t *buf, size_t len, cx_hist *out, char *err, size_t errlen)
{
	uint8_t    *copy = test_memdup(buf, len);
	bool		ok = cx_summary_decode(copy, len, out, err, errlen);

	free(copy);
	return ok;
}

/* Must be rejected with a non-empty reason. */
static void
ck_decode_rejects(const uint8_t *buf, size_t len, const char *what)
{
	cx_hist		h;
	char		err[256];

	memset(err, 0, sizeof(err));
	ck_assert_msg(!decode_exact(buf, len, &h, err, sizeof(err)), "%s: accepted", what);
	ck_assert_msg(strlen(err) > 0, "%s: empty error message", what);
}

/*
 * Valid encoding of {3:5, 9:7}:
 *   01 00 0000 0002 | 03 00000000 00000005 | 09 00000000 00000007
 */
#define TWO_LEN (6 + 2 * 9)
static const uint8_t two_pairs[TWO_LEN] = {
	0x01, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x03, 0, 0, 0, 0, 0, 0, 0, 0x05,
	0x09, 0, 0, 0, 0, 0, 0, 0, 0x07,
};

/* ---- encode ---- */

START_TEST(test_encode_empty)
{
	static const uint8_t expected[6] = {0x01, 0x00, 0x00, 0x00, 0x00, 0x00};
	cx_hist		h,
				back;
	uint8_t    *buf = malloc(CX_SUMMARY_WIRE_MAX);
	size_t		len;
	char		err[128] = "";

	cx_hist_init(&h);
	len = cx_summary_encode(&h, buf);
	ck_assert_uint_eq(len, 6);
	ck_assert_mem_eq(buf, expected, 6);
	ck_assert_msg(decode_exact(buf, len, &back, err, sizeof(err)), "%s", err);
	ck_assert(cx_hist_equal(&h, &back));
	free(buf);
}
END_TEST

START_TEST(test_encode_one_value)
{
	/* {7:300}: 300 = 0x012C */
	static const uint8_t expected[15] = {
		0x01, 0x00, 0x00, 0x00, 0x00, 0x01,
		0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x2C,
	};
	/* {100:0x0102030405060708}: byte order of the count */
	static const uint8_t expected_big[15] = {
		0x01, 0x00, 0x00, 0x00, 0x00, 0x01,
		0x64, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	};
	cx_hist		h,
				back;
	uint8_t    *buf = malloc(CX_SUMMARY_WIRE_MAX);
	size_t		len;
	char		err[128] = "";

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 7, 300), CX_OK);
	len = cx_summary_encode(&h, buf);
	ck_assert_uint_eq(len, 15);		/* 6 + 9 */
	ck_assert_mem_eq(buf, expected, 15);
	ck_assert_msg(decode_exact(buf, len, &back, err, sizeof(err)), "%s", err);
	ck_assert(cx_hist_equal(&h, &back));

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_value(&h, 100, INT64_C(0x0102030405060708)), CX_OK);
	len = cx_summary_encode(&h, buf);
	ck_assert_uint_eq(len, 15);
	ck_assert_mem_eq(buf, expected_big, 15);
	ck_assert_msg(decode_exact(buf, len, &back, err, sizeof(err)), "%s", err);
	ck_assert(cx_hist_equal(&h, &back));
	free(buf);
}
END_TEST

START_TEST(test_encode_all_values_large_counts)
{
	/* 9e16 = 0x013FBE85EDC90000 */
	static const uint8_t first_pair[9] = {0x00, 0x01, 0x3F, 0xBE, 0x85, 0xED, 0xC9, 0x00, 0x00};
	/* 9e16 + 100 * 1000003 = 90000000100000300 = 0x013FBE85F3BEE22C */
	static const uint8_t last_pair[9] = {0x64, 0x01, 0x3F, 0xBE, 0x85, 0xF3, 0xBE, 0xE2, 0x2C};
	cx_hist		h,
				back;
	uint8_t    *buf = malloc(CX_SUMMARY_WIRE_MAX);
	size_t		len;
	char		err[128] = "";

	/* count 9e16 + v * 1000003: total 101 * 9e16 + 1000003 * 5050 < INT64_MAX */
	cx_hist_init(&h);
	for (int v = 0; v < CX_NVALUES; v++)
		ck_assert_int_eq(cx_hist_add_value(&h, v, INT64_C(90000000000000000) + v * INT64_C(1000003)), CX_OK);
	ck_assert(h.total == INT64_C(9090000005050015150));
	len = cx_summary_encode(&h, buf);
	ck_assert_uint_eq(len, 915);	/* 6 + 101 * 9 */
	/* the buffer size also fits the weighted form: 6 + 101 * 25 */
	ck_assert_uint_eq(CX_SUMMARY_WIRE_MAX, 2531);
	ck_assert_uint_eq(buf[4], 0x00);
	ck_assert_uint_eq(buf[5], 0x65);	/* npairs 101 */
	ck_assert_mem_eq(buf + 6, first_pair, 9);
	ck_assert_mem_eq(buf + 6 + 100 * 9, last_pair, 9);
	for (int v = 0; v < CX_NVALUES; v++)
		ck_assert_uint_eq(buf[6 + 9 * v], v);
	ck_assert_msg(decode_exact(buf, len, &back, err, sizeof(err)), "%s", err);
	ck_assert(cx_hist_equal(&h, &back));
	free(buf);
}
END_TEST

START_TEST(test_decode_valid_two_pairs)
{
	cx_hist		h;
	char		err[128] = "";

	ck_assert_msg(decode_exact(two_pairs, TWO_LEN, &h, err, sizeof(err)), "%s", err);
	ck_assert_int_eq(h.count[3], 5);
	ck_assert_int_eq(h.count[9], 7);
	ck_assert_int_eq(h.total, 12);
	ck_assert_int_eq(cx_hist_count_between(&h, 0, 100), 12);
}
END_TEST

START_TEST(test_decode_total_limit)
{
	/* {3:INT64_MAX-1, 9:1}: total exactly INT64_MAX is fine */
	uint8_t		buf[TWO_LEN];
	cx_hist		h;
	char		err[128] = "";

	memcpy(buf, two_pairs, TWO_LEN);
	cx_put_u64(buf + 7, (uint64_t) INT64_MAX - 1);
	cx_put_u64(buf + 16, 1);
	ck_assert_msg(decode_exact(buf, TWO_LEN, &h, err, sizeof(err)), "%s", err);
	ck_assert(h.total == INT64_MAX);
	/* {3:INT64_MAX, 9:1} overflows */
	cx_put_u64(buf + 7, (uint64_t) INT64_MAX);
	ck_decode_rejects(buf, TWO_LEN, "total INT64_MAX + 1");
	/* {3:INT64_MAX, 9:INT64_MAX} overflows */
	cx_put_u64(buf + 16, (uint64_t) INT64_MAX);
	ck_decode_rejects(buf, TWO_LEN, "total 2 * INT64_MAX");
}
END_TEST

/* ---- decode rejections ---- */

START_TEST(test_decode_rejects_truncations)
{
	uint8_t    *full = malloc(CX_SUMMARY_WIRE_MAX);
	cx_hist		h;
	size_t		len;

	/* every proper prefix of {3:5,9:7} */
	for (size_t cut = 0; cut < TWO_LEN; cut++)
		ck_decode_rejects(two_pairs, cut, "prefix of the two-pair encoding");

	/* every proper prefix of the full 101-value encoding */
	cx_hist_init(&h);
	for (int v = 0; v < CX_NVALUES; v++)
		ck_assert_int_eq(cx_hist_add_value(&h, v, INT64_C(1) << 55), CX_OK);
	len = cx_summary_encode(&h, full);
	ck_assert_uint_eq(len, 915);
	for (size_t cut = 0; cut < len; cut++)
		ck_decode_rejects(full, cut, "prefix of the 101-value encoding");
	free(full);
}
END_TEST

START_TEST(test_decode_rejects_version)
{
	/* 1 and 2 are the known versions (2: weighted, see below) */
	static const uint8_t versions[] = {0x00, 0x03, 0x7F, 0x80, 0xFF};
	static const uint8_t empty[6] = {0x03, 0, 0, 0, 0, 0};
	uint8_t		buf[TWO_LEN];

	for (size_t i = 0; i < sizeof(versions); i++)
	{
		memcpy(buf, two_pairs, TWO_LEN);
		buf[0] = versions[i];
		ck_decode_rejects(buf, TWO_LEN, "unknown version");
		ck_decode_rejects(buf, 6, "unknown version, header only");
	}
	/* an empty body would be well-formed in every version */
	ck_decode_rejects(empty, 6, "version 3, no pairs");
}
END_TEST

START_TEST(test_decode_rejects_flags_and_reserved)
{
	uint8_t		buf[TWO_LEN];

	for (int byte = 1; byte <= 3; byte++)
	{
		static const uint8_t vals[] = {0x01, 0x80, 0xFF};

		for (size_t i = 0; i < sizeof(vals); i++)
		{
			memcpy(buf, two_pairs, TWO_LEN);
			buf[byte] = vals[i];
			ck_decode_rejects(buf, TWO_LEN, "non-zero flags or reserved");
		}
	}
}
END_TEST

START_TEST(test_decode_rejects_too_many_pairs)
{
	/* npairs = 102 with a buffer of the matching length 6 + 102 * 9 */
	size_t		len = 6 + 102 * 9;
	uint8_t    *buf = calloc(1, len);

	buf[0] = 1;
	cx_put_u16(buf + 4, 102);
	for (int i = 0; i < 102; i++)
	{
		buf[6 + 9 * i] = (uint8_t) i;	/* 0..101 ascending */
		cx_put_u64(buf + 6 + 9 * i + 1, 1);
	}
	ck_decode_rejects(buf, len, "npairs 102");
	/* npairs 0xFFFF with only the header */
	cx_put_u16(buf + 4, 0xFFFF);
	ck_decode_rejects(buf, 6, "npairs 65535, header only");
	ck_decode_rejects(buf, len, "npairs 65535");
	free(buf);
}
END_TEST

START_TEST(test_decode_rejects_order)
{
	uint8_t		buf[TWO_LEN];

	memcpy(buf, two_pairs, TWO_LEN);
	buf[6] = 9;
	buf[15] = 3;				/* {9:5, 3:7} */
	ck_decode_rejects(buf, TWO_LEN, "descending values");
	buf[6] = 3;
	buf[15] = 3;				/* {3:5, 3:7} */
	ck_decode_rejects(buf, TWO_LEN, "repeated value");
}
END_TEST

START_TEST(test_decode_rejects_value_above_100)
{
	static const uint8_t bad[] = {101, 127, 200, 255};
	uint8_t		buf[TWO_LEN];

	for (size_t i = 0; i < sizeof(bad); i++)
	{
		memcpy(buf, two_pairs, TWO_LEN);
		buf[15] = bad[i];		/* {3:5, bad:7}, still ascending */
		ck_decode_rejects(buf, TWO_LEN, "value > 100");
	}
	/* a single pair of value 101 */
	memcpy(buf, two_pairs, TWO_LEN);
	buf[5] = 1;
	buf[6] = 101;
	ck_decode_rejects(buf, 15, "single value 101");
}
END_TEST

START_TEST(test_decode_rejects_bad_counts)
{
	static const uint64_t bad[] = {
		0,
		UINT64_C(0x8000000000000000),	/* top bit: INT64_MAX + 1 */
		UINT64_C(0x8000000000000001),
		UINT64_C(0xFFFFFFFFFFFFFFFF),
	};
	uint8_t		buf[TWO_LEN];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		memcpy(buf, two_pairs, TWO_LEN);
		cx_put_u64(buf + 16, bad[i]);	/* second count */
		ck_decode_rejects(buf, TWO_LEN, "bad second count");
		memcpy(buf, two_pairs, TWO_LEN);
		cx_put_u64(buf + 7, bad[i]);	/* first count */
		ck_decode_rejects(buf, TWO_LEN, "bad first count");
	}
}
END_TEST

START_TEST(test_decode_rejects_trailing_bytes)
{
	uint8_t		buf[TWO_LEN + 9];
	static const uint8_t empty_plus[7] = {1, 0, 0, 0, 0, 0, 0};

	memcpy(buf, two_pairs, TWO_LEN);
	memset(buf + TWO_LEN, 0, 9);
	ck_decode_rejects(buf, TWO_LEN + 1, "one trailing byte");
	/* a well-formed third pair {50:1} that npairs (2) does not announce */
	buf[TWO_LEN] = 50;
	cx_put_u64(buf + TWO_LEN + 1, 1);
	ck_decode_rejects(buf, TWO_LEN + 9, "unannounced pair");
	/* npairs 1 followed by two pairs */
	buf[5] = 1;
	ck_decode_rejects(buf, TWO_LEN, "npairs 1 with two pairs");
	/* empty summary plus one byte */
	ck_decode_rejects(empty_plus, 7, "empty plus one byte");
}
END_TEST

/* ---- byte order helpers ---- */

START_TEST(test_big_endian_helpers)
{
	uint8_t		b[8];
	static const uint8_t e16[2] = {0x12, 0x34};
	static const uint8_t e32[4] = {0x01, 0x02, 0x03, 0x04};
	static const uint8_t e64[8] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
	static const uint8_t ff[8] = {0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0xFA, 0xF9, 0xF8};
	static const uint8_t top[8] = {0x80, 0, 0, 0, 0, 0, 0, 0x01};

	cx_put_u16(b, 0x1234);
	ck_assert_mem_eq(b, e16, 2);
	cx_put_u32(b, 0x01020304);
	ck_assert_mem_eq(b, e32, 4);
	cx_put_u64(b, UINT64_C(0x0102030405060708));
	ck_assert_mem_eq(b, e64, 8);

	ck_assert_uint_eq(cx_get_u16(e16), 0x1234);
	ck_assert_uint_eq(cx_get_u32(e32), 0x01020304);
	ck_assert_uint_eq(cx_get_u64(e64), UINT64_C(0x0102030405060708));
	/* high bits must not sign-extend */
	ck_assert_uint_eq(cx_get_u16(ff), 0xFFFE);
	ck_assert_uint_eq(cx_get_u32(ff), UINT32_C(0xFFFEFDFC));
	ck_assert_uint_eq(cx_get_u64(ff), UINT64_C(0xFFFEFDFCFBFAF9F8));
	ck_assert_uint_eq(cx_get_u32(top), UINT32_C(0x80000000));
	ck_assert_uint_eq(cx_get_u64(top), UINT64_C(0x8000000000000001));
}
END_TEST

START_TEST(test_double_bits_helpers)
{
	/* struct.unpack('>Q', struct.pack('>d', d))[0] for each d */
	static const struct
	{
		double		d;
		uint64_t	bits;
	}			cases[] = {
		{0.0, UINT64_C(0x0000000000000000)},
		{-0.0, UINT64_C(0x8000000000000000)},
		{1.0, UINT64_C(0x3FF0000000000000)},
		{3.5, UINT64_C(0x400C000000000000)},
		{0.1, UINT64_C(0x3FB999999999999A)},
		{-1.0, UINT64_C(0xBFF0000000000000)},
		{5e-324, UINT64_C(0x0000000000000001)},
		{DBL_MAX, UINT64_C(0x7FEFFFFFFFFFFFFF)},
		{INFINITY, UINT64_C(0x7FF0000000000000)},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		double		back = cx_bits_double(cases[i].bits);

		ck_assert_uint_eq(cx_double_bits(cases[i].d), cases[i].bits);
		ck_assert_mem_eq(&back, &cases[i].d, sizeof(double));
	}
	/* a NaN keeps its payload both ways */
	ck_assert_uint_eq(cx_double_bits(cx_bits_double(UINT64_C(0x7FF8000000000123))),
					  UINT64_C(0x7FF8000000000123));
}
END_TEST

/* ---- version 2: weighted summaries ---- */

/*
 * {0:1:0:0, 9:2:3.5:6.25} (a row of weight 0; rows of weight 1.5 and 2):
 *   02 00 0000 0002
 *   00 | 0000000000000001 | 0000000000000000 | 0000000000000000
 *   09 | 0000000000000002 | 400C000000000000 | 4019000000000000
 * struct.pack('>d', 3.5).hex() = '400c000000000000',
 * struct.pack('>d', 6.25).hex() = '4019000000000000'
 */
#define W_LEN (6 + 2 * 25)
static const uint8_t weighted_pairs[W_LEN] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0, 0, 0, 0, 0, 0, 0, 0x01,
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	0x09, 0, 0, 0, 0, 0, 0, 0, 0x02,
	0x40, 0x0C, 0, 0, 0, 0, 0, 0,
	0x40, 0x19, 0, 0, 0, 0, 0, 0,
};

/* offsets of the sums of pair i (0 or 1) in weighted_pairs */
#define W_SUM_W(i) (6 + 25 * (i) + 9)
#define W_SUM_W2(i) (6 + 25 * (i) + 17)

static void
weighted_example(cx_hist *h)
{
	cx_hist_init(h);
	ck_assert_int_eq(cx_hist_add_weighted(h, 0, 0.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(h, 9, 1.5), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(h, 9, 2.0), CX_OK);
}

/* 101 values, irregular weights, counts up to 3 */
static void
weighted_all_values(cx_hist *h)
{
	cx_hist_init(h);
	for (int v = 0; v < CX_NVALUES; v++)
		for (int k = 0; k <= v % 3; k++)
			ck_assert_int_eq(cx_hist_add_weighted(h, v, v % 10 == 0 ? 0.0 : (v * 7919 + k) % 1000 / 7.0),
							 CX_OK);
}

START_TEST(test_encode_weighted_example)
{
	cx_hist		h,
				back;
	uint8_t    *buf = malloc(CX_SUMMARY_WIRE_MAX);
	size_t		len;
	char		err[128] = "";

	weighted_example(&h);
	len = cx_summary_encode(&h, buf);
	ck_assert_uint_eq(len, W_LEN);	/* 6 + 2 * 25 = 56 */
	ck_assert_mem_eq(buf, weighted_pairs, W_LEN);
	ck_assert_msg(decode_exact(buf, len, &back, err, sizeof(err)), "%s", err);
	ck_assert(back.weighted);
	ck_assert(cx_hist_equal(&h, &back));
	free(buf);
}
END_TEST

START_TEST(test_encode_weighted_mantissa_bytes)
{
	/*
	 * {100:1:0.1:0.010000000000000002}: every byte of both doubles matters.
	 * struct.pack('>d', 0.1).hex() = '3fb999999999999a',
	 * struct.pack('>d', 0.1 * 0.1).hex() = '3f847ae147ae147c'
	 */
	static const uint8_t expected[6 + 25] = {
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
		0x64, 0, 0, 0, 0, 0, 0, 0, 0x01,
		0x3F, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A,
		0x3F, 0x84, 0x7A, 0xE1, 0x47, 0xAE, 0x14, 0x7C,
	};
	cx_hist		h,
				back;
	uint8_t    *buf = malloc(CX_SUMMARY_WIRE_MAX);
	size_t		len;
	char		err[128] = "";

	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 100, 0.1), CX_OK);
	len = cx_summary_encode(&h, buf);
	ck_assert_uint_eq(len, 31);
	ck_assert_mem_eq(buf, expected, 31);
	ck_assert_msg(decode_exact(buf, len, &back, err, sizeof(err)), "%s", err);
	ck_assert(cx_hist_equal(&h, &back));
	free(buf);
}
END_TEST

START_TEST(test_encode_weighted_empty)
{
	static const uint8_t expected[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x00};
	cx_hist		h,
				back;
	uint8_t    *buf = malloc(CX_SUMMARY_WIRE_MAX);
	size_t		len;
	char		err[128] = "";

	cx_hist_init(&h);
	cx_hist_make_weighted(&h);
	len = cx_summary_encode(&h, buf);
	ck_assert_uint_eq(len, 6);
	ck_assert_mem_eq(buf, expected, 6);
	ck_assert_msg(decode_exact(buf, len, &back, err, sizeof(err)), "%s", err);
	ck_assert(back.weighted);
	ck_assert(cx_hist_equal(&h, &back));
	free(buf);
}
END_TEST

START_TEST(test_weighted_round_trip_all_values)
{
	cx_hist		h,
				back;
	uint8_t    *buf = malloc(CX_SUMMARY_WIRE_MAX);
	size_t		len;
	char		err[128] = "";

	weighted_all_values(&h);
	len = cx_summary_encode(&h, buf);
	ck_assert_uint_eq(len, CX_SUMMARY_WIRE_MAX);	/* 6 + 101 * 25 = 2531: fills the buffer */
	ck_assert_uint_eq(buf[0], 2);
	ck_assert_uint_eq(buf[5], 0x65);	/* npairs 101 */
	for (int v = 0; v < CX_NVALUES; v++)
		ck_assert_uint_eq(buf[6 + 25 * v], v);
	ck_assert_msg(decode_exact(buf, len, &back, err, sizeof(err)), "%s", err);
	ck_assert(cx_hist_equal(&h, &back));
	free(buf);
}
END_TEST

START_TEST(test_decode_version1_still_read)
{
	cx_hist		h,
				expected;
	char		err[128] = "";

	/* the version 1 bytes of {3:5,9:7} decode to the unweighted summary */
	cx_hist_init(&expected);
	ck_assert_int_eq(cx_hist_add_value(&expected, 3, 5), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&expected, 9, 7), CX_OK);
	ck_assert_msg(decode_exact(two_pairs, TWO_LEN, &h, err, sizeof(err)), "%s", err);
	ck_assert(!h.weighted);
	ck_assert(cx_hist_equal(&h, &expected));
	/* and an unweighted summary is still written as version 1 */
	{
		uint8_t    *buf = malloc(CX_SUMMARY_WIRE_MAX);

		ck_assert_uint_eq(cx_summary_encode(&expected, buf), TWO_LEN);
		ck_assert_mem_eq(buf, two_pairs, TWO_LEN);
		free(buf);
	}
}
END_TEST

START_TEST(test_decode_weighted_rejects_truncations)
{
	uint8_t    *full = malloc(CX_SUMMARY_WIRE_MAX);
	cx_hist		h;
	size_t		len;

	for (size_t cut = 0; cut < W_LEN; cut++)
		ck_decode_rejects(weighted_pairs, cut, "prefix of the weighted example");
	weighted_all_values(&h);
	len = cx_summary_encode(&h, full);
	ck_assert_uint_eq(len, 2531);
	for (size_t cut = 0; cut < len; cut++)
		ck_decode_rejects(full, cut, "prefix of the 101-value weighted encoding");
	free(full);
}
END_TEST

START_TEST(test_decode_weighted_rejects_layout_mismatch)
{
	uint8_t		buf[W_LEN + 25];

	/* version 2 header over version 1 pairs (24 bytes, not 6 + 2 * 25) */
	memcpy(buf, two_pairs, TWO_LEN);
	buf[0] = 2;
	ck_decode_rejects(buf, TWO_LEN, "version 2 with 9-byte pairs");
	/* version 1 header over version 2 pairs (56 bytes, not 6 + 2 * 9) */
	memcpy(buf, weighted_pairs, W_LEN);
	buf[0] = 1;
	ck_decode_rejects(buf, W_LEN, "version 1 with 25-byte pairs");
	/* a trailing byte, and an unannounced third pair {50:1:1:1} */
	memcpy(buf, weighted_pairs, W_LEN);
	memset(buf + W_LEN, 0, 25);
	ck_decode_rejects(buf, W_LEN + 1, "weighted, one trailing byte");
	buf[W_LEN] = 50;
	cx_put_u64(buf + W_LEN + 1, 1);
	cx_put_u64(buf + W_LEN + 9, UINT64_C(0x3FF0000000000000));	/* 1.0 */
	cx_put_u64(buf + W_LEN + 17, UINT64_C(0x3FF0000000000000));
	ck_decode_rejects(buf, W_LEN + 25, "weighted, unannounced pair");
}
END_TEST

START_TEST(test_decode_weighted_rejects_pair_checks)
{
	uint8_t		buf[W_LEN];

	/* the version 1 rules hold for version 2 pairs too */
	memcpy(buf, weighted_pairs, W_LEN);
	buf[6 + 25] = 0;			/* {0, 0}: repeated value */
	ck_decode_rejects(buf, W_LEN, "weighted, repeated value");
	memcpy(buf, weighted_pairs, W_LEN);
	buf[6 + 25] = 101;
	ck_decode_rejects(buf, W_LEN, "weighted, value 101");
	memcpy(buf, weighted_pairs, W_LEN);
	cx_put_u64(buf + 6 + 25 + 1, 0);
	ck_decode_rejects(buf, W_LEN, "weighted, count 0");
	memcpy(buf, weighted_pairs, W_LEN);
	cx_put_u64(buf + 6 + 1, UINT64_C(0x8000000000000000));
	ck_decode_rejects(buf, W_LEN, "weighted, count above INT64_MAX");
	memcpy(buf, weighted_pairs, W_LEN);
	buf[1] = 1;
	ck_decode_rejects(buf, W_LEN, "weighted, non-zero flags");
}
END_TEST

/* Invalid (sum_w, sum_w2) bit patterns, big-endian IEEE 754. */
static const uint64_t bad_sum_bits[][2] = {
	{UINT64_C(0x7FF8000000000000), UINT64_C(0x3FF0000000000000)},	/* NaN, 1 */
	{UINT64_C(0x3FF0000000000000), UINT64_C(0x7FF8000000000000)},	/* 1, NaN */
	{UINT64_C(0xFFF8000000000001), UINT64_C(0x3FF0000000000000)},	/* -NaN with payload */
	{UINT64_C(0x7FF0000000000000), UINT64_C(0x3FF0000000000000)},	/* +inf, 1 */
	{UINT64_C(0x3FF0000000000000), UINT64_C(0x7FF0000000000000)},	/* 1, +inf */
	{UINT64_C(0xFFF0000000000000), UINT64_C(0x3FF0000000000000)},	/* -inf, 1 */
	{UINT64_C(0xBFF0000000000000), UINT64_C(0x3FF0000000000000)},	/* -1, 1 */
	{UINT64_C(0x3FF0000000000000), UINT64_C(0xBFF0000000000000)},	/* 1, -1 */
	{UINT64_C(0x8000000000000001), UINT64_C(0x0000000000000001)},	/* -5e-324, 5e-324 */
	{UINT64_C(0x0000000000000000), UINT64_C(0x3FF0000000000000)},	/* 0, 1 */
	{UINT64_C(0x3FF0000000000000), UINT64_C(0x0000000000000000)},	/* 1, 0 */
};

START_TEST(test_decode_weighted_rejects_bad_sums)
{
	uint8_t		buf[W_LEN];

	for (int pair = 0; pair < 2; pair++)
	{
		memcpy(buf, weighted_pairs, W_LEN);
		cx_put_u64(buf + W_SUM_W(pair), bad_sum_bits[_i][0]);
		cx_put_u64(buf + W_SUM_W2(pair), bad_sum_bits[_i][1]);
		ck_decode_rejects(buf, W_LEN, pair == 0 ? "bad sums in the first pair" : "bad sums in the second pair");
	}
}
END_TEST

Suite *
wire_suite(void)
{
	Suite	   *s = suite_create("summary_wire");
	TCase	   *te = tcase_create("encode");
	TCase	   *tr = tcase_create("reject");
	TCase	   *tb = tcase_create("byte_order");
	TCase	   *tw = tcase_create("weighted");

	tcase_add_test(te, test_encode_empty);
	tcase_add_test(te, test_encode_one_value);
	tcase_add_test(te, test_encode_all_values_large_counts);
	tcase_add_test(te, test_decode_valid_two_pairs);
	tcase_add_test(te, test_decode_total_limit);
	suite_add_tcase(s, te);

	tcase_add_test(tr, test_decode_rejects_truncations);
	tcase_add_test(tr, test_decode_rejects_version);
	tcase_add_test(tr, test_decode_rejects_flags_and_reserved);
	tcase_add_test(tr, test_decode_rejects_too_many_pairs);
	tcase_add_test(tr, test_decode_rejects_order);
	tcase_add_test(tr, test_decode_rejects_value_above_100);
	tcase_add_test(tr, test_decode_rejects_bad_counts);
	tcase_add_test(tr, test_decode_rejects_trailing_bytes);
	suite_add_tcase(s, tr);

	tcase_add_test(tb, test_big_endian_helpers);
	tcase_add_test(tb, test_double_bits_helpers);
	suite_add_tcase(s, tb);

	tcase_add_test(tw, test_encode_weighted_example);
	tcase_add_test(tw, test_encode_weighted_mantissa_bytes);
	tcase_add_test(tw, test_encode_weighted_empty);
	tcase_add_test(tw, test_weighted_round_trip_all_values);
	tcase_add_test(tw, test_decode_version1_still_read);
	tcase_add_test(tw, test_decode_weighted_rejects_truncations);
	tcase_add_test(tw, test_decode_weighted_rejects_layout_mismatch);
	tcase_add_test(tw, test_decode_weighted_rejects_pair_checks);
	tcase_add_loop_test(tw, test_decode_weighted_rejects_bad_sums, 0,
						(int) (sizeof(bad_sum_bits) / sizeof(bad_sum_bits[0])));
	suite_add_tcase(s, tw);
	return s;
}
