/*
 * cx_summary_wire.h: binary (send/recv) form of a score_summary (pure C).
 *
 * Network byte order:
 *   uint8  version      1
 *   uint8  flags        0 (reserved)
 *   uint16 reserved     0
 *   uint16 npairs       0..101
 *   npairs x { uint8 value (0..100, strictly ascending); int64 count (> 0) }
 * Nothing may follow the last pair; the counts must sum to at most INT64_MAX.
 *
 * Version 2 (weighted summaries) has the same header and, per value,
 *   { uint8 value; int64 count; float8 sum_of_weights; float8 sum_of_squares }
 * with sums finite, >= 0 and zero together.  Decoders read both versions.
 */
#ifndef CX_SUMMARY_WIRE_H
#define CX_SUMMARY_WIRE_H

#include "cx_hist.h"

#define CX_SUMMARY_WIRE_VERSION 1
#define CX_SUMMARY_WIRE_VERSION_WEIGHTED 2
#define CX_SUMMARY_WIRE_HEADER 6
#define CX_SUMMARY_WIRE_PAIR 9
#define CX_SUMMARY_WIRE_WEIGHTED_PAIR 25
#define CX_SUMMARY_WIRE_MAX (CX_SUMMARY_WIRE_HEADER + CX_NVALUES * CX_SUMMARY_WIRE_WEIGHTED_PAIR)

/* Writes the encoding into buf (CX_SUMMARY_WIRE_MAX bytes); returns its length. */
size_t		cx_summary_encode(const cx_hist *h, uint8_t *buf);

/* Decodes exactly len bytes; on failure returns false with a reason in err. */
bool		cx_summary_decode(const uint8_t *buf, size_t len, cx_hist *out,
							  char *err, size_t errlen);

/* Big-endian helpers shared by the binary forms of this extension. */
void		cx_put_u16(uint8_t *p, uint16_t v);
void		cx_put_u32(uint8_t *p, uint32_t v);
void		cx_put_u64(uint8_t *p, uint64_t v);
uint16_t	cx_get_u16(const uint8_t *p);
uint32_t	cx_get_u32(const uint8_t *p);
uint64_t	cx_get_u64(const uint8_t *p);
uint64_t	cx_double_bits(double d);	/* IEEE 754 bits, for cx_put_u64 */
double		cx_bits_double(uint64_t bits);

#endif							/* CX_SUMMARY_WIRE_H */
