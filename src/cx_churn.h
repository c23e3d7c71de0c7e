/*
 * cx_churn.h: churn over a period from customers' start and end instants
 * (pure C).  Instants are int64 on any scale (microseconds for timestamptz,
 * days for date); the period is the half-open [lo, hi).
 *
 * A customer is active at t when started <= t and (no end or ended > t).
 *   S    active at lo                     E     active at hi
 *   N    started in [lo, hi)              lost  ended in [lo, hi)
 *   S_lost  members of S no longer active at hi (ended <= hi)
 */
#ifndef CX_CHURN_H
#define CX_CHURN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cx_churn_counter
{
	CX_CHURN_S = 0,
	CX_CHURN_S_LOST,
	CX_CHURN_E,
	CX_CHURN_N,
	CX_CHURN_LOST,
	CX_CHURN_NCOUNTERS
} cx_churn_counter;

typedef enum cx_churn_basis
{
	CX_BASIS_START = 0,
	CX_BASIS_AVERAGE = 1,
	CX_BASIS_NEW = 2
} cx_churn_basis;

/* 'start', 'average' or 'new' (exact, lower case); false otherwise. */
bool		cx_churn_basis_parse(const char *text, size_t len, cx_churn_basis *basis);

/*
 * Bit (1 << counter) set for every counter the customer adds one to.  Inline:
 * it runs once per row.  Lost from S = no longer active at hi, so ended <= hi:
 * with ended < hi a customer ending exactly on a period boundary would be lost
 * in no period at all (not here, and not in the next one, whose start it is
 * no longer active at).
 */
static inline unsigned
cx_churn_classify(int64_t started, bool has_end, int64_t ended, int64_t lo, int64_t hi)
{
	bool		active_at_lo = started <= lo && (!has_end || ended > lo);
	bool		active_at_hi = started <= hi && (!has_end || ended > hi);

	return (unsigned) active_at_lo << CX_CHURN_S |
		(unsigned) (active_at_lo && !active_at_hi) << CX_CHURN_S_LOST |
		(unsigned) active_at_hi << CX_CHURN_E |
		(unsigned) (started >= lo && started < hi) << CX_CHURN_N |
		(unsigned) (has_end && ended >= lo && ended < hi) << CX_CHURN_LOST;
}

/* Churn rate in percent; false when its denominator is zero. */
bool		cx_churn_rate(const int64_t counts[CX_CHURN_NCOUNTERS],
						  cx_churn_basis basis, double *rate);

#endif							/* CX_CHURN_H */
