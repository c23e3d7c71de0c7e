/*
 * pg_csi.c: weighted_csi, row-level (double precision[] state) and
 * component-level (csi_state), and the csi_state type's I/O.
 */
#include "pg_cx.h"

#include <math.h>

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"

#include "cx_csi.h"

/* the stored layout of cx_stored.h (its one home) */
typedef cx_csi_stored CsiState;

#define CSI_HEADER CX_CSI_STORED_HEADER
#define CSI_ENTRIES_LEN(s) (VARSIZE(s) - CSI_HEADER)
#define PG_GETARG_CSI_STATE_P(n) ((CsiState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

/*
 * Longest text or binary form worth parsing: 1000 components of 1000-byte
 * names, every byte escaped, with their numbers, fit in well under this.
 */
#define CSI_MAX_INPUT (4 * 1024 * 1024)

static void
check_input_length(size_t len)
{
	if (len > CSI_MAX_INPUT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input for type csi_state"),
				 errdetail("Input of %zu bytes is longer than any valid value.", len)));
}

static void
check_rating(float8 satisfaction, float8 importance)
{
	if (!isfinite(satisfaction))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weighted_csi: satisfaction must be finite, got %g", satisfaction)));
	/* as survey weights: below 1e-150, importance * satisfaction can underflow */
	if (!isfinite(importance) || importance < 0 || (importance > 0 && importance < 1e-150))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weighted_csi: importance must be 0 or a finite number from 1e-150 up, got %g",
						importance)));
}

static void
raise_sum_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("weighted_csi: sum out of range of double precision")));
}

/* ---- row level: cx_row_csi_state (cx_stored.h) in a double precision[] ---- */

#define ROW_CSI_SLOTS ((int) (sizeof(cx_row_csi_state) / sizeof(float8)))

PG_FUNCTION_INFO_V1(weighted_csi_trans);
Datum
weighted_csi_trans(PG_FUNCTION_ARGS)
{
	ArrayType  *result;
	cx_row_csi_state *s = (cx_row_csi_state *) cx_float8_state(fcinfo, 0, ROW_CSI_SLOTS, true, &result);
	float8		satisfaction = PG_GETARG_FLOAT8(1);
	float8		importance = PG_GETARG_FLOAT8(2);
	float8		weighted;
	float8		weights;

	/* negative, 0 or tiny: the rare rows that need the full check */
	if (importance < 1e-150)
		check_rating(satisfaction, importance);
	weighted = s->weighted_sum + importance * satisfaction;
	weights = s->importance_sum + importance;
	/* a NaN or infinite input makes a sum non-finite too: diagnose it only then */
	if (!isfinite(weighted) || !isfinite(weights))
	{
		check_rating(satisfaction, importance);
		raise_sum_overflow();
	}
	s->weighted_sum = weighted;
	s->importance_sum = weights;
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(weighted_csi_combine);
Datum
weighted_csi_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *result;
	cx_row_csi_state *a = (cx_row_csi_state *) cx_float8_state(fcinfo, 0, ROW_CSI_SLOTS, true, &result);
	const cx_row_csi_state *b = (const cx_row_csi_state *) cx_float8_state(fcinfo, 1, ROW_CSI_SLOTS, false, NULL);

	if (!isfinite(a->weighted_sum + b->weighted_sum) ||
		!isfinite(a->importance_sum + b->importance_sum))
		raise_sum_overflow();
	a->weighted_sum += b->weighted_sum;
	a->importance_sum += b->importance_sum;
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(weighted_csi_final);
Datum
weighted_csi_final(PG_FUNCTION_ARGS)
{
	const cx_row_csi_state *s = (const cx_row_csi_state *) cx_float8_state(fcinfo, 0, ROW_CSI_SLOTS, false, NULL);

	if (!isfinite(s->weighted_sum) || !isfinite(s->importance_sum) || s->importance_sum < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid weighted_csi transition state")));
	if (s->importance_sum == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(s->weighted_sum / s->importance_sum);
}

/* ---- component level: csi_state ---- */

static CsiState *
csi_state_build(const uint8 *entries, size_t len, uint32 ncomponents)
{
	CsiState   *s = palloc0(CSI_HEADER + len);

	SET_VARSIZE(s, CSI_HEADER + len);
	s->version = CX_CSI_STORED_VERSION;
	s->ncomponents = ncomponents;
	memcpy(s->entries, entries, len);
	return s;
}

static void
raise_corrupt(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("corrupt csi_state value"),
			 detail ? errdetail("%s", detail) : 0));
}

/* Full validation; the entry points that only read run it once per value. */
static CsiState *
csi_state_arg(FunctionCallInfo fcinfo, int argno)
{
	CsiState   *s = PG_GETARG_CSI_STATE_P(argno);
	char		err[160];

	if (!cx_csi_stored_ok(s, VARSIZE(s), err, sizeof(err)))
		raise_corrupt(err);
	return s;
}

PG_FUNCTION_INFO_V1(csi_state_in);
Datum
csi_state_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	size_t		len = strlen(text);
	size_t		cap;
	uint8	   *entries;
	size_t		used;
	uint32		ncomponents;
	char		err[160];

	check_input_length(len);
	cap = cx_csi_parse_size(len);
	entries = palloc(cap);
	if (!cx_csi_parse(text, len, entries, cap, &used, &ncomponents, err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type csi_state"),
				 errdetail("%s", err)));
	PG_RETURN_POINTER(csi_state_build(entries, used, ncomponents));
}

