/*
 * test_srm.c - the sample-ratio-mismatch chi-square test.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "liftkit/stats.h"
#include "test_helpers.h"

static void test_srm_matches_scipy_chisquare(void **state)
{
    (void)state;
    /* python3 -c "from scipy.stats import chisquare; import numpy as np;
       o=np.array([4520,4410,1070]); e=o.sum()*np.array([45,45,10])/100;
       print(repr(chisquare(o,e)))"
       -> statistic=6.78888888888889, pvalue=0.03355919299032548 */
    double counts[] = {4520, 4410, 1070};
    double weights[] = {45, 45, 10};
    double chi2;
    double p = lk_srm_p(counts, weights, 3, &chi2);
    assert_double_near(6.78888888888889, chi2, 1e-9);
    assert_double_near(0.03355919299032548, p, 1e-12);
}

static void test_srm_undefined_without_units(void **state)
{
    (void)state;
    double counts[] = {0, 0};
    double weights[] = {1, 1};
    assert_true(isnan(lk_srm_p(counts, weights, 2, NULL)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_srm_matches_scipy_chisquare),
        cmocka_unit_test(test_srm_undefined_without_units),
    };
    return cmocka_run_group_tests_name("srm", tests, NULL, NULL);
}
