/*
 * test_lift.c - the lift table from per-arm sums: which rows exist, which
 * test each uses, every statistic against statsmodels/scipy, Holm families,
 * empty cells for undefined results, and the summary file round trip.
 *
 * Expected numbers come from tests/data/lift/reference.py (pandas,
 * statsmodels 0.13, scipy 1.10), run as recorded above each test; they are
 * the rows of tests/data/lift/expected-lift-*.csv.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "liftkit/experiment.h"
#include "liftkit/format.h"
#include "liftkit/lift.h"
#include "liftkit/units.h"
#include "test_helpers.h"
#include "tmpfiles.h"

static const char exp4_ini[] =
    "[experiment]\nname = four-arms\nstart = 2026-03-02\nwindow = 60\nproducts = card\n"
    "[arm:champion]\nrole = champion\nweight = 30\n"
    "[arm:model-v2]\nrole = challenger\nweight = 30\n"
    "[arm:model-v3]\nrole = challenger\nweight = 30\n"
    "[arm:holdout]\nrole = control\nweight = 10\n";

static const char expnc_ini[] =
    "[experiment]\nname = no-control\nstart = 2026-03-02\nwindow = 30\nproducts = card\n"
    "[arm:champion]\nrole = champion\nweight = 50\n"
    "[arm:bold]\nrole = challenger\nweight = 25\n"
    "[arm:quiet]\nrole = challenger\nweight = 25\n";

static const char exp3_ini[] =
    "[experiment]\nname = lift-test\nstart = 2026-01-05\nwindow = 30\nproducts = card\n"
    "[arm:champion]\nrole = champion\nweight = 40\n"
    "[arm:new-offer]\nrole = challenger\nweight = 40\n"
    "[arm:holdout]\nrole = control\nweight = 20\n";

/* exp4 without its control, inside a universal holdout (appended as arm 3). */
static const char expu_ini[] =
    "[experiment]\nname = universal\nstart = 2026-03-02\nwindow = 60\nproducts = card\n"
    "[universal]\nsalt = program\nshare = 0.05\n"
    "[arm:champion]\nrole = champion\nweight = 30\n"
    "[arm:model-v2]\nrole = challenger\nweight = 30\n"
    "[arm:model-v3]\nrole = challenger\nweight = 30\n";

static lk_experiment *experiment(const char *ini)
{
    lk_experiment *exp = NULL;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&exp, "test.ini", ini, &err), LK_OK);
    return exp;
}

/* Sums for metric m: n, sum, sumsq of each arm in turn. */
static void set_sums(lk_lift_sums *s, lk_metric m, const double *v)
{
    for (size_t a = 0; a < s->narms; a++) {
        lk_arm_sums *as = &s->at[(size_t)m * s->narms + a];
        as->n = v[3 * a];
        as->sum = v[3 * a + 1];
        as->sumsq = v[3 * a + 2];
    }
    s->present[m] = 1;
}

static lk_lift_sums *new_sums(size_t narms)
{
    lk_lift_sums *s = calloc(1, sizeof(*s));
    assert_non_null(s);
    s->narms = narms;
    s->at = calloc(LK_METRIC_COUNT * narms, sizeof(*s->at));
    assert_non_null(s->at);
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        s->cap[m] = NAN;    /* as a summary file's: no cap known */
    for (size_t i = 0; i < LK_METRIC_COUNT * narms; i++)
        s->at[i].n_capped = NAN;
    return s;
}

static lk_lift_table *compute(const lk_experiment *exp, const lk_lift_sums *s)
{
    lk_lift_table *t = NULL;
    lk_error err;
    assert_int_equal(lk_lift_compute_sums(&t, exp, s, &err), LK_OK);
    return t;
}

/* A row's numbers in CSV column order from value (column 5) to expected_loss. */
static void row_values(const lk_lift_row *r, double v[14])
{
    double all[14] = {r->value, r->value_lo, r->value_hi, r->diff, r->diff_lo, r->diff_hi,
                      r->lift, r->lift_lo, r->lift_hi, r->p_value, r->p_adjusted,
                      r->prob_better, r->expected_loss, r->srm_p};
    memcpy(v, all, sizeof(all));
}

/* Compare with expected values; NAN means an empty cell.  Indexes 9, 10, 13 are p-values. */
static void expect_row(const lk_lift_row *r, const double want[14])
{
    double got[14];
    row_values(r, got);
    for (int i = 0; i < 14; i++) {
        if (isnan(want[i])) {
            if (!isnan(got[i]))
                fail_msg("column %d: got %.12g, expected empty", i, got[i]);
            continue;
        }
        double tol = (i == 9 || i == 10 || i == 13) ? 1e-4 * fabs(want[i]) : 1e-6;
        if (!double_within(want[i], got[i], tol))
            fail_msg("column %d: got %.12g, expected %.12g", i, got[i], want[i]);
    }
}

