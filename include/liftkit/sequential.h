/*
 * sequential.h - always-valid intervals and p-values (docs/methods.md,
 * "Sequential reads").
 *
 * GrowthBook's asymptotic confidence sequence (a normal mixture): with
 * N = n_a + n_b units so far and N* the tuning (the sample size at which the
 * sequence is tightest, default 5000),
 *   rho^2 = (-2 ln alpha + ln(1 - 2 ln alpha)) / N*
 *   half-width = se sqrt(N) sqrt(2 (N rho^2 + 1) / (N^2 rho^2) ln(sqrt(N rho^2 + 1) / alpha))
 *   p = min(1, sqrt(N rho^2 + 1) exp(-N rho^2 z^2 / (2 (N rho^2 + 1)))),  z = est / se
 * where se is the usual fixed-sample standard error of the estimate.  The
 * interval covers the truth at every look simultaneously with probability
 * about 1 - alpha, so the test can be read at any time.
 */
#ifndef LIFTKIT_SEQUENTIAL_H
#define LIFTKIT_SEQUENTIAL_H

#include "liftkit/stats.h"

#define LK_SEQUENTIAL_TUNING 5000.0

typedef struct lk_sequential {
    double est, se;   /* the estimate and its fixed-sample standard error */
    double lo, hi;    /* always-valid interval at 1 - alpha */
    double p_value;   /* always-valid p-value of est = 0 */
} lk_sequential;

/*
 * The confidence sequence around est with standard error se after
 * n_total units.  All NaN unless se >= 0, n_total > 0, 0 < alpha < 1 and
 * tuning > 0; with se = 0 the interval is the point and p is NaN.
 */
lk_sequential lk_sequential_interval(double est, double se, double n_total, double alpha,
                                     double tuning);

/* The half-width alone (NaN as above). */
double lk_sequential_halfwidth(double se, double n_total, double alpha, double tuning);

/* The always-valid p-value of z = est / se after n_total units. */
double lk_sequential_p(double z, double n_total, double alpha, double tuning);

/* Rates x / n: the difference p_a - p_b, se^2 = p_a q_a / n_a + p_b q_b / n_b. */
lk_sequential lk_sequential_rate_diff(double x_a, double n_a, double x_b, double n_b,
                                      double alpha, double tuning);

/*
 * Rates: the relative lift p_a / p_b - 1 with the delta-method se of
 * lk_mean_ratio_lift, var = p (1 - p).  NaN when p_b = 0.
 */
lk_sequential lk_sequential_rate_lift(double x_a, double n_a, double x_b, double n_b,
                                      double alpha, double tuning);

/* Means (sample variances, ddof 1): the difference m_a - m_b with the Welch se. */
lk_sequential lk_sequential_mean_diff(double n_a, double m_a, double var_a, double n_b,
                                      double m_b, double var_b, double alpha, double tuning);

/* Means: m_a / m_b - 1 with the delta-method se of lk_mean_ratio_lift. */
lk_sequential lk_sequential_mean_lift(double n_a, double m_a, double var_a, double n_b,
                                      double m_b, double var_b, double alpha, double tuning);

#endif
