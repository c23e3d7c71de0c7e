/*
 * cx_csi.c: component-level weighted CSI state (pure C).
 */
#include "cx_csi.h"
#include "cx_summary_text.h"
#include "cx_summary_wire.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENTRY_AT(base, off) ((cx_csi_entry *) ((base) + (off)))

cx_csi_entry *
cx_csi_find(uint8_t *entries, size_t len, const char *name, uint32_t name_len)
{
	for (size_t off = 0; off < len;)
	{
		cx_csi_entry *e = ENTRY_AT(entries, off);

		if (e->name_len == name_len && memcmp(e->name, name, name_len) == 0)
			return e;
		off += CX_CSI_ENTRY_SIZE(e->name_len);
	}
	return NULL;
}

void
cx_csi_write_entry(uint8_t *dst, const char *name, uint32_t name_len,
				   double satisfaction, double importance)
{
	cx_csi_entry *e = (cx_csi_entry *) dst;

	memset(dst, 0, CX_CSI_ENTRY_SIZE(name_len));
	e->n = 1;
	e->sum_satisfaction = satisfaction;
	e->sum_importance = importance;
	e->name_len = name_len;
	memcpy(e->name, name, name_len);
}

#define FAIL(...) do { if (err) snprintf(err, errlen, __VA_ARGS__); return false; } while (0)

bool
cx_csi_validate(const uint8_t *entries, size_t len, uint32_t ncomponents, char *err, size_t errlen)
{
	uint32_t	seen = 0;

	if (ncomponents > CX_CSI_MAX_COMPONENTS)
		FAIL("more than %d components", CX_CSI_MAX_COMPONENTS);
	for (size_t off = 0; off < len;)
	{
		const cx_csi_entry *e;
		size_t		size;

		if (len - off < offsetof(cx_csi_entry, name))
			FAIL("truncated component");
		e = (const cx_csi_entry *) (entries + off);
		if (e->name_len > CX_CSI_MAX_NAME)
			FAIL("component name longer than %d bytes", CX_CSI_MAX_NAME);
		size = CX_CSI_ENTRY_SIZE(e->name_len);
		if (len - off < size)
			FAIL("truncated component");
		if (e->reserved != 0)
			FAIL("reserved field must be zero");
		for (size_t i = e->name_len; i < size - offsetof(cx_csi_entry, name); i++)
			if (e->name[i] != 0)
				FAIL("padding must be zero");
		if (e->n < 1)
			FAIL("a component must have at least one rating");
		if (!isfinite(e->sum_satisfaction) || !isfinite(e->sum_importance) ||
			e->sum_importance < 0)
			FAIL("sums must be finite and importance non-negative");
		for (size_t o2 = 0; o2 < off;)
		{
			const cx_csi_entry *other = (const cx_csi_entry *) (entries + o2);

			if (other->name_len == e->name_len &&
				memcmp(other->name, e->name, e->name_len) == 0)
				FAIL("component \"%.*s\" is listed twice", (int) e->name_len, e->name);
			o2 += CX_CSI_ENTRY_SIZE(other->name_len);
		}
		seen++;
		off += size;
	}
	if (seen != ncomponents)
		FAIL("component count %" PRIu32 " does not match %" PRIu32 " entries", ncomponents, seen);
	return true;
}

cx_csi_merge_result
cx_csi_merge_in_place(uint8_t *into, size_t into_len, const uint8_t *from, size_t from_len)
{
	/* first pass: every component must exist and nothing may overflow */
	for (size_t off = 0; off < from_len;)
	{
		const cx_csi_entry *f = (const cx_csi_entry *) (from + off);
		cx_csi_entry *t = cx_csi_find(into, into_len, f->name, f->name_len);
		int64_t		n;

		if (t == NULL)
			return CX_CSI_MERGE_MISSING;
		if (!cx_add_i64(t->n, f->n, &n) ||
			!isfinite(t->sum_satisfaction + f->sum_satisfaction) ||
			!isfinite(t->sum_importance + f->sum_importance))
			return CX_CSI_MERGE_OVERFLOW;
		off += CX_CSI_ENTRY_SIZE(f->name_len);
	}
	for (size_t off = 0; off < from_len;)
	{
		const cx_csi_entry *f = (const cx_csi_entry *) (from + off);
		cx_csi_entry *t = cx_csi_find(into, into_len, f->name, f->name_len);

		t->n += f->n;
		t->sum_satisfaction += f->sum_satisfaction;
		t->sum_importance += f->sum_importance;
		off += CX_CSI_ENTRY_SIZE(f->name_len);
	}
	return CX_CSI_MERGED;
}

