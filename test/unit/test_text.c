/*
 * test_text.c: text form of a score_summary (cx_summary_text.h), weighted
 * entries included, and the shortest round-trip doubles they are written in.
 */
#include "test_unit.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "cx_summary_text.h"

#include <stdio.h>

/* Parse exactly len bytes from a heap copy without a terminator. */
static bool
parse_exact(const char *text, size_t len, cx_hist *out, char *err, size_t errlen)
{
	char	   *copy = test_memdup(text, len);
	bool		ok = cx_summary_parse(copy, len, out, err, errlen);

	free(copy);
	return ok;
}

static void
parse_ok(const char *text, cx_hist *out)
{
	char		err[256] = "";

	ck_assert_msg(parse_exact(text, strlen(text), out, err, sizeof(err)),
				  "\"%s\" rejected: %s", text, err);
}

/* format into an exact-size heap buffer and compare with the expected text */
static void
ck_format_is(const cx_hist *h, const char *expected)
{
	char	   *buf = malloc(CX_SUMMARY_TEXT_MAX);
	size_t		len = cx_summary_format(h, buf);

	ck_assert_str_eq(buf, expected);
	ck_assert_uint_eq(len, strlen(expected));
	free(buf);
}

/* {0:1,7:2,9:5,10:4} */
static void
example_hist(cx_hist *h)
{
	cx_hist_init(h);
	ck_assert_int_eq(cx_hist_add_value(h, 0, 1), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(h, 7, 2), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(h, 9, 5), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(h, 10, 4), CX_OK);
}

START_TEST(test_format_canonical)
{
	cx_hist		h;

	example_hist(&h);
	ck_format_is(&h, "{0:1,7:2,9:5,10:4}");
	cx_hist_init(&h);
	ck_format_is(&h, "{}");
	ck_assert_int_eq(cx_hist_add_value(&h, 100, INT64_MAX), CX_OK);
	ck_format_is(&h, "{100:9223372036854775807}");
}
END_TEST

START_TEST(test_format_all_values_fits)
{
	cx_hist		h;
	char	   *buf = malloc(CX_SUMMARY_TEXT_MAX);
	size_t		len;

	/* 101 x 17-digit counts: 9e16 + v, total 9090000000000005050 */
	cx_hist_init(&h);
	for (int v = 0; v < CX_NVALUES; v++)
		ck_assert_int_eq(cx_hist_add_value(&h, v, INT64_C(90000000000000000) + v), CX_OK);
	len = cx_summary_format(&h, buf);
	ck_assert_uint_lt(len, CX_SUMMARY_TEXT_MAX);
	ck_assert_uint_eq(len, strlen(buf));
	/* starts "{0:90000000000000000,1:90000000000000001," ends ",100:90000000000000100}" */
	ck_assert(strncmp(buf, "{0:90000000000000000,1:90000000000000001,", 41) == 0);
	ck_assert_str_eq(buf + len - 23, ",100:90000000000000100}");
	free(buf);
}
END_TEST

START_TEST(test_parse_canonical)
{
	cx_hist		h,
				expected;

	example_hist(&expected);
	parse_ok("{0:1,7:2,9:5,10:4}", &h);
	ck_assert(cx_hist_equal(&h, &expected));
	ck_assert_int_eq(h.total, 12);
}
END_TEST

START_TEST(test_parse_spaces_and_order)
{
	cx_hist		h,
				expected;

	example_hist(&expected);
	parse_ok(" { 10 : 4 ,\t0:1 , 9:5,7 :2 } \n", &h);
	ck_assert(cx_hist_equal(&h, &expected));
	parse_ok("{10:4,9:5,7:2,0:1}", &h);
	ck_assert(cx_hist_equal(&h, &expected));
	parse_ok("\r\n{\n9:5,\n0:1,\n10:4,\n7:2\n}\n", &h);
	ck_assert(cx_hist_equal(&h, &expected));
}
END_TEST

