/*
 * pg_stats.c: margins of error, intervals and significance tests on
 * score_summary values (README, "Function reference").  Weighted summaries use weighted
 * shares and Kish's effective sample size in place of n.
 */
#include "pg_cx.h"

#include <math.h>

#include "cx_stats.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"

#define DEFAULT_CONFIDENCE 0.95

/* Sample size and the shares of [lo, hi] buckets of a summary. */
typedef struct Sample
{
	double		n;				/* effective sample size */
	double		share_high;		/* answers >= high_min */
	double		share_low;		/* answers <= low_max */
} Sample;

/* The shares of the buckets of h; false when there is nothing to measure. */
static bool
nps_shares(const cx_hist *h, int32 promoter_min, int32 detractor_max, Sample *sample)
{
	if (!cx_hist_has_weight(h))
		return false;
	sample->n = cx_hist_effective_n(h);
	sample->share_high = cx_hist_percent_between(h, promoter_min, CX_MAX_VALUE) / 100.0;
	sample->share_low = cx_hist_percent_between(h, CX_MIN_VALUE, detractor_max) / 100.0;
	return true;
}

static bool
csat_shares(const cx_hist *h, int32 satisfied_min, Sample *sample)
{
	if (!cx_hist_has_weight(h))
		return false;
	sample->n = cx_hist_effective_n(h);
	sample->share_high = cx_hist_percent_between(h, satisfied_min, CX_MAX_VALUE) / 100.0;
	sample->share_low = 0.0;
	return true;
}

/*
 * Reads summary argno for an NPS statistic of the 1.x signatures (and the
 * tests): the standard 0..10 scale when has_thresholds is false, else
 * promoter_min and detractor_max from the two arguments at threshold_argno,
 * and then no scale check.
 */
static bool
nps_sample(FunctionCallInfo fcinfo, int argno, bool has_thresholds, int threshold_argno,
		   Sample *sample)
{
	cx_hist		h;
	int32		promoter_min = CX_STANDARD_PROMOTER_MIN;
	int32		detractor_max = CX_STANDARD_DETRACTOR_MAX;

	if (has_thresholds)
	{
		promoter_min = PG_GETARG_INT32(threshold_argno);
		detractor_max = PG_GETARG_INT32(threshold_argno + 1);
		cx_check_nps_thresholds(promoter_min, detractor_max);
	}
	score_summary_arg(fcinfo, argno, &h);
	if (!has_thresholds)
		cx_check_scale(&h, "nps", 0, 10);
	return nps_shares(&h, promoter_min, detractor_max, sample);
}

static bool
csat_sample(FunctionCallInfo fcinfo, int argno, bool has_min, int min_argno, Sample *sample)
{
	cx_hist		h;
	int32		satisfied_min = CX_STANDARD_SATISFIED_MIN;

	if (has_min)
	{
		satisfied_min = PG_GETARG_INT32(min_argno);
		cx_check_satisfied_min(satisfied_min);
	}
	score_summary_arg(fcinfo, argno, &h);
	if (!has_min)
		cx_check_scale(&h, "csat", 1, 5);
	return csat_shares(&h, satisfied_min, sample);
}

/*
 * ---- 2.0 interval functions ----
 *
 * nps_moe(summary, confidence, promoter_min, detractor_max),
 * nps_low|nps_high(summary, confidence, promoter_min, detractor_max, method),
 * csat_low|csat_high(summary, confidence, satisfied_min): the confidence is
 * always the second argument and the thresholds follow it, every one with a
 * default, so a number can only be read as what its position or name says.
 * A confidence outside (0, 1) is the one way to mistake a threshold for a
 * confidence (csat_low(s, 95), nps_low(s, 9, 6)), so its error shows both
 * readings as calls.
 */

typedef enum IntervalKind
{
	NPS_INTERVAL,
	CSAT_INTERVAL,
	MEAN_INTERVAL
} IntervalKind;

/* "95" -> true: an integer a user may have meant as a percent or a threshold */
static bool
is_small_integer(double x)
{
	return x >= 0.0 && x <= 100.0 && x == floor(x);
}

static void
raise_bad_confidence(const char *function, IntervalKind kind, double confidence,
					 int32 next_argument)
{
	StringInfoData hint;

	initStringInfo(&hint);
	appendStringInfoString(&hint, "The second argument is the confidence level, a fraction such as 0.95.");
	/* 50..99.9 reads as a percent; a small integer is more likely a threshold */
	if (confidence >= 50.0 && confidence < 100.0)
		appendStringInfo(&hint, " For %g %% confidence write %s(s, %g).", confidence, function,
						 confidence / 100.0);
	if (is_small_integer(confidence) && kind == NPS_INTERVAL)
	{
		/* nps_low(s, 9, 6): the argument after it is the intended detractor_max */
		if (next_argument < confidence && next_argument != CX_STANDARD_PROMOTER_MIN)
			appendStringInfo(&hint, " Thresholds go by name: %s(s, promoter_min => %d, detractor_max => %d).",
							 function, (int) confidence, next_argument);
		else
			appendStringInfo(&hint, " Thresholds go by name: %s(s, promoter_min => %d, detractor_max => <detractor_max>).",
							 function, (int) confidence);
	}
	else if (is_small_integer(confidence) && kind == CSAT_INTERVAL)
		appendStringInfo(&hint, " For ratings >= %d write %s(s, satisfied_min => %d).",
						 (int) confidence, function, (int) confidence);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: confidence must be between 0 and 1 exclusive, got %g", function, confidence),
			 errhint("%s", hint.data)));
}

