/*
 * test_churn.c: churn classification, state checks and rates (cx_churn.h).
 *
 * The period model pinned here, for [lo, hi):
 *   S       started < lo  and (no end or ended >= lo)   customers at the start
 *   E       started < hi  and (no end or ended >= hi)   customers at the end
 *   N       lo <= started < hi                          new
 *   LOST    lo <= ended < hi                            lost (L)
 *   S_LOST  S and LOST
 * So a customer ending exactly at lo is at the start and lost in [lo, hi)
 * under every basis; one ending exactly at hi is at the end and lost in the
 * next period; one starting exactly at lo is new, not at the start.
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
	{"starts exactly at lo, never ends", LO, false, 0, B_N | B_E},	/* new, not at the start */
	{"starts inside, never ends", 150, false, 0, B_N | B_E},
	{"starts at hi-1, never ends", HI - 1, false, 0, B_N | B_E},
	{"starts exactly at hi, never ends", HI, false, 0, 0},	/* new in the next period */
	{"starts after hi, never ends", 250, false, 0, 0},
	/* ended is ignored without has_end (here it would be before lo) */
	{"no end, garbage ended value", 50, false, 10, B_S | B_E},

	/* starts before lo */
	{"ends before lo", 50, true, 80, 0},
	{"ends at lo-1", 50, true, LO - 1, 0},
	/* ended == lo: a customer just before lo, lost at lo: S and L */
	{"ends exactly at lo", 50, true, LO, B_S | B_S_LOST | B_LOST},
	{"ends at lo+1", 50, true, LO + 1, B_S | B_S_LOST | B_LOST},
	{"ends inside", 50, true, 150, B_S | B_S_LOST | B_LOST},
	{"ends at hi-1", 50, true, HI - 1, B_S | B_S_LOST | B_LOST},
	/* ended == hi: still a customer just before hi, lost in the next period */
	{"ends exactly at hi", 50, true, HI, B_S | B_E},
	{"ends at hi+1", 50, true, HI + 1, B_S | B_E},
	{"ends after hi", 50, true, 250, B_S | B_E},
	{"starts and ends at lo-1", LO - 1, true, LO - 1, 0},
	{"starts at lo-1, ends at lo", LO - 1, true, LO, B_S | B_S_LOST | B_LOST},

	/* starts exactly at lo */
	{"starts at lo, ends at lo", LO, true, LO, B_N | B_LOST},
	{"starts at lo, ends inside", LO, true, 150, B_N | B_LOST},
	{"starts at lo, ends at hi", LO, true, HI, B_N | B_E},
	{"starts at lo, ends after hi", LO, true, 250, B_N | B_E},

	/* starts inside */
	{"starts inside, ends inside", 120, true, 150, B_N | B_LOST},
	{"starts inside, ends at hi-1", 120, true, HI - 1, B_N | B_LOST},
	{"starts inside, ends exactly at hi", 120, true, HI, B_N | B_E},
	{"starts inside, ends after hi", 120, true, 250, B_N | B_E},
	{"starts at hi-1, ends at hi-1", HI - 1, true, HI - 1, B_N | B_LOST},

	/* starts at or after hi */
	{"starts at hi, ends after hi", HI, true, 250, 0},
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
					  B_N | B_E);
	ck_assert_uint_eq(cx_churn_classify(INT64_MIN, true, INT64_MAX, INT64_MIN, INT64_MAX),
					  B_N | B_E);
	ck_assert_uint_eq(cx_churn_classify(INT64_MIN, true, INT64_MAX - 1, INT64_MIN, INT64_MAX),
					  B_N | B_LOST);
	ck_assert_uint_eq(cx_churn_classify(INT64_MAX, false, 0, INT64_MIN, INT64_MAX), 0);
	ck_assert_uint_eq(cx_churn_classify(INT64_MIN, false, 0, INT64_MIN + 1, INT64_MAX),
					  B_S | B_E);
	ck_assert_uint_eq(cx_churn_classify(INT64_MIN, true, INT64_MIN + 1, INT64_MIN + 1, INT64_MAX),
					  B_S | B_S_LOST | B_LOST);
}
END_TEST

/* ---- the state ---- */

