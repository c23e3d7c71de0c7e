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

void
cx_raise_invalid_state(Oid elemtype, int nslots)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid cx_metrics transition state"),
			 errdetail("Expected a one-dimensional %s array of %d elements without NULLs.",
					   elemtype == INT8OID ? "bigint" : "double precision", nslots)));
}
