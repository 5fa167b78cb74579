/*
 * test_uplift.c - Qini and uplift curves, their normalized areas, deciles,
 * top-k uplift and the bootstrap comparison.
 *
 * Every expected number comes from tests/ref/uplift_ref.py, which writes
 * scikit-uplift's documented formulas (qini_curve, uplift_curve,
 * perfect_qini_curve(negative_effect=True), perfect_uplift_curve,
 * qini_auc_score, uplift_auc_score, uplift_at_k(strategy='overall'),
 * np.array_split deciles) out in numpy:
 *   /usr/bin/python3 tests/ref/uplift_ref.py
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "liftkit/uplift.h"
#include "test_helpers.h"

#include "measure/uplift_private.h"
#include "util/strmap.h"

#define TOL 1e-12
#define N(a) (sizeof(a) / sizeof(*(a)))

/* A sample over arrays, with ids "<prefix>00", "<prefix>01", ... */
typedef struct fixture {
    lk_uplift_sample s;
    uint8_t group[64], y[64];
    lk_strmap *ids;
    char *idv[64];
} fixture;

static void fixture_init(fixture *f, const int *t, const int *y, size_t n, const char *prefix)
{
    memset(f, 0, sizeof(*f));
    f->ids = lk_strmap_new(0);
    for (size_t i = 0; i < n; i++) {
        char id[16];
        int len = snprintf(id, sizeof(id), "%s%02zu", prefix, i);
        uint32_t k = lk_strmap_intern(f->ids, id, (size_t)len, NULL);
        f->idv[i] = (char *)lk_strmap_key(f->ids, k);
        f->group[i] = t[i] ? LK_UPLIFT_TREATED : LK_UPLIFT_CONTROL;
        f->y[i] = (uint8_t)y[i];
    }
    f->s = (lk_uplift_sample){n, f->group, f->y, f->idv};
}

static lk_uplift_score *compute(const fixture *f, const double *score)
{
    lk_uplift_score *r = NULL;
    lk_error err;
    assert_int_equal(lk_uplift_score_compute(&r, &f->s, "s", score, 0.05, &err), LK_OK);
    return r;
}

/* case "ties": three tie blocks of 2-3 units, ids u00..u11 */
static const int ties_y[] = {1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0};
static const int ties_t[] = {1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0};
static const double ties_s[] = {.9, .9, .9, .7, .7, .5, .5, .5, .3, .3, .1, .1};

static void test_curves_have_one_point_per_tie_block(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, ties_t, ties_y, N(ties_y), "u");
    lk_uplift_score *r = compute(&f, ties_s);
    /* ties qini curve [(0,0),(3,-1),(5,0.5),(8,1.3333333333333333),(10,1),(12,1)]
       ties uplift curve [(0,0),(3,-1.5),(5,0.8333333333333331),(8,2.1333333333333333),
                          (10,1.9999999999999996),(12,2)] */
    const double n[] = {0, 3, 5, 8, 10, 12};
    const double q[] = {0, -1, 0.5, 1.3333333333333333, 1, 1};
    const double u[] = {0, -1.5, 0.8333333333333331, 2.1333333333333333, 2, 2};
    assert_int_equal(r->npoints, N(n));
    for (size_t i = 0; i < N(n); i++) {
        assert_double_near(n[i], r->curve[i].n, 0);
        assert_double_near(q[i], r->curve[i].qini, TOL);
        assert_double_near(u[i], r->curve[i].uplift, TOL);
    }
    lk_uplift_score_free(r);
    lk_strmap_free(f.ids);
}

static void test_coefficients_match_scikit_uplift_with_ties(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, ties_t, ties_y, N(ties_y), "u");
    lk_uplift_score *r = compute(&f, ties_s);
    /* ties qini_auc -0.039007092198581575, ties uplift_auc -0.06222222222222228,
       ties top30 -0.5 */
    assert_double_near(-0.039007092198581575, r->qini_coefficient, TOL);
    assert_double_near(-0.06222222222222228, r->auuc, TOL);
    assert_double_near(-0.5, r->uplift_top30, TOL);
    /* top 10% of 12 = 1 unit (u00, treated): no control, undefined */
    assert_true(isnan(r->uplift_top10));
    assert_int_equal(r->n_treated, 6);
    assert_int_equal(r->n_control, 6);
    lk_uplift_score_free(r);
    lk_strmap_free(f.ids);
}

