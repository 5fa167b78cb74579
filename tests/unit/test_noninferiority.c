/*
 * test_noninferiority.c - the one-sided guardrail test (noninferiority.h)
 * against statsmodels, its decision rule, bad input, and a seeded
 * simulation of its false-pass rate at the margin.
 *
 * Expected numbers: /usr/bin/python3 tests/ref/noninferiority_ref.py
 * (statsmodels 0.13 test_proportions_2indep(method="wald", compare="diff",
 * value=margin, alternative="smaller"); bounds d -/+ norm.ppf(0.95) se).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "test_helpers.h"

#include "liftkit/noninferiority.h"

#define TOL 1e-8

static lk_noninferiority run(double xa, double na, double xv, double nv, double margin)
{
    lk_noninferiority r;
    lk_error err;
    assert_int_equal(lk_noninferiority_test(xa, na, xv, nv, margin, 0.05, &r, &err), LK_OK);
    return r;
}

static void check(lk_noninferiority r, double z, double p, double lower, double upper,
                  lk_guardrail verdict)
{
    assert_double_within(z, r.z, TOL);
    assert_double_within(p, r.p_value, TOL);
    assert_double_within(lower, r.lower, TOL);
    assert_double_within(upper, r.upper, TOL);
    assert_int_equal(r.verdict, verdict);
}

static void test_matches_statsmodels_and_decides(void **state)
{
    (void)state;
    check(run(52, 10000, 45, 10000, 0.002), -1.323179375715638, 0.09288786648301561,
          -0.0009160391812942327, 0.002316039181294233, LK_GUARDRAIL_INCONCLUSIVE);
    check(run(140, 10000, 60, 10000, 0.002), 4.267464177455748, 0.9999901146246851,
          0.005687356858472149, 0.010312643141527852, LK_GUARDRAIL_FAIL);
    check(run(61, 10000, 50, 10000, 0.002), -0.8566461075771777, 0.1958202478851062,
          -0.0006280978121095981, 0.0028280978121095987, LK_GUARDRAIL_INCONCLUSIVE);
    check(run(100, 40000, 104, 40000, 0.002), -5.888692118185276, 1.9463192646712796e-09,
          -0.0006865806103075012, 0.0004865806103075015, LK_GUARDRAIL_PASS);
    assert_string_equal(lk_guardrail_name(LK_GUARDRAIL_PASS), "pass");
    assert_string_equal(lk_guardrail_name(LK_GUARDRAIL_FAIL), "fail");
    assert_string_equal(lk_guardrail_name(LK_GUARDRAIL_INCONCLUSIVE), "inconclusive");
}

static void test_pass_exactly_when_p_below_alpha(void **state)
{
    (void)state;
    for (double xa = 0; xa <= 200; xa += 1) {
        lk_noninferiority r = run(xa, 10000, 100, 10000, 0.003);
        assert_int_equal(r.verdict == LK_GUARDRAIL_PASS, r.p_value < 0.05);
    }
}

static void test_no_events_is_inconclusive(void **state)
{
    (void)state;
    lk_noninferiority r = run(0, 500, 0, 500, 0.002);
    assert_int_equal(r.verdict, LK_GUARDRAIL_INCONCLUSIVE);
    assert_true(isnan(r.p_value));
    assert_double_within(0, r.diff, 0);
}

static void test_bad_input_is_an_error(void **state)
{
    (void)state;
    lk_noninferiority r;
    lk_error err;
    assert_int_equal(lk_noninferiority_test(5, 10, 1, 10, -0.1, 0.05, &r, &err), LK_EUSAGE);
    assert_int_equal(lk_noninferiority_test(5, 10, 1, 10, NAN, 0.05, &r, &err), LK_EUSAGE);
    assert_int_equal(lk_noninferiority_test(5, 10, 1, 10, 0.1, 0, &r, &err), LK_EUSAGE);
    assert_int_equal(lk_noninferiority_test(11, 10, 1, 10, 0.1, 0.05, &r, &err), LK_EDATA);
    assert_int_equal(lk_noninferiority_test(0, 0, 1, 10, 0.1, 0.05, &r, &err), LK_EDATA);
}

/*
 * The true rise equals the margin (1.2% vs 1.0%, margin 0.2 pp), 20,000
 * units per arm, 10,000 seeded repetitions: the test should pass at most
 * alpha of the time.  MC SE at 5% is sqrt(.05 .95 / 10000) = 0.22 pp; the
 * bound is alpha plus three of them (5.65%), the Wald test being
 * asymptotically exact at the margin.
 */
static void test_false_pass_rate_at_the_margin_is_at_most_alpha(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 16);
    int reps = 10000, passed = 0;
    for (int i = 0; i < reps; i++) {
        double xa = gsl_ran_binomial(r, 0.012, 20000), xv = gsl_ran_binomial(r, 0.010, 20000);
        passed += run(xa, 20000, xv, 20000, 0.002).verdict == LK_GUARDRAIL_PASS;
    }
    double rate = (double)passed / reps;
    print_message("guardrail false passes at the margin %.4f (MC SE 0.0022)\n", rate);
    assert_true(rate <= 0.05 + 3 * 0.0022);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_statsmodels_and_decides),
        cmocka_unit_test(test_pass_exactly_when_p_below_alpha),
        cmocka_unit_test(test_no_events_is_inconclusive),
        cmocka_unit_test(test_bad_input_is_an_error),
        cmocka_unit_test(test_false_pass_rate_at_the_margin_is_at_most_alpha),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
