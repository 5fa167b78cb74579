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

#include "test_helpers.h"

#include "liftkit/power_k.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_equal_r_power_prop_test_at_alpha_over_k),
        cmocka_unit_test(test_zero_comparisons_and_bad_alpha_are_usage_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
