/*
 * test_churn.c: churn classification and rates (cx_churn.h).
 *
 * Boundary semantics pinned here (from cx_churn.h):
 *   active at t  <=>  started <= t  and  (no end  or  ended > t)
 *   period       [lo, hi)
 *   S       active at lo            E     active at hi
 *   N       lo <= started < hi      LOST  lo <= ended < hi
 *   S_LOST  member of S no longer active at hi (ended <= hi)
 *
 * So a customer ending exactly at hi is lost in [lo, hi) on the start basis
 * (S_LOST) but counted in LOST of the next period [hi, ...); one ending
 * exactly at lo is in LOST of [lo, hi) but not in S.
 */
#include "test_unit.h"

#include <stdlib.h>
#include <string.h>

#include "cx_churn.h"

#define B_S			(1u << CX_CHURN_S)
#define B_S_LOST	(1u << CX_CHURN_S_LOST)
#define B_E			(1u << CX_CHURN_E)
#define B_N			(1u << CX_CHURN_N)
#define B_LOST		(1u << CX_CHURN_LOST)

#define LO 100
#define HI 200

static const struct
{
	const char *what;
	int64_t		started;
	bool		has_end;
	int64_t		ended;
	unsigned	expected;
}			cases[] = {
	/* never ends */
	{"starts before lo, never ends", 50, false, 0, B_S | B_E},
	{"starts at lo-1, never ends", LO - 1, false, 0, B_S | B_E},
	{"starts exactly at lo, never ends", LO, false, 0, B_S | B_N | B_E},
	{"starts inside, never ends", 150, false, 0, B_N | B_E},
	{"starts at hi-1, never ends", HI - 1, false, 0, B_N | B_E},
	{"starts exactly at hi, never ends", HI, false, 0, B_E},	/* active at hi, not new */
	{"starts after hi, never ends", 250, false, 0, 0},
	/* ended is ignored without has_end (here it would be before lo) */
	{"no end, garbage ended value", 50, false, 10, B_S | B_E},

	/* starts before lo */
	{"ends before lo", 50, true, 80, 0},
	{"ends at lo-1", 50, true, LO - 1, 0},
	/* ended == lo: not active at lo (ended > lo fails), but lost in [lo, hi) */
	{"ends exactly at lo", 50, true, LO, B_LOST},
	{"ends at lo+1", 50, true, LO + 1, B_S | B_S_LOST | B_LOST},
	{"ends inside", 50, true, 150, B_S | B_S_LOST | B_LOST},
	{"ends at hi-1", 50, true, HI - 1, B_S | B_S_LOST | B_LOST},
	/* ended == hi: active at lo, not at hi -> S_LOST; but LOST needs ended < hi */
	{"ends exactly at hi", 50, true, HI, B_S | B_S_LOST},
	{"ends at hi+1", 50, true, HI + 1, B_S | B_E},
	{"ends after hi", 50, true, 250, B_S | B_E},

	/* starts exactly at lo */
	{"starts at lo, ends at lo", LO, true, LO, B_N | B_LOST},
	{"starts at lo, ends inside", LO, true, 150, B_S | B_S_LOST | B_N | B_LOST},
	{"starts at lo, ends at hi", LO, true, HI, B_S | B_S_LOST | B_N},
	{"starts at lo, ends after hi", LO, true, 250, B_S | B_N | B_E},

	/* starts inside */
	{"starts inside, ends inside", 120, true, 150, B_N | B_LOST},
	{"starts inside, ends at hi-1", 120, true, HI - 1, B_N | B_LOST},
	{"starts inside, ends exactly at hi", 120, true, HI, B_N},
	{"starts inside, ends after hi", 120, true, 250, B_N | B_E},

	/* starts at or after hi */
	{"starts at hi, ends after hi", HI, true, 250, B_E},
	{"starts at hi, ends at hi", HI, true, HI, 0},
	{"starts after hi, ends after hi", 250, true, 300, 0},
};

START_TEST(test_classify)
{
	unsigned	got = cx_churn_classify(cases[_i].started, cases[_i].has_end,
										cases[_i].ended, LO, HI);

	ck_assert_msg(got == cases[_i].expected, "%s: got 0x%x, expected 0x%x",
				  cases[_i].what, got, cases[_i].expected);
}
END_TEST

