/*
 * cx_csi.h: component-level weighted CSI state (pure C).
 *
 * Per component: the number of ratings, the sum of satisfaction and the sum
 * of importance.  The index is  sum_c(I_c * S_c) / sum_c(I_c)  with I_c and
 * S_c the component's mean importance and mean satisfaction.
 *
 * Stored as a sequence of 8-byte-aligned entries, each followed by its name,
 * so a known component is updated in place.
 */
#ifndef CX_CSI_H
#define CX_CSI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CX_CSI_VERSION 1
#define CX_CSI_MAX_COMPONENTS 1000
#define CX_CSI_MAX_NAME 1000	/* bytes */

typedef struct cx_csi_entry
{
	int64_t		n;
	double		sum_satisfaction;
	double		sum_importance;
	uint32_t	name_len;
	uint32_t	reserved;		/* 0 */
	char		name[];			/* name_len bytes, zero-padded to 8 */
} cx_csi_entry;

#define CX_CSI_ENTRY_SIZE(name_len) \
	(offsetof(cx_csi_entry, name) + (((size_t) (name_len) + 7) & ~(size_t) 7))

/* Entry holding this name, or NULL. */
cx_csi_entry *cx_csi_find(uint8_t *entries, size_t len, const char *name, uint32_t name_len);

/* Write a fresh entry for one rating at dst (CX_CSI_ENTRY_SIZE bytes). */
void		cx_csi_write_entry(uint8_t *dst, const char *name, uint32_t name_len,
							   double satisfaction, double importance);

/* Structural and value checks: sizes, padding, n >= 1, finite sums,
 * importance >= 0, unique names. */
bool		cx_csi_validate(const uint8_t *entries, size_t len, uint32_t ncomponents,
							char *err, size_t errlen);

typedef enum cx_csi_merge_result
{
	CX_CSI_MERGED = 0,
	CX_CSI_MERGE_MISSING,		/* `from` has a component `into` lacks */
	CX_CSI_MERGE_OVERFLOW		/* a count or a sum would overflow */
} cx_csi_merge_result;

/*
 * Add the entries of `from` into those of `into`.  On failure nothing
 * changes, and the result says why (the first failing entry in `from`'s
 * order decides): a missing component means "build a larger state", an
 * overflow is an error.
 */
cx_csi_merge_result cx_csi_merge_in_place(uint8_t *into, size_t into_len,
										  const uint8_t *from, size_t from_len);

typedef enum cx_csi_result
{
	CX_CSI_INDEX = 0,			/* *index holds the index */
	CX_CSI_NO_INDEX,			/* no components, or the importances sum to 0 */
	CX_CSI_OVERFLOW				/* the weighted sum leaves double precision */
} cx_csi_result;

/* The component-level index of the entries. */
cx_csi_result cx_csi_index(const uint8_t *entries, size_t len, double *index);

/* Text form: {"name":n:sum_satisfaction:sum_importance,...}; returns the
 * malloc-free length needed (including NUL) when buf is NULL. */
size_t		cx_csi_format(const uint8_t *entries, size_t len, char *buf);

/*
 * Parse the text form; on success the entries are written to out (capacity
 * out_cap bytes; cx_csi_parse_size gives an upper bound) and their byte size
 * and count returned.
 */
size_t		cx_csi_parse_size(size_t text_len);
bool		cx_csi_parse(const char *text, size_t text_len, uint8_t *out, size_t out_cap,
						 size_t *out_len, uint32_t *ncomponents, char *err, size_t errlen);

/* Binary form: u8 version, u8 flags, u16 reserved, u32 ncomponents, then per
 * component u32 name_len, name, i64 n, f64 sum_satisfaction, f64
 * sum_importance (network order). */
size_t		cx_csi_encode_size(const uint8_t *entries, size_t len);
void		cx_csi_encode(const uint8_t *entries, size_t len, uint32_t ncomponents, uint8_t *buf);
size_t		cx_csi_decode_size(size_t wire_len);
bool		cx_csi_decode(const uint8_t *wire, size_t wire_len, uint8_t *out, size_t out_cap,
						  size_t *out_len, uint32_t *ncomponents, char *err, size_t errlen);

#endif							/* CX_CSI_H */