START_TEST(test_parse_zero_counts_dropped)
{
	cx_hist		h;
	char	   *buf = malloc(CX_SUMMARY_TEXT_MAX);

	parse_ok("{5:0,6:1,100:0}", &h);
	ck_assert_int_eq(h.total, 1);
	ck_assert_int_eq(h.count[5], 0);
	ck_assert_int_eq(h.count[6], 1);
	ck_assert_int_eq(h.count[100], 0);
	ck_assert_uint_eq(cx_summary_format(&h, buf), 5);
	ck_assert_str_eq(buf, "{6:1}");

	parse_ok("{3:0}", &h);
	ck_assert_int_eq(h.total, 0);
	ck_assert_uint_eq(cx_summary_format(&h, buf), 2);
	ck_assert_str_eq(buf, "{}");
	free(buf);
}
END_TEST

START_TEST(test_parse_empty)
{
	cx_hist		h,
				empty;

	cx_hist_init(&empty);
	memset(&h, 0x33, sizeof(h));
	parse_ok("{}", &h);
	ck_assert(cx_hist_equal(&h, &empty));
	memset(&h, 0x33, sizeof(h));
	parse_ok("  {  }  ", &h);
	ck_assert(cx_hist_equal(&h, &empty));
}
END_TEST

START_TEST(test_parse_limits)
{
	cx_hist		h;

	parse_ok("{0:9223372036854775807}", &h);
	ck_assert(h.count[0] == INT64_MAX);
	/* (INT64_MAX - 1) + 1 = INT64_MAX exactly */
	parse_ok("{1:9223372036854775806,2:1}", &h);
	ck_assert(h.total == INT64_MAX);
	parse_ok("{100:1}", &h);
	ck_assert_int_eq(h.count[100], 1);
	parse_ok("{007:0003}", &h);	/* leading zeros are digits */
	ck_assert_int_eq(h.count[7], 3);
}
END_TEST

START_TEST(test_parse_uses_len_not_nul)
{
	cx_hist		h;
	char		err[128];

	/* only the first 5 bytes are the input */
	ck_assert(parse_exact("{1:1}garbage", 5, &h, err, sizeof(err)));
	ck_assert_int_eq(h.count[1], 1);
	ck_assert_int_eq(h.total, 1);
	/* 4 bytes of "{1:1}" are "{1:1": no closing brace */
	ck_assert(!parse_exact("{1:1}", 4, &h, err, sizeof(err)));
	/* 5 bytes of "{1:12}" are "{1:12": no closing brace */
	ck_assert(!parse_exact("{1:12}", 5, &h, err, sizeof(err)));
}
END_TEST

START_TEST(test_round_trip_format_parse)
{
	cx_hist		h,
				back;
	char	   *buf = malloc(CX_SUMMARY_TEXT_MAX);
	char		err[256] = "";
	size_t		len;

	/* every value, irregular counts 1 + (v * 7919) % 100003, one large one */
	cx_hist_init(&h);
	for (int v = 0; v < CX_NVALUES; v++)
		ck_assert_int_eq(cx_hist_add_value(&h, v, 1 + (v * 7919) % 100003), CX_OK);
	ck_assert_int_eq(cx_hist_add_value(&h, 50, INT64_MAX / 2), CX_OK);
	len = cx_summary_format(&h, buf);
	ck_assert_msg(parse_exact(buf, len, &back, err, sizeof(err)), "rejected: %s", err);
	ck_assert(cx_hist_equal(&h, &back));
	free(buf);
}
END_TEST

START_TEST(test_round_trip_parse_format)
{
	static const char *const inputs[][2] = {
		{" {10:4, 0:1 ,9:5,7:2}", "{0:1,7:2,9:5,10:4}"},
		{"{ }", "{}"},
		{"{100:2,0:0,50:3}", "{50:3,100:2}"},
		{"{1:0009}", "{1:9}"},
	};
	char	   *buf = malloc(CX_SUMMARY_TEXT_MAX);

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
	{
		cx_hist		h;

		parse_ok(inputs[i][0], &h);
		ck_assert_uint_eq(cx_summary_format(&h, buf), strlen(inputs[i][1]));
		ck_assert_str_eq(buf, inputs[i][1]);
	}
	free(buf);
}
END_TEST

