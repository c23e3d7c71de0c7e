/*
 * test_driver.c: key-driver analysis state (cx_driver.h): update, merge,
 * validation, figures, text and binary forms.
 */
#include "test_unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "cx_driver.h"

#define KMAX CX_DRIVER_MAX_K

typedef struct state
{
	int			k;
	int64_t		n;
	double		data[CX_DRIVER_MAX_DOUBLES];
} state;

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static double
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (double) (rng_state >> 11) / 9007199254740992.0;
}

static void
init(state *s, int k)
{
	s->k = k;
	cx_driver_init(k, &s->n, s->data);
}

static void
add(state *s, double y, const double *x)
{
	ck_assert_int_eq(cx_driver_add(s->k, &s->n, s->data, y, x), CX_OK);
}

static bool
valid(const state *s)
{
	double	   *work = malloc(sizeof(double) * cx_driver_work_size(s->k));
	char		err[200] = "";
	bool		ok = cx_driver_validate(s->k, s->n, s->data, work, err, sizeof(err));

	ck_assert(ok || err[0] != '\0');
	/* the merge check is a subset of the full one */
	ck_assert(!ok || cx_driver_check_merge(s->k, s->n, s->data, NULL, 0));
	free(work);
	return ok;
}

/* cx_driver_check_merge; whatever the full validation accepts, it accepts. */
static bool
mergeable(const state *s)
{
	char		err[200] = "";
	bool		ok = cx_driver_check_merge(s->k, s->n, s->data, err, sizeof(err));

	ck_assert(ok || err[0] != '\0');
	ck_assert(ok || !valid(s));
	return ok;
}

/* Refused by both checks. */
static bool
refused(const state *s)
{
	return !valid(s) && !mergeable(s);
}

typedef struct figures
{
	cx_driver_figures f;
	double		corr[KMAX],
				beta[KMAX],
				weight[KMAX];
	bool		defined[KMAX];
} figures;

static void
analyze(const state *s, figures *out)
{
	double	   *work = malloc(sizeof(double) * cx_driver_work_size(s->k));

	out->f.corr = out->corr;
	out->f.corr_defined = out->defined;
	out->f.beta = out->beta;
	out->f.weight = out->weight;
	cx_driver_analyze(s->k, s->n, s->data, work, &out->f);
	free(work);
}

/* y = 1, 2, 3, 4 with x = (y, 10 - 2y, 5): exact means and co-moments. */
START_TEST(test_known_values)
{
	state		s;
	figures		f;
	size_t		m = 4;

	init(&s, 3);
	for (int i = 1; i <= 4; i++)
	{
		double		x[3] = {i, 10 - 2 * i, 5};

		add(&s, i, x);
	}
	ck_assert_int_eq(s.n, 4);
	ck_assert_double_bits(s.data[0], 2.5);
	ck_assert_double_bits(s.data[2], 5.0);
	ck_assert_double_bits(s.data[3], 5.0);
	/* C_yy = 5, C_y1 = 5, C_y2 = -10, C_22 = 20, constant: 0 */
	ck_assert_double_bits(s.data[m + cx_driver_tri_index(m, 0, 0)], 5.0);
	ck_assert_double_bits(s.data[m + cx_driver_tri_index(m, 0, 1)], 5.0);
	ck_assert_double_bits(s.data[m + cx_driver_tri_index(m, 0, 2)], -10.0);
	ck_assert_double_bits(s.data[m + cx_driver_tri_index(m, 2, 2)], 20.0);
	ck_assert_double_bits(s.data[m + cx_driver_tri_index(m, 3, 3)], 0.0);
	ck_assert_double_bits(s.data[m + cx_driver_tri_index(m, 0, 3)], 0.0);
	ck_assert(valid(&s));

	analyze(&s, &f);
	ck_assert(f.f.regression);
	ck_assert(f.defined[0] && f.defined[1] && !f.defined[2]);
	ck_assert_double_rel(f.corr[0], 1.0, 1e-15);
	ck_assert_double_rel(f.corr[1], -1.0, 1e-15);
	ck_assert_double_bits(f.beta[2], 0.0);
	ck_assert_double_bits(f.weight[2], 0.0);
	/* x1 and x2 collinear: R^2 = 1, split equally */
	ck_assert_double_rel(f.f.r2, 1.0, 1e-14);
	ck_assert_double_rel(f.weight[0], 0.5, 1e-13);
	ck_assert_double_rel(f.weight[1], 0.5, 1e-13);
	ck_assert_double_rel(f.beta[0], 0.5, 1e-13);
	ck_assert_double_rel(f.beta[1], -0.5, 1e-13);
}
END_TEST

