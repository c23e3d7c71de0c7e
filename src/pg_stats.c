/*
 * pg_stats.c: margins of error, intervals and significance tests on
 * score_summary values (metrics.md §6).  Weighted summaries use weighted
 * shares and Kish's effective sample size in place of n.
 */
#include "pg_cx.h"

#include <math.h>

#include "cx_stats.h"

#define DEFAULT_CONFIDENCE 0.95

static double
z_arg(FunctionCallInfo fcinfo, int argno)
{
	float8		confidence = DEFAULT_CONFIDENCE;

	if (argno < PG_NARGS())
		confidence = PG_GETARG_FLOAT8(argno);
	/* written so that NaN fails too */
	if (!(confidence > 0.0 && confidence < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence must be between 0 and 1 exclusive, got %g", confidence)));
	return cx_z_for_confidence(confidence);
}

/* Sample size and the shares of [lo, hi] buckets of a summary. */
typedef struct Sample
{
	double		n;				/* effective sample size */
	double		share_high;		/* answers >= high_min */
	double		share_low;		/* answers <= low_max */
} Sample;

/*
 * Reads summary argno for an NPS statistic: the default 0..10 scale when
 * has_thresholds is false, else promoter_min and detractor_max from the two
 * arguments after it.  False when there is nothing to measure.
 */
static bool
nps_sample(FunctionCallInfo fcinfo, int argno, bool has_thresholds, int threshold_argno,
		   Sample *sample)
{
	cx_hist		h;
	int32		promoter_min = 9;
	int32		detractor_max = 6;

	if (has_thresholds)
	{
		promoter_min = PG_GETARG_INT32(threshold_argno);
		detractor_max = PG_GETARG_INT32(threshold_argno + 1);
		cx_check_nps_thresholds(promoter_min, detractor_max);
	}
	score_summary_arg(fcinfo, argno, &h);
	if (!has_thresholds)
		cx_check_scale(&h, "nps", 0, 10);
	if (!cx_hist_has_weight(&h))
		return false;
	sample->n = cx_hist_effective_n(&h);
	sample->share_high = cx_hist_percent_between(&h, promoter_min, CX_MAX_VALUE) / 100.0;
	sample->share_low = cx_hist_percent_between(&h, CX_MIN_VALUE, detractor_max) / 100.0;
	return true;
}

static bool
csat_sample(FunctionCallInfo fcinfo, int argno, bool has_min, int min_argno, Sample *sample)
{
	cx_hist		h;
	int32		satisfied_min = 4;

	if (has_min)
	{
		satisfied_min = PG_GETARG_INT32(min_argno);
		cx_check_satisfied_min(satisfied_min);
	}
	score_summary_arg(fcinfo, argno, &h);
	if (!has_min)
		cx_check_scale(&h, "csat", 1, 5);
	if (!cx_hist_has_weight(&h))
		return false;
	sample->n = cx_hist_effective_n(&h);
	sample->share_high = cx_hist_percent_between(&h, satisfied_min, CX_MAX_VALUE) / 100.0;
	sample->share_low = 0.0;
	return true;
}

/* ---- NPS: nps_moe, nps_low, nps_high (s [, promoter_min, detractor_max] [, confidence]) ---- */

typedef enum Bound
{
	MARGIN,
	LOW,
	HIGH
} Bound;

static Datum
nps_bound(FunctionCallInfo fcinfo, Bound bound)
{
	bool		has_thresholds = PG_NARGS() >= 3;
	double		z = z_arg(fcinfo, has_thresholds ? 3 : 1);
	Sample		s;
	double		low;
	double		high;

	if (!nps_sample(fcinfo, 0, has_thresholds, 1, &s))
		PG_RETURN_NULL();
	if (bound == MARGIN)
		PG_RETURN_FLOAT8(cx_nps_moe(s.n, s.share_high, s.share_low, z));
	cx_nps_interval(s.n, s.share_high, s.share_low, z, &low, &high);
	PG_RETURN_FLOAT8(bound == LOW ? low : high);
}

PG_FUNCTION_INFO_V1(score_summary_nps_moe);
Datum
score_summary_nps_moe(PG_FUNCTION_ARGS)
{
	return nps_bound(fcinfo, MARGIN);
}

PG_FUNCTION_INFO_V1(score_summary_nps_low);
Datum
score_summary_nps_low(PG_FUNCTION_ARGS)
{
	return nps_bound(fcinfo, LOW);
}

PG_FUNCTION_INFO_V1(score_summary_nps_high);
Datum
score_summary_nps_high(PG_FUNCTION_ARGS)
{
	return nps_bound(fcinfo, HIGH);
}

/* ---- CSAT: Wilson interval (s [, satisfied_min] [, confidence]) ---- */

static Datum
csat_bound(FunctionCallInfo fcinfo, bool has_min, Bound bound)
{
	double		z = z_arg(fcinfo, has_min ? 2 : 1);
	Sample		s;
	double		low;
	double		high;

	if (!csat_sample(fcinfo, 0, has_min, 1, &s))
		PG_RETURN_NULL();
	cx_wilson_interval(s.n, s.share_high, z, &low, &high);
	PG_RETURN_FLOAT8(bound == LOW ? low : high);
}

PG_FUNCTION_INFO_V1(score_summary_csat_low);
Datum
score_summary_csat_low(PG_FUNCTION_ARGS)
{
	return csat_bound(fcinfo, false, LOW);
}

PG_FUNCTION_INFO_V1(score_summary_csat_high);
Datum
score_summary_csat_high(PG_FUNCTION_ARGS)
{
	return csat_bound(fcinfo, false, HIGH);
}

PG_FUNCTION_INFO_V1(score_summary_csat_min_low);
Datum
score_summary_csat_min_low(PG_FUNCTION_ARGS)
{
	return csat_bound(fcinfo, true, LOW);
}

PG_FUNCTION_INFO_V1(score_summary_csat_min_high);
Datum
score_summary_csat_min_high(PG_FUNCTION_ARGS)
{
	return csat_bound(fcinfo, true, HIGH);
}

/* ---- mean: normal interval from the sample variance (s [, confidence]) ---- */

static Datum
mean_bound(FunctionCallInfo fcinfo, Bound bound)
{
	double		z = z_arg(fcinfo, 1);
	cx_hist		h;
	double		low;
	double		high;

	score_summary_arg(fcinfo, 0, &h);
	/* one (effective) answer has no sample variance */
	if (!cx_hist_has_weight(&h) || cx_hist_effective_n(&h) <= 1.0)
		PG_RETURN_NULL();
	cx_mean_interval(cx_hist_effective_n(&h), cx_hist_mean(&h), cx_hist_variance(&h), z,
					 &low, &high);
	PG_RETURN_FLOAT8(bound == LOW ? low : high);
}

PG_FUNCTION_INFO_V1(score_summary_mean_low);
Datum
score_summary_mean_low(PG_FUNCTION_ARGS)
{
	return mean_bound(fcinfo, LOW);
}

PG_FUNCTION_INFO_V1(score_summary_mean_high);
Datum
score_summary_mean_high(PG_FUNCTION_ARGS)
{
	return mean_bound(fcinfo, HIGH);
}

/* ---- tests: nps_test(a, b [, promoter_min, detractor_max]), csat_test(a, b [, satisfied_min]) ---- */

PG_FUNCTION_INFO_V1(score_summary_nps_test);
Datum
score_summary_nps_test(PG_FUNCTION_ARGS)
{
	bool		has_thresholds = PG_NARGS() >= 4;
	Sample		a;
	Sample		b;

	/* | rather than ||: both arguments are validated */
	if (!nps_sample(fcinfo, 0, has_thresholds, 2, &a) |
		!nps_sample(fcinfo, 1, has_thresholds, 2, &b))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(cx_nps_test(a.n, a.share_high, a.share_low, b.n, b.share_high, b.share_low));
}

PG_FUNCTION_INFO_V1(score_summary_csat_test);
Datum
score_summary_csat_test(PG_FUNCTION_ARGS)
{
	bool		has_min = PG_NARGS() >= 3;
	Sample		a;
	Sample		b;

	/* | rather than ||: both arguments are validated */
	if (!csat_sample(fcinfo, 0, has_min, 2, &a) | !csat_sample(fcinfo, 1, has_min, 2, &b))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(cx_proportion_test(a.n, a.share_high, b.n, b.share_high));
}