static lk_lift_sums *four_arm_sums(void)
{
    lk_lift_sums *s = new_sums(4);
    const double rt[] = {3000, 126, 126, 2950, 161, 161, 3020, 109, 109, 1000, 31, 31};
    const double bt[] = {3000, 265000.5, 98000000250.25, 2950, 356210, 131000000000,
                         3020, 230000, 70000000000,     1000, 60000, 21000000000};
    set_sums(s, LK_METRIC_RESPONSE_TARGET, rt);
    set_sums(s, LK_METRIC_BALANCE_TARGET, bt);
    return s;
}

/*
 * cd tests/data/lift && /usr/bin/python3 reference.py exp4.ini --summary summary4.csv
 * (rows 2, 3, 4 and 8, 10 of expected-lift-four.csv)
 */
static void test_four_arms_unequal_sizes_match_statsmodels(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(exp4_ini);
    lk_lift_sums *s = four_arm_sums();
    lk_lift_table *t = compute(exp, s);
    assert_int_equal(t->nrows, 12);
    const double champ_vs_ctl[14] = {
        0.042, 0.035388573236, 0.0497828521964, 0.011, -0.00328725841769, 0.0229560236592,
        0.354838709677, -0.0793637470921, 0.993825382655, 0.120827670157, 0.241655340313,
        0.936239476064, 0.000206798206692, 0.830418998388};
    const double v2_vs_champ[14] = {
        0.0545762711864, 0.0469434690568, 0.0633676168167, 0.0125762711864,
        0.00167524111302, 0.0235762130884, 0.299435028249, 0.0350090376836, 0.631417051602,
        0.0235929215911, 0.0471858431821, 0.98815789659, 2.27850200258e-05, 0.830418998388};
    const double v2_vs_ctl[14] = {
        0.0545762711864, 0.0469434690568, 0.0633676168167, 0.0235762711864,
        0.00878862574887, 0.0362119932243, 0.760524876982, 0.206763921342, 1.5683961773,
        0.00273460655133, 0.00820381965399, 0.998934608235, 2.47910656702e-06,
        0.830418998388};
    const double bal_v2_vs_champ[14] = {
        120.749152542, -119.821318942, 361.319624027, 32.4156525424, -283.339879555,
        348.17118464, 0.366968959029, NAN, NAN, 0.840507671992, 1,
        NAN, NAN, 0.830418998388};
    const double bal_v3_vs_champ[14] = {
        76.1589403974, -95.6247337503, 247.942614545, -12.1745596026, -279.286400454,
        254.937281249, -0.137824943002, NAN, NAN, 0.928806214747, 1,
        NAN, NAN, 0.830418998388};
    expect_row(&t->rows[0], champ_vs_ctl);
    expect_row(&t->rows[1], v2_vs_champ);
    expect_row(&t->rows[2], v2_vs_ctl);
    expect_row(&t->rows[7], bal_v2_vs_champ);
    expect_row(&t->rows[9], bal_v3_vs_champ);
    assert_int_equal(t->rows[0].test, LK_TEST_Z);
    assert_int_equal(t->rows[7].test, LK_TEST_WELCH);
    /* Fieller: the champion's mean balance is not distinguishable from 0 */
    assert_string_equal(t->rows[7].note, "baseline mean not distinguishable from 0: lift "
                                         "interval unbounded");
    assert_null(t->rows[0].note);
    assert_false(t->untrustworthy);
    lk_lift_table_free(t);
    lk_lift_sums_free(s);
    lk_experiment_free(exp);
}

/* Rows: metric order, arms in file order, vs champion before vs control. */
static void test_rows_follow_metric_then_arm_order(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(exp4_ini);
    lk_lift_sums *s = four_arm_sums();
    lk_lift_table *t = compute(exp, s);
    const int arm[] = {0, 1, 1, 2, 2, 3};
    const int vs[] = {3, 0, 3, 0, 3, -1};
    for (size_t i = 0; i < 12; i++) {
        assert_int_equal(t->rows[i].metric,
                         i < 6 ? LK_METRIC_RESPONSE_TARGET : LK_METRIC_BALANCE_TARGET);
        assert_int_equal(t->rows[i].arm, arm[i % 6]);
        assert_int_equal(t->rows[i].vs, vs[i % 6]);
    }
    assert_string_equal(lk_lift_row_vs(t, &t->rows[1]), "champion");
    assert_null(lk_lift_row_vs(t, &t->rows[5]));
    assert_true(isnan(t->rows[5].p_value));
    lk_lift_table_free(t);
    lk_lift_sums_free(s);
    lk_experiment_free(exp);
}

