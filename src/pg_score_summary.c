/*
 * pg_score_summary.c: the score_summary type: I/O and scalar accessors.
 */
#include "pg_cx.h"

#include "libpq/pqformat.h"

#include "cx_summary_text.h"
#include "cx_summary_wire.h"

PG_MODULE_MAGIC;

ScoreSummary *
score_summary_from_hist(const cx_hist *h)
{
	Size		size = cx_summary_stored_size(h);
	ScoreSummary *s = palloc0(size);

	SET_VARSIZE(s, size);
	cx_summary_stored_write(h, s);
	return s;
}

static void
raise_corrupt(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("corrupt score_summary value")));
}

void
score_summary_check_header(const ScoreSummary *s)
{
	if (!cx_summary_stored_header_ok(s, VARSIZE(s)))
		raise_corrupt();
}

void
score_summary_to_hist(const ScoreSummary *s, cx_hist *h)
{
	if (!cx_summary_stored_read(s, VARSIZE(s), h))
		raise_corrupt();
}

void
score_summary_arg(FunctionCallInfo fcinfo, int argno, cx_hist *h)
{
	ScoreSummary *s = PG_GETARG_SCORE_SUMMARY_P(argno);

	score_summary_to_hist(s, h);
}

/* ---- I/O ---- */

PG_FUNCTION_INFO_V1(score_summary_in);
Datum
score_summary_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	cx_hist		h;
	char		err[160];

	if (!cx_summary_parse(text, strlen(text), &h, err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type score_summary: \"%s\"", text),
				 errdetail("%s", err)));
	PG_RETURN_SCORE_SUMMARY_P(score_summary_from_hist(&h));
}

