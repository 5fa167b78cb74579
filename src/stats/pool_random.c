/*
 * pool_random.c - DerSimonian-Laird random effects (pool_random.h).  Q comes
 * from lk_pool_fixed, so the fixed and the random effect of one table can
 * never disagree about heterogeneity.
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "liftkit/pool_random.h"

static double dl_tau2(const double *se, size_t k, double q)
{
    if (k < 2)
        return 0;
    double sw = 0, sw2 = 0;
    for (size_t i = 0; i < k; i++) {
        double w = 1 / (se[i] * se[i]);
        sw += w;
        sw2 += w * w;
    }
    double tau2 = (q - (double)(k - 1)) / (sw - sw2 / sw);
    return tau2 > 0 ? tau2 : 0;
}

int lk_pool_random(const double *theta, const double *se, size_t k, double alpha,
                   lk_pool_random_estimate *out)
{
    if (!(alpha > 0 && alpha < 1))
        return -1;
    lk_pool_random_estimate r;
    if (lk_pool_fixed(theta, se, k, alpha, &r.fixed) != 0)
        return -1;
    r.tau2 = dl_tau2(se, k, r.fixed.q);
    double sw = 0, swt = 0;
    for (size_t i = 0; i < k; i++) {
        double w = 1 / (se[i] * se[i] + r.tau2);
        sw += w;
        swt += w * theta[i];
    }
    double z = gsl_cdf_ugaussian_Qinv(alpha / 2);
    r.theta = swt / sw;
    r.se = sqrt(1 / sw);
    r.lo = r.theta - z * r.se;
    r.hi = r.theta + z * r.se;
    r.p_value = 2 * gsl_cdf_ugaussian_Q(fabs(r.theta) / r.se);
    *out = r;
    return 0;
}
