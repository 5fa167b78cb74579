/*
 * stats.h - the statistics of docs/methods.md, "Power" and "Lift", on GSL.
 *
 * Every function here is a pure function of counts or summary statistics,
 * checked in tests/unit/test_stats.c against statsmodels, scipy or R.  A
 * result that is undefined for the input (a zero count, an empty arm) is
 * NaN, which writers print as an empty cell.  Two-sided intervals at level
 * 1 - alpha throughout.
 */
#ifndef LIFTKIT_STATS_H
#define LIFTKIT_STATS_H

#include <stddef.h>

typedef struct lk_interval {
    double est, lo, hi;
} lk_interval;

/*
 * Wilson score interval for x successes in n (statsmodels method="wilson");
 * est = x / n.  NaN unless 0 <= x <= n, n > 0 and 0 < alpha < 1.
 */
lk_interval lk_wilson(double x, double n, double alpha);

/* p1 - p2 with the Newcombe hybrid score interval (method="newcomb"); NaN if an n is 0. */
lk_interval lk_newcombe_diff(double x1, double n1, double x2, double n2, double alpha);

/*
 * Relative lift p1 / p2 - 1 with the log-ratio (Katz) interval
 * (compare="ratio", method="log"), shifted by -1; NaN if a count is 0.
 */
lk_interval lk_ratio_lift(double x1, double n1, double x2, double n2, double alpha);

/*
 * Two-sided pooled two-proportion z-test p-value (proportions_ztest).  NaN
 * when the pooled rate is 0 or 1 (no variance) or an n is 0.
 */
double lk_ztest_p(double x1, double n1, double x2, double n2);

/*
 * Two-sided Fisher exact p-value of [[x1, n1-x1], [x2, n2-x2]] (scipy
 * fisher_exact): the probability of all tables with these margins no more
 * likely than the observed one, ties judged to a relative 1e-7.  1 when a
 * margin is 0; NaN if x > n or n1 + n2 exceeds 2^32 - 1.
 */
double lk_fisher_p(unsigned long x1, unsigned long n1, unsigned long x2, unsigned long n2);

/* 1 when some expected cell of the 2x2 table is below 5 (then Fisher applies), or n1+n2 = 0. */
int lk_needs_exact(double x1, double n1, double x2, double n2);

/*
 * Holm step-down adjusted p-values (multipletests method="holm") of
 * p[0..k) into adjusted[0..k); NaN inputs are skipped (not counted in k)
 * and stay NaN.  p and adjusted may not overlap.  Returns 0, or -1 when
 * out of memory (every adjusted value then NaN).
 */
int lk_holm(const double *p, size_t k, double *adjusted);

/*
 * Beta(1,1) priors: P(p1 > p2) and E[max(p2 - p1, 0)] by numerical
 * integration (absolute error below 1e-6), over the bulk of p1's posterior
 * so it stays accurate with millions of units per arm.  n = 0 is allowed
 * (the prior).  Returns 0, or -1 (both outputs NaN) for counts outside
 * 0 <= x <= n or if GSL's integration failed.
 */
int lk_bayes_binary(double x1, double n1, double x2, double n2, double *prob_better,
                    double *expected_loss);

/*
 * Student t interval mean +- t(n-1) sqrt(var / n) from n, mean and sample
 * variance (ddof 1).  NaN if n < 2; zero width if var = 0.
 */
lk_interval lk_mean_t(double n, double mean, double var, double alpha);

/*
 * Welch: mean1 - mean2, its interval with Welch-Satterthwaite degrees of
 * freedom, and the two-sided p-value (ttest_ind equal_var=False) in
 * *p_value (may be NULL).  Needs n >= 2 in both arms (else all NaN); when
 * both variances are 0 only est is defined (lo, hi, p NaN).
 */
lk_interval lk_welch_diff(double n1, double m1, double v1, double n2, double m2, double v2,
                          double alpha, double *p_value);

/*
 * mean1 / mean2 - 1 with the delta-method normal interval of docs/methods.md
 * ("Lift"): se^2 = v1/(n1 m2^2) + v2 m1^2/(n2 m2^4).  NaN if m2 = 0.
 */
lk_interval lk_mean_ratio_lift(double n1, double m1, double v1, double n2, double m2, double v2,
                               double alpha);

/*
 * Chi-square goodness of fit of counts[0..k) against weights (any positive
 * scale): the sample-ratio-mismatch test.  Returns the p-value; *chi2 may
 * be NULL.
 */
double lk_srm_p(const double *counts, const double *weights, size_t k, double *chi2);

/* Below this sample-ratio p-value the experiment is marked untrustworthy. */
#define LK_SRM_THRESHOLD 0.001

/*
 * The one warning every output gives for a sample-ratio p-value below
 * LK_SRM_THRESHOLD, lowercase and without a full stop, into buf (len
 * bytes); returns buf.  Callers add their own prefix ("WARNING: ").
 */
const char *lk_srm_warning(double srm_p, char *buf, size_t len);

/* ---- power (docs/methods.md, "Power") ---- */

/*
 * Power of the two-sided test with n1 baseline units and n1*ratio treated
 * (R's power.prop.test when ratio = 1).  NaN unless 0 < p1 < 1,
 * 0 <= p2 <= 1, ratio > 0.
 */
double lk_power(double p1, double p2, double n1, double alpha, double ratio);

/*
 * Smallest n1 (real; round up yourself) reaching power, solved in closed
 * form (the formula is explicit in sqrt(n1)); NaN if p1 == p2 or a rate is
 * outside (0, 1).
 */
double lk_power_n(double p1, double p2, double alpha, double power, double ratio);

/*
 * Smallest p2 above p1 detectable with n1 baseline units (grid scan, then
 * Brent's method to 1e-12); NaN if none up to 1.
 */
double lk_power_mde(double p1, double n1, double alpha, double power, double ratio);

#endif