START_TEST(test_state_layout)
{
	/* the stored bigint[8]: five counters, basis, lo, hi, in this order */
	ck_assert_int_eq(CX_CHURN_STATE_SLOTS, 8);
	ck_assert_uint_eq(offsetof(cx_churn_state, counts), 0);
	ck_assert_uint_eq(offsetof(cx_churn_state, basis), 5 * sizeof(int64_t));
	ck_assert_uint_eq(offsetof(cx_churn_state, lo), 6 * sizeof(int64_t));
	ck_assert_uint_eq(offsetof(cx_churn_state, hi), 7 * sizeof(int64_t));
	/* the numbers a stored state means */
	ck_assert_int_eq(CX_CHURN_S, 0);
	ck_assert_int_eq(CX_CHURN_S_LOST, 1);
	ck_assert_int_eq(CX_CHURN_E, 2);
	ck_assert_int_eq(CX_CHURN_N, 3);
	ck_assert_int_eq(CX_CHURN_LOST, 4);
	ck_assert_int_eq(CX_BASIS_START, 0);
	ck_assert_int_eq(CX_BASIS_AVERAGE, 1);
	ck_assert_int_eq(CX_BASIS_NEW, 2);
}
END_TEST

static cx_churn_state
state_of(int64_t s, int64_t s_lost, int64_t e, int64_t n, int64_t lost, int64_t basis)
{
	cx_churn_state st = {{s, s_lost, e, n, lost}, basis, LO, HI};

	return st;
}

START_TEST(test_state_valid)
{
	cx_churn_state st;

	/* the initial state, and a state of the end-to-end population below */
	st = state_of(0, 0, 0, 0, 0, CX_CHURN_NO_BASIS);
	st.lo = st.hi = 0;
	ck_assert(cx_churn_state_valid(&st));
	st = state_of(4, 3, 3, 2, 3, CX_BASIS_START);
	ck_assert(cx_churn_state_valid(&st));
	/* counters before any row set the period */
	st = state_of(1, 0, 1, 0, 0, CX_CHURN_NO_BASIS);
	ck_assert(!cx_churn_state_valid(&st));
	/* E != S + N - L */
	st = state_of(4, 3, 4, 2, 3, CX_BASIS_START);
	ck_assert(!cx_churn_state_valid(&st));
	/* S_LOST > S, S_LOST > L, losses of new customers > N */
	st = state_of(1, 2, 1, 2, 2, CX_BASIS_START);
	ck_assert(!cx_churn_state_valid(&st));
	st = state_of(3, 2, 3, 1, 1, CX_BASIS_START);
	ck_assert(!cx_churn_state_valid(&st));
	st = state_of(3, 0, 1, 0, 2, CX_BASIS_START);
	ck_assert(!cx_churn_state_valid(&st));
	/* negative counter, unknown basis, empty period */
	st = state_of(-1, 0, -1, 0, 0, CX_BASIS_START);
	ck_assert(!cx_churn_state_valid(&st));
	st = state_of(1, 0, 1, 0, 0, 3);
	ck_assert(!cx_churn_state_valid(&st));
	st = state_of(1, 0, 1, 0, 0, -2);
	ck_assert(!cx_churn_state_valid(&st));
	st = state_of(1, 0, 1, 0, 0, CX_BASIS_NEW);
	st.hi = st.lo;
	ck_assert(!cx_churn_state_valid(&st));
	/* extreme counters: the identity is checked without overflow */
	st = state_of(INT64_MAX, 0, INT64_MAX, INT64_MAX, INT64_MAX, CX_BASIS_AVERAGE);
	ck_assert(cx_churn_state_valid(&st));
	st = state_of(INT64_MAX, 0, 0, INT64_MAX, INT64_MAX, CX_BASIS_AVERAGE);
	ck_assert(!cx_churn_state_valid(&st));
}
END_TEST

/* ---- rates ---- */

