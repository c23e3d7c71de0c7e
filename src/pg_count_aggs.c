/*
 * pg_count_aggs.c: nps, csat, ces and churn_rate(boolean) over raw answers.
 *
 * Each keeps a bigint[] state, as core avg(int4) does: a few counters,
 * optionally followed by parameters that must stay constant within a group
 * (CX_PARAM_UNSET until the first row sets them), read through the structs
 * of cx_stored.h.  Transition functions update the array in place; combine
 * functions add counters; inverse functions (moving windows) subtract them.
 */
#include "pg_cx.h"

#define PARAM_UNSET CX_PARAM_UNSET
#define NPS_SLOTS CX_STATE_SLOTS(cx_nps_state)
#define NPS_THRESHOLDS_SLOTS CX_STATE_SLOTS(cx_nps_thresholds_state)
#define HITS_SLOTS CX_STATE_SLOTS(cx_hits_state)
#define CSAT_THRESHOLD_SLOTS CX_STATE_SLOTS(cx_csat_threshold_state)
#define CES_SLOTS CX_STATE_SLOTS(cx_ces_state)

/* counters first, then parameters: combine_counts relies on it */
StaticAssertDecl(offsetof(cx_nps_thresholds_state, promoter_min) == sizeof(cx_nps_state),
				 "nps thresholds follow the counters");
StaticAssertDecl(offsetof(cx_csat_threshold_state, satisfied_min) == sizeof(cx_hits_state),
				 "satisfied_min follows the counters");

/* 0 <= detractor_max < promoter_min <= 100; int64 to judge state slots as they are */
static inline bool
nps_thresholds_valid(int64 promoter_min, int64 detractor_max)
{
	return detractor_max >= CX_MIN_VALUE && promoter_min <= CX_MAX_VALUE &&
		promoter_min > detractor_max;
}

static inline bool
satisfied_min_valid(int64 satisfied_min)
{
	return satisfied_min >= CX_MIN_VALUE && satisfied_min <= CX_MAX_VALUE;
}

void
cx_check_nps_thresholds(int32 promoter_min, int32 detractor_max)
{
	if (!nps_thresholds_valid(promoter_min, detractor_max))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid NPS thresholds: promoter_min %d, detractor_max %d",
						promoter_min, detractor_max),
				 errhint("Use 0 <= detractor_max < promoter_min <= 100.")));
}

void
cx_check_satisfied_min(int32 satisfied_min)
{
	if (!satisfied_min_valid(satisfied_min))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid satisfied_min %d", satisfied_min),
				 errhint("Use a value from 0 to 100.")));
}

static int32
param_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be NULL", name)));
	return PG_GETARG_INT32(argno);
}

/*
 * Record the group's parameters on its first row, and insist that later rows
 * use the same ones.
 */
static void
bind_params(int64 *params, const int64 *values, int nparams, const char *what)
{
	if (params[0] == PARAM_UNSET)
	{
		memcpy(params, values, sizeof(int64) * nparams);
		return;
	}
	if (memcmp(params, values, sizeof(int64) * nparams) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s parameters must be the same for every row of a group", what)));
}

/* ---- combine: counters add, parameters must agree ---- */

static Datum
combine_counts(FunctionCallInfo fcinfo, int ncounters, int nparams)
{
	int			nslots = ncounters + nparams;
	ArrayType  *result;
	int64	   *a = cx_int8_state(fcinfo, 0, nslots, true, &result);
	int64	   *b = cx_int8_state(fcinfo, 1, nslots, false, NULL);

	if (nparams > 0 && b[ncounters] != PARAM_UNSET)
		bind_params(a + ncounters, b + ncounters, nparams, "aggregate");
	for (int i = 0; i < ncounters; i++)
		cx_counter_add(&a[i], b[i]);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(nps_combine);
Datum
nps_combine(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, NPS_SLOTS, 0);
}

PG_FUNCTION_INFO_V1(nps_thresholds_combine);
Datum
nps_thresholds_combine(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, NPS_SLOTS, NPS_THRESHOLDS_SLOTS - NPS_SLOTS);
}

PG_FUNCTION_INFO_V1(csat_combine);
Datum
csat_combine(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, HITS_SLOTS, 0);
}

PG_FUNCTION_INFO_V1(csat_threshold_combine);
Datum
csat_threshold_combine(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, HITS_SLOTS, CSAT_THRESHOLD_SLOTS - HITS_SLOTS);
}

PG_FUNCTION_INFO_V1(ces_combine);
Datum
ces_combine(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, CES_SLOTS, 0);
}

PG_FUNCTION_INFO_V1(churn_flag_combine);
Datum
churn_flag_combine(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, HITS_SLOTS, 0);
}

/* ---- nps ---- */

/* sign: +1 to add the answer, -1 to remove it (moving windows). */
static void
nps_count(cx_nps_state *s, int32 answer, int32 promoter_min, int32 detractor_max, int sign)
{
	cx_counter_step(&s->responses, 1, sign);
	if (answer >= promoter_min)
		cx_counter_step(&s->promoters, 1, sign);
	else if (answer <= detractor_max)
		cx_counter_step(&s->detractors, 1, sign);
}

