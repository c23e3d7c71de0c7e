/*
 * cx_stored.c: reading and writing the stored layouts (pure C).
 */
#include "cx_stored.h"

#include <stdio.h>
#include <string.h>

#include "cx_csi.h"

bool
cx_summary_stored_header_ok(const cx_summary_stored *s, size_t size)
{
	return size >= CX_SUMMARY_STORED_SIZE(CX_SUMMARY_STORED_VERSION, 0) &&
		(s->version == CX_SUMMARY_STORED_VERSION ||
		 s->version == CX_SUMMARY_STORED_VERSION_WEIGHTED) &&
		s->flags == 0 && s->reserved == 0 &&
		size == CX_SUMMARY_STORED_SIZE(s->version, cx_packed_popcount(s->present));
}

bool
cx_summary_stored_read(const cx_summary_stored *s, size_t size, cx_hist *h)
{
	int			n;

	if (!cx_summary_stored_header_ok(s, size))
		return false;
	n = cx_packed_popcount(s->present);
	if (!cx_packed_read(s->present, s->counts, n, s->total, h))
		return false;
	return s->version == CX_SUMMARY_STORED_VERSION ||
		cx_packed_read_weights(s->present, (const double *) (s->counts + n),
							   (const double *) (s->counts + 2 * n), h);
}

size_t
cx_summary_stored_size(const cx_hist *h)
{
	return CX_SUMMARY_STORED_SIZE(h->weighted ? CX_SUMMARY_STORED_VERSION_WEIGHTED :
								  CX_SUMMARY_STORED_VERSION, cx_packed_ncounts(h));
}

void
cx_summary_stored_write(const cx_hist *h, cx_summary_stored *s)
{
	int			n = cx_packed_ncounts(h);

	s->version = h->weighted ? CX_SUMMARY_STORED_VERSION_WEIGHTED : CX_SUMMARY_STORED_VERSION;
	s->flags = 0;
	s->reserved = 0;
	s->total = h->total;
	cx_packed_write(h, s->present, s->counts);
	if (h->weighted)
		cx_packed_write_weights(h, (double *) (s->counts + n), (double *) (s->counts + 2 * n));
}

bool
cx_csi_stored_header_ok(const cx_csi_stored *s, size_t size)
{
	return size >= CX_CSI_STORED_HEADER && s->version == CX_CSI_STORED_VERSION &&
		s->flags == 0 && s->reserved == 0 && s->reserved2 == 0;
}

bool
cx_csi_stored_ok(const cx_csi_stored *s, size_t size, char *err, size_t errlen)
{
	if (!cx_csi_stored_header_ok(s, size))
	{
		snprintf(err, errlen, "bad header");
		return false;
	}
	return cx_csi_validate(s->entries, size - CX_CSI_STORED_HEADER, s->ncomponents, err, errlen);
}

bool
cx_driver_stored_header_ok(const cx_driver_stored *s, size_t size)
{
	return size >= CX_DRIVER_STORED_HEADER && s->version == CX_DRIVER_VERSION &&
		s->flags == 0 && s->reserved == 0 && s->reserved2 == 0 &&
		s->k >= 1 && s->k <= CX_DRIVER_MAX_K && size == CX_DRIVER_STORED_SIZE(s->k);
}

bool
cx_driver_stored_ok(const cx_driver_stored *s, size_t size, double *work, char *err,
					size_t errlen)
{
	if (!cx_driver_stored_header_ok(s, size))
	{
		snprintf(err, errlen, "bad header or size (%zu bytes)", size);
		return false;
	}
	return cx_driver_validate((int) s->k, s->n, s->data, work, err, errlen);
}
