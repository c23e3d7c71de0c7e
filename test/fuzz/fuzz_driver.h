/*
 * fuzz_driver.h: checks shared by the driver_summary fuzz targets.
 */
#ifndef CX_FUZZ_DRIVER_H
#define CX_FUZZ_DRIVER_H

#include "fuzz_common.h"
#include "cx_driver.h"

/*
 * An accepted state (parsed or decoded, then validated as the glue does):
 * every figure finite and in range, weights >= 0 summing to R^2 (within the
 * validation's tolerance), text and binary round trips exact, and the state
 * merged with itself (a rollup) still valid.
 */
static inline void
fuzz_check_driver(int k, int64_t n, const double *data)
{
	double	   *work = fuzz_malloc(sizeof(double) * cx_driver_work_size(k));
	double		corr[CX_DRIVER_MAX_K],
				beta[CX_DRIVER_MAX_K],
				weight[CX_DRIVER_MAX_K];
	bool		defined[CX_DRIVER_MAX_K];
	cx_driver_figures f = {.corr = corr, .corr_defined = defined, .beta = beta, .weight = weight};
	size_t		ndoubles = CX_DRIVER_DOUBLES(k);
	char	   *text = fuzz_malloc(cx_driver_text_size(k));
	size_t		len;
	char	   *exact;
	uint8_t    *wire = fuzz_malloc(cx_driver_wire_size(k));
	uint8_t    *wexact;
	double	   *back = fuzz_malloc(sizeof(double) * CX_DRIVER_MAX_DOUBLES);
	double	   *twice = fuzz_malloc(sizeof(double) * ndoubles);
	int64_t		back_n,
				twice_n = n;
	int			back_k;
	char		err[FUZZ_ERRLEN];

	cx_driver_analyze(k, n, data, work, &f);
	if (f.regression)
	{
		double		sum = 0;

		FUZZ_CHECK(isfinite(f.r2) && f.r2 >= 0 && f.r2 <= 1, "R^2 %.17g", f.r2);
		for (int j = 0; j < k; j++)
		{
			FUZZ_CHECK(isfinite(corr[j]) && fabs(corr[j]) <= 1, "correlation %.17g", corr[j]);
			FUZZ_CHECK(isfinite(beta[j]), "beta %.17g", beta[j]);
			FUZZ_CHECK(isfinite(weight[j]) && weight[j] >= 0, "weight %.17g", weight[j]);
			FUZZ_CHECK(defined[j] || (beta[j] == 0 && weight[j] == 0), "constant attribute %d", j);
			sum += weight[j];
		}
		FUZZ_CHECK(fabs(sum - f.r2) <= 1e-5 * f.r2 + 1e-12, "weights sum %.17g, R^2 %.17g", sum, f.r2);
	}

	len = cx_driver_format(k, n, data, text);
	FUZZ_CHECK(len < cx_driver_text_size(k) && len == strlen(text), "format length %zu", len);
	exact = fuzz_memdup(text, len);
	FUZZ_CHECK(cx_driver_parse(exact, len, &back_k, &back_n, back, err, sizeof(err)),
			   "own text rejected: %s", err);
	FUZZ_CHECK(back_k == k && back_n == n && memcmp(back, data, sizeof(double) * ndoubles) == 0,
			   "text round trip changes the value");

	cx_driver_encode(k, n, data, wire);
	wexact = fuzz_memdup(wire, cx_driver_wire_size(k));
	FUZZ_CHECK(cx_driver_decode(wexact, cx_driver_wire_size(k), &back_k, &back_n, back, err,
								sizeof(err)), "own binary form rejected: %s", err);
	FUZZ_CHECK(back_k == k && back_n == n && memcmp(back, data, sizeof(double) * ndoubles) == 0,
			   "binary round trip changes the value");

	memcpy(twice, data, sizeof(double) * ndoubles);
	if (cx_driver_merge(k, &twice_n, twice, n, data) == CX_OK)
		FUZZ_CHECK(cx_driver_validate(k, twice_n, twice, work, err, sizeof(err)),
				   "a state merged with itself is invalid: %s", err);
	else
		FUZZ_CHECK(twice_n == n && memcmp(twice, data, sizeof(double) * ndoubles) == 0,
				   "failed merge changed the state");

	free(work);
	free(text);
	free(exact);
	free(wire);
	free(wexact);
	free(back);
	free(twice);
}

#endif							/* CX_FUZZ_DRIVER_H */
