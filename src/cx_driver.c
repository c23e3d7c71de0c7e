/*
 * cx_driver.c: key-driver analysis state: update, merge, checks, figures,
 * text and binary forms.
 */
#include "cx_driver.h"
#include "cx_linalg.h"
#include "cx_summary_text.h"
#include "cx_summary_wire.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void
cx_driver_init(int k, int64_t *n, double *data)
{
	*n = 0;
	memset(data, 0, sizeof(double) * CX_DRIVER_DOUBLES(k));
}

/*
 * Full unrolling of the per-row loops when m is a compile-time constant.
 * clang unrolls such loops by itself at -O2, and warns when a forced
 * unrolling cannot happen (the generic size): no pragma there.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define UNROLL _Pragma("GCC unroll 16")
#else
#define UNROLL
#endif

/*
 * Welford's update of one row; returns false on a NaN or infinite input or
 * when a variance passes CX_DRIVER_MAX_VARIANCE.  Inlined with constant m
 * for the usual sizes.
 */
static inline __attribute__((always_inline)) bool
add_row(size_t m, double *restrict data, double y, const double *restrict x, double inv,
		double shrink)
{
	double	   *restrict mean = data;
	double	   *restrict c = data + m;
	double		d[CX_DRIVER_MAX_K + 1];
	double		e[CX_DRIVER_MAX_K + 1];
	bool		ok = true;

	d[0] = y - mean[0];
	UNROLL
	for (size_t i = 1; i < m; i++)
		d[i] = x[i - 1] - mean[i];
	UNROLL
	for (size_t i = 0; i < m; i++)
	{
		/* e_j = x_j - new mean_j = d_j (n - 1) / n */
		e[i] = d[i] * shrink;
		mean[i] += d[i] * inv;
	}
	/* C_ij += (x_i - old mean_i)(x_j - new mean_j) */
	UNROLL
	for (size_t i = 0; i < m; i++)
	{
		double		di = d[i];
		size_t		j = i;

#if defined(__GNUC__)
		/* two co-moments at a time (SSE2 / NEON): the same roundings */
		typedef double v2df __attribute__((vector_size(16)));
		v2df		dv = {di, di};

		UNROLL
		for (; j + 2 <= m; j += 2)
		{
			v2df		cv,
						ev;

			memcpy(&cv, c + (j - i), sizeof(cv));
			memcpy(&ev, e + j, sizeof(ev));
			cv += dv * ev;
			memcpy(c + (j - i), &cv, sizeof(cv));
		}
#endif
		UNROLL
		for (; j < m; j++)
			c[j - i] += di * e[j];

		/*
		 * Checking the variances is enough.  A NaN or infinite input, or a
		 * deviation x - mean that overflows, makes its variance NaN or
		 * infinite (a mean, a weighted average of finite inputs, cannot
		 * overflow); and |C_ij| <= sqrt(C_ii C_jj), so the co-moments stay
		 * finite while the variances stay below CX_DRIVER_MAX_VARIANCE.
		 * (false for NaN too)
		 */
		ok &= c[0] <= CX_DRIVER_MAX_VARIANCE;
		c += m - i;
	}
	return ok;
}

cx_status
cx_driver_add(int k, int64_t *n, double *data, double y, const double *x)
{
	int64_t		count;
	double		inv;
	double		shrink;
	bool		ok;

	if (!cx_add_i64(*n, 1, &count))
		return CX_ERR_OVERFLOW;
	inv = 1.0 / (double) count;
	shrink = (double) *n * inv;
	switch (k)
	{
		case 1:
			ok = add_row(2, data, y, x, inv, shrink);
			break;
		case 2:
			ok = add_row(3, data, y, x, inv, shrink);
			break;
		case 3:
			ok = add_row(4, data, y, x, inv, shrink);
			break;
		case 4:
			ok = add_row(5, data, y, x, inv, shrink);
			break;
		case 5:
			ok = add_row(6, data, y, x, inv, shrink);
			break;
		case 6:
			ok = add_row(7, data, y, x, inv, shrink);
			break;
		case 7:
			ok = add_row(8, data, y, x, inv, shrink);
			break;
		case 8:
			ok = add_row(9, data, y, x, inv, shrink);
			break;
		default:
			ok = add_row(CX_DRIVER_M(k), data, y, x, inv, shrink);
			break;
	}
	*n = count;
	return ok ? CX_OK : CX_ERR_OVERFLOW;
}

