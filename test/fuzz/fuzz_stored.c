/*
 * fuzz_stored.c: the stored (on-disk) layouts, which the glue checks every
 * time it reads a value: a corrupt or hostile datum must be refused, not
 * crash or be misread.
 *
 * Input: a selector byte, then the datum without its 4-byte varlena header
 * (native byte order, copied to 8-byte aligned memory as a detoasted datum
 * is):
 *   even selector: a score_summary (pg_cx.h ScoreSummary): u8 version, u8
 *     flags, u16 reserved, (4 bytes up to) int64 total, u64 present[2],
 *     int64 counts[k] and, version 2, float8 sum_w[k], sum_w2[k]; read as
 *     score_summary_to_hist reads it (header checks, cx_packed_read,
 *     cx_packed_read_weights);
 *   odd selector: a csi_state's u32 ncomponents then its entries, checked as
 *     csi_state_arg checks them (cx_csi_validate).
 * When accepted: the value's invariants, writing it back gives the same
 * bytes, both external forms round-trip, and (csi_state) merging it with
 * itself in place is safe and exact.
 */
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ScoreSummary after its varlena header */
typedef struct stored_summary
{
	uint8_t		version;
	uint8_t		flags;
	uint16_t	reserved;
	uint32_t	pad;			/* alignment of total in ScoreSummary */
	int64_t		total;
	uint64_t	present[CX_PRESENT_WORDS];
	int64_t		counts[];
} stored_summary;

#define STORED_SIZE(version, ncounts) \
	(offsetof(stored_summary, counts) + sizeof(int64_t) * ((version) == 2 ? 3 : 1) * (size_t) (ncounts))

static void
summary(const uint8_t *data, size_t size)
{
	stored_summary *s;
	int			n;
	cx_hist		h;

	if (size < STORED_SIZE(1, 0))
		return;
	s = fuzz_memdup(data, size);
	/* score_summary_check_header */
	if ((s->version != 1 && s->version != 2) || s->flags != 0 || s->reserved != 0 ||
		size != STORED_SIZE(s->version, cx_packed_popcount(s->present)))
	{
		free(s);
		return;
	}
	n = cx_packed_popcount(s->present);
	/* score_summary_to_hist */
	if (cx_packed_read(s->present, s->counts, n, s->total, &h) &&
		(s->version == 1 ||
		 cx_packed_read_weights(s->present, (const double *) (s->counts + n),
								(const double *) (s->counts + 2 * n), &h)))
	{
		stored_summary *back = fuzz_malloc(size);
		uint8_t    *wire = fuzz_malloc(CX_SUMMARY_WIRE_MAX);

		FUZZ_CHECK(h.weighted == (s->version == 2), "weightedness of version %d", s->version);
		fuzz_check_hist(&h);
		/* score_summary_from_hist writes the same bytes */
		memcpy(back, s, offsetof(stored_summary, counts));
		cx_packed_write(&h, back->present, back->counts);
		if (h.weighted)
			cx_packed_write_weights(&h, (double *) (back->counts + n), (double *) (back->counts + 2 * n));
		FUZZ_CHECK(memcmp(back->present, s->present, size - offsetof(stored_summary, present)) == 0,
				   "stored value written back differently");
		fuzz_summary_wire_round_trip(&h, wire);
		free(fuzz_summary_text_round_trip(&h, false));
		free(wire);
		free(back);
	}
	free(s);
}

static void
csi(const uint8_t *data, size_t size)
{
	uint32_t	ncomponents;
	size_t		len;
	uint8_t    *entries;
	char		err[FUZZ_ERRLEN] = "";

	if (size < 4)
		return;
	memcpy(&ncomponents, data, 4);
	len = size - 4;
	entries = fuzz_memdup(data + 4, len);
	if (!cx_csi_validate(entries, len, ncomponents, err, sizeof(err)))
	{
		FUZZ_CHECK(err[0] != '\0', "empty reason");
		free(entries);
		return;
	}
	fuzz_check_csi(entries, len, ncomponents);
	{
		size_t		wire_len;

		free(fuzz_csi_wire_round_trip(entries, len, ncomponents, &wire_len));
	}
	if (!fuzz_csi_has_nul_name(entries, len))
		free(fuzz_csi_text_round_trip(entries, len, ncomponents));

	/* a state merged with itself: every component doubles, or nothing changes */
	{
		uint8_t    *twice = fuzz_memdup(entries, len);
		bool		overflow = false;

		for (size_t off = 0; off < len;)
		{
			const cx_csi_entry *e = (const cx_csi_entry *) (entries + off);
			int64_t		n2;

			if (__builtin_add_overflow(e->n, e->n, &n2) ||
				!isfinite(e->sum_satisfaction + e->sum_satisfaction) ||
				!isfinite(e->sum_importance + e->sum_importance))
				overflow = true;
			off += CX_CSI_ENTRY_SIZE(e->name_len);
		}
		FUZZ_CHECK(cx_csi_merge_in_place(twice, len, entries, len) ==
				   (overflow ? CX_CSI_MERGE_OVERFLOW : CX_CSI_MERGED), "self-merge");
		if (overflow)
			FUZZ_CHECK(memcmp(twice, entries, len) == 0, "failed merge changed the state");
		else
			fuzz_check_csi(twice, len, ncomponents);
		free(twice);
	}
	free(entries);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] % 2 == 0)
		summary(data + 1, size - 1);
	else
		csi(data + 1, size - 1);
	return 0;
}
