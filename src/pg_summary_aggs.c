/*
 * pg_summary_aggs.c: score_summary(answer) and rollup(score_summary).
 *
 * The transition state is a score_summary itself.  A value already present in
 * the state is counted in place; a value seen for the first time in a group
 * (at most 101 times) builds a larger summary, which the executor copies into
 * the aggregate context in place of the old one.
 *
 * Moving windows use a dense bigint[101] state instead, so that adding and
 * removing rows never changes its size.
 */
#include "pg_cx.h"

#define DENSE_SLOTS CX_NVALUES

static void
check_answer(int32 answer)
{
	if (answer < CX_MIN_VALUE || answer > CX_MAX_VALUE)
		cx_raise_out_of_scale("score_summary", answer, CX_MIN_VALUE, CX_MAX_VALUE);
}

PG_FUNCTION_INFO_V1(score_summary_trans);
Datum
score_summary_trans(PG_FUNCTION_ARGS)
{
	ScoreSummary *state = PG_GETARG_SCORE_SUMMARY_P(0);
	int32		answer = PG_GETARG_INT32(1);
	int			slot;
	cx_hist		h;

	check_answer(answer);
	score_summary_check_header(state);
	slot = cx_packed_slot(state->present, answer);
	if (slot >= 0 && AggCheckCallContext(fcinfo, NULL))
	{
		/* count[answer] <= total, so a total that fits means the slot fits */
		cx_counter_add(&state->total, 1);
		state->counts[slot]++;
		PG_RETURN_SCORE_SUMMARY_P(state);
	}
	score_summary_to_hist(state, &h);
	cx_raise_status(cx_hist_add_value(&h, answer, 1), "score_summary");
	PG_RETURN_SCORE_SUMMARY_P(score_summary_from_hist(&h));
}

/* rollup's transition function and the combine function of both aggregates. */
PG_FUNCTION_INFO_V1(score_summary_merge);
Datum
score_summary_merge(PG_FUNCTION_ARGS)
{
	ScoreSummary *state = PG_GETARG_SCORE_SUMMARY_P(0);
	ScoreSummary *other = PG_GETARG_SCORE_SUMMARY_P(1);
	cx_hist		a;
	cx_hist		b;

	score_summary_to_hist(state, &a);
	score_summary_to_hist(other, &b);
	cx_raise_status(cx_hist_merge(&a, &b), "rollup");

	/* Same set of values: add in place rather than build a new summary. */
	if (AggCheckCallContext(fcinfo, NULL) &&
		(other->present[0] & ~state->present[0]) == 0 &&
		(other->present[1] & ~state->present[1]) == 0)
	{
		state->total = a.total;
		cx_packed_write(&a, state->present, state->counts);
		PG_RETURN_SCORE_SUMMARY_P(state);
	}
	PG_RETURN_SCORE_SUMMARY_P(score_summary_from_hist(&a));
}

/* A group without answers gives NULL, as avg() does. */
PG_FUNCTION_INFO_V1(score_summary_final);
Datum
score_summary_final(PG_FUNCTION_ARGS)
{
	ScoreSummary *state = PG_GETARG_SCORE_SUMMARY_P(0);

	score_summary_check_header(state);
	if (state->total == 0)
		PG_RETURN_NULL();
	PG_RETURN_SCORE_SUMMARY_P(state);
}

/* ---- moving windows: dense bigint[101] ---- */

static Datum
dense_answer_step(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *result;
	int64	   *counts = cx_int8_state(fcinfo, 0, DENSE_SLOTS, true, &result);
	int32		answer = PG_GETARG_INT32(1);

	check_answer(answer);
	cx_counter_step(&counts[answer], 1, sign);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(score_summary_moving_trans);
Datum
score_summary_moving_trans(PG_FUNCTION_ARGS)
{
	return dense_answer_step(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(score_summary_moving_inv_trans);
Datum
score_summary_moving_inv_trans(PG_FUNCTION_ARGS)
{
	return dense_answer_step(fcinfo, -1);
}

static Datum
dense_summary_step(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *result;
	int64	   *counts = cx_int8_state(fcinfo, 0, DENSE_SLOTS, true, &result);
	cx_hist		h;

	score_summary_to_hist(PG_GETARG_SCORE_SUMMARY_P(1), &h);
	for (int v = 0; v < CX_NVALUES; v++)
		cx_counter_step(&counts[v], h.count[v], sign);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(rollup_moving_trans);
Datum
rollup_moving_trans(PG_FUNCTION_ARGS)
{
	return dense_summary_step(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(rollup_moving_inv_trans);
Datum
rollup_moving_inv_trans(PG_FUNCTION_ARGS)
{
	return dense_summary_step(fcinfo, -1);
}

PG_FUNCTION_INFO_V1(score_summary_moving_final);
Datum
score_summary_moving_final(PG_FUNCTION_ARGS)
{
	int64	   *counts = cx_int8_state(fcinfo, 0, DENSE_SLOTS, false, NULL);
	cx_hist		h;

	cx_hist_init(&h);
	for (int v = 0; v < CX_NVALUES; v++)
		cx_raise_status(cx_hist_add_value(&h, v, counts[v]), "score_summary");
	if (h.total == 0)
		PG_RETURN_NULL();
	PG_RETURN_SCORE_SUMMARY_P(score_summary_from_hist(&h));
}
