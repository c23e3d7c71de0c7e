/*
 * gen_seeds.c: writes the seed corpus of the fuzz targets (make seeds).
 *
 *   gen_seeds DIR      creates DIR/<target>/<name> for every target
 *
 * Text seeds are written as is; binary seeds are the core's own encodings of
 * parsed text values, and near-valid ones are those encodings with one field
 * broken.  Deterministic, so the committed corpus can be regenerated.
 */
#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cx_csi.h"
#include "cx_driver.h"
#include "cx_hist.h"
#include "cx_packed.h"
#include "cx_summary_text.h"
#include "cx_summary_wire.h"
#include "cx_stored.h"

static const char *out_dir;

static void
write_seed(const char *target, const char *name, const void *data, size_t len)
{
	char		path[512];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", out_dir, target);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
	{
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", out_dir, target, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
	{
		perror(path);
		exit(1);
	}
}

static void
write_text(const char *target, const char *name, const char *text)
{
	write_seed(target, name, text, strlen(text));
}

static void
must(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "gen_seeds: %s\n", what);
		exit(1);
	}
}

/* ---- score_summary ---- */

static cx_hist
summary(const char *text)
{
	cx_hist		h;
	char		err[160];

	must(cx_summary_parse(text, strlen(text), &h, err, sizeof(err)), text);
	return h;
}

static size_t
summary_wire(const char *text, uint8_t *buf)
{
	cx_hist		h = summary(text);

	return cx_summary_encode(&h, buf);
}

/* {0:c,1:c,...,100:c}, optionally weighted with one weight w per answer */
static void
all_values(char *buf, size_t cap, const char *count, const char *sums)
{
	size_t		pos = 0;

	buf[pos++] = '{';
	for (int v = 0; v <= CX_MAX_VALUE; v++)
		pos += (size_t) snprintf(buf + pos, cap - pos, "%s%d:%s%s%s", v ? "," : "", v, count,
								 sums ? ":" : "", sums ? sums : "");
	snprintf(buf + pos, cap - pos, "}");
}

static void
summary_text_seeds(void)
{
	static const struct
	{
		const char *name;
		const char *text;
	}			seeds[] = {
		{"empty", "{}"},
		{"empty_spaces", " {\t}\n"},
		{"example", "{0:1,7:2,9:5,10:4}"},
		{"unordered_spaces", " { 10 : 4 ,9:5,\r\n0:1 , 7:2 } "},
		{"zero_count", "{5:0,6:1}"},
		{"max_count", "{100:9223372036854775807}"},
		{"weighted", "{0:1:0:0,9:2:3.5:6.25,10:1:0.1:0.010000000000000002}"},
		{"weighted_spellings", "{10:1:1e-1:1E-2,9:2:3.50:625e-2,100:2:2.0E2:2E4}"},
		{"weighted_huge", "{100:1:1e+150:9.999999999999999e+299}"},
		{"weighted_tiny", "{3:1:1e-150:1e-300}"},
		{"weighted_zero_count", "{1:0:0:0}"},
		{"weighted_zero_weights", "{7:3:0:0}"},
		{"bad_value", "{101:1}"},
		{"bad_twice", "{1:1,1:2}"},
		{"bad_overflow", "{0:9223372036854775807,1:1}"},
		{"bad_mixed", "{9:2:3.5:6.25,10:1}"},
		{"bad_nan", "{9:1:nan:1}"},
		{"bad_inconsistent", "{5:2:4:4}"},
		{"bad_trailing", "{1:2}x"},
		{"bad_sign", "{-1:2}"},
	};
	char		buf[CX_SUMMARY_TEXT_MAX];

	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
		write_text("fuzz_summary_text", seeds[i].name, seeds[i].text);
	all_values(buf, sizeof(buf), "1", NULL);
	write_text("fuzz_summary_text", "all_values", buf);
	/* as long as a text gets: 101 counts of 9e16 with 23-character sums */
	all_values(buf, sizeof(buf), "90000000000000000", "1.2345678901234568e+150:1.7976931348623157e+308");
	write_text("fuzz_summary_text", "all_values_long", buf);
	all_values(buf, sizeof(buf), "2", "3:5");
	write_text("fuzz_summary_text", "all_values_weighted", buf);
}

