/*
 * cx_hist.c: dense answer distribution and metric arithmetic (pure C).
 */
#include "cx_hist.h"

#include <string.h>

void
cx_hist_init(cx_hist *h)
{
	memset(h, 0, sizeof(*h));
}

cx_status
cx_hist_add_value(cx_hist *h, int value, int64_t times)
{
	int64_t		new_total;

	if (value < CX_MIN_VALUE || value > CX_MAX_VALUE)
		return CX_ERR_RANGE;
	if (times < 0)
		return CX_ERR_NEGATIVE;
	/* count[value] <= total, so checking the total covers the counter too */
	if (!cx_add_i64(h->total, times, &new_total))
		return CX_ERR_OVERFLOW;
	h->total = new_total;
	h->count[value] += times;
	return CX_OK;
}

cx_status
cx_hist_sub_value(cx_hist *h, int value, int64_t times)
{
	if (value < CX_MIN_VALUE || value > CX_MAX_VALUE)
		return CX_ERR_RANGE;
	if (times < 0)
		return CX_ERR_NEGATIVE;
	if (h->count[value] < times)
		return CX_ERR_NEGATIVE;
	h->count[value] -= times;
	h->total -= times;
	return CX_OK;
}

cx_status
cx_hist_merge(cx_hist *into, const cx_hist *from)
{
	int64_t		new_total;

	if (!cx_add_i64(into->total, from->total, &new_total))
		return CX_ERR_OVERFLOW;
	into->total = new_total;
	for (int v = 0; v < CX_NVALUES; v++)
		into->count[v] += from->count[v];
	return CX_OK;
}

cx_status
cx_hist_subtract(cx_hist *from, const cx_hist *what)
{
	for (int v = 0; v < CX_NVALUES; v++)
		if (from->count[v] < what->count[v])
			return CX_ERR_NEGATIVE;
	for (int v = 0; v < CX_NVALUES; v++)
		from->count[v] -= what->count[v];
	from->total -= what->total;
	return CX_OK;
}

bool
cx_hist_equal(const cx_hist *a, const cx_hist *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

int
cx_hist_min_value(const cx_hist *h)
{
	for (int v = 0; v < CX_NVALUES; v++)
		if (h->count[v] != 0)
			return v;
	return -1;
}

int
cx_hist_max_value(const cx_hist *h)
{
	for (int v = CX_MAX_VALUE; v >= 0; v--)
		if (h->count[v] != 0)
			return v;
	return -1;
}

int64_t
cx_hist_count_between(const cx_hist *h, int lo, int hi)
{
	int64_t		n = 0;

	/* cannot overflow: a partial sum of counts is at most total */
	for (int v = lo; v <= hi; v++)
		n += h->count[v];
	return n;
}

double
cx_hist_mean(const cx_hist *h)
{
	/* 100 * INT64_MAX does not fit in int64, so sum in 128 bits */
	__int128	sum = 0;

	for (int v = 1; v < CX_NVALUES; v++)
		sum += (__int128) h->count[v] * v;
	return (double) sum / (double) h->total;
}

double
cx_nps_from_counts(int64_t n, int64_t promoters, int64_t detractors)
{
	return 100.0 * (double) (promoters - detractors) / (double) n;
}

double
cx_percent_from_counts(int64_t n, int64_t hits)
{
	return 100.0 * (double) hits / (double) n;
}

double
cx_mean_from_sum(int64_t n, int64_t sum)
{
	return (double) sum / (double) n;
}
