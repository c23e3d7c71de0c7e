/*
 * cx_stats.h: uncertainty of the metrics (pure C).  Formulas: README, "Function reference" (uncertainty).
 *
 * n is the (effective) sample size, p and d are shares in [0, 1].  Results
 * are on the metric's scale: NPS points, percent, or answer units.
 */
#ifndef CX_STATS_H
#define CX_STATS_H

#include <stdbool.h>

/*
 * Inverse of the standard normal distribution function, Wichura's AS241
 * (PPND16): relative accuracy about 1e-16 over 0 < p < 1.
 */
double		cx_normal_quantile(double p);

/* Two-sided z for a confidence level in (0, 1): 1.959963984540054 for 0.95. */
double		cx_z_for_confidence(double confidence);

/* Two-sided p-value of a standard normal statistic: 2 * (1 - Phi(|z|)). */
double		cx_two_sided_p(double z);

/* Wald margin of error of an NPS: 100 * z * sqrt(v / n), v = p + d - (p - d)^2. */
double		cx_nps_moe(double n, double p, double d, double z);

/*
 * Adjusted-Wald interval (Rocks 2016): n' = n + 3, p' = (p n + 0.75) / n',
 * d' = (d n + 0.75) / n', clamped to [-100, 100].
 */
void		cx_nps_interval(double n, double p, double d, double z, double *low, double *high);

/*
 * Score interval of an NPS (Rocks 2016; Tango's score method): the deltas
 * whose score statistic for H0: p+ - p- = delta, with the shares at their
 * maximum-likelihood values under H0, is at most z in absolute value.
 * n > 0 (effective) answers, shares p (promoters) and d (detractors) in
 * [0, 1]; bounds found by bisection, in points, within [-100, 100].
 */
void		cx_nps_score_interval(double n, double p, double d, double z, double *low, double *high);

/* p-value that two NPS differ: z-test on the adjusted-Wald estimates. */
double		cx_nps_test(double n1, double p1, double d1, double n2, double p2, double d2);

/* Wilson score interval of a proportion, in percent. */
void		cx_wilson_interval(double n, double p, double z, double *low, double *high);

/* p-value that two proportions differ: pooled two-proportion z-test. */
double		cx_proportion_test(double n1, double p1, double n2, double p2);

/* Normal interval of a mean from the sample variance. */
void		cx_mean_interval(double n, double mean, double variance, double z,
							 double *low, double *high);

#endif							/* CX_STATS_H */
