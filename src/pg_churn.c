/*
 * pg_churn.c: churn_rate(started_at, ended_at, period [, basis]) for
 * timestamptz/tstzrange and date/daterange.
 *
 * The state is a bigint[8] read as a cx_churn_state (cx_churn.h, which also
 * defines the period model): the counters, the basis, and the period as the
 * half-open [lo, hi) on the input's scale (microseconds or days).
 */
#include "pg_cx.h"

#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"

#include "cx_churn.h"

/* The state's slots, read in place as the struct that defines them. */
static inline cx_churn_state *
churn_state(FunctionCallInfo fcinfo, int argno, bool for_update, ArrayType **array)
{
	return (cx_churn_state *) cx_int8_state(fcinfo, argno, CX_CHURN_STATE_SLOTS,
											for_update, array);
}

/*
 * The period of the last row, kept in fn_extra: the period is the same for
 * every row of a group, so its bytes are compared rather than parsed again.
 */
typedef struct PeriodCache
{
	TypeCacheEntry *typcache;
	Size		len;			/* 0: nothing cached */
	int64		lo;
	int64		hi;
	char		bytes[64];		/* the range value as passed */
} PeriodCache;

static void
invalid(const char *message)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("churn_rate: %s", message)));
}

/*
 * The period as [lo, hi).  Instants are integers (microseconds or days), so
 * any combination of inclusive and exclusive bounds converts exactly.
 */
static void
period_bounds(FunctionCallInfo fcinfo, int argno, bool is_date, int64 *lo, int64 *hi)
{
	PeriodCache *cache = (PeriodCache *) fcinfo->flinfo->fn_extra;
	struct varlena *raw;
	Size		raw_len = 0;
	RangeType  *range;
	RangeBound	lower;
	RangeBound	upper;
	bool		empty;
	int64		lo_value;
	int64		hi_value;

	if (PG_ARGISNULL(argno))
		invalid("period must not be NULL");
	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(PeriodCache));
		fcinfo->flinfo->fn_extra = cache;
	}
	raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	if (!VARATT_IS_EXTERNAL(raw) && !VARATT_IS_COMPRESSED(raw))
	{
		raw_len = VARSIZE_ANY(raw);
		if (raw_len == cache->len && memcmp(cache->bytes, raw, raw_len) == 0)
		{
			*lo = cache->lo;
			*hi = cache->hi;
			return;
		}
	}
	range = PG_GETARG_RANGE_P(argno);
	if (cache->typcache == NULL || cache->typcache->type_id != RangeTypeGetOid(range))
		cache->typcache = lookup_type_cache(RangeTypeGetOid(range), TYPECACHE_RANGE_INFO);
	range_deserialize(cache->typcache, range, &lower, &upper, &empty);
	if (empty)
		invalid("period must not be empty");
	if (lower.infinite || upper.infinite)
		invalid("period must have both bounds");
	if (is_date)
	{
		DateADT		l = DatumGetDateADT(lower.val);
		DateADT		u = DatumGetDateADT(upper.val);

		if (DATE_NOT_FINITE(l) || DATE_NOT_FINITE(u))
			invalid("period bounds must be finite dates");
		lo_value = l;
		hi_value = u;
	}
	else
	{
		TimestampTz l = DatumGetTimestampTz(lower.val);
		TimestampTz u = DatumGetTimestampTz(upper.val);

		if (TIMESTAMP_NOT_FINITE(l) || TIMESTAMP_NOT_FINITE(u))
			invalid("period bounds must be finite timestamps");
		lo_value = l;
		hi_value = u;
	}
	/* finite instants are far from the int64 limits, so +1 cannot overflow */
	*lo = lower.inclusive ? lo_value : lo_value + 1;
	*hi = upper.inclusive ? hi_value + 1 : hi_value;
	if (*lo >= *hi)
		invalid("period must not be empty");
	/* only a valid period is cached */
	if (raw_len > 0 && raw_len <= sizeof(cache->bytes))
	{
		memcpy(cache->bytes, raw, raw_len);
		cache->len = raw_len;
		cache->lo = *lo;
		cache->hi = *hi;
	}
}