/*
 * sum_c(I_c * S_c) / sum_c(I_c), with every mean importance computed as
 * ldexp(sum of importance, exponent) / n / scale: exponent 0 and scale 1
 * normally; scale the largest mean importance when the plain sums overflow
 * (dividing leaves the ratio unchanged and keeps the sum of weights finite);
 * a positive exponent when they underflow (multiplying by a power of two is
 * exact and keeps the products I_c * S_c out of the subnormal range).
 */
static double
scaled_index(const uint8_t *entries, size_t len, int exponent, double scale, double *weights)
{
	double		weighted = 0.0;

	*weights = 0.0;
	for (size_t off = 0; off < len;)
	{
		const cx_csi_entry *e = (const cx_csi_entry *) (entries + off);
		double		importance = ldexp(e->sum_importance, exponent) / (double) e->n / scale;
		double		satisfaction = e->sum_satisfaction / (double) e->n;

		weighted += importance * satisfaction;
		*weights += importance;
		off += CX_CSI_ENTRY_SIZE(e->name_len);
	}
	return weighted / *weights;
}

/*
 * Whether the plain sums lose a component to underflow: a positive importance
 * whose mean is subnormal (or 0), or whose product with a non-zero mean
 * satisfaction is.  Such products round by up to half the smallest subnormal,
 * which is not small next to them: the index could leave the range of the
 * components' mean satisfactions ({"a":1:0.6:5e-324} gave 1, not 0.6).
 */
static bool
plain_sums_underflow(const uint8_t *entries, size_t len)
{
	for (size_t off = 0; off < len;)
	{
		const cx_csi_entry *e = (const cx_csi_entry *) (entries + off);
		double		importance = e->sum_importance / (double) e->n;
		double		satisfaction = e->sum_satisfaction / (double) e->n;

		if (e->sum_importance > 0 &&
			(importance < DBL_MIN ||
			 (satisfaction != 0 && fabs(importance * satisfaction) < DBL_MIN)))
			return true;
		off += CX_CSI_ENTRY_SIZE(e->name_len);
	}
	return false;
}

cx_csi_result
cx_csi_index(const uint8_t *entries, size_t len, double *index)
{
	double		weights;
	double		plain_weights;
	double		max_importance = 0.0;
	double		max_sum_importance = 0.0;
	double		plain;

	for (size_t off = 0; off < len;)
	{
		const cx_csi_entry *e = (const cx_csi_entry *) (entries + off);

		if (e->sum_importance > max_sum_importance)
			max_sum_importance = e->sum_importance;
		off += CX_CSI_ENTRY_SIZE(e->name_len);
	}
	if (max_sum_importance == 0.0)
		return CX_CSI_NO_INDEX;

	plain = *index = scaled_index(entries, len, 0, 1.0, &plain_weights);
	if (isfinite(plain_weights) && (plain_weights == 0.0 || isfinite(plain)))
	{
		if (plain_weights > 0.0 && !plain_sums_underflow(entries, len))
			return CX_CSI_INDEX;

		/*
		 * Tiny importances: scale them so that the largest sum is in [1, 2).
		 * Should the products then overflow (mean satisfactions near
		 * DBL_MAX), keep the plain index if there is one.
		 */
		*index = scaled_index(entries, len, -ilogb(max_sum_importance), 1.0, &weights);
		if (isfinite(*index) && isfinite(weights))
			return CX_CSI_INDEX;
		*index = plain;
		return plain_weights > 0.0 ? CX_CSI_INDEX : CX_CSI_OVERFLOW;
	}

	for (size_t off = 0; off < len;)
	{
		const cx_csi_entry *e = (const cx_csi_entry *) (entries + off);

		if (e->sum_importance / (double) e->n > max_importance)
			max_importance = e->sum_importance / (double) e->n;
		off += CX_CSI_ENTRY_SIZE(e->name_len);
	}
	*index = scaled_index(entries, len, 0, max_importance, &weights);
	return isfinite(*index) ? CX_CSI_INDEX : CX_CSI_OVERFLOW;
}

/* ---- text ---- */

static void
emit(char *buf, size_t *pos, const char *s, size_t n)
{
	if (buf)
		memcpy(buf + *pos, s, n);
	*pos += n;
}

