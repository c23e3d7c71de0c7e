/*
 * pg_compare.c: comparing groups: a segment against the rest
 * (score_summary_subtract), small groups hidden (at_least).
 */
#include "pg_cx.h"

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