/*
 * Every arm is compared with the universal holdout as with a control, and
 * the comparisons against it form their own Holm family.  With the
 * holdout's sums equal to exp4's control, the rows equal exp4's vs-control
 * rows: /usr/bin/python3 -c "from statsmodels.stats.proportion import
 * proportions_ztest; print(proportions_ztest([161,31],[2950,1000])[1])"
 *   -> 0.0027346065513292584 (model-v2), [126,31],[3000,1000] -> 0.12082767015660473
 * (champion); Holm as in the test below -> 0.24165534, 0.00820382.
 */
static void test_universal_holdout_is_a_baseline_of_every_arm(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(expu_ini);
    assert_int_equal(exp->universal, 3);
    assert_int_equal(exp->control, -1);
    assert_int_equal(exp->arms[3].role, LK_ROLE_UNIVERSAL);
    assert_string_equal(exp->arms[3].name, "universal-holdout");
    lk_lift_sums *s = four_arm_sums();
    lk_lift_table *t = compute(exp, s);
    const int arm[] = {0, 1, 1, 2, 2, 3};
    const int vs[] = {3, 0, 3, 0, 3, -1};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(t->rows[i].arm, arm[i]);
        assert_int_equal(t->rows[i].vs, vs[i]);
    }
    assert_string_equal(lk_lift_row_vs(t, &t->rows[2]), "universal-holdout");
    assert_double_near(0.0027346065513292584, t->rows[2].p_value, 1e-9);
    assert_double_near(0.12082767015660473, t->rows[0].p_value, 1e-9);
    assert_double_near(0.00820382, t->rows[2].p_adjusted, 1e-7);
    assert_double_near(0.24165534, t->rows[0].p_adjusted, 1e-7);
    lk_lift_table_free(t);
    lk_lift_sums_free(s);
    lk_experiment_free(exp);
}

/*
 * Holm per metric and baseline: vs champion a family of 2, vs control of 3.
 * python3: multipletests([0.0235929215911, 0.236722900357], method="holm")[1]
 *   -> [0.04718584 0.2367229 ];
 * multipletests([0.120827670157, 0.00273460655133, 0.446446308019], method="holm")[1]
 *   -> [0.24165534 0.00820382 0.44644631] (more digits: expected-lift-four.csv)
 */
static void test_holm_families_are_per_metric_and_baseline(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(exp4_ini);
    lk_lift_sums *s = four_arm_sums();
    lk_lift_table *t = compute(exp, s);
    assert_double_near(0.0471858431821, t->rows[1].p_adjusted, 1e-8);
    assert_double_near(0.236722900357, t->rows[3].p_adjusted, 1e-8);
    assert_double_near(0.241655340313, t->rows[0].p_adjusted, 1e-8);
    assert_double_near(0.00820381965399, t->rows[2].p_adjusted, 1e-9);
    assert_double_near(0.446446308019, t->rows[4].p_adjusted, 1e-8);
    lk_lift_table_free(t);
    lk_lift_sums_free(s);
    lk_experiment_free(exp);
}

static lk_lift_sums *no_control_sums(void)
{
    lk_lift_sums *s = new_sums(3);
    const double rt[] = {1000, 12, 12, 520, 9, 9, 480, 0, 0};
    const double ra[] = {1000, 1000, 1000, 520, 520, 520, 480, 479, 479};
    set_sums(s, LK_METRIC_RESPONSE_TARGET, rt);
    set_sums(s, LK_METRIC_RESPONSE_ANY, ra);
    return s;
}

/*
 * Zero responders: Wilson from 0, Newcombe defined, lift empty, Fisher
 * (expected cell below 5).  100% against 100%: Fisher p = 1, lift 0.
 * cd tests/data/lift && /usr/bin/python3 reference.py expnc.ini --summary summary-nc.csv
 */