/* Any split of the rows merged with Chan's formulas equals one pass. */
START_TEST(test_merge_equals_one_pass)
{
	enum { N = 500, K = 6 };
	static double y[N],
				x[N][K];
	state		all,
				a,
				b;

	for (int i = 0; i < N; i++)
	{
		y[i] = floor(rnd() * 11);
		for (int j = 0; j < K; j++)
			x[i][j] = 1 + floor(rnd() * 10) + (j == 0 ? y[i] / 2 : 0);
	}
	init(&all, K);
	for (int i = 0; i < N; i++)
		add(&all, y[i], x[i]);
	for (int split = 0; split <= N; split += 37)
	{
		double		worst = 0;

		init(&a, K);
		init(&b, K);
		for (int i = 0; i < split; i++)
			add(&a, y[i], x[i]);
		for (int i = split; i < N; i++)
			add(&b, y[i], x[i]);
		ck_assert_int_eq(cx_driver_merge(K, &a.n, a.data, b.n, b.data), CX_OK);
		ck_assert_int_eq(a.n, N);
		for (size_t i = 0; i < CX_DRIVER_DOUBLES(K); i++)
			worst = fmax(worst, fabs(a.data[i] - all.data[i]) / fmax(1, fabs(all.data[i])));
		ck_assert_msg(worst < 1e-13, "split %d: relative difference %g", split, worst);
		ck_assert(valid(&a));
	}
	/* merging an empty state either way changes nothing */
	init(&a, K);
	ck_assert_int_eq(cx_driver_merge(K, &a.n, a.data, all.n, all.data), CX_OK);
	ck_assert_mem_eq(a.data, all.data, sizeof(double) * CX_DRIVER_DOUBLES(K));
	init(&b, K);
	ck_assert_int_eq(cx_driver_merge(K, &a.n, a.data, b.n, b.data), CX_OK);
	ck_assert_mem_eq(a.data, all.data, sizeof(double) * CX_DRIVER_DOUBLES(K));
}
END_TEST