static void test_curves_ignore_the_order_of_tied_units(void **state)
{
    (void)state;
    /* the same units as "ties" with every tie block listed in reverse */
    const int y[] = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0};
    const int t[] = {0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1};
    const double s[] = {.9, .9, .9, .7, .7, .5, .5, .5, .3, .3, .1, .1};
    fixture f;
    fixture_init(&f, t, y, N(y), "u");
    lk_uplift_score *r = compute(&f, s);
    assert_double_near(-0.039007092198581575, r->qini_coefficient, TOL);
    assert_double_near(-0.06222222222222228, r->auuc, TOL);
    assert_double_near(1.3333333333333333, r->curve[3].qini, TOL);
    lk_uplift_score_free(r);
    lk_strmap_free(f.ids);
}

static void test_deciles_split_ties_by_unit_id_larger_groups_first(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, ties_t, ties_y, N(ties_y), "u");
    lk_uplift_score *r = compute(&f, ties_s);
    /* 12 units: sizes 2,2,1,...; decile 1 = u00,u01 (both treated, rate 0.5),
       decile 2 = u02 (control responder), u03 (treated responder) */
    const size_t n[] = {2, 2, 1, 1, 1, 1, 1, 1, 1, 1};
    const size_t nt[] = {2, 1, 0, 1, 1, 0, 0, 0, 1, 0};
    for (size_t d = 0; d < 10; d++) {
        assert_int_equal(r->decile[d].n, n[d]);
        assert_int_equal(r->decile[d].n_treated, nt[d]);
        assert_int_equal(r->decile[d].n_control, n[d] - nt[d]);
    }
    assert_double_near(0.5, r->decile[0].rate_treated, TOL);
    assert_true(isnan(r->decile[0].rate_control));
    assert_true(isnan(r->decile[0].uplift));
    assert_double_near(0, r->decile[1].uplift, TOL);
    assert_double_near(1, r->decile[7].rate_control, TOL);
    lk_uplift_score_free(r);
    lk_strmap_free(f.ids);
}

/* case "nocontrol": 20 units, the top 4 all treated */
static const int nc_y[] = {1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0};
static const int nc_t[] = {1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0};

static void test_deciles_without_control_units_leave_uplift_empty(void **state)
{
    (void)state;
    double s[20];
    for (int i = 0; i < 20; i++)
        s[i] = 20 - i;
    fixture f;
    fixture_init(&f, nc_t, nc_y, N(nc_y), "c");
    lk_uplift_score *r = compute(&f, s);
    /* nocontrol qini_auc 0.08118932038834953, uplift_auc 0.012776258828890412,
       top30 -0.4; decile 1: 2 2 0 1.0 nan; decile 2: 2 2 0 0.5 nan;
       decile 3: 2 1 1 0.0 1.0 -1.0 (Wald se 0); decile 10: 2 0 2 nan 0.5 */
    assert_double_near(0.08118932038834953, r->qini_coefficient, TOL);
    assert_double_near(0.012776258828890412, r->auuc, TOL);
    assert_double_near(-0.4, r->uplift_top30, TOL);
    assert_true(isnan(r->uplift_top10));
    for (int d = 0; d < 2; d++) {
        assert_int_equal(r->decile[d].n_control, 0);
        assert_true(isnan(r->decile[d].rate_control));
        assert_true(isnan(r->decile[d].uplift));
        assert_true(isnan(r->decile[d].uplift_lo));
        assert_true(isnan(r->decile[d].uplift_hi));
    }
    assert_double_near(0.5, r->decile[1].rate_treated, TOL);
    assert_double_near(-1, r->decile[2].uplift, TOL);
    assert_double_near(-1, r->decile[2].uplift_lo, TOL);
    assert_true(isnan(r->decile[9].rate_treated));
    assert_double_near(0.5, r->decile[9].rate_control, TOL);
    /* while only treated units are targeted, Q(k) = Y_T(k) */
    assert_double_near(3, r->curve[4].qini, TOL);
    lk_uplift_score_free(r);
    lk_strmap_free(f.ids);
}

static void test_perfect_uplift_order_when_control_responders_outnumber(void **state)
{
    (void)state;
    /* cr>tn qini_auc -0.31666666666666665 uplift_auc -0.5761904761904761 */
    const int y[] = {1, 1, 1, 1, 0, 1, 0, 1};
    const int t[] = {1, 0, 0, 0, 1, 1, 0, 1};
    const double s[] = {.2, .8, .4, .4, .9, .1, .3, .6};
    fixture f;
    fixture_init(&f, t, y, N(y), "p");
    lk_uplift_score *r = compute(&f, s);
    assert_double_near(-0.31666666666666665, r->qini_coefficient, TOL);
    assert_double_near(-0.5761904761904761, r->auuc, TOL);
    lk_uplift_score_free(r);
    lk_strmap_free(f.ids);
}

