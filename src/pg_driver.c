/*
 * pg_driver.c: driver_summary, the state of key-driver analysis: its type
 * I/O, the aggregate driver_summary(outcome, attributes), rollup, and the
 * accessors (means, correlations, R^2, betas, relative weights, table).
 *
 * The transition state is a driver_summary itself, allocated once per group
 * in the aggregate context on the first usable row and updated in place.
 */
#include "pg_cx.h"

#include <math.h>

#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "cx_driver.h"

typedef struct DriverSummary
{
	int32		vl_len_;
	uint8		version;		/* CX_DRIVER_VERSION */
	uint8		flags;			/* reserved, 0 */
	uint16		reserved;		/* reserved, 0 */
	uint32		k;				/* attributes, 1..64 */
	uint32		reserved2;		/* reserved, 0; aligns n to 8 */
	int64		n;				/* rows */
	float8		data[FLEXIBLE_ARRAY_MEMBER];	/* means[k+1], co-moments */
} DriverSummary;

#define DRIVER_HEADER offsetof(DriverSummary, data)
#define DRIVER_SIZE(k) (DRIVER_HEADER + sizeof(float8) * CX_DRIVER_DOUBLES(k))
#define PG_GETARG_DRIVER_P(n) ((DriverSummary *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

static void
raise_corrupt(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("corrupt driver_summary value"),
			 detail ? errdetail("%s", detail) : 0));
}

static void
raise_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("driver_summary: value out of range"),
			 errdetail("A mean, a co-moment (sum of squared deviations) or the row count overflows.")));
}

static DriverSummary *
driver_alloc(MemoryContext context, int k)
{
	DriverSummary *s = MemoryContextAllocZero(context, DRIVER_SIZE(k));

	SET_VARSIZE(s, DRIVER_SIZE(k));
	s->version = CX_DRIVER_VERSION;
	s->k = (uint32) k;
	return s;
}

/* Cheap structural check, done before every in-place update. */
static inline void
check_header(const DriverSummary *s)
{
	if (VARSIZE(s) < DRIVER_HEADER || s->version != CX_DRIVER_VERSION || s->flags != 0 ||
		s->reserved != 0 || s->reserved2 != 0 || s->k < 1 || s->k > CX_DRIVER_MAX_K ||
		VARSIZE(s) != DRIVER_SIZE(s->k))
		raise_corrupt(NULL);
}

static void
check_values(int k, int64 n, const float8 *data, bool corrupt)
{
	char		err[160];
	double	   *work = palloc(sizeof(double) * cx_driver_work_size(k));

	if (!cx_driver_validate(k, n, data, work, err, sizeof(err)))
	{
		if (corrupt)
			raise_corrupt(err);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid driver_summary value"),
				 errdetail("%s", err)));
	}
	pfree(work);
}

/*
 * Argument argno checked for merging only (header, sizes, finiteness, signs,
 * counts): rollup's per-row path, which must not pay an eigendecomposition
 * and its work space per summary.  What it lets through (a co-moment matrix
 * that is not positive semi-definite) is refused by the accessors and the
 * output functions, which take driver_arg.
 */
static DriverSummary *
driver_arg_merge(FunctionCallInfo fcinfo, int argno)
{
	DriverSummary *s = PG_GETARG_DRIVER_P(argno);
	char		err[160];

	check_header(s);
	if (!cx_driver_check_merge((int) s->k, s->n, s->data, err, sizeof(err)))
		raise_corrupt(err);
	return s;
}

/* Argument argno, fully validated (values read from storage). */
static DriverSummary *
driver_arg(FunctionCallInfo fcinfo, int argno)
{
	DriverSummary *s = PG_GETARG_DRIVER_P(argno);

	check_header(s);
	check_values((int) s->k, s->n, s->data, true);
	return s;
}

static DriverSummary *
driver_build(int k, int64 n, const double *data)
{
	DriverSummary *s = driver_alloc(CurrentMemoryContext, k);

	s->n = n;
	memcpy(s->data, data, sizeof(float8) * CX_DRIVER_DOUBLES(k));
	return s;
}

/* ---- type I/O ---- */

