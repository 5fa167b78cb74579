/*
 * test_segments.c - the lift table per segment (segments.h): p_fdr against
 * statsmodels, Cochran's Q and I^2 against statsmodels combine_effects, the
 * small-segment rule, a segment's rows equal to its table alone, the
 * summary with segment columns read back as written, and seeded
 * simulations of the Q test's size and of BH with no effect anywhere.
 *
 * Expected numbers: /usr/bin/python3 tests/ref/segments_ref.py (statsmodels
 * 0.13: proportions_ztest, multipletests(method="fdr_bh"), combine_effects;
 * its i2 is not clipped at 0, liftkit's is).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "test_helpers.h"
#include "tmpfiles.h"

#include "liftkit/experiment.h"
#include "liftkit/fdr.h"
#include "liftkit/lift.h"
#include "liftkit/pool.h"
#include "liftkit/segments.h"
#include "liftkit/stats.h"

static const char exp_ini[] =
    "[experiment]\nname = seg-test\nstart = 2026-01-05\nwindow = 30\nproducts = card\n"
    "[arm:champion]\nrole = champion\nweight = 40\n"
    "[arm:bold]\nrole = challenger\nweight = 40\n"
    "[arm:holdout]\nrole = control\nweight = 20\n";

/* champion, bold, holdout (responders/units) per segment; e is small */
static const char summary[] =
    "arm,metric,n,sum,sumsq,segment\n"
    "champion,response_target,400,40,,a\nbold,response_target,410,55,,a\n"
    "holdout,response_target,200,12,,a\n"
    "champion,response_target,500,30,,b\nbold,response_target,480,45,,b\n"
    "holdout,response_target,250,10,,b\n"
    "champion,response_target,300,33,,c\nbold,response_target,310,30,,c\n"
    "holdout,response_target,150,11,,c\n"
    "champion,response_target,600,48,,d\nbold,response_target,590,70,,d\n"
    "holdout,response_target,300,15,,d\n"
    "champion,response_target,80,8,,e\nbold,response_target,90,12,,e\n";

static lk_experiment *exp_g;
static lk_lift_table *table_g;
static lk_segment_sums *sums_g;

static int setup(void **state)
{
    (void)state;
    lk_error err;
    const char *by[] = {"segment"};
    if (tmp_dir_make("lk_segments") ||
        lk_experiment_parse(&exp_g, "seg.ini", exp_ini, &err) ||
        lk_segment_sums_read(&sums_g, exp_g, write_file("sums.csv", summary), by, 1, &err) ||
        lk_lift_compute_segments(&table_g, exp_g, sums_g, &err))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    lk_lift_table_free(table_g);
    lk_segment_sums_free(sums_g);
    lk_experiment_free(exp_g);
    return tmp_dir_remove(state);
}

/* The row of segment g (-1: (all)), arm and vs (-1: none). */
static const lk_lift_row *find(const lk_lift_table *t, int g, int arm, int vs)
{
    for (size_t i = 0; i < t->nrows; i++)
        if (t->rows[i].segment == g && t->rows[i].arm == arm && t->rows[i].vs == vs)
            return &t->rows[i];
    fail_msg("no row for segment %d arm %d vs %d", g, arm, vs);
    return NULL;
}

static void test_segments_in_label_order_after_all(void **state)
{
    (void)state;
    assert_int_equal(table_g->nsegments, 5);
    assert_string_equal(table_g->segments[0], "a");
    assert_string_equal(table_g->segments[4], "e");
    assert_int_equal(table_g->nrows, 6 * 4);
    assert_int_equal(table_g->rows[0].segment, -1);
    assert_int_equal(table_g->rows[4].segment, 0);
    /* (all) is the sum of the segments: 40+30+33+48+8 of 1880 */
    assert_double_within(1880, find(table_g, -1, 0, 2)->n, 0);
    assert_double_within(159.0 / 1880, find(table_g, -1, 0, 2)->value, 1e-15);
    assert_double_nan(find(table_g, -1, 0, 2)->p_fdr);
}

static void test_p_fdr_matches_statsmodels(void **state)
{
    (void)state;
    static const struct { int arm, vs; double want[4]; } fam[] = {
        {1, 0, {0.1747046438815336, 0.0939060053452118, 0.5915320368711818,
                0.0939060053452118}},
        {0, 2, {0.20131243956091074, 0.2505162329127213, 0.2505162329127213,
                0.20131243956091074}},
        {1, 2, {0.011944049790457958, 0.012039080146775669, 0.40815666339648715,
                0.003955843879256521}}};
    for (size_t f = 0; f < 3; f++)
        for (int g = 0; g < 4; g++)
            assert_double_near(fam[f].want[g], find(table_g, g, fam[f].arm, fam[f].vs)->p_fdr,
                               1e-8);
}