/* case "forty": generated in uplift_ref.py, scores with many ties */
static const int f_t[] = {0,0,0,1,1,0,1,0,0,1,1,1,1,1,1,1,0,0,0,0,1,1,0,1,1,1,1,0,0,1,1,1,1,1,0,1,1,1,0,1};
static const int f_y[] = {1,0,0,1,0,0,0,0,0,1,1,0,0,0,1,0,1,0,1,1,0,0,0,0,0,1,0,0,0,0,0,0,1,0,1,0,0,1,0,0};
static const double f_s[] = {0.3,0.9,0.5,0.8,0.6,0.7,0.1,0.5,0.5,0.9,0.4,0.6,0.1,0.4,0.3,0.2,0.8,0.4,1.0,0.6,
                             0.6,0.6,0.7,0.2,0.4,0.2,0.4,0.1,1.0,0.2,0.7,0.3,0.9,0.7,0.1,0.8,0.9,0.9,0.6,0.1};

static void test_forty_units_coefficients_top_k_and_wald_deciles(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, f_t, f_y, N(f_y), "f");
    lk_uplift_score *r = compute(&f, f_s);
    /* forty qini_auc 0.18168215712858574 uplift_auc 0.17040050668830636
       forty top10 0.6666666666666667 top30 0.3333333333333333
       decile 1 4 1 3 1.0 0.3333333333333333 0.6666666666666667 0.13323203596052124 1.2001012973728122
       decile 5 4 2 2 0.0 0.5 -0.5 -1.192951912174839 0.19295191217483898
       decile 8 4 3 1 0.3333333333333333 1.0 -0.6666666666666667 -1.2001012973728122 -0.13323203596052124
       decile 9 4 4 0 0.25 nan ... */
    assert_double_near(0.18168215712858574, r->qini_coefficient, TOL);
    assert_double_near(0.17040050668830636, r->auuc, TOL);
    assert_double_near(0.6666666666666667, r->uplift_top10, TOL);
    assert_double_near(0.3333333333333333, r->uplift_top30, TOL);
    assert_int_equal(r->decile[0].n_treated, 1);
    assert_double_near(0.6666666666666667, r->decile[0].uplift, TOL);
    assert_double_near(0.13323203596052124, r->decile[0].uplift_lo, 1e-9);
    assert_double_near(1.2001012973728122, r->decile[0].uplift_hi, 1e-9);
    assert_double_near(-1.192951912174839, r->decile[4].uplift_lo, 1e-9);
    assert_double_near(-0.13323203596052124, r->decile[7].uplift_hi, 1e-9);
    assert_double_near(0.25, r->decile[8].rate_treated, TOL);
    assert_true(isnan(r->decile[8].uplift));
    lk_uplift_score_free(r);
    lk_strmap_free(f.ids);
}

static void test_perfect_ordering_scores_one_and_a_constant_score_zero(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, f_t, f_y, N(f_y), "f");
    double perfect[40], constant[40];
    for (int i = 0; i < 40; i++) {
        perfect[i] = f_y[i] * f_t[i] - f_y[i] * (1 - f_t[i]);
        constant[i] = 0.5;
    }
    lk_uplift_score *r = compute(&f, perfect);
    assert_double_near(1, r->qini_coefficient, TOL);
    lk_uplift_score_free(r);
    r = compute(&f, constant);
    assert_double_near(0, r->qini_coefficient, TOL);
    assert_double_near(0, r->auuc, TOL);
    assert_int_equal(r->npoints, 2);
    lk_uplift_score_free(r);
    lk_strmap_free(f.ids);
}

