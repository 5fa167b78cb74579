/*
 * test_pool.c - fixed-effect pooling of lift tables across waves.
 *
 * Expected numbers: statsmodels' combine_effects (fixed effect) on the
 * same log ratios and standard errors, chi-square p from scipy:
 *   /usr/bin/python3 tests/ref/pool_ref.py
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tmpfiles.h"

#include "liftkit/pool.h"
#include "test_helpers.h"

#define TOL 1e-12

static int setup(void **state)
{
    (void)state;
    return tmp_dir_make("lk_pool");
}

#define HEAD "metric,arm,role,n,value,value_lo,value_hi,vs,diff,diff_lo,diff_hi,lift," \
             "lift_lo,lift_hi,p_value,p_adjusted,test,prob_better,expected_loss,srm_p\n"

static const char wave1[] = HEAD
    "response_target,champ,champion,1000,0.1,,,,,,,,,,,,,,,\n"
    "response_target,chall,challenger,1000,0.118,,,champ,,,,0.18,0.09,0.28,,,z,,,\n"
    "balance_target,chall,challenger,1000,50,,,champ,,,,0.05,-0.02,0.12,,,welch,,,\n"
    "response_target,chall,challenger,1000,0.118,,,hold,,,,0.5,0.2,0.9,,,z,,,\n";
static const char wave2[] = HEAD
    "response_target,chall,challenger,1000,0.11,,,champ,,,,0.10,0.02,0.19,,,z,,,\n"
    "balance_target,chall,challenger,1000,54,,,champ,,,,0.08,0.01,0.15,,,welch,,,\n"
    "response_target,chall,challenger,1000,0.11,,,hold,,,,,,,,,fisher,,,\n";
static const char wave3[] = HEAD
    "response_target,chall,challenger,1000,0.125,,,champ,,,,0.25,0.12,0.40,,,z,,,\n"
    "balance_target,chall,challenger,1000,0,,,champ,,,,-1,-1.5,-0.5,,,welch,,,\n";

static const lk_pool_row *find(const lk_pool *p, const char *metric, const char *vs)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->rows[i].metric, metric) && !strcmp(p->rows[i].vs, vs))
            return &p->rows[i];
    fail_msg("no row %s vs %s", metric, vs);
    return NULL;
}

static lk_pool *pool_three_waves(void)
{
    const char *paths[] = {write_file("w1.csv", wave1), write_file("w2.csv", wave2),
                           write_file("w3.csv", wave3)};
    lk_pool *p = NULL;
    lk_error err;
    assert_int_equal(lk_pool_lift_tables(&p, paths, 3, 0.05, &err), LK_OK);
    return p;
}

static void test_rates_pool_like_statsmodels_fixed_effect(void **state)
{
    (void)state;
    lk_pool *p = pool_three_waves();
    const lk_pool_row *r = find(p, "response_target", "champ");
    /* rates theta 0.14770384425121524 se 0.025396922576720344 lift 0.15916955079731704
       lo 0.10288204091164273 hi 0.2183297919920541 p 6.033858834173431e-09
       q 3.7201435616172276 q_p 0.15566145646175128 i2 0.46238633889425595 */
    assert_int_equal(r->waves, 3);
    assert_double_near(0.14770384425121524, r->est.theta, TOL);
    assert_double_near(0.025396922576720344, r->est.se, TOL);
    assert_double_near(0.15916955079731704, r->lift, TOL);
    assert_double_near(0.10288204091164273, r->lift_lo, 1e-10);
    assert_double_near(0.2183297919920541, r->lift_hi, 1e-10);
    assert_double_near(6.033858834173431e-09, r->est.p_value, 1e-15);
    assert_double_near(3.7201435616172276, r->est.q, 1e-10);
    assert_double_near(0.15566145646175128, r->est.q_p, 1e-10);
    assert_double_near(0.46238633889425595, r->est.i2, 1e-10);
    lk_pool_free(p);
}

static void test_means_use_the_delta_scale_and_truncate_i2_at_zero(void **state)
{
    (void)state;
    lk_pool *p = pool_three_waves();
    const lk_pool_row *r = find(p, "balance_target", "champ");
    /* means theta 0.06327229687424694 se 0.023710585119259775 lift 0.0653168821977217
       lo 0.016942324434867373 hi 0.11599255161904908 p 0.00761850346828718
       q 0.3526237744772054 q_p 0.5526316196683846 i2 (untruncated) -1.83588... */
    /* wave 3's arm mean is 0 (lift -1): present but not poolable */
    assert_int_equal(r->rows, 3);
    assert_int_equal(r->waves, 2);
    assert_int_equal(p->files, 3);
    assert_double_near(0.06327229687424694, r->est.theta, TOL);
    assert_double_near(0.023710585119259775, r->est.se, TOL);
    assert_double_near(0.016942324434867373, r->lift_lo, 1e-10);
    assert_double_near(0.00761850346828718, r->est.p_value, 1e-12);
    assert_double_near(0.3526237744772054, r->est.q, 1e-10);
    assert_double_near(0.5526316196683846, r->est.q_p, 1e-10);
    assert_double_near(0, r->est.i2, 0);
    lk_pool_free(p);
}

