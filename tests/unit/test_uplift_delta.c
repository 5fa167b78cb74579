/*
 * test_uplift_delta.c - the delta-method comparison of two scores and the
 * choice between it and the bootstrap.
 *
 * The expected standard errors come from tests/ref/uplift_delta_ref.py,
 * which differentiates the weighted statistic numerically (central
 * differences in each unit's weight, written afresh in numpy from
 * scikit-uplift's documented curves):
 *   /usr/bin/python3 tests/ref/uplift_delta_ref.py
 * The simulation test compares with the SD of this library's own
 * bootstrap draws, which tests/unit/test_uplift.c checks against numpy's.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "liftkit/uplift.h"
#include "test_helpers.h"

#include "measure/uplift_private.h"

#define N(a) (sizeof(a) / sizeof(*(a)))

/* uplift_delta_ref.py's case: the "forty" units of uplift_ref.py and three
   more, some units unscored by a or b (NAN), ties in both scores; unit 43
   is of another arm (left out; not in the reference). */
static const int d_t[] = {0,0,0,1,1,0,1,0,0,1,1,1,1,1,1,1,0,0,0,0,1,1,0,1,1,1,1,0,0,1,1,
                          1,1,1,0,1,1,1,0,1,1,0,1,1};
static const int d_y[] = {1,0,0,1,0,0,0,0,0,1,1,0,0,0,1,0,1,0,1,1,0,0,0,0,0,1,0,0,0,0,0,
                          0,1,0,1,0,0,1,0,0,1,0,1,1};
static const double d_a[] = {0.3,0.9,0.5,0.8,0.6,NAN,0.1,0.5,0.5,0.9,0.4,0.6,0.1,0.4,0.3,
                             0.2,0.8,0.4,1.0,0.6,0.6,0.6,0.7,0.2,0.4,0.2,0.4,0.1,1.0,0.2,
                             0.7,0.3,0.9,0.7,0.1,0.8,0.9,0.9,0.6,0.1,NAN,NAN,0.4,0.5};
static const double d_b[] = {0.3,0.9,0.4,0.8,0.7,0.5,0.3,0.4,0.3,0.7,0.3,NAN,0.1,0.3,0.6,
                             0.3,0.5,0.5,0.8,0.6,0.8,0.4,0.5,0.2,0.2,0.2,0.4,0.2,0.8,0.3,
                             0.7,0.3,0.5,0.5,0.1,0.6,0.7,0.8,0.7,0.1,0.9,0.1,NAN,0.5};

/* A sample over owned arrays; ties by index (no ids). */
typedef struct fixture {
    lk_uplift_sample s;
    uint8_t *group, *y;
} fixture;

static void fixture_init(fixture *f, size_t n)
{
    f->group = calloc(n ? n : 1, 1);
    f->y = calloc(n ? n : 1, 1);
    assert_non_null(f->group);
    assert_non_null(f->y);
    f->s = (lk_uplift_sample){n, f->group, f->y, NULL};
}

static void fixture_free(fixture *f)
{
    free(f->group);
    free(f->y);
}

static lk_uplift_score *compute(const fixture *f, const char *name, const double *score)
{
    lk_uplift_score *r = NULL;
    lk_error err;
    assert_int_equal(lk_uplift_score_compute(&r, &f->s, name, score, 0.05, &err), LK_OK);
    return r;
}

static void reference_case(fixture *f)
{
    fixture_init(f, N(d_t));
    for (size_t i = 0; i < N(d_t); i++) {
        f->group[i] = d_t[i] ? LK_UPLIFT_TREATED : LK_UPLIFT_CONTROL;
        f->y[i] = (uint8_t)d_y[i];
    }
    f->group[43] = LK_UPLIFT_OUT;
}

