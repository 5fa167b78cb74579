/*
 * test_helpers.h - floating-point checks for the cmocka tests that cannot
 * pass on NaN (header-only: each test program is compiled on its own).
 *
 * cmocka 1.1's float-equality assertion casts both sides to float and tests
 * "|a - b| > epsilon" for failure, which is false when either side is NaN:
 * a NaN result passes.  Use these instead:
 *
 *   assert_double_near(expected, actual, tol)
 *       passes iff double_near(expected, actual, tol) is true;
 *   assert_double_within(expected, actual, abs_tol)
 *       passes iff double_within(expected, actual, abs_tol) is true: an
 *       absolute bound only, for noise bounds on large quantities (counts,
 *       sums) where a relative tolerance would be far too wide;
 *   assert_double_nan(actual)
 *       passes iff actual is NaN (the only way to expect a NaN).
 *
 * The rule of double_near(e, a, tol), in this order:
 *   - false when e, a or tol is NaN, or tol is negative;
 *   - when e or a is infinite: true iff a == e (same infinity);
 *   - otherwise, with d = |a - e|: true iff d <= tol or d <= tol * |e|.
 * So tol is an absolute tolerance for |e| <= 1 and a relative one above
 * (tol 0 asks for exact equality).  A difference that overflows to
 * infinity is never near.  double_within(e, a, abs_tol) follows the same
 * rule without the relative part: d <= abs_tol.
 */
#ifndef LIFTKIT_TEST_HELPERS_H
#define LIFTKIT_TEST_HELPERS_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* The predicate behind assert_double_within; see the rule above. */
static inline int double_within(double expected, double actual, double abs_tol)
{
    if (isnan(expected) || isnan(actual) || isnan(abs_tol) || abs_tol < 0)
        return 0;
    if (isinf(expected) || isinf(actual))
        return actual == expected;
    return fabs(actual - expected) <= abs_tol;
}

/* The predicate behind assert_double_near; see the rule above. */
static inline int double_near(double expected, double actual, double tol)
{
    return double_within(expected, actual, tol)
           || double_within(expected, actual, tol * fabs(expected));
}

/* absolute: 1 for assert_double_within, 0 for assert_double_near */
static inline void assert_double_near_at(int absolute, double expected, double actual,
                                         double tol, const char *what, const char *file,
                                         int line)
{
    if (absolute ? double_within(expected, actual, tol) : double_near(expected, actual, tol))
        return;
    print_error("%s: expected %.17g, actual %.17g, difference %.17g, %s tolerance %g\n",
                what, expected, actual, actual - expected,
                absolute ? "absolute" : "absolute-or-relative", tol);
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
    assert_double_near_at(0, (expected), (actual), (tol), #actual, __FILE__, __LINE__)
#define assert_double_within(expected, actual, abs_tol) \
    assert_double_near_at(1, (expected), (actual), (abs_tol), #actual, __FILE__, __LINE__)
#define assert_double_nan(actual) \
    assert_double_nan_at((actual), #actual, __FILE__, __LINE__)

#endif
