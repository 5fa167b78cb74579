/*
 * test_power_k.c - sizing each of K comparisons at alpha / K (power_k.h)
 * against R 4.2's power.prop.test(sig.level = alpha / K), rounded up; the
 * command is beside each number.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "test_helpers.h"

#include "liftkit/power_k.h"
#include "liftkit/stats.h"

static double size(double p1, double p2, double alpha, double power, unsigned k)
{
    lk_power_row row;
    lk_error err;
    assert_int_equal(lk_power_size_k(p1, p2, alpha, power, 1, k, &row, &err), LK_OK);
    assert_double_within(alpha / k, row.alpha, 1e-15);
    assert_double_within(row.n_baseline, row.n_treated, 0);
    return row.n_baseline;
}

static void test_sizes_equal_r_power_prop_test_at_alpha_over_k(void **state)
{
    (void)state;
    /* for (k in 1:4) cat(ceiling(power.prop.test(p1=0.05, p2=0.06, power=0.8,
       sig.level=0.05/k)$n)) -> 8158 9880 10882 11591 */
    assert_double_within(8158, size(0.05, 0.06, 0.05, 0.8, 1), 0);
    assert_double_within(9880, size(0.05, 0.06, 0.05, 0.8, 2), 0);
    assert_double_within(10882, size(0.05, 0.06, 0.05, 0.8, 3), 0);
    assert_double_within(11591, size(0.05, 0.06, 0.05, 0.8, 4), 0);
    /* ceiling(power.prop.test(p1=0.10, p2=0.12, power=0.9, sig.level=0.1/3)$n) -> 5689 */
    assert_double_within(5689, size(0.10, 0.12, 0.1, 0.9, 3), 0);
    /* ceiling(power.prop.test(p1=0.03, p2=0.036, power=0.8, sig.level=0.05/5)$n) -> 20704 */
    assert_double_within(20704, size(0.03, 0.036, 0.05, 0.8, 5), 0);
}

static void test_zero_comparisons_and_bad_alpha_are_usage_errors(void **state)
{
    (void)state;
    lk_power_row row;
    lk_error err;
    assert_int_equal(lk_power_size_k(0.05, 0.06, 0.05, 0.8, 1, 0, &row, &err), LK_EUSAGE);
    assert_string_equal(err.msg, "the number of comparisons must be at least 1");
    assert_int_equal(lk_power_size_k(0.05, 0.06, 1.5, 0.8, 1, 2, &row, &err), LK_EUSAGE);
    assert_int_equal(lk_power_size_k(0.05, 0.05, 0.05, 0.8, 1, 2, &row, &err), LK_EUSAGE);
}

/*
 * Three challengers against one control, sized by lk_power_size_k for 5%
 * vs 6% at 80% power with K = 3 (10,882 per arm); one challenger truly
 * responds at 6%, two at 5%.  The verdict is Holm over the three pooled
 * z-tests; the true winner is found when its adjusted p is below 0.05 and
 * its rate is above the control's.  4,000 seeded repetitions: MC SE at 80%
 * is sqrt(.8 .2 / 4000) = 0.63 pp.
 */
static void test_holm_verdict_reaches_the_power_sized_for(void **state)
{
    (void)state;
    double n = size(0.05, 0.06, 0.05, 0.8, 3);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 14);
    int reps = 4000, found = 0;
    const double rate[3] = {0.06, 0.05, 0.05};
    for (int i = 0; i < reps; i++) {
        double xc = gsl_ran_binomial(r, 0.05, (unsigned)n), p[3], adj[3], x[3];
        for (int j = 0; j < 3; j++) {
            x[j] = gsl_ran_binomial(r, rate[j], (unsigned)n);
            p[j] = lk_ztest_p(x[j], n, xc, n);
        }
        lk_holm(p, 3, adj);
        found += adj[0] < 0.05 && x[0] > xc;
    }
    double power = (double)found / reps;
    print_message("holm verdict power at the K = 3 size %.4f (MC SE 0.0063)\n", power);
    assert_true(power >= 0.79);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_equal_r_power_prop_test_at_alpha_over_k),
        cmocka_unit_test(test_zero_comparisons_and_bad_alpha_are_usage_errors),
        cmocka_unit_test(test_holm_verdict_reaches_the_power_sized_for),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
