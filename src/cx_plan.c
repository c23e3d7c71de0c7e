/*
 * cx_plan.c: sample sizes for a margin of error.
 */
#include "cx_plan.h"

#include <math.h>

double
cx_nps_sample_size_raw(double margin, double z, double variance)
{
	double		d = margin / 100.0;

	/* n' = n + 3 in the adjusted-Wald interval, so 3 fewer raw answers */
	return z * z * variance / (d * d) - 3.0;
}

double
cx_proportion_sample_size_raw(double margin, double z, double proportion)
{
	double		d = margin / 100.0;

	return z * z * proportion * (1.0 - proportion) / (d * d);
}

int64_t
cx_sample_size_final(double n0, double population)
{
	double		n = n0;

	/* at most one answer needed: also keeps the correction's denominator > 0 */
	if (!(n > 1.0))
		return 1;
	/* n0 / (1 + (n0 - 1) / N) < N, and tends to N as n0 grows past the doubles */
	if (population > 0.0)
		n = isinf(n0) ? population : fmin(n0 / (1.0 + (n0 - 1.0) / population), population);
	n = ceil(n);
	if (!(n <= 2147483647.0))
		return -1;
	return n < 1.0 ? 1 : (int64_t) n;
}
