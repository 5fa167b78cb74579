/*
 * test_helpers.h - floating-point checks for the cmocka tests that cannot
 * pass on NaN (header-only: each test program is compiled on its own).
 *
 * cmocka 1.1's assert_float_equal casts both sides to float and tests
 * "|a - b| > epsilon" for failure, which is false when either side is NaN:
 * a NaN result passes.  Use these instead:
 *
 *   assert_double_near(expected, actual, tol)
 *       passes iff double_near(expected, actual, tol) is true;
 *   assert_double_nan(actual)
 *       passes iff actual is NaN (the only way to expect a NaN).
 *
 * The rule of double_near(e, a, tol), in this order:
 *   - false when e, a or tol is NaN, or tol is negative;
 *   - when e or a is infinite: true iff a == e (same infinity);
 *   - otherwise, with d = |a - e|: true iff d <= tol or d <= tol * |e|.
 * So tol is an absolute tolerance for |e| <= 1 and a relative one above
 * (tol 0 asks for exact equality).  A difference that overflows to
 * infinity is never near.
 */
#ifndef LIFTKIT_TEST_HELPERS_H
#define LIFTKIT_TEST_HELPERS_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* The predicate behind assert_double_near; see the rule above. */
static inline int double_near(double expected, double actual, double tol)
{
    if (isnan(expected) || isnan(actual) || isnan(tol) || tol < 0)
        return 0;
    if (isinf(expected) || isinf(actual))
        return actual == expected;
    double d = fabs(actual - expected);
    return d <= tol || d <= tol * fabs(expected);
}

static inline void assert_double_near_at(double expected, double actual, double tol,
                                         const char *what, const char *file, int line)
{
    if (double_near(expected, actual, tol))
        return;
    print_error("%s: expected %.17g, actual %.17g, difference %.17g, tolerance %g\n",
                what, expected, actual, actual - expected, tol);
    _fail(file, line);
}

static inline void assert_double_nan_at(double actual, const char *what,
                                        const char *file, int line)
{
    if (isnan(actual))
        return;
    print_error("%s: expected NaN, actual %.17g\n", what, actual);
    _fail(file, line);
}

#define assert_double_near(expected, actual, tol) \
    assert_double_near_at((expected), (actual), (tol), #actual, __FILE__, __LINE__)
#define assert_double_nan(actual) \
    assert_double_nan_at((actual), #actual, __FILE__, __LINE__)

#endif