static void test_small_segment_keeps_counts_and_rates_only(void **state)
{
    (void)state;
    const lk_lift_row *r = find(table_g, 4, 1, 0);
    assert_double_within(90, r->n, 0);
    assert_double_within(12.0 / 90, r->value, 1e-15);
    assert_true(r->value_lo < r->value && r->value < r->value_hi);
    assert_double_nan(r->lift);
    assert_double_nan(r->p_value);
    assert_double_nan(r->p_adjusted);
    assert_double_nan(r->p_fdr);
    assert_double_nan(r->prob_better);
    assert_int_equal(r->test, LK_TEST_NONE);
    assert_non_null(r->note);
    assert_null(find(table_g, 0, 1, 0)->note);
}

static void test_q_and_i2_match_statsmodels(void **state)
{
    (void)state;
    lk_hetero *h;
    lk_error err;
    assert_int_equal(lk_lift_heterogeneity(&h, table_g, &err), LK_OK);
    assert_int_equal(h->n, 3);
    /* rows in the table's order: champion-holdout, bold-champion, bold-holdout */
    static const double want[3][3] = {{0.0747176029899812, 0.9946882310623077, 0},
                                      {3.870004332155224, 0.2758477837541047,
                                       0.22480706931682282},
                                      {2.2123290429321862, 0.5295240187300301, 0}};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(h->rows[i].segments, 4);
        assert_double_within(3, h->rows[i].q_df, 0);
        assert_double_near(want[i][0], h->rows[i].q, 1e-8);
        assert_double_near(want[i][1], h->rows[i].q_p, 1e-8);
        assert_double_within(want[i][2], h->rows[i].i2, 1e-8);
    }
    assert_int_equal(h->rows[1].arm, 1);
    assert_int_equal(h->rows[1].vs, 0);
    lk_hetero_free(h);
}

/* Every row of segment g equals the table of g's sums computed alone. */
static void test_segment_rows_equal_their_own_table(void **state)
{
    (void)state;
    lk_error err;
    for (int g = 0; g < 4; g++) {
        lk_lift_table *alone;
        assert_int_equal(lk_lift_compute_sums(&alone, exp_g, sums_g->at[g], &err), LK_OK);
        for (size_t i = 0; i < alone->nrows; i++) {
            const lk_lift_row *a = &alone->rows[i], *s = &table_g->rows[4 * (g + 1) + i];
            assert_int_equal(s->segment, g);
            assert_int_equal(s->arm, a->arm);
            assert_int_equal(s->vs, a->vs);
            assert_int_equal(s->test, a->test);
            const double x[] = {a->n, a->value, a->value_lo, a->value_hi, a->diff, a->diff_lo,
                                a->diff_hi, a->lift, a->lift_lo, a->lift_hi, a->p_value,
                                a->p_adjusted, a->prob_better, a->expected_loss, a->srm_p};
            const double y[] = {s->n, s->value, s->value_lo, s->value_hi, s->diff, s->diff_lo,
                                s->diff_hi, s->lift, s->lift_lo, s->lift_hi, s->p_value,
                                s->p_adjusted, s->prob_better, s->expected_loss, s->srm_p};
            assert_memory_equal(x, y, sizeof(x));
        }
        lk_lift_table_free(alone);
    }
}

static void test_summary_written_reads_back(void **state)
{
    (void)state;
    lk_error err;
    const char *path = write_file("back.csv", "");
    FILE *f = fopen(path, "w");
    assert_int_equal(lk_segment_sums_write(sums_g, exp_g, f, &err), LK_OK);
    fclose(f);
    lk_segment_sums *back;
    const char *by[] = {"segment"};
    assert_int_equal(lk_segment_sums_read(&back, exp_g, path, by, 1, &err), LK_OK);
    assert_int_equal(back->n, sums_g->n);
    for (size_t g = 0; g < back->n; g++) {
        assert_string_equal(back->label[g], sums_g->label[g]);
        assert_memory_equal(back->at[g]->at, sums_g->at[g]->at,
                            LK_METRIC_COUNT * 3 * sizeof(lk_arm_sums));
    }
    lk_segment_sums_free(back);
}

