/*
 * test_cuped.c - CUPED from sufficient statistics (cuped.h) against an
 * independent numpy implementation and statsmodels OLS, its edge cases, and
 * seeded simulations of its variance reduction and A/A false positives.
 *
 * Expected numbers: /usr/bin/python3 tests/ref/cuped_ref.py (numpy 1.24,
 * statsmodels 0.13, seed 20261206): 10,000 units per arm, x ~ N(100, 20),
 * y = 50 + 0.8 x + 2 treat + N(0, 15); the script prints each arm's exact
 * sums (used as input here), the section 12 formulas evaluated on the raw
 * units, and OLS y ~ treat + x.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "test_helpers.h"

#include "liftkit/cuped.h"

static const lk_cuped_arm arm_a = {10000, 1317268.9061722136, 178400384.61773545,
                                   996945.5290978178, 103353871.430817, 134489923.47175992};
static const lk_cuped_arm arm_b = {10000, 1300346.278784583, 173769609.84174964,
                                   1001844.6676593607, 104412195.5434453, 133433155.71063267};

static lk_cuped compare(const lk_cuped_arm *a, const lk_cuped_arm *b)
{
    lk_cuped c;
    lk_error err;
    assert_int_equal(lk_cuped_compare(a, b, 0.05, &c, &err), LK_OK);
    return c;
}

static void rel(double want, double got, double tol)
{
    assert_double_within(want, got, tol * fabs(want));
}

static void test_matches_an_independent_implementation(void **state)
{
    (void)state;
    lk_cuped c = compare(&arm_a, &arm_b);
    rel(0.7892028731853848, c.theta, 1e-9);
    rel(2.0789041616533552, c.diff, 1e-9);
    rel(0.21367487537134888, c.diff_se, 1e-9);
    rel(2.2617293614139924e-22, c.p_value, 1e-6);
    rel(0.01598731196121452, c.lift, 1e-9);
    rel(0.0016535684532462136, c.lift_se, 1e-9);
    rel(0.5224752073922494, c.variance_reduction, 1e-8);
    /* scipy.stats.norm.ppf(0.975) = 1.959963984540054 */
    rel(2.0789041616533552 - 1.959963984540054 * 0.21367487537134888, c.diff_lo, 1e-9);
    rel(0.01598731196121452 + 1.959963984540054 * 0.0016535684532462136, c.lift_hi, 1e-9);
}

static void test_agrees_with_ols_treat_coefficient_within_one_percent(void **state)
{
    (void)state;
    lk_cuped c = compare(&arm_a, &arm_b);
    /* statsmodels OLS y ~ treat + x: params[treat], bse[treat] */
    rel(2.0792157544654466, c.diff, 0.01);
    rel(0.21369615511035, c.diff_se, 0.01);
}

static void test_arm_add_accumulates_the_sums(void **state)
{
    (void)state;
    lk_cuped_arm s = {0};
    lk_cuped_arm_add(&s, 3, 2);
    lk_cuped_arm_add(&s, 5, -1);
    assert_double_within(2, s.n, 0);
    assert_double_within(8, s.sum_y, 0);
    assert_double_within(34, s.sum_y2, 0);
    assert_double_within(1, s.sum_x, 0);
    assert_double_within(5, s.sum_x2, 0);
    assert_double_within(1, s.sum_xy, 0);
}

static void test_constant_covariate_means_no_adjustment(void **state)
{
    (void)state;
    lk_cuped_arm a = {0}, b = {0};
    double ya[] = {1, 4, 2, 7}, yb[] = {3, 1, 2, 0, 1};
    for (int i = 0; i < 4; i++)
        lk_cuped_arm_add(&a, ya[i], 5);
    for (int i = 0; i < 5; i++)
        lk_cuped_arm_add(&b, yb[i], 5);
    lk_cuped c = compare(&a, &b);
    assert_double_within(0, c.theta, 0);
    assert_double_within(0, c.variance_reduction, 1e-12);
    /* Welch-type difference: 3.5 - 1.4, se^2 = 7/4 + 1.3/5 (numpy var ddof=1) */
    assert_double_within(2.1, c.diff, 1e-12);
    assert_double_within(sqrt(7.0 / 4 + 1.3 / 5), c.diff_se, 1e-12);
}