static void test_zero_and_full_rates_use_fisher_with_defined_cells(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(expnc_ini);
    lk_lift_sums *s = no_control_sums();
    lk_lift_table *t = compute(exp, s);
    assert_false(t->has_control);
    assert_int_equal(t->nrows, 6);
    const double quiet[14] = {0, 0, 0.00793949908728, -0.012, -0.0208572684755,
                              -0.0025515007672, NAN, NAN, NAN, 0.0118679717767,
                              0.0237359435535, 0.00593684381313, 0.010911572231,
                              0.449328964117};
    const double bold_any[14] = {1, 0.992666752973, 1, 0, -0.00733324702734,
                                 0.00382675848556, 0, 0, 0, 1, 1, 0.342312746386,
                                 0.00125910999414, 0.449328964117};
    const double small[14] = {0.0173076923077, 0.00913183393518, 0.0325629545412,
                              0.00530769230769, -0.00674618113508, 0.0213999736192,
                              0.442307692308, -0.388290430061, 2.4007175652,
                              0.400323259831, 0.400323259831, 0.814849949102,
                              0.000624563582943, 0.449328964117};
    expect_row(&t->rows[2], quiet);
    expect_row(&t->rows[4], bold_any);
    expect_row(&t->rows[1], small);
    assert_int_equal(t->rows[2].test, LK_TEST_FISHER);
    assert_int_equal(t->rows[4].test, LK_TEST_FISHER);
    assert_int_equal(t->rows[1].test, LK_TEST_Z);
    assert_int_equal(t->rows[0].vs, -1);
    lk_lift_table_free(t);
    lk_lift_sums_free(s);
    lk_experiment_free(exp);
}

/*
 * An empty arm gets rows with empty cells; the 50/0/20 split against weights
 * 40/40/20 fails the sample-ratio check.
 * python3 -c "from scipy.stats import chisquare; print(chisquare([50,0,20],[28,28,14]))"
 *   -> statistic=47.857142857142854, pvalue=4.054650907084044e-11
 */
static void test_empty_arm_is_empty_and_srm_flags_the_experiment(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(exp3_ini);
    lk_lift_sums *s = new_sums(3);
    const double rt[] = {50, 50, 50, 0, 0, 0, 20, 0, 0};
    const double ba[] = {50, 5000, 600000, 0, 0, 0, 20, 0, 0};
    set_sums(s, LK_METRIC_RESPONSE_TARGET, rt);
    set_sums(s, LK_METRIC_BALANCE_ANY, ba);
    lk_lift_table *t = compute(exp, s);
    assert_true(t->untrustworthy);
    assert_double_near(47.857142857142854, t->srm_chi2, 1e-9);
    assert_double_near(4.054650907084044e-11, t->srm_p, 1e-15);
    const double empty[14] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
                              NAN, NAN, 4.054650907084044e-11};
    expect_row(&t->rows[1], empty);
    expect_row(&t->rows[2], empty);
    expect_row(&t->rows[5], empty);
    /* zero-variance control with mean 0: Welch defined, lift empty */
    const double bal[14] = {100, 87.1612947539, 112.838705246, 100, 87.1612947539,
                            112.838705246, NAN, NAN, NAN, 1.06616377968e-20,
                            1.06616377968e-20, NAN, NAN, 4.054650907077037e-11};
    expect_row(&t->rows[4], bal);
    lk_lift_table_free(t);
    lk_lift_sums_free(s);
    lk_experiment_free(exp);
}

/* Writing the sums and reading them back gives the same table, bit for bit. */
static void test_summary_round_trip_is_exact(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(exp4_ini);
    lk_lift_sums *s = four_arm_sums();
    s->at[LK_METRIC_BALANCE_TARGET * 4].sum = 265000.1 / 3;
    s->at[LK_METRIC_BALANCE_TARGET * 4].sumsq = 98000000250.3 / 7;
    char path[] = "/tmp/test_lift_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    lk_error err;
    assert_int_equal(lk_lift_sums_write(s, exp, f, &err), LK_OK);
    fclose(f);
    lk_lift_sums *back = NULL;
    assert_int_equal(lk_lift_sums_read(&back, exp, path, &err), LK_OK);
    remove(path);
    lk_lift_table *t1 = compute(exp, s), *t2 = compute(exp, back);
    assert_int_equal(t1->nrows, t2->nrows);
    assert_memory_equal(t1->rows, t2->rows, t1->nrows * sizeof(lk_lift_row));
    lk_lift_table_free(t1);
    lk_lift_table_free(t2);
    lk_lift_sums_free(back);
    lk_lift_sums_free(s);
    lk_experiment_free(exp);
}

/*
 * Summary files read together: a cell (arm and metric, or arm and event)
 * once per file, added across files; an n that differs after adding is
 * located on the last row that added to the cell, in its file.
 */
static const char part_a[] =
    "arm,metric,n,sum,sumsq\n"
    "champion,response_target,10,2,\nnew-offer,response_target,10,3,\n"
    "holdout,response_target,10,1,\nchampion,response_any,10,2,\n"
    "new-offer,response_any,10,3,\nholdout,response_any,10,1,\n"
    "champion,event_closure,10,1,\nnew-offer,event_closure,10,0,\n"
    "holdout,event_closure,10,0,\n";