START_TEST(test_overflow)
{
	state		s,
				t,
				before;
	double		big = 1e200,
				huge = 1.7e308;

	init(&s, 1);
	ck_assert_int_eq(cx_driver_add(1, &s.n, s.data, big, &big), CX_OK);
	big = -big;
	ck_assert_int_eq(cx_driver_add(1, &s.n, s.data, big, &big), CX_ERR_OVERFLOW);

	init(&s, 1);
	ck_assert_int_eq(cx_driver_add(1, &s.n, s.data, huge, &huge), CX_OK);
	huge = -huge;
	ck_assert_int_eq(cx_driver_add(1, &s.n, s.data, huge, &huge), CX_ERR_OVERFLOW);

	/* a sum of squares above DBL_MAX / 4, finite but out of range */
	init(&s, 1);
	big = 0;
	ck_assert_int_eq(cx_driver_add(1, &s.n, s.data, 6e153, &big), CX_OK);
	ck_assert_int_eq(cx_driver_add(1, &s.n, s.data, -6e153, &big), CX_ERR_OVERFLOW);
	init(&s, 1);
	ck_assert_int_eq(cx_driver_add(1, &s.n, s.data, 4e153, &big), CX_OK);
	ck_assert_int_eq(cx_driver_add(1, &s.n, s.data, -4e153, &big), CX_OK);

	/* NaN and infinite input */
	init(&s, 2);
	{
		double		x2[2] = {1, NAN};

		ck_assert_int_eq(cx_driver_add(2, &s.n, s.data, 1, x2), CX_ERR_OVERFLOW);
		init(&s, 2);
		x2[1] = -INFINITY;
		ck_assert_int_eq(cx_driver_add(2, &s.n, s.data, 1, x2), CX_ERR_OVERFLOW);
		init(&s, 2);
		x2[1] = 0;
		ck_assert_int_eq(cx_driver_add(2, &s.n, s.data, INFINITY, x2), CX_ERR_OVERFLOW);
	}

	/* the row count */
	init(&s, 1);
	s.n = INT64_MAX;
	ck_assert_int_eq(cx_driver_add(1, &s.n, s.data, 1.0, &big), CX_ERR_OVERFLOW);
	ck_assert_int_eq(s.n, INT64_MAX);

	/* merge: unchanged on failure */
	init(&s, 1);
	init(&t, 1);
	big = 0;
	add(&s, 1e153, &big);
	add(&s, -1e153, &big);
	add(&t, 1.5e154, &big);
	add(&t, 1.5e154, &big);
	before = s;
	ck_assert_int_eq(cx_driver_merge(1, &s.n, s.data, t.n, t.data), CX_ERR_OVERFLOW);
	ck_assert_mem_eq(&s, &before, sizeof(state));
	t.n = INT64_MAX;
	ck_assert_int_eq(cx_driver_merge(1, &s.n, s.data, t.n, t.data), CX_ERR_OVERFLOW);
	ck_assert_mem_eq(&s, &before, sizeof(state));
}
END_TEST

START_TEST(test_degenerate_figures)
{
	state		s;
	figures		f;
	double		x[2] = {3, 4};

	/* one row: nothing defined */
	init(&s, 2);
	add(&s, 7, x);
	analyze(&s, &f);
	ck_assert(!f.f.regression);
	/* constant outcome */
	x[0] = 5;
	add(&s, 7, x);
	analyze(&s, &f);
	ck_assert(!f.f.regression);
	/* both attributes constant but the outcome varies: R^2 0 */
	init(&s, 2);
	x[0] = 3;
	add(&s, 1, x);
	add(&s, 2, x);
	analyze(&s, &f);
	ck_assert(f.f.regression);
	ck_assert(!f.defined[0] && !f.defined[1]);
	ck_assert_double_bits(f.f.r2, 0.0);
	ck_assert_double_bits(f.weight[0], 0.0);
	/* n <= k: two rows, two varying attributes: R^2 = 1, finite */
	init(&s, 2);
	add(&s, 1, (double[2]) {1, 5});
	add(&s, 2, (double[2]) {3, 2});
	analyze(&s, &f);
	ck_assert(f.f.regression);
	ck_assert_double_rel(f.f.r2, 1.0, 1e-14);
	ck_assert_double_rel(f.weight[0] + f.weight[1], 1.0, 1e-14);
	ck_assert_double_rel(f.weight[0], 0.5, 1e-14);
	ck_assert(isfinite(f.beta[0]) && isfinite(f.beta[1]));
}
END_TEST