static void test_unscored_and_other_arm_units_are_left_out(void **state)
{
    (void)state;
    /* "ties" plus two units without a score and one of another arm: same result */
    int y[15], t[15];
    double s[15];
    memcpy(y, ties_y, sizeof(ties_y));
    memcpy(t, ties_t, sizeof(ties_t));
    memcpy(s, ties_s, sizeof(ties_s));
    y[12] = 1, t[12] = 1, s[12] = NAN;
    y[13] = 0, t[13] = 0, s[13] = NAN;
    y[14] = 1, t[14] = 1, s[14] = 2;
    fixture f;
    fixture_init(&f, t, y, 15, "u");
    f.group[14] = LK_UPLIFT_OUT;
    lk_uplift_score *r = compute(&f, s);
    assert_int_equal(r->n_unscored, 2);
    assert_int_equal(r->n_treated + r->n_control, 12);
    assert_double_near(-0.039007092198581575, r->qini_coefficient, TOL);
    lk_uplift_score_free(r);
    lk_strmap_free(f.ids);
}

static void test_weights_equal_repeating_units(void **state)
{
    (void)state;
    /* weighting unit i by w[i] must give what a sample listing it w[i] times gives */
    const uint32_t w[12] = {2, 0, 1, 3, 1, 0, 2, 1, 1, 2, 1, 1};
    int y[64], t[64];
    double s[64];
    size_t m = 0;
    for (size_t i = 0; i < 12; i++)
        for (uint32_t j = 0; j < w[i]; j++) {
            y[m] = ties_y[i];
            t[m] = ties_t[i];
            s[m++] = ties_s[i];
        }
    fixture big, small;
    fixture_init(&big, t, y, m, "b");
    fixture_init(&small, ties_t, ties_y, 12, "u");
    lk_uplift_score *rb = compute(&big, s), *rs = compute(&small, ties_s);
    double q, a;
    lk_uplift_coefficients(rs, w, &q, &a);
    assert_double_near(rb->qini_coefficient, q, TOL);
    assert_double_near(rb->auuc, a, TOL);
    lk_uplift_score_free(rb);
    lk_uplift_score_free(rs);
    lk_strmap_free(big.ids);
    lk_strmap_free(small.ids);
}

static void test_bootstrap_prefers_the_better_ranking_and_is_seeded(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, f_t, f_y, N(f_y), "f");
    double good[40], bad[40];
    for (int i = 0; i < 40; i++) {
        good[i] = f_y[i] * f_t[i] - f_y[i] * (1 - f_t[i]);
        bad[i] = -good[i];
    }
    lk_uplift_score *a = compute(&f, good), *b = compute(&f, bad);
    lk_uplift_comparison c1, c2;
    lk_error err;
    assert_int_equal(lk_uplift_compare(&c1, &f.s, a, b, 200, 42, 0.05, &err), LK_OK);
    assert_int_equal(lk_uplift_compare(&c2, &f.s, a, b, 200, 42, 0.05, &err), LK_OK);
    /* the point difference, against the unweighted pass the draws use */
    double qa, ua, qb, ub;
    lk_uplift_coefficients(a, NULL, &qa, &ua);
    lk_uplift_coefficients(b, NULL, &qb, &ub);
    assert_double_near(qa - qb, c1.qini_diff, TOL);
    assert_double_near(ua - ub, c1.auuc_diff, TOL);
    assert_true(c1.qini_lo > 0);
    assert_true(c1.qini_lo <= c1.qini_diff && c1.qini_diff <= c1.qini_hi);
    assert_string_equal(c1.better, "s");
    assert_int_equal(c1.resamples, 200);
    assert_double_near(c2.qini_lo, c1.qini_lo, 0);
    assert_double_near(c2.auuc_hi, c1.auuc_hi, 0);
    lk_uplift_comparison_release(&c1);
    lk_uplift_comparison_release(&c2);

    /* a ranking against itself: every draw differs by exactly 0 */
    assert_int_equal(lk_uplift_compare(&c1, &f.s, a, a, 50, 1, 0.05, &err), LK_OK);
    assert_double_near(0, c1.qini_lo, 0);
    assert_double_near(0, c1.qini_hi, 0);
    assert_string_equal(c1.better, "");
    lk_uplift_comparison_release(&c1);
    lk_uplift_score_free(a);
    lk_uplift_score_free(b);
    lk_strmap_free(f.ids);
}

