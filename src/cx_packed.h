/*
 * cx_packed.h: the stored (sparse) layout of a score_summary body.
 *
 * A bitmap marks which of the values 0..100 occur; the counts of those values
 * follow in ascending value order.  A value present in the bitmap can be
 * incremented in place (its slot is popcount of the lower bits), which is what
 * lets the score_summary aggregate update its state without allocating.
 * Pure C: no PostgreSQL calls.
 */
#ifndef CX_PACKED_H
#define CX_PACKED_H

#include "cx_hist.h"

#define CX_PRESENT_WORDS 2		/* 128 bits cover values 0..100 */

/* Number of distinct values with a non-zero count. */
int			cx_packed_ncounts(const cx_hist *h);

/* Fill the bitmap and the cx_packed_ncounts(h) counts. */
void		cx_packed_write(const cx_hist *h, uint64_t present[CX_PRESENT_WORDS],
							int64_t *counts);

/* Number of bits set in the bitmap. */
int			cx_packed_popcount(const uint64_t present[CX_PRESENT_WORDS]);

/* Slot of value in counts[], or -1 when the value is absent (or out of range). */
int			cx_packed_slot(const uint64_t present[CX_PRESENT_WORDS], int value);

/*
 * Decode into a dense histogram, validating everything: no bits above 100,
 * ncounts equal to the number of bits, every count > 0, and the counts
 * summing (without overflow) to total.  Returns false on any violation.
 */
bool		cx_packed_read(const uint64_t present[CX_PRESENT_WORDS],
						   const int64_t *counts, int ncounts, int64_t total,
						   cx_hist *out);

/* Weighted summaries also store, after the counts, the sums of weights and
 * of squared weights of the present values, in the same order. */
void		cx_packed_write_weights(const cx_hist *h, double *sum_w, double *sum_w2);

/*
 * After cx_packed_read: attach and validate those sums (finite, >= 0, and
 * zero together), making out weighted.  Returns false on any violation.
 */
bool		cx_packed_read_weights(const uint64_t present[CX_PRESENT_WORDS],
								   const double *sum_w, const double *sum_w2,
								   cx_hist *out);

/* Validity of one value's weight sums, shared by every decoder: finite,
 * >= 0 (not -0), zero together. */
bool		cx_weight_sums_valid(double sum_w, double sum_w2);

/*
 * Whether count weights can have these sums: then the value's own effective
 * size (sum_w)^2 / sum_w2 lies in [1, count] (checked with a 1e-9 relative
 * margin for rounding).  Zero sums are consistent with any count.
 */
bool		cx_weight_sums_consistent(int64_t count, double sum_w, double sum_w2);

#endif							/* CX_PACKED_H */