static cx_churn_basis
basis_arg(FunctionCallInfo fcinfo, int argno)
{
	text	   *t;
	cx_churn_basis basis;

	if (PG_NARGS() <= argno)
		return CX_BASIS_START;
	if (PG_ARGISNULL(argno))
		invalid("basis must not be NULL");
	t = PG_GETARG_TEXT_PP(argno);
	if (!cx_churn_basis_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &basis))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("churn_rate: unknown basis \"%s\"", text_to_cstring(t)),
				 errhint("Use 'start', 'average' or 'new'.")));
	return basis;
}

static Datum
churn_step(FunctionCallInfo fcinfo, bool is_date)
{
	ArrayType  *result;
	cx_churn_state *s;
	int64		lo;
	int64		hi;
	int64		started;
	int64		ended = 0;
	bool		has_end = !PG_ARGISNULL(2);
	cx_churn_basis basis;
	unsigned	bits;
	bool		at_limit = false;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = churn_state(fcinfo, 0, true, &result);
	period_bounds(fcinfo, 3, is_date, &lo, &hi);
	basis = basis_arg(fcinfo, 4);
	if (s->basis == CX_CHURN_NO_BASIS)
	{
		s->basis = basis;
		s->lo = lo;
		s->hi = hi;
	}
	else if (s->basis != basis || s->lo != lo || s->hi != hi)
		invalid("period and basis must be the same for every row of a group");

	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(result);
	started = is_date ? PG_GETARG_DATEADT(1) : PG_GETARG_TIMESTAMPTZ(1);
	if (has_end)
	{
		ended = is_date ? PG_GETARG_DATEADT(2) : PG_GETARG_TIMESTAMPTZ(2);
		if (ended < started)
			invalid("ended_at is before started_at");
	}
	bits = cx_churn_classify(started, has_end, ended, lo, hi);
	/* branch-free: the bits depend on the data and mispredict */
	for (int i = 0; i < CX_CHURN_NCOUNTERS; i++)
		at_limit |= s->counts[i] == PG_INT64_MAX;
	if (unlikely(at_limit))
		cx_raise_counter_overflow();
	for (int i = 0; i < CX_CHURN_NCOUNTERS; i++)
		s->counts[i] += (bits >> i) & 1;
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(churn_tstz_trans);
Datum
churn_tstz_trans(PG_FUNCTION_ARGS)
{
	return churn_step(fcinfo, false);
}

PG_FUNCTION_INFO_V1(churn_date_trans);
Datum
churn_date_trans(PG_FUNCTION_ARGS)
{
	return churn_step(fcinfo, true);
}

PG_FUNCTION_INFO_V1(churn_combine);
Datum
churn_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *result;
	cx_churn_state *a = churn_state(fcinfo, 0, true, &result);
	cx_churn_state *b = churn_state(fcinfo, 1, false, NULL);

	if (b->basis != CX_CHURN_NO_BASIS)
	{
		if (a->basis == CX_CHURN_NO_BASIS)
		{
			a->basis = b->basis;
			a->lo = b->lo;
			a->hi = b->hi;
		}
		else if (a->basis != b->basis || a->lo != b->lo || a->hi != b->hi)
			invalid("cannot combine states with different periods or bases");
	}
	for (int i = 0; i < CX_CHURN_NCOUNTERS; i++)
		cx_counter_add(&a->counts[i], b->counts[i]);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(churn_final);
Datum
churn_final(PG_FUNCTION_ARGS)
{
	const cx_churn_state *s = churn_state(fcinfo, 0, false, NULL);
	double		rate;

	if (!cx_churn_state_valid(s))
		invalid("invalid transition state");
	if (s->basis == CX_CHURN_NO_BASIS)
		PG_RETURN_NULL();		/* no row set the period: an empty group */
	if (!cx_churn_rate(s->counts, (cx_churn_basis) s->basis, &rate))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(rate);
}