static void test_a_cut_inside_a_tie_block_takes_the_smallest_ids_first(void **state)
{
    (void)state;
    /* 20 tied units whose ids run against their order in the file: unit i is
       "r<19-i>".  The two smallest ids (units 19 and 18) are the only treated
       responders, so decile 1 and the top 10% must be exactly those two. */
    int t[20] = {0}, y[20] = {0};
    double s[20];
    for (int i = 0; i < 20; i++)
        s[i] = 0.5;
    t[19] = t[18] = y[19] = y[18] = 1;
    t[0] = 1; /* a treated non-responder with the largest id */
    fixture f;
    fixture_init(&f, t, y, 20, "x");
    lk_strmap_free(f.ids);
    f.ids = lk_strmap_new(0);
    for (int i = 0; i < 20; i++) {
        char id[8];
        int len = snprintf(id, sizeof(id), "r%02d", 19 - i);
        uint32_t k = lk_strmap_intern(f.ids, id, (size_t)len, NULL);
        f.idv[i] = (char *)lk_strmap_key(f.ids, k);
    }
    lk_uplift_score *r = compute(&f, s);
    assert_int_equal(r->decile[0].n_treated, 2);
    assert_double_near(1, r->decile[0].rate_treated, 0);
    assert_int_equal(r->decile[9].n_treated, 1);
    assert_double_near(0, r->decile[9].rate_treated, 0);
    assert_true(isnan(r->uplift_top10)); /* both top units treated: no control */
    lk_uplift_score_free(r);
    lk_strmap_free(f.ids);
}

static void test_bootstrap_interval_agrees_with_a_numpy_bootstrap(void **state)
{
    (void)state;
    /* forty boot diff 0.4065816199107015 ci [-0.39091432  1.20577012]
       (uplift_ref.py: 20000 numpy draws, treated and control resampled
       separately).  Monte Carlo error of a 2.5% quantile at 4000 draws is
       about 0.02 here, so the tolerance is 0.06. */
    fixture f;
    fixture_init(&f, f_t, f_y, N(f_y), "f");
    double rev[40];
    for (int i = 0; i < 40; i++)
        rev[i] = -f_s[i];
    lk_uplift_score *a = compute(&f, f_s), *b = compute(&f, rev);
    lk_uplift_comparison c;
    lk_error err;
    assert_int_equal(lk_uplift_compare(&c, &f.s, a, b, 4000, 7, 0.05, &err), LK_OK);
    assert_double_near(0.4065816199107015, c.qini_diff, TOL);
    assert_double_near(-0.39091432, c.qini_lo, 0.06);
    assert_double_near(1.20577012, c.qini_hi, 0.06);
    assert_string_equal(c.better, "");
    lk_uplift_comparison_release(&c);
    lk_uplift_score_free(a);
    lk_uplift_score_free(b);
    lk_strmap_free(f.ids);
}

/*
 * The ranking is by score descending, equal scores by unit number, whether
 * the scores are sorted as floats (the fast path) or, when two different
 * scores share a float, as doubles: the bootstrap's draws follow this
 * order, so it must not depend on the path.  The tie block here (units
 * 150-159) lies inside the first decile, where no cut re-orders it.
 */
static void test_ranking_is_exact_when_scores_share_a_float(void **state)
{
    (void)state;
    enum { n = 200 };
    uint8_t group[n], y[n];
    double score[n];
    for (int i = 0; i < n; i++) {
        group[i] = i % 2 ? LK_UPLIFT_TREATED : LK_UPLIFT_CONTROL;
        y[i] = i % 3 == 0;
        score[i] = i >= 150 && i < 160 ? 999.5 : 1000 - i;
    }
    lk_uplift_sample smp = {n, group, y, NULL};
    for (int path = 0; path < 2; path++) {
        /* path 1: unit 199's 801 and 801 + 1e-10 share a float, so the doubles are sorted */
        score[198] = 801 + (path ? 1e-10 : 0.5);
        lk_uplift_score *r = NULL;
        lk_error err;
        assert_int_equal(lk_uplift_score_compute(&r, &smp, "s", score, 0.05, &err), LK_OK);
        assert_int_equal(r->order[0], 0);
        for (int k = 0; k < 10; k++)
            assert_int_equal(r->order[1 + k], 150 + k);
        assert_int_equal(r->order[11], 1);
        assert_int_equal(r->block_end[0], 1);
        assert_int_equal(r->block_end[1], 11);
        lk_uplift_score_free(r);
    }
}

/*
 * A sample large enough for the bucketed ranking (buckets sorted on two
 * threads): the order is the scores' descending order, equal scores by
 * unit number, and two scores that share a float send the ranking to the
 * exact sort.
 */
