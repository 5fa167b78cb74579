/*
 * test_fdr.c - Benjamini-Hochberg adjusted p-values (fdr.h) against
 * statsmodels, NaN handling, bad input, and a seeded simulation of the
 * false discovery rate with no effect anywhere.
 *
 * Expected numbers: /usr/bin/python3 tests/ref/fdr_ref.py (statsmodels 0.13
 * multipletests(method="fdr_bh")).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "test_helpers.h"

#include "liftkit/fdr.h"

/* want[i] NaN: got[i] must be NaN too */
static void check(const double *p, size_t k, const double *want)
{
    double got[16];
    lk_error err;
    assert_int_equal(lk_fdr_bh(p, k, got, &err), LK_OK);
    for (size_t i = 0; i < k; i++) {
        if (isnan(want[i]))
            assert_double_nan(got[i]);
        else
            assert_double_within(want[i], got[i], 1e-15);
    }
}

static void test_matches_statsmodels_fdr_bh(void **state)
{
    (void)state;
    const double p1[] = {0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 0.2};
    const double w1[] = {0.035, 0.056, 0.056, 0.035, 0.5, 0.056, 0.23333333333333336};
    check(p1, 7, w1);
    const double p2[] = {0.9, 0.02, 0.7}, w2[] = {0.9, 0.060000000000000005, 0.9};
    check(p2, 3, w2);
    const double p3[] = {0.3}, w3[] = {0.3};
    check(p3, 1, w3);
}

static void test_nan_p_values_are_left_out(void **state)
{
    (void)state;
    /* the defined ones are the second case above */
    const double p[] = {NAN, 0.9, 0.02, NAN, 0.7};
    const double want[] = {NAN, 0.9, 0.060000000000000005, NAN, 0.9};
    check(p, 5, want);
    const double none[] = {NAN, NAN};
    check(none, 2, none);
    check(none, 0, none);
}

static void test_p_outside_unit_interval_is_an_error(void **state)
{
    (void)state;
    double p[] = {0.1, 1.5}, out[2];
    lk_error err;
    assert_int_equal(lk_fdr_bh(p, 2, out, &err), LK_EDATA);
    assert_string_equal(err.msg, "p-value 1.5 is outside [0, 1]");
}

/*
 * 20 segments with no effect anywhere (uniform p-values), 20,000 seeded
 * repetitions: any discovery at p_fdr < 0.05 is false, so the FDR is the
 * share of repetitions with one.  Under the global null BH's FDR is exactly
 * alpha, so the bound is 5% plus three MC SEs: sqrt(.05 .95 / 20000) =
 * 0.15 pp, bound 5.45%.
 */
static void test_no_effect_keeps_false_discoveries_below_alpha(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 15);
    int reps = 20000, any = 0;
    for (int i = 0; i < reps; i++) {
        double p[20], adj[20];
        lk_error err;
        for (int j = 0; j < 20; j++)
            p[j] = gsl_rng_uniform_pos(r);
        assert_int_equal(lk_fdr_bh(p, 20, adj, &err), LK_OK);
        int found = 0;
        for (int j = 0; j < 20; j++)
            found |= adj[j] < 0.05;
        any += found;
    }
    double fdr = (double)any / reps;
    print_message("bh false discovery rate under no effect %.4f (MC SE 0.0015)\n", fdr);
    assert_true(fdr <= 0.05 + 3 * 0.0015);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_statsmodels_fdr_bh),
        cmocka_unit_test(test_nan_p_values_are_left_out),
        cmocka_unit_test(test_p_outside_unit_interval_is_an_error),
        cmocka_unit_test(test_no_effect_keeps_false_discoveries_below_alpha),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