PG_FUNCTION_INFO_V1(driver_summary_in);
Datum
driver_summary_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	double	   *data = palloc(sizeof(double) * CX_DRIVER_MAX_DOUBLES);
	int			k;
	int64		n;
	char		err[160];

	if (!cx_driver_parse(text, strlen(text), &k, &n, data, err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type driver_summary"),
				 errdetail("%s", err)));
	check_values(k, n, data, false);
	PG_RETURN_POINTER(driver_build(k, n, data));
}

PG_FUNCTION_INFO_V1(driver_summary_out);
Datum
driver_summary_out(PG_FUNCTION_ARGS)
{
	DriverSummary *s = driver_arg(fcinfo, 0);
	char	   *buf = palloc(cx_driver_text_size((int) s->k));

	cx_driver_format((int) s->k, s->n, s->data, buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(driver_summary_send);
Datum
driver_summary_send(PG_FUNCTION_ARGS)
{
	DriverSummary *s = driver_arg(fcinfo, 0);
	size_t		size = cx_driver_wire_size((int) s->k);
	uint8	   *wire = palloc(size);
	StringInfoData buf;

	cx_driver_encode((int) s->k, s->n, s->data, wire);
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) wire, (int) size);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(driver_summary_recv);
Datum
driver_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	size_t		len = (size_t) (buf->len - buf->cursor);
	double	   *data = palloc(sizeof(double) * CX_DRIVER_MAX_DOUBLES);
	int			k;
	int64		n;
	char		err[160];

	if (!cx_driver_decode((const uint8 *) buf->data + buf->cursor, len, &k, &n, data,
						  err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid binary driver_summary"),
				 errdetail("%s", err)));
	check_values(k, n, data, false);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(driver_build(k, n, data));
}

/* ---- aggregate ---- */

static void
raise_bad_attributes(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("driver_summary: attributes must be a one-dimensional array of 1 to %d values",
					CX_DRIVER_MAX_K),
			 errdetail("%s", detail)));
}

static void
raise_k_mismatch(int a, int b)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("driver_summary: %d attributes where the group has %d", b, a),
			 errdetail("Every row of a group, and every summary rolled up together, must have the same number of attributes.")));
}

static void
raise_not_finite(float8 outcome, const float8 *x, int k)
{
	if (!isfinite(outcome))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("driver_summary: outcome must be finite, got %g", outcome)));
	for (int j = 0; j < k; j++)
		if (!isfinite(x[j]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("driver_summary: attribute %d must be finite, got %g", j + 1, x[j])));
}

/*
 * driver_summary_trans(state, outcome, attributes): not strict, so that the
 * first usable row can size the state.  Rows with a NULL outcome, array or
 * element are skipped (listwise deletion).
 */
