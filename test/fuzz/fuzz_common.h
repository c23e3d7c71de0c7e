/*
 * fuzz_common.h: shared checks of the libFuzzer targets of the pure-C core.
 *
 * Every target feeds its input to a parser or decoder the way the PostgreSQL
 * glue (src/pg_*.c) does, and when the input is accepted checks the value's
 * invariants and its round trips.  Any violation prints a reason and calls
 * abort(), which libFuzzer reports as a crash (with the input saved).
 */
#ifndef CX_FUZZ_COMMON_H
#define CX_FUZZ_COMMON_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_csi.h"
#include "cx_hist.h"
#include "cx_packed.h"
#include "cx_summary_text.h"
#include "cx_summary_wire.h"

#define FUZZ_CHECK(cond, ...) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "fuzz check failed at %s:%d: %s\n  ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

/* Size of the error buffers of the glue (char err[160]). */
#define FUZZ_ERRLEN 160

static inline void *
fuzz_malloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

/* Heap copy of exactly len bytes: AddressSanitizer catches reads past len. */
static inline void *
fuzz_memdup(const void *p, size_t len)
{
	void	   *copy = fuzz_malloc(len);

	if (len > 0)
		memcpy(copy, p, len);
	return copy;
}

/*
 * The PostgreSQL text input functions get a NUL-terminated C string and pass
 * strlen(text): the fuzz input is cut at its first NUL, as a cstring would be.
 */
static inline char *
fuzz_cstring(const uint8_t *data, size_t size, size_t *len)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t		n = nul ? (size_t) (nul - data) : size;
	char	   *s = fuzz_malloc(n + 1);

	memcpy(s, data, n);
	s[n] = '\0';
	*len = strlen(s);
	return s;
}

static inline bool
fuzz_same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof(double)) == 0;
}

/* ---- score_summary ---- */

/*
 * Field by field (not memcmp of the struct: its padding is not a value), the
 * sums bit for bit.  With text_form, the empty weighted summary equals the
 * empty unweighted one: the text form writes both as {}, the only difference
 * it cannot keep.
 */
static inline bool
fuzz_hist_same(const cx_hist *a, const cx_hist *b, bool text_form)
{
	bool		weighted_matters = !(text_form && a->total == 0 && b->total == 0);

	if (a->total != b->total || (weighted_matters && a->weighted != b->weighted))
		return false;
	for (int v = 0; v < CX_NVALUES; v++)
	{
		if (a->count[v] != b->count[v])
			return false;
		if (weighted_matters &&
			(!fuzz_same_double(a->sum_w[v], b->sum_w[v]) ||
			 !fuzz_same_double(a->sum_w2[v], b->sum_w2[v])))
			return false;
	}
	return true;
}

static inline double
fuzz_tolerance(double magnitude)
{
	return 1e-9 * fabs(magnitude) + 1e-300;
}

/*
 * What every accepted or computed summary satisfies: counts >= 0 summing to
 * total without overflow; weight sums finite, >= 0, zero together, zero for
 * absent values and consistent with the count; no sums when unweighted; and
 * the accessors the glue calls give finite results in their ranges.
 */
static inline void
fuzz_check_hist_accessors(const cx_hist *h, int min, int max);

static inline void
fuzz_check_hist_structure(const cx_hist *h, bool accessors)
{
	int64_t		sum = 0;
	int			min = -1,
				max = -1;

	FUZZ_CHECK(h->total >= 0, "total %lld", (long long) h->total);
	for (int v = 0; v < CX_NVALUES; v++)
	{
		FUZZ_CHECK(h->count[v] >= 0, "count[%d] = %lld", v, (long long) h->count[v]);
		FUZZ_CHECK(cx_add_i64(sum, h->count[v], &sum), "counts overflow at %d", v);
		if (h->count[v] > 0)
		{
			if (min < 0)
				min = v;
			max = v;
		}
		if (h->weighted)
		{
			FUZZ_CHECK(cx_weight_sums_valid(h->sum_w[v], h->sum_w2[v]),
					   "invalid sums %.17g %.17g at %d", h->sum_w[v], h->sum_w2[v], v);
			FUZZ_CHECK(h->count[v] > 0 || (h->sum_w[v] == 0 && h->sum_w2[v] == 0),
					   "sums without answers at %d", v);
			FUZZ_CHECK(cx_weight_sums_consistent(h->count[v], h->sum_w[v], h->sum_w2[v]),
					   "sums %.17g %.17g inconsistent with count %lld at %d",
					   h->sum_w[v], h->sum_w2[v], (long long) h->count[v], v);
		}
		else
			FUZZ_CHECK(fuzz_same_double(h->sum_w[v], 0.0) && fuzz_same_double(h->sum_w2[v], 0.0),
					   "sums in an unweighted summary at %d", v);
	}
	FUZZ_CHECK(sum == h->total, "counts sum to %lld, total %lld", (long long) sum,
			   (long long) h->total);
	FUZZ_CHECK(cx_hist_min_value(h) == min && cx_hist_max_value(h) == max,
			   "min/max %d %d, expected %d %d", cx_hist_min_value(h), cx_hist_max_value(h),
			   min, max);
	FUZZ_CHECK(cx_hist_count_between(h, 0, CX_MAX_VALUE) == h->total, "count_between");
	if (accessors)
		fuzz_check_hist_accessors(h, min, max);
}

