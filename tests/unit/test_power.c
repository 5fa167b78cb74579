/*
 * test_power.c - cell sizing in whole customers and the power curve
 * (power.h), against R's power.prop.test.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>

#include "liftkit/power.h"
#include "liftkit/stats.h"
#include "test_helpers.h"

static void test_size_rounds_up_to_r_power_prop_test(void **state)
{
    (void)state;
    /* Rscript -e 'cat(ceiling(power.prop.test(p1=0.05, p2=0.10, power=0.8)$n))' -> 435 */
    lk_power_row r;
    lk_error err;
    assert_int_equal(lk_power_size(0.05, 0.10, 0.05, 0.8, 1, &r, &err), LK_OK);
    assert_true(r.n_baseline == 435 && r.n_treated == 435 && r.n_total == 870);
    assert_true(lk_power(0.05, 0.10, r.n_baseline, 0.05, 1) >= 0.8);
    assert_true(lk_power(0.05, 0.10, r.n_baseline - 1, 0.05, 1) < 0.8);
}

static void test_size_rounds_treated_arm_up_with_ratio(void **state)
{
    (void)state;
    /* n1 = 19962.33 for ratio 0.25 (see test_stats.c): 19963 and 19963 * 0.25 = 4990.75 */
    lk_power_row r;
    lk_error err;
    assert_int_equal(lk_power_size(0.05, 0.06, 0.05, 0.8, 0.25, &r, &err), LK_OK);
    assert_true(r.n_baseline == 19963 && r.n_treated == 4991 && r.n_total == 24954);
}

static void test_size_rejects_impossible_designs(void **state)
{
    (void)state;
    lk_power_row r;
    lk_error err;
    assert_int_equal(lk_power_size(0.05, 0.05, 0.05, 0.8, 1, &r, &err), LK_EUSAGE);
    assert_int_equal(lk_power_size(0.05, 1.0, 0.05, 0.8, 1, &r, &err), LK_EUSAGE);
    assert_string_equal(err.msg, "treated rate 1 is outside (0, 1)");
    assert_int_equal(lk_power_size(-0.1, 0.2, 0.05, 0.8, 1, &r, &err), LK_EUSAGE);
    assert_int_equal(lk_power_size(0.05, 0.06, 0.05, 1, 1, &r, &err), LK_EUSAGE);
    assert_int_equal(lk_power_size(0.05, 0.06, 0.05, 0.8, NAN, &r, &err), LK_EUSAGE);
    assert_int_equal(lk_power_size(0.5, 0.5 + 1e-10, 0.05, 0.8, 1, &r, &err), LK_EUSAGE);
}

static void test_detectable_rate_matches_r(void **state)
{
    (void)state;
    /* Rscript -e 'cat(sprintf("%.12f", power.prop.test(n=5000, p1=0.05, power=0.8,
       tol=1e-12)$p2))' -> 0.062931660891 */
    lk_power_row r;
    lk_error err;
    assert_int_equal(lk_power_detectable(0.05, 5000, 0.05, 0.8, 1, &r, &err), LK_OK);
    assert_double_near(0.062931660891, r.treated, 1e-9);
    assert_true(r.n_baseline == 5000 && r.n_treated == 5000 && r.n_total == 10000);
    assert_int_equal(lk_power_detectable(0.5, 3, 0.05, 0.9999, 1, &r, &err), LK_EUSAGE);
    assert_int_equal(lk_power_detectable(0.05, 0, 0.05, 0.8, 1, &r, &err), LK_EUSAGE);
}

static void test_curve_spans_tenth_to_three_times_the_plan(void **state)
{
    (void)state;
    lk_power_row plan, *rows;
    size_t n;
    lk_error err;
    assert_int_equal(lk_power_size(0.05, 0.06, 0.05, 0.8, 1, &plan, &err), LK_OK);
    assert_int_equal(lk_power_curve(&plan, 0, &rows, &n, &err), LK_OK);
    assert_true(n >= 45 && n <= 55);
    assert_true(rows[0].n_baseline == 816);                /* ceil(8158 / 10) */
    assert_true(rows[n - 1].n_baseline == 3 * 8158);
    int has_plan = 0;
    for (size_t i = 0; i < n; i++) {
        has_plan |= rows[i].n_baseline == plan.n_baseline;
        if (i > 0) {
            assert_true(rows[i].n_baseline > rows[i - 1].n_baseline);
            assert_true(rows[i].power > rows[i - 1].power);
        }
    }
    assert_true(has_plan);
    /* Rscript -e 'cat(sprintf("%.10f", power.prop.test(n=816,p1=0.05,p2=0.06)$power))'
       -> 0.1413611085 */
    assert_double_near(0.1413611085, rows[0].power, 1e-9);
    free(rows);
}

static void test_curve_by_rate_keeps_the_size(void **state)
{
    (void)state;
    lk_power_row plan, *rows;
    size_t n;
    lk_error err;
    assert_int_equal(lk_power_detectable(0.05, 5000, 0.05, 0.8, 1, &plan, &err), LK_OK);
    assert_int_equal(lk_power_curve(&plan, 1, &rows, &n, &err), LK_OK);
    assert_true(n >= 45 && n <= 55);
    assert_double_near(0.05, rows[0].treated, 1e-15);
    assert_double_near(0.025, rows[0].power, 1e-12); /* no effect: one tail of alpha */
    int has_plan = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(rows[i].n_baseline == 5000 && rows[i].n_treated == 5000);
        assert_true(rows[i].treated < 1);
        has_plan |= rows[i].treated == plan.treated;
        if (i > 0)
            assert_true(rows[i].power > rows[i - 1].power);
    }
    assert_true(has_plan);
    free(rows);
}

static void test_curve_by_rate_stays_below_one(void **state)
{
    (void)state;
    lk_power_row plan, *rows;
    size_t n;
    lk_error err;
    assert_int_equal(lk_power_detectable(0.5, 14, 0.05, 0.8, 1, &plan, &err), LK_OK);
    assert_int_equal(lk_power_curve(&plan, 1, &rows, &n, &err), LK_OK);
    for (size_t i = 0; i < n; i++)
        assert_true(rows[i].treated < 1 && rows[i].treated >= 0.5);
    free(rows);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_size_rounds_up_to_r_power_prop_test),
        cmocka_unit_test(test_size_rounds_treated_arm_up_with_ratio),
        cmocka_unit_test(test_size_rejects_impossible_designs),
        cmocka_unit_test(test_detectable_rate_matches_r),
        cmocka_unit_test(test_curve_spans_tenth_to_three_times_the_plan),
        cmocka_unit_test(test_curve_by_rate_keeps_the_size),
        cmocka_unit_test(test_curve_by_rate_stays_below_one),
    };
    return cmocka_run_group_tests_name("power", tests, NULL, NULL);
}
