/*
 * fuzz_csi_wire.c: csi_state_recv's decoder, cx_csi_decode.
 *
 * Input: the message bytes with their length; like the glue, the output
 * capacity is cx_csi_decode_size(len) bytes of malloc'd memory.  When
 * accepted: invariants and index, encode(decode(x)) == x byte for byte,
 * decode(encode(decode(x))) == decode(x), and binary -> text -> binary when
 * no name holds a NUL (csi_state_recv rejects those: not valid text in any
 * server encoding).  A valid message is never refused for want of space.
 */
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		cap = cx_csi_decode_size(size);
	uint8_t    *entries = fuzz_malloc(cap);
	size_t		used = 0;
	uint32_t	n = 0;
	char		err[FUZZ_ERRLEN] = "";
	uint8_t    *wire;
	size_t		wire_len;

	if (!cx_csi_decode(data, size, entries, cap, &used, &n, err, sizeof(err)))
	{
		FUZZ_CHECK(err[0] != '\0', "empty reason");
		FUZZ_CHECK(strcmp(err, "out of space") != 0,
				   "cx_csi_decode_size(%zu) = %zu bytes too small", size, cap);
		free(entries);
		return 0;
	}
	FUZZ_CHECK(used <= cap, "used %zu of %zu", used, cap);
	fuzz_check_csi(entries, used, n);
	wire = fuzz_csi_wire_round_trip(entries, used, n, &wire_len);
	FUZZ_CHECK(wire_len == size && memcmp(wire, data, size) == 0, "encode(decode(x)) != x");

	/* binary -> text -> binary */
	if (!fuzz_csi_has_nul_name(entries, used))
	{
		char	   *text = fuzz_csi_text_round_trip(entries, used, n);
		size_t		text_len = strlen(text);
		size_t		cap2 = cx_csi_parse_size(text_len);
		uint8_t    *back = fuzz_malloc(cap2);
		size_t		back_len;
		uint32_t	back_n;
		uint8_t    *again;
		size_t		again_len;

		FUZZ_CHECK(cx_csi_parse(text, text_len, back, cap2, &back_len, &back_n, err, sizeof(err)),
				   "%s", err);
		again = fuzz_csi_wire_round_trip(back, back_len, back_n, &again_len);
		FUZZ_CHECK(again_len == size && memcmp(again, data, size) == 0,
				   "binary -> text -> binary differs");
		free(again);
		free(back);
		free(text);
	}
	free(wire);
	free(entries);
	return 0;
}