START_TEST(test_classify_extreme_instants)
{
	/* whole int64 range as the period; no arithmetic on instants may overflow */
	ck_assert_uint_eq(cx_churn_classify(INT64_MIN, false, 0, INT64_MIN, INT64_MAX),
					  B_S | B_N | B_E);
	/* ended == hi == INT64_MAX: not active at hi, so S_LOST; not in LOST */
	ck_assert_uint_eq(cx_churn_classify(INT64_MIN, true, INT64_MAX, INT64_MIN, INT64_MAX),
					  B_S | B_S_LOST | B_N);
	ck_assert_uint_eq(cx_churn_classify(INT64_MIN, true, INT64_MAX - 1, INT64_MIN, INT64_MAX),
					  B_S | B_S_LOST | B_N | B_LOST);
	ck_assert_uint_eq(cx_churn_classify(INT64_MAX, false, 0, INT64_MIN, INT64_MAX), B_E);
}
END_TEST

START_TEST(test_rate_start_basis)
{
	int64_t		counts[CX_CHURN_NCOUNTERS] = {0};
	double		rate = -1;

	counts[CX_CHURN_S] = 40;
	counts[CX_CHURN_S_LOST] = 10;
	counts[CX_CHURN_E] = 44;
	counts[CX_CHURN_N] = 8;
	counts[CX_CHURN_LOST] = 12;
	/* 100 * 10 / 40 = 25 */
	ck_assert(cx_churn_rate(counts, CX_BASIS_START, &rate));
	ck_assert_double_eq(rate, 25.0);
	/* 100 * 12 / ((40 + 44) / 2) = 1200 / 42 = 28.571428... */
	ck_assert(cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert_double_eq_tol(rate, 28.571428571428571, TEST_TOL);
	/* 100 * 12 / 8 = 150: the `new` basis can exceed 100 */
	ck_assert(cx_churn_rate(counts, CX_BASIS_NEW, &rate));
	ck_assert_double_eq(rate, 150.0);
}
END_TEST

START_TEST(test_rate_zero_denominator)
{
	int64_t		counts[CX_CHURN_NCOUNTERS] = {0};
	double		rate = -1;

	/* start: S = 0 (with losses elsewhere) */
	counts[CX_CHURN_E] = 5;
	counts[CX_CHURN_N] = 5;
	counts[CX_CHURN_LOST] = 3;
	ck_assert(!cx_churn_rate(counts, CX_BASIS_START, &rate));
	/* but average (0 + 5) / 2 = 2.5 is defined: 100 * 3 / 2.5 = 120 */
	ck_assert(cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert_double_eq(rate, 120.0);

	/* average: S = E = 0 */
	memset(counts, 0, sizeof(counts));
	counts[CX_CHURN_N] = 2;
	counts[CX_CHURN_LOST] = 2;
	ck_assert(!cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert(!cx_churn_rate(counts, CX_BASIS_START, &rate));
	/* new: 100 * 2 / 2 = 100 */
	ck_assert(cx_churn_rate(counts, CX_BASIS_NEW, &rate));
	ck_assert_double_eq(rate, 100.0);

	/* new: N = 0 */
	memset(counts, 0, sizeof(counts));
	counts[CX_CHURN_S] = 10;
	counts[CX_CHURN_S_LOST] = 1;
	counts[CX_CHURN_E] = 9;
	counts[CX_CHURN_LOST] = 1;
	ck_assert(!cx_churn_rate(counts, CX_BASIS_NEW, &rate));
	/* start: 100 * 1 / 10 = 10 */
	ck_assert(cx_churn_rate(counts, CX_BASIS_START, &rate));
	ck_assert_double_eq(rate, 10.0);

	/* everything zero: no basis is defined */
	memset(counts, 0, sizeof(counts));
	ck_assert(!cx_churn_rate(counts, CX_BASIS_START, &rate));
	ck_assert(!cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert(!cx_churn_rate(counts, CX_BASIS_NEW, &rate));
}
END_TEST

START_TEST(test_rate_average_half_denominator)
{
	int64_t		counts[CX_CHURN_NCOUNTERS] = {0};
	double		rate = -1;

	/* S = 0, E = 1: denominator (0 + 1) / 2 = 0.5, not 0 (no integer division) */
	counts[CX_CHURN_E] = 1;
	counts[CX_CHURN_LOST] = 1;
	ck_assert(cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert_double_eq(rate, 200.0);	/* 100 * 1 / 0.5 */
	/* S = 3, E = 0: (3 + 0) / 2 = 1.5 -> 100 * 1 / 1.5 = 66.666... */
	counts[CX_CHURN_S] = 3;
	counts[CX_CHURN_E] = 0;
	ck_assert(cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert_double_eq_tol(rate, 66.666666666666667, TEST_TOL);
}
END_TEST

START_TEST(test_rate_large_counts)
{
	int64_t		counts[CX_CHURN_NCOUNTERS] = {0};
	double		rate = -1;

	/* (S + E) must not be summed in int64: INT64_MAX + INT64_MAX */
	counts[CX_CHURN_S] = INT64_MAX;
	counts[CX_CHURN_E] = INT64_MAX;
	counts[CX_CHURN_LOST] = INT64_MAX;
	counts[CX_CHURN_S_LOST] = INT64_MAX;
	ck_assert(cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert_double_eq_tol(rate, 100.0, TEST_TOL);
	ck_assert(cx_churn_rate(counts, CX_BASIS_START, &rate));
	ck_assert_double_eq_tol(rate, 100.0, TEST_TOL);
}
END_TEST

START_TEST(test_population_end_to_end)
{
	/*
	 * Quarter [0, 90) in days.
	 *   c1 started -100, active            S E
	 *   c2 -50 .. 30                        S S_LOST LOST
	 *   c3 -10 .. 90  (ends exactly at hi)  S S_LOST
	 *   c4  10 .. 60                        N LOST
	 *   c5  20, active                      N E
	 *   c6 -30 .. 0   (ends exactly at lo)  LOST
	 *   c7  95, active (starts after hi)    -
	 * S = 3, S_LOST = 2, E = 2, N = 2, LOST = 3
	 */
	static const struct
	{
		int64_t		started;
		bool		has_end;
		int64_t		ended;
	}			pop[] = {
		{-100, false, 0}, {-50, true, 30}, {-10, true, 90}, {10, true, 60},
		{20, false, 0}, {-30, true, 0}, {95, false, 0},
	};
	int64_t		counts[CX_CHURN_NCOUNTERS] = {0};
	double		rate = -1;

	for (size_t i = 0; i < sizeof(pop) / sizeof(pop[0]); i++)
	{
		unsigned	bits = cx_churn_classify(pop[i].started, pop[i].has_end, pop[i].ended, 0, 90);

		ck_assert_uint_eq(bits >> CX_CHURN_NCOUNTERS, 0);	/* no stray bits */
		for (int c = 0; c < CX_CHURN_NCOUNTERS; c++)
			if (bits & (1u << c))
				counts[c]++;
	}
	ck_assert_int_eq(counts[CX_CHURN_S], 3);
	ck_assert_int_eq(counts[CX_CHURN_S_LOST], 2);
	ck_assert_int_eq(counts[CX_CHURN_E], 2);
	ck_assert_int_eq(counts[CX_CHURN_N], 2);
	ck_assert_int_eq(counts[CX_CHURN_LOST], 3);
	/* start: 100 * 2 / 3 = 66.666... */
	ck_assert(cx_churn_rate(counts, CX_BASIS_START, &rate));
	ck_assert_double_eq_tol(rate, 66.666666666666667, TEST_TOL);
	/* average: 100 * 3 / ((3 + 2) / 2) = 300 / 2.5 = 120 */
	ck_assert(cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert_double_eq(rate, 120.0);
	/* new: 100 * 3 / 2 = 150 */
	ck_assert(cx_churn_rate(counts, CX_BASIS_NEW, &rate));
	ck_assert_double_eq(rate, 150.0);
}
END_TEST

START_TEST(test_start_members_lost_or_retained)
{
	/*
	 * Every member of S is either still active at hi (E) or lost (S_LOST),
	 * never both, never neither: S = S_LOST + (S and E).
	 */
	for (int64_t started = LO - 2; started <= LO; started++)
		for (int64_t ended = LO - 2; ended <= HI + 2; ended++)
			for (int has_end = 0; has_end <= 1; has_end++)
			{
				unsigned	bits = cx_churn_classify(started, has_end, ended, LO, HI);

				if (!(bits & B_S))
				{
					ck_assert_msg(!(bits & B_S_LOST), "S_LOST outside S: %lld..%lld",
								  (long long) started, (long long) ended);
					continue;
				}
				ck_assert_msg(((bits & B_S_LOST) != 0) != ((bits & B_E) != 0),
							  "started %lld ended %lld (has_end %d): bits 0x%x",
							  (long long) started, (long long) ended, has_end, bits);
			}
}
END_TEST

START_TEST(test_boundary_churner_lost_once)
{
	/*
	 * Consecutive periods [0,100), [100,200), [200,300).  A customer active
	 * since -50 who ends at e in (0, 300] is counted in S_LOST of exactly
	 * one of them; in LOST of exactly one when e < 300.
	 */
	static const int64_t bounds[] = {0, 100, 200, 300};

	for (int64_t e = 1; e <= 300; e++)
	{
		int			s_lost = 0,
					lost = 0;

		for (int p = 0; p < 3; p++)
		{
			unsigned	bits = cx_churn_classify(-50, true, e, bounds[p], bounds[p + 1]);

			s_lost += (bits & B_S_LOST) != 0;
			lost += (bits & B_LOST) != 0;
		}
		ck_assert_msg(s_lost == 1, "ended %lld: in S_LOST of %d periods", (long long) e, s_lost);
		ck_assert_msg(lost == (e < 300 ? 1 : 0), "ended %lld: in LOST of %d periods",
					  (long long) e, lost);
	}
}
END_TEST

/* ---- basis names ---- */

static bool
basis_exact(const char *text, size_t len, cx_churn_basis *basis)
{
	char	   *copy = test_memdup(text, len);
	bool		ok = cx_churn_basis_parse(copy, len, basis);

	free(copy);
	return ok;
}

START_TEST(test_basis_parse_accepts)
{
	cx_churn_basis b;

	b = CX_BASIS_NEW;
	ck_assert(basis_exact("start", 5, &b));
	ck_assert_int_eq(b, CX_BASIS_START);
	b = CX_BASIS_START;
	ck_assert(basis_exact("average", 7, &b));
	ck_assert_int_eq(b, CX_BASIS_AVERAGE);
	b = CX_BASIS_START;
	ck_assert(basis_exact("new", 3, &b));
	ck_assert_int_eq(b, CX_BASIS_NEW);
	/* the length, not a terminator, delimits the name */
	b = CX_BASIS_START;
	ck_assert(basis_exact("newer", 3, &b));
	ck_assert_int_eq(b, CX_BASIS_NEW);
	ck_assert_int_eq(CX_BASIS_START, 0);	/* the default basis is 0 */
}
END_TEST

static const char *const bad_basis[] = {
	"Start", "START", "star", "", "starts", " start", "start ", "avg", "averag",
	"Average", "new ", "NEW", "ne", "end", "start\0",
};

START_TEST(test_basis_parse_rejects)
{
	const char *text = bad_basis[_i];
	size_t		len = strlen(text);
	cx_churn_basis b = CX_BASIS_AVERAGE;

	if (_i == (int) (sizeof(bad_basis) / sizeof(bad_basis[0])) - 1)
		len = 6;				/* "start" plus a NUL byte */
	ck_assert_msg(!basis_exact(text, len, &b), "basis #%d \"%s\" accepted", _i, text);
}
END_TEST

Suite *
churn_suite(void)
{
	Suite	   *s = suite_create("churn");
	TCase	   *tc = tcase_create("classify");
	TCase	   *tr = tcase_create("rate");
	TCase	   *tb = tcase_create("basis");

	tcase_add_loop_test(tc, test_classify, 0, (int) (sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_classify_extreme_instants);
	tcase_add_test(tc, test_start_members_lost_or_retained);
	tcase_add_test(tc, test_boundary_churner_lost_once);
	suite_add_tcase(s, tc);

	tcase_add_test(tr, test_rate_start_basis);
	tcase_add_test(tr, test_rate_zero_denominator);
	tcase_add_test(tr, test_rate_average_half_denominator);
	tcase_add_test(tr, test_rate_large_counts);
	tcase_add_test(tr, test_population_end_to_end);
	suite_add_tcase(s, tr);

	tcase_add_test(tb, test_basis_parse_accepts);
	tcase_add_loop_test(tb, test_basis_parse_rejects, 0, (int) (sizeof(bad_basis) / sizeof(bad_basis[0])));
	suite_add_tcase(s, tb);
	return s;
}