START_TEST(test_validate)
{
	state		s;
	double		x[2] = {1, 2};

	init(&s, 2);
	ck_assert(valid(&s));
	s.data[0] = 1;
	ck_assert(refused(&s));	/* empty with a mean */
	init(&s, 2);
	add(&s, 1, x);
	ck_assert(valid(&s));
	s.data[3] = 1;
	ck_assert(refused(&s));	/* one row with a variance */
	init(&s, 2);
	add(&s, 1, x);
	add(&s, 2, (double[2]) {3, 1});
	add(&s, 0, (double[2]) {2, 2});
	ck_assert(valid(&s));
	ck_assert(mergeable(&s));
	s.n = -1;
	ck_assert(refused(&s));
	s.n = 3;
	s.data[3] = -s.data[3];
	ck_assert(refused(&s));	/* negative variance */
	s.data[3] = -s.data[3];
	s.data[4] *= 100;
	ck_assert(refused(&s));	/* |r| > 1 */
	s.data[4] /= 100;
	s.data[5] = NAN;
	ck_assert(refused(&s));
	s.data[5] = INFINITY;
	ck_assert(refused(&s));
	/* pairwise |r| <= 1 but not positive semi-definite */
	init(&s, 2);
	s.n = 9;
	{
		double		c[6] = {1, 0.9, 0.9, 1, 0, 1};

		memcpy(s.data + 3, c, sizeof(c));
	}
	ck_assert(!valid(&s));
	/* ... which merging does not need (the accessors refuse it) */
	ck_assert(mergeable(&s));
	/* zero variance with a co-moment */
	s.data[3 + 3] = 0;
	s.data[3 + 4] = 0;
	s.data[3 + 1] = 0.1;
	s.data[3 + 0] = 0;
	ck_assert(refused(&s));
	ck_assert(refused(&(state) {.k = 0}));
	ck_assert(refused(&(state) {.k = 65}));
}
END_TEST

static void
round_trips(const state *s)
{
	char	   *text = malloc(cx_driver_text_size(s->k));
	size_t		len = cx_driver_format(s->k, s->n, s->data, text);
	char	   *exact = test_memdup(text, len);
	size_t		wlen = cx_driver_wire_size(s->k);
	uint8_t    *wire = malloc(wlen);
	uint8_t    *wexact;
	state		back;
	char		err[200];

	ck_assert_uint_lt(len, cx_driver_text_size(s->k));
	memset(&back, 0, sizeof(back));
	ck_assert_msg(cx_driver_parse(exact, len, &back.k, &back.n, back.data, err, sizeof(err)),
				  "%s: %s", text, err);
	ck_assert_int_eq(back.k, s->k);
	ck_assert_int_eq(back.n, s->n);
	ck_assert_mem_eq(back.data, s->data, sizeof(double) * CX_DRIVER_DOUBLES(s->k));

	cx_driver_encode(s->k, s->n, s->data, wire);
	wexact = test_memdup(wire, wlen);
	memset(&back, 0, sizeof(back));
	ck_assert(cx_driver_decode(wexact, wlen, &back.k, &back.n, back.data, err, sizeof(err)));
	ck_assert_int_eq(back.k, s->k);
	ck_assert_int_eq(back.n, s->n);
	ck_assert_mem_eq(back.data, s->data, sizeof(double) * CX_DRIVER_DOUBLES(s->k));
	/* one byte short or long */
	ck_assert(!cx_driver_decode(wexact, wlen - 1, &back.k, &back.n, back.data, err, sizeof(err)));
	free(text);
	free(exact);
	free(wire);
	free(wexact);
}

START_TEST(test_round_trips)
{
	state		s;
	double		x[KMAX];

	init(&s, 1);
	round_trips(&s);
	for (int k = 1; k <= KMAX; k += 21)
	{
		init(&s, k);
		for (int i = 0; i < 50; i++)
		{
			for (int j = 0; j < k; j++)
				x[j] = rnd() * 1e6 - 3e5;
			add(&s, rnd() / 3, x);
		}
		round_trips(&s);
	}
	/* extremes: subnormal, -0, largest */
	init(&s, 1);
	s.n = INT64_MAX;
	s.data[0] = -0.0;
	s.data[1] = 4.9406564584124654e-324;
	s.data[2] = 1.7976931348623157e308;
	round_trips(&s);
}
END_TEST

static bool
parses(const char *text)
{
	state		s;
	char		err[200] = "";
	char	   *exact = test_memdup(text, strlen(text));
	bool		ok = cx_driver_parse(exact, strlen(text), &s.k, &s.n, s.data, err, sizeof(err));

	ck_assert(ok || err[0] != '\0');
	free(exact);
	return ok;
}