/* Inputs that must be rejected with a non-empty reason. */
static const struct
{
	const char *text;
	size_t		len;			/* 0: strlen(text) */
}			bad_inputs[] = {
	{"", 0},
	{"{", 0},
	{"}", 0},
	{"{1:}", 0},
	{"{:1}", 0},
	{"{101:1}", 0},
	{"{-1:1}", 0},
	{"{1:-1}", 0},
	{"{1:+1}", 0},
	{"{+1:1}", 0},
	{"{1:1,1:2}", 0},			/* duplicate */
	{"{1:0,1:2}", 0},			/* duplicate, even with a zero count */
	{"{1:9223372036854775808}", 0},	/* INT64_MAX + 1 */
	{"{1:18446744073709551616}", 0},	/* UINT64_MAX + 1 */
	{"{1:9223372036854775807,2:1}", 0},	/* total overflow */
	{"{1:9223372036854775807,1:1}", 0},
	{"{} x", 0},				/* trailing garbage */
	{"{}}", 0},
	{"{1:1}{}", 0},
	{"{}\0", 3},				/* NUL byte inside the length */
	{"{1:1\0}", 6},
	{"\0{}", 3},
	{"{1:1,}", 0},
	{"{,}", 0},
	{"{,1:1}", 0},
	{"{1 1}", 0},
	{"{1:1 2:2}", 0},
	{"{1:1", 0},
	{"{1:1,2:2", 0},
	{"1:1", 0},
	{"[1:1]", 0},
	{"{1.5:1}", 0},
	{"{1:1.0}", 0},
	{"{0x1:1}", 0},
	{"{1:1e3}", 0},
	{"{4294967296:1}", 0},		/* 2^32 */
	{"{99999999999999999999:1}", 0},
	{"{a:1}", 0},
	{"{1;1}", 0},
	{"{1:1;2:1}", 0},
	{" ", 0},
};

START_TEST(test_parse_rejects)
{
	const char *text = bad_inputs[_i].text;
	size_t		len = bad_inputs[_i].len ? bad_inputs[_i].len : strlen(text);
	cx_hist		h;
	char		err[256];

	memset(err, 0, sizeof(err));
	ck_assert_msg(!parse_exact(text, len, &h, err, sizeof(err)),
				  "input #%d (\"%s\") accepted", _i, text);
	ck_assert_msg(strlen(err) > 0, "input #%d (\"%s\"): empty error message", _i, text);
}
END_TEST

START_TEST(test_parse_error_truncated_to_errlen)
{
	cx_hist		h;
	char		err[8];

	memset(err, 'X', sizeof(err));
	ck_assert(!parse_exact("{101:1}", 7, &h, err, sizeof(err)));
	ck_assert_uint_eq(strlen(err), sizeof(err) - 1);	/* NUL-terminated inside errlen */
}
END_TEST

START_TEST(test_parse_uint64)
{
	size_t		pos;
	uint64_t	v;

	pos = 1;
	ck_assert(cx_parse_uint64("x255y", 5, &pos, 255, &v));
	ck_assert_uint_eq(v, 255);
	ck_assert_uint_eq(pos, 4);
	pos = 0;
	ck_assert(!cx_parse_uint64("256", 3, &pos, 255, &v));
	pos = 0;
	ck_assert(cx_parse_uint64("18446744073709551615", 20, &pos, UINT64_MAX, &v));
	ck_assert(v == UINT64_MAX);
	pos = 0;
	ck_assert(!cx_parse_uint64("18446744073709551616", 20, &pos, UINT64_MAX, &v));
	pos = 0;
	ck_assert(cx_parse_uint64("9223372036854775807", 19, &pos, INT64_MAX, &v));
	ck_assert(v == (uint64_t) INT64_MAX);
	pos = 0;
	ck_assert(!cx_parse_uint64("9223372036854775808", 19, &pos, INT64_MAX, &v));
	/* len bounds the digits: "12345" read as "12" */
	pos = 0;
	ck_assert(cx_parse_uint64("12345", 2, &pos, UINT64_MAX, &v));
	ck_assert_uint_eq(v, 12);
	ck_assert_uint_eq(pos, 2);
	/* no digit at all */
	pos = 0;
	ck_assert(!cx_parse_uint64("", 0, &pos, UINT64_MAX, &v));
	pos = 0;
	ck_assert(!cx_parse_uint64("-1", 2, &pos, UINT64_MAX, &v));
	pos = 3;
	ck_assert(!cx_parse_uint64("123", 3, &pos, UINT64_MAX, &v));
}
END_TEST