static void
summary_wire_seeds(void)
{
	static const struct
	{
		const char *name;
		const char *text;
	}			seeds[] = {
		{"empty", "{}"},
		{"example", "{0:1,7:2,9:5,10:4}"},
		{"max_count", "{100:9223372036854775807}"},
		{"weighted", "{0:1:0:0,9:2:3.5:6.25,10:1:0.1:0.010000000000000002}"},
		{"weighted_huge", "{100:1:1e+150:9.999999999999999e+299}"},
		{"weighted_tiny", "{3:1:1e-150:1e-300}"},
	};
	uint8_t		buf[CX_SUMMARY_WIRE_MAX + 16];
	uint8_t		bad[CX_SUMMARY_WIRE_MAX + 16];
	char		text[CX_SUMMARY_TEXT_MAX];
	size_t		len;
	cx_hist		h;

	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
	{
		len = summary_wire(seeds[i].text, buf);
		write_seed("fuzz_summary_wire", seeds[i].name, buf, len);
	}
	/* an empty weighted summary (version 2, no pairs) */
	cx_hist_init(&h);
	cx_hist_make_weighted(&h);
	len = cx_summary_encode(&h, buf);
	write_seed("fuzz_summary_wire", "empty_weighted", buf, len);
	all_values(text, sizeof(text), "1", NULL);
	len = summary_wire(text, buf);
	write_seed("fuzz_summary_wire", "all_values", buf, len);
	all_values(text, sizeof(text), "2", "3:5");
	len = summary_wire(text, buf);
	write_seed("fuzz_summary_wire", "all_values_weighted", buf, len);

	/* near-valid: {0:1,7:2,9:5,10:4} with one field broken */
	len = summary_wire("{0:1,7:2,9:5,10:4}", buf);
	write_seed("fuzz_summary_wire", "bad_truncated", buf, len - 1);
	memcpy(bad, buf, len);
	bad[len] = 0;
	write_seed("fuzz_summary_wire", "bad_trailing", bad, len + 1);
	memcpy(bad, buf, len);
	bad[0] = 3;
	write_seed("fuzz_summary_wire", "bad_version", bad, len);
	memcpy(bad, buf, len);
	bad[3] = 1;
	write_seed("fuzz_summary_wire", "bad_reserved", bad, len);
	memcpy(bad, buf, len);
	bad[6 + 9] = 0;				/* second value 7 -> 0: not ascending */
	write_seed("fuzz_summary_wire", "bad_order", bad, len);
	memcpy(bad, buf, len);
	bad[6] = 101;
	write_seed("fuzz_summary_wire", "bad_value", bad, len);
	memcpy(bad, buf, len);
	cx_put_u64(bad + 6 + 1, 0);
	write_seed("fuzz_summary_wire", "bad_zero_count", bad, len);
	memcpy(bad, buf, len);
	cx_put_u64(bad + 6 + 1, UINT64_C(0x8000000000000000));
	write_seed("fuzz_summary_wire", "bad_negative_count", bad, len);
	memcpy(bad, buf, len);
	cx_put_u64(bad + 6 + 1, INT64_MAX);
	write_seed("fuzz_summary_wire", "bad_total_overflow", bad, len);
	/* weighted: a NaN sum, sums that no weights have */
	len = summary_wire("{9:2:3.5:6.25}", buf);
	memcpy(bad, buf, len);
	cx_put_u64(bad + 6 + 9, cx_double_bits(NAN));
	write_seed("fuzz_summary_wire", "bad_weighted_nan", bad, len);
	memcpy(bad, buf, len);
	cx_put_u64(bad + 6 + 17, cx_double_bits(1.0));
	write_seed("fuzz_summary_wire", "bad_weighted_inconsistent", bad, len);
}