START_TEST(test_parse_errors)
{
	ck_assert(parses("{\"n\":2,\"k\":1,\"means\":[1,2],\"comoments\":[1,0,1]}"));
	ck_assert(parses(" { \"n\" : 2 , \"k\" : 1 , \"means\" : [ 1 , 2 ] , \"comoments\" : [ 1 , 0 , 1 ] } "));
	ck_assert(!parses(""));
	ck_assert(!parses("{"));
	ck_assert(!parses("{\"n\":2,\"k\":1,\"means\":[1,2],\"comoments\":[1,0,1]"));
	ck_assert(!parses("{\"n\":2,\"k\":1,\"means\":[1,2],\"comoments\":[1,0,1]}x"));
	ck_assert(!parses("{\"n\":2,\"k\":1,\"means\":[1,2,3],\"comoments\":[1,0,1]}"));
	ck_assert(!parses("{\"n\":2,\"k\":1,\"means\":[1],\"comoments\":[1,0,1]}"));
	ck_assert(!parses("{\"n\":2,\"k\":1,\"means\":[1,2],\"comoments\":[1,0,1,4]}"));
	ck_assert(!parses("{\"n\":2,\"k\":65,\"means\":[1,2],\"comoments\":[1,0,1]}"));
	ck_assert(!parses("{\"n\":9223372036854775808,\"k\":1,\"means\":[1,2],\"comoments\":[1,0,1]}"));
	ck_assert(!parses("{\"n\":2,\"k\":1,\"means\":[1,inf],\"comoments\":[1,0,1]}"));
	ck_assert(!parses("{\"n\":2,\"k\":1,\"means\":[1,1e999],\"comoments\":[1,0,1]}"));
	ck_assert(!parses("{\"k\":1,\"n\":2,\"means\":[1,2],\"comoments\":[1,0,1]}"));
	ck_assert(!parses("{\"n\":2,\"k\":1,\"means\":[1,,2],\"comoments\":[1,0,1]}"));
}
END_TEST

START_TEST(test_decode_errors)
{
	state		s;
	uint8_t		wire[16 + 8 * 5];
	char		err[200];

	init(&s, 1);
	cx_driver_encode(1, 0, s.data, wire);
	ck_assert(cx_driver_decode(wire, sizeof(wire), &s.k, &s.n, s.data, err, sizeof(err)));
	wire[0] = 2;
	ck_assert(!cx_driver_decode(wire, sizeof(wire), &s.k, &s.n, s.data, err, sizeof(err)));
	wire[0] = 1;
	wire[1] = 1;
	ck_assert(!cx_driver_decode(wire, sizeof(wire), &s.k, &s.n, s.data, err, sizeof(err)));
	wire[1] = 0;
	wire[3] = 1;
	ck_assert(!cx_driver_decode(wire, sizeof(wire), &s.k, &s.n, s.data, err, sizeof(err)));
	wire[3] = 0;
	wire[7] = 2;				/* k = 2 needs more bytes */
	ck_assert(!cx_driver_decode(wire, sizeof(wire), &s.k, &s.n, s.data, err, sizeof(err)));
	wire[7] = 0;				/* k = 0 */
	ck_assert(!cx_driver_decode(wire, sizeof(wire), &s.k, &s.n, s.data, err, sizeof(err)));
	wire[7] = 1;
	wire[8] = 0x80;				/* negative n */
	ck_assert(!cx_driver_decode(wire, sizeof(wire), &s.k, &s.n, s.data, err, sizeof(err)));
	ck_assert(!cx_driver_decode(wire, 3, &s.k, &s.n, s.data, err, sizeof(err)));
}
END_TEST

Suite *
driver_suite(void)
{
	Suite	   *s = suite_create("driver");
	TCase	   *tc = tcase_create("core");

	tcase_add_test(tc, test_known_values);
	tcase_add_test(tc, test_merge_equals_one_pass);
	tcase_add_test(tc, test_overflow);
	tcase_add_test(tc, test_degenerate_figures);
	tcase_add_test(tc, test_validate);
	tcase_add_test(tc, test_round_trips);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_decode_errors);
	suite_add_tcase(s, tc);
	return s;
}
