/*
 * fuzz_csi_text.c: csi_state_in's parser, cx_csi_parse.
 *
 * Input: the bytes up to the first NUL, as the C string csi_state_in gets;
 * like the glue, the output capacity is cx_csi_parse_size(strlen(text)) bytes
 * of malloc'd (8-byte aligned) memory.  When accepted: invariants and index,
 * parse(format(x)) == x byte for byte, format(parse(format(x))) == format(x),
 * and text -> binary -> text.  A valid text is never refused for want of
 * space.
 */
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		len;
	char	   *text = fuzz_cstring(data, size, &len);
	char	   *exact = fuzz_memdup(text, len);
	size_t		cap = cx_csi_parse_size(len);
	uint8_t    *entries = fuzz_malloc(cap);
	uint8_t    *entries_exact = fuzz_malloc(cap);
	size_t		used = 0,
				used_exact = 0;
	uint32_t	n = 0,
				n_exact = 0;
	char		err[FUZZ_ERRLEN] = "";
	char		err_exact[FUZZ_ERRLEN] = "";
	bool		ok;

	ok = cx_csi_parse(text, len, entries, cap, &used, &n, err, sizeof(err));
	FUZZ_CHECK(cx_csi_parse(exact, len, entries_exact, cap, &used_exact, &n_exact,
							err_exact, sizeof(err_exact)) == ok,
			   "result depends on the terminator");
	if (!ok)
	{
		FUZZ_CHECK(err[0] != '\0', "empty reason");
		FUZZ_CHECK(strcmp(err, err_exact) == 0, "reasons differ: %s / %s", err, err_exact);
		FUZZ_CHECK(strcmp(err, "out of space") != 0,
				   "cx_csi_parse_size(%zu) = %zu bytes too small", len, cap);
	}
	else
	{
		char	   *formatted;
		char	   *again;
		uint8_t    *wire;
		size_t		wire_len;
		size_t		cap2;
		uint8_t    *back;
		size_t		back_len;
		uint32_t	back_n;

		FUZZ_CHECK(used <= cap && used == used_exact && n == n_exact &&
				   memcmp(entries, entries_exact, used) == 0, "value depends on the terminator");
		fuzz_check_csi(entries, used, n);
		formatted = fuzz_csi_text_round_trip(entries, used, n);

		/* text -> binary -> text */
		wire = fuzz_csi_wire_round_trip(entries, used, n, &wire_len);
		cap2 = cx_csi_decode_size(wire_len);
		back = fuzz_malloc(cap2);
		FUZZ_CHECK(cx_csi_decode(wire, wire_len, back, cap2, &back_len, &back_n, err, sizeof(err)),
				   "%s", err);
		again = fuzz_csi_text_round_trip(back, back_len, back_n);
		FUZZ_CHECK(strcmp(again, formatted) == 0, "text -> binary -> text differs");
		free(again);
		free(back);
		free(wire);
		free(formatted);
	}
	free(entries_exact);
	free(entries);
	free(exact);
	free(text);
	return 0;
}
