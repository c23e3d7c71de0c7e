/*
 * cx_hist.h: the exact distribution of integer answers 0..100 and the metric
 * arithmetic on it.  Pure C: no PostgreSQL calls, so it can be unit-tested and
 * fuzzed on its own.
 */
#ifndef CX_HIST_H
#define CX_HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CX_MIN_VALUE 0
#define CX_MAX_VALUE 100
#define CX_NVALUES (CX_MAX_VALUE + 1)

/*
 * Dense form: one counter per answer value.  Invariant: every count >= 0 and
 * their sum fits in int64 (kept in total).  A weighted histogram (survey
 * weights) also keeps, per value, the sum of the weights and of their squares,
 * finite and >= 0; an unweighted one is the case where every weight is 1.
 */
typedef struct cx_hist
{
	int64_t		total;
	int64_t		count[CX_NVALUES];
	bool		weighted;
	double		sum_w[CX_NVALUES];	/* only when weighted */
	double		sum_w2[CX_NVALUES]; /* only when weighted */
} cx_hist;

typedef enum cx_status
{
	CX_OK = 0,
	CX_ERR_OVERFLOW,			/* an int64 counter would wrap */
	CX_ERR_NEGATIVE,			/* a counter would go below zero */
	CX_ERR_RANGE,				/* a value outside 0..100 */
	CX_ERR_WEIGHT_OVERFLOW		/* a sum of weights leaves double precision */
} cx_status;

void		cx_hist_init(cx_hist *h);
cx_status	cx_hist_add_value(cx_hist *h, int value, int64_t times);
cx_status	cx_hist_sub_value(cx_hist *h, int value, int64_t times);
cx_status	cx_hist_merge(cx_hist *into, const cx_hist *from);

/* Count one answer of weight w (finite, >= 0; the caller checks); makes h
 * weighted.  CX_ERR_WEIGHT_OVERFLOW when a sum of weights would leave double
 * precision or w^2 underflows to 0, CX_ERR_OVERFLOW when the count would
 * overflow; h is unchanged on error. */
cx_status	cx_hist_add_weighted(cx_hist *h, int value, double w);

/* Turn an unweighted histogram into the weighted one with every weight 1. */
void		cx_hist_make_weighted(cx_hist *h);

/* Sum of the weights of the answers with lo <= value <= hi (the count when
 * unweighted), of all answers, and Kish's effective sample size
 * (sum w)^2 / sum w^2 (the count when unweighted; 0 when all weights are 0). */
double		cx_hist_weight_between(const cx_hist *h, int lo, int hi);
double		cx_hist_weight_total(const cx_hist *h);
double		cx_hist_effective_n(const cx_hist *h);

/* Whether there is anything to measure: answers, and not all of weight 0. */
bool		cx_hist_has_weight(const cx_hist *h);

/* Weighted share in percent of answers in [lo, hi]; the caller guarantees a
 * positive total weight.  Unweighted: exactly cx_percent_from_counts. */
double		cx_hist_percent_between(const cx_hist *h, int lo, int hi);

/* NPS in points; positive total weight.  Unweighted: cx_nps_from_counts. */
double		cx_hist_nps(const cx_hist *h, int promoter_min, int detractor_max);

/* Unbiased variance of the answers (n_eff - 1 in the denominator); the
 * caller guarantees n_eff > 1. */
double		cx_hist_variance(const cx_hist *h);

/*
 * from := from - what, the answers of from without those of what.
 * Containment is judged on counts: CX_ERR_NEGATIVE (from unchanged) when a
 * count would go negative.  Exact when neither is weighted.  Otherwise the
 * result is weighted: per value the count and both weight sums are
 * subtracted; a value whose count reaches 0 is dropped.  Rounding bound: each
 * stored sum of n weights is within (n - 1) units of roundoff of its exact
 * value, so each difference is within (n_a + n_b) * DBL_EPSILON * S_a of the
 * exact sum of the answers left (n_a, n_b the counts at that value, S_a
 * from's sum there).  A cell that rounding left invalid (a sum below 0, not
 * zero together, (sum w)^2 / sum w^2 outside [1, count]) is normalised by
 * moving one sum at most 4 such bounds; a cell that needs more is no
 * rounding (what's weights are not part of from's): CX_ERR_NEGATIVE too.
 * Nothing left gives the empty, unweighted histogram.
 */
cx_status	cx_hist_subtract(cx_hist *from, const cx_hist *what);
bool		cx_hist_equal(const cx_hist *a, const cx_hist *b);

/* Smallest and largest value with a non-zero count; -1 when empty. */
int			cx_hist_min_value(const cx_hist *h);
int			cx_hist_max_value(const cx_hist *h);

/* Number of answers with lo <= value <= hi (0 <= lo <= hi <= 100). */
int64_t		cx_hist_count_between(const cx_hist *h, int lo, int hi);

/* (Weighted) mean of the answers; the caller guarantees a positive total
 * weight. */
double		cx_hist_mean(const cx_hist *h);

/*
 * Metric formulas on counts, shared by the aggregates over raw answers and the
 * accessors on summaries so that both give bit-identical doubles.  Callers
 * guarantee n > 0.
 */
double		cx_nps_from_counts(int64_t n, int64_t promoters, int64_t detractors);
double		cx_percent_from_counts(int64_t n, int64_t hits);
double		cx_mean_from_sum(int64_t n, int64_t sum);

/* Overflow-checked int64 arithmetic (false on overflow). */
static inline bool
cx_add_i64(int64_t a, int64_t b, int64_t *result)
{
	return !__builtin_add_overflow(a, b, result);
}

static inline bool
cx_sub_i64(int64_t a, int64_t b, int64_t *result)
{
	return !__builtin_sub_overflow(a, b, result);
}

#endif							/* CX_HIST_H */