PG_FUNCTION_INFO_V1(csi_state_out);
Datum
csi_state_out(PG_FUNCTION_ARGS)
{
	CsiState   *s = csi_state_arg(fcinfo, 0);
	size_t		size = cx_csi_format(s->entries, CSI_ENTRIES_LEN(s), NULL);
	char	   *buf = palloc(size);

	cx_csi_format(s->entries, CSI_ENTRIES_LEN(s), buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(csi_state_send);
Datum
csi_state_send(PG_FUNCTION_ARGS)
{
	CsiState   *s = csi_state_arg(fcinfo, 0);
	size_t		size = cx_csi_encode_size(s->entries, CSI_ENTRIES_LEN(s));
	uint8	   *wire = palloc(size);
	StringInfoData buf;

	cx_csi_encode(s->entries, CSI_ENTRIES_LEN(s), s->ncomponents, wire);
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) wire, (int) size);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(csi_state_recv);
Datum
csi_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	size_t		len = (size_t) (buf->len - buf->cursor);
	size_t		cap;
	uint8	   *entries;
	size_t		used;
	uint32		ncomponents;
	char		err[160];

	check_input_length(len);
	cap = cx_csi_decode_size(len);
	entries = palloc(cap);
	if (!cx_csi_decode((const uint8 *) buf->data + buf->cursor, len, entries, cap,
					   &used, &ncomponents, err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid binary csi_state"),
				 errdetail("%s", err)));
	/* names are text: they must be valid in the server encoding */
	for (size_t off = 0; off < used;)
	{
		cx_csi_entry *e = (cx_csi_entry *) (entries + off);

		if (!pg_verifymbstr(e->name, (int) e->name_len, true))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid binary csi_state"),
					 errdetail("A component name is not valid in the server encoding.")));
		off += CX_CSI_ENTRY_SIZE(e->name_len);
	}
	buf->cursor = buf->len;
	PG_RETURN_POINTER(csi_state_build(entries, used, ncomponents));
}

static void
check_header(const CsiState *s)
{
	if (!cx_csi_stored_header_ok(s, VARSIZE(s)) || s->ncomponents > CX_CSI_MAX_COMPONENTS)
		raise_corrupt(NULL);
}

