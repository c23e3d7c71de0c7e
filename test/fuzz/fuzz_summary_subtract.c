/*
 * fuzz_summary_subtract.c: score_summary_subtract (cx_hist_subtract) on two
 * decoded summaries, and the round trip merge(a, b) - b.
 *
 * Input: u16 length of A (big-endian), A, u16 length of B, B (both in the
 * binary form score_summary_recv reads), as for fuzz_summary_merge.
 *
 * Checks:
 * - a - b errs when a count of b exceeds a's, or (weighted) a sum of weights
 *   would go negative beyond 4 bounds ((n_a + n_b) * DBL_EPSILON * S_a each),
 *   and succeeds when the counts are contained and every plain difference is
 *   already a valid cell; a failed subtraction changes nothing;
 * - otherwise counts are the exact differences, the result is valid, storable
 *   and round-trips; unweighted, it is exact; weighted, a valid cell keeps its
 *   plain differences bit for bit, and no sum moves more than 4 bounds;
 * - merge(a, b) - b == a exactly when neither is weighted, and within twice
 *   the bound per sum when weighted (and always valid);
 * - a - a is the empty summary.
 */
#include "fuzz_common.h"

#include <float.h>

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

static void
check_value(const cx_hist *h)
{
	uint8_t    *wire = fuzz_malloc(CX_SUMMARY_WIRE_MAX);

	fuzz_check_hist_structure(h, true);
	fuzz_check_packed(h);
	fuzz_summary_wire_round_trip(h, wire);
	free(fuzz_summary_text_round_trip(h, false));
	free(wire);
}

static double
bound(int64_t n_a, int64_t n_b, double s_a)
{
	return ((double) n_a + (double) n_b) * DBL_EPSILON * s_a;
}

/* The decoders would accept the cell (count, w, w2). */
static bool
cell_valid(int64_t count, double w, double w2)
{
	return cx_weight_sums_valid(w, w2) && cx_weight_sums_consistent(count, w, w2) &&
		(count > 0 || (w == 0 && w2 == 0));
}

static void
check_subtract(const cx_hist *a, const cx_hist *b)
{
	cx_hist		r = *a;
	cx_hist		wa = *a,
				wb = *b;
	bool		counts_ok = true;
	bool		cells_valid = true;
	bool		far_negative = false;
	bool		weighted = a->weighted || b->weighted;
	cx_status	got;

	cx_hist_make_weighted(&wa);
	cx_hist_make_weighted(&wb);
	for (int v = 0; v < CX_NVALUES; v++)
	{
		double		bw = bound(wa.count[v], wb.count[v], wa.sum_w[v]);
		double		bw2 = bound(wa.count[v], wb.count[v], wa.sum_w2[v]);
		double		w = wa.sum_w[v] - wb.sum_w[v];
		double		w2 = wa.sum_w2[v] - wb.sum_w2[v];

		if (b->count[v] > a->count[v])
			counts_ok = false;
		else if (weighted && !cell_valid(a->count[v] - b->count[v], w, w2))
			cells_valid = false;
		if (weighted && (w < -4 * bw || w2 < -4 * bw2))
			far_negative = true;
	}
	got = cx_hist_subtract(&r, b);
	if (!counts_ok || far_negative)
		FUZZ_CHECK(got == CX_ERR_NEGATIVE, "subtract returned %d, counts %d", (int) got, counts_ok);
	if (counts_ok && cells_valid)
		FUZZ_CHECK(got == CX_OK, "subtract of valid cells returned %d", (int) got);
	if (got != CX_OK)
	{
		FUZZ_CHECK(got == CX_ERR_NEGATIVE, "subtract status %d", (int) got);
		FUZZ_CHECK(fuzz_hist_same(&r, a, false), "failed subtract changed the summary");
		return;
	}
	FUZZ_CHECK(r.total == a->total - b->total, "total");
	for (int v = 0; v < CX_NVALUES; v++)
	{
		int64_t		c = a->count[v] - b->count[v];
		double		w = wa.sum_w[v] - wb.sum_w[v];
		double		w2 = wa.sum_w2[v] - wb.sum_w2[v];
		double		bw = bound(wa.count[v], wb.count[v], wa.sum_w[v]);
		double		bw2 = bound(wa.count[v], wb.count[v], wa.sum_w2[v]);

		FUZZ_CHECK(r.count[v] == c, "count of %d", v);
		if (!weighted || r.total == 0)
			continue;
		if (cell_valid(c, w, w2))
			FUZZ_CHECK(fuzz_same_double(r.sum_w[v], w) && fuzz_same_double(r.sum_w2[v], w2),
					   "valid cell %d changed: %.17g %.17g -> %.17g %.17g",
					   v, w, w2, r.sum_w[v], r.sum_w2[v]);
		/* a normalised cell moved each sum by at most 4 bounds (0 when it was exact) */
		FUZZ_CHECK(fabs(r.sum_w[v] - fmax(w, 0)) <= 4 * bw + fabs(fmin(w, 0)) &&
				   fabs(r.sum_w2[v] - fmax(w2, 0)) <= 4 * bw2 + fabs(fmin(w2, 0)),
				   "cell %d moved too far: %.17g %.17g -> %.17g %.17g (bounds %.3g %.3g)",
				   v, w, w2, r.sum_w[v], r.sum_w2[v], bw, bw2);
	}
	FUZZ_CHECK(r.weighted == (weighted && r.total > 0), "weightedness of the result");
	check_value(&r);
}