static void test_two_half_ranking_is_the_full_order(void **state)
{
    (void)state;
    enum { n = 200000 };
    uint8_t *group = malloc(n), *y = calloc(n, 1);
    double *score = malloc(n * sizeof(double));
    for (int i = 0; i < n; i++) {
        group[i] = i % 7 == 3 ? LK_UPLIFT_OUT : i % 2 ? LK_UPLIFT_TREATED : LK_UPLIFT_CONTROL;
        score[i] = (double)((i * 7919L) % 1009) / 8;   /* 1009 values, many ties */
    }
    lk_uplift_sample smp = {n, group, y, NULL};
    for (int path = 0; path < 2; path++) {
        /* path 1: units 11 and n - 11 (one in each half) share a float */
        score[11] = 5000;
        score[n - 11] = 5000 + (path ? 1e-10 : 0);
        lk_uplift_score *r = NULL;
        lk_error err;
        assert_int_equal(lk_uplift_score_compute(&r, &smp, "s", score, 0.05, &err), LK_OK);
        assert_int_equal(r->norder, n - n / 7);
        assert_int_equal(r->order[0], path ? (uint32_t)(n - 11) : 11u);
        assert_int_equal(r->order[1], path ? 11u : (uint32_t)(n - 11));
        for (size_t k = 1; k < r->norder; k++) {
            double a = score[r->order[k - 1]], b = score[r->order[k]];
            assert_true(a > b || (a == b && r->order[k - 1] < r->order[k]));
        }
        lk_uplift_score_free(r);
    }
    free(group);
    free(y);
    free(score);
}

/*
 * The packed ranking spreads keys over many buckets: negative and positive
 * scores, infinities and both zeros still come out by score descending,
 * equal scores of one sign by unit number, and the tie blocks break
 * exactly where the score changes, 0 and -0 in one block (which the
 * median cut puts in unit order).
 */
static void test_bucketed_ranking_keeps_signs_zeros_and_infinities(void **state)
{
    (void)state;
    enum { n = 100000 };
    uint8_t *group = malloc(n), *y = calloc(n, 1);
    double *score = malloc(n * sizeof(double));
    for (int i = 0; i < n; i++) {
        group[i] = i % 2 ? LK_UPLIFT_TREATED : LK_UPLIFT_CONTROL;
        score[i] = (double)((i * 7919L) % 20011 - 10000) / 64;
        if (i % 97 == 0)
            score[i] = i % 194 ? -0.0 : 0.0;
        if (i % 1001 == 0)
            score[i] = i % 2002 ? -INFINITY : INFINITY;
    }
    lk_uplift_sample smp = {n, group, y, NULL};
    lk_uplift_score *r = NULL;
    lk_error err;
    assert_int_equal(lk_uplift_score_compute(&r, &smp, "s", score, 0.05, &err), LK_OK);
    assert_int_equal(r->norder, n);
    size_t b = 0;
    for (size_t k = 1; k < r->norder; k++) {
        double a = score[r->order[k - 1]], c = score[r->order[k]];
        int zeros = a == 0 && c == 0 && signbit(a) != signbit(c);
        assert_true(a > c || zeros || (a == c && r->order[k - 1] < r->order[k]));
        if (a != c) {
            assert_int_equal(r->block_end[b], k);
            b++;
        }
    }
    assert_int_equal(r->nblocks, b + 1);
    assert_int_equal(r->block_end[b], n);
    lk_uplift_score_free(r);
    free(group);
    free(y);
    free(score);
}

/*
 * Under 16 keys ask for one bucket; keys of both signs span more than
 * half the key range, so the bucket width is the whole 32 bits.
 */
static void test_few_scores_of_both_signs_are_ranked(void **state)
{
    (void)state;
    uint8_t group[3] = {LK_UPLIFT_TREATED, LK_UPLIFT_CONTROL, LK_UPLIFT_TREATED};
    uint8_t y[3] = {1, 0, 0};
    double score[3] = {-1e30, 1e30, 0.5};
    lk_uplift_sample smp = {3, group, y, NULL};
    lk_uplift_score *r = NULL;
    lk_error err;
    assert_int_equal(lk_uplift_score_compute(&r, &smp, "s", score, 0.05, &err), LK_OK);
    assert_int_equal(r->norder, 3);
    assert_int_equal(r->nblocks, 3);
    assert_int_equal(r->order[0], 1);
    assert_int_equal(r->order[1], 2);
    assert_int_equal(r->order[2], 0);
    lk_uplift_score_free(r);
}

/* A sample of 3000 units with ties and unscored units, for the draw tests. */
typedef struct draw_case {
    uint8_t group[3000], y[3000];
    double sa[3000], sb[3000];
    lk_uplift_sample smp;
    lk_uplift_score *a, *b;
} draw_case;

