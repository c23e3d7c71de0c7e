/*
 * fuzz_summary_merge.c: rollup / the aggregates' combine (cx_hist_merge) on
 * two decoded summaries, then answers added as the transition functions add
 * them (cx_hist_add_value, cx_hist_add_weighted).
 *
 * Input: u16 length of A (big-endian), A, u16 length of B, B (both in the
 * binary form score_summary_recv reads), then operations:
 *   byte b, b & 0x80 clear: an unweighted answer b (score_summary_trans)
 *   byte b, b & 0x80 set:   an answer b & 0x7f of weight given by the next
 *                           8 bytes (IEEE bits, big-endian;
 *                           score_summary_weighted_trans)
 * (at most 32 of them).
 * Answers above 100 and weights the glue rejects (not finite, < 0, or in
 * (0, 1e-150)) are skipped, as the glue raises an error before the core sees
 * them.
 *
 * Checks: the merge reports overflow exactly when the total leaves int64
 * (CX_ERR_OVERFLOW) or a sum of weights leaves double (CX_ERR_WEIGHT_OVERFLOW),
 * without undefined behaviour; otherwise the result is the value-by-value sum
 * and, like every value after an answer, is valid, storable and round-trips
 * through the binary and text forms.  An answer that errs leaves the summary
 * unchanged.
 */
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
take_blob(const uint8_t **data, size_t *size, const uint8_t **blob, size_t *blob_len)
{
	if (*size < 2)
		return false;
	*blob_len = (size_t) (*data)[0] << 8 | (*data)[1];
	if (*size - 2 < *blob_len)
		return false;
	*blob = *data + 2;
	*data += 2 + *blob_len;
	*size -= 2 + *blob_len;
	return true;
}

static bool
decode_copy(const uint8_t *blob, size_t len, cx_hist *h)
{
	uint8_t    *exact = fuzz_memdup(blob, len);
	char		err[FUZZ_ERRLEN];
	bool		ok = cx_summary_decode(exact, len, h, err, sizeof(err));

	free(exact);
	return ok;
}

/*
 * A valid summary is storable and survives the binary form; with full, also
 * the accessors and the text form (the costly checks: once per input after
 * the answers).
 */
static void
check_value(const cx_hist *h, bool full)
{
	uint8_t    *wire = fuzz_malloc(CX_SUMMARY_WIRE_MAX);

	fuzz_check_hist_structure(h, full);
	fuzz_check_packed(h);
	fuzz_summary_wire_round_trip(h, wire);
	if (full)
		free(fuzz_summary_text_round_trip(h, false));
	free(wire);
}

static void
check_merge(const cx_hist *a, const cx_hist *b)
{
	cx_hist		into = *a;
	cx_hist		wa = *a,
				wb = *b;
	cx_status	expected = CX_OK;
	cx_status	got;
	__int128	total = (__int128) a->total + b->total;
	bool		weighted = a->weighted || b->weighted;

	cx_hist_make_weighted(&wa);
	cx_hist_make_weighted(&wb);
	if (total > INT64_MAX)
		expected = CX_ERR_OVERFLOW;
	else if (weighted)
		for (int v = 0; v < CX_NVALUES; v++)
			if (!isfinite(wa.sum_w[v] + wb.sum_w[v]) || !isfinite(wa.sum_w2[v] + wb.sum_w2[v]))
				expected = CX_ERR_WEIGHT_OVERFLOW;

	got = cx_hist_merge(&into, b);
	FUZZ_CHECK(got == expected, "merge returned %d, expected %d", (int) got, (int) expected);
	if (got != CX_OK)
		return;
	FUZZ_CHECK(into.total == (int64_t) total && into.weighted == weighted, "merged total");
	for (int v = 0; v < CX_NVALUES; v++)
	{
		FUZZ_CHECK(into.count[v] == a->count[v] + b->count[v], "merged count of %d", v);
		if (weighted)
			FUZZ_CHECK(fuzz_same_double(into.sum_w[v], wa.sum_w[v] + wb.sum_w[v]) &&
					   fuzz_same_double(into.sum_w2[v], wa.sum_w2[v] + wb.sum_w2[v]),
					   "merged sums of %d", v);
	}
	check_value(&into, true);

	/* merging is symmetric in value */
	{
		cx_hist		other = *b;

		FUZZ_CHECK(cx_hist_merge(&other, a) == CX_OK, "merge is not symmetric");
		FUZZ_CHECK(fuzz_hist_same(&into, &other, false), "merge(a, b) != merge(b, a)");
	}
}

static void
add_answer(cx_hist *h, int value, bool weighted_op, double w)
{
	cx_hist		before = *h;
	cx_hist		expected = *h;
	cx_status	expected_status = CX_OK;
	cx_status	got;

	/* score_summary_trans counts an answer of weight 1 into a weighted summary */
	if (!weighted_op && h->weighted)
	{
		weighted_op = true;
		w = 1.0;
	}
	if (weighted_op)
	{
		cx_hist_make_weighted(&expected);
		expected.sum_w[value] += w;
		expected.sum_w2[value] += w * w;
		if (!isfinite(expected.sum_w[value]) || !isfinite(expected.sum_w2[value]))
			expected_status = CX_ERR_WEIGHT_OVERFLOW;
	}
	if (expected_status == CX_OK)
	{
		if (h->total == INT64_MAX)
			expected_status = CX_ERR_OVERFLOW;
		else
		{
			expected.total++;
			expected.count[value]++;
		}
	}

	got = weighted_op ? cx_hist_add_weighted(h, value, w) : cx_hist_add_value(h, value, 1);
	FUZZ_CHECK(got == expected_status, "add of %d (weight %.17g) returned %d, expected %d",
			   value, w, (int) got, (int) expected_status);
	if (got != CX_OK)
	{
		FUZZ_CHECK(fuzz_hist_same(h, &before, false), "failed add changed the summary");
		return;
	}
	FUZZ_CHECK(fuzz_hist_same(h, &expected, false), "add of %d (weight %.17g)", value, w);
	check_value(h, false);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *blob_a,
			   *blob_b;
	size_t		len_a,
				len_b;
	cx_hist		a,
				b;
	int			ops = 0;

	if (!take_blob(&data, &size, &blob_a, &len_a) || !take_blob(&data, &size, &blob_b, &len_b))
		return 0;
	if (!decode_copy(blob_a, len_a, &a) || !decode_copy(blob_b, len_b, &b))
		return 0;
	check_merge(&a, &b);

	/* answers into the merged summary (or into a when the merge errs) */
	if (cx_hist_merge(&a, &b) != CX_OK && !decode_copy(blob_a, len_a, &a))
		abort();
	while (size > 0 && ops++ < 32)
	{
		uint8_t		op = data[0];
		int			value = op & 0x7f;
		bool		weighted_op = (op & 0x80) != 0;
		double		w = 1.0;

		data++;
		size--;
		if (weighted_op)
		{
			if (size < 8)
				break;
			w = cx_bits_double(cx_get_u64(data));
			data += 8;
			size -= 8;
			/* score_summary_weighted_trans rejects these before the core */
			if (!isfinite(w) || w < 0 || (w > 0 && w < 1e-150))
				continue;
		}
		if (value > CX_MAX_VALUE)
			continue;
		add_answer(&a, value, weighted_op, w);
	}
	if (ops > 0)
		check_value(&a, true);
	return 0;
}