static void
check_round_trip(const cx_hist *a, const cx_hist *b)
{
	cx_hist		m = *a;
	cx_hist		wa = *a;
	cx_hist		wm;

	if (cx_hist_merge(&m, b) != CX_OK)
		return;
	wm = m;
	cx_hist_make_weighted(&wm);
	cx_hist_make_weighted(&wa);
	FUZZ_CHECK(cx_hist_subtract(&m, b) == CX_OK, "merge(a, b) - b failed");
	check_value(&m);
	if (!a->weighted && !b->weighted)
	{
		FUZZ_CHECK(fuzz_hist_same(&m, a, false), "merge(a, b) - b != a");
		return;
	}
	FUZZ_CHECK(m.total == a->total, "round-trip total");
	for (int v = 0; v < CX_NVALUES; v++)
	{
		double		bw = 2 * bound(wm.count[v], b->count[v], wm.sum_w[v]);
		double		bw2 = 2 * bound(wm.count[v], b->count[v], wm.sum_w2[v]);

		FUZZ_CHECK(m.count[v] == a->count[v], "round-trip count of %d", v);
		if (m.total == 0)
			continue;
		FUZZ_CHECK(fabs(m.sum_w[v] - wa.sum_w[v]) <= bw &&
				   fabs(m.sum_w2[v] - wa.sum_w2[v]) <= bw2,
				   "round trip at %d: %.17g %.17g, was %.17g %.17g (bounds %.3g %.3g)",
				   v, m.sum_w[v], m.sum_w2[v], wa.sum_w[v], wa.sum_w2[v], bw, bw2);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *blob_a,
			   *blob_b;
	size_t		len_a,
				len_b;
	cx_hist		a,
				b,
				self;

	if (!take_blob(&data, &size, &blob_a, &len_a) || !take_blob(&data, &size, &blob_b, &len_b))
		return 0;
	if (!decode_copy(blob_a, len_a, &a) || !decode_copy(blob_b, len_b, &b))
		return 0;
	check_subtract(&a, &b);
	check_subtract(&b, &a);
	check_round_trip(&a, &b);

	self = a;
	FUZZ_CHECK(cx_hist_subtract(&self, &a) == CX_OK, "a - a failed");
	FUZZ_CHECK(self.total == 0 && !self.weighted, "a - a is not empty");
	check_value(&self);
	return 0;
}
