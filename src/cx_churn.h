/*
 * cx_churn.h: churn over a period from customers' start and end instants
 * (pure C).  Instants are int64 on any scale (microseconds for timestamptz,
 * days for date); the period is the half-open [lo, hi).
 *
 * A customer is a customer at t when started <= t and (no end or ended > t).
 * Every start and end is booked in the period that contains its instant, and
 * the populations are counted just before the bounds (at the close of the
 * previous period):
 *   S       started < lo and (no end or ended >= lo)    customers at the start
 *   E       started < hi and (no end or ended >= hi)    customers at the end
 *   N       lo <= started < hi                          new
 *   L       lo <= ended < hi                            lost
 *   S_LOST  S and L
 * For a customer with ended >= started, S + N - L = E (each term 0 or 1), so
 * the same holds for the counts of any group; and a customer is in L of
 * exactly one of any sequence of consecutive periods covering its end.
 */
#ifndef CX_CHURN_H
#define CX_CHURN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Counter slots of the churn state.  The state is a bigint[] that users can
 * store (partial aggregates, dumps, states shipped between nodes), so these
 * numbers are a stored format: never renumber them, only append.
 */
typedef enum cx_churn_counter
{
	CX_CHURN_S = 0,
	CX_CHURN_S_LOST = 1,
	CX_CHURN_E = 2,
	CX_CHURN_N = 3,
	CX_CHURN_LOST = 4,
	CX_CHURN_NCOUNTERS = 5
} cx_churn_counter;

/* Stored in the state too (the basis slot): never renumber. */
typedef enum cx_churn_basis
{
	CX_BASIS_START = 0,
	CX_BASIS_AVERAGE = 1,
	CX_BASIS_NEW = 2
} cx_churn_basis;

/* The basis slot before the first row has set the period. */
#define CX_CHURN_NO_BASIS (-1)

/*
 * The churn_rate(started_at, ended_at, period [, basis]) state, bigint[8]:
 * the counters, the basis (CX_CHURN_NO_BASIS until the first row), and the
 * period as [lo, hi) on the input's scale.  A stored format, like the enums.
 */
typedef struct cx_churn_state
{
	int64_t		counts[CX_CHURN_NCOUNTERS];
	int64_t		basis;
	int64_t		lo;
	int64_t		hi;
} cx_churn_state;

#define CX_CHURN_STATE_SLOTS ((int) (sizeof(cx_churn_state) / sizeof(int64_t)))

_Static_assert(sizeof(cx_churn_state) == 8 * sizeof(int64_t),
			   "the churn state is a stored bigint[8]");

/* 'start', 'average' or 'new' (exact, lower case); false otherwise. */
bool		cx_churn_basis_parse(const char *text, size_t len, cx_churn_basis *basis);

/*
 * Bit (1 << counter) set for every counter the customer adds one to.  Inline:
 * it runs once per row.  No arithmetic on instants, so any int64 is safe.
 */
static inline unsigned
cx_churn_classify(int64_t started, bool has_end, int64_t ended, int64_t lo, int64_t hi)
{
	bool		in_s = started < lo && (!has_end || ended >= lo);
	bool		in_e = started < hi && (!has_end || ended >= hi);
	bool		in_n = started >= lo && started < hi;
	bool		in_l = has_end && ended >= lo && ended < hi;

	return (unsigned) in_s << CX_CHURN_S |
		(unsigned) (in_s && in_l) << CX_CHURN_S_LOST |
		(unsigned) in_e << CX_CHURN_E |
		(unsigned) in_n << CX_CHURN_N |
		(unsigned) in_l << CX_CHURN_LOST;
}

/*
 * Whether the state can come from rows with ended >= started: counters not
 * negative, S_LOST within S and L, the losses of new customers (L - S_LOST)
 * within N, E = S + N - L, and a known basis with lo < hi once set (all
 * counters zero before).  Rejects hand-made or corrupted states.
 */
bool		cx_churn_state_valid(const cx_churn_state *state);

/* Churn rate in percent; false when its denominator is zero. */
bool		cx_churn_rate(const int64_t counts[CX_CHURN_NCOUNTERS],
						  cx_churn_basis basis, double *rate);

#endif							/* CX_CHURN_H */
