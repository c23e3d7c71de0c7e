/*
 * cx_stored.h: the layouts cx_metrics values have on disk (pure C).
 *
 * Everything here is written into tables, materialized views, binary dumps
 * and Citus partial results, and read back by every later release: never
 * reorder, resize or renumber a field, a version or a slot.  A new layout
 * gets a new version number and the readers keep reading the old ones.
 * The PostgreSQL glue, the unit tests and the fuzzers all use these
 * definitions; nothing else describes the layouts.
 */
#ifndef CX_STORED_H
#define CX_STORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cx_driver.h"
#include "cx_hist.h"
#include "cx_packed.h"

/* ---- score_summary: a varlena aligned to double (typalign 'd') ---- */

#define CX_SUMMARY_STORED_VERSION 1				/* counts only */
#define CX_SUMMARY_STORED_VERSION_WEIGHTED 2	/* + sums of weights and squares */

typedef struct cx_summary_stored
{
	int32_t		vl_len_;		/* PostgreSQL's 4-byte varlena header */
	uint8_t		version;		/* CX_SUMMARY_STORED_VERSION[_WEIGHTED] */
	uint8_t		flags;			/* reserved, must be 0 */
	uint16_t	reserved;		/* reserved, must be 0 */
	int64_t		total;			/* sum of counts; kept to check overflow in O(1) */
	uint64_t	present[CX_PRESENT_WORDS];	/* bit v: value v has a count */
	int64_t		counts[];		/* ascending value order; version 2 continues
								 * with double sum_w[k], then sum_w2[k] */
} cx_summary_stored;

#define CX_SUMMARY_STORED_SLOTS(version) ((version) == CX_SUMMARY_STORED_VERSION_WEIGHTED ? 3 : 1)
#define CX_SUMMARY_STORED_SIZE(version, ncounts) \
	(offsetof(cx_summary_stored, counts) + \
	 sizeof(int64_t) * CX_SUMMARY_STORED_SLOTS(version) * (size_t) (ncounts))

/*
 * The header and size of a stored summary of `size` bytes (the varlena
 * size) are consistent: a known version, reserved fields 0.
 */
bool		cx_summary_stored_header_ok(const cx_summary_stored *s, size_t size);

/* Decode a stored summary, header and contents validated; false if corrupt. */
bool		cx_summary_stored_read(const cx_summary_stored *s, size_t size, cx_hist *h);

/* Bytes a summary of h needs, and writing it (vl_len_ is the caller's). */
size_t		cx_summary_stored_size(const cx_hist *h);
void		cx_summary_stored_write(const cx_hist *h, cx_summary_stored *s);

/* ---- csi_state: a varlena aligned to double ---- */

#define CX_CSI_STORED_VERSION 1

typedef struct cx_csi_stored
{
	int32_t		vl_len_;		/* PostgreSQL's 4-byte varlena header */
	uint8_t		version;		/* CX_CSI_STORED_VERSION */
	uint8_t		flags;			/* reserved, must be 0 */
	uint16_t	reserved;		/* reserved, must be 0 */
	uint32_t	ncomponents;
	uint32_t	reserved2;		/* reserved, must be 0; aligns the entries to 8 */
	uint8_t		entries[];		/* cx_csi_entry records (cx_csi.h) */
} cx_csi_stored;

#define CX_CSI_STORED_HEADER offsetof(cx_csi_stored, entries)

/* The header alone (a cheap check before updating a state in place). */
bool		cx_csi_stored_header_ok(const cx_csi_stored *s, size_t size);

/* Header and entries of a stored csi_state of `size` bytes are valid. */
bool		cx_csi_stored_ok(const cx_csi_stored *s, size_t size, char *err, size_t errlen);

/* ---- driver_summary: a varlena aligned to double ---- */

typedef struct cx_driver_stored
{
	int32_t		vl_len_;		/* PostgreSQL's 4-byte varlena header */
	uint8_t		version;		/* CX_DRIVER_VERSION */
	uint8_t		flags;			/* reserved, must be 0 */
	uint16_t	reserved;		/* reserved, must be 0 */
	uint32_t	k;				/* attributes, 1..CX_DRIVER_MAX_K */
	uint32_t	reserved2;		/* reserved, must be 0; aligns n to 8 */
	int64_t		n;				/* rows */
	double		data[];			/* CX_DRIVER_DOUBLES(k): means, then co-moments */
} cx_driver_stored;

#define CX_DRIVER_STORED_HEADER offsetof(cx_driver_stored, data)
#define CX_DRIVER_STORED_SIZE(k) \
	(CX_DRIVER_STORED_HEADER + sizeof(double) * CX_DRIVER_DOUBLES(k))

/* The header alone (a cheap check before updating a state in place). */
bool		cx_driver_stored_header_ok(const cx_driver_stored *s, size_t size);

/*
 * Header and values of a stored driver_summary of `size` bytes are valid
 * (cx_driver_validate; work: cx_driver_work_size(s->k) doubles).
 */
bool		cx_driver_stored_ok(const cx_driver_stored *s, size_t size, double *work,
								char *err, size_t errlen);

/*
 * ---- Array transition states ----
 *
 * The bigint[] and double precision[] states of the counting aggregates, read
 * through these structs as core's Int8TransTypeData is.  A threshold slot is
 * CX_PARAM_UNSET until the group's first row sets it.  (The churn state's
 * layout is in cx_churn.h.)
 */
#define CX_PARAM_UNSET (-1)
#define CX_STATE_SLOTS(type) ((int) (sizeof(type) / sizeof(int64_t)))

typedef struct cx_nps_state		/* nps(answer) */
{
	int64_t		responses;
	int64_t		promoters;
	int64_t		detractors;
} cx_nps_state;

typedef struct cx_nps_thresholds_state	/* nps(answer, promoter_min, detractor_max) */
{
	cx_nps_state counts;
	int64_t		promoter_min;
	int64_t		detractor_max;
} cx_nps_thresholds_state;

typedef struct cx_hits_state	/* csat(rating), churn_rate(churned) */
{
	int64_t		total;
	int64_t		hits;
} cx_hits_state;

typedef struct cx_csat_threshold_state	/* csat(rating, satisfied_min) */
{
	cx_hits_state counts;
	int64_t		satisfied_min;
} cx_csat_threshold_state;

typedef struct cx_ces_state		/* ces(effort) */
{
	int64_t		responses;
	int64_t		sum;
} cx_ces_state;

typedef struct cx_row_csi_state /* weighted_csi(satisfaction, importance) */
{
	double		weighted_sum;	/* sum of importance * satisfaction */
	double		importance_sum;
} cx_row_csi_state;

#endif							/* CX_STORED_H */