static void test_delta_se_matches_numerical_derivatives(void **state)
{
    (void)state;
    /* uplift_delta_ref.py: D qini -0.05488031270275984 auuc -0.05845479145021251,
       IJ se qini 0.09406413864880168 auuc 0.08916922498592371 (steps 1e-5 and
       1e-4 agree to 2e-10 relative); the exact jackknife gives 0.1048 and
       0.1005, O(1/n) away at n = 43 */
    fixture f;
    reference_case(&f);
    lk_uplift_score *a = compute(&f, "a", d_a), *b = compute(&f, "b", d_b);
    lk_uplift_comparison c;
    lk_error err;
    assert_int_equal(lk_uplift_compare_delta(&c, &f.s, a, b, 0.05, &err), LK_OK);
    assert_double_near(-0.05488031270275984, c.qini_diff, 1e-12);
    assert_double_near(-0.05845479145021251, c.auuc_diff, 1e-12);
    assert_double_near(0.09406413864880168, c.qini_se, 1e-6 * 0.09406413864880168);
    assert_double_near(0.08916922498592371, c.auuc_se, 1e-6 * 0.08916922498592371);
    double z = 1.959963984540054;
    assert_double_near(c.qini_diff - z * c.qini_se, c.qini_lo, 1e-12);
    assert_double_near(c.auuc_diff + z * c.auuc_se, c.auuc_hi, 1e-12);
    assert_int_equal(c.resamples, 0);
    assert_int_equal(c.method, LK_UPLIFT_DELTA);
    assert_string_equal(c.better, "");
    assert_string_equal(c.score, "a");
    assert_string_equal(c.vs, "b");
    lk_uplift_comparison_release(&c);

    /* a ranking against itself: every influence value cancels */
    assert_int_equal(lk_uplift_compare_delta(&c, &f.s, a, a, 0.05, &err), LK_OK);
    assert_double_near(0, c.qini_se, 0);
    assert_double_near(0, c.auuc_hi, 0);
    lk_uplift_comparison_release(&c);
    lk_uplift_score_free(a);
    lk_uplift_score_free(b);
    fixture_free(&f);
}

/* uplift_delta_ref.py's "first" case: the control's 12 responders outnumber
   the 3 treated non-responders, so the perfect uplift ordering puts the
   control responders before the treated non-responders. */
static const int f_t[] = {1,1,0,1,1,0,1,1,0,0,1,0,0,1,1,0,0,0,0,0,0,1,0,1,1,0,1,0,0,1};
static const int f_y[] = {1,1,1,0,1,1,1,1,0,1,1,1,1,1,0,0,1,1,1,0,1,1,1,1,0,0,1,1,1,1};
static const double f_a[] = {0.6,0.9,0.2,0.1,0.9,0.1,0.6,0.8,0.4,0.0,0.9,0.1,0.0,0.6,0.1,
                             0.3,0.2,0.3,0.1,0.1,0.1,1.0,0.4,0.7,0.2,0.1,0.9,0.0,0.0,0.8};
static const double f_b[] = {0.2,0.8,0.7,0.5,0.7,0.7,0.8,0.9,0.1,0.6,0.1,0.4,0.8,0.9,0.8,
                             0.0,0.4,0.2,1.0,0.1,0.2,0.4,0.1,0.9,0.6,0.2,0.5,0.1,0.6,0.2};

static void test_delta_se_when_control_responders_come_first(void **state)
{
    (void)state;
    /* uplift_delta_ref.py, lines "first ...": D qini 0.8250799451804477 auuc
       0.9178840812510846, IJ se qini 0.18322626669371267 auuc
       0.21862874082975287 (steps 1e-5 and 1e-4 agree to 3e-10 relative).
       Taking the treated non-responders first instead (cr_first 0 in
       uplift_delta.c) gives an auuc se of 0.22211806227026765, 1.6% off. */
    fixture f;
    fixture_init(&f, N(f_t));
    for (size_t i = 0; i < N(f_t); i++) {
        f.group[i] = f_t[i] ? LK_UPLIFT_TREATED : LK_UPLIFT_CONTROL;
        f.y[i] = (uint8_t)f_y[i];
    }
    lk_uplift_score *a = compute(&f, "a", f_a), *b = compute(&f, "b", f_b);
    lk_uplift_comparison c;
    lk_error err;
    assert_int_equal(lk_uplift_compare_delta(&c, &f.s, a, b, 0.05, &err), LK_OK);
    assert_double_near(0.8250799451804477, c.qini_diff, 1e-12);
    assert_double_near(0.9178840812510846, c.auuc_diff, 1e-12);
    assert_double_near(0.18322626669371267, c.qini_se, 1e-6 * 0.18322626669371267);
    assert_double_near(0.21862874082975287, c.auuc_se, 1e-6 * 0.21862874082975287);
    lk_uplift_comparison_release(&c);
    lk_uplift_score_free(a);
    lk_uplift_score_free(b);
    fixture_free(&f);
}

