/*
 * fuzz_driver_wire.c: driver_summary_recv's decoder and checks, as the glue
 * calls them: cx_driver_decode on the message bytes, then
 * cx_driver_validate.  An accepted state passes fuzz_check_driver and
 * encode(decode(x)) == x byte for byte.
 */
#include "fuzz_driver.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double	   *values = fuzz_malloc(sizeof(double) * CX_DRIVER_MAX_DOUBLES);
	int			k = 0;
	int64_t		n = 0;
	char		err[FUZZ_ERRLEN] = "";

	if (!cx_driver_decode(data, size, &k, &n, values, err, sizeof(err)))
		FUZZ_CHECK(err[0] != '\0', "empty reason");
	else
	{
		double	   *work = fuzz_malloc(sizeof(double) * cx_driver_work_size(k));
		uint8_t    *wire = fuzz_malloc(cx_driver_wire_size(k));

		FUZZ_CHECK(size == cx_driver_wire_size(k), "decoded %zu bytes for k %d", size, k);
		cx_driver_encode(k, n, values, wire);
		FUZZ_CHECK(memcmp(wire, data, size) == 0, "encode(decode(x)) != x");
		if (cx_driver_validate(k, n, values, work, err, sizeof(err)))
			fuzz_check_driver(k, n, values);
		else
			FUZZ_CHECK(err[0] != '\0', "empty reason");
		free(work);
		free(wire);
	}
	free(values);
	return 0;
}