static void draw_case_init(draw_case *d)
{
    for (int i = 0; i < 3000; i++) {
        d->group[i] = i % 11 == 0 ? LK_UPLIFT_OUT : i % 3 ? LK_UPLIFT_TREATED : LK_UPLIFT_CONTROL;
        d->y[i] = (i * 37) % 13 < 3;
        d->sa[i] = (double)((i * 7919) % 401) / 400;
        d->sb[i] = i % 17 == 0 ? NAN : (double)((i * 104729) % 97) / 96 + 0.3 * d->y[i];
    }
    d->smp = (lk_uplift_sample){3000, d->group, d->y, NULL};
    lk_error err;
    assert_int_equal(lk_uplift_score_compute(&d->a, &d->smp, "a", d->sa, 0.05, &err), LK_OK);
    assert_int_equal(lk_uplift_score_compute(&d->b, &d->smp, "b", d->sb, 0.05, &err), LK_OK);
}

/*
 * A draw is counted in bytes by unit slot, or (when some count passes 255)
 * in words by unit through lk_uplift_coefficients: both give the same
 * differences to the last bit.  A single draw's interval is that draw.
 */
static void test_wide_draw_agrees_with_byte_draws(void **state)
{
    (void)state;
    static draw_case d;
    draw_case_init(&d);
    lk_error err;
    for (unsigned long seed = 1; seed <= 5; seed++) {
        lk_uplift_comparison c;
        double dq, du;
        assert_int_equal(lk_uplift_compare(&c, &d.smp, d.a, d.b, 1, seed, 0.05, &err), LK_OK);
        assert_int_equal(lk_uplift_draw_wide(&d.smp, d.a, d.b, seed, 0, &dq, &du), 0);
        assert_int_equal(c.resamples, 1);
        assert_true(c.qini_lo == dq && c.qini_hi == dq);
        assert_true(c.auuc_lo == du && c.auuc_hi == du);
        lk_uplift_comparison_release(&c);
    }
    lk_uplift_score_free(d.a);
    lk_uplift_score_free(d.b);
}

/*
 * A count past the byte limit sends the draw through the real draw path
 * to the count in words.  With a limit of 0 every draw goes there; with 6
 * some do (a unit of about 1800 treated drawn 7 times or more: about one
 * draw in five) and the others stay in bytes.  The intervals are those of
 * byte counts (the limit of 255 the command uses) to the last bit.
 */
static void test_draws_past_the_byte_limit_are_counted_in_words(void **state)
{
    (void)state;
    static draw_case d;
    draw_case_init(&d);
    lk_uplift_options opt = {.resamples = 40, .seed = 7};
    lk_uplift_comparison bytes, c;
    lk_error err;
    assert_int_equal(lk_uplift_compare_opt(&bytes, &d.smp, d.a, d.b, &opt, 0.1, &err), LK_OK);
    const unsigned limits[] = {0, 1, 6};
    for (size_t i = 0; i < N(limits); i++) {
        assert_int_equal(lk_uplift_compare_limit(&c, &d.smp, d.a, d.b, &opt, 0.1, limits[i], &err),
                         LK_OK);
        assert_int_equal(c.resamples, 40);
        assert_true(c.qini_lo == bytes.qini_lo && c.qini_hi == bytes.qini_hi);
        assert_true(c.auuc_lo == bytes.auuc_lo && c.auuc_hi == bytes.auuc_hi);
        lk_uplift_comparison_release(&c);
    }
    lk_uplift_comparison_release(&bytes);
    lk_uplift_score_free(d.a);
    lk_uplift_score_free(d.b);
}

/* The draws of a run are gsl_rng_uniform_int's, whatever n. */
static void test_uniform_ints_are_gsl_rng_uniform_int(void **state)
{
    (void)state;
    const unsigned long ns[] = {1, 2, 3, 7, 255, 1000, 4500000, 2147483649UL, 4294967295UL};
    gsl_rng *r1 = gsl_rng_alloc(gsl_rng_mt19937), *r2 = gsl_rng_alloc(gsl_rng_mt19937);
    uint32_t k[700];
    for (size_t i = 0; i < N(ns); i++) {
        gsl_rng_set(r1, 1000003UL * i + 5);
        gsl_rng_set(r2, 1000003UL * i + 5);
        lk_uplift_uniform_ints(r1, ns[i], k, N(k));
        for (size_t j = 0; j < N(k); j++)
            assert_int_equal(k[j], gsl_rng_uniform_int(r2, ns[i]));
        assert_int_equal(gsl_rng_get(r1), gsl_rng_get(r2));
    }
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}