static void test_summary_errors_are_located(void **state)
{
    (void)state;
    lk_error err;
    lk_segment_sums *s = NULL;
    const char *by[] = {"segment"};
    const char *dup = write_file("dup.csv", "arm,metric,n,sum,sumsq,segment\n"
                                            "champion,response_target,10,1,,a\n"
                                            "champion,response_target,10,1,,a\n");
    assert_int_equal(lk_segment_sums_read(&s, exp_g, dup, by, 1, &err), LK_EDATA);
    assert_int_equal(err.line, 3);
    const char *nocol = write_file("nocol.csv", "arm,metric,n,sum,sumsq\n");
    assert_int_equal(lk_segment_sums_read(&s, exp_g, nocol, by, 1, &err), LK_EDATA);
    assert_non_null(strstr(err.msg, "segment"));
}

/* ---- seeded simulations ----
 *
 * The table's Bayesian columns take numerical integration, so the
 * simulations call what a segment row's test and interval come from
 * (lk_ztest_p, lk_ratio_lift) and what p_fdr and Q are made of
 * (lk_fdr_bh; lk_lift_log_ratio, lk_pool_fixed), as segments.c does;
 * the tests above check that path end to end against statsmodels.
 */

/* Segment g's p-value, log ratio and SE for rates p (treated, control), n per arm. */
static int sim_segment(gsl_rng *r, unsigned n, const double *p, double *pv, double *theta,
                       double *se)
{
    double x1 = gsl_ran_binomial(r, p[0], n), x2 = gsl_ran_binomial(r, p[1], n);
    *pv = lk_ztest_p(x1, n, x2, n);
    lk_interval iv = lk_ratio_lift(x1, n, x2, n, 0.05);
    return lk_lift_log_ratio(iv.est, iv.lo, iv.hi, 0, 0.05, theta, se);
}

/*
 * Four segments of 1000 to 4000 units per arm, the same true lift in each
 * (+20% on 5%): no heterogeneity, so Q's test at 5% should reject about 5%
 * of 20,000 seeded repetitions; MC SE sqrt(.05 .95 / 20000) = 0.15 pp, so
 * 4-6% is about six MC SEs either side.
 */
static void test_q_rejects_five_percent_without_heterogeneity(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 14);
    const unsigned n[] = {1000, 2000, 3000, 4000};
    const double p[] = {0.06, 0.05};
    int reps = 20000, rejected = 0;
    for (int i = 0; i < reps; i++) {
        double pv, theta[4], se[4];
        lk_pool_estimate e;
        for (int g = 0; g < 4; g++)
            assert_int_equal(sim_segment(r, n[g], p, &pv, &theta[g], &se[g]), 0);
        assert_int_equal(lk_pool_fixed(theta, se, 4, 0.05, &e), 0);
        rejected += e.q_p < 0.05;
    }
    double rate = (double)rejected / reps;
    print_message("Q test rejects %.4f without heterogeneity (MC SE 0.0015)\n", rate);
    assert_true(rate >= 0.04 && rate <= 0.06);
    gsl_rng_free(r);
}

/*
 * Ten segments of 1000 units per arm, no effect anywhere: every discovery
 * at p_fdr < 0.05 is false, so the FDR is the share of 20,000 seeded
 * repetitions with any.  BH holds it at alpha (less for the discrete
 * z-test); bound 5% plus three MC SEs (0.15 pp each).
 */
static void test_bh_keeps_false_segment_discoveries_below_alpha(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 41);
    const double p[] = {0.05, 0.05};
    int reps = 20000, any = 0;
    for (int i = 0; i < reps; i++) {
        double pv[10], adj[10], theta, se;
        lk_error err;
        for (int g = 0; g < 10; g++)
            sim_segment(r, 1000, p, &pv[g], &theta, &se);
        assert_int_equal(lk_fdr_bh(pv, 10, adj, &err), LK_OK);
        int found = 0;
        for (int g = 0; g < 10; g++)
            found |= adj[g] < 0.05;
        any += found;
    }
    double fdr = (double)any / reps;
    print_message("BH false discovery rate over segments, no effect %.4f (MC SE 0.0015)\n",
                  fdr);
    assert_true(fdr <= 0.05 + 3 * 0.0015);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_segments_in_label_order_after_all),
        cmocka_unit_test(test_p_fdr_matches_statsmodels),
        cmocka_unit_test(test_small_segment_keeps_counts_and_rates_only),
        cmocka_unit_test(test_q_and_i2_match_statsmodels),
        cmocka_unit_test(test_segment_rows_equal_their_own_table),
        cmocka_unit_test(test_summary_written_reads_back),
        cmocka_unit_test(test_summary_errors_are_located),
        cmocka_unit_test(test_q_rejects_five_percent_without_heterogeneity),
        cmocka_unit_test(test_bh_keeps_false_segment_discoveries_below_alpha),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
