/*
 * fuzz_summary_wire.c: score_summary_recv's decoder, cx_summary_decode.
 *
 * Input: the message bytes, as score_summary_recv passes them (buffer and
 * length, no terminator).  When accepted: invariants, the stored layout,
 * encode(decode(x)) == x byte for byte (the format has one encoding per
 * value), decode(encode(decode(x))) == decode(x), and binary -> text ->
 * binary.
 */
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cx_hist		h;
	char		err[FUZZ_ERRLEN] = "";
	uint8_t    *wire;
	char	   *text;
	cx_hist		from_text;
	size_t		len;
	uint8_t    *again;
	size_t		again_len;

	if (!cx_summary_decode(data, size, &h, err, sizeof(err)))
	{
		FUZZ_CHECK(err[0] != '\0', "empty reason");
		return 0;
	}
	fuzz_check_hist(&h);
	fuzz_check_packed(&h);

	wire = fuzz_malloc(CX_SUMMARY_WIRE_MAX);
	len = fuzz_summary_wire_round_trip(&h, wire);
	FUZZ_CHECK(len == size && memcmp(wire, data, size) == 0,
			   "encode(decode(x)) != x (%zu / %zu bytes)", len, size);

	/* binary -> text -> binary */
	text = fuzz_summary_text_round_trip(&h, false);
	FUZZ_CHECK(cx_summary_parse(text, strlen(text), &from_text, err, sizeof(err)), "%s", err);
	FUZZ_CHECK(fuzz_hist_same(&h, &from_text, true), "binary -> text -> value");
	again = fuzz_malloc(CX_SUMMARY_WIRE_MAX);
	again_len = fuzz_summary_wire_round_trip(&from_text, again);
	/* the text form cannot tell an empty weighted summary from {} */
	if (!(h.total == 0 && h.weighted))
		FUZZ_CHECK(again_len == size && memcmp(again, data, size) == 0,
				   "binary -> text \"%s\" -> binary differs", text);
	free(again);
	free(text);
	free(wire);
	return 0;
}
