/*
 * pg_compare.c: comparing many groups: a segment against the rest
 * (score_summary_subtract), small groups hidden (at_least), p-values adjusted
 * over a window partition (p_adjust), sample sizes.
 */
#include "pg_cx.h"

#include <math.h>

#include "utils/builtins.h"
#include "utils/memutils.h"
#include "windowapi.h"

#include "cx_bayes.h"
#include "cx_padjust.h"
#include "cx_plan.h"
#include "cx_stats.h"

/* score_summary_subtract(a, b): the answers of a without those of b. */
PG_FUNCTION_INFO_V1(score_summary_subtract);
Datum
score_summary_subtract(PG_FUNCTION_ARGS)
{
	cx_hist		a;
	cx_hist		b;

	score_summary_arg(fcinfo, 0, &a);
	score_summary_arg(fcinfo, 1, &b);
	if (cx_hist_subtract(&a, &b) != CX_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("score_summary_subtract: the second summary is not part of the first"),
				 errdetail("An answer count would become negative, or the weights left (beyond rounding) are those of no answers.")));
	PG_RETURN_SCORE_SUMMARY_P(score_summary_from_hist(&a));
}

/*
 * at_least(s, min_responses): s when it has at least min_responses raw
 * answers (also when weighted), else NULL, so every accessor of a group too
 * small to report is NULL.
 */
PG_FUNCTION_INFO_V1(score_summary_at_least);
Datum
score_summary_at_least(PG_FUNCTION_ARGS)
{
	int32		min_responses = PG_GETARG_INT32(1);
	cx_hist		h;

	if (min_responses < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("at_least: min_responses must be 0 or more, got %d", min_responses)));
	score_summary_arg(fcinfo, 0, &h);
	if (h.total < min_responses)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

/* ---- sample sizes ---- */

static double
plan_z(float8 confidence)
{
	/* written so that NaN fails too */
	if (!(confidence > 0.0 && confidence < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence must be between 0 and 1 exclusive, got %g", confidence)));
	return cx_z_for_confidence(confidence);
}

static void
check_margin(float8 margin)
{
	if (!(margin > 0.0 && isfinite(margin)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("margin must be a positive number of points, got %g", margin)));
}

/* Population argument argno: NULL means none; else at least 1. */
static double
population_arg(FunctionCallInfo fcinfo, int argno)
{
	int64		population;

	if (PG_ARGISNULL(argno))
		return 0.0;
	population = PG_GETARG_INT64(argno);
	if (population < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("population must be 1 or more, got " INT64_FORMAT, population)));
	return (double) population;
}

static Datum
sample_size_result(double n0, double population)
{
	int64		n = cx_sample_size_final(n0, population);

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sample size out of range of integer"),
				 errhint("Ask for a wider margin.")));
	return Int32GetDatum((int32) n);
}

/* nps_sample_size(margin, confidence, variance, population): NULL population = none. */
PG_FUNCTION_INFO_V1(nps_sample_size);
Datum
nps_sample_size(PG_FUNCTION_ARGS)
{
	float8		margin,
				variance;
	double		z;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	margin = PG_GETARG_FLOAT8(0);
	variance = PG_GETARG_FLOAT8(2);
	check_margin(margin);
	z = plan_z(PG_GETARG_FLOAT8(1));
	if (!(variance > 0.0 && variance <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("variance must be in (0, 1], got %g", variance),
				 errdetail("The variance of one NPS answer (+1, 0, -1) is at most 1.")));
	return sample_size_result(cx_nps_sample_size_raw(margin, z, variance),
							  population_arg(fcinfo, 3));
}

/* csat_sample_size(margin, confidence, proportion, population). */
PG_FUNCTION_INFO_V1(csat_sample_size);
Datum
csat_sample_size(PG_FUNCTION_ARGS)
{
	float8		margin,
				proportion;
	double		z;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	margin = PG_GETARG_FLOAT8(0);
	proportion = PG_GETARG_FLOAT8(2);
	check_margin(margin);
	z = plan_z(PG_GETARG_FLOAT8(1));
	if (!(proportion >= 0.0 && proportion <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("proportion must be in [0, 1], got %g", proportion)));
	return sample_size_result(cx_proportion_sample_size_raw(margin, z, proportion),
							  population_arg(fcinfo, 3));
}

