/*
 * cuped.h - variance reduction with a pre-period covariate (docs/methods.md,
 * "CUPED").
 *
 * Each arm is given by its sufficient statistics over units: n and the sums
 * of y, y^2, x, x^2 and x y, where y is the metric and x the covariate, both
 * summed to the unit.  The raw path accumulates them in one pass; a
 * summary file carries them.  For a comparison of arm A (treated) with arm
 * B (baseline):
 *   theta = Cov(y, x) / Var(x) over the units of A and B pooled;
 *   diff  = (Ya - Yb) - theta (Xa - Xb)          (adjusted means' difference)
 *   var   = sum over the arms of (s2_y + theta^2 s2_x - 2 theta s_xy) / n
 *   lift  = diff / Yb                            (unadjusted baseline mean)
 *   var(lift) = (s2_ya + theta^2 s2_xa - 2 theta s_xya) / (n_a Yb^2)
 *             + (s2_yb Ya^2 / Yb^2 - 2 theta s_xyb Ya / Yb + theta^2 s2_xb) / (n_b Yb^2)
 * with per-arm sample moments (n - 1) and Ya, Yb, Xa, Xb the arm means; the
 * intervals use the normal quantile and p is the two-sided z-test of diff.
 * variance_reduction = 1 - var / (s2_ya / n_a + s2_yb / n_b).
 */
#ifndef LIFTKIT_CUPED_H
#define LIFTKIT_CUPED_H

#include "liftkit/error.h"

typedef struct lk_cuped_arm {
    double n, sum_y, sum_y2, sum_x, sum_x2, sum_xy;
} lk_cuped_arm;

typedef struct lk_cuped {
    double theta;
    double diff, diff_se, diff_lo, diff_hi, p_value;
    double lift, lift_se, lift_lo, lift_hi;   /* NaN when the baseline mean is 0 */
    double variance_reduction;                /* NaN when neither arm varies */
} lk_cuped;

/* Add one unit (y, x) to an arm's sums. */
void lk_cuped_arm_add(lk_cuped_arm *arm, double y, double x);

/*
 * The CUPED comparison of a with b at level 1 - alpha.  When x does not vary
 * over the pooled units theta is 0 (no adjustment).  Returns LK_OK, or
 * LK_EDATA (err says why, *out all NaN) when an arm has fewer than 2 units,
 * a sum is not finite, or the sums are impossible (a negative variance
 * beyond rounding); LK_EUSAGE for alpha outside (0, 1).
 */
int lk_cuped_compare(const lk_cuped_arm *a, const lk_cuped_arm *b, double alpha,
                     lk_cuped *out, lk_error *err);

#endif