static void test_a_wave_without_lift_is_counted_but_not_pooled(void **state)
{
    (void)state;
    lk_pool *p = pool_three_waves();
    const lk_pool_row *r = find(p, "response_target", "hold");
    assert_int_equal(r->rows, 2);
    assert_int_equal(r->waves, 1);
    /* one wave: the pooled value is that wave's, no heterogeneity */
    assert_double_near(0.5, r->lift, TOL);
    assert_true(isnan(r->est.q));
    assert_true(isnan(r->est.i2));
    /* the champion row has no vs and is no comparison */
    assert_int_equal(p->n, 3);
    lk_pool_free(p);
}

static void test_pool_fixed_of_two_close_waves(void **state)
{
    (void)state;
    /* same theta 0.09987610683429181 se 0.034229395162897726 q 0.017473795828088612
       q_p 0.8948352080512079 */
    double z = 1.959963984540054;
    double theta[] = {log1p(0.10), log1p(0.11)};
    double se[] = {(log1p(0.21) - log1p(0.00)) / (2 * z), (log1p(0.22) - log1p(0.01)) / (2 * z)};
    lk_pool_estimate e;
    assert_int_equal(lk_pool_fixed(theta, se, 2, 0.05, &e), 0);
    assert_double_near(0.09987610683429181, e.theta, TOL);
    assert_double_near(0.034229395162897726, e.se, 1e-10);
    assert_double_near(0.017473795828088612, e.q, 1e-10);
    assert_double_near(0.8948352080512079, e.q_p, 1e-10);
    assert_double_near(0, e.i2, 0);
    double bad[] = {0.1, 0};
    assert_int_equal(lk_pool_fixed(theta, bad, 2, 0.05, &e), -1);
    assert_int_equal(lk_pool_fixed(theta, se, 0, 0.05, &e), -1);
}

static void expect_error(const char *text, const char *where, const char *what)
{
    const char *paths[] = {write_file("bad.csv", text)};
    lk_pool *p = NULL;
    lk_error err;
    assert_int_equal(lk_pool_lift_tables(&p, paths, 1, 0.05, &err), LK_EDATA);
    assert_null(p);
    char buf[1024];
    lk_error_format(&err, buf, sizeof(buf));
    if (!strstr(buf, where) || !strstr(buf, what))
        fail_msg("got '%s'", buf);
}

static void test_bad_tables_are_located_errors(void **state)
{
    (void)state;
    expect_error(HEAD "response_target,chall,challenger,1,0.1,,,champ,,,,0.1,-1,0.3,,,z,,,\n",
                 "bad.csv:2:13", "lift_lo must be above -1");
    expect_error(HEAD "response_target,chall,challenger,1,0.1,,,champ,,,,0.1,0.2,0.3,,,z,,,\n",
                 "bad.csv:2:14", "must contain the lift");
    expect_error(HEAD "response_target,chall,challenger,1,0.1,,,champ,,,,big,0.2,0.3,,,z,,,\n",
                 "bad.csv:2:12", "invalid number 'big'");
    expect_error(HEAD "response_target,chall,challenger,1,0.1,,,champ,,,,0.1,0.0,0.3,,,z,,,\n"
                      "response_target,chall,challenger,1,0.1,,,champ,,,,0.1,0.0,0.3,,,z,,,\n",
                 "bad.csv:3:2", "second row for metric 'response_target'");
    expect_error(HEAD "response_target,chall,challenger,1,0.1,,,champ,,,,-1,-1,0.3,,,z,,,\n",
                 "bad.csv:2:12", "lift must be above -1 to be pooled");
    expect_error("metric,arm,vs,lift\nx,y,z,0.1\n", "bad.csv:1", "missing column 'lift_lo'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rates_pool_like_statsmodels_fixed_effect),
        cmocka_unit_test(test_means_use_the_delta_scale_and_truncate_i2_at_zero),
        cmocka_unit_test(test_a_wave_without_lift_is_counted_but_not_pooled),
        cmocka_unit_test(test_pool_fixed_of_two_close_waves),
        cmocka_unit_test(test_bad_tables_are_located_errors),
    };
    return cmocka_run_group_tests_name("pool", tests, setup, tmp_dir_remove);
}
