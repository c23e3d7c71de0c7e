/*
 * cx_driver.h: key-driver analysis state (pure C).
 *
 * For an outcome y and k attributes x_1..x_k (k = 1..64): the number of rows
 * n, the means of the m = k + 1 variables (y first) and their co-moment
 * matrix C[i][j] = sum over rows of (v_i - mean_i)(v_j - mean_j), kept as its
 * upper triangle row by row: C00 C01 .. C0k C11 C12 .. Ckk.  Rows are added
 * with Welford's update and states merged with Chan's formulas, so no raw sum
 * of squares is ever formed.
 *
 * A state is "data": the m means followed by the m(m+1)/2 co-moments
 * (CX_DRIVER_DOUBLES(k) doubles), with k and n beside it.
 *
 * Text form (a JSON object, keys in this order):
 *   {"n":3,"k":1,"means":[4,3],"comoments":[2,1,0.5]}
 * Binary form (network order): u8 version 1, u8 flags 0, u16 reserved 0,
 * u32 k, i64 n, then the CX_DRIVER_DOUBLES(k) doubles as IEEE 754 bits.
 */
#ifndef CX_DRIVER_H
#define CX_DRIVER_H

#include <float.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cx_hist.h"			/* cx_status */

#define CX_DRIVER_VERSION 1
#define CX_DRIVER_MAX_K 64

#define CX_DRIVER_M(k) ((size_t) (k) + 1)
#define CX_DRIVER_TRI(k) (CX_DRIVER_M(k) * (CX_DRIVER_M(k) + 1) / 2)
#define CX_DRIVER_DOUBLES(k) (CX_DRIVER_M(k) + CX_DRIVER_TRI(k))
#define CX_DRIVER_MAX_DOUBLES CX_DRIVER_DOUBLES(CX_DRIVER_MAX_K)

/* Index of C[i][j], i <= j < m, in the packed upper triangle. */
static inline size_t
cx_driver_tri_index(size_t m, size_t i, size_t j)
{
	return i * m - i * (i - 1) / 2 + (j - i);
}

/*
 * Smallest eigenvalue of the correlation form of C accepted, relative to the
 * largest: the co-moments of collinear data are positive semi-definite only
 * up to their rounding.
 */
#define CX_DRIVER_PSD_TOL 1e-8

/*
 * Largest sum of squared deviations (co-moment C_ii) an update or merge may
 * produce: a quarter of the largest double, so that the co-moments, bounded
 * by sqrt(C_ii C_jj), stay finite without checking each of them per row.
 */
#define CX_DRIVER_MAX_VARIANCE (DBL_MAX / 4)

/* Empty state: n = 0, every mean and co-moment 0. */
void		cx_driver_init(int k, int64_t *n, double *data);

/*
 * Add one row: outcome y and attributes x[0..k-1].  CX_ERR_OVERFLOW when n
 * would pass INT64_MAX, a value is NaN or infinite, a mean leaves the doubles
 * or a variance passes CX_DRIVER_MAX_VARIANCE: the state is then partly
 * updated and must be discarded (the caller tells bad input from overflow).
 */
cx_status	cx_driver_add(int k, int64_t *n, double *data, double y, const double *x);

/*
 * into += from (same k).  CX_ERR_OVERFLOW (into unchanged) when the count or a
 * value would overflow, or a variance would pass CX_DRIVER_MAX_VARIANCE.
 */
cx_status	cx_driver_merge(int k, int64_t *n_into, double *into,
							int64_t n_from, const double *from);

/*
 * Checks of a state from outside (text, binary, stored): 1 <= k <= 64,
 * n >= 0, every value finite, an empty state all zero, one row without
 * co-moments, variances >= 0, a zero variance with zero co-moments, and the
 * co-moment matrix positive semi-definite within CX_DRIVER_PSD_TOL.
 * work: cx_driver_work_size(k) doubles.
 *
 * cx_driver_check_merge: the same without the positive semi-definite test
 * (an eigendecomposition): all that merging needs, for rollup's per-row use.
 * Every state it accepts merges without NaN or overflow surprises; the
 * accessors still run the full cx_driver_validate.
 */
size_t		cx_driver_work_size(int k);
bool		cx_driver_check_merge(int k, int64_t n, const double *data,
								  char *err, size_t errlen);
bool		cx_driver_validate(int k, int64_t n, const double *data, double *work,
							   char *err, size_t errlen);

/*
 * The figures of a state (work: cx_driver_work_size(k) doubles; the arrays
 * have k entries).
 *
 * regression is false when n < 2 or the outcome has zero variance: no
 * correlation, beta, weight or R^2 is defined.  Otherwise corr_defined[j] is
 * false for an attribute with zero variance, whose beta and weight are 0 and
 * which is left out of the regression; collinear attributes (eigenvalues of
 * their correlation matrix at most 1e-10 of the largest) get the
 * pseudo-inverse's minimum-norm betas.  Every result is finite.
 */
typedef struct cx_driver_figures
{
	bool		regression;
	double		r2;
	double	   *corr;			/* k */
	bool	   *corr_defined;	/* k */
	double	   *beta;			/* k */
	double	   *weight;			/* k: Johnson's raw relative weights */
} cx_driver_figures;

void		cx_driver_analyze(int k, int64_t n, const double *data, double *work,
							  cx_driver_figures *out);

/* Text form; cx_driver_text_size(k) bytes are enough (with the NUL). */
size_t		cx_driver_text_size(int k);
size_t		cx_driver_format(int k, int64_t n, const double *data, char *buf);

/*
 * Parse the text form (syntax and sizes only: validate afterwards) into data,
 * which must hold CX_DRIVER_MAX_DOUBLES doubles.
 */
bool		cx_driver_parse(const char *text, size_t len, int *k, int64_t *n, double *data,
							char *err, size_t errlen);

/* Binary form: exactly cx_driver_wire_size(k) bytes. */
#define CX_DRIVER_WIRE_HEADER 16
size_t		cx_driver_wire_size(int k);
void		cx_driver_encode(int k, int64_t n, const double *data, uint8_t *buf);
bool		cx_driver_decode(const uint8_t *buf, size_t len, int *k, int64_t *n, double *data,
							 char *err, size_t errlen);

#endif							/* CX_DRIVER_H */