static inline void
fuzz_check_hist(const cx_hist *h)
{
	fuzz_check_hist_structure(h, true);
}

/* The accessors, with the glue's preconditions: finite and in range. */
static inline void
fuzz_check_hist_accessors(const cx_hist *h, int min, int max)
{
	{
		double		n_eff = cx_hist_effective_n(h);

		FUZZ_CHECK(isfinite(n_eff) && n_eff >= 0 &&
				   n_eff <= (double) h->total + fuzz_tolerance((double) h->total),
				   "effective n %.17g for %lld answers", n_eff, (long long) h->total);
		if (cx_hist_has_weight(h))
		{
			double		nps = cx_hist_nps(h, 9, 6);
			double		pct = cx_hist_percent_between(h, 4, CX_MAX_VALUE);
			double		all = cx_hist_percent_between(h, 0, CX_MAX_VALUE);
			double		mean = cx_hist_mean(h);

			FUZZ_CHECK(n_eff > 0, "effective n %.17g with weight", n_eff);
			FUZZ_CHECK(isfinite(nps) && nps >= -100 && nps <= 100, "nps %.17g", nps);
			FUZZ_CHECK(isfinite(pct) && pct >= 0 && pct <= 100, "percent %.17g", pct);
			FUZZ_CHECK(isfinite(all) && fabs(all - 100) <= 1e-9, "percent of all %.17g", all);
			FUZZ_CHECK(isfinite(mean) && mean >= min - fuzz_tolerance(min) &&
					   mean <= max + fuzz_tolerance(max),
					   "mean %.17g outside [%d, %d]", mean, min, max);
			if (n_eff > 1.0)
			{
				double		variance = cx_hist_variance(h);

				FUZZ_CHECK(isfinite(variance) && variance >= 0, "variance %.17g", variance);
			}
		}
		else
			FUZZ_CHECK(h->total == 0 || (h->weighted && cx_hist_weight_total(h) == 0),
					   "no weight with answers");
	}
}

/*
 * The stored layout: what score_summary_in/recv store (score_summary_from_hist)
 * and every later use reads back (score_summary_to_hist) must give the same
 * value, or the value just accepted would be reported as corrupt.
 */
static inline void
fuzz_check_packed(const cx_hist *h)
{
	uint64_t	present[CX_PRESENT_WORDS];
	int			ncounts = cx_packed_ncounts(h);
	int64_t    *counts = fuzz_malloc(sizeof(int64_t) * (size_t) ncounts);
	double	   *sum_w = fuzz_malloc(sizeof(double) * (size_t) ncounts);
	double	   *sum_w2 = fuzz_malloc(sizeof(double) * (size_t) ncounts);
	cx_hist		back;

	cx_packed_write(h, present, counts);
	FUZZ_CHECK(cx_packed_popcount(present) == ncounts, "popcount");
	FUZZ_CHECK(cx_packed_read(present, counts, ncounts, h->total, &back),
			   "stored layout rejected");
	if (h->weighted)
	{
		cx_packed_write_weights(h, sum_w, sum_w2);
		FUZZ_CHECK(cx_packed_read_weights(present, sum_w, sum_w2, &back),
				   "stored weight sums rejected");
	}
	FUZZ_CHECK(fuzz_hist_same(h, &back, false), "stored layout changes the value");
	for (int v = 0, slot = 0; v < CX_NVALUES; v++)
	{
		FUZZ_CHECK(cx_packed_slot(present, v) == (h->count[v] ? slot : -1),
				   "slot of value %d: %d", v, cx_packed_slot(present, v));
		if (h->count[v])
			FUZZ_CHECK(counts[slot++] == h->count[v], "stored count of %d", v);
	}
	free(counts);
	free(sum_w);
	free(sum_w2);
}

