/*
 * cx_bayes.h: the posterior probability that one group's metric exceeds
 * another's (pure C).  metrics.md §8.
 *
 * Uniform priors: a satisfied share is Beta(1 + k, 1 + n - k) a posteriori;
 * the detractor / passive / promoter shares are Dirichlet(1 + D, 1 + Pa, 1 + P).
 * The parameters below are those posterior parameters (all >= 1; not
 * necessarily integers: weighted summaries give n_eff times the shares).
 */
#ifndef CX_BAYES_H
#define CX_BAYES_H

/*
 * P(X > Y) for independent X ~ Beta(a1, b1), Y ~ Beta(a2, b2).  When every
 * parameter is an integer and the smallest is at most CX_BAYES_EXACT_MAX, the
 * exact closed form (a finite sum over the smallest parameter); otherwise
 * the numerical integration of cx_beta_prob_greater_numeric.  The closed
 * form stays accurate for any parameters up to 2^62: within 1e-13 of a
 * 50-digit computation on 400 random cases, and of exact rationals with
 * counts up to 4e18 in the unit tests.
 */
#define CX_BAYES_EXACT_MAX 1000000.0
double		cx_beta_prob_greater(double a1, double b1, double a2, double b2);

/* The same by deterministic numerical integration (Gauss-Legendre over
 * +/- 20 standard deviations), for any parameters >= 1: better than 1e-9
 * for integers, 1e-6 when a parameter is below 2 (a root at an end).  Never
 * NaN: two means above 1/2 are integrated as their complements, and a Beta
 * narrower than doubles resolve near 1 acts as a point mass (it then meets
 * only a far wider distribution, which that does not change beyond 1e-9). */
double		cx_beta_prob_greater_numeric(double a1, double b1, double a2, double b2);
/* (NaN, as cx_dirichlet_nps_prob_greater, when both are too narrow to integrate.) */

/*
 * P(NPS_1 > NPS_2) for independent (D, Pa, P) ~ Dirichlet(d, pa, p) of each
 * group, NPS = P - D, by deterministic numerical integration.  NaN when a
 * posterior is too narrow for the integration in doubles (about 1e17 answers
 * and more) and the two do not clearly differ.  Accuracy:
 * better than 1e-6 (measured against an independent scipy computation,
 * test/stats/prob_greater.py, with counts up to 4e18 against Gamma and
 * normal limits); documented as 1e-4.  When both NPS lie beyond +1/2 (or
 * -1/2) the integration runs over 1 - NPS (1 + NPS), which doubles resolve
 * where NPS itself is within a few ulps of 1.  Never NaN.
 */
double		cx_dirichlet_nps_prob_greater(double p1, double pa1, double d1,
										  double p2, double pa2, double d2);

#endif							/* CX_BAYES_H */