/* u16 length, A, u16 length, B, then operations */
static void
pair_seed(const char *target, const char *name, const char *a, const char *b,
		  const uint8_t *ops, size_t ops_len)
{
	uint8_t		buf[2 * (CX_SUMMARY_WIRE_MAX + 2) + 256];
	size_t		pos = 0;
	size_t		len;

	len = summary_wire(a, buf + pos + 2);
	cx_put_u16(buf + pos, (uint16_t) len);
	pos += 2 + len;
	len = summary_wire(b, buf + pos + 2);
	cx_put_u16(buf + pos, (uint16_t) len);
	pos += 2 + len;
	memcpy(buf + pos, ops, ops_len);
	write_seed(target, name, buf, pos + ops_len);
}

static void
merge_seed(const char *name, const char *a, const char *b, const uint8_t *ops, size_t ops_len)
{
	pair_seed("fuzz_summary_merge", name, a, b, ops, ops_len);
}

static void
subtract_seed(const char *name, const char *a, const char *b)
{
	pair_seed("fuzz_summary_subtract", name, a, b, NULL, 0);
}

static void
summary_subtract_seeds(void)
{
	char		text[CX_SUMMARY_TEXT_MAX];

	subtract_seed("segment", "{0:1,7:2,9:5,10:4}", "{9:1,10:2}");
	subtract_seed("self", "{0:1,7:2,9:5,10:4}", "{0:1,7:2,9:5,10:4}");
	subtract_seed("not_contained", "{9:1}", "{9:2}");
	subtract_seed("empty", "{}", "{}");
	subtract_seed("weighted", "{9:2:3.5:6.25,10:1:2:4}", "{9:1:1.5:2.25}");
	subtract_seed("weighted_mixed", "{9:3,10:1}", "{9:1:0.5:0.25}");
	subtract_seed("weighted_excess", "{5:2:2:2}", "{5:1:3:9}");
	subtract_seed("cancellation", "{9:3:100000000.00002:1e16}", "{9:1:1e8:1e16}");
	subtract_seed("huge", "{0:9223372036854775807}", "{0:9223372036854775806}");
	all_values(text, sizeof(text), "2", "3:5");
	subtract_seed("all_values", text, "{50:1:1:1}");
}

static size_t
weighted_op(uint8_t *p, int value, double w)
{
	p[0] = (uint8_t) (0x80 | value);
	cx_put_u64(p + 1, cx_double_bits(w));
	return 9;
}

static void
summary_merge_seeds(void)
{
	uint8_t		ops[128];
	size_t		n = 0;
	char		text[CX_SUMMARY_TEXT_MAX];

	merge_seed("example", "{0:1,7:2,9:5,10:4}", "{9:1,10:2}", (const uint8_t *) "\x09\x0a\x00", 3);
	merge_seed("empty", "{}", "{}", (const uint8_t *) "\x05", 1);
	merge_seed("new_values", "{1:1}", "{2:2,100:3}", NULL, 0);
	merge_seed("count_overflow", "{0:9223372036854775807}", "{1:1}", NULL, 0);
	merge_seed("count_at_max", "{0:9223372036854775806}", "{1:1}", (const uint8_t *) "\x02\x02", 2);
	merge_seed("weighted_mixed", "{0:1,7:2}", "{9:2:3.5:6.25}", (const uint8_t *) "\x07", 1);
	/* one weight of 1.3e154 each: the merged sum of squares overflows */
	merge_seed("weight_overflow", "{5:1:1.3e154:1.6900000000000001e308}",
			   "{5:1:1.3e154:1.6900000000000001e308}", NULL, 0);
	merge_seed("weighted_tiny", "{3:1:1e-150:1e-300}", "{3:2:2e-150:2e-300}", NULL, 0);
	n += weighted_op(ops + n, 9, 1.5);
	n += weighted_op(ops + n, 9, 0.0);
	n += weighted_op(ops + n, 10, 1e-150);
	n += weighted_op(ops + n, 0, 1e300);
	n += weighted_op(ops + n, 0, 1e300);
	n += weighted_op(ops + n, 1, -1.0);
	n += weighted_op(ops + n, 1, NAN);
	ops[n++] = 4;
	ops[n++] = 0x7f;
	merge_seed("weighted_answers", "{0:1,7:2,9:5,10:4}", "{}", ops, n);
	all_values(text, sizeof(text), "2", "3:5");
	merge_seed("all_values", text, "{50:1:1:1}", ops, 9);
}

