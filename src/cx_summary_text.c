/*
 * cx_summary_text.c: parse and format the text form of a score_summary.
 */
#include "cx_summary_text.h"
#include "cx_packed.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		if (h->weighted)
		{
			buf[pos++] = ':';
			pos += (size_t) cx_format_double(h->sum_w[v], buf + pos);
			buf[pos++] = ':';
			pos += (size_t) cx_format_double(h->sum_w2[v], buf + pos);
		}
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

/*
 * Shortest decimal that reads back as exactly d, written without an exponent
 * when the integer part has at most 17 digits (10, not 1e+01).
 */
int
cx_format_double(double d, char out[32])
{
	int			len = 0;
	int			integer_digits = 1;
	double		magnitude = d < 0 ? -d : d;

	while (magnitude >= 10 && integer_digits < 18)
	{
		magnitude /= 10;
		integer_digits++;
	}
	for (int precision = 1; precision <= 17; precision++)
	{
		len = snprintf(out, 32, "%.*g", precision, d);
		if (strtod(out, NULL) == d)
		{
			if (precision < integer_digits && integer_digits <= 17)
				len = snprintf(out, 32, "%.*g", integer_digits, d);
			break;
		}
	}
	return len;
}

static bool
is_number_char(char c)
{
	return c != '\0' && strchr("0123456789.eE+-", c) != NULL;
}

size_t
cx_number_length(const char *text, size_t len, size_t pos)
{
	size_t		n = 0;

	while (pos + n < len && is_number_char(text[pos + n]))
		n++;
	return n;
}

bool
cx_parse_double(const char *text, size_t len, size_t *pos, double *out)
{
	char		token[CX_MAX_NUMBER_CHARS + 1];
	size_t		n = cx_number_length(text, len, *pos);
	char	   *end;

	/* a longer run is refused whole, not read in part */
	if (n == 0 || n > CX_MAX_NUMBER_CHARS)
		return false;
	memcpy(token, text + *pos, n);
	token[n] = '\0';
	*out = strtod(token, &end);
	if (end != token + n || !isfinite(*out))
		return false;
	*pos += n;
	return true;
}

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); return false; } while (0)

bool
cx_summary_parse(const char *text, size_t len, cx_hist *out, char *err, size_t errlen)
{
	bool		seen[CX_NVALUES] = {false};
	bool		entry_weighted;
	int			seen_entries = 0;
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
			pos = cx_skip_space(text, len, pos);
			entry_weighted = pos < len && text[pos] == ':';
			if (seen_entries > 0 && entry_weighted != out->weighted)
				FAIL("entries with and without weight sums are mixed at offset %zu", pos);
			if (entry_weighted)
			{
				double		sum_w;
				double		sum_w2;

				pos = cx_skip_space(text, len, pos + 1);
				if (cx_number_length(text, len, pos) > CX_MAX_NUMBER_CHARS)
					FAIL("the number at offset %zu is longer than %d characters", pos, CX_MAX_NUMBER_CHARS);
				if (!cx_parse_double(text, len, &pos, &sum_w))
					FAIL("expected a finite sum of weights at offset %zu", pos);
				pos = cx_skip_space(text, len, pos);
				if (pos >= len || text[pos] != ':')
					FAIL("expected \":\" at offset %zu", pos);
				pos = cx_skip_space(text, len, pos + 1);
				if (cx_number_length(text, len, pos) > CX_MAX_NUMBER_CHARS)
					FAIL("the number at offset %zu is longer than %d characters", pos, CX_MAX_NUMBER_CHARS);
				if (!cx_parse_double(text, len, &pos, &sum_w2))
					FAIL("expected a finite sum of squared weights at offset %zu", pos);
				if (!cx_weight_sums_valid(sum_w, sum_w2) || (count == 0 && sum_w != 0) ||
					!cx_weight_sums_consistent((int64_t) count, sum_w, sum_w2))
					FAIL("weight sums of value %d are not those of %llu weights (finite, >= 0, zero together, (sum w)^2 / sum w^2 between 1 and the count)",
						 (int) value, (unsigned long long) count);
				out->weighted = true;
				out->sum_w[value] = sum_w;
				out->sum_w2[value] = sum_w2;
			}
			seen_entries++;
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

	/*
	 * Without answers ({1:0:0:0}) the summary is the unweighted {}, which is
	 * what it is written as: otherwise a value would not read back as itself,
	 * and a rollup with it would turn weighted before a dump and not after.
	 * Its sums are all +0 (a zero count requires zero sums, and -0 is refused).
	 */
	if (out->total == 0)
		out->weighted = false;
	return true;
}