size_t
cx_csi_format(const uint8_t *entries, size_t len, char *buf)
{
	size_t		pos = 0;

	emit(buf, &pos, "{", 1);
	for (size_t off = 0; off < len;)
	{
		const cx_csi_entry *e = (const cx_csi_entry *) (entries + off);
		char		number[32];
		int			n;

		if (off > 0)
			emit(buf, &pos, ",", 1);
		emit(buf, &pos, "\"", 1);
		for (uint32_t i = 0; i < e->name_len; i++)
		{
			if (e->name[i] == '"' || e->name[i] == '\\')
				emit(buf, &pos, "\\", 1);
			emit(buf, &pos, &e->name[i], 1);
		}
		n = snprintf(number, sizeof(number), "\":%" PRId64, e->n);
		emit(buf, &pos, number, (size_t) n);
		n = cx_format_double(e->sum_satisfaction, number);
		emit(buf, &pos, ":", 1);
		emit(buf, &pos, number, (size_t) n);
		n = cx_format_double(e->sum_importance, number);
		emit(buf, &pos, ":", 1);
		emit(buf, &pos, number, (size_t) n);
		off += CX_CSI_ENTRY_SIZE(e->name_len);
	}
	emit(buf, &pos, "}", 1);
	emit(buf, &pos, "", 1);
	return pos;
}

size_t
cx_csi_parse_size(size_t text_len)
{
	/*
	 * An entry of an L-byte name takes >= L + 8 characters, <= L + 39 bytes.
	 * The 40 more bytes cover the entry being read when the text ends inside
	 * it, whose space is claimed before its end is known: the parser then
	 * reports what is wrong with the text, not "out of space" ("{\"a" has 3
	 * characters, for which 5 * 3 + 8 gave 23 bytes, and its entry takes 40).
	 */
	return 5 * text_len + 40;
}

bool
cx_csi_parse(const char *text, size_t len, uint8_t *out, size_t out_cap,
			 size_t *out_len, uint32_t *ncomponents, char *err, size_t errlen)
{
	size_t		pos = cx_skip_space(text, len, 0);
	size_t		used = 0;
	uint32_t	count = 0;

	if (pos >= len || text[pos] != '{')
		FAIL("expected \"{\" at offset %zu", pos);
	pos = cx_skip_space(text, len, pos + 1);
	if (pos < len && text[pos] == '}')
		pos++;
	else
	{
		for (;;)
		{
			cx_csi_entry *e;
			uint64_t	n;
			uint32_t	name_len = 0;

			if (count == CX_CSI_MAX_COMPONENTS)
				FAIL("more than %d components", CX_CSI_MAX_COMPONENTS);
			if (pos >= len || text[pos] != '"')
				FAIL("expected a quoted component name at offset %zu", pos);
			pos++;
			if (out_cap - used < CX_CSI_ENTRY_SIZE(0))
				FAIL("out of space");
			e = ENTRY_AT(out, used);
			memset(e, 0, offsetof(cx_csi_entry, name));
			for (;;)
			{
				if (pos >= len)
					FAIL("unterminated component name");
				if (text[pos] == '"')
					break;
				if (text[pos] == '\\')
				{
					pos++;
					if (pos >= len || (text[pos] != '"' && text[pos] != '\\'))
						FAIL("invalid escape at offset %zu", pos);
				}
				if (name_len == CX_CSI_MAX_NAME)
					FAIL("component name longer than %d bytes", CX_CSI_MAX_NAME);
				if (out_cap - used < CX_CSI_ENTRY_SIZE(name_len + 1))
					FAIL("out of space");
				e->name[name_len++] = text[pos++];
			}
			pos++;
			memset(e->name + name_len, 0, CX_CSI_ENTRY_SIZE(name_len) - offsetof(cx_csi_entry, name) - name_len);
			e->name_len = name_len;
			pos = cx_skip_space(text, len, pos);
			if (pos >= len || text[pos] != ':')
				FAIL("expected \":\" at offset %zu", pos);
			pos = cx_skip_space(text, len, pos + 1);
			if (!cx_parse_uint64(text, len, &pos, INT64_MAX, &n))
				FAIL("expected a rating count at offset %zu", pos);
			e->n = (int64_t) n;
			pos = cx_skip_space(text, len, pos);
			if (pos >= len || text[pos] != ':')
				FAIL("expected \":\" at offset %zu", pos);
			pos = cx_skip_space(text, len, pos + 1);
			if (cx_number_length(text, len, pos) > CX_MAX_NUMBER_CHARS)
				FAIL("the number at offset %zu is longer than %d characters", pos, CX_MAX_NUMBER_CHARS);
			if (!cx_parse_double(text, len, &pos, &e->sum_satisfaction))
				FAIL("expected a finite satisfaction sum at offset %zu", pos);
			pos = cx_skip_space(text, len, pos);
			if (pos >= len || text[pos] != ':')
				FAIL("expected \":\" at offset %zu", pos);
			pos = cx_skip_space(text, len, pos + 1);
			if (cx_number_length(text, len, pos) > CX_MAX_NUMBER_CHARS)
				FAIL("the number at offset %zu is longer than %d characters", pos, CX_MAX_NUMBER_CHARS);
			if (!cx_parse_double(text, len, &pos, &e->sum_importance))
				FAIL("expected a finite importance sum at offset %zu", pos);
			used += CX_CSI_ENTRY_SIZE(name_len);
			count++;
			pos = cx_skip_space(text, len, pos);
			if (pos < len && text[pos] == ',')
			{
				pos = cx_skip_space(text, len, pos + 1);
				continue;
			}
			if (pos < len && text[pos] == '}')
			{
				pos++;
				break;
			}
			FAIL("expected \",\" or \"}\" at offset %zu", pos);
		}
	}
	pos = cx_skip_space(text, len, pos);
	if (pos != len)
		FAIL("unexpected text after \"}\" at offset %zu", pos);
	if (!cx_csi_validate(out, used, count, err, errlen))
		return false;
	*out_len = used;
	*ncomponents = count;
	return true;
}