/* ---- csi_state ---- */

static uint8_t *
csi(const char *text, size_t *used, uint32_t *ncomp)
{
	size_t		cap = cx_csi_parse_size(strlen(text));
	uint8_t    *entries = malloc(cap);
	char		err[160];

	must(entries != NULL, "out of memory");
	must(cx_csi_parse(text, strlen(text), entries, cap, used, ncomp, err, sizeof(err)), text);
	return entries;
}

static uint8_t *
csi_wire(const char *text, size_t *len)
{
	size_t		used;
	uint32_t	ncomp;
	uint8_t    *entries = csi(text, &used, &ncomp);
	uint8_t    *wire;

	*len = cx_csi_encode_size(entries, used);
	wire = malloc(*len + 16);
	must(wire != NULL, "out of memory");
	cx_csi_encode(entries, used, ncomp, wire);
	free(entries);
	return wire;
}

/* {"c0":1:1:1,...} with count components */
static char *
many(int count)
{
	char	   *text = malloc((size_t) count * 24 + 3);
	size_t		pos = 0;

	must(text != NULL, "out of memory");
	text[pos++] = '{';
	for (int i = 0; i < count; i++)
		pos += (size_t) sprintf(text + pos, "%s\"c%d\":%d:%d:%d", i ? "," : "", i, i + 1,
								i % 7, i % 3);
	text[pos++] = '}';
	text[pos] = '\0';
	return text;
}

static const struct
{
	const char *name;
	const char *text;
}			csi_valid[] = {
	{"empty", "{}"},
	{"one", "{\"a\":1:1:1}"},
	{"example", "{\"price\":3:21:12,\"speed\":2:9:8,\"support\":4:34.5:20}"},
	{"escapes", "{\"q\\\"uo\\\\te\":2:-3.5:0,\"\":1:0:0}"},
	{"utf8", "{\"Zufriedenheit \xc3\xbc\":5:42.25:17.5}"},
	{"extremes", "{\"max\":9223372036854775807:1.7976931348623157e+308:1.7976931348623157e+308,"
	"\"min\":1:-0:5e-324}"},
	{"no_importance", "{\"a\":2:7:0,\"b\":1:3:0}"},
	{"tiny_importance", "{\"a\":1:0.6:5e-324,\"b\":1:0.6:5e-324}"},
};

static void
csi_text_seeds(void)
{
	static const struct
	{
		const char *name;
		const char *text;
	}			extra[] = {
		{"spaces", " { \"a\" : 1 : 2.5e0 : 1E1 ,\n\"b\":2:3:4 } "},
		{"bad_duplicate", "{\"a\":1:1:1,\"a\":1:1:1}"},
		{"bad_zero_n", "{\"a\":0:1:1}"},
		{"bad_negative_importance", "{\"a\":1:1:-1}"},
		{"bad_unterminated", "{\"a:1:1:1}"},
		{"bad_escape", "{\"a\\n\":1:1:1}"},
		{"bad_trailing", "{\"a\":1:1:1},"},
		{"bad_nan", "{\"a\":1:nan:1}"},
		{"bad_unquoted", "{a:1:1:1}"},
	};
	char	   *text = many(40);

	for (size_t i = 0; i < sizeof(csi_valid) / sizeof(csi_valid[0]); i++)
		write_text("fuzz_csi_text", csi_valid[i].name, csi_valid[i].text);
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		write_text("fuzz_csi_text", extra[i].name, extra[i].text);
	write_text("fuzz_csi_text", "many", text);
	free(text);
}

