/*
 * test_text.c: text form of a score_summary (cx_summary_text.h).
 */
#include "test_unit.h"

#include <stdlib.h>
#include <string.h>

#include "cx_summary_text.h"

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

Suite *
text_suite(void)
{
	Suite	   *s = suite_create("summary_text");
	TCase	   *tf = tcase_create("format_parse");
	TCase	   *tr = tcase_create("reject");
	TCase	   *tl = tcase_create("lexing");

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
	return s;
}