/*
 * Chan et al.: n = na + nb, delta = mean_b - mean_a,
 * mean = mean_a + delta nb / n, C = Ca + Cb + delta_i delta_j na nb / n.
 * Computed twice: once to check, once to write, so a failure changes nothing.
 */
static bool
merge_pass(size_t m, int64_t na, double *a, int64_t nb, const double *b, bool write)
{
	double		n = (double) na + (double) nb;
	double		fb = (double) nb / n;
	/* na nb / n without forming na nb, which can overflow */
	double		f = (double) na * fb;
	double		delta[CX_DRIVER_MAX_K + 1];
	double		check = 0.0;
	size_t		p = 0;

	for (size_t i = 0; i < m; i++)
	{
		double		mean;

		delta[i] = b[i] - a[i];
		mean = a[i] + delta[i] * fb;
		check += mean - mean;
		if (write)
			a[i] = mean;
	}
	for (size_t i = 0; i < m; i++)
		for (size_t j = i; j < m; j++, p++)
		{
			double		value = a[m + p] + b[m + p] + delta[i] * delta[j] * f;

			check += value - value;
			if (i == j && !(value <= CX_DRIVER_MAX_VARIANCE))
				return false;
			if (write)
				a[m + p] = value;
		}
	return check == 0.0;
}

cx_status
cx_driver_merge(int k, int64_t *n_into, double *into, int64_t n_from, const double *from)
{
	size_t		m = CX_DRIVER_M(k);
	int64_t		total;

	if (!cx_add_i64(*n_into, n_from, &total))
		return CX_ERR_OVERFLOW;
	if (n_from == 0)
		return CX_OK;
	if (*n_into == 0)
	{
		memcpy(into, from, sizeof(double) * CX_DRIVER_DOUBLES(k));
		*n_into = n_from;
		return CX_OK;
	}
	if (!merge_pass(m, *n_into, into, n_from, from, false))
		return CX_ERR_OVERFLOW;
	merge_pass(m, *n_into, into, n_from, from, true);
	*n_into = total;
	return CX_OK;
}

size_t
cx_driver_work_size(int k)
{
	size_t		m = CX_DRIVER_M(k);
	size_t		kk = (size_t) k;

	/* validate: a correlation matrix, its eigenvectors and eigenvalues;
	 * analyze: rxx, rxy and the regression's work */
	return 2 * m * m + m + kk * kk + kk + cx_regression_work_size(k);
}

#define FAIL(...) do { if (err) snprintf(err, errlen, __VA_ARGS__); return false; } while (0)

/*
 * The checks shared by cx_driver_check_merge and cx_driver_validate; sd and
 * idx receive the deviations and the variables of non-zero variance (their
 * count in *used, 0 for a state of at most one row).
 */