static void test_bad_sums_are_errors(void **state)
{
    (void)state;
    lk_cuped c;
    lk_error err;
    lk_cuped_arm one = {1, 1, 1, 1, 1, 1};
    assert_int_equal(lk_cuped_compare(&one, &arm_b, 0.05, &c, &err), LK_EDATA);
    assert_true(isnan(c.diff));
    lk_cuped_arm impossible = {10, 10, 1, 10, 100, 10};   /* sum_y2 < sum_y^2 / n */
    assert_int_equal(lk_cuped_compare(&impossible, &arm_b, 0.05, &c, &err), LK_EDATA);
    lk_cuped_arm inf = arm_a;
    inf.sum_xy = INFINITY;
    assert_int_equal(lk_cuped_compare(&inf, &arm_b, 0.05, &c, &err), LK_EDATA);
    assert_int_equal(lk_cuped_compare(&arm_a, &arm_b, 1, &c, &err), LK_EUSAGE);
    lk_cuped_arm zero = {5, 0, 0, 3, 4, 0};
    assert_int_equal(lk_cuped_compare(&arm_a, &zero, 0.05, &c, &err), LK_OK);
    assert_true(isnan(c.lift) && isnan(c.lift_se));   /* baseline mean 0 */
}

/* n units per arm of (y, x) standard normal with correlation rho, y shifted by effect in a. */
static void draw(gsl_rng *r, int n, double rho, double effect, lk_cuped_arm *a, lk_cuped_arm *b)
{
    *a = (lk_cuped_arm){0};
    *b = (lk_cuped_arm){0};
    double s = sqrt(1 - rho * rho);
    for (int i = 0; i < 2 * n; i++) {
        double x = gsl_ran_gaussian_ziggurat(r, 1);
        double y = rho * x + s * gsl_ran_gaussian_ziggurat(r, 1);
        if (i < n)
            lk_cuped_arm_add(a, y + effect, x);
        else
            lk_cuped_arm_add(b, y, x);
    }
}

/*
 * rho = 0.6: the adjusted variance is 1 - rho^2 = 0.64 of the unadjusted
 * one, so variance_reduction is rho^2 = 0.36.  500 repetitions at
 * 2,000 units per arm; one estimate's SD is about 0.01, so the mean's MC SE
 * is about 0.0005, far inside the 0.02 tolerance.
 */
static void test_adjusted_variance_share_is_one_minus_rho_squared(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 12);
    double sum = 0, sum2 = 0;
    int reps = 500;
    for (int i = 0; i < reps; i++) {
        lk_cuped_arm a, b;
        draw(r, 2000, 0.6, 0.1, &a, &b);
        double kept = 1 - compare(&a, &b).variance_reduction;
        sum += kept;
        sum2 += kept * kept;
    }
    double mc_se = sqrt((sum2 - sum * sum / reps) / (reps - 1) / reps);
    print_message("cuped variance kept %.4f (1 - rho^2 = 0.64, MC SE %.4f)\n", sum / reps, mc_se);
    assert_double_within(0.64, sum / reps, 0.02);
    gsl_rng_free(r);
}

/* A/A, 4,000 repetitions at 1,000 per arm: MC SE at 5% is 0.34 pp; band 4-6%. */
static void test_aa_false_positives_keep_the_level(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 13);
    int reps = 4000, rejected = 0;
    for (int i = 0; i < reps; i++) {
        lk_cuped_arm a, b;
        draw(r, 1000, 0.6, 0, &a, &b);
        rejected += compare(&a, &b).p_value < 0.05;
    }
    double rate = (double)rejected / reps;
    print_message("cuped A/A false positives %.4f (MC SE 0.0034)\n", rate);
    assert_true(rate >= 0.04 && rate <= 0.06);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_an_independent_implementation),
        cmocka_unit_test(test_agrees_with_ols_treat_coefficient_within_one_percent),
        cmocka_unit_test(test_arm_add_accumulates_the_sums),
        cmocka_unit_test(test_constant_covariate_means_no_adjustment),
        cmocka_unit_test(test_bad_sums_are_errors),
        cmocka_unit_test(test_adjusted_variance_share_is_one_minus_rho_squared),
        cmocka_unit_test(test_aa_false_positives_keep_the_level),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
