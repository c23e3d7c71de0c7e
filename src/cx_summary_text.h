/*
 * cx_summary_text.h: text form of a score_summary (pure C).
 *
 *   {value:count,value:count,...}     e.g.  {0:1,7:2,9:5,10:4}   and  {}
 *
 * A weighted summary lists value:count:sum_of_weights:sum_of_squared_weights,
 * e.g. {9:2:3.5:6.25}; the sums are finite, >= 0 and zero together, and
 * every entry of one summary has the same form.  A summary without answers is
 * written {} and read as the unweighted one, even from {1:0:0:0}.
 *
 * Output is canonical: ascending values, counts > 0, no spaces.  Input also
 * accepts spaces around tokens, values in any order and zero counts (dropped),
 * and rejects everything else: a value outside 0..100, a value listed twice, a
 * count above 9223372036854775807, counts whose total overflows, a sign, and
 * any trailing text.
 */
#ifndef CX_SUMMARY_TEXT_H
#define CX_SUMMARY_TEXT_H

#include "cx_hist.h"

/* "{" + 101 x "100:9223372036854775807:<double>:<double>," + "}" + NUL */
#define CX_SUMMARY_TEXT_MAX (2 + CX_NVALUES * (24 + 2 * 33) + 1)

/* Writes NUL-terminated text into buf (at least CX_SUMMARY_TEXT_MAX bytes);
 * returns its length. */
size_t		cx_summary_format(const cx_hist *h, char *buf);

/* Parses len bytes of text.  On failure returns false and writes a
 * NUL-terminated reason into err (errlen bytes). */
bool		cx_summary_parse(const char *text, size_t len, cx_hist *out,
							 char *err, size_t errlen);

/* Shared lexing helpers, also used by the csi_state text form. */
size_t		cx_skip_space(const char *text, size_t len, size_t pos);
bool		cx_parse_uint64(const char *text, size_t len, size_t *pos,
							uint64_t max, uint64_t *out);

/* Shortest decimal that reads back as exactly d (out: 32 bytes); returns its
 * length. */
int			cx_format_double(double d, char out[32]);

/*
 * A finite decimal number (digits, '.', exponent; no inf, nan or hex) of at
 * most CX_MAX_NUMBER_CHARS characters: enough for any double written out
 * exactly (the smallest subnormal has 751 significant digits after 323 zeros).
 */
#define CX_MAX_NUMBER_CHARS 1279
bool		cx_parse_double(const char *text, size_t len, size_t *pos, double *out);

/* Characters of the number-like run at pos (to tell "too long" from "bad"). */
size_t		cx_number_length(const char *text, size_t len, size_t pos);

#endif							/* CX_SUMMARY_TEXT_H */
