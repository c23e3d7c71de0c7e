/*
 * test_main.c: runs every core suite; exits non-zero on any failure.
 */
#include "test_unit.h"

#include <stdlib.h>
#include <string.h>

void *
test_memdup(const void *p, size_t len)
{
	void	   *copy = malloc(len);

	ck_assert_msg(copy != NULL || len == 0, "out of memory");
	if (len > 0)
		memcpy(copy, p, len);
	return copy;
}

int
main(void)
{
	SRunner    *sr = srunner_create(hist_suite());
	int			failed;

	srunner_add_suite(sr, packed_suite());
	srunner_add_suite(sr, text_suite());
	srunner_add_suite(sr, wire_suite());
	srunner_add_suite(sr, churn_suite());
	srunner_add_suite(sr, csi_suite());
	srunner_add_suite(sr, stats_suite());
	srunner_add_suite(sr, compare_suite());
	srunner_add_suite(sr, bayes_suite());
	srunner_add_suite(sr, linalg_suite());
	srunner_add_suite(sr, driver_suite());
	/* CK_VERBOSITY (silent, minimal, normal, verbose) may override normal */
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