/*
 * A seeded sample of 30,000 units: half treated, response 0.10 + 0.15 x
 * among the treated and 0.10 among control, score a = x + N(0, 0.1^2)
 * and score b = x + N(0, 2^2).
 */
static void simulated_case(fixture *f, double **a, double **b)
{
    size_t n = 30000;
    fixture_init(f, n);
    *a = malloc(n * sizeof(double));
    *b = malloc(n * sizeof(double));
    assert_non_null(*a);
    assert_non_null(*b);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 2026);
    for (size_t i = 0; i < n; i++) {
        double x = gsl_rng_uniform(rng);
        int t = gsl_rng_uniform(rng) < 0.5;
        f->group[i] = t ? LK_UPLIFT_TREATED : LK_UPLIFT_CONTROL;
        f->y[i] = gsl_rng_uniform(rng) < 0.10 + 0.15 * x * t;
        (*a)[i] = x + gsl_ran_gaussian(rng, 0.1);
        (*b)[i] = x + gsl_ran_gaussian(rng, 2.0);
    }
    gsl_rng_free(rng);
}

static void test_delta_se_agrees_with_the_bootstrap_sd(void **state)
{
    (void)state;
    /* The SD of B = 2000 bootstrap draws has a relative Monte Carlo error of
       about 1/sqrt(2B) = 1.6%; 3 of them (4.7%) plus 1% for what the delta
       method leaves out (O(1/n) relative in the variance at n = 30,000, and
       the draws' slight skew) gives the 5.7% allowed. */
    clock_t start = clock();
    fixture f;
    double *sa, *sb;
    simulated_case(&f, &sa, &sb);
    lk_uplift_score *a = compute(&f, "a", sa), *b = compute(&f, "b", sb);
    size_t draws = 2000;
    double *dq = malloc(draws * sizeof(double)), *du = malloc(draws * sizeof(double));
    assert_non_null(dq);
    assert_non_null(du);
    assert_int_equal(lk_uplift_boot_draws(&f.s, a, b, draws, 5, dq, du), 0);
    lk_uplift_comparison c;
    lk_error err;
    assert_int_equal(lk_uplift_compare_delta(&c, &f.s, a, b, 0.05, &err), LK_OK);
    double sdq = gsl_stats_sd(dq, 1, draws), sdu = gsl_stats_sd(du, 1, draws);
    assert_double_near(sdq, c.qini_se, 0.057 * sdq);
    assert_double_near(sdu, c.auuc_se, 0.057 * sdu);
    /* (measured: se 0.011798 and 0.0058024 against SDs 0.011690 and 0.0057275) */
    /* the better score is found: a's difference is about 6 se */
    assert_string_equal(c.better, "a");
    lk_uplift_comparison_release(&c);
    assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 10);
    free(dq);
    free(du);
    free(sa);
    free(sb);
    lk_uplift_score_free(a);
    lk_uplift_score_free(b);
    fixture_free(&f);
}