static Datum
nps_step(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *result;
	cx_nps_state *s = (cx_nps_state *) cx_int8_state(fcinfo, 0, NPS_SLOTS, true, &result);
	int32		answer = PG_GETARG_INT32(1);

	if (answer < 0 || answer > 10)
		cx_raise_out_of_scale("nps", answer, 0, 10);
	nps_count(s, answer, 9, 6, sign);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(nps_trans);
Datum
nps_trans(PG_FUNCTION_ARGS)
{
	return nps_step(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(nps_inv_trans);
Datum
nps_inv_trans(PG_FUNCTION_ARGS)
{
	return nps_step(fcinfo, -1);
}

static Datum
nps_thresholds_step(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *result;
	cx_nps_thresholds_state *s;
	int64		params[2];
	int32		answer;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (cx_nps_thresholds_state *) cx_int8_state(fcinfo, 0, NPS_THRESHOLDS_SLOTS, true, &result);
	params[0] = param_arg(fcinfo, 2, "promoter_min");
	params[1] = param_arg(fcinfo, 3, "detractor_max");
	/* before the NULL-answer return: bad thresholds fail even without answers */
	if (s->promoter_min == PARAM_UNSET || s->promoter_min != params[0] ||
		s->detractor_max != params[1])
	{
		cx_check_nps_thresholds((int32) params[0], (int32) params[1]);
		bind_params(&s->promoter_min, params, 2, "nps");
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(result);
	answer = PG_GETARG_INT32(1);
	if (answer < CX_MIN_VALUE || answer > CX_MAX_VALUE)
		cx_raise_out_of_scale("nps", answer, CX_MIN_VALUE, CX_MAX_VALUE);
	nps_count(&s->counts, answer, (int32) params[0], (int32) params[1], sign);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(nps_thresholds_trans);
Datum
nps_thresholds_trans(PG_FUNCTION_ARGS)
{
	return nps_thresholds_step(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(nps_thresholds_inv_trans);
Datum
nps_thresholds_inv_trans(PG_FUNCTION_ARGS)
{
	return nps_thresholds_step(fcinfo, -1);
}

static void
raise_corrupt_state(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s transition state", what)));
}

/* Accepts both nps states: the counters come first in each. */
PG_FUNCTION_INFO_V1(nps_final);
Datum
nps_final(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	int			nslots = ARR_NDIM(a) == 1 ? ARR_DIMS(a)[0] : 0;
	bool		has_thresholds = nslots == NPS_THRESHOLDS_SLOTS;
	cx_nps_thresholds_state *t = (cx_nps_thresholds_state *)
		cx_int8_state(fcinfo, 0, has_thresholds ? NPS_THRESHOLDS_SLOTS : NPS_SLOTS, false, NULL);
	const cx_nps_state *s = &t->counts;

	if (s->responses < 0 || s->promoters < 0 || s->detractors < 0 ||
		s->promoters > s->responses || s->detractors > s->responses - s->promoters)
		raise_corrupt_state("nps");
	/* a state with thresholds: both unset (no rows yet) or valid */
	if (has_thresholds &&
		(t->promoter_min == PARAM_UNSET ?
		 t->detractor_max != PARAM_UNSET || s->responses != 0 :
		 !nps_thresholds_valid(t->promoter_min, t->detractor_max)))
		raise_corrupt_state("nps");
	if (s->responses == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(cx_nps_from_counts(s->responses, s->promoters, s->detractors));
}

/* ---- csat and churn_rate(boolean): [n, hits] ---- */

static void
hit_count(cx_hits_state *s, bool hit, int sign)
{
	cx_counter_step(&s->total, 1, sign);
	if (hit)
		cx_counter_step(&s->hits, 1, sign);
}

static Datum
csat_step(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *result;
	cx_hits_state *s = (cx_hits_state *) cx_int8_state(fcinfo, 0, HITS_SLOTS, true, &result);
	int32		rating = PG_GETARG_INT32(1);

	if (rating < 1 || rating > 5)
		cx_raise_out_of_scale("csat", rating, 1, 5);
	hit_count(s, rating >= 4, sign);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(csat_trans);
Datum
csat_trans(PG_FUNCTION_ARGS)
{
	return csat_step(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(csat_inv_trans);
Datum
csat_inv_trans(PG_FUNCTION_ARGS)
{
	return csat_step(fcinfo, -1);
}

static Datum
csat_threshold_step(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *result;
	cx_csat_threshold_state *s;
	int64		satisfied_min;
	int32		rating;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (cx_csat_threshold_state *) cx_int8_state(fcinfo, 0, CSAT_THRESHOLD_SLOTS, true, &result);
	satisfied_min = param_arg(fcinfo, 2, "satisfied_min");
	/* before the NULL-rating return: a bad threshold fails even without ratings */
	if (s->satisfied_min == PARAM_UNSET || s->satisfied_min != satisfied_min)
	{
		cx_check_satisfied_min((int32) satisfied_min);
		bind_params(&s->satisfied_min, &satisfied_min, 1, "csat");
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(result);
	rating = PG_GETARG_INT32(1);
	if (rating < CX_MIN_VALUE || rating > CX_MAX_VALUE)
		cx_raise_out_of_scale("csat", rating, CX_MIN_VALUE, CX_MAX_VALUE);
	hit_count(&s->counts, rating >= satisfied_min, sign);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(csat_threshold_trans);
Datum
csat_threshold_trans(PG_FUNCTION_ARGS)
{
	return csat_threshold_step(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(csat_threshold_inv_trans);
Datum
csat_threshold_inv_trans(PG_FUNCTION_ARGS)
{
	return csat_threshold_step(fcinfo, -1);
}

static Datum
churn_flag_step(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *result;
	cx_hits_state *s = (cx_hits_state *) cx_int8_state(fcinfo, 0, HITS_SLOTS, true, &result);

	hit_count(s, PG_GETARG_BOOL(1), sign);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(churn_flag_trans);
Datum
churn_flag_trans(PG_FUNCTION_ARGS)
{
	return churn_flag_step(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(churn_flag_inv_trans);
Datum
churn_flag_inv_trans(PG_FUNCTION_ARGS)
{
	return churn_flag_step(fcinfo, -1);
}

/* Percent of hits: csat, csat(t) and churn_rate(boolean). */
static Datum
percent_of_hits(FunctionCallInfo fcinfo)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	int			nslots = ARR_NDIM(a) == 1 ? ARR_DIMS(a)[0] : 0;
	bool		has_threshold = nslots == CSAT_THRESHOLD_SLOTS;
	cx_csat_threshold_state *t = (cx_csat_threshold_state *)
		cx_int8_state(fcinfo, 0, has_threshold ? CSAT_THRESHOLD_SLOTS : HITS_SLOTS, false, NULL);
	const cx_hits_state *s = &t->counts;

	if (s->total < 0 || s->hits < 0 || s->hits > s->total)
		raise_corrupt_state("percentage");
	/* csat(r, satisfied_min): the threshold is unset (no rows yet) or valid */
	if (has_threshold &&
		(t->satisfied_min == PARAM_UNSET ? s->total != 0 : !satisfied_min_valid(t->satisfied_min)))
		raise_corrupt_state("percentage");
	if (s->total == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(cx_percent_from_counts(s->total, s->hits));
}

/* Both csat states: the counters come first in each. */
PG_FUNCTION_INFO_V1(csat_final);
Datum
csat_final(PG_FUNCTION_ARGS)
{
	return percent_of_hits(fcinfo);
}

PG_FUNCTION_INFO_V1(churn_flag_final);
Datum
churn_flag_final(PG_FUNCTION_ARGS)
{
	return percent_of_hits(fcinfo);
}

/* ---- ces: [n, sum] ---- */

static Datum
ces_step(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *result;
	cx_ces_state *s = (cx_ces_state *) cx_int8_state(fcinfo, 0, CES_SLOTS, true, &result);
	int32		effort = PG_GETARG_INT32(1);

	if (effort < 1 || effort > 7)
		cx_raise_out_of_scale("ces", effort, 1, 7);
	cx_counter_step(&s->responses, 1, sign);
	cx_counter_step(&s->sum, effort, sign);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(ces_trans);
Datum
ces_trans(PG_FUNCTION_ARGS)
{
	return ces_step(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(ces_inv_trans);
Datum
ces_inv_trans(PG_FUNCTION_ARGS)
{
	return ces_step(fcinfo, -1);
}

PG_FUNCTION_INFO_V1(ces_final);
Datum
ces_final(PG_FUNCTION_ARGS)
{
	const cx_ces_state *s = (const cx_ces_state *) cx_int8_state(fcinfo, 0, CES_SLOTS, false, NULL);

	/* the sum of n answers on 1..7 lies in [n, 7n] */
	if (s->responses < 0 || s->sum < s->responses ||
		(s->responses <= PG_INT64_MAX / 7 && s->sum > s->responses * 7))
		raise_corrupt_state("ces");
	if (s->responses == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(cx_mean_from_sum(s->responses, s->sum));
}

/*
 * ---- 1.x entry points ----
 *
 * Support functions of the 1.0 to 1.2 install scripts under their old names:
 * one shared library serves every installed version, so a database still at
 * 1.x calls these until ALTER EXTENSION cx_metrics UPDATE.
 */

PG_FUNCTION_INFO_V1(cx_combine_3_0);
Datum
cx_combine_3_0(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, 3, 0);
}

PG_FUNCTION_INFO_V1(cx_combine_3_2);
Datum
cx_combine_3_2(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, 3, 2);
}

PG_FUNCTION_INFO_V1(cx_combine_2_0);
Datum
cx_combine_2_0(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, 2, 0);
}

PG_FUNCTION_INFO_V1(cx_combine_2_1);
Datum
cx_combine_2_1(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, 2, 1);
}

PG_FUNCTION_INFO_V1(percent_final);
Datum
percent_final(PG_FUNCTION_ARGS)
{
	return percent_of_hits(fcinfo);
}

PG_FUNCTION_INFO_V1(mean_final);
Datum
mean_final(PG_FUNCTION_ARGS)
{
	return ces_final(fcinfo);
}
