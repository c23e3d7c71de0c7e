/*
 * test_unit.h: shared declarations for the cx_metrics core unit tests
 * (Debian `check` framework).  One suite per core module.
 */
#ifndef CX_TEST_UNIT_H
#define CX_TEST_UNIT_H

#include <check.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

Suite	   *hist_suite(void);
Suite	   *packed_suite(void);
Suite	   *text_suite(void);
Suite	   *wire_suite(void);
Suite	   *churn_suite(void);
Suite	   *csi_suite(void);
Suite	   *stats_suite(void);
Suite	   *compare_suite(void);
Suite	   *bayes_suite(void);
Suite	   *linalg_suite(void);
Suite	   *driver_suite(void);

/*
 * Heap copy of exactly len bytes (no terminator), so that AddressSanitizer
 * and valgrind report any read past the length a function was given.
 */
void	   *test_memdup(const void *p, size_t len);

/* Tolerance for doubles whose exact value is not representable. */
#define TEST_TOL 1e-12

/*
 * |got - expected| <= rel * |expected|: for reference values computed
 * independently (scipy), which may differ from ours in the last bits.
 */
#define ck_assert_double_rel(got, expected, rel) \
	do { \
		double		ck_got_ = (got); \
		double		ck_exp_ = (expected); \
		ck_assert_msg(fabs(ck_got_ - ck_exp_) <= (rel) * fabs(ck_exp_), \
					  "%s = %.17g, expected %.17g (relative %g)", \
					  #got, ck_got_, ck_exp_, (double) (rel)); \
	} while (0)

/* Same double bit for bit (tells 0.0 from -0.0, compares NaN payloads). */
#define ck_assert_double_bits(got, expected) \
	do { \
		double		ck_got_ = (got); \
		double		ck_exp_ = (expected); \
		ck_assert_msg(memcmp(&ck_got_, &ck_exp_, sizeof(double)) == 0, \
					  "%s = %.17g, expected exactly %.17g", #got, ck_got_, ck_exp_); \
	} while (0)

#endif							/* CX_TEST_UNIT_H */
