/*
 * test_cap.c - the cap of a balance metric (cap.h): the percentile of the
 * nonzero values against numpy, winsorizing, and the cap setting's parser.
 *
 * Expected numbers: /usr/bin/python3 tests/ref/cap_ref.py (numpy 1.24
 * np.percentile, default linear interpolation, of x[x != 0]).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "test_helpers.h"

#include "liftkit/cap.h"

static const double values[] = {0, 0, 5, 1, 0, 3, 10, 2.5, 0, 7, 100, 0, 40};
#define NV (sizeof(values) / sizeof(*values))

static double pct(double p)
{
    double out;
    lk_error err;
    assert_int_equal(lk_cap_percentile_nonzero(values, NV, p, &out, &err), LK_OK);
    return out;
}

static void test_percentile_of_nonzero_values_matches_numpy(void **state)
{
    (void)state;
    assert_double_within(6.0, pct(50), 1e-12);
    assert_double_within(57.999999999999986, pct(90), 1e-12);
    assert_double_within(95.79999999999998, pct(99), 1e-12);
    assert_double_within(99.58000000000001, pct(99.9), 1e-12);
    assert_double_within(100.0, pct(100), 0);
    assert_double_within(1.0, pct(0), 0);
}

static void test_percentile_leaves_input_alone_and_is_nan_without_nonzero(void **state)
{
    (void)state;
    double copy[NV];
    memcpy(copy, values, sizeof(copy));
    pct(90);
    assert_memory_equal(copy, values, sizeof(copy));
    double zeros[] = {0, 0, 0}, out = 0;
    lk_error err;
    assert_int_equal(lk_cap_percentile_nonzero(zeros, 3, 99, &out, &err), LK_OK);
    assert_true(isnan(out));
    lk_cap_spec spec = {LK_CAP_PERCENTILE, 99.9};
    assert_int_equal(lk_cap_value(&spec, zeros, 3, &out, &err), LK_OK);
    assert_true(isinf(out));
}

static void test_percentile_rejects_non_finite_values_and_bad_percentiles(void **state)
{
    (void)state;
    double x[] = {1, NAN, 3}, out;
    lk_error err;
    assert_int_equal(lk_cap_percentile_nonzero(x, 3, 50, &out, &err), LK_EDATA);
    assert_string_equal(err.msg, "value 2 is not a finite number");
    assert_int_equal(lk_cap_percentile_nonzero(values, NV, 100.5, &out, &err), LK_EUSAGE);
}

/* The definition the selection must meet: sort the nonzero values, interpolate (GSL). */
static double sorted_quantile(const double *x, size_t n, double p)
{
    double nz[600];
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (x[i] != 0)
            nz[m++] = x[i];
    gsl_sort(nz, 1, m);
    return gsl_stats_quantile_from_sorted_data(nz, 1, m, p / 100);
}

static void test_percentile_by_selection_is_the_sorted_quantile_to_the_bit(void **state)
{
    (void)state;
    static const double pcts[] = {0, 0.1, 1, 25, 50, 90, 99, 99.9, 100};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20);
    double x[600];
    for (int trial = 0; trial < 200; trial++) {
        /* sizes from 1 up, amounts in cents with many ties, a zero in three */
        size_t n = 1 + gsl_rng_uniform_int(rng, 600);
        unsigned long spread = trial % 2 ? 20 : 1000000;
        for (size_t i = 0; i < n; i++)
            x[i] = gsl_rng_uniform_int(rng, 3) == 0
                       ? 0 : (double)(1 + gsl_rng_uniform_int(rng, spread)) / 100;
        if (trial % 5 == 0)   /* ascending, the order a sort's worst case is made of */
            gsl_sort(x, 1, n);
        size_t nonzero = 0;
        for (size_t i = 0; i < n; i++)
            nonzero += x[i] != 0;
        for (size_t k = 0; nonzero && k < sizeof(pcts) / sizeof(*pcts); k++) {
            double out, want = sorted_quantile(x, n, pcts[k]);
            lk_error err;
            assert_int_equal(lk_cap_percentile_nonzero(x, n, pcts[k], &out, &err), LK_OK);
            if (memcmp(&out, &want, sizeof(out)))
                fail_msg("trial %d, p%g: %.17g, sorted %.17g", trial, pcts[k], out, want);
        }
    }
    gsl_rng_free(rng);
}