PG_FUNCTION_INFO_V1(driver_summary_trans);
Datum
driver_summary_trans(PG_FUNCTION_ARGS)
{
	DriverSummary *state = PG_ARGISNULL(0) ? NULL : (DriverSummary *) PG_GETARG_POINTER(0);
	ArrayType  *attributes;
	float8		outcome;
	const float8 *x;
	int			k;
	MemoryContext aggcontext;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		goto skip;
	/* PG_GETARG_ARRAYTYPE_P without a call for the usual, plain array */
	attributes = (ArrayType *) PG_GETARG_POINTER(2);
	if (VARATT_IS_EXTENDED(attributes))
		attributes = (ArrayType *) pg_detoast_datum((struct varlena *) attributes);
	if (ARR_NDIM(attributes) != 1)
		raise_bad_attributes(ARR_NDIM(attributes) == 0 ? "The array is empty." :
							 "The array has more than one dimension.");
	k = ARR_DIMS(attributes)[0];
	if (k < 1 || k > CX_DRIVER_MAX_K)
		raise_bad_attributes("The array has more than 64 values.");
	if (ARR_HASNULL(attributes) && array_contains_nulls(attributes))
		goto skip;
	outcome = PG_GETARG_FLOAT8(1);
	/* ARR_DATA_PTR, written without its sign-compare warning */
	x = (const float8 *) ((const char *) attributes +
						  (ARR_HASNULL(attributes) ? (size_t) attributes->dataoffset
						   : ARR_OVERHEAD_NONULLS(1)));

	if (state == NULL)
	{
		if (!AggCheckCallContext(fcinfo, &aggcontext))
			aggcontext = CurrentMemoryContext;
		state = driver_alloc(aggcontext, k);
	}
	else
	{
		/* the aggregate's own state is never toasted; a value passed in may be */
		if (VARATT_IS_EXTENDED(state))
			state = (DriverSummary *) pg_detoast_datum((struct varlena *) state);
		check_header(state);
		if ((int) state->k != k)
			raise_k_mismatch((int) state->k, k);
		if (!cx_in_aggregate(fcinfo))
		{
			/* called as a plain function: leave the argument untouched */
			check_values(k, state->n, state->data, true);
			state = driver_build(k, state->n, state->data);
		}
	}
	/* the update fails on NaN or infinite input too: tell which it was */
	if (cx_driver_add(k, &state->n, state->data, outcome, x) != CX_OK)
	{
		raise_not_finite(outcome, x, k);
		raise_overflow();
	}
	PG_RETURN_POINTER(state);

skip:
	if (state == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(state);
}

/*
 * driver_summary_combine(a, b): strict; the combine function of both
 * aggregates and the transition function of rollup.  Merges b into a in
 * place when a is the aggregate's state.
 */
PG_FUNCTION_INFO_V1(driver_summary_combine);
Datum
driver_summary_combine(PG_FUNCTION_ARGS)
{
	bool		in_agg = cx_in_aggregate(fcinfo);

	/*
	 * a too: rollup's first summary becomes the state without a call, so it
	 * reaches this merge unchecked.
	 */
	DriverSummary *a = driver_arg_merge(fcinfo, 0);
	DriverSummary *b = driver_arg_merge(fcinfo, 1);

	if (a->k != b->k)
		raise_k_mismatch((int) a->k, (int) b->k);
	if (!in_agg)
		a = driver_build((int) a->k, a->n, a->data);
	if (cx_driver_merge((int) a->k, &a->n, a->data, b->n, b->data) != CX_OK)
		raise_overflow();
	PG_RETURN_POINTER(a);
}

/* ---- accessors ---- */

PG_FUNCTION_INFO_V1(driver_summary_responses);
Datum
driver_summary_responses(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(driver_arg(fcinfo, 0)->n);
}

PG_FUNCTION_INFO_V1(driver_summary_outcome_mean);
Datum
driver_summary_outcome_mean(PG_FUNCTION_ARGS)
{
	DriverSummary *s = driver_arg(fcinfo, 0);

	if (s->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(s->data[0]);
}

static ArrayType *
float8_array(const double *values, const bool *defined, int k)
{
	Datum	   *elems = palloc(sizeof(Datum) * k);
	bool	   *nulls = palloc(sizeof(bool) * k);
	int			dims[1] = {k};
	int			lbs[1] = {1};

	for (int j = 0; j < k; j++)
	{
		nulls[j] = defined != NULL && !defined[j];
		elems[j] = Float8GetDatum(nulls[j] ? 0.0 : values[j]);
	}
	return construct_md_array(elems, nulls, 1, dims, lbs, FLOAT8OID, sizeof(float8),
							  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

PG_FUNCTION_INFO_V1(driver_summary_means);
Datum
driver_summary_means(PG_FUNCTION_ARGS)
{
	DriverSummary *s = driver_arg(fcinfo, 0);

	if (s->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_ARRAYTYPE_P(float8_array(s->data + 1, NULL, (int) s->k));
}

typedef struct DriverFigures
{
	cx_driver_figures f;
	double		corr[CX_DRIVER_MAX_K];
	bool		corr_defined[CX_DRIVER_MAX_K];
	double		beta[CX_DRIVER_MAX_K];
	double		weight[CX_DRIVER_MAX_K];
} DriverFigures;

static void
analyze(const DriverSummary *s, DriverFigures *out)
{
	double	   *work = palloc(sizeof(double) * cx_driver_work_size((int) s->k));

	out->f.corr = out->corr;
	out->f.corr_defined = out->corr_defined;
	out->f.beta = out->beta;
	out->f.weight = out->weight;
	cx_driver_analyze((int) s->k, s->n, s->data, work, &out->f);
	pfree(work);
}

/* 0 correlations, 1 betas, 2 relative weights */
static Datum
figures_array(FunctionCallInfo fcinfo, int which)
{
	DriverSummary *s = driver_arg(fcinfo, 0);
	DriverFigures fig;

	analyze(s, &fig);
	if (!fig.f.regression)
		PG_RETURN_NULL();
	switch (which)
	{
		case 0:
			PG_RETURN_ARRAYTYPE_P(float8_array(fig.corr, fig.corr_defined, (int) s->k));
		case 1:
			PG_RETURN_ARRAYTYPE_P(float8_array(fig.beta, NULL, (int) s->k));
		default:
			PG_RETURN_ARRAYTYPE_P(float8_array(fig.weight, NULL, (int) s->k));
	}
}

PG_FUNCTION_INFO_V1(driver_summary_correlations);
Datum
driver_summary_correlations(PG_FUNCTION_ARGS)
{
	return figures_array(fcinfo, 0);
}

PG_FUNCTION_INFO_V1(driver_summary_betas);
Datum
driver_summary_betas(PG_FUNCTION_ARGS)
{
	return figures_array(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(driver_summary_relative_weights);
Datum
driver_summary_relative_weights(PG_FUNCTION_ARGS)
{
	return figures_array(fcinfo, 2);
}

PG_FUNCTION_INFO_V1(driver_summary_r2);
Datum
driver_summary_r2(PG_FUNCTION_ARGS)
{
	DriverSummary *s = driver_arg(fcinfo, 0);
	DriverFigures fig;

	analyze(s, &fig);
	if (!fig.f.regression)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(fig.f.r2);
}

typedef struct DriverTable
{
	DriverFigures fig;
	int64		n;
	int			k;
	double		means[CX_DRIVER_MAX_K];
	Datum	   *names;
	bool	   *name_nulls;
} DriverTable;

/*
 * driver_table(ds, names): one row per attribute, in attribute order:
 * attribute, performance (mean), correlation, beta, relative_weight,
 * importance_pct (100 weight / R^2).
 */
PG_FUNCTION_INFO_V1(driver_summary_table);
Datum
driver_summary_table(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	DriverTable *t;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		DriverSummary *s;
		ArrayType  *names;
		TupleDesc	tupdesc;
		int			nnames;

		funcctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		s = driver_arg(fcinfo, 0);
		names = PG_GETARG_ARRAYTYPE_P(1);
		if (ARR_NDIM(names) > 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("driver_table: names must be a one-dimensional array")));
		nnames = ARR_NDIM(names) == 0 ? 0 : ARR_DIMS(names)[0];
		if (nnames != (int) s->k)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("driver_table: %d names for %u attributes", nnames, s->k)));
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("driver_table: called in a context that cannot accept a set of rows")));
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);

		t = palloc0(sizeof(DriverTable));
		t->n = s->n;
		t->k = (int) s->k;
		memcpy(t->means, s->data + 1, sizeof(double) * s->k);
		analyze(s, &t->fig);
		deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &t->names, &t->name_nulls,
						  &nnames);
		funcctx->user_fctx = t;
		funcctx->max_calls = (uint64) t->k;
		MemoryContextSwitchTo(old);
	}

	funcctx = SRF_PERCALL_SETUP();
	t = (DriverTable *) funcctx->user_fctx;
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		int			j = (int) funcctx->call_cntr;
		Datum		values[6];
		bool		nulls[6] = {false};
		const cx_driver_figures *f = &t->fig.f;

		values[0] = t->names[j];
		nulls[0] = t->name_nulls[j];
		values[1] = Float8GetDatum(t->means[j]);
		nulls[1] = t->n == 0;
		values[2] = Float8GetDatum(f->corr[j]);
		nulls[2] = !f->regression || !f->corr_defined[j];
		values[3] = Float8GetDatum(f->beta[j]);
		nulls[3] = !f->regression;
		values[4] = Float8GetDatum(f->weight[j]);
		nulls[4] = !f->regression;
		if (f->regression && f->r2 > 0)
		{
			double		pct = 100.0 * f->weight[j] / f->r2;

			values[5] = Float8GetDatum(pct > 100.0 ? 100.0 : pct);
		}
		else
			nulls[5] = true;
		SRF_RETURN_NEXT(funcctx,
						HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}