static bool
check_structure(int k, int64_t n, const double *data, double *sd, int *idx, int *used_out,
				char *err, size_t errlen)
{
	size_t		m;
	const double *c;
	int			used = 0;

	*used_out = 0;
	if (k < 1 || k > CX_DRIVER_MAX_K)
		FAIL("k must be from 1 to %d, got %d", CX_DRIVER_MAX_K, k);
	if (n < 0)
		FAIL("negative row count");
	m = CX_DRIVER_M(k);
	c = data + m;
	for (size_t i = 0; i < CX_DRIVER_DOUBLES(k); i++)
		if (!isfinite(data[i]))
			FAIL("a mean or co-moment is not finite");
	if (n == 0)
	{
		for (size_t i = 0; i < CX_DRIVER_DOUBLES(k); i++)
			if (data[i] != 0.0)
				FAIL("a state without rows has non-zero means or co-moments");
		return true;
	}
	if (n == 1)
	{
		for (size_t i = 0; i < CX_DRIVER_TRI(k); i++)
			if (c[i] != 0.0)
				FAIL("a state of one row has non-zero co-moments");
		return true;
	}
	for (size_t i = 0; i < m; i++)
	{
		double		var = c[cx_driver_tri_index(m, i, i)];

		if (var < 0)
			FAIL("negative variance of variable %zu", i);
		sd[i] = sqrt(var);
		if (var > 0)
			idx[used++] = (int) i;
		else
			for (size_t j = 0; j < m; j++)
				if (c[i <= j ? cx_driver_tri_index(m, i, j) : cx_driver_tri_index(m, j, i)] != 0.0)
					FAIL("variable %zu has zero variance but a non-zero co-moment", i);
	}
	/* |r| <= 1: merging relies on it to keep the co-moments finite */
	for (int a = 0; a < used; a++)
		for (int b = a + 1; b < used; b++)
		{
			size_t		i = (size_t) idx[a];
			size_t		j = (size_t) idx[b];

			if (!(fabs(c[cx_driver_tri_index(m, i, j)] / sd[i] / sd[j]) <= 1.0 + CX_DRIVER_PSD_TOL))
				FAIL("co-moments of variables %zu and %zu exceed the product of their deviations",
					 i, j);
		}
	*used_out = used;
	return true;
}

bool
cx_driver_check_merge(int k, int64_t n, const double *data, char *err, size_t errlen)
{
	double		sd[CX_DRIVER_MAX_K + 1];
	int			idx[CX_DRIVER_MAX_K + 1];
	int			used;

	return check_structure(k, n, data, sd, idx, &used, err, errlen);
}

bool
cx_driver_validate(int k, int64_t n, const double *data, double *work, char *err, size_t errlen)
{
	size_t		m = CX_DRIVER_M(k);
	const double *c = data + m;
	double	   *r = work;
	double	   *v;
	double	   *w;
	double		sd[CX_DRIVER_MAX_K + 1];
	int			idx[CX_DRIVER_MAX_K + 1];
	int			used;

	if (!check_structure(k, n, data, sd, idx, &used, err, errlen))
		return false;
	/* the correlation form: unit diagonal, eigenvalues >= 0 */
	for (int a = 0; a < used; a++)
		for (int b = 0; b < used; b++)
		{
			size_t		i = (size_t) idx[a < b ? a : b];
			size_t		j = (size_t) idx[a < b ? b : a];

			r[a * used + b] = a == b ? 1.0 : c[cx_driver_tri_index(m, i, j)] / sd[i] / sd[j];
		}
	v = r + (size_t) used * (size_t) used;
	w = v + (size_t) used * (size_t) used;
	(void) cx_sym_eigen(r, used, w, v);
	if (used > 0 && w[used - 1] < -CX_DRIVER_PSD_TOL * w[0])
		FAIL("co-moment matrix is not positive semi-definite (eigenvalue %.3g of the correlations)",
			 w[used - 1]);
	return true;
}

static double
clamp_unit(double r)
{
	return r > 1.0 ? 1.0 : (r < -1.0 ? -1.0 : r);
}