PG_FUNCTION_INFO_V1(score_summary_out);
Datum
score_summary_out(PG_FUNCTION_ARGS)
{
	cx_hist		h;
	char	   *buf = palloc(CX_SUMMARY_TEXT_MAX);

	score_summary_arg(fcinfo, 0, &h);
	cx_summary_format(&h, buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(score_summary_send);
Datum
score_summary_send(PG_FUNCTION_ARGS)
{
	cx_hist		h;
	uint8		wire[CX_SUMMARY_WIRE_MAX];
	size_t		len;
	StringInfoData buf;

	score_summary_arg(fcinfo, 0, &h);
	len = cx_summary_encode(&h, wire);
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) wire, (int) len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(score_summary_recv);
Datum
score_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	cx_hist		h;
	char		err[160];

	if (!cx_summary_decode((const uint8 *) buf->data + buf->cursor,
						   (size_t) (buf->len - buf->cursor), &h, err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid binary score_summary"),
				 errdetail("%s", err)));
	buf->cursor = buf->len;
	PG_RETURN_SCORE_SUMMARY_P(score_summary_from_hist(&h));
}

/* ---- accessors ---- */

void
cx_check_scale(const cx_hist *h, const char *metric, int lo, int hi)
{
	int			min = cx_hist_min_value(h);
	int			max = cx_hist_max_value(h);

	if (min >= 0 && min < lo)
		cx_raise_out_of_scale(metric, min, lo, hi);
	if (max > hi)
		cx_raise_out_of_scale(metric, max, lo, hi);
}

void
cx_check_standard_nps_scale(const cx_hist *h, int32 promoter_min, int32 detractor_max)
{
	if (promoter_min == CX_STANDARD_PROMOTER_MIN && detractor_max == CX_STANDARD_DETRACTOR_MAX)
		cx_check_scale(h, "nps", 0, 10);
}

void
cx_check_standard_csat_scale(const cx_hist *h, int32 satisfied_min)
{
	if (satisfied_min == CX_STANDARD_SATISFIED_MIN)
		cx_check_scale(h, "csat", 1, 5);
}

static Datum
nps_of(const cx_hist *h, int promoter_min, int detractor_max, FunctionCallInfo fcinfo)
{
	if (!cx_hist_has_weight(h))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(cx_hist_nps(h, promoter_min, detractor_max));
}

PG_FUNCTION_INFO_V1(score_summary_nps);
Datum
score_summary_nps(PG_FUNCTION_ARGS)
{
	cx_hist		h;

	score_summary_arg(fcinfo, 0, &h);
	cx_check_scale(&h, "nps", 0, 10);
	return nps_of(&h, 9, 6, fcinfo);
}

PG_FUNCTION_INFO_V1(score_summary_nps_thresholds);
Datum
score_summary_nps_thresholds(PG_FUNCTION_ARGS)
{
	cx_hist		h;
	int32		promoter_min = PG_GETARG_INT32(1);
	int32		detractor_max = PG_GETARG_INT32(2);

	cx_check_nps_thresholds(promoter_min, detractor_max);
	score_summary_arg(fcinfo, 0, &h);
	return nps_of(&h, promoter_min, detractor_max, fcinfo);
}

static Datum
percent_between(const cx_hist *h, int lo, int hi, FunctionCallInfo fcinfo)
{
	if (!cx_hist_has_weight(h))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(cx_hist_percent_between(h, lo, hi));
}

PG_FUNCTION_INFO_V1(score_summary_csat);
Datum
score_summary_csat(PG_FUNCTION_ARGS)
{
	cx_hist		h;

	score_summary_arg(fcinfo, 0, &h);
	cx_check_scale(&h, "csat", 1, 5);
	return percent_between(&h, 4, CX_MAX_VALUE, fcinfo);
}

PG_FUNCTION_INFO_V1(score_summary_csat_threshold);
Datum
score_summary_csat_threshold(PG_FUNCTION_ARGS)
{
	cx_hist		h;
	int32		satisfied_min = PG_GETARG_INT32(1);

	cx_check_satisfied_min(satisfied_min);
	score_summary_arg(fcinfo, 0, &h);
	return percent_between(&h, satisfied_min, CX_MAX_VALUE, fcinfo);
}

PG_FUNCTION_INFO_V1(score_summary_share);
Datum
score_summary_share(PG_FUNCTION_ARGS)
{
	cx_hist		h;
	int32		lo = PG_GETARG_INT32(1);
	int32		hi = PG_GETARG_INT32(2);

	if (lo < CX_MIN_VALUE || hi > CX_MAX_VALUE || lo > hi)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("share bounds [%d, %d] are invalid", lo, hi),
				 errhint("Use 0 <= lo <= hi <= 100.")));
	score_summary_arg(fcinfo, 0, &h);
	return percent_between(&h, lo, hi, fcinfo);
}

PG_FUNCTION_INFO_V1(score_summary_ces);
Datum
score_summary_ces(PG_FUNCTION_ARGS)
{
	cx_hist		h;

	score_summary_arg(fcinfo, 0, &h);
	cx_check_scale(&h, "ces", 1, 7);
	if (!cx_hist_has_weight(&h))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(cx_hist_mean(&h));
}

PG_FUNCTION_INFO_V1(score_summary_mean);
Datum
score_summary_mean(PG_FUNCTION_ARGS)
{
	cx_hist		h;

	score_summary_arg(fcinfo, 0, &h);
	if (!cx_hist_has_weight(&h))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(cx_hist_mean(&h));
}

PG_FUNCTION_INFO_V1(score_summary_responses);
Datum
score_summary_responses(PG_FUNCTION_ARGS)
{
	cx_hist		h;

	score_summary_arg(fcinfo, 0, &h);
	PG_RETURN_INT64(h.total);
}

PG_FUNCTION_INFO_V1(score_summary_effective_responses);
Datum
score_summary_effective_responses(PG_FUNCTION_ARGS)
{
	cx_hist		h;

	score_summary_arg(fcinfo, 0, &h);
	PG_RETURN_FLOAT8(cx_hist_effective_n(&h));
}
