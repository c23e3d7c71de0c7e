/*
 * cx_linalg.h: small dense symmetric linear algebra for key-driver analysis
 * (pure C, no allocation: the caller passes every buffer).
 *
 * Matrices are square, row-major, n x n with n <= CX_LINALG_MAX_N.  Cyclic
 * Jacobi rotations are accurate and simple at this size (n <= 64).
 */
#ifndef CX_LINALG_H
#define CX_LINALG_H

#include <stdbool.h>
#include <stddef.h>

#define CX_LINALG_MAX_N 64

/* Eigenvalues at or below this fraction of the largest count as zero. */
#define CX_LINALG_RANK_TOL 1e-10

/*
 * Eigendecomposition of the symmetric matrix a (n x n; only the values are
 * used, a is overwritten): a = V diag(w) V^T, eigenvector j in column j of v.
 * Eigenvalues in descending order.  Returns false if the rotations did not
 * converge (never seen on finite input; the result is then still usable).
 */
bool		cx_sym_eigen(double *a, int n, double *w, double *v);

/*
 * Symmetric function of a decomposed matrix: out = V diag(f(w)) V^T with
 * f(w) = w^p for eigenvalues above CX_LINALG_RANK_TOL * max(w) and 0 for
 * the others (p = 0.5: square root; p = -1: pseudo-inverse; p = -0.5:
 * pseudo-inverse of the square root).
 */
void		cx_sym_power(const double *w, const double *v, int n, double p, double *out);

/* y = A x for the n x n matrix a. */
void		cx_matvec(const double *a, int n, const double *x, double *y);

/*
 * Regression figures from a correlation matrix of the predictors rxx (k x k,
 * symmetric, unit diagonal) and their correlations with the outcome rxy:
 * standardized betas (pseudo-inverse: minimum norm), R^2 = rxy . beta, and
 * Johnson's (2000) relative weights (each >= 0; rescaled to sum to R^2 where
 * rounding or an inconsistent matrix would make them drift).  k may be 0
 * (R^2 = 0).  work: cx_regression_work_size(k) doubles.
 */
size_t		cx_regression_work_size(int k);
void		cx_regression(const double *rxx, const double *rxy, int k, double *work,
						  double *beta, double *weight, double *r2);

#endif							/* CX_LINALG_H */
