/*
 * test_pool_random.c - DerSimonian-Laird random effects (pool_random.h)
 * against statsmodels.
 *
 * Expected numbers: /usr/bin/python3 tests/ref/pool_random_ref.py
 * (statsmodels 0.13 combine_effects(method_re="dl"), row "random effect",
 * and res.tau2).  statsmodels 0.13 does not truncate tau2 at 0: for the
 * homogeneous case it reports tau2 = -0.0029; DerSimonian and Laird (and
 * liftkit) take max(0, .), so there the random effect is the fixed effect
 * (statsmodels' "fixed effect" row, tests/ref/pool_ref.py style).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "test_helpers.h"

#include "liftkit/pool_random.h"

#define TOL 1e-8

static void test_heterogeneous_waves_match_statsmodels_dl(void **state)
{
    (void)state;
    const double theta[] = {0.165514438477, 0.0953101798043, 0.223143551314, 0.40, -0.05};
    const double se[] = {0.05, 0.045, 0.06, 0.08, 0.07};
    lk_pool_random_estimate r;
    assert_int_equal(lk_pool_random(theta, se, 5, 0.05, &r), 0);
    assert_double_within(20.98503147359756, r.fixed.q, TOL);
    assert_double_within(0.014457634602814082, r.tau2, TOL);
    assert_double_within(0.1620223702062868, r.theta, TOL);
    assert_double_within(0.06034376465241407, r.se, TOL);
    assert_double_within(0.04375076479599402, r.lo, TOL);
    assert_double_within(0.28029397561657954, r.hi, TOL);
    /* scipy: 2 * norm.sf(0.1620223702062868 / 0.06034376465241407) */
    assert_double_within(0.007253210020298884, r.p_value, 1e-12);
}

static void test_homogeneous_waves_fall_back_to_the_fixed_effect(void **state)
{
    (void)state;
    const double theta[] = {0.10, 0.11, 0.09}, se[] = {0.05, 0.06, 0.055};
    lk_pool_random_estimate r;
    assert_int_equal(lk_pool_random(theta, se, 3, 0.05, &r), 0);
    assert_double_within(0.06055914761861381, r.fixed.q, TOL);
    assert_double_within(0, r.tau2, 0);
    assert_double_within(r.fixed.theta, r.theta, 1e-15);
    assert_double_within(r.fixed.se, r.se, 1e-15);
    assert_double_within(r.fixed.lo, r.lo, 1e-15);
}

static void test_one_wave_and_bad_input(void **state)
{
    (void)state;
    const double theta[] = {0.2, 0.1}, se[] = {0.1, 0};
    lk_pool_random_estimate r;
    assert_int_equal(lk_pool_random(theta, se, 1, 0.05, &r), 0);
    assert_double_within(0, r.tau2, 0);
    assert_double_within(0.2, r.theta, 1e-15);
    assert_double_within(0.1, r.se, 1e-15);
    assert_int_equal(lk_pool_random(theta, se, 2, 0.05, &r), -1);
    assert_int_equal(lk_pool_random(theta, se, 0, 0.05, &r), -1);
    assert_int_equal(lk_pool_random(theta, se, 1, 1.5, &r), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heterogeneous_waves_match_statsmodels_dl),
        cmocka_unit_test(test_homogeneous_waves_fall_back_to_the_fixed_effect),
        cmocka_unit_test(test_one_wave_and_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