/* Binary round trip: decode(encode(h)) == h exactly; returns the length. */
static inline size_t
fuzz_summary_wire_round_trip(const cx_hist *h, uint8_t *wire)
{
	cx_hist		back;
	char		err[FUZZ_ERRLEN];
	size_t		len = cx_summary_encode(h, wire);
	uint8_t    *exact = fuzz_memdup(wire, len);

	FUZZ_CHECK(len <= CX_SUMMARY_WIRE_MAX, "encoded %zu bytes", len);
	FUZZ_CHECK(cx_summary_decode(exact, len, &back, err, sizeof(err)),
			   "own encoding rejected: %s", err);
	FUZZ_CHECK(fuzz_hist_same(h, &back, false), "binary round trip changes the value");
	free(exact);
	return len;
}

/*
 * Text round trip: format(h) is canonical, parses back to h and formats
 * again to the same text.  Exactly h when h came from the text form itself
 * (from_text); otherwise up to the one thing the text form cannot keep, the
 * weightedness of a summary without answers.  Returns the text (malloc'd,
 * caller frees).
 */
static inline char *
fuzz_summary_text_round_trip(const cx_hist *h, bool from_text)
{
	char	   *text = fuzz_malloc(CX_SUMMARY_TEXT_MAX);
	char	   *again = fuzz_malloc(CX_SUMMARY_TEXT_MAX);
	char	   *exact;
	cx_hist		back;
	char		err[FUZZ_ERRLEN];
	size_t		len = cx_summary_format(h, text);
	int			previous = -1;

	FUZZ_CHECK(len < CX_SUMMARY_TEXT_MAX && len == strlen(text), "format length %zu", len);
	FUZZ_CHECK(text[0] == '{' && text[len - 1] == '}', "format \"%s\"", text);
	for (size_t i = 0; i < len; i++)
		FUZZ_CHECK(strchr("{}:,0123456789.e+-", text[i]) != NULL,
				   "unexpected character in \"%s\"", text);
	/* canonical: strictly ascending values */
	for (size_t i = 1; i < len - 1;)
	{
		int			value = atoi(text + i);

		FUZZ_CHECK(value > previous && value <= CX_MAX_VALUE, "order in \"%s\"", text);
		previous = value;
		while (i < len - 1 && text[i] != ',')
			i++;
		i++;
	}
	exact = fuzz_memdup(text, len);
	FUZZ_CHECK(cx_summary_parse(exact, len, &back, err, sizeof(err)),
			   "own text \"%s\" rejected: %s", text, err);
	FUZZ_CHECK(fuzz_hist_same(h, &back, !from_text), "text round trip of \"%s\" changes the value",
			   text);
	FUZZ_CHECK(back.total > 0 || !back.weighted, "\"%s\" reads as a weighted summary without answers",
			   text);
	FUZZ_CHECK(cx_summary_format(&back, again) == len && strcmp(again, text) == 0,
			   "format(parse(\"%s\")) = \"%s\"", text, again);
	free(exact);
	free(again);
	return text;
}

/* ---- csi_state ---- */