static void
csi_wire_seeds(void)
{
	uint8_t    *wire;
	uint8_t    *bad;
	size_t		len;
	char	   *text;

	for (size_t i = 0; i < sizeof(csi_valid) / sizeof(csi_valid[0]); i++)
	{
		wire = csi_wire(csi_valid[i].text, &len);
		write_seed("fuzz_csi_wire", csi_valid[i].name, wire, len);
		free(wire);
	}
	text = many(40);
	wire = csi_wire(text, &len);
	write_seed("fuzz_csi_wire", "many", wire, len);
	free(wire);
	free(text);

	/* {"ab":2:3:4}: header 8, name_len 4, name 2, n 8, sums 16 */
	wire = csi_wire("{\"ab\":2:3:4}", &len);
	bad = malloc(len + 1);
	must(bad != NULL, "out of memory");
	write_seed("fuzz_csi_wire", "bad_truncated", wire, len - 1);
	memcpy(bad, wire, len);
	bad[len] = 0;
	write_seed("fuzz_csi_wire", "bad_trailing", bad, len + 1);
	memcpy(bad, wire, len);
	bad[0] = 2;
	write_seed("fuzz_csi_wire", "bad_version", bad, len);
	memcpy(bad, wire, len);
	cx_put_u32(bad + 4, 1001);
	write_seed("fuzz_csi_wire", "bad_count", bad, len);
	memcpy(bad, wire, len);
	cx_put_u32(bad + 8, 1001);
	write_seed("fuzz_csi_wire", "bad_name_len", bad, len);
	memcpy(bad, wire, len);
	cx_put_u64(bad + 14, 0);
	write_seed("fuzz_csi_wire", "bad_zero_n", bad, len);
	memcpy(bad, wire, len);
	cx_put_u64(bad + 22, cx_double_bits(INFINITY));
	write_seed("fuzz_csi_wire", "bad_infinite", bad, len);
	memcpy(bad, wire, len);
	cx_put_u64(bad + 30, cx_double_bits(-1.0));
	write_seed("fuzz_csi_wire", "bad_negative_importance", bad, len);
	/* a NUL in a name: valid for the core, rejected by csi_state_recv */
	memcpy(bad, wire, len);
	bad[13] = 0;
	write_seed("fuzz_csi_wire", "nul_in_name", bad, len);
	free(bad);
	free(wire);
	wire = csi_wire("{\"a\":1:1:1,\"b\":1:1:1}", &len);
	wire[8 + 4 + 1 + 24 + 4] = 'a';
	write_seed("fuzz_csi_wire", "bad_duplicate", wire, len);
	free(wire);
}

static void
csi_merge_seed(const char *name, const char *a, const char *b)
{
	size_t		a_len,
				b_len;
	uint8_t    *wa = csi_wire(a, &a_len);
	uint8_t    *wb = csi_wire(b, &b_len);
	uint8_t    *buf = malloc(2 + a_len + b_len);

	must(buf != NULL, "out of memory");
	cx_put_u16(buf, (uint16_t) a_len);
	memcpy(buf + 2, wa, a_len);
	memcpy(buf + 2 + a_len, wb, b_len);
	write_seed("fuzz_csi_merge", name, buf, 2 + a_len + b_len);
	free(buf);
	free(wa);
	free(wb);
}