/* part_a, then a file of these rows: LK_EDATA at line of path (0: the second file). */
static void expect_read_error(lk_experiment *exp, const char *rows, const char *path,
                              unsigned long line, const char *msg)
{
    char text[256];
    snprintf(text, sizeof(text), "arm,metric,n,sum,sumsq\n%s", rows);
    const char *paths[2] = {write_file("a.csv", part_a), write_file("b.csv", text)};
    lk_lift_sums *s = NULL;
    lk_error err;
    assert_int_equal(lk_lift_sums_read_many(&s, exp, paths, 2, &err), LK_EDATA);
    assert_null(s);
    assert_string_equal(err.path, path ? path : paths[1]);
    assert_int_equal(err.line, line);
    assert_non_null(strstr(err.msg, msg));
}

static void test_summary_cells_once_a_file_added_across_files(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(exp3_ini);
    const char *paths[2] = {write_file("a.csv", part_a), write_file("again.csv", part_a)};
    lk_lift_sums *s = NULL;
    lk_error err;
    assert_int_equal(lk_lift_sums_read_many(&s, exp, paths, 2, &err), LK_OK);
    assert_int_equal(s->nevents, 1);
    assert_double_near(20, s->event_at[1].n, 0);
    assert_double_near(20, s->at[LK_METRIC_RESPONSE_ANY * 3 + 1].n, 0);
    lk_lift_sums_free(s);
    expect_read_error(exp, "holdout,event_closure,5,0,\nholdout,event_closure,5,0,\n", NULL,
                      3, "duplicate row for arm 'holdout' and metric 'event_closure' (first "
                      "on line 2)");
    expect_read_error(exp, "holdout,response_target,5,1,\nholdout,response_target,5,0,\n",
                      NULL, 3, "duplicate row for arm 'holdout' and metric "
                      "'response_target' (first on line 2)");
    expect_read_error(exp, "new-offer,event_closure,4,0,\n", NULL, 2,
                      "n of arm 'new-offer' differs between metrics 'response_target' and "
                      "'event_closure' after adding the summaries");
    expect_read_error(exp, "champion,response_target,5,1,\n", paths[0], 5,
                      "n of arm 'champion' differs between metrics 'response_target' and "
                      "'response_any' after adding the summaries");
    expect_read_error(exp, "champion,response_target,5,1,\nchampion,response_any,5,1,\n",
                      paths[0], 8, "n of arm 'champion' differs between metrics "
                      "'response_target' and 'event_closure' after adding the summaries");
    lk_experiment_free(exp);
}

static void test_writers_print_empty_cells_not_nan(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(exp3_ini);
    lk_lift_sums *s = new_sums(3);
    const double rt[] = {10, 0, 0, 0, 0, 0, 10, 10, 10};
    set_sums(s, LK_METRIC_RESPONSE_TARGET, rt);
    lk_lift_table *t = compute(exp, s);
    for (int fmt = LK_FORMAT_CSV; fmt <= LK_FORMAT_MD; fmt++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        lk_error err;
        assert_int_equal(lk_lift_write(t, f, (lk_format)fmt, &err), LK_OK);
        fclose(f);
        assert_null(strstr(buf, "nan"));
        assert_null(strstr(buf, "inf"));
        if (fmt == LK_FORMAT_CSV)
            assert_non_null(strstr(buf, "\nresponse_target,new-offer,challenger,0,,,,champion,"));
        free(buf);
    }
    lk_lift_table_free(t);
    lk_lift_sums_free(s);
    lk_experiment_free(exp);
}

static int setup(void **state)
{
    (void)state;
    return tmp_dir_make("lk_lift");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_four_arms_unequal_sizes_match_statsmodels),
        cmocka_unit_test(test_rows_follow_metric_then_arm_order),
        cmocka_unit_test(test_holm_families_are_per_metric_and_baseline),
        cmocka_unit_test(test_zero_and_full_rates_use_fisher_with_defined_cells),
        cmocka_unit_test(test_empty_arm_is_empty_and_srm_flags_the_experiment),
        cmocka_unit_test(test_summary_round_trip_is_exact),
        cmocka_unit_test(test_writers_print_empty_cells_not_nan),
        cmocka_unit_test(test_universal_holdout_is_a_baseline_of_every_arm),
        cmocka_unit_test(test_summary_cells_once_a_file_added_across_files),
    };
    return cmocka_run_group_tests(tests, setup, tmp_dir_remove);
}
