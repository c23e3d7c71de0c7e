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

#include <math.h>

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
	if (slot >= 0 && state->version == SCORE_SUMMARY_VERSION &&
		AggCheckCallContext(fcinfo, NULL))
	{
		/* count[answer] <= total, so a total that fits means the slot fits */
		cx_counter_add(&state->total, 1);
		state->counts[slot]++;
		PG_RETURN_SCORE_SUMMARY_P(state);
	}
	score_summary_to_hist(state, &h);
	/* into a weighted summary, an unweighted answer has weight 1 */
	cx_raise_status(h.weighted ? cx_hist_add_weighted(&h, answer, 1.0)
					: cx_hist_add_value(&h, answer, 1), "score_summary");
	PG_RETURN_SCORE_SUMMARY_P(score_summary_from_hist(&h));
}

/* score_summary(answer, weight): survey weights, finite and >= 0. */
PG_FUNCTION_INFO_V1(score_summary_weighted_trans);
Datum
score_summary_weighted_trans(PG_FUNCTION_ARGS)
{
	ScoreSummary *state = PG_GETARG_SCORE_SUMMARY_P(0);
	int32		answer = PG_GETARG_INT32(1);
	float8		weight = PG_GETARG_FLOAT8(2);
	int			slot;
	cx_hist		h;

	check_answer(answer);
	/* below 1e-150 a weight's square would underflow to 0 */
	if (!isfinite(weight) || weight < 0 || (weight > 0 && weight < 1e-150))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("score_summary: weight must be 0 or a finite number from 1e-150 up, got %g",
						weight)));
	score_summary_check_header(state);
	slot = cx_packed_slot(state->present, answer);
	if (slot >= 0 && state->version == SCORE_SUMMARY_VERSION_WEIGHTED &&
		AggCheckCallContext(fcinfo, NULL))
	{
		float8	   *sum_w = SCORE_SUMMARY_SUM_W(state);
		float8	   *sum_w2 = SCORE_SUMMARY_SUM_W2(state);
		float8		new_w = sum_w[slot] + weight;
		float8		new_w2 = sum_w2[slot] + weight * weight;

		if (!isfinite(new_w) || !isfinite(new_w2))
			cx_raise_status(CX_ERR_WEIGHT_OVERFLOW, "score_summary");
		cx_counter_add(&state->total, 1);
		state->counts[slot]++;
		sum_w[slot] = new_w;
		sum_w2[slot] = new_w2;
		PG_RETURN_SCORE_SUMMARY_P(state);
	}
	score_summary_to_hist(state, &h);
	cx_raise_status(cx_hist_add_weighted(&h, answer, weight), "score_summary");
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

	/* Same values and format: add in place rather than build a new summary. */
	if (AggCheckCallContext(fcinfo, NULL) &&
		(state->version == SCORE_SUMMARY_VERSION_WEIGHTED) == a.weighted &&
		(other->present[0] & ~state->present[0]) == 0 &&
		(other->present[1] & ~state->present[1]) == 0)
	{
		state->total = a.total;
		cx_packed_write(&a, state->present, state->counts);
		if (a.weighted)
			cx_packed_write_weights(&a, SCORE_SUMMARY_SUM_W(state), SCORE_SUMMARY_SUM_W2(state));
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
	if (h.weighted)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("rollup of weighted summaries in a sliding window frame is not supported"),
				 errhint("Use a frame that starts at UNBOUNDED PRECEDING, or roll up in a subquery.")));
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