static void test_winsorize_lowers_values_above_the_cap_and_counts_them(void **state)
{
    (void)state;
    double x[NV];
    memcpy(x, values, sizeof(x));
    /* numpy: (x > np.percentile(nz, 90)).sum() -> 1 */
    assert_int_equal(lk_winsorize(x, NV, pct(90)), 1);
    assert_double_within(57.999999999999986, x[10], 1e-12);
    assert_double_within(40, x[12], 0);
    assert_int_equal(lk_winsorize(x, NV, 5), 4);   /* 10, 7, 58, 40; 5 itself stays */
    assert_double_within(5, x[2], 0);
    assert_int_equal(lk_winsorize(x, NV, INFINITY), 0);
    assert_int_equal(lk_winsorize(x, NV, NAN), 0);
}

static void test_cap_value_follows_the_spec(void **state)
{
    (void)state;
    lk_error err;
    double cap;
    lk_cap_spec none = {LK_CAP_NONE, NAN}, amount = {LK_CAP_AMOUNT, 25}, p = {LK_CAP_PERCENTILE, 50};
    assert_int_equal(lk_cap_value(&none, values, NV, &cap, &err), LK_OK);
    assert_true(isinf(cap) && cap > 0);
    assert_int_equal(lk_cap_value(&amount, values, NV, &cap, &err), LK_OK);
    assert_double_within(25, cap, 0);
    assert_int_equal(lk_cap_value(&p, values, NV, &cap, &err), LK_OK);
    assert_double_within(6.0, cap, 1e-12);
}

static void test_parse_accepts_none_percentiles_and_amounts(void **state)
{
    (void)state;
    lk_cap_spec s;
    lk_error err;
    assert_int_equal(lk_cap_parse("none", &s, &err), LK_OK);
    assert_int_equal(s.kind, LK_CAP_NONE);
    assert_int_equal(lk_cap_parse("p99", &s, &err), LK_OK);
    assert_int_equal(s.kind, LK_CAP_PERCENTILE);
    assert_double_within(99, s.value, 0);
    assert_int_equal(lk_cap_parse("p99.9", &s, &err), LK_OK);
    assert_double_within(99.9, s.value, 0);
    assert_int_equal(lk_cap_parse("p100", &s, &err), LK_OK);
    assert_int_equal(lk_cap_parse("p5", &s, &err), LK_OK);
    assert_int_equal(lk_cap_parse("25000", &s, &err), LK_OK);
    assert_int_equal(s.kind, LK_CAP_AMOUNT);
    assert_double_within(25000, s.value, 0);
    assert_int_equal(lk_cap_parse("2.5e4", &s, &err), LK_OK);
    assert_double_within(25000, s.value, 0);
}

static void test_parse_rejects_malformed_caps_with_a_clear_message(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "p", "p0", "p101", "p99.95", "p99.", "p.9",
                                      "p1000", "pp99", "P99", "-5", "0", "abc", "12abc",
                                      " 12", "inf", "nan", "1e999", "None"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        lk_cap_spec s = {LK_CAP_AMOUNT, 7};
        lk_error err;
        if (lk_cap_parse(bad[i], &s, &err) != LK_EUSAGE)
            fail_msg("'%s' accepted", bad[i]);
        assert_int_equal(s.kind, LK_CAP_AMOUNT);   /* untouched */
    }
    lk_error err;
    lk_cap_spec s;
    lk_cap_parse("p99.95", &s, &err);
    assert_string_equal(err.msg,
                        "invalid cap 'p99.95': expected none, pNN, pNN.N or a positive amount");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percentile_of_nonzero_values_matches_numpy),
        cmocka_unit_test(test_percentile_leaves_input_alone_and_is_nan_without_nonzero),
        cmocka_unit_test(test_percentile_rejects_non_finite_values_and_bad_percentiles),
        cmocka_unit_test(test_percentile_by_selection_is_the_sorted_quantile_to_the_bit),
        cmocka_unit_test(test_winsorize_lowers_values_above_the_cap_and_counts_them),
        cmocka_unit_test(test_cap_value_follows_the_spec),
        cmocka_unit_test(test_parse_accepts_none_percentiles_and_amounts),
        cmocka_unit_test(test_parse_rejects_malformed_caps_with_a_clear_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
