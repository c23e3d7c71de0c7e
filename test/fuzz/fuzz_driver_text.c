/*
 * fuzz_driver_text.c: driver_summary_in's parser and checks, as the glue
 * calls them: cx_driver_parse on the C string, then cx_driver_validate.
 * Never a crash; the same answer with and without the terminator; an
 * accepted state passes fuzz_check_driver (figures finite and in range,
 * exact round trips).
 */
#include "fuzz_driver.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		len;
	char	   *text = fuzz_cstring(data, size, &len);
	char	   *exact = fuzz_memdup(text, len);
	double	   *values = fuzz_malloc(sizeof(double) * CX_DRIVER_MAX_DOUBLES);
	double	   *values2 = fuzz_malloc(sizeof(double) * CX_DRIVER_MAX_DOUBLES);
	int			k = 0,
				k2 = 0;
	int64_t		n = 0,
				n2 = 0;
	char		err[FUZZ_ERRLEN] = "";
	char		err2[FUZZ_ERRLEN] = "";
	bool		ok;

	ok = cx_driver_parse(text, len, &k, &n, values, err, sizeof(err));
	FUZZ_CHECK(cx_driver_parse(exact, len, &k2, &n2, values2, err2, sizeof(err2)) == ok,
			   "result depends on the terminator");
	if (!ok)
		FUZZ_CHECK(err[0] != '\0', "empty reason");
	else
	{
		double	   *work = fuzz_malloc(sizeof(double) * cx_driver_work_size(k));

		FUZZ_CHECK(k >= 1 && k <= CX_DRIVER_MAX_K && n >= 0, "k %d n %lld", k, (long long) n);
		if (cx_driver_validate(k, n, values, work, err, sizeof(err)))
			fuzz_check_driver(k, n, values);
		else
			FUZZ_CHECK(err[0] != '\0', "empty reason");
		free(work);
	}
	free(text);
	free(exact);
	free(values);
	free(values2);
	return 0;
}