/* Entries in [entries, entries + len): validate, and the index is sane. */
static inline void
fuzz_check_csi(const uint8_t *entries, size_t len, uint32_t ncomponents)
{
	char		err[FUZZ_ERRLEN];
	double		index;
	double		lo = INFINITY,
				hi = -INFINITY,
				biggest = 0;
	bool		any_weight = false;
	uint32_t	count = 0;
	cx_csi_result r;

	FUZZ_CHECK(len % 8 == 0, "entries length %zu", len);
	FUZZ_CHECK(ncomponents <= CX_CSI_MAX_COMPONENTS, "%u components", ncomponents);
	FUZZ_CHECK(cx_csi_validate(entries, len, ncomponents, err, sizeof(err)),
			   "accepted state fails validation: %s", err);
	for (size_t off = 0; off < len;)
	{
		const cx_csi_entry *e = (const cx_csi_entry *) (entries + off);
		double		s = e->sum_satisfaction / (double) e->n;

		FUZZ_CHECK(e->n >= 1 && isfinite(e->sum_satisfaction) &&
				   isfinite(e->sum_importance) && e->sum_importance >= 0 &&
				   e->reserved == 0 && e->name_len <= CX_CSI_MAX_NAME, "entry %u", count);
		FUZZ_CHECK(cx_csi_find((uint8_t *) entries, len, e->name, e->name_len) == e,
				   "find of entry %u", count);
		if (e->sum_importance > 0)
		{
			any_weight = true;
			if (s < lo)
				lo = s;
			if (s > hi)
				hi = s;
			if (fabs(s) > biggest)
				biggest = fabs(s);
		}
		count++;
		off += CX_CSI_ENTRY_SIZE(e->name_len);
	}
	FUZZ_CHECK(count == ncomponents, "count");

	/* weighted_csi_component_final: a weighted mean of the components' means */
	r = cx_csi_index(entries, len, &index);
	if (r == CX_CSI_INDEX)
	{
		double		tol = 1e-9 * biggest + 1e-300;

		FUZZ_CHECK(any_weight, "index %.17g without any importance", index);
		FUZZ_CHECK(isfinite(index) && index >= lo - tol && index <= hi + tol,
				   "index %.17g outside the component means [%.17g, %.17g]", index, lo, hi);
	}
	else if (r == CX_CSI_NO_INDEX)
		FUZZ_CHECK(!any_weight, "no index although an importance is positive");
}

/* Binary round trip of entries: decode(encode(x)) gives the same bytes. */
static inline uint8_t *
fuzz_csi_wire_round_trip(const uint8_t *entries, size_t len, uint32_t ncomponents,
						 size_t *wire_len)
{
	size_t		size = cx_csi_encode_size(entries, len);
	uint8_t    *wire = fuzz_malloc(size);
	size_t		cap = cx_csi_decode_size(size);
	uint8_t    *back = fuzz_malloc(cap);
	size_t		back_len = 0;
	uint32_t	back_n = 0;
	char		err[FUZZ_ERRLEN];

	cx_csi_encode(entries, len, ncomponents, wire);
	FUZZ_CHECK(cx_csi_decode(wire, size, back, cap, &back_len, &back_n, err, sizeof(err)),
			   "own binary form rejected: %s", err);
	FUZZ_CHECK(back_len == len && back_n == ncomponents && memcmp(back, entries, len) == 0,
			   "binary round trip changes the value");
	free(back);
	*wire_len = size;
	return wire;
}

/* Whether a component name holds a NUL (the text form of PostgreSQL cannot). */
static inline bool
fuzz_csi_has_nul_name(const uint8_t *entries, size_t len)
{
	for (size_t off = 0; off < len;)
	{
		const cx_csi_entry *e = (const cx_csi_entry *) (entries + off);

		if (memchr(e->name, 0, e->name_len) != NULL)
			return true;
		off += CX_CSI_ENTRY_SIZE(e->name_len);
	}
	return false;
}

/*
 * Text round trip of entries: the text parses back to the same bytes and
 * formats to the same text.  Returns the text (malloc'd, caller frees).
 */
static inline char *
fuzz_csi_text_round_trip(const uint8_t *entries, size_t len, uint32_t ncomponents)
{
	size_t		size = cx_csi_format(entries, len, NULL);
	char	   *text = fuzz_malloc(size);
	size_t		text_len;
	size_t		cap;
	uint8_t    *back;
	size_t		back_len = 0;
	uint32_t	back_n = 0;
	char		err[FUZZ_ERRLEN];
	char	   *again;

	FUZZ_CHECK(cx_csi_format(entries, len, text) == size, "format size");
	text_len = strlen(text);
	FUZZ_CHECK(text_len == size - 1, "format length %zu, expected %zu", text_len, size - 1);
	cap = cx_csi_parse_size(text_len);
	back = fuzz_malloc(cap);
	{
		char	   *exact = fuzz_memdup(text, text_len);

		FUZZ_CHECK(cx_csi_parse(exact, text_len, back, cap, &back_len, &back_n, err, sizeof(err)),
				   "own text rejected: %s", err);
		free(exact);
	}
	FUZZ_CHECK(back_len == len && back_n == ncomponents && memcmp(back, entries, len) == 0,
			   "text round trip changes the value");
	again = fuzz_malloc(size);
	FUZZ_CHECK(cx_csi_format(back, back_len, again) == size && memcmp(again, text, size) == 0,
			   "format(parse(text)) differs");
	free(again);
	free(back);
	return text;
}

#endif							/* CX_FUZZ_COMMON_H */
