/*
 * cx_padjust.c: Bonferroni, Holm and Benjamini-Hochberg adjustments.
 */
#include "cx_padjust.h"

#include <stdlib.h>
#include <string.h>

bool
cx_padjust_parse(const char *name, size_t len, cx_padjust_method *method)
{
#define IS(lit) (len == sizeof(lit) - 1 && memcmp(name, lit, len) == 0)
	if (IS("bonferroni"))
		*method = CX_PADJUST_BONFERRONI;
	else if (IS("holm"))
		*method = CX_PADJUST_HOLM;
	else if (IS("bh") || IS("BH") || IS("fdr"))
		*method = CX_PADJUST_BH;
	else
		return false;
	return true;
#undef IS
}

/* Ascending p, ties by position: a total order, so the result never
 * depends on the sort algorithm (tied p-values get equal results anyway). */
static const double *sort_p;

static int
by_p(const void *a, const void *b)
{
	size_t		i = *(const size_t *) a;
	size_t		j = *(const size_t *) b;

	if (sort_p[i] != sort_p[j])
		return sort_p[i] < sort_p[j] ? -1 : 1;
	return i < j ? -1 : (i > j ? 1 : 0);
}

static inline double
min1(double x)
{
	return x < 1.0 ? x : 1.0;
}

void
cx_padjust(cx_padjust_method method, const double *p, size_t n, double *adjusted,
		   size_t *order)
{
	double		m = (double) n;

	if (n == 0)
		return;
	if (method == CX_PADJUST_BONFERRONI)
	{
		for (size_t i = 0; i < n; i++)
			adjusted[i] = min1(m * p[i]);
		return;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sort_p = p;
	qsort(order, n, sizeof(size_t), by_p);
	sort_p = NULL;
	if (method == CX_PADJUST_HOLM)
	{
		/* step-down: rank k = 1..n from the smallest, (n - k + 1) p */
		double		running = 0.0;

		for (size_t k = 0; k < n; k++)
		{
			double		x = (m - (double) k) * p[order[k]];

			if (x > running)
				running = x;
			adjusted[order[k]] = min1(running);
		}
	}
	else
	{
		/* step-up: rank i = n..1 from the largest, n / i * p */
		double		running = 1.0;

		for (size_t k = n; k-- > 0;)
		{
			double		x = m / (double) (k + 1) * p[order[k]];

			if (x < running)
				running = x;
			adjusted[order[k]] = running;
		}
	}
}