START_TEST(test_rate_start_basis)
{
	int64_t		counts[CX_CHURN_NCOUNTERS] = {0};
	double		rate = -1;

	counts[CX_CHURN_S] = 40;
	counts[CX_CHURN_S_LOST] = 10;
	counts[CX_CHURN_E] = 44;
	counts[CX_CHURN_N] = 16;
	counts[CX_CHURN_LOST] = 12;
	/* 100 * 10 / 40 = 25 */
	ck_assert(cx_churn_rate(counts, CX_BASIS_START, &rate));
	ck_assert_double_eq(rate, 25.0);
	/* 100 * 12 / ((40 + 44) / 2) = 1200 / 42 = 28.571428... */
	ck_assert(cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert_double_eq_tol(rate, 28.571428571428571, TEST_TOL);
	/* 100 * 12 / 16 = 75 */
	ck_assert(cx_churn_rate(counts, CX_BASIS_NEW, &rate));
	ck_assert_double_eq(rate, 75.0);
	/* the `new` basis can exceed 100: 100 * 12 / 8 = 150 */
	counts[CX_CHURN_N] = 8;
	ck_assert(cx_churn_rate(counts, CX_BASIS_NEW, &rate));
	ck_assert_double_eq(rate, 150.0);
}
END_TEST

START_TEST(test_rate_zero_denominator)
{
	int64_t		counts[CX_CHURN_NCOUNTERS] = {0};
	double		rate = -1;

	/* start: S = 0 (new customers, some lost) */
	counts[CX_CHURN_E] = 2;
	counts[CX_CHURN_N] = 5;
	counts[CX_CHURN_LOST] = 3;
	ck_assert(!cx_churn_rate(counts, CX_BASIS_START, &rate));
	/* but average (0 + 2) / 2 = 1 is defined: 100 * 3 / 1 = 300 */
	ck_assert(cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert_double_eq(rate, 300.0);

	/* average: S = E = 0 (every new customer lost) */
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
	counts[CX_CHURN_N] = 2;
	counts[CX_CHURN_LOST] = 1;
	ck_assert(cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert_double_eq(rate, 200.0);	/* 100 * 1 / 0.5 */
	/* S = 3, E = 0: (3 + 0) / 2 = 1.5 -> 100 * 3 / 1.5 = 200 */
	counts[CX_CHURN_S] = 3;
	counts[CX_CHURN_S_LOST] = 3;
	counts[CX_CHURN_E] = 0;
	counts[CX_CHURN_N] = 0;
	counts[CX_CHURN_LOST] = 3;
	ck_assert(cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert_double_eq(rate, 200.0);
	/* S = 3, E = 2, L = 1: 100 / 2.5 = 40 */
	counts[CX_CHURN_S_LOST] = 1;
	counts[CX_CHURN_E] = 2;
	counts[CX_CHURN_LOST] = 1;
	ck_assert(cx_churn_rate(counts, CX_BASIS_AVERAGE, &rate));
	ck_assert_double_eq(rate, 40.0);
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

static void
add_bits(int64_t counts[CX_CHURN_NCOUNTERS], unsigned bits)
{
	ck_assert_uint_eq(bits >> CX_CHURN_NCOUNTERS, 0);	/* no stray bits */
	for (int c = 0; c < CX_CHURN_NCOUNTERS; c++)
		if (bits & (1u << c))
			counts[c]++;
}

START_TEST(test_population_end_to_end)
{
	/*
	 * Quarter [0, 90) in days.
	 *   c1 started -100, active               S E
	 *   c2 -50 .. 30                           S S_LOST LOST
	 *   c3 -10 .. 90  (ends exactly at hi)     S E
	 *   c4  10 .. 60                           N LOST
	 *   c5  20, active                         N E
	 *   c6 -30 .. 0   (ends exactly at lo)     S S_LOST LOST
	 *   c7  95, active (starts after hi)       -
	 *   c8   0 .. 40  (starts exactly at lo)   N LOST
	 *   c9  90, active (starts exactly at hi)  -
	 * S = 4, S_LOST = 2, E = 3, N = 3, LOST = 4; E = 4 + 3 - 4.
	 */
	static const struct
	{
		int64_t		started;
		bool		has_end;
		int64_t		ended;
	}			pop[] = {
		{-100, false, 0}, {-50, true, 30}, {-10, true, 90}, {10, true, 60},
		{20, false, 0}, {-30, true, 0}, {95, false, 0}, {0, true, 40}, {90, false, 0},
	};
	cx_churn_state st = {{0}, CX_BASIS_START, 0, 90};
	double		rate = -1;

	for (size_t i = 0; i < sizeof(pop) / sizeof(pop[0]); i++)
		add_bits(st.counts, cx_churn_classify(pop[i].started, pop[i].has_end,
											  pop[i].ended, 0, 90));
	ck_assert_int_eq(st.counts[CX_CHURN_S], 4);
	ck_assert_int_eq(st.counts[CX_CHURN_S_LOST], 2);
	ck_assert_int_eq(st.counts[CX_CHURN_E], 3);
	ck_assert_int_eq(st.counts[CX_CHURN_N], 3);
	ck_assert_int_eq(st.counts[CX_CHURN_LOST], 4);
	ck_assert(cx_churn_state_valid(&st));
	/* start: 100 * 2 / 4 = 50 */
	ck_assert(cx_churn_rate(st.counts, CX_BASIS_START, &rate));
	ck_assert_double_eq(rate, 50.0);
	/* average: 100 * 4 / ((4 + 3) / 2) = 400 / 3.5 = 114.2857... */
	ck_assert(cx_churn_rate(st.counts, CX_BASIS_AVERAGE, &rate));
	ck_assert_double_eq_tol(rate, 114.28571428571429, TEST_TOL);
	/* new: 100 * 4 / 3 = 133.33... */
	ck_assert(cx_churn_rate(st.counts, CX_BASIS_NEW, &rate));
	ck_assert_double_eq_tol(rate, 133.33333333333333, TEST_TOL);
}
END_TEST

START_TEST(test_boundary_churner_lost_once)
{
	/*
	 * Consecutive periods [0,100), [100,200), [200,300).  A customer since
	 * -50 who ends at e in [-2, 302] is lost (LOST and S_LOST, in the same
	 * period) exactly once when 0 <= e < 300, never otherwise.
	 */
	static const int64_t bounds[] = {0, 100, 200, 300};

	for (int64_t e = -2; e <= 302; e++)
	{
		int			s_lost = 0,
					lost = 0;

		for (int p = 0; p < 3; p++)
		{
			unsigned	bits = cx_churn_classify(-50, true, e, bounds[p], bounds[p + 1]);

			ck_assert(((bits & B_S_LOST) != 0) == ((bits & B_LOST) != 0));
			s_lost += (bits & B_S_LOST) != 0;
			lost += (bits & B_LOST) != 0;
		}
		ck_assert_msg(lost == (e >= 0 && e < 300), "ended %lld: lost in %d periods",
					  (long long) e, lost);
		ck_assert_int_eq(s_lost, lost);
	}
}
END_TEST

/*
 * splitmix64: a fixed, portable sequence, so a failure is reproducible from
 * the seed in its message.
 */
static uint64_t
next_random(uint64_t *x)
{
	uint64_t	z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int64_t
random_below(uint64_t *x, int64_t n)
{
	return (int64_t) (next_random(x) % (uint64_t) n);
}

/*
 * An instant near the periods; half the time exactly on a bound or one
 * step from it, the cases where models disagree.
 */
static int64_t
random_instant(uint64_t *x, const int64_t *bounds, int nbounds)
{
	if (random_below(x, 2) == 0)
		return bounds[random_below(x, nbounds)] + random_below(x, 3) - 1;
	return bounds[0] - 20 + random_below(x, bounds[nbounds - 1] - bounds[0] + 40);
}

#define PROP_TRIALS 2000
#define PROP_MAX_PERIODS 6
#define PROP_MAX_CUSTOMERS 40

START_TEST(test_property_random_periods)
{
	/*
	 * Random customers (ended >= started, or no end) and random consecutive
	 * periods [b0, b1), [b1, b2), ...  For every period: E = S + N - L and
	 * the state is valid; the end population of a period is the start
	 * population of the next.  For every customer: lost (L, the average and
	 * new bases) in exactly one period when its end is in [b0, bk), else in
	 * none; lost on the start basis (S_LOST) in that same period unless it
	 * also started there, and in no other period.
	 */
	for (uint64_t seed = 1; seed <= PROP_TRIALS; seed++)
	{
		uint64_t	x = seed;
		int			nperiods = 1 + (int) random_below(&x, PROP_MAX_PERIODS);
		int			ncustomers = (int) random_below(&x, PROP_MAX_CUSTOMERS + 1);
		int64_t		bounds[PROP_MAX_PERIODS + 1];
		cx_churn_state st[PROP_MAX_PERIODS];

		bounds[0] = random_below(&x, 1000) - 500;
		for (int p = 1; p <= nperiods; p++)
			/* lengths from 1: one-instant periods are the hardest */
			bounds[p] = bounds[p - 1] + 1 + random_below(&x, random_below(&x, 2) ? 3 : 60);
		for (int p = 0; p < nperiods; p++)
		{
			cx_churn_state zero = {{0}, CX_BASIS_START, bounds[p], bounds[p + 1]};

			st[p] = zero;
		}

		for (int c = 0; c < ncustomers; c++)
		{
			int64_t		started = random_instant(&x, bounds, nperiods + 1);
			bool		has_end = random_below(&x, 4) != 0;
			int64_t		ended = has_end ? started + (random_below(&x, 3) == 0 ? 0 :
													 random_instant(&x, bounds, nperiods + 1) -
													 bounds[0] + 25) : 0;
			int			lost = 0,
						s_lost = 0,
						lost_period = -1,
						s_lost_period = -1;

			if (has_end && random_below(&x, 2) == 0)
			{
				/* an end exactly on a bound at or after the start */
				int64_t		b = bounds[random_below(&x, nperiods + 1)];

				ended = b >= started ? b : started;
			}
			for (int p = 0; p < nperiods; p++)
			{
				unsigned	bits = cx_churn_classify(started, has_end, ended,
													 bounds[p], bounds[p + 1]);

				add_bits(st[p].counts, bits);
				if (bits & B_LOST)
				{
					lost++;
					lost_period = p;
				}
				if (bits & B_S_LOST)
				{
					s_lost++;
					s_lost_period = p;
				}
			}
			if (has_end && ended >= bounds[0] && ended < bounds[nperiods])
			{
				bool		started_in_that_period;

				ck_assert_msg(lost == 1, "seed %llu: customer %lld..%lld lost in %d periods",
							  (unsigned long long) seed, (long long) started,
							  (long long) ended, lost);
				started_in_that_period = started >= bounds[lost_period];
				ck_assert_msg(s_lost == (started_in_that_period ? 0 : 1),
							  "seed %llu: customer %lld..%lld lost from S in %d periods",
							  (unsigned long long) seed, (long long) started,
							  (long long) ended, s_lost);
				if (s_lost == 1)
					ck_assert_int_eq(s_lost_period, lost_period);
			}
			else
			{
				ck_assert_msg(lost == 0 && s_lost == 0,
							  "seed %llu: customer %lld..%lld (end %d) lost outside the span",
							  (unsigned long long) seed, (long long) started,
							  (long long) ended, has_end);
			}
		}

		for (int p = 0; p < nperiods; p++)
		{
			const int64_t *k = st[p].counts;

			ck_assert_msg(k[CX_CHURN_E] == k[CX_CHURN_S] + k[CX_CHURN_N] - k[CX_CHURN_LOST],
						  "seed %llu period %d: E %lld != S %lld + N %lld - L %lld",
						  (unsigned long long) seed, p, (long long) k[CX_CHURN_E],
						  (long long) k[CX_CHURN_S], (long long) k[CX_CHURN_N],
						  (long long) k[CX_CHURN_LOST]);
			ck_assert_msg(cx_churn_state_valid(&st[p]), "seed %llu period %d: invalid state",
						  (unsigned long long) seed, p);
			if (p + 1 < nperiods)
				ck_assert_int_eq(k[CX_CHURN_E], st[p + 1].counts[CX_CHURN_S]);
		}
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
	tcase_add_test(tc, test_boundary_churner_lost_once);
	tcase_add_test(tc, test_property_random_periods);
	tcase_add_test(tc, test_state_layout);
	tcase_add_test(tc, test_state_valid);
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