void
cx_driver_analyze(int k, int64_t n, const double *data, double *work, cx_driver_figures *out)
{
	size_t		m = CX_DRIVER_M(k);
	const double *c = data + m;
	double		sy;
	double		sd[CX_DRIVER_MAX_K + 1];
	int			idx[CX_DRIVER_MAX_K];
	int			used = 0;
	double	   *rxx = work;
	double	   *rxy;
	double	   *reg;
	double		beta[CX_DRIVER_MAX_K];
	double		weight[CX_DRIVER_MAX_K];

	out->r2 = 0.0;
	for (int j = 0; j < k; j++)
	{
		out->corr[j] = 0.0;
		out->corr_defined[j] = false;
		out->beta[j] = 0.0;
		out->weight[j] = 0.0;
	}
	out->regression = n >= 2 && c[0] > 0.0;
	if (!out->regression)
		return;

	sy = sqrt(c[0]);
	for (int j = 0; j < k; j++)
	{
		double		var = c[cx_driver_tri_index(m, (size_t) j + 1, (size_t) j + 1)];

		if (var > 0.0)
		{
			sd[j] = sqrt(var);
			out->corr[j] = clamp_unit(c[cx_driver_tri_index(m, 0, (size_t) j + 1)] / sy / sd[j]);
			out->corr_defined[j] = true;
			idx[used++] = j;
		}
	}

	/* the regression on the attributes that vary */
	rxy = rxx + (size_t) used * (size_t) used;
	reg = rxy + used;
	for (int a = 0; a < used; a++)
	{
		rxy[a] = out->corr[idx[a]];
		for (int b = 0; b < used; b++)
		{
			size_t		i = (size_t) idx[a < b ? a : b] + 1;
			size_t		j = (size_t) idx[a < b ? b : a] + 1;

			rxx[a * used + b] = a == b ? 1.0 :
				clamp_unit(c[cx_driver_tri_index(m, i, j)] / sd[i - 1] / sd[j - 1]);
		}
	}
	cx_regression(rxx, rxy, used, reg, beta, weight, &out->r2);
	for (int a = 0; a < used; a++)
	{
		out->beta[idx[a]] = beta[a];
		out->weight[idx[a]] = weight[a];
	}
}

/* ---- text form ---- */

size_t
cx_driver_text_size(int k)
{
	/* 24 characters for the longest shortest double, and a separator */
	return 96 + 25 * CX_DRIVER_DOUBLES(k);
}

static size_t
format_list(const double *values, size_t count, char *buf)
{
	size_t		pos = 0;

	buf[pos++] = '[';
	for (size_t i = 0; i < count; i++)
	{
		if (i > 0)
			buf[pos++] = ',';
		pos += (size_t) cx_format_double(values[i], buf + pos);
	}
	buf[pos++] = ']';
	return pos;
}

size_t
cx_driver_format(int k, int64_t n, const double *data, char *buf)
{
	size_t		pos;

	pos = (size_t) sprintf(buf, "{\"n\":%" PRId64 ",\"k\":%d,\"means\":", n, k);
	pos += format_list(data, CX_DRIVER_M(k), buf + pos);
	memcpy(buf + pos, ",\"comoments\":", 13);
	pos += 13;
	pos += format_list(data + CX_DRIVER_M(k), CX_DRIVER_TRI(k), buf + pos);
	buf[pos++] = '}';
	buf[pos] = '\0';
	return pos;
}

static bool
expect(const char *text, size_t len, size_t *pos, const char *token)
{
	size_t		tlen = strlen(token);

	*pos = cx_skip_space(text, len, *pos);
	if (len - *pos < tlen || memcmp(text + *pos, token, tlen) != 0)
		return false;
	*pos = cx_skip_space(text, len, *pos + tlen);
	return true;
}

static bool
parse_list(const char *text, size_t len, size_t *pos, double *out, size_t count)
{
	if (!expect(text, len, pos, "["))
		return false;
	for (size_t i = 0; i < count; i++)
	{
		if (i > 0 && !expect(text, len, pos, ","))
			return false;
		if (!cx_parse_double(text, len, pos, &out[i]))
			return false;
		*pos = cx_skip_space(text, len, *pos);
	}
	return expect(text, len, pos, "]");
}

#define PFAIL(...) do { snprintf(err, errlen, __VA_ARGS__); return false; } while (0)