START_TEST(test_skip_space)
{
	ck_assert_uint_eq(cx_skip_space(" \t\r\nx ", 6, 0), 4);
	ck_assert_uint_eq(cx_skip_space("   ", 3, 0), 3);
	ck_assert_uint_eq(cx_skip_space("   ", 2, 0), 2);	/* stops at len */
	ck_assert_uint_eq(cx_skip_space("a  b", 4, 1), 3);
	ck_assert_uint_eq(cx_skip_space("x", 1, 0), 0);
}
END_TEST

/* ---- weighted summaries: value:count:sum_w:sum_w2 ---- */

/* {0:1:0:0,9:2:3.5:6.25,10:1:0.1:0.010000000000000002} */
static void
weighted_hist(cx_hist *h)
{
	cx_hist_init(h);
	ck_assert_int_eq(cx_hist_add_weighted(h, 0, 0.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(h, 9, 1.5), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(h, 9, 2.0), CX_OK);
	ck_assert_int_eq(cx_hist_add_weighted(h, 10, 0.1), CX_OK);
}

START_TEST(test_format_weighted)
{
	cx_hist		h;

	/*
	 * 9: 1.5 + 2 = 3.5 and 2.25 + 4 = 6.25; 10: 0.1 and 0.1 * 0.1, whose
	 * shortest round-trip form is repr(0.1 * 0.1) = '0.010000000000000002';
	 * 0: a row of weight 0
	 */
	weighted_hist(&h);
	ck_format_is(&h, "{0:1:0:0,9:2:3.5:6.25,10:1:0.1:0.010000000000000002}");
	/* repr(1e150) = '1e+150', repr(1e150 * 1e150) = '9.999999999999999e+299' */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 100, 1e150), CX_OK);
	ck_format_is(&h, "{100:1:1e+150:9.999999999999999e+299}");
	/* integers without exponent: 10 and 100, not 1e+01 and 1e+02 */
	cx_hist_init(&h);
	ck_assert_int_eq(cx_hist_add_weighted(&h, 5, 10.0), CX_OK);
	ck_format_is(&h, "{5:1:10:100}");
	/* an empty weighted summary has no entries to show the form */
	cx_hist_init(&h);
	cx_hist_make_weighted(&h);
	ck_format_is(&h, "{}");
}
END_TEST

START_TEST(test_format_weighted_fits)
{
	cx_hist		h;
	char	   *buf = malloc(CX_SUMMARY_TEXT_MAX);
	size_t		len;

	/*
	 * Long entries: 101 values (counts 9e16, as large as 101 counts can be
	 * together) with 23-character sums, the longest a valid (non-negative)
	 * double is written in.
	 */
	cx_hist_init(&h);
	for (int v = 0; v < CX_NVALUES; v++)
		ck_assert_int_eq(cx_hist_add_value(&h, v, INT64_C(90000000000000000)), CX_OK);
	cx_hist_make_weighted(&h);
	for (int v = 0; v < CX_NVALUES; v++)
	{
		h.sum_w[v] = 1.2345678901234568e-300;
		h.sum_w2[v] = 1.7976931348623157e+308;
	}
	len = cx_summary_format(&h, buf);
	ck_assert_uint_lt(len, CX_SUMMARY_TEXT_MAX);
	ck_assert_uint_eq(len, strlen(buf));
	{
		static const char first[] =
			"{0:90000000000000000:1.2345678901234568e-300:1.7976931348623157e+308,";
		static const char last[] =
			",100:90000000000000000:1.2345678901234568e-300:1.7976931348623157e+308}";

		ck_assert(strncmp(buf, first, strlen(first)) == 0);
		ck_assert_str_eq(buf + len - strlen(last), last);
		/* 2 braces + 101 entries of value, count, two 23-character sums; 100 commas */
		ck_assert_uint_eq(len, 2 + 10 * 67 + 90 * 68 + 69 + 100);
	}
	free(buf);
}
END_TEST