static void
csi_merge_seeds(void)
{
	const char *example = "{\"price\":3:21:12,\"speed\":2:9:8,\"support\":4:34.5:20}";

	csi_merge_seed("same", example, example);
	csi_merge_seed("subset", example, "{\"speed\":1:5:5}");
	csi_merge_seed("new_component", "{\"a\":1:1:1}", "{\"b\":2:2:2,\"a\":1:0:0}");
	csi_merge_seed("empty_a", "{}", example);
	csi_merge_seed("empty_b", example, "{}");
	csi_merge_seed("n_overflow", "{\"a\":9223372036854775807:1:1}", "{\"a\":1:1:1}");
	csi_merge_seed("sum_overflow", "{\"a\":1:1e308:1}", "{\"a\":1:1e308:1}");
	csi_merge_seed("importance_overflow", "{\"a\":1:1:1.7976931348623157e+308}",
				   "{\"a\":1:1:1e308}");
	csi_merge_seed("cancelling", "{\"a\":1:1e308:1,\"b\":1:-1:0}", "{\"a\":1:-1e308:1}");
}

/* ---- stored layouts (fuzz_stored): selector byte, then the datum ---- */

static void
stored_summary_seed(const char *name, const char *text, void (*breaker) (uint8_t *, size_t))
{
	cx_hist		h = summary(text);
	size_t		size = cx_summary_stored_size(&h);
	uint8_t    *buf = calloc(1, 1 + size);
	cx_summary_stored *s = calloc(1, size);

	must(buf && s, "out of memory");
	s->vl_len_ = (int32_t) size;
	cx_summary_stored_write(&h, s);
	buf[0] = 0;
	memcpy(buf + 1, s, size);
	if (breaker)
		breaker(buf + 1, size);
	write_seed("fuzz_stored", name, buf, 1 + size);
	free(buf);
	free(s);
}

static void
break_total(uint8_t *p, size_t size)
{
	(void) size;
	p[offsetof(cx_summary_stored, total)] ^= 1;
}

static void
break_high_bit(uint8_t *p, size_t size)
{
	(void) size;
	p[offsetof(cx_summary_stored, present) + 15] |= 0x80;	/* bit 127 */
}

static void
break_first_count(uint8_t *p, size_t size)
{
	(void) size;
	memset(p + offsetof(cx_summary_stored, counts), 0, 8);
}

static void
break_last_sum(uint8_t *p, size_t size)
{
	double		nan = NAN;

	memcpy(p + size - 8, &nan, 8);
}

static void
stored_csi_seed(const char *name, const char *text, int break_at)
{
	size_t		used;
	uint32_t	ncomp;
	uint8_t    *entries = csi(text, &used, &ncomp);
	size_t		size = CX_CSI_STORED_HEADER + used;
	cx_csi_stored *s = calloc(1, size);
	uint8_t    *buf = malloc(1 + size);

	must(buf && s, "out of memory");
	s->vl_len_ = (int32_t) size;
	s->version = CX_CSI_STORED_VERSION;
	s->ncomponents = ncomp;
	memcpy(s->entries, entries, used);
	buf[0] = 1;
	memcpy(buf + 1, s, size);
	if (break_at >= 0 && (size_t) break_at < used)
		buf[1 + CX_CSI_STORED_HEADER + break_at] ^= 0x41;
	write_seed("fuzz_stored", name, buf, 1 + size);
	free(buf);
	free(s);
	free(entries);
}

static void
stored_seeds(void)
{
	char		text[CX_SUMMARY_TEXT_MAX];

	stored_summary_seed("summary_empty", "{}", NULL);
	stored_summary_seed("summary_example", "{0:1,7:2,9:5,10:4}", NULL);
	stored_summary_seed("summary_weighted", "{0:1:0:0,9:2:3.5:6.25,10:1:0.1:0.010000000000000002}", NULL);
	all_values(text, sizeof(text), "2", "3:5");
	stored_summary_seed("summary_all_values_weighted", text, NULL);
	stored_summary_seed("summary_bad_total", "{0:1,7:2,9:5,10:4}", break_total);
	stored_summary_seed("summary_bad_high_bit", "{100:3}", break_high_bit);
	stored_summary_seed("summary_bad_zero_count", "{3:1,4:1}", break_first_count);
	stored_summary_seed("summary_bad_sum", "{9:2:3.5:6.25}", break_last_sum);
	stored_csi_seed("csi_empty", "{}", -1);
	stored_csi_seed("csi_example", "{\"price\":3:21:12,\"speed\":2:9:8,\"support\":4:34.5:20}", -1);
	stored_csi_seed("csi_tiny_importance", "{\"a\":1:0.6:5e-324,\"b\":1:0.6:5e-324}", -1);
	stored_csi_seed("csi_bad_n", "{\"a\":1:1:1}", 0);
	stored_csi_seed("csi_bad_name_len", "{\"ab\":1:1:1}", 25);
	stored_csi_seed("csi_bad_reserved", "{\"ab\":1:1:1}", 28);
	stored_csi_seed("csi_bad_padding", "{\"ab\":1:1:1}", 36);
}