PG_FUNCTION_INFO_V1(weighted_csi_component_trans);
Datum
weighted_csi_component_trans(PG_FUNCTION_ARGS)
{
	bool		in_agg = AggCheckCallContext(fcinfo, NULL);
	CsiState   *state = in_agg ? PG_GETARG_CSI_STATE_P(0) : csi_state_arg(fcinfo, 0);
	text	   *component = PG_GETARG_TEXT_PP(1);
	float8		satisfaction = PG_GETARG_FLOAT8(2);
	float8		importance = PG_GETARG_FLOAT8(3);
	const char *name = VARDATA_ANY(component);
	size_t		name_len = VARSIZE_ANY_EXHDR(component);
	cx_csi_entry *e;
	CsiState   *grown;
	size_t		old_len;

	check_rating(satisfaction, importance);
	check_header(state);
	if (name_len > CX_CSI_MAX_NAME)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weighted_csi: component name longer than %d bytes", CX_CSI_MAX_NAME)));
	e = cx_csi_find(state->entries, CSI_ENTRIES_LEN(state), name, (uint32) name_len);
	if (e != NULL)
	{
		float8		sum_satisfaction = e->sum_satisfaction + satisfaction;
		float8		sum_importance = e->sum_importance + importance;

		if (!isfinite(sum_satisfaction) || !isfinite(sum_importance))
			raise_sum_overflow();
		if (!in_agg)
		{
			/* called as a plain function: leave the argument untouched */
			state = csi_state_build(state->entries, CSI_ENTRIES_LEN(state), state->ncomponents);
			e = cx_csi_find(state->entries, CSI_ENTRIES_LEN(state), name, (uint32) name_len);
		}
		cx_counter_add(&e->n, 1);
		e->sum_satisfaction = sum_satisfaction;
		e->sum_importance = sum_importance;
		PG_RETURN_POINTER(state);
	}

	/* A new component (at most CX_CSI_MAX_COMPONENTS times a group). */
	if (state->ncomponents >= CX_CSI_MAX_COMPONENTS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weighted_csi: more than %d components in a group", CX_CSI_MAX_COMPONENTS)));
	old_len = CSI_ENTRIES_LEN(state);
	grown = palloc0(VARSIZE(state) + CX_CSI_ENTRY_SIZE(name_len));
	memcpy(grown, state, VARSIZE(state));
	SET_VARSIZE(grown, VARSIZE(state) + CX_CSI_ENTRY_SIZE(name_len));
	cx_csi_write_entry(grown->entries + old_len, name, (uint32) name_len, satisfaction, importance);
	grown->ncomponents++;
	PG_RETURN_POINTER(grown);
}

static void
raise_merge_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("weighted_csi: a component's rating count or sums out of range")));
}

PG_FUNCTION_INFO_V1(csi_state_combine);
Datum
csi_state_combine(PG_FUNCTION_ARGS)
{
	CsiState   *a = csi_state_arg(fcinfo, 0);
	CsiState   *b = csi_state_arg(fcinfo, 1);
	size_t		a_len = CSI_ENTRIES_LEN(a);
	size_t		b_len = CSI_ENTRIES_LEN(b);
	uint8	   *merged;
	size_t		used;
	uint32		count;

	if (AggCheckCallContext(fcinfo, NULL))
	{
		switch (cx_csi_merge_in_place(a->entries, a_len, b->entries, b_len))
		{
			case CX_CSI_MERGED:
				PG_RETURN_POINTER(a);
			case CX_CSI_MERGE_OVERFLOW:
				raise_merge_overflow();
				break;
			case CX_CSI_MERGE_MISSING:
				break;			/* b brings components: build a larger state */
		}
	}

	/* Build a fresh state: a's entries, then b's new ones, then add b in. */
	merged = palloc(a_len + b_len);
	memcpy(merged, a->entries, a_len);
	used = a_len;
	count = a->ncomponents;
	for (size_t off = 0; off < b_len;)
	{
		cx_csi_entry *e = (cx_csi_entry *) (b->entries + off);
		size_t		size = CX_CSI_ENTRY_SIZE(e->name_len);

		if (cx_csi_find(merged, used, e->name, e->name_len) == NULL)
		{
			if (count >= CX_CSI_MAX_COMPONENTS)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("weighted_csi: more than %d components in a group",
								CX_CSI_MAX_COMPONENTS)));
			memcpy(merged + used, e, size);
			/* start from zero so that the merge below adds it once */
			((cx_csi_entry *) (merged + used))->n = 0;
			((cx_csi_entry *) (merged + used))->sum_satisfaction = 0;
			((cx_csi_entry *) (merged + used))->sum_importance = 0;
			used += size;
			count++;
		}
		off += size;
	}
	/* every component of b is in merged now: only an overflow can fail */
	if (cx_csi_merge_in_place(merged, used, b->entries, b_len) != CX_CSI_MERGED)
		raise_merge_overflow();
	PG_RETURN_POINTER(csi_state_build(merged, used, count));
}

PG_FUNCTION_INFO_V1(weighted_csi_component_final);
Datum
weighted_csi_component_final(PG_FUNCTION_ARGS)
{
	CsiState   *s = csi_state_arg(fcinfo, 0);
	double		index;

	switch (cx_csi_index(s->entries, CSI_ENTRIES_LEN(s), &index))
	{
		case CX_CSI_INDEX:
			break;
		case CX_CSI_NO_INDEX:
			PG_RETURN_NULL();
		case CX_CSI_OVERFLOW:
			raise_sum_overflow();
	}
	PG_RETURN_FLOAT8(index);
}