START_TEST(test_parse_weighted)
{
	cx_hist		h,
				expected;

	weighted_hist(&expected);
	parse_ok("{0:1:0:0,9:2:3.5:6.25,10:1:0.1:0.010000000000000002}", &h);
	ck_assert(h.weighted);
	ck_assert(cx_hist_equal(&h, &expected));
	/* spaces around every token, any order, other spellings of the numbers */
	parse_ok(" { 10 : 1 : 1e-1 : 0.010000000000000002 ,\t9:2:3.50:625E-2 , 0 : 1 : 0.0 : 0e5 } ", &h);
	ck_assert(cx_hist_equal(&h, &expected));
	/* a zero count with zero sums is dropped like an unweighted one */
	parse_ok("{9:2:3.5:6.25,5:0:0:0,0:1:0:0,10:1:0.1:0.010000000000000002}", &h);
	ck_assert(cx_hist_equal(&h, &expected));
	ck_assert_int_eq(h.count[5], 0);
	/* huge but consistent sums: one weight of 1e150 */
	parse_ok("{5:1:1e150:1e300}", &h);
	ck_assert_double_eq(h.sum_w[5], 1e150);
	ck_assert_double_eq(h.sum_w2[5], 1e300);
	/* two weights 1 and 3: (sum w)^2 / sum w^2 = 16 / 10 = 1.6, within [1, 2] */
	parse_ok("{5:2:4:10}", &h);
	ck_assert_double_eq(h.sum_w2[5], 10.0);
}
END_TEST

START_TEST(test_weighted_round_trip)
{
	cx_hist		h,
				back;
	char	   *buf = malloc(CX_SUMMARY_TEXT_MAX);
	char		err[256] = "";
	size_t		len;
	uint64_t	state = 7;

	/* every value, one to three rows of irregular weights (0 included) */
	cx_hist_init(&h);
	for (int v = 0; v < CX_NVALUES; v++)
		for (int k = 0; k <= v % 3; k++)
		{
			state = state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
			ck_assert_int_eq(cx_hist_add_weighted(&h, v, v % 17 == 0 ? 0.0 :
												  (double) (state >> 11) * 0x1.0p-40), CX_OK);
		}
	len = cx_summary_format(&h, buf);
	ck_assert_msg(parse_exact(buf, len, &back, err, sizeof(err)), "rejected: %s", err);
	ck_assert(cx_hist_equal(&h, &back));
	free(buf);
}
END_TEST

START_TEST(test_round_trip_parse_format_weighted)
{
	static const char *const inputs[][2] = {
		{" {10:1:1e-1:1e-2, 9:2:3.50:6.25}", "{9:2:3.5:6.25,10:1:0.1:0.01}"},
		{"{100:2:2.0E2:2E4,0:0:0:0}", "{100:2:200:20000}"},
		{"{7:3:0:0}", "{7:3:0:0}"},
		{"{1:0:0:0}", "{}"},
	};
	char	   *buf = malloc(CX_SUMMARY_TEXT_MAX);

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
	{
		cx_hist		h;

		parse_ok(inputs[i][0], &h);
		ck_assert_uint_eq(cx_summary_format(&h, buf), strlen(inputs[i][1]));
		ck_assert_str_eq(buf, inputs[i][1]);
	}
	free(buf);
}
END_TEST

/*
 * Regression (found by fuzzing, fuzz_summary_text input "{1:0:0:0}"): it read
 * as a weighted summary without answers, which is written {} and reads back
 * as the unweighted one, so the value did not survive its own text form (and
 * a rollup with it turned weighted before a dump and not after).  A summary
 * without answers now reads as {} whatever the form of its entries.
 */
