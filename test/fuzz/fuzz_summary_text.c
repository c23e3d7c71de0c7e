/*
 * fuzz_summary_text.c: score_summary_in's parser, cx_summary_parse.
 *
 * Input: the bytes up to the first NUL, as the C string PostgreSQL hands to
 * score_summary_in (which passes strlen(text)).  When accepted: invariants,
 * the stored layout, parse(format(x)) == x and format(parse(format(x))) ==
 * format(x), and text -> binary -> text.
 */
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		len;
	char	   *text = fuzz_cstring(data, size, &len);
	char	   *exact = fuzz_memdup(text, len);
	cx_hist		h,
				h_exact;
	char		err[FUZZ_ERRLEN] = "";
	char		err_exact[FUZZ_ERRLEN] = "";
	bool		ok;

	/* as the glue calls it: a C string and its strlen */
	ok = cx_summary_parse(text, len, &h, err, sizeof(err));
	/* the same bytes without the terminator: no read past len */
	FUZZ_CHECK(cx_summary_parse(exact, len, &h_exact, err_exact, sizeof(err_exact)) == ok,
			   "result depends on the terminator");
	if (!ok)
	{
		/* a reason for the error message, and the same one */
		FUZZ_CHECK(err[0] != '\0' && strlen(err) < sizeof(err), "empty reason");
		FUZZ_CHECK(strcmp(err, err_exact) == 0, "reasons differ: %s / %s", err, err_exact);
	}
	else
	{
		uint8_t    *wire = fuzz_malloc(CX_SUMMARY_WIRE_MAX);
		char	   *formatted;
		char	   *again;
		cx_hist		back;
		size_t		wire_len;

		FUZZ_CHECK(fuzz_hist_same(&h, &h_exact, false), "value depends on the terminator");
		fuzz_check_hist(&h);
		fuzz_check_packed(&h);
		formatted = fuzz_summary_text_round_trip(&h, true);

		/* text -> binary -> text */
		wire_len = fuzz_summary_wire_round_trip(&h, wire);
		FUZZ_CHECK(cx_summary_decode(wire, wire_len, &back, err, sizeof(err)), "%s", err);
		again = fuzz_summary_text_round_trip(&back, true);
		FUZZ_CHECK(strcmp(again, formatted) == 0, "text -> binary -> text: \"%s\" -> \"%s\"",
				   formatted, again);
		free(again);
		free(formatted);
		free(wire);
	}
	free(exact);
	free(text);
	return 0;
}
