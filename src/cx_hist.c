/*
 * cx_hist.c: dense answer distribution and metric arithmetic (pure C).
 */
#include "cx_hist.h"
#include "cx_packed.h"		/* cx_weight_sums_consistent */

#include <float.h>
#include <math.h>
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

void
cx_hist_make_weighted(cx_hist *h)
{
	if (h->weighted)
		return;
	for (int v = 0; v < CX_NVALUES; v++)
	{
		h->sum_w[v] = (double) h->count[v];
		h->sum_w2[v] = (double) h->count[v];
	}
	h->weighted = true;
}

cx_status
cx_hist_add_weighted(cx_hist *h, int value, double w)
{
	double		sum_w;
	double		sum_w2;
	int64_t		new_total;

	if (value < CX_MIN_VALUE || value > CX_MAX_VALUE)
		return CX_ERR_RANGE;
	/* a positive weight whose square underflows to 0 would break the
	 * "sums are zero together" invariant */
	if (w > 0 && w * w == 0)
		return CX_ERR_WEIGHT_OVERFLOW;
	/* check everything before changing anything, weightedness included */
	sum_w = (h->weighted ? h->sum_w[value] : (double) h->count[value]) + w;
	sum_w2 = (h->weighted ? h->sum_w2[value] : (double) h->count[value]) + w * w;
	if (!isfinite(sum_w) || !isfinite(sum_w2))
		return CX_ERR_WEIGHT_OVERFLOW;
	if (!cx_add_i64(h->total, 1, &new_total))
		return CX_ERR_OVERFLOW;
	cx_hist_make_weighted(h);
	h->total = new_total;
	h->count[value]++;
	h->sum_w[value] = sum_w;
	h->sum_w2[value] = sum_w2;
	return CX_OK;
}

cx_status
cx_hist_merge(cx_hist *into, const cx_hist *from)
{
	int64_t		new_total;

	if (!cx_add_i64(into->total, from->total, &new_total))
		return CX_ERR_OVERFLOW;
	if (into->weighted || from->weighted)
	{
		cx_hist		other = *from;

		cx_hist_make_weighted(into);
		cx_hist_make_weighted(&other);
		for (int v = 0; v < CX_NVALUES; v++)
			if (!isfinite(into->sum_w[v] + other.sum_w[v]) ||
				!isfinite(into->sum_w2[v] + other.sum_w2[v]))
				return CX_ERR_WEIGHT_OVERFLOW;
		for (int v = 0; v < CX_NVALUES; v++)
		{
			into->sum_w[v] += other.sum_w[v];
			into->sum_w2[v] += other.sum_w2[v];
		}
	}
	into->total = new_total;
	for (int v = 0; v < CX_NVALUES; v++)
		into->count[v] += from->count[v];
	return CX_OK;
}

/*
 * The metric formulas can round one unit in the last place past the range of
 * the metric: 100 * w / w is 100.00000000000001 for w = 2.9000000000000004,
 * so a weighted CSAT where every answer is satisfied read above 100%.  Results
 * are clamped to the range, which changes nothing inside it (and so keeps the
 * bits of every in-range result, and weighted and unweighted results equal).
 */
static inline double
clamp_to(double x, double lo, double hi)
{
	return x < lo ? lo : (x > hi ? hi : x);
}

/*
 * Weighted subtraction.  Each stored sum of n non-negative weights, added in
 * any order or merge tree, is within (n - 1) * u of its exact value relative
 * to itself (u = DBL_EPSILON / 2), so the difference of a's and b's sums at a
 * value is within (n_a + n_b) * DBL_EPSILON * S_a of the exact sum of the
 * answers left (S_a: a's sum there, which is at least b's when b is part of
 * a).  That is the bound subtraction keeps to, and the slack it allows:
 * a result below -bound means b's weights were not part of a's.
 */
static double
sub_bound(int64_t n_a, int64_t n_b, double s_a)
{
	return ((double) n_a + (double) n_b) * DBL_EPSILON * s_a;
}

/* x^2 / k without overflow (k >= 1) */
static double
square_over(double x, double k)
{
	double		r = x / sqrt(k);

	return r * r;
}

/* A move of a sum as a multiple of its bound. */
static double
moves(double from, double to, double bound)
{
	double		d = fabs(to - from);

	if (d == 0.0)
		return 0.0;
	return bound > 0.0 ? d / bound : INFINITY;
}

/*
 * Make (count, *w, *w2) a valid weighted cell after the rounding of a
 * subtraction: sums >= 0, zero together, and (sum w)^2 / sum w^2 within
 * [1, count] up to the decoders' tolerance (cx_weight_sums_consistent).
 * The exact sums obey these rules and lie within their bounds of the computed
 * ones, so when a rule is broken one sum is moved to where the rule holds:
 * the one whose move is smaller compared with its bound.  A cell that needs
 * more than CX_SUB_SLACK bounds is no rounding: what's weights are not part
 * of from's, and the result is false.
 */
#define CX_SUB_SLACK 4.0

