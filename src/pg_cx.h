/*
 * pg_cx.h: PostgreSQL glue shared by the cx_metrics entry points.
 */
#ifndef PG_CX_H
#define PG_CX_H

#include "postgres.h"
#include "fmgr.h"
#include "common/int.h"
#include "catalog/pg_type.h"
#include "nodes/execnodes.h"
#include "utils/array.h"

#include "cx_hist.h"
#include "cx_packed.h"
#include "cx_stored.h"
#include "pg_compat.h"

/*
 * score_summary varlena: the stored layout of cx_stored.h (its one home).
 * Every reader detoasts first, which also turns 1-byte-header values into
 * aligned copies.
 */
typedef cx_summary_stored ScoreSummary;

#define SCORE_SUMMARY_VERSION CX_SUMMARY_STORED_VERSION
#define SCORE_SUMMARY_VERSION_WEIGHTED CX_SUMMARY_STORED_VERSION_WEIGHTED
#define SCORE_SUMMARY_SIZE_V(version, ncounts) CX_SUMMARY_STORED_SIZE(version, ncounts)
#define SCORE_SUMMARY_SIZE(ncounts) SCORE_SUMMARY_SIZE_V(SCORE_SUMMARY_VERSION, ncounts)
#define SCORE_SUMMARY_NCOUNTS(s) cx_packed_popcount((s)->present)
#define SCORE_SUMMARY_SUM_W(s) ((float8 *) ((s)->counts + SCORE_SUMMARY_NCOUNTS(s)))
#define SCORE_SUMMARY_SUM_W2(s) ((float8 *) ((s)->counts + 2 * SCORE_SUMMARY_NCOUNTS(s)))
#define PG_GETARG_SCORE_SUMMARY_P(n) ((ScoreSummary *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))
#define PG_RETURN_SCORE_SUMMARY_P(x) PG_RETURN_POINTER(x)

/* Build a new summary (palloc'd in CurrentMemoryContext). */
extern ScoreSummary *score_summary_from_hist(const cx_hist *h);

/* Validate a summary and decode it; corrupt input raises 22P02. */
extern void score_summary_to_hist(const ScoreSummary *s, cx_hist *h);

/* Decode argument argno (a score_summary), validated. */
extern void score_summary_arg(FunctionCallInfo fcinfo, int argno, cx_hist *h);

/* Cheap structural check done before updating a state in place. */
extern void score_summary_check_header(const ScoreSummary *s);

/* Raise the error for a failed histogram operation. */
extern void cx_raise_status(cx_status status, const char *what);

/* Raise 22003 if a summary holds an answer outside lo..hi. */
extern void cx_check_scale(const cx_hist *h, const char *metric, int lo, int hi);

/*
 * The standard questions: NPS 0..10 with promoters 9-10 and detractors 0-6,
 * CSAT 1..5 with 4-5 satisfied.  Called with these thresholds (the defaults
 * of the interval and comparison functions), the summary must be on the
 * standard scale (22003), as for nps(s) and csat(s); with others any 0..100
 * summary is read.
 */
#define CX_STANDARD_PROMOTER_MIN 9
#define CX_STANDARD_DETRACTOR_MAX 6
#define CX_STANDARD_SATISFIED_MIN 4
extern void cx_check_standard_nps_scale(const cx_hist *h, int32 promoter_min, int32 detractor_max);
extern void cx_check_standard_csat_scale(const cx_hist *h, int32 satisfied_min);

/* Raise 22003 for an answer outside a scale, e.g. ("nps", 11, 0, 10). */
extern void cx_raise_out_of_scale(const char *metric, int value, int lo, int hi);

/*
 * int8[] and float8[] transition states: a fixed number of slots, no NULLs.
 * cx_int8_state returns the slots of argument argno, validated; when the
 * caller may modify them (for_update) and it is not called as an aggregate, a
 * private copy.  Inline: it runs once per row, and constant arguments fold.
 */
extern cx_noreturn void cx_raise_invalid_state(Oid elemtype, int nslots);

/* AggCheckCallContext() != 0, without a function call per row. */
static inline bool
cx_in_aggregate(FunctionCallInfo fcinfo)
{
	return fcinfo->context != NULL &&
		(IsA(fcinfo->context, AggState) || IsA(fcinfo->context, WindowAggState));
}

static inline void *
cx_array_state(FunctionCallInfo fcinfo, int argno, int nslots, Oid elemtype,
			   bool for_update, ArrayType **array)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	ArrayType  *a;

	if (for_update && !cx_in_aggregate(fcinfo))
		a = PG_GETARG_ARRAYTYPE_P_COPY(argno);
	else if (VARATT_IS_EXTENDED(raw))
		a = (ArrayType *) pg_detoast_datum(raw);
	else
		a = (ArrayType *) raw;	/* the usual case */
	if (ARR_NDIM(a) != 1 || ARR_DIMS(a)[0] != nslots || ARR_LBOUND(a)[0] != 1 ||
		ARR_HASNULL(a) || ARR_ELEMTYPE(a) != elemtype)
		cx_raise_invalid_state(elemtype, nslots);
	if (array)
		*array = a;
	/* ARR_DATA_PTR without its NULL-bitmap branch, which trips -Wsign-compare */
	return (char *) a + ARR_OVERHEAD_NONULLS(1);
}

static inline int64 *
cx_int8_state(FunctionCallInfo fcinfo, int argno, int nslots, bool for_update,
			  ArrayType **array)
{
	return (int64 *) cx_array_state(fcinfo, argno, nslots, INT8OID, for_update, array);
}

static inline float8 *
cx_float8_state(FunctionCallInfo fcinfo, int argno, int nslots, bool for_update,
				ArrayType **array)
{
	return (float8 *) cx_array_state(fcinfo, argno, nslots, FLOAT8OID, for_update, array);
}

/* Parameter checks shared by aggregates and accessors (22023). */
extern void cx_check_nps_thresholds(int32 promoter_min, int32 detractor_max);
extern void cx_check_satisfied_min(int32 satisfied_min);

/* 22003: a state counter would pass 9223372036854775807. */
static inline void
cx_raise_counter_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("cx_metrics counter overflow")));
}

/* Overflow-checked increments of state counters (22003 on overflow). */
static inline void
cx_counter_add(int64 *counter, int64 delta)
{
	if (pg_add_s64_overflow(*counter, delta, counter))
		cx_raise_counter_overflow();
}

static inline void
cx_counter_sub(int64 *counter, int64 delta)
{
	if (*counter < delta)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cx_metrics counter would become negative"),
				 errdetail("The inverse transition removed a row that was never added.")));
	*counter -= delta;
}

/* Add (sign > 0) or remove (sign < 0, moving windows) delta. */
static inline void
cx_counter_step(int64 *counter, int64 delta, int sign)
{
	if (sign > 0)
		cx_counter_add(counter, delta);
	else
		cx_counter_sub(counter, delta);
}

#endif							/* PG_CX_H */
