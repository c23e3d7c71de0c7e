/*
 * fuzz_stored.c: the stored (on-disk) layouts of cx_stored.h, which the glue
 * checks every time it reads a value: a corrupt or hostile datum must be
 * refused, not crash or be misread.
 *
 * Input: a selector byte, then a whole datum, varlena header included (its
 * 4 bytes are ignored: the harness writes the size there), copied to 8-byte
 * aligned memory as a detoasted datum is, by the selector modulo 3:
 *   0: a cx_summary_stored, read with cx_summary_stored_read
 *     (what score_summary_to_hist calls);
 *   1: a cx_csi_stored, checked with cx_csi_stored_ok (what csi_state_arg
 *     calls);
 *   2: a cx_driver_stored, checked with cx_driver_stored_ok (what
 *     driver_arg calls on every datum an accessor, rollup or output reads).
 * When accepted: the value's invariants, writing it back gives the same
 * bytes, both external forms round-trip, and (csi_state, driver_summary)
 * merging it with itself is safe.
 */
#include "fuzz_common.h"
#include "fuzz_driver.h"

#include "cx_stored.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An aligned copy of the datum with its varlena header set to its size. */
static void *
datum_copy(const uint8_t *data, size_t size)
{
	uint8_t    *copy = fuzz_memdup(data, size);
	int32_t		header = (int32_t) size;

	if (size >= sizeof(header))
		memcpy(copy, &header, sizeof(header));
	return copy;
}

static void
summary(const uint8_t *data, size_t size)
{
	cx_summary_stored *s;
	cx_hist		h;

	if (size < offsetof(cx_summary_stored, counts))
		return;
	s = datum_copy(data, size);
	if (cx_summary_stored_read(s, size, &h))
	{
		size_t		back_size = cx_summary_stored_size(&h);
		cx_summary_stored *back = fuzz_malloc(back_size);
		uint8_t    *wire = fuzz_malloc(CX_SUMMARY_WIRE_MAX);

		FUZZ_CHECK(h.weighted == (s->version == CX_SUMMARY_STORED_VERSION_WEIGHTED),
				   "weightedness of version %d", s->version);
		fuzz_check_hist(&h);
		/* score_summary_from_hist writes the same bytes */
		FUZZ_CHECK(back_size == size, "stored size %zu written back as %zu", size, back_size);
		memcpy(back, s, sizeof(int32_t));
		cx_summary_stored_write(&h, back);
		FUZZ_CHECK(memcmp(back, s, size) == 0, "stored value written back differently");
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
	cx_csi_stored *stored;
	uint32_t	ncomponents;
	size_t		len;
	uint8_t    *entries;
	char		err[FUZZ_ERRLEN] = "";

	if (size < CX_CSI_STORED_HEADER)
		return;
	stored = datum_copy(data, size);
	if (!cx_csi_stored_ok(stored, size, err, sizeof(err)))
	{
		FUZZ_CHECK(err[0] != '\0', "empty reason");
		free(stored);
		return;
	}
	ncomponents = stored->ncomponents;
	len = size - CX_CSI_STORED_HEADER;
	entries = fuzz_memdup(stored->entries, len);
	free(stored);
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

static void
driver(const uint8_t *data, size_t size)
{
	cx_driver_stored *s;
	double	   *work;
	char		err[FUZZ_ERRLEN] = "";

	if (size < CX_DRIVER_STORED_HEADER)
		return;
	s = datum_copy(data, size);
	work = fuzz_malloc(sizeof(double) * cx_driver_work_size(CX_DRIVER_MAX_K));
	if (!cx_driver_stored_ok(s, size, work, err, sizeof(err)))
		FUZZ_CHECK(err[0] != '\0', "empty reason");
	else
	{
		FUZZ_CHECK(cx_driver_stored_header_ok(s, size), "accepted with a bad header");
		FUZZ_CHECK(size == CX_DRIVER_STORED_SIZE(s->k) && s->version == CX_DRIVER_VERSION &&
				   s->k >= 1 && s->k <= CX_DRIVER_MAX_K && s->n >= 0, "accepted header k %u n %lld",
				   s->k, (long long) s->n);
		/* what driver_build writes for these values is the same datum */
		{
			cx_driver_stored *back = fuzz_malloc(size);

			memset(back, 0, size);
			memcpy(back, s, sizeof(int32_t));
			back->version = CX_DRIVER_VERSION;
			back->k = s->k;
			back->n = s->n;
			memcpy(back->data, s->data, sizeof(double) * CX_DRIVER_DOUBLES(s->k));
			FUZZ_CHECK(memcmp(back, s, size) == 0, "stored value written back differently");
			free(back);
		}
		fuzz_check_driver((int) s->k, s->n, s->data);
	}
	free(work);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 3)
	{
		case 0:
			summary(data + 1, size - 1);
			break;
		case 1:
			csi(data + 1, size - 1);
			break;
		default:
			driver(data + 1, size - 1);
			break;
	}
	return 0;
}