bool
cx_driver_parse(const char *text, size_t len, int *k, int64_t *n, double *data,
				char *err, size_t errlen)
{
	size_t		pos = 0;
	uint64_t	value;

	if (!expect(text, len, &pos, "{") || !expect(text, len, &pos, "\"n\"") ||
		!expect(text, len, &pos, ":"))
		PFAIL("expected {\"n\": at offset %zu", pos);
	if (!cx_parse_uint64(text, len, &pos, INT64_MAX, &value))
		PFAIL("expected a row count from 0 to 9223372036854775807 at offset %zu", pos);
	*n = (int64_t) value;
	if (!expect(text, len, &pos, ",") || !expect(text, len, &pos, "\"k\"") ||
		!expect(text, len, &pos, ":"))
		PFAIL("expected ,\"k\": at offset %zu", pos);
	if (!cx_parse_uint64(text, len, &pos, UINT32_MAX, &value) || value < 1 ||
		value > CX_DRIVER_MAX_K)
		PFAIL("expected a number of attributes from 1 to %d at offset %zu", CX_DRIVER_MAX_K, pos);
	*k = (int) value;
	if (!expect(text, len, &pos, ",") || !expect(text, len, &pos, "\"means\"") ||
		!expect(text, len, &pos, ":"))
		PFAIL("expected ,\"means\": at offset %zu", pos);
	if (!parse_list(text, len, &pos, data, CX_DRIVER_M(*k)))
		PFAIL("expected a list of %zu finite means at offset %zu", CX_DRIVER_M(*k), pos);
	if (!expect(text, len, &pos, ",") || !expect(text, len, &pos, "\"comoments\"") ||
		!expect(text, len, &pos, ":"))
		PFAIL("expected ,\"comoments\": at offset %zu", pos);
	if (!parse_list(text, len, &pos, data + CX_DRIVER_M(*k), CX_DRIVER_TRI(*k)))
		PFAIL("expected a list of %zu finite co-moments at offset %zu", CX_DRIVER_TRI(*k), pos);
	if (!expect(text, len, &pos, "}"))
		PFAIL("expected } at offset %zu", pos);
	if (pos != len)
		PFAIL("unexpected text after } at offset %zu", pos);
	return true;
}

/* ---- binary form ---- */

size_t
cx_driver_wire_size(int k)
{
	return CX_DRIVER_WIRE_HEADER + 8 * CX_DRIVER_DOUBLES(k);
}

void
cx_driver_encode(int k, int64_t n, const double *data, uint8_t *buf)
{
	buf[0] = CX_DRIVER_VERSION;
	buf[1] = 0;
	cx_put_u16(buf + 2, 0);
	cx_put_u32(buf + 4, (uint32_t) k);
	cx_put_u64(buf + 8, (uint64_t) n);
	for (size_t i = 0; i < CX_DRIVER_DOUBLES(k); i++)
		cx_put_u64(buf + CX_DRIVER_WIRE_HEADER + 8 * i, cx_double_bits(data[i]));
}

bool
cx_driver_decode(const uint8_t *buf, size_t len, int *k, int64_t *n, double *data,
				 char *err, size_t errlen)
{
	uint32_t	kk;
	uint64_t	count;

	if (len < CX_DRIVER_WIRE_HEADER)
		PFAIL("truncated header (%zu bytes)", len);
	if (buf[0] != CX_DRIVER_VERSION)
		PFAIL("unsupported version %u", (unsigned) buf[0]);
	if (buf[1] != 0 || cx_get_u16(buf + 2) != 0)
		PFAIL("reserved fields must be zero");
	kk = cx_get_u32(buf + 4);
	if (kk < 1 || kk > CX_DRIVER_MAX_K)
		PFAIL("number of attributes %" PRIu32 " outside 1..%d", kk, CX_DRIVER_MAX_K);
	count = cx_get_u64(buf + 8);
	if (count > INT64_MAX)
		PFAIL("negative row count");
	if (len != cx_driver_wire_size((int) kk))
		PFAIL("%zu bytes for %" PRIu32 " attributes, expected %zu", len, kk,
			  cx_driver_wire_size((int) kk));
	*k = (int) kk;
	*n = (int64_t) count;
	for (size_t i = 0; i < CX_DRIVER_DOUBLES(kk); i++)
		data[i] = cx_bits_double(cx_get_u64(buf + CX_DRIVER_WIRE_HEADER + 8 * i));
	return true;
}
