/*
 * cx_churn.c: churn rates and state checks (pure C).  The model is in
 * cx_churn.h.
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

bool
cx_churn_state_valid(const cx_churn_state *state)
{
	const int64_t *c = state->counts;

	for (int i = 0; i < CX_CHURN_NCOUNTERS; i++)
		if (c[i] < 0)
			return false;
	if (state->basis == CX_CHURN_NO_BASIS)
	{
		for (int i = 0; i < CX_CHURN_NCOUNTERS; i++)
			if (c[i] != 0)
				return false;
		return true;
	}
	if (state->basis < CX_BASIS_START || state->basis > CX_BASIS_NEW || state->lo >= state->hi)
		return false;
	/* differences of non-negative int64 cannot overflow */
	return c[CX_CHURN_S_LOST] <= c[CX_CHURN_S] &&
		c[CX_CHURN_S_LOST] <= c[CX_CHURN_LOST] &&
		c[CX_CHURN_LOST] - c[CX_CHURN_S_LOST] <= c[CX_CHURN_N] &&
		c[CX_CHURN_S] - c[CX_CHURN_LOST] == c[CX_CHURN_E] - c[CX_CHURN_N];
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