/* ---- p_adjust(p, method) OVER (...) ---- */

/*
 * The whole partition is adjusted once, on its first row, and kept in the
 * partition's local memory: every row of the partition counts, whatever the
 * frame or ORDER BY.
 */
typedef struct PAdjustPartition
{
	bool		computed;
	bool		method_null;
	int64		nrows;
	/* then double adjusted[nrows], bool isnull[nrows] */
} PAdjustPartition;

#define PADJUST_ADJUSTED(st) ((double *) ((char *) (st) + MAXALIGN(sizeof(PAdjustPartition))))
#define PADJUST_ISNULL(st) ((bool *) (PADJUST_ADJUSTED(st) + (st)->nrows))

static void
padjust_partition(WindowObject winobj, PAdjustPartition *st)
{
	double	   *adjusted = PADJUST_ADJUSTED(st);
	bool	   *isnull = PADJUST_ISNULL(st);
	double	   *p = palloc(sizeof(double) * Max(st->nrows, 1));
	size_t	   *order = palloc(sizeof(size_t) * Max(st->nrows, 1));
	double	   *out = palloc(sizeof(double) * Max(st->nrows, 1));
	text	   *method_text;
	cx_padjust_method method = CX_PADJUST_BONFERRONI;
	cx_padjust_method row_method;
	bool		have_method = false;
	size_t		n = 0;

	for (int64 row = 0; row < st->nrows; row++)
	{
		bool		null,
					out_of_frame;
		Datum		d;
		float8		x;

		/* one method for the partition */
		d = WinGetFuncArgInPartition(winobj, 1, row, WINDOW_SEEK_HEAD, false, &null, &out_of_frame);
		if (null)
		{
			st->method_null = true;
			continue;
		}
		/* parse every row's: a datum read from a row is not valid after the next read */
		method_text = DatumGetTextPP(d);
		if (!cx_padjust_parse(VARDATA_ANY(method_text), VARSIZE_ANY_EXHDR(method_text), &row_method))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("p_adjust: unknown method \"%s\"", text_to_cstring(method_text)),
					 errhint("Use 'bonferroni', 'holm' or 'bh' (also 'BH', 'fdr').")));
		if (have_method && row_method != method)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("p_adjust: the method must be the same on every row of a partition")));
		method = row_method;
		have_method = true;

		d = WinGetFuncArgInPartition(winobj, 0, row, WINDOW_SEEK_HEAD, false, &null, &out_of_frame);
		isnull[row] = null;
		if (null)
			continue;
		x = DatumGetFloat8(d);
		/* written so that NaN fails too */
		if (!(x >= 0.0 && x <= 1.0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("p_adjust: p-value must be between 0 and 1, got %g", x)));
		p[n++] = x;
	}
	/* a NULL method makes every row NULL, the SQL way */
	if (st->method_null)
		return;
	cx_padjust(method, p, n, out, order);
	n = 0;
	for (int64 row = 0; row < st->nrows; row++)
		if (!isnull[row])
			adjusted[row] = out[n++];
	pfree(p);
	pfree(order);
	pfree(out);
}

PG_FUNCTION_INFO_V1(p_adjust);
Datum
p_adjust(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	int64		nrows = WinGetPartitionRowCount(winobj);
	Size		size;
	PAdjustPartition *st;
	int64		row;

	if (nrows > (int64) ((MaxAllocSize - MAXALIGN(sizeof(PAdjustPartition))) /
						 (sizeof(double) + sizeof(bool) + sizeof(size_t) + 2 * sizeof(double))))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("p_adjust: partition of " INT64_FORMAT " rows is too large", nrows)));
	size = MAXALIGN(sizeof(PAdjustPartition)) + nrows * (sizeof(double) + sizeof(bool));
	st = (PAdjustPartition *) WinGetPartitionLocalMemory(winobj, size);
	if (!st->computed)
	{
		st->nrows = nrows;
		padjust_partition(winobj, st);
		st->computed = true;
	}
	row = WinGetCurrentPosition(winobj);
	if (st->method_null || PADJUST_ISNULL(st)[row])
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(PADJUST_ADJUSTED(st)[row]);
}