/* ---- driver_summary ---- */

/* selector 2, then the stored datum; for "example" also broken copies */
static void
stored_driver_seed(const char *name, const char *text)
{
	double		data[CX_DRIVER_MAX_DOUBLES];
	int			k;
	int64_t		n;
	char		err[160];
	size_t		size;
	uint8_t    *buf;
	cx_driver_stored *s;
	char		seed[64];

	must(cx_driver_parse(text, strlen(text), &k, &n, data, err, sizeof(err)), err);
	size = CX_DRIVER_STORED_SIZE(k);
	buf = calloc(1, 1 + size);
	s = calloc(1, size);
	must(buf && s, "out of memory");
	s->vl_len_ = (int32_t) size;
	s->version = CX_DRIVER_VERSION;
	s->k = (uint32_t) k;
	s->n = n;
	memcpy(s->data, data, sizeof(double) * CX_DRIVER_DOUBLES(k));
	buf[0] = 2;
	memcpy(buf + 1, s, size);
	snprintf(seed, sizeof(seed), "driver_%s", name);
	write_seed("fuzz_stored", seed, buf, 1 + size);
	if (strcmp(name, "example") == 0)
	{
		uint8_t    *p = buf + 1;

		p[offsetof(cx_driver_stored, reserved2)] = 1;
		write_seed("fuzz_stored", "driver_bad_reserved2", buf, 1 + size);
		memcpy(buf + 1, s, size);
		p[offsetof(cx_driver_stored, k)] ^= 3;	/* k 3 -> 0 */
		write_seed("fuzz_stored", "driver_bad_k", buf, 1 + size);
		memcpy(buf + 1, s, size);
		p[offsetof(cx_driver_stored, n) + 7] = 0x80;	/* negative n */
		write_seed("fuzz_stored", "driver_bad_n", buf, 1 + size);
		memcpy(buf + 1, s, size);
		write_seed("fuzz_stored", "driver_bad_size", buf, size);
	}
	free(buf);
	free(s);
}