START_TEST(test_parse_weighted_without_answers_is_empty)
{
	cx_hist		h,
				empty;
	char	   *buf = malloc(CX_SUMMARY_TEXT_MAX);

	parse_ok("{}", &empty);
	parse_ok("{1:0:0:0}", &h);
	ck_assert(!h.weighted);
	ck_assert(cx_hist_equal(&h, &empty));
	parse_ok(" { 5 : 0 : 0 : 0 , 100:0:0.0:0e7 } ", &h);
	ck_assert(!h.weighted);
	ck_assert(cx_hist_equal(&h, &empty));
	ck_assert_uint_eq(cx_summary_format(&h, buf), 2);
	ck_assert_str_eq(buf, "{}");
	/* with an answer, even of weight 0, it stays weighted */
	parse_ok("{1:0:0:0,2:1:0:0}", &h);
	ck_assert(h.weighted);
	ck_assert_int_eq(h.total, 1);
	free(buf);
}
END_TEST

/* Weighted inputs that must be rejected with a non-empty reason. */
static const char *const bad_weighted[] = {
	"{9:2:3.5:6.25,10:1}",		/* mixed: weighted first */
	"{10:1,9:2:3.5:6.25}",		/* mixed: unweighted first */
	"{5:0:0:0,10:1}",			/* mixed, even with a zero count */
	"{9:1:-1:1}",				/* negative sums */
	"{9:1:1:-1}",
	"{9:1:-0.5:0.25}",
	"{9:1:nan:1}",				/* not finite */
	"{9:1:1:nan}",
	"{9:1:NaN:NaN}",
	"{9:1:inf:1}",
	"{9:1:1:inf}",
	"{9:1:-inf:1}",
	"{9:1:infinity:1}",
	"{9:1:1e309:1}",			/* overflows to inf */
	"{9:1:1:1e999}",
	"{9:1:0:1}",				/* not zero together */
	"{9:1:1:0}",
	"{9:0:1:1}",				/* a zero count with non-zero sums */
	"{9:0:0.5:0.25}",
	"{5:1:1e200:1e300}",		/* one weight of 1e200 has square 1e400 */
	"{5:1:1:2}",				/* one weight: sum w^2 must equal (sum w)^2 */
	"{5:2:4:4}",				/* (sum w)^2 / sum w^2 = 4 > 2 weights */
	"{5:2:1:2}",				/* 1 / 2 < 1 */
	"{9:1:-0:-0}",				/* negative zero */
	"{9:1:1}",					/* a sum missing */
	"{9:1:1:1:1}",				/* a field too many */
	"{9:1::1}",
	"{9:1:1:}",
	"{9:1:0x1p3:64}",			/* hex */
	"{9:1:0x8:64}",
	"{9:1:1.5.5:1}",
	"{9:1:1e:1}",
	"{9:1:.:1}",
	"{9:1:1 1:1}",
	"{9:1:1,1}",
	"{9:1:1:1",
	"{9:1:1:1} x",
};

START_TEST(test_parse_rejects_weighted)
{
	const char *text = bad_weighted[_i];
	cx_hist		h;
	char		err[256];

	memset(err, 0, sizeof(err));
	ck_assert_msg(!parse_exact(text, strlen(text), &h, err, sizeof(err)),
				  "input #%d (\"%s\") accepted", _i, text);
	ck_assert_msg(strlen(err) > 0, "input #%d (\"%s\"): empty error message", _i, text);
}
END_TEST

/* ---- cx_format_double, cx_parse_double ---- */

/*
 * Expected text: Python's repr(d), the shortest string that reads back as d,
 * except that the header asks for no exponent while the integer part has at
 * most 17 digits (repr(1e16) is '1e+16', here "10000000000000000").
 */