static bool
normalise_cell(int64_t count, double *w, double *w2, double bound_w, double bound_w2)
{
	double		c = (double) count;
	double		to_w;
	double		to_w2;

	if (*w < -CX_SUB_SLACK * bound_w || *w2 < -CX_SUB_SLACK * bound_w2)
		return false;
	if (count == 0)
	{
		/* the value is dropped; any weight left must be rounding */
		if (moves(*w, 0.0, bound_w) > CX_SUB_SLACK || moves(*w2, 0.0, bound_w2) > CX_SUB_SLACK)
			return false;
		*w = 0.0;
		*w2 = 0.0;
		return true;
	}
	*w = fmax(*w, 0.0);
	*w2 = fmax(*w2, 0.0);
	if (*w == 0.0 && *w2 == 0.0)
		return true;			/* answers of weight 0 */
	if (*w == 0.0 || *w2 == 0.0)
	{
		/* zero together: both to 0, or the missing one from the other */
		to_w = 0.0;
		to_w2 = 0.0;
		if (*w == 0.0)
			to_w = sqrt(*w2);
		else
			to_w2 = square_over(*w, c);
	}
	else if (cx_weight_sums_consistent(count, *w, *w2))
		return true;			/* what the decoders accept stays as it is */
	else if (square_over(*w, *w2) > c)
	{
		/* lower w to sqrt(c * w2), or raise w2 to w^2 / c */
		to_w = sqrt(c) * sqrt(*w2);
		to_w2 = square_over(*w, c);
	}
	else
	{
		/* raise w to sqrt(w2), or lower w2 to w^2 */
		to_w = sqrt(*w2);
		to_w2 = *w * *w;
	}
	/* a w^2 that underflows or overflows is no candidate */
	if ((to_w2 == 0.0) != (*w == 0.0) || !isfinite(to_w2) ||
		moves(*w, to_w, bound_w) <= moves(*w2, to_w2, bound_w2))
	{
		if (moves(*w, to_w, bound_w) > CX_SUB_SLACK)
			return false;
		*w = to_w;
		if (to_w == 0.0)
			*w2 = 0.0;
	}
	else
	{
		if (moves(*w2, to_w2, bound_w2) > CX_SUB_SLACK)
			return false;
		*w2 = to_w2;
		if (to_w2 == 0.0)
			*w = 0.0;
	}
	return true;
}