static void test_auto_bootstraps_up_to_the_limit_and_takes_delta_above(void **state)
{
    (void)state;
    fixture f;
    reference_case(&f);
    lk_uplift_score *a = compute(&f, "a", d_a), *b = compute(&f, "b", d_b);
    /* a ranks 40 units, b 41: 41 x 10 resamples = 410 unit-draws */
    lk_uplift_options opt = {.resamples = 10, .seed = 3};
    assert_int_equal(lk_uplift_method_chosen(&opt, a, b, 410), LK_UPLIFT_BOOTSTRAP);
    assert_int_equal(lk_uplift_method_chosen(&opt, a, b, 409), LK_UPLIFT_DELTA);
    assert_int_equal(lk_uplift_method_chosen(&opt, a, b, LK_UPLIFT_AUTO_LIMIT),
                     LK_UPLIFT_BOOTSTRAP);
    opt.method = LK_UPLIFT_BOOTSTRAP;
    assert_int_equal(lk_uplift_method_chosen(&opt, a, b, 0), LK_UPLIFT_BOOTSTRAP);
    opt.method = LK_UPLIFT_DELTA;
    assert_int_equal(lk_uplift_method_chosen(&opt, a, b, 1e300), LK_UPLIFT_DELTA);

    /* what lk_uplift_compare_method then does: the chosen method's table row */
    opt.method = LK_UPLIFT_AUTO;
    lk_uplift_comparison c, boot;
    lk_error err;
    assert_int_equal(lk_uplift_compare_method(&c, &f.s, a, b, &opt, 0.05, 409, &err), LK_OK);
    assert_int_equal(c.method, LK_UPLIFT_DELTA);
    assert_int_equal(c.resamples, 0);
    assert_int_equal(c.seed, 3);
    assert_double_near(0.09406413864880168, c.qini_se, 1e-6 * 0.09406413864880168);
    lk_uplift_comparison_release(&c);
    assert_int_equal(lk_uplift_compare_method(&c, &f.s, a, b, &opt, 0.05, 410, &err), LK_OK);
    assert_int_equal(lk_uplift_compare(&boot, &f.s, a, b, 10, 3, 0.05, &err), LK_OK);
    assert_int_equal(c.method, LK_UPLIFT_BOOTSTRAP);
    assert_int_equal(c.resamples, boot.resamples);
    assert_double_near(boot.qini_lo, c.qini_lo, 0);
    assert_double_near(boot.auuc_hi, c.auuc_hi, 0);
    assert_double_nan(c.qini_se);
    lk_uplift_comparison_release(&c);
    lk_uplift_comparison_release(&boot);
    lk_uplift_score_free(a);
    lk_uplift_score_free(b);
    fixture_free(&f);
}

static void test_method_names(void **state)
{
    (void)state;
    assert_int_equal(lk_uplift_method_from_name("auto"), LK_UPLIFT_AUTO);
    assert_int_equal(lk_uplift_method_from_name("bootstrap"), LK_UPLIFT_BOOTSTRAP);
    assert_int_equal(lk_uplift_method_from_name("delta"), LK_UPLIFT_DELTA);
    assert_int_equal(lk_uplift_method_from_name("Delta"), -1);
}

static void test_delta_without_a_defined_coefficient_is_nan(void **state)
{
    (void)state;
    /* no responder: every curve is 0, the perfect ordering no better than the line */
    fixture f;
    fixture_init(&f, 6);
    double s[6] = {6, 5, 4, 3, 2, 1};
    for (size_t i = 0; i < 6; i++) {
        f.group[i] = i % 2 ? LK_UPLIFT_TREATED : LK_UPLIFT_CONTROL;
        f.y[i] = 0;
    }
    lk_uplift_score *a = compute(&f, "a", s), *b = compute(&f, "b", s);
    lk_uplift_comparison c;
    lk_error err;
    assert_int_equal(lk_uplift_compare_delta(&c, &f.s, a, b, 0.05, &err), LK_OK);
    assert_double_nan(c.qini_diff);
    assert_double_nan(c.qini_lo);
    assert_double_nan(c.qini_se);
    assert_double_nan(c.auuc_se);
    assert_string_equal(c.better, "");
    lk_uplift_comparison_release(&c);
    lk_uplift_score_free(a);
    lk_uplift_score_free(b);
    fixture_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delta_se_matches_numerical_derivatives),
        cmocka_unit_test(test_delta_se_when_control_responders_come_first),
        cmocka_unit_test(test_delta_se_agrees_with_the_bootstrap_sd),
        cmocka_unit_test(test_auto_bootstraps_up_to_the_limit_and_takes_delta_above),
        cmocka_unit_test(test_method_names),
        cmocka_unit_test(test_delta_without_a_defined_coefficient_is_nan),
    };
    return cmocka_run_group_tests_name("uplift_delta", tests, NULL, NULL);
}