static const struct
{
	double		d;
	const char *text;
}			double_texts[] = {
	{0.0, "0"},
	{10.0, "10"},
	{100.0, "100"},
	{0.1, "0.1"},
	{0.3, "0.3"},
	{1.5, "1.5"},
	{-2.5, "-2.5"},
	{123456.0, "123456"},
	{1e300, "1e+300"},
	{1e-5, "1e-05"},
	{0.010000000000000002, "0.010000000000000002"},	/* repr(0.1 * 0.1) */
	{2.6666666666666665, "2.6666666666666665"},	/* repr(16 / 6) */
	{1.0 / 3.0, "0.3333333333333333"},
	{9007199254740992.0, "9007199254740992"},	/* 2^53 */
	{1e16, "10000000000000000"},	/* 17 digits: no exponent */
	{1e17, "1e+17"},			/* 18 digits: exponent */
	{12345678901234567890.0, "1.2345678901234567e+19"},
	{5e-324, "5e-324"},
	{DBL_MAX, "1.7976931348623157e+308"},
};

START_TEST(test_format_double)
{
	char		out[32];
	int			len;

	memset(out, 'X', sizeof(out));
	len = cx_format_double(double_texts[_i].d, out);
	ck_assert_str_eq(out, double_texts[_i].text);
	ck_assert_int_eq(len, (int) strlen(double_texts[_i].text));
}
END_TEST

START_TEST(test_format_parse_double_round_trip)
{
	uint64_t	state = 12345;

	/* random bit patterns (every finite double is reachable), bit for bit */
	for (int i = 0; i < 5000; i++)
	{
		uint64_t	bits;
		double		d,
					back = -1.0;
		char		out[32];
		int			len;
		size_t		pos = 0;
		char	   *copy;

		state = state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
		bits = state ^ (state >> 29);
		memcpy(&d, &bits, sizeof(d));
		if (!isfinite(d))
			continue;
		len = cx_format_double(d, out);
		ck_assert_int_eq(len, (int) strlen(out));
		ck_assert_int_le(len, 24);
		copy = test_memdup(out, (size_t) len);
		ck_assert_msg(cx_parse_double(copy, (size_t) len, &pos, &back), "\"%s\" rejected", out);
		free(copy);
		ck_assert_uint_eq(pos, (size_t) len);
		ck_assert_msg(memcmp(&back, &d, sizeof(d)) == 0, "%.17g -> \"%s\" -> %.17g", d, out, back);
	}
}
END_TEST

START_TEST(test_parse_double)
{
	double		d = -1.0;
	size_t		pos;

	pos = 0;
	ck_assert(cx_parse_double("10", 2, &pos, &d));
	ck_assert_double_eq(d, 10.0);
	ck_assert_uint_eq(pos, 2);
	pos = 0;
	ck_assert(cx_parse_double("1e+300", 6, &pos, &d));
	ck_assert_double_eq(d, 1e300);
	pos = 0;
	ck_assert(cx_parse_double("2.5E-1", 6, &pos, &d));
	ck_assert_double_eq(d, 0.25);
	/* stops at the first character that cannot be in a number */
	pos = 2;
	ck_assert(cx_parse_double("9:3.5:6.25", 10, &pos, &d));
	ck_assert_double_eq(d, 3.5);
	ck_assert_uint_eq(pos, 5);
	/* len bounds the token: "12345" read as "12" */
	pos = 0;
	ck_assert(cx_parse_double("12345", 2, &pos, &d));
	ck_assert_double_eq(d, 12.0);
	ck_assert_uint_eq(pos, 2);

	/* hex: never read as 8 (at most the "0" before the x) */
	pos = 0;
	d = -1.0;
	if (cx_parse_double("0x1p3", 5, &pos, &d))
	{
		ck_assert_uint_eq(pos, 1);
		ck_assert_double_eq(d, 0.0);
	}
	ck_assert(d != 8.0);
}
END_TEST

/*
 * A weight sum of exactly CX_MAX_NUMBER_CHARS characters reads; one more is
 * refused with that reason (it used to read in part and then complain about
 * a missing ":" further on).
 */
