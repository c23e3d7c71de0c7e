/*
 * pg_state.c: validated access to the array transition states and the error
 * reporting shared by every entry point.
 */
#include "pg_cx.h"

#include "catalog/pg_type.h"

void
cx_raise_status(cx_status status, const char *what)
{
	switch (status)
	{
		case CX_OK:
			return;
		case CX_ERR_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: answer count exceeds 9223372036854775807", what)));
			break;
		case CX_ERR_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: answer count would become negative", what)));
			break;
		case CX_ERR_WEIGHT_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: sum of weights out of range of double precision", what)));
			break;
		case CX_ERR_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: answer is outside 0..100", what)));
			break;
	}
}

void
cx_raise_out_of_scale(const char *metric, int value, int lo, int hi)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s answer %d is outside the scale %d..%d", metric, value, lo, hi)));
}

static void *
array_state(FunctionCallInfo fcinfo, int argno, int nslots, Oid elemtype,
			bool for_update, ArrayType **array)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	ArrayType  *a;

	if (for_update && !AggCheckCallContext(fcinfo, NULL))
		a = PG_GETARG_ARRAYTYPE_P_COPY(argno);
	else if (VARATT_IS_EXTENDED(raw))
		a = (ArrayType *) pg_detoast_datum(raw);
	else
		a = (ArrayType *) raw;	/* the usual case, without an out-of-line call per row */

	if (ARR_NDIM(a) != 1 || ARR_DIMS(a)[0] != nslots || ARR_HASNULL(a) ||
		ARR_ELEMTYPE(a) != elemtype)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid cx_metrics transition state"),
				 errdetail("Expected a one-dimensional %s array of %d elements without NULLs.",
						   elemtype == INT8OID ? "bigint" : "double precision", nslots)));
	if (array)
		*array = a;
	/* ARR_DATA_PTR without its NULL-bitmap branch, which trips -Wsign-compare */
	return (char *) a + ARR_OVERHEAD_NONULLS(1);
}

int64 *
cx_int8_state(FunctionCallInfo fcinfo, int argno, int nslots, bool for_update,
			  ArrayType **array)
{
	return (int64 *) array_state(fcinfo, argno, nslots, INT8OID, for_update, array);
}

float8 *
cx_float8_state(FunctionCallInfo fcinfo, int argno, int nslots, bool for_update,
				ArrayType **array)
{
	return (float8 *) array_state(fcinfo, argno, nslots, FLOAT8OID, for_update, array);
}

ArrayType *
cx_int8_state_build(const int64 *slots, int nslots)
{
	Datum	   *elems = palloc(sizeof(Datum) * nslots);

	for (int i = 0; i < nslots; i++)
		elems[i] = Int64GetDatum(slots[i]);
	return construct_array(elems, nslots, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
						   TYPALIGN_DOUBLE);
}
