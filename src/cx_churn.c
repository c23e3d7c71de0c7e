/*
 * cx_churn.c: churn classification and rates (pure C).
 */
#include "cx_churn.h"

#include <string.h>

bool
cx_churn_basis_parse(const char *text, size_t len, cx_churn_basis *basis)
{
	static const struct
	{
		const char *name;
		cx_churn_basis basis;
	}			names[] = {
		{"start", CX_BASIS_START},
		{"average", CX_BASIS_AVERAGE},
		{"new", CX_BASIS_NEW},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
	{
		if (strlen(names[i].name) == len && memcmp(names[i].name, text, len) == 0)
		{
			*basis = names[i].basis;
			return true;
		}
	}
	return false;
}

static bool
active_at(int64_t started, bool has_end, int64_t ended, int64_t t)
{
	return started <= t && (!has_end || ended > t);
}

unsigned
cx_churn_classify(int64_t started, bool has_end, int64_t ended, int64_t lo, int64_t hi)
{
	unsigned	bits = 0;
	bool		ended_in_period = has_end && ended >= lo && ended < hi;

	if (active_at(started, has_end, ended, lo))
	{
		bits |= 1u << CX_CHURN_S;
		/*
		 * Lost = no longer active at hi, so ended <= hi.  With ended < hi a
		 * customer ending exactly on a period boundary would be lost in no
		 * period at all: not here, and not in the next one, whose start it
		 * is no longer active at.
		 */
		if (has_end && ended <= hi)
			bits |= 1u << CX_CHURN_S_LOST;
	}
	if (active_at(started, has_end, ended, hi))
		bits |= 1u << CX_CHURN_E;
	if (started >= lo && started < hi)
		bits |= 1u << CX_CHURN_N;
	if (ended_in_period)
		bits |= 1u << CX_CHURN_LOST;
	return bits;
}

bool
cx_churn_rate(const int64_t counts[CX_CHURN_NCOUNTERS], cx_churn_basis basis, double *rate)
{
	double		denominator;
	int64_t		numerator;

	switch (basis)
	{
		case CX_BASIS_START:
			numerator = counts[CX_CHURN_S_LOST];
			denominator = (double) counts[CX_CHURN_S];
			break;
		case CX_BASIS_AVERAGE:
			numerator = counts[CX_CHURN_LOST];
			denominator = ((double) counts[CX_CHURN_S] + (double) counts[CX_CHURN_E]) / 2.0;
			break;
		case CX_BASIS_NEW:
			numerator = counts[CX_CHURN_LOST];
			denominator = (double) counts[CX_CHURN_N];
			break;
		default:
			return false;
	}
	if (denominator == 0.0)
		return false;
	*rate = 100.0 * (double) numerator / denominator;
	return true;
}