START_TEST(test_parse_number_length_limit)
{
	size_t		digits = CX_MAX_NUMBER_CHARS - 2;	/* "1." then zeros */
	size_t		cap = CX_MAX_NUMBER_CHARS + 64;
	char	   *text = malloc(cap);
	char		err[256] = "";
	cx_hist		h;
	size_t		len;

	for (int extra = 0; extra <= 1; extra++)
	{
		len = (size_t) snprintf(text, cap, "{5:1:1.");
		memset(text + len, '0', digits + extra);
		len += digits + extra;
		len += (size_t) snprintf(text + len, cap - len, ":1}");
		if (extra == 0)
		{
			ck_assert_msg(parse_exact(text, len, &h, err, sizeof(err)), "rejected: %s", err);
			ck_assert_int_eq(h.count[5], 1);
		}
		else
		{
			ck_assert(!parse_exact(text, len, &h, err, sizeof(err)));
			ck_assert_msg(strstr(err, "longer than 1279 characters") != NULL, "message: %s", err);
		}
	}
	free(text);
}
END_TEST

static const char *const bad_doubles[] = {
	"", "nan", "NaN", "NAN", "-nan", "inf", "Inf", "-inf", "+inf", "infinity",
	"1e999", "-1e999", ".", "e5", "E", "+", "-", "1e", "1e+", "1.2.3", "1e5e5",
	"--1", "+-1", " 1", ":1", "x",
};

START_TEST(test_parse_double_rejects)
{
	const char *text = bad_doubles[_i];
	size_t		len = strlen(text);
	char	   *copy = test_memdup(text, len);
	size_t		pos = 0;
	double		d = -1.0;

	ck_assert_msg(!cx_parse_double(copy, len, &pos, &d), "\"%s\" accepted as %.17g", text, d);
	ck_assert_uint_eq(pos, 0);
	free(copy);
}
END_TEST

Suite *
text_suite(void)
{
	Suite	   *s = suite_create("summary_text");
	TCase	   *tf = tcase_create("format_parse");
	TCase	   *tr = tcase_create("reject");
	TCase	   *tl = tcase_create("lexing");
	TCase	   *tw = tcase_create("weighted");
	TCase	   *td = tcase_create("doubles");

	tcase_add_test(tf, test_format_canonical);
	tcase_add_test(tf, test_format_all_values_fits);
	tcase_add_test(tf, test_parse_canonical);
	tcase_add_test(tf, test_parse_spaces_and_order);
	tcase_add_test(tf, test_parse_zero_counts_dropped);
	tcase_add_test(tf, test_parse_empty);
	tcase_add_test(tf, test_parse_limits);
	tcase_add_test(tf, test_parse_uses_len_not_nul);
	tcase_add_test(tf, test_round_trip_format_parse);
	tcase_add_test(tf, test_round_trip_parse_format);
	suite_add_tcase(s, tf);

	tcase_add_loop_test(tr, test_parse_rejects, 0, (int) (sizeof(bad_inputs) / sizeof(bad_inputs[0])));
	tcase_add_test(tr, test_parse_error_truncated_to_errlen);
	suite_add_tcase(s, tr);

	tcase_add_test(tl, test_parse_uint64);
	tcase_add_test(tl, test_skip_space);
	suite_add_tcase(s, tl);

	tcase_add_test(tw, test_format_weighted);
	tcase_add_test(tw, test_format_weighted_fits);
	tcase_add_test(tw, test_parse_weighted);
	tcase_add_test(tw, test_weighted_round_trip);
	tcase_add_test(tw, test_round_trip_parse_format_weighted);
	tcase_add_test(tw, test_parse_weighted_without_answers_is_empty);
	tcase_add_loop_test(tw, test_parse_rejects_weighted, 0,
						(int) (sizeof(bad_weighted) / sizeof(bad_weighted[0])));
	suite_add_tcase(s, tw);

	tcase_add_loop_test(td, test_format_double, 0,
						(int) (sizeof(double_texts) / sizeof(double_texts[0])));
	tcase_add_test(td, test_format_parse_double_round_trip);
	tcase_add_test(td, test_parse_double);
	tcase_add_test(td, test_parse_number_length_limit);
	tcase_add_loop_test(td, test_parse_double_rejects, 0,
						(int) (sizeof(bad_doubles) / sizeof(bad_doubles[0])));
	suite_add_tcase(s, td);
	return s;
}