/* ---- nps_prob_greater, csat_prob_greater ---- */

/*
 * Counts of a summary in [lo, hi] for a posterior: the counts themselves
 * when unweighted (integers: CSAT's exact closed form applies), else n_eff
 * times the weighted share.  False when there is nothing to measure.
 */
static bool
posterior_counts(const cx_hist *h, const int *lo, const int *hi, int nbuckets, double *out)
{
	double		n_eff,
				total;

	if (!cx_hist_has_weight(h))
		return false;
	if (!h->weighted)
	{
		for (int i = 0; i < nbuckets; i++)
			out[i] = (double) cx_hist_count_between(h, lo[i], hi[i]);
		return true;
	}
	n_eff = cx_hist_effective_n(h);
	total = cx_hist_weight_total(h);
	for (int i = 0; i < nbuckets; i++)
		out[i] = n_eff * (cx_hist_weight_between(h, lo[i], hi[i]) / total);
	return true;
}

PG_FUNCTION_INFO_V1(nps_prob_greater);
Datum
nps_prob_greater(PG_FUNCTION_ARGS)
{
	int32		promoter_min = PG_GETARG_INT32(2);
	int32		detractor_max = PG_GETARG_INT32(3);
	int			lo[3],
				hi[3];
	double		ca[3],
				cb[3];
	cx_hist		a,
				b;
	double		prob;

	cx_check_nps_thresholds(promoter_min, detractor_max);
	score_summary_arg(fcinfo, 0, &a);
	score_summary_arg(fcinfo, 1, &b);
	cx_check_standard_nps_scale(&a, promoter_min, detractor_max);
	cx_check_standard_nps_scale(&b, promoter_min, detractor_max);
	/* promoters, passives, detractors */
	lo[0] = promoter_min;
	hi[0] = CX_MAX_VALUE;
	lo[1] = detractor_max + 1;
	hi[1] = promoter_min - 1;
	lo[2] = CX_MIN_VALUE;
	hi[2] = detractor_max;
	if (!posterior_counts(&a, lo, hi, 3, ca) || !posterior_counts(&b, lo, hi, 3, cb))
		PG_RETURN_NULL();
	/* promoter_min == detractor_max + 1 leaves no passive value: none counted */
	if (lo[1] > hi[1])
		ca[1] = cb[1] = 0.0;
	prob = cx_dirichlet_nps_prob_greater(1 + ca[0], 1 + ca[1], 1 + ca[2],
										 1 + cb[0], 1 + cb[1], 1 + cb[2]);
	if (isnan(prob))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("nps_prob_greater: too many answers for the numerical integration"),
				 errdetail("The posterior distributions are narrower than double precision resolves.")));
	PG_RETURN_FLOAT8(prob);
}

PG_FUNCTION_INFO_V1(csat_prob_greater);
Datum
csat_prob_greater(PG_FUNCTION_ARGS)
{
	int32		satisfied_min = PG_GETARG_INT32(2);
	int			lo[2],
				hi[2];
	double		ca[2],
				cb[2];
	cx_hist		a,
				b;
	double		prob;

	cx_check_satisfied_min(satisfied_min);
	score_summary_arg(fcinfo, 0, &a);
	score_summary_arg(fcinfo, 1, &b);
	cx_check_standard_csat_scale(&a, satisfied_min);
	cx_check_standard_csat_scale(&b, satisfied_min);
	/* satisfied, the others */
	lo[0] = satisfied_min;
	hi[0] = CX_MAX_VALUE;
	lo[1] = CX_MIN_VALUE;
	hi[1] = satisfied_min - 1;
	if (!posterior_counts(&a, lo, hi, 2, ca) || !posterior_counts(&b, lo, hi, 2, cb))
		PG_RETURN_NULL();
	prob = cx_beta_prob_greater(1 + ca[0], 1 + ca[1], 1 + cb[0], 1 + cb[1]);
	if (isnan(prob))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("csat_prob_greater: too many answers for the numerical integration"),
				 errdetail("The posterior distributions are narrower than double precision resolves.")));
	PG_RETURN_FLOAT8(prob);
}