static void
driver_seeds(void)
{
	static const struct
	{
		const char *name;
		const char *text;
	}			seeds[] = {
		{"empty", "{\"n\":0,\"k\":1,\"means\":[0,0],\"comoments\":[0,0,0]}"},
		{"one_row", "{\"n\":1,\"k\":2,\"means\":[7,6,5],\"comoments\":[0,0,0,0,0,0]}"},
		{"example", "{\"n\":4,\"k\":3,\"means\":[2.5,2.5,5,5],\"comoments\":[5,5,-10,0,5,-10,0,20,0,0]}"},
		{"mtcars", "{\"n\":32,\"k\":4,\"means\":[20.090625000000003,6.187500000000001,230.721875,146.6875,3.2172500000000004],\"comoments\":[1126.0471874999996,-284.3437499999999,-19626.013437499998,-9942.693749999999,-158.61722499999996,98.875,6189.46875,3159.874999999999,42.3885,476184.7946875001,208355.91874999998,3338.2103250000005,145726.87499999997,1369.9725,29.67874800000001]}"},
		{"identical", "{\"n\":3,\"k\":2,\"means\":[2,2,2],\"comoments\":[2,2,2,2,2,2]}"},
		{"constant_outcome", "{\"n\":5,\"k\":1,\"means\":[9,3],\"comoments\":[0,0,4]}"},
		{"spaces", " { \"n\" : 2 , \"k\" : 1 , \"means\" : [ 1 , 2 ] , \"comoments\" : [ 0.5 , 0.5 , 0.5 ] } "},
		{"extremes", "{\"n\":9223372036854775807,\"k\":1,\"means\":[-0,1.7976931348623157e308],\"comoments\":[4.9406564584124654e-324,0,1e300]}"},
		{"bad_psd", "{\"n\":9,\"k\":2,\"means\":[0,0,0],\"comoments\":[1,0.9,0.9,1,0,1]}"},
		{"bad_short", "{\"n\":2,\"k\":1,\"means\":[1,2],\"comoments\":[1,0]}"},
		{"bad_nan", "{\"n\":2,\"k\":1,\"means\":[1,nan],\"comoments\":[1,0,1]}"},
		{"bad_trailing", "{\"n\":2,\"k\":1,\"means\":[1,2],\"comoments\":[1,0,1]}x"},
	};

	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
	{
		double		data[CX_DRIVER_MAX_DOUBLES];
		uint8_t		wire[16 + 8 * CX_DRIVER_MAX_DOUBLES];
		int			k;
		int64_t		n;
		char		err[160];

		write_text("fuzz_driver_text", seeds[i].name, seeds[i].text);
		if (cx_driver_parse(seeds[i].text, strlen(seeds[i].text), &k, &n, data, err, sizeof(err)))
		{
			cx_driver_encode(k, n, data, wire);
			write_seed("fuzz_driver_wire", seeds[i].name, wire, cx_driver_wire_size(k));
			if (strcmp(seeds[i].name, "example") == 0)
			{
				wire[0] = 2;
				write_seed("fuzz_driver_wire", "bad_version", wire, cx_driver_wire_size(k));
				wire[0] = 1;
				write_seed("fuzz_driver_wire", "bad_truncated", wire, cx_driver_wire_size(k) - 1);
			}
		}
	}
	/* stored layouts (fuzz_stored, selector 2): valid, and broken fields */
	{
		static const char *const stored[] = {"empty", "example", "mtcars", "extremes"};

		for (size_t i = 0; i < sizeof(stored) / sizeof(stored[0]); i++)
			for (size_t j = 0; j < sizeof(seeds) / sizeof(seeds[0]); j++)
				if (strcmp(seeds[j].name, stored[i]) == 0)
					stored_driver_seed(stored[i], seeds[j].text);
	}
	/* the largest state: 64 attributes, one row */
	{
		static char text[80000];
		size_t		pos = (size_t) sprintf(text, "{\"n\":1,\"k\":64,\"means\":[");

		for (int i = 0; i <= 64; i++)
			pos += (size_t) sprintf(text + pos, "%s%d", i ? "," : "", i);
		pos += (size_t) sprintf(text + pos, "],\"comoments\":[");
		for (size_t i = 0; i < CX_DRIVER_TRI(64); i++)
			pos += (size_t) sprintf(text + pos, "%s0", i ? "," : "");
		sprintf(text + pos, "]}");
		write_text("fuzz_driver_text", "k64", text);
	}
}

int
main(int argc, char **argv)
{
	if (argc != 2)
	{
		fprintf(stderr, "usage: gen_seeds DIR\n");
		return 2;
	}
	out_dir = argv[1];
	if (mkdir(out_dir, 0755) != 0 && errno != EEXIST)
	{
		perror(out_dir);
		return 1;
	}
	summary_text_seeds();
	summary_wire_seeds();
	summary_merge_seeds();
	summary_subtract_seeds();
	csi_text_seeds();
	csi_wire_seeds();
	csi_merge_seeds();
	stored_seeds();
	driver_seeds();
	return 0;
}
