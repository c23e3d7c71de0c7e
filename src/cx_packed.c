/*
 * cx_packed.c: sparse stored layout of a score_summary (pure C).
 */
#include "cx_packed.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* Bits 101..127 of the bitmap must stay zero. */
static const uint64_t cx_high_word_mask = (UINT64_C(1) << (CX_NVALUES - 64)) - 1;

int
cx_packed_ncounts(const cx_hist *h)
{
	int			n = 0;

	for (int v = 0; v < CX_NVALUES; v++)
		if (h->count[v] != 0)
			n++;
	return n;
}

void
cx_packed_write(const cx_hist *h, uint64_t present[CX_PRESENT_WORDS], int64_t *counts)
{
	int			slot = 0;

	memset(present, 0, sizeof(uint64_t) * CX_PRESENT_WORDS);
	for (int v = 0; v < CX_NVALUES; v++)
	{
		if (h->count[v] == 0)
			continue;
		present[v / 64] |= UINT64_C(1) << (v % 64);
		counts[slot++] = h->count[v];
	}
}

int
cx_packed_popcount(const uint64_t present[CX_PRESENT_WORDS])
{
	return __builtin_popcountll(present[0]) + __builtin_popcountll(present[1]);
}

int
cx_packed_slot(const uint64_t present[CX_PRESENT_WORDS], int value)
{
	int			word;
	uint64_t	bit;
	int			slot;

	if (value < CX_MIN_VALUE || value > CX_MAX_VALUE)
		return -1;
	word = value / 64;
	bit = UINT64_C(1) << (value % 64);
	if ((present[word] & bit) == 0)
		return -1;
	slot = __builtin_popcountll(present[word] & (bit - 1));
	if (word == 1)
		slot += __builtin_popcountll(present[0]);
	return slot;
}

bool
cx_packed_read(const uint64_t present[CX_PRESENT_WORDS], const int64_t *counts,
			   int ncounts, int64_t total, cx_hist *out)
{
	int			slot = 0;
	int64_t		sum = 0;

	if ((present[1] & ~cx_high_word_mask) != 0)
		return false;
	if (ncounts != cx_packed_popcount(present))
		return false;
	cx_hist_init(out);
	for (int v = 0; v < CX_NVALUES; v++)
	{
		if ((present[v / 64] & (UINT64_C(1) << (v % 64))) == 0)
			continue;
		if (counts[slot] <= 0 || !cx_add_i64(sum, counts[slot], &sum))
			return false;
		out->count[v] = counts[slot++];
	}
	if (sum != total)
		return false;
	out->total = total;
	return true;
}

void
cx_packed_write_weights(const cx_hist *h, double *sum_w, double *sum_w2)
{
	int			slot = 0;

	for (int v = 0; v < CX_NVALUES; v++)
	{
		if (h->count[v] == 0)
			continue;
		sum_w[slot] = h->sum_w[v];
		sum_w2[slot++] = h->sum_w2[v];
	}
}

bool
cx_weight_sums_valid(double sum_w, double sum_w2)
{
	return isfinite(sum_w) && isfinite(sum_w2) && !signbit(sum_w) && !signbit(sum_w2) &&
		(sum_w == 0) == (sum_w2 == 0);
}

/*
 * (sum_w)^2 / sum_w2 of count positive weights lies in [1, count]; the stored
 * sums carry rounding.  A sum of count doubles, in any order and merged in
 * any tree, is off by at most (count - 1) units in the last place, so the
 * ratio by about 3 * count of them: the tolerance grows with count (4 * count
 * * DBL_EPSILON is 8 * count units), or summaries the extension wrote itself
 * would fail to read back (34 million equal weights did with a fixed 1e-9).
 * Merging two consistent summaries keeps them consistent: by Cauchy-Schwarz
 * the merged ratio is at most the sum of the two ratios.
 */
bool
cx_weight_sums_consistent(int64_t count, double sum_w, double sum_w2)
{
	double		root;
	double		ratio;
	double		tolerance;

	if (sum_w == 0)
		return true;
	/* (sum_w / sqrt(sum_w2))^2 without overflowing sum_w^2 */
	root = sqrt(sum_w2);
	ratio = (sum_w / root) * (sum_w / root);
	tolerance = 1e-9 + 4.0 * (double) count * DBL_EPSILON;

	/*
	 * The lower bound keeps at least half its value: past about 5.6e14
	 * answers 4 * count * DBL_EPSILON exceeds 1/2 (256 at 2.9e17) and any
	 * sums would pass, {0:288863746388934656:7.8e-310:3.1e-5} among them,
	 * whose effective sample is 0 although it has weight.
	 */
	return ratio >= 1.0 - fmin(tolerance, 0.5) && ratio <= (double) count * (1.0 + tolerance);
}

bool
cx_packed_read_weights(const uint64_t present[CX_PRESENT_WORDS], const double *sum_w,
					   const double *sum_w2, cx_hist *out)
{
	int			slot = 0;

	for (int v = 0; v < CX_NVALUES; v++)
	{
		if ((present[v / 64] & (UINT64_C(1) << (v % 64))) == 0)
			continue;
		if (!cx_weight_sums_valid(sum_w[slot], sum_w2[slot]) ||
			!cx_weight_sums_consistent(out->count[v], sum_w[slot], sum_w2[slot]))
			return false;
		out->sum_w[v] = sum_w[slot];
		out->sum_w2[v] = sum_w2[slot++];
	}
	out->weighted = true;
	return true;
}
