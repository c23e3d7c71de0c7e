/*
 * cx_linalg.c: symmetric eigendecomposition (cyclic Jacobi), symmetric
 * powers, and the regression figures of key-driver analysis.
 */
#include "cx_linalg.h"

#include <math.h>
#include <string.h>

#define MAX_SWEEPS 100

bool
cx_sym_eigen(double *a, int n, double *w, double *v)
{
	bool		converged = false;

	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			v[i * n + j] = (i == j) ? 1.0 : 0.0;

	for (int sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++)
	{
		double		off = 0.0;
		double		total = 0.0;

		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
			{
				double		sq = a[i * n + j] * a[i * n + j];

				total += sq;
				if (i != j)
					off += sq;
			}
		/* off-diagonal mass below rounding of the whole matrix: done */
		if (off == 0.0 || off <= 1e-32 * total)
		{
			converged = true;
			break;
		}
		for (int p = 0; p < n - 1; p++)
			for (int q = p + 1; q < n; q++)
			{
				double		apq = a[p * n + q];
				double		app = a[p * n + p];
				double		aqq = a[q * n + q];
				double		theta,
							t,
							c,
							s;

				if (fabs(apq) < 1e-300)
				{
					a[p * n + q] = a[q * n + p] = 0.0;
					continue;
				}
				theta = (aqq - app) / (2.0 * apq);
				/* tan of the angle that zeroes a[p][q]: the smaller root */
				if (fabs(theta) > 1e150)
					t = 0.5 / theta;
				else
					t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
				c = 1.0 / sqrt(t * t + 1.0);
				s = t * c;
				for (int k = 0; k < n; k++)
				{
					double		akp = a[k * n + p];
					double		akq = a[k * n + q];

					a[k * n + p] = c * akp - s * akq;
					a[k * n + q] = s * akp + c * akq;
				}
				for (int k = 0; k < n; k++)
				{
					double		apk = a[p * n + k];
					double		aqk = a[q * n + k];

					a[p * n + k] = c * apk - s * aqk;
					a[q * n + k] = s * apk + c * aqk;
				}
				a[p * n + q] = a[q * n + p] = 0.0;
				for (int k = 0; k < n; k++)
				{
					double		vkp = v[k * n + p];
					double		vkq = v[k * n + q];

					v[k * n + p] = c * vkp - s * vkq;
					v[k * n + q] = s * vkp + c * vkq;
				}
			}
	}

	for (int i = 0; i < n; i++)
		w[i] = a[i * n + i];
	/* descending order, eigenvectors along */
	for (int i = 0; i < n - 1; i++)
	{
		int			best = i;

		for (int j = i + 1; j < n; j++)
			if (w[j] > w[best])
				best = j;
		if (best != i)
		{
			double		tmp = w[i];

			w[i] = w[best];
			w[best] = tmp;
			for (int k = 0; k < n; k++)
			{
				tmp = v[k * n + i];
				v[k * n + i] = v[k * n + best];
				v[k * n + best] = tmp;
			}
		}
	}
	return converged;
}

/* f(w) for an eigenvalue: w^p above the rank threshold, 0 below. */
static double
power_of(double w, double threshold, double p)
{
	if (!(w > threshold))
		return 0.0;
	if (p == 1.0)
		return w;
	if (p == 0.5)
		return sqrt(w);
	if (p == -1.0)
		return 1.0 / w;
	if (p == -0.5)
		return 1.0 / sqrt(w);
	return pow(w, p);
}

static double
rank_threshold(const double *w, int n)
{
	/* w is sorted descending; nothing counts when the largest is not > 0 */
	return n > 0 && w[0] > 0 ? CX_LINALG_RANK_TOL * w[0] : INFINITY;
}

void
cx_sym_power(const double *w, const double *v, int n, double p, double *out)
{
	double		threshold = rank_threshold(w, n);

	memset(out, 0, sizeof(double) * (size_t) n * (size_t) n);
	for (int j = 0; j < n; j++)
	{
		double		f = power_of(w[j], threshold, p);

		if (f == 0.0)
			continue;
		for (int a = 0; a < n; a++)
		{
			double		fa = f * v[a * n + j];

			for (int b = 0; b < n; b++)
				out[a * n + b] += fa * v[b * n + j];
		}
	}
}

void
cx_matvec(const double *a, int n, const double *x, double *y)
{
	for (int i = 0; i < n; i++)
	{
		double		sum = 0.0;

		for (int j = 0; j < n; j++)
			sum += a[i * n + j] * x[j];
		y[i] = sum;
	}
}

size_t
cx_regression_work_size(int k)
{
	return 3 * (size_t) k * (size_t) k + 3 * (size_t) k;
}

void
cx_regression(const double *rxx, const double *rxy, int k, double *work,
			  double *beta, double *weight, double *r2)
{
	double	   *a = work;
	double	   *v = a + (size_t) k * k;
	double	   *half = v + (size_t) k * k;
	double	   *w = half + (size_t) k * k;
	double	   *u = w + k;
	double	   *bstar = u + k;
	double		threshold;
	double		fit = 0.0;
	double		total = 0.0;

	*r2 = 0.0;
	if (k == 0)
		return;
	memcpy(a, rxx, sizeof(double) * (size_t) k * k);
	(void) cx_sym_eigen(a, k, w, v);
	threshold = rank_threshold(w, k);

	/* u = V^T rxy: the outcome's correlations in the eigenbasis */
	for (int j = 0; j < k; j++)
	{
		double		sum = 0.0;

		for (int i = 0; i < k; i++)
			sum += v[i * k + j] * rxy[i];
		u[j] = sum;
	}

	/*
	 * beta = V diag(1/w) V^T rxy (minimum norm), beta* = V diag(w^-1/2) V^T
	 * rxy, and R^2 = rxy . beta = |beta*|^2 = sum u_j^2 / w_j: a sum of
	 * non-negative terms, so never below 0 whatever the rounding.
	 */
	for (int i = 0; i < k; i++)
	{
		beta[i] = 0.0;
		bstar[i] = 0.0;
	}
	for (int j = 0; j < k; j++)
	{
		double		inv = power_of(w[j], threshold, -1.0);
		double		isq = power_of(w[j], threshold, -0.5);

		if (inv == 0.0)
			continue;
		fit += u[j] * u[j] * inv;
		for (int i = 0; i < k; i++)
		{
			beta[i] += v[i * k + j] * inv * u[j];
			bstar[i] += v[i * k + j] * isq * u[j];
		}
	}
	/* the outcome's own correlation matrix bounds R^2 by 1 but for rounding */
	*r2 = fit > 1.0 ? 1.0 : fit;

	/* Johnson: epsilon_j = sum_m Lambda_half[j][m]^2 beta*_m^2 */
	cx_sym_power(w, v, k, 0.5, half);
	for (int j = 0; j < k; j++)
	{
		double		sum = 0.0;

		for (int m = 0; m < k; m++)
			sum += half[j * k + m] * half[j * k + m] * bstar[m] * bstar[m];
		weight[j] = sum;
		total += sum;
	}

	/*
	 * The weights sum to R^2 exactly when the dropped eigenvalues are 0 and
	 * the outcome's correlations are consistent with the attributes'.  A
	 * state accepted within rounding of that (or built by hand) can be off:
	 * rescale, so that the shares of R^2 always add up.
	 */
	if (total > 0.0)
	{
		double		scale = *r2 / total;

		for (int j = 0; j < k; j++)
			weight[j] *= scale;
	}
}