typedef struct progress_log {
    size_t calls;
    uint64_t last, total;
    int backwards;          /* a report not above the one before, or past the total */
} progress_log;

/* Called on the bootstrap's second thread: records, asserts nothing. */
static void log_progress(void *ctx, uint64_t done, uint64_t total)
{
    progress_log *p = ctx;
    p->backwards |= done <= p->last || done > total;
    p->calls++;
    p->last = done;
    p->total = total;
}

/* Draws are counted once each way, ending at the number of draws, one draw included. */
static void test_bootstrap_progress_counts_each_draw_once(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, f_t, f_y, N(f_y), "f");
    double sc[40];
    for (int i = 0; i < 40; i++)
        sc[i] = (double)((i * 13) % 40);
    lk_uplift_score *a = compute(&f, sc), *b = compute(&f, f_s);
    const size_t resamples[] = {1, 2, 3, 200};
    const size_t calls[] = {1, 1, 2, 100};
    for (size_t i = 0; i < N(resamples); i++) {
        progress_log log = {0};
        lk_uplift_options opt = {.resamples = resamples[i], .seed = 3,
                                 .progress = {log_progress, &log, NULL}};
        lk_uplift_comparison c;
        lk_error err;
        assert_int_equal(lk_uplift_compare_opt(&c, &f.s, a, b, &opt, 0.05, &err), LK_OK);
        assert_int_equal(log.calls, calls[i]);
        assert_false(log.backwards);
        assert_int_equal(log.last, resamples[i]);
        assert_int_equal(log.total, resamples[i]);
        lk_uplift_comparison_release(&c);
    }
    lk_uplift_score_free(a);
    lk_uplift_score_free(b);
    lk_strmap_free(f.ids);
}

static void test_empty_sample_gives_undefined_coefficients(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, ties_t, ties_y, 0, "u");
    lk_uplift_score *r = compute(&f, ties_s);
    assert_true(isnan(r->qini_coefficient));
    assert_true(isnan(r->auuc));
    assert_int_equal(r->npoints, 1);
    assert_int_equal(r->decile[0].n, 0);
    lk_uplift_score_free(r);
    lk_strmap_free(f.ids);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_curves_have_one_point_per_tie_block),
        cmocka_unit_test(test_coefficients_match_scikit_uplift_with_ties),
        cmocka_unit_test(test_curves_ignore_the_order_of_tied_units),
        cmocka_unit_test(test_deciles_split_ties_by_unit_id_larger_groups_first),
        cmocka_unit_test(test_deciles_without_control_units_leave_uplift_empty),
        cmocka_unit_test(test_perfect_uplift_order_when_control_responders_outnumber),
        cmocka_unit_test(test_forty_units_coefficients_top_k_and_wald_deciles),
        cmocka_unit_test(test_perfect_ordering_scores_one_and_a_constant_score_zero),
        cmocka_unit_test(test_unscored_and_other_arm_units_are_left_out),
        cmocka_unit_test(test_weights_equal_repeating_units),
        cmocka_unit_test(test_bootstrap_prefers_the_better_ranking_and_is_seeded),
        cmocka_unit_test(test_a_cut_inside_a_tie_block_takes_the_smallest_ids_first),
        cmocka_unit_test(test_bootstrap_interval_agrees_with_a_numpy_bootstrap),
        cmocka_unit_test(test_ranking_is_exact_when_scores_share_a_float),
        cmocka_unit_test(test_two_half_ranking_is_the_full_order),
        cmocka_unit_test(test_bucketed_ranking_keeps_signs_zeros_and_infinities),
        cmocka_unit_test(test_few_scores_of_both_signs_are_ranked),
        cmocka_unit_test(test_wide_draw_agrees_with_byte_draws),
        cmocka_unit_test(test_draws_past_the_byte_limit_are_counted_in_words),
        cmocka_unit_test(test_uniform_ints_are_gsl_rng_uniform_int),
        cmocka_unit_test(test_bootstrap_progress_counts_each_draw_once),
        cmocka_unit_test(test_empty_sample_gives_undefined_coefficients),
    };
    return cmocka_run_group_tests_name("uplift", tests, NULL, NULL);
}
