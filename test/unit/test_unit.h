/*
 * test_unit.h: shared declarations for the cx_metrics core unit tests
 * (Debian `check` framework).  One suite per core module.
 */
#ifndef CX_TEST_UNIT_H
#define CX_TEST_UNIT_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

Suite	   *hist_suite(void);
Suite	   *packed_suite(void);
Suite	   *text_suite(void);
Suite	   *wire_suite(void);
Suite	   *churn_suite(void);
Suite	   *csi_suite(void);

/*
 * Heap copy of exactly len bytes (no terminator), so that AddressSanitizer
 * and valgrind report any read past the length a function was given.
 */
void	   *test_memdup(const void *p, size_t len);

/* Tolerance for doubles whose exact value is not representable. */
#define TEST_TOL 1e-12

#endif							/* CX_TEST_UNIT_H */
