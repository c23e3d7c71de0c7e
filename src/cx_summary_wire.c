/*
 * cx_summary_wire.c: binary encoding of a score_summary (pure C).
 */
#include "cx_summary_wire.h"

#include <stdio.h>
#include <string.h>

#include "cx_packed.h"

void
cx_put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t) (v >> 8);
	p[1] = (uint8_t) v;
}

void
cx_put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t) (v >> (24 - 8 * i));
}

void
cx_put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t) (v >> (56 - 8 * i));
}

uint16_t
cx_get_u16(const uint8_t *p)
{
	return (uint16_t) ((p[0] << 8) | p[1]);
}

uint32_t
cx_get_u32(const uint8_t *p)
{
	uint32_t	v = 0;

	for (int i = 0; i < 4; i++)
		v = (v << 8) | p[i];
	return v;
}

uint64_t
cx_get_u64(const uint8_t *p)
{
	uint64_t	v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

uint64_t
cx_double_bits(double d)
{
	uint64_t	bits;

	memcpy(&bits, &d, sizeof(bits));
	return bits;
}

double
cx_bits_double(uint64_t bits)
{
	double		d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

size_t
cx_summary_encode(const cx_hist *h, uint8_t *buf)
{
	size_t		pos = CX_SUMMARY_WIRE_HEADER;
	uint16_t	npairs = 0;

	for (int v = 0; v < CX_NVALUES; v++)
	{
		if (h->count[v] == 0)
			continue;
		buf[pos] = (uint8_t) v;
		cx_put_u64(buf + pos + 1, (uint64_t) h->count[v]);
		if (h->weighted)
		{
			cx_put_u64(buf + pos + 9, cx_double_bits(h->sum_w[v]));
			cx_put_u64(buf + pos + 17, cx_double_bits(h->sum_w2[v]));
		}
		pos += h->weighted ? CX_SUMMARY_WIRE_WEIGHTED_PAIR : CX_SUMMARY_WIRE_PAIR;
		npairs++;
	}
	buf[0] = h->weighted ? CX_SUMMARY_WIRE_VERSION_WEIGHTED : CX_SUMMARY_WIRE_VERSION;
	buf[1] = 0;
	cx_put_u16(buf + 2, 0);
	cx_put_u16(buf + 4, npairs);
	return pos;
}

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); return false; } while (0)

bool
cx_summary_decode(const uint8_t *buf, size_t len, cx_hist *out, char *err, size_t errlen)
{
	size_t		npairs;
	size_t		pair_size;
	int			previous = -1;

	cx_hist_init(out);
	if (len < CX_SUMMARY_WIRE_HEADER)
		FAIL("%zu bytes is shorter than the %d-byte header", len, CX_SUMMARY_WIRE_HEADER);
	if (buf[0] != CX_SUMMARY_WIRE_VERSION && buf[0] != CX_SUMMARY_WIRE_VERSION_WEIGHTED)
		FAIL("unsupported format version %d", buf[0]);
	out->weighted = buf[0] == CX_SUMMARY_WIRE_VERSION_WEIGHTED;
	pair_size = out->weighted ? CX_SUMMARY_WIRE_WEIGHTED_PAIR : CX_SUMMARY_WIRE_PAIR;
	if (buf[1] != 0 || cx_get_u16(buf + 2) != 0)
		FAIL("reserved header fields must be zero");
	npairs = cx_get_u16(buf + 4);
	if (npairs > CX_NVALUES)
		FAIL("%zu values is more than the 101 possible", npairs);
	if (len != CX_SUMMARY_WIRE_HEADER + npairs * pair_size)
		FAIL("length %zu does not match %zu values", len, npairs);
	for (size_t i = 0; i < npairs; i++)
	{
		const uint8_t *pair = buf + CX_SUMMARY_WIRE_HEADER + i * pair_size;
		int			value = pair[0];
		uint64_t	count = cx_get_u64(pair + 1);

		if (value > CX_MAX_VALUE)
			FAIL("value %d is outside 0..100", value);
		if (value <= previous)
			FAIL("values must be strictly ascending");
		if (count == 0 || count > INT64_MAX)
			FAIL("count of value %d must be between 1 and 9223372036854775807", value);
		if (cx_hist_add_value(out, value, (int64_t) count) != CX_OK)
			FAIL("the counts add up to more than 9223372036854775807");
		if (out->weighted)
		{
			out->sum_w[value] = cx_bits_double(cx_get_u64(pair + 9));
			out->sum_w2[value] = cx_bits_double(cx_get_u64(pair + 17));
			if (!cx_weight_sums_valid(out->sum_w[value], out->sum_w2[value]) ||
				!cx_weight_sums_consistent((int64_t) count, out->sum_w[value], out->sum_w2[value]))
				FAIL("weight sums of value %d are not those of %llu weights", value,
					 (unsigned long long) count);
		}
		previous = value;
	}
	return true;
}