cx_status
cx_hist_subtract(cx_hist *from, const cx_hist *what)
{
	cx_hist		a;
	cx_hist		b;

	for (int v = 0; v < CX_NVALUES; v++)
		if (from->count[v] < what->count[v])
			return CX_ERR_NEGATIVE;
	if (!from->weighted && !what->weighted)
	{
		/* exact */
		for (int v = 0; v < CX_NVALUES; v++)
			from->count[v] -= what->count[v];
		from->total -= what->total;
		return CX_OK;
	}

	/* work on copies so that from is unchanged on error */
	a = *from;
	b = *what;
	cx_hist_make_weighted(&a);
	cx_hist_make_weighted(&b);
	for (int v = 0; v < CX_NVALUES; v++)
	{
		int64_t		count = a.count[v] - b.count[v];
		double		w = a.sum_w[v] - b.sum_w[v];
		double		w2 = a.sum_w2[v] - b.sum_w2[v];

		if (!normalise_cell(count, &w, &w2,
							sub_bound(a.count[v], b.count[v], a.sum_w[v]),
							sub_bound(a.count[v], b.count[v], a.sum_w2[v])))
			return CX_ERR_NEGATIVE;
		a.count[v] = count;
		a.sum_w[v] = w;
		a.sum_w2[v] = w2;
	}
	a.total -= b.total;
	/* nothing left: the empty summary, which has no weights */
	if (a.total == 0)
		cx_hist_init(&a);
	*from = a;
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

/*
 * Weighted computations divide every sum of weights by this: 1 normally, so
 * results are exact, or the largest per-value sum when that is so large that
 * adding up to 101 of them could overflow.
 */
static double
weight_scale(const cx_hist *h)
{
	double		max = 0.0;

	for (int v = 0; v < CX_NVALUES; v++)
		if (h->sum_w[v] > max)
			max = h->sum_w[v];
	return max > 1e300 ? max : 1.0;
}

static double
scaled_weight_between(const cx_hist *h, int lo, int hi, double scale)
{
	double		w = 0.0;

	for (int v = lo; v <= hi; v++)
		w += h->sum_w[v] / scale;
	return w;
}

double
cx_hist_weight_between(const cx_hist *h, int lo, int hi)
{
	if (!h->weighted)
		return (double) cx_hist_count_between(h, lo, hi);
	return scaled_weight_between(h, lo, hi, 1.0);
}

double
cx_hist_weight_total(const cx_hist *h)
{
	return cx_hist_weight_between(h, CX_MIN_VALUE, CX_MAX_VALUE);
}

static double
effective_n_unclamped(const cx_hist *h)
{
	double		sum_w = 0.0;
	double		sum_w2 = 0.0;
	double		scale = 0.0;

	if (!h->weighted)
		return (double) h->total;
	for (int v = 0; v < CX_NVALUES; v++)
	{
		sum_w += h->sum_w[v];
		sum_w2 += h->sum_w2[v];
		if (h->sum_w[v] > scale)
			scale = h->sum_w[v];
	}
	if (sum_w2 == 0.0)
		return 0.0;
	if (sum_w > 1e-150 && sum_w < 1e150 && isfinite(sum_w2))
		return sum_w * sum_w / sum_w2;

	/*
	 * Huge or tiny weights: (sum w / M)^2 / (sum w^2 / M^2), each term at most
	 * 101^2.  Tiny ones too: the decoders accept sums like 1e-160 and 1e-320,
	 * whose (sum w)^2 is subnormal, and the plain formula then gave 1 for
	 * 1.0000111329412578.
	 */
	sum_w = 0.0;
	sum_w2 = 0.0;
	for (int v = 0; v < CX_NVALUES; v++)
	{
		sum_w += h->sum_w[v] / scale;
		sum_w2 += h->sum_w2[v] / scale / scale;
	}
	return sum_w * sum_w / sum_w2;
}

/*
 * Kish's (sum w)^2 / sum w^2 lies in [1, n] for n answers of positive weight;
 * the rounding of the sums (relative error up to about 3n units in the last
 * place) could put it a hair above n, an effective sample larger than the
 * sample.
 */
double
cx_hist_effective_n(const cx_hist *h)
{
	double		n_eff = effective_n_unclamped(h);

	/* hand-made sums may sit a little outside [1, n]: the tolerance of reading them */
	if (n_eff > (double) h->total)
		return (double) h->total;
	return n_eff > 0.0 && n_eff < 1.0 ? 1.0 : n_eff;
}

bool
cx_hist_has_weight(const cx_hist *h)
{
	return h->total > 0 && (!h->weighted || cx_hist_weight_total(h) > 0);
}

double
cx_hist_percent_between(const cx_hist *h, int lo, int hi)
{
	double		scale;

	if (!h->weighted)
		return cx_percent_from_counts(h->total, cx_hist_count_between(h, lo, hi));
	scale = weight_scale(h);
	return clamp_to(100.0 * scaled_weight_between(h, lo, hi, scale) /
					scaled_weight_between(h, CX_MIN_VALUE, CX_MAX_VALUE, scale), 0.0, 100.0);
}

double
cx_hist_nps(const cx_hist *h, int promoter_min, int detractor_max)
{
	double		scale;

	if (!h->weighted)
		return cx_nps_from_counts(h->total,
								  cx_hist_count_between(h, promoter_min, CX_MAX_VALUE),
								  cx_hist_count_between(h, CX_MIN_VALUE, detractor_max));
	scale = weight_scale(h);
	return clamp_to(100.0 * (scaled_weight_between(h, promoter_min, CX_MAX_VALUE, scale) -
							 scaled_weight_between(h, CX_MIN_VALUE, detractor_max, scale)) /
					scaled_weight_between(h, CX_MIN_VALUE, CX_MAX_VALUE, scale), -100.0, 100.0);
}

double
cx_hist_mean(const cx_hist *h)
{
	/* 100 * INT64_MAX does not fit in int64, so sum in 128 bits */
	__int128	sum = 0;
	double		weighted_sum = 0.0;

	if (h->weighted)
	{
		double		scale;

		scale = weight_scale(h);
		for (int v = 1; v < CX_NVALUES; v++)
			weighted_sum += h->sum_w[v] / scale * v;
		return clamp_to(weighted_sum / scaled_weight_between(h, CX_MIN_VALUE, CX_MAX_VALUE, scale),
						cx_hist_min_value(h), cx_hist_max_value(h));
	}
	for (int v = 1; v < CX_NVALUES; v++)
		sum += (__int128) h->count[v] * v;
	return clamp_to((double) sum / (double) h->total, cx_hist_min_value(h), cx_hist_max_value(h));
}

double
cx_hist_variance(const cx_hist *h)
{
	double		mean = cx_hist_mean(h);
	double		scale = h->weighted ? weight_scale(h) : 1.0;
	double		total_w = h->weighted ? scaled_weight_between(h, CX_MIN_VALUE, CX_MAX_VALUE, scale)
		: (double) h->total;
	double		n_eff = cx_hist_effective_n(h);
	double		squares = 0.0;

	for (int v = 0; v < CX_NVALUES; v++)
	{
		double		w = h->weighted ? h->sum_w[v] / scale : (double) h->count[v];

		squares += w * (v - mean) * (v - mean);
	}
	/* the weighted population variance, corrected by n_eff / (n_eff - 1) */
	return squares / total_w * n_eff / (n_eff - 1.0);
}

double
cx_nps_from_counts(int64_t n, int64_t promoters, int64_t detractors)
{
	return clamp_to(100.0 * (double) (promoters - detractors) / (double) n, -100.0, 100.0);
}

double
cx_percent_from_counts(int64_t n, int64_t hits)
{
	return clamp_to(100.0 * (double) hits / (double) n, 0.0, 100.0);
}

double
cx_mean_from_sum(int64_t n, int64_t sum)
{
	return (double) sum / (double) n;
}
