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

/* Dense form: one counter per answer value. Invariant: every count >= 0 and
 * their sum fits in int64 (kept in total). */
typedef struct cx_hist
{
	int64_t		total;
	int64_t		count[CX_NVALUES];
} cx_hist;

typedef enum cx_status
{
	CX_OK = 0,
	CX_ERR_OVERFLOW,			/* an int64 counter would wrap */
	CX_ERR_NEGATIVE,			/* a counter would go below zero */
	CX_ERR_RANGE				/* a value outside 0..100 */
} cx_status;

void		cx_hist_init(cx_hist *h);
cx_status	cx_hist_add_value(cx_hist *h, int value, int64_t times);
cx_status	cx_hist_sub_value(cx_hist *h, int value, int64_t times);
cx_status	cx_hist_merge(cx_hist *into, const cx_hist *from);
cx_status	cx_hist_subtract(cx_hist *from, const cx_hist *what);
bool		cx_hist_equal(const cx_hist *a, const cx_hist *b);

/* Smallest and largest value with a non-zero count; -1 when empty. */
int			cx_hist_min_value(const cx_hist *h);
int			cx_hist_max_value(const cx_hist *h);

/* Number of answers with lo <= value <= hi (0 <= lo <= hi <= 100). */
int64_t		cx_hist_count_between(const cx_hist *h, int lo, int hi);

/* Mean of the answers; the caller guarantees total > 0. */
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
