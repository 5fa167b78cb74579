/*
 * pool_random.h - DerSimonian-Laird random-effects pooling
 * (docs/methods.md, "Pooling waves"), beside the fixed effect of pool.h.
 *
 * When waves (or segments) disagree more than chance allows, the fixed
 * effect's interval is too narrow.  The random-effects model lets each
 * estimate scatter around the pooled one with a between-estimate variance
 * tau^2, estimated by the method of moments from Cochran's Q:
 *   w_i = 1 / se_i^2,  tau^2 = max(0, (Q - (k - 1)) / (sum w - sum w^2 / sum w))
 * and re-weights with w*_i = 1 / (se_i^2 + tau^2): theta = sum w* theta_i / sum w*,
 * se = 1 / sqrt(sum w*), normal interval at 1 - alpha
 * (statsmodels combine_effects(method_re="dl"), row "random effect").
 */
#ifndef LIFTKIT_POOL_RANDOM_H
#define LIFTKIT_POOL_RANDOM_H

#include <stddef.h>

#include "liftkit/pool.h"

typedef struct lk_pool_random_estimate {
    lk_pool_estimate fixed;  /* the fixed effect with Q, its p and I^2 (lk_pool_fixed) */
    double tau2;             /* between-estimate variance, >= 0; 0 when k = 1 */
    double theta, se;        /* random-effects estimate and its standard error */
    double lo, hi;           /* its interval at 1 - alpha */
    double p_value;          /* two-sided z-test of theta = 0 */
} lk_pool_random_estimate;

/*
 * Pool theta[0..k) with standard errors se[0..k).  Needs k >= 1 and every
 * se[i] > 0 and finite, alpha in (0, 1); else returns -1 and leaves *out
 * alone.
 */
int lk_pool_random(const double *theta, const double *se, size_t k, double alpha,
                   lk_pool_random_estimate *out);

#endif
