/*
 * near.h - the NaN-aware floating-point check of the statistics tests:
 * assert_double_near(expected, actual, tol) passes when both are NaN, or
 * both are the same infinity, or |expected - actual| <= tol.  Include after
 * <cmocka.h>.
 */
#ifndef LK_TEST_NEAR_H
#define LK_TEST_NEAR_H

#include <math.h>

static inline int near_ok(double e, double a, double tol)
{
    return (isnan(e) && isnan(a)) || (isinf(e) && e == a) || fabs(e - a) <= tol;
}

#define assert_double_near(expected, actual, tol)                                             \
    do {                                                                                      \
        double e_ = (expected), a_ = (actual), t_ = (tol);                                    \
        if (!near_ok(e_, a_, t_))                                                             \
            fail_msg("expected %.17g, got %.17g (tolerance %g)", e_, a_, t_);                 \
    } while (0)

#endif
