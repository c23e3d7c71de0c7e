/*
 * cx_summary_text.c: parse and format the text form of a score_summary.
 */
#include "cx_summary_text.h"

#include <inttypes.h>
#include <stdio.h>

size_t
cx_summary_format(const cx_hist *h, char *buf)
{
	size_t		pos = 0;
	bool		first = true;

	buf[pos++] = '{';
	for (int v = 0; v < CX_NVALUES; v++)
	{
		if (h->count[v] == 0)
			continue;
		pos += (size_t) snprintf(buf + pos, CX_SUMMARY_TEXT_MAX - pos, "%s%d:%" PRId64,
								 first ? "" : ",", v, h->count[v]);
		first = false;
	}
	buf[pos++] = '}';
	buf[pos] = '\0';
	return pos;
}

size_t
cx_skip_space(const char *text, size_t len, size_t pos)
{
	while (pos < len && (text[pos] == ' ' || text[pos] == '\t' ||
						 text[pos] == '\n' || text[pos] == '\r'))
		pos++;
	return pos;
}

bool
cx_parse_uint64(const char *text, size_t len, size_t *pos, uint64_t max, uint64_t *out)
{
	uint64_t	value = 0;
	size_t		p = *pos;

	if (p >= len || text[p] < '0' || text[p] > '9')
		return false;
	while (p < len && text[p] >= '0' && text[p] <= '9')
	{
		uint64_t	digit = (uint64_t) (text[p] - '0');

		if (value > (max - digit) / 10)
			return false;
		value = value * 10 + digit;
		p++;
	}
	*pos = p;
	*out = value;
	return true;
}

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); return false; } while (0)

bool
cx_summary_parse(const char *text, size_t len, cx_hist *out, char *err, size_t errlen)
{
	bool		seen[CX_NVALUES] = {false};
	size_t		pos = cx_skip_space(text, len, 0);

	cx_hist_init(out);
	if (pos >= len || text[pos] != '{')
		FAIL("expected \"{\" at offset %zu", pos);
	pos = cx_skip_space(text, len, pos + 1);
	if (pos < len && text[pos] == '}')
		pos++;
	else
	{
		for (;;)
		{
			uint64_t	value;
			uint64_t	count;

			if (!cx_parse_uint64(text, len, &pos, UINT32_MAX, &value))
				FAIL("expected a value from 0 to 100 at offset %zu", pos);
			if (value > CX_MAX_VALUE)
				FAIL("value %llu is outside 0..100", (unsigned long long) value);
			if (seen[value])
				FAIL("value %d is listed twice", (int) value);
			seen[value] = true;
			pos = cx_skip_space(text, len, pos);
			if (pos >= len || text[pos] != ':')
				FAIL("expected \":\" at offset %zu", pos);
			pos = cx_skip_space(text, len, pos + 1);
			if (!cx_parse_uint64(text, len, &pos, INT64_MAX, &count))
				FAIL("expected a count from 0 to 9223372036854775807 at offset %zu", pos);
			if (cx_hist_add_value(out, (int) value, (int64_t) count) != CX_OK)
				FAIL("the counts add up to more than 9223372036854775807");
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
	return true;
}
