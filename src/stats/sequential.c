/*
 * sequential.c - GrowthBook's asymptotic confidence sequences
 * (sequential.h).  Only the standard error depends on the metric; the
 * sequence itself is a function of se, N, alpha and the tuning.
 */
#include <math.h>

#include "liftkit/sequential.h"

static const lk_sequential undefined = {NAN, NAN, NAN, NAN, NAN};

/* N rho^2, the one quantity both the width and the p-value need. */
static double n_rho2(double n_total, double alpha, double tuning)
{
    if (!(n_total > 0) || !(alpha > 0 && alpha < 1) || !(tuning > 0) || !isfinite(n_total))
        return NAN;
    double l = log(alpha);
    return n_total * (-2 * l + log(1 - 2 * l)) / tuning;
}

double lk_sequential_halfwidth(double se, double n_total, double alpha, double tuning)
{
    double nr = n_rho2(n_total, alpha, tuning);
    if (isnan(nr) || !(se >= 0))
        return NAN;
    /* se sqrt(N) sqrt(2 (N rho^2 + 1) / (N^2 rho^2) ln(...)) with N^2 rho^2 = N (N rho^2) */
    return se * sqrt(2 * (nr + 1) / nr * log(sqrt(nr + 1) / alpha));
}

double lk_sequential_p(double z, double n_total, double alpha, double tuning)
{
    double nr = n_rho2(n_total, alpha, tuning);
    if (isnan(nr) || isnan(z))
        return NAN;
    double p = sqrt(nr + 1) * exp(-nr * z * z / (2 * (nr + 1)));
    return p < 1 ? p : 1;
}

lk_sequential lk_sequential_interval(double est, double se, double n_total, double alpha,
                                     double tuning)
{
    double h = lk_sequential_halfwidth(se, n_total, alpha, tuning);
    if (isnan(h) || !isfinite(est))
        return undefined;
    lk_sequential s = {est, se, est - h, est + h, NAN};
    if (se > 0)
        s.p_value = lk_sequential_p(est / se, n_total, alpha, tuning);
    return s;
}

static int valid_rates(double x_a, double n_a, double x_b, double n_b)
{
    return n_a > 0 && n_b > 0 && x_a >= 0 && x_b >= 0 && x_a <= n_a && x_b <= n_b;
}

lk_sequential lk_sequential_rate_diff(double x_a, double n_a, double x_b, double n_b,
                                      double alpha, double tuning)
{
    if (!valid_rates(x_a, n_a, x_b, n_b))
        return undefined;
    double pa = x_a / n_a, pb = x_b / n_b;
    double se = sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b);
    return lk_sequential_interval(pa - pb, se, n_a + n_b, alpha, tuning);
}

static lk_sequential ratio(double n_a, double m_a, double var_a, double n_b, double m_b,
                           double var_b, double alpha, double tuning)
{
    if (!(n_a > 0 && n_b > 0) || m_b == 0 || !(var_a >= 0 && var_b >= 0))
        return undefined;
    double b2 = m_b * m_b;
    double se = sqrt(var_a / (n_a * b2) + var_b * m_a * m_a / (n_b * b2 * b2));
    return lk_sequential_interval(m_a / m_b - 1, se, n_a + n_b, alpha, tuning);
}

lk_sequential lk_sequential_rate_lift(double x_a, double n_a, double x_b, double n_b,
                                      double alpha, double tuning)
{
    if (!valid_rates(x_a, n_a, x_b, n_b))
        return undefined;
    double pa = x_a / n_a, pb = x_b / n_b;
    return ratio(n_a, pa, pa * (1 - pa), n_b, pb, pb * (1 - pb), alpha, tuning);
}

lk_sequential lk_sequential_mean_diff(double n_a, double m_a, double var_a, double n_b,
                                      double m_b, double var_b, double alpha, double tuning)
{
    if (!(n_a >= 2 && n_b >= 2) || !(var_a >= 0 && var_b >= 0))
        return undefined;
    double se = sqrt(var_a / n_a + var_b / n_b);
    return lk_sequential_interval(m_a - m_b, se, n_a + n_b, alpha, tuning);
}

lk_sequential lk_sequential_mean_lift(double n_a, double m_a, double var_a, double n_b,
                                      double m_b, double var_b, double alpha, double tuning)
{
    if (!(n_a >= 2 && n_b >= 2))
        return undefined;
    return ratio(n_a, m_a, var_a, n_b, m_b, var_b, alpha, tuning);
}