static double
z_for(const char *function, IntervalKind kind, double confidence, int32 next_argument)
{
	/* written so that NaN fails too */
	if (!(confidence > 0.0 && confidence < 1.0))
		raise_bad_confidence(function, kind, confidence, next_argument);
	return cx_z_for_confidence(confidence);
}

/* The shares of an NPS summary read with the 2.0 thresholds (pg_cx.h). */
static bool
nps_sample_at(FunctionCallInfo fcinfo, int argno, int32 promoter_min, int32 detractor_max,
			  Sample *sample)
{
	cx_hist		h;

	cx_check_nps_thresholds(promoter_min, detractor_max);
	score_summary_arg(fcinfo, argno, &h);
	cx_check_standard_nps_scale(&h, promoter_min, detractor_max);
	return nps_shares(&h, promoter_min, detractor_max, sample);
}

static bool
csat_sample_at(FunctionCallInfo fcinfo, int argno, int32 satisfied_min, Sample *sample)
{
	cx_hist		h;

	cx_check_satisfied_min(satisfied_min);
	score_summary_arg(fcinfo, argno, &h);
	cx_check_standard_csat_scale(&h, satisfied_min);
	return csat_shares(&h, satisfied_min, sample);
}

typedef enum Bound
{
	MARGIN,
	LOW,
	HIGH
} Bound;

typedef enum NpsMethod
{
	NPS_ADJUSTED_WALD,
	NPS_SCORE
} NpsMethod;

static NpsMethod
nps_method_arg(FunctionCallInfo fcinfo, int argno, const char *function)
{
	text	   *t = PG_GETARG_TEXT_PP(argno);
	const char *name = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);

	if (len == 13 && memcmp(name, "adjusted-wald", 13) == 0)
		return NPS_ADJUSTED_WALD;
	if (len == 5 && memcmp(name, "score", 5) == 0)
		return NPS_SCORE;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: unknown method \"%s\"", function, text_to_cstring(t)),
			 errhint("Use 'adjusted-wald' (the default) or 'score'.")));
	pg_unreachable();
}

/*
 * The margin or a bound of the NPS of a Sample; shared by the 2.0 functions
 * and the 1.x entry points, which differ only in how they read arguments.
 */
static Datum
nps_bound_of(const Sample *s, Bound bound, NpsMethod method, double z)
{
	double		low;
	double		high;

	if (bound == MARGIN)
		PG_RETURN_FLOAT8(cx_nps_moe(s->n, s->share_high, s->share_low, z));
	if (method == NPS_SCORE)
		cx_nps_score_interval(s->n, s->share_high, s->share_low, z, &low, &high);
	else
		cx_nps_interval(s->n, s->share_high, s->share_low, z, &low, &high);
	PG_RETURN_FLOAT8(bound == LOW ? low : high);
}

static Datum
nps_interval_bound(FunctionCallInfo fcinfo, Bound bound, const char *function)
{
	int32		promoter_min = PG_GETARG_INT32(2);
	int32		detractor_max = PG_GETARG_INT32(3);
	double		z = z_for(function, NPS_INTERVAL, PG_GETARG_FLOAT8(1), promoter_min);
	NpsMethod	method = NPS_ADJUSTED_WALD;
	Sample		s;

	if (bound != MARGIN)
		method = nps_method_arg(fcinfo, 4, function);
	if (!nps_sample_at(fcinfo, 0, promoter_min, detractor_max, &s))
		PG_RETURN_NULL();
	return nps_bound_of(&s, bound, method, z);
}

PG_FUNCTION_INFO_V1(nps_moe);
Datum
nps_moe(PG_FUNCTION_ARGS)
{
	return nps_interval_bound(fcinfo, MARGIN, "nps_moe");
}

PG_FUNCTION_INFO_V1(nps_low);
Datum
nps_low(PG_FUNCTION_ARGS)
{
	return nps_interval_bound(fcinfo, LOW, "nps_low");
}

PG_FUNCTION_INFO_V1(nps_high);
Datum
nps_high(PG_FUNCTION_ARGS)
{
	return nps_interval_bound(fcinfo, HIGH, "nps_high");
}

