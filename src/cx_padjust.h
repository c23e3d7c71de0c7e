/*
 * cx_padjust.h: p-values adjusted for multiple comparisons, as R's p.adjust
 * (pure C).  Formulas: metrics.md §8.
 */
#ifndef CX_PADJUST_H
#define CX_PADJUST_H

#include <stdbool.h>
#include <stddef.h>

typedef enum cx_padjust_method
{
	CX_PADJUST_BONFERRONI,
	CX_PADJUST_HOLM,
	CX_PADJUST_BH				/* Benjamini-Hochberg */
} cx_padjust_method;

/* 'bonferroni', 'holm', 'bh' ('BH' and 'fdr' as in R); false if unknown. */
bool		cx_padjust_parse(const char *name, size_t len, cx_padjust_method *method);

/*
 * adjusted[i] for the n p-values p[i] (each in [0, 1]), in R's order of
 * operations: bonferroni min(1, n p); holm min(1, cummax((n - i + 1) p_(i)));
 * bh min(1, cummin(n / i * p_(i)) from the largest).  order is scratch
 * space for n indexes.  adjusted may not alias p.
 */
void		cx_padjust(cx_padjust_method method, const double *p, size_t n,
					   double *adjusted, size_t *order);

#endif							/* CX_PADJUST_H */
