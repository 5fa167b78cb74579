/*
 * test_sequential.c - GrowthBook's asymptotic confidence sequences
 * (sequential.h): the published example, the formulas against numpy, the
 * undefined cases, and a seeded A/A read weekly.
 *
 * Expected numbers: /usr/bin/python3 tests/ref/sequential_ref.py (numpy
 * 1.24, the formulas of docs/methods-new-stats.md written out), and the
 * published check: 1396/3000 (baseline) vs 2422/3461, alpha 0.05, N* 5000
 * gives lift 0.50386, se 0.03386, interval (0.40098, 0.60675).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "test_helpers.h"

#include "liftkit/sequential.h"
#include "liftkit/stats.h"

static void test_published_example_to_1e5(void **state)
{
    (void)state;
    lk_sequential s = lk_sequential_rate_lift(2422, 3461, 1396, 3000, 0.05, 5000);
    assert_double_within(0.50386, s.est, 1e-5);
    assert_double_within(0.03386, s.se, 1e-5);
    assert_double_within(0.40098, s.lo, 1e-5);
    assert_double_within(0.60675, s.hi, 1e-5);
}

static void test_rates_match_numpy(void **state)
{
    (void)state;
    lk_sequential s = lk_sequential_rate_lift(2422, 3461, 1396, 3000, 0.05, LK_SEQUENTIAL_TUNING);
    assert_double_within(0.5038633516821496, s.est, 1e-12);
    assert_double_within(0.033860214798231224, s.se, 1e-12);
    assert_double_within(0.4009784966859415, s.lo, 1e-12);
    assert_double_within(0.6067482066783576, s.hi, 1e-12);
    assert_double_within(5.174716682839777e-44, s.p_value, 1e-9 * 5.174716682839777e-44);
    s = lk_sequential_rate_diff(2422, 3461, 1396, 3000, 0.05, 5000);
    assert_double_within(0.23446441298276027, s.est, 1e-12);
    assert_double_within(0.011984665588422325, s.se, 1e-12);
    assert_double_within(0.19804879693925878, s.lo, 1e-12);
    assert_double_within(0.2708800290262618, s.hi, 1e-12);
}

static void test_means_match_numpy(void **state)
{
    (void)state;
    lk_sequential s = lk_sequential_mean_diff(4000, 52, 900, 4200, 50, 1000, 0.05, 5000);
    assert_double_within(2.0, s.est, 1e-12);
    assert_double_within(0.6805110124716852, s.se, 1e-12);
    assert_double_within(-0.07469982469835301, s.lo, 1e-12);
    assert_double_within(4.074699824698353, s.hi, 1e-12);
    assert_double_within(0.06784396588547878, s.p_value, 1e-12);
    s = lk_sequential_mean_lift(4000, 52, 900, 4200, 50, 1000, 0.1, 20000);
    assert_double_within(0.040000000000000036, s.est, 1e-12);
    assert_double_within(0.013892786754626438, s.se, 1e-12);
    assert_double_within(0.0003324842060136238, s.lo, 1e-12);
    assert_double_within(0.07966751579398645, s.hi, 1e-12);
    assert_double_within(0.09516759671946586, s.p_value, 1e-12);
}

static void test_wider_than_the_fixed_interval_and_p_capped_at_one(void **state)
{
    (void)state;
    /* 1.959963984540054 = scipy.stats.norm.ppf(0.975) */
    double h = lk_sequential_halfwidth(1, 10000, 0.05, 5000);
    assert_true(h > 1.959963984540054);
    assert_double_within(1, lk_sequential_p(0, 10000, 0.05, 5000), 0);
    assert_double_within(1, lk_sequential_p(0.5, 100, 0.05, 5000), 0);
}

static void test_undefined_inputs_give_nan(void **state)
{
    (void)state;
    assert_true(isnan(lk_sequential_halfwidth(1, 0, 0.05, 5000)));
    assert_true(isnan(lk_sequential_halfwidth(1, 100, 1, 5000)));
    assert_true(isnan(lk_sequential_halfwidth(1, 100, 0.05, 0)));
    assert_true(isnan(lk_sequential_halfwidth(-1, 100, 0.05, 5000)));
    assert_true(isnan(lk_sequential_rate_lift(5, 10, 0, 10, 0.05, 5000).est));
    assert_true(isnan(lk_sequential_rate_diff(11, 10, 0, 10, 0.05, 5000).est));
    assert_true(isnan(lk_sequential_mean_diff(1, 5, 1, 10, 4, 1, 0.05, 5000).lo));
    lk_sequential s = lk_sequential_interval(0.3, 0, 100, 0.05, 5000);
    assert_double_within(0.3, s.lo, 0);
    assert_double_within(0.3, s.hi, 0);
    assert_true(isnan(s.p_value));
}

/*
 * A/A at 5% responders, 400 units per arm a week, read every week for 13
 * weeks and stopped at the first look with p < 0.05.  4,000 seeded
 * repetitions: the MC SE at a 5% rate is sqrt(.05 .95 / 4000) = 0.34 pp.
 * The fixed-sample z-test read the same way is shown for contrast.
 */
static void test_weekly_aa_reads_name_few_false_winners(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 1313);
    int reps = 4000, seq_false = 0, naive_false = 0;
    for (int i = 0; i < reps; i++) {
        double xa = 0, xb = 0, n = 0;
        int seq_hit = 0, naive_hit = 0;
        for (int week = 0; week < 13; week++) {
            xa += gsl_ran_binomial(r, 0.05, 400);
            xb += gsl_ran_binomial(r, 0.05, 400);
            n += 400;
            seq_hit |= lk_sequential_rate_diff(xa, n, xb, n, 0.05, 5000).p_value < 0.05;
            naive_hit |= lk_ztest_p(xa, n, xb, n) < 0.05;
        }
        seq_false += seq_hit;
        naive_false += naive_hit;
    }
    double rate = (double)seq_false / reps;
    print_message("weekly A/A false winners: sequential %.4f (MC SE %.4f), "
                  "fixed-sample z %.4f\n", rate, sqrt(rate * (1 - rate) / reps),
                  (double)naive_false / reps);
    assert_true(rate <= 0.05);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_example_to_1e5),
        cmocka_unit_test(test_rates_match_numpy),
        cmocka_unit_test(test_means_match_numpy),
        cmocka_unit_test(test_wider_than_the_fixed_interval_and_p_capped_at_one),
        cmocka_unit_test(test_undefined_inputs_give_nan),
        cmocka_unit_test(test_weekly_aa_reads_name_few_false_winners),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