static Datum
csat_bound_of(const Sample *s, Bound bound, double z)
{
	double		low;
	double		high;

	cx_wilson_interval(s->n, s->share_high, z, &low, &high);
	PG_RETURN_FLOAT8(bound == LOW ? low : high);
}

static Datum
csat_interval_bound(FunctionCallInfo fcinfo, Bound bound, const char *function)
{
	int32		satisfied_min = PG_GETARG_INT32(2);
	double		z = z_for(function, CSAT_INTERVAL, PG_GETARG_FLOAT8(1), satisfied_min);
	Sample		s;

	if (!csat_sample_at(fcinfo, 0, satisfied_min, &s))
		PG_RETURN_NULL();
	return csat_bound_of(&s, bound, z);
}

PG_FUNCTION_INFO_V1(csat_low);
Datum
csat_low(PG_FUNCTION_ARGS)
{
	return csat_interval_bound(fcinfo, LOW, "csat_low");
}

PG_FUNCTION_INFO_V1(csat_high);
Datum
csat_high(PG_FUNCTION_ARGS)
{
	return csat_interval_bound(fcinfo, HIGH, "csat_high");
}

/*
 * ---- 1.x entry points ----
 *
 * The overloads of 1.1 and 1.2 (confidence or thresholds in the same
 * position), kept because one shared library serves every installed version:
 * a database still at 1.2 calls them until ALTER EXTENSION ... UPDATE.
 */

/* the 1.x message: the hints of z_for name 2.0 calls */
static double
legacy_z(double confidence)
{
	if (!(confidence > 0.0 && confidence < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence must be between 0 and 1 exclusive, got %g", confidence)));
	return cx_z_for_confidence(confidence);
}

static Datum
legacy_nps_bound(FunctionCallInfo fcinfo, Bound bound)
{
	bool		has_thresholds = PG_NARGS() >= 3;
	double		confidence = PG_NARGS() == 2 ? PG_GETARG_FLOAT8(1) :
		PG_NARGS() == 4 ? PG_GETARG_FLOAT8(3) : DEFAULT_CONFIDENCE;
	double		z = legacy_z(confidence);
	Sample		s;

	if (!nps_sample(fcinfo, 0, has_thresholds, 1, &s))
		PG_RETURN_NULL();
	return nps_bound_of(&s, bound, NPS_ADJUSTED_WALD, z);
}

PG_FUNCTION_INFO_V1(score_summary_nps_moe);
Datum
score_summary_nps_moe(PG_FUNCTION_ARGS)
{
	return legacy_nps_bound(fcinfo, MARGIN);
}

PG_FUNCTION_INFO_V1(score_summary_nps_low);
Datum
score_summary_nps_low(PG_FUNCTION_ARGS)
{
	return legacy_nps_bound(fcinfo, LOW);
}

PG_FUNCTION_INFO_V1(score_summary_nps_high);
Datum
score_summary_nps_high(PG_FUNCTION_ARGS)
{
	return legacy_nps_bound(fcinfo, HIGH);
}

static Datum
legacy_csat_bound(FunctionCallInfo fcinfo, bool has_min, Bound bound)
{
	double		confidence = (has_min ? PG_NARGS() == 3 : PG_NARGS() == 2) ?
		PG_GETARG_FLOAT8(has_min ? 2 : 1) : DEFAULT_CONFIDENCE;
	double		z = legacy_z(confidence);
	Sample		s;

	if (!csat_sample(fcinfo, 0, has_min, 1, &s))
		PG_RETURN_NULL();
	return csat_bound_of(&s, bound, z);
}

PG_FUNCTION_INFO_V1(score_summary_csat_low);
Datum
score_summary_csat_low(PG_FUNCTION_ARGS)
{
	return legacy_csat_bound(fcinfo, false, LOW);
}

PG_FUNCTION_INFO_V1(score_summary_csat_high);
Datum
score_summary_csat_high(PG_FUNCTION_ARGS)
{
	return legacy_csat_bound(fcinfo, false, HIGH);
}

PG_FUNCTION_INFO_V1(score_summary_csat_min_low);
Datum
score_summary_csat_min_low(PG_FUNCTION_ARGS)
{
	return legacy_csat_bound(fcinfo, true, LOW);
}

PG_FUNCTION_INFO_V1(score_summary_csat_min_high);
Datum
score_summary_csat_min_high(PG_FUNCTION_ARGS)
{
	return legacy_csat_bound(fcinfo, true, HIGH);
}

/* ---- mean: normal interval from the sample variance (s [, confidence]) ---- */

static Datum
mean_bound(FunctionCallInfo fcinfo, Bound bound)
{
	double		z = z_for(bound == LOW ? "mean_low" : "mean_high", MEAN_INTERVAL,
						  PG_NARGS() > 1 ? PG_GETARG_FLOAT8(1) : DEFAULT_CONFIDENCE, 0);
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
