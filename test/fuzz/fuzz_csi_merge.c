/*
 * fuzz_csi_merge.c: csi_state_combine (cx_csi_merge_in_place) on two
 * decoded states.
 *
 * Input: u16 length of A (big-endian), A, then B, both in the binary form
 * csi_state_recv reads.
 *
 * Checks, for both ways csi_state_combine merges:
 *  - in place (into A): succeeds exactly when every component of B is in A
 *    and no count or sum overflows, then adds B's component into A's; on
 *    failure A is unchanged;
 *  - into a fresh state (A's components, then B's new ones starting from
 *    zero): fails only on overflow (or the glue's component limit), and the
 *    result is a valid state that round-trips through both forms.
 */
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
decode(const uint8_t *blob, size_t len, uint8_t **entries, size_t *used, uint32_t *n)
{
	size_t		cap = cx_csi_decode_size(len);
	uint8_t    *exact = fuzz_memdup(blob, len);
	char		err[FUZZ_ERRLEN];
	bool		ok;

	*entries = fuzz_malloc(cap);
	ok = cx_csi_decode(exact, len, *entries, cap, used, n, err, sizeof(err));
	free(exact);
	if (!ok)
		free(*entries);
	return ok;
}

static const cx_csi_entry *
find(const uint8_t *entries, size_t len, const cx_csi_entry *like)
{
	return cx_csi_find((uint8_t *) entries, len, like->name, like->name_len);
}

static bool
adds_without_overflow(const cx_csi_entry *t, const cx_csi_entry *f)
{
	int64_t		n;

	return !__builtin_add_overflow(t->n, f->n, &n) &&
		isfinite(t->sum_satisfaction + f->sum_satisfaction) &&
		isfinite(t->sum_importance + f->sum_importance);
}

/* into_before + from == into_after, entry by entry */
static void
check_sum(const uint8_t *before, const uint8_t *after, size_t len, const uint8_t *from,
		  size_t from_len)
{
	for (size_t off = 0; off < len;)
	{
		const cx_csi_entry *t0 = (const cx_csi_entry *) (before + off);
		const cx_csi_entry *t1 = (const cx_csi_entry *) (after + off);
		const cx_csi_entry *f = find(from, from_len, t0);

		FUZZ_CHECK(t1->name_len == t0->name_len &&
				   memcmp(t1->name, t0->name, t0->name_len) == 0, "names moved");
		if (f == NULL)
			FUZZ_CHECK(memcmp(t0, t1, CX_CSI_ENTRY_SIZE(t0->name_len)) == 0,
					   "a component not in B changed");
		else
			FUZZ_CHECK(t1->n == t0->n + f->n &&
					   fuzz_same_double(t1->sum_satisfaction, t0->sum_satisfaction + f->sum_satisfaction) &&
					   fuzz_same_double(t1->sum_importance, t0->sum_importance + f->sum_importance),
					   "merged component");
		off += CX_CSI_ENTRY_SIZE(t0->name_len);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		len_a;
	uint8_t    *a,
			   *b;
	size_t		a_len,
				b_len;
	uint32_t	a_n,
				b_n;

	if (size < 2)
		return 0;
	len_a = (size_t) data[0] << 8 | data[1];
	if (size - 2 < len_a)
		return 0;
	if (!decode(data + 2, len_a, &a, &a_len, &a_n))
		return 0;
	if (!decode(data + 2 + len_a, size - 2 - len_a, &b, &b_len, &b_n))
	{
		free(a);
		return 0;
	}

	/* in place */
	{
		uint8_t    *into = fuzz_memdup(a, a_len);
		cx_csi_merge_result expected = CX_CSI_MERGED;
		cx_csi_merge_result got;

		/* the first failing entry of b decides why */
		for (size_t off = 0; off < b_len && expected == CX_CSI_MERGED;)
		{
			const cx_csi_entry *f = (const cx_csi_entry *) (b + off);
			const cx_csi_entry *t = find(a, a_len, f);

			if (t == NULL)
				expected = CX_CSI_MERGE_MISSING;
			else if (!adds_without_overflow(t, f))
				expected = CX_CSI_MERGE_OVERFLOW;
			off += CX_CSI_ENTRY_SIZE(f->name_len);
		}
		got = cx_csi_merge_in_place(into, a_len, b, b_len);
		FUZZ_CHECK(got == expected, "in-place merge returned %d, expected %d", (int) got, (int) expected);
		if (got == CX_CSI_MERGED)
		{
			check_sum(a, into, a_len, b, b_len);
			fuzz_check_csi(into, a_len, a_n);
		}
		else
			FUZZ_CHECK(memcmp(into, a, a_len) == 0, "failed merge changed the state");
		free(into);
	}

	/* into a fresh state, as csi_state_combine does outside an aggregate */
	{
		uint8_t    *merged = fuzz_malloc(a_len + b_len);
		uint8_t    *zeroed;
		size_t		used = a_len;
		uint32_t	count = a_n;
		bool		overflow = false;
		bool		too_many = false;

		memcpy(merged, a, a_len);
		for (size_t off = 0; off < b_len;)
		{
			const cx_csi_entry *e = (const cx_csi_entry *) (b + off);
			size_t		esize = CX_CSI_ENTRY_SIZE(e->name_len);
			const cx_csi_entry *t = find(merged, used, e);

			if (t == NULL)
			{
				cx_csi_entry *fresh = (cx_csi_entry *) (merged + used);

				if (count >= CX_CSI_MAX_COMPONENTS)
				{
					too_many = true;
					break;
				}
				memcpy(fresh, e, esize);
				fresh->n = 0;
				fresh->sum_satisfaction = 0;
				fresh->sum_importance = 0;
				used += esize;
				count++;
			}
			else if (!adds_without_overflow(t, e))
				overflow = true;
			off += esize;
		}
		if (!too_many)
		{
			cx_csi_merge_result got;

			zeroed = fuzz_memdup(merged, used);
			got = cx_csi_merge_in_place(merged, used, b, b_len);
			FUZZ_CHECK(got == (overflow ? CX_CSI_MERGE_OVERFLOW : CX_CSI_MERGED),
					   "merge into a fresh state returned %d", (int) got);
			if (got == CX_CSI_MERGED)
			{
				size_t		wire_len;

				check_sum(zeroed, merged, used, b, b_len);
				fuzz_check_csi(merged, used, count);
				free(fuzz_csi_wire_round_trip(merged, used, count, &wire_len));
				if (!fuzz_csi_has_nul_name(merged, used))
					free(fuzz_csi_text_round_trip(merged, used, count));
			}
			free(zeroed);
		}
		free(merged);
	}
	free(a);
	free(b);
	return 0;
}
