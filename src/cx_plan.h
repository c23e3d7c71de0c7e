/*
 * cx_plan.h: how many answers a survey needs for a margin of error (pure C).
 * Formulas: metrics.md §8.
 */
#ifndef CX_PLAN_H
#define CX_PLAN_H

#include <stdint.h>

/*
 * Unrounded sample sizes for a margin in the metric's points at normal
 * quantile z: NPS (adjusted-Wald) z^2 V / (margin / 100)^2 - 3, a proportion
 * (CSAT) z^2 p (1 - p) / (margin / 100)^2.  The callers check the ranges.
 */
double		cx_nps_sample_size_raw(double margin, double z, double variance);
double		cx_proportion_sample_size_raw(double margin, double z, double proportion);

/*
 * The planned number of answers: with a population N > 0 (population <= 0:
 * none), the finite population correction n0 / (1 + (n0 - 1) / N) on the
 * unrounded n0 (Cochran); then rounded up, at least 1.  -1 when the result
 * does not fit in int32.
 */
int64_t		cx_sample_size_final(double n0, double population);

#endif							/* CX_PLAN_H */