/* ---- binary ---- */

#define WIRE_HEADER 8
#define WIRE_FIXED 28			/* name_len + n + two sums */

size_t
cx_csi_encode_size(const uint8_t *entries, size_t len)
{
	size_t		size = WIRE_HEADER;

	for (size_t off = 0; off < len;)
	{
		const cx_csi_entry *e = (const cx_csi_entry *) (entries + off);

		size += WIRE_FIXED + e->name_len;
		off += CX_CSI_ENTRY_SIZE(e->name_len);
	}
	return size;
}

void
cx_csi_encode(const uint8_t *entries, size_t len, uint32_t ncomponents, uint8_t *buf)
{
	size_t		pos = WIRE_HEADER;

	buf[0] = CX_CSI_VERSION;
	buf[1] = 0;
	cx_put_u16(buf + 2, 0);
	cx_put_u32(buf + 4, ncomponents);
	for (size_t off = 0; off < len;)
	{
		const cx_csi_entry *e = (const cx_csi_entry *) (entries + off);

		cx_put_u32(buf + pos, e->name_len);
		memcpy(buf + pos + 4, e->name, e->name_len);
		pos += 4 + e->name_len;
		cx_put_u64(buf + pos, (uint64_t) e->n);
		cx_put_u64(buf + pos + 8, cx_double_bits(e->sum_satisfaction));
		cx_put_u64(buf + pos + 16, cx_double_bits(e->sum_importance));
		pos += 24;
		off += CX_CSI_ENTRY_SIZE(e->name_len);
	}
}

size_t
cx_csi_decode_size(size_t wire_len)
{
	/* an entry of an L-byte name takes 28 + L bytes on the wire, <= L + 39 here */
	return 2 * wire_len + 8;
}

bool
cx_csi_decode(const uint8_t *wire, size_t len, uint8_t *out, size_t out_cap,
			  size_t *out_len, uint32_t *ncomponents, char *err, size_t errlen)
{
	size_t		pos = WIRE_HEADER;
	size_t		used = 0;
	uint32_t	count;

	if (len < WIRE_HEADER)
		FAIL("%zu bytes is shorter than the %d-byte header", len, WIRE_HEADER);
	if (wire[0] != CX_CSI_VERSION)
		FAIL("unsupported format version %d", wire[0]);
	if (wire[1] != 0 || cx_get_u16(wire + 2) != 0)
		FAIL("reserved header fields must be zero");
	count = cx_get_u32(wire + 4);
	if (count > CX_CSI_MAX_COMPONENTS)
		FAIL("more than %d components", CX_CSI_MAX_COMPONENTS);
	for (uint32_t i = 0; i < count; i++)
	{
		uint32_t	name_len;
		cx_csi_entry *e;

		if (len - pos < 4)
			FAIL("truncated component");
		name_len = cx_get_u32(wire + pos);
		if (name_len > CX_CSI_MAX_NAME)
			FAIL("component name longer than %d bytes", CX_CSI_MAX_NAME);
		if (len - pos - 4 < (size_t) name_len + 24)
			FAIL("truncated component");
		if (out_cap - used < CX_CSI_ENTRY_SIZE(name_len))
			FAIL("out of space");
		e = ENTRY_AT(out, used);
		memset(e, 0, CX_CSI_ENTRY_SIZE(name_len));
		e->name_len = name_len;
		memcpy(e->name, wire + pos + 4, name_len);
		pos += 4 + name_len;
		e->n = (int64_t) cx_get_u64(wire + pos);
		e->sum_satisfaction = cx_bits_double(cx_get_u64(wire + pos + 8));
		e->sum_importance = cx_bits_double(cx_get_u64(wire + pos + 16));
		pos += 24;
		used += CX_CSI_ENTRY_SIZE(name_len);
	}
	if (pos != len)
		FAIL("%zu bytes follow the last component", len - pos);
	if (!cx_csi_validate(out, used, count, err, errlen))
		return false;
	*out_len = used;
	*ncomponents = count;
	return true;
}
