/*
 * test_roi.c - ROI bookkeeping and the bootstrap.
 *
 * The bootstrap of a difference of means has a known distribution to check
 * against: its mean is mean(x) - mean(y) and its variance
 * var_pop(x)/nx + var_pop(y)/ny (each resample mean has variance
 * var_pop/n).  Both ways of drawing (multinomial counts of repeated values,
 * and unit by unit) must match it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "liftkit/experiment.h"
#include "liftkit/roi.h"
#include "liftkit/units.h"
#include "test_helpers.h"
#include "tmpfiles.h"

static void moments(const double *d, size_t n, double *mean, double *sd)
{
    double m = 0, v = 0;
    for (size_t i = 0; i < n; i++)
        m += d[i];
    m /= (double)n;
    for (size_t i = 0; i < n; i++)
        v += (d[i] - m) * (d[i] - m);
    *mean = m;
    *sd = sqrt(v / (double)(n - 1));
}

static void pop_moments(const double *x, size_t n, double *mean, double *var)
{
    double m = 0, v = 0;
    for (size_t i = 0; i < n; i++)
        m += x[i];
    m /= (double)n;
    for (size_t i = 0; i < n; i++)
        v += (x[i] - m) * (x[i] - m);
    *mean = m;
    *var = v / (double)n;
}

/* Draw B bootstrap differences and compare their mean and sd with theory. */
static void check_bootstrap(const double *x, size_t nx, const double *y, size_t ny)
{
    enum { B = 40000 };
    double *d = malloc(B * sizeof(double));
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 12345);
    assert_int_equal(lk_roi_bootstrap_diff(x, nx, y, ny, B, rng, d), 0);
    double mx, vx, my, vy, m, sd;
    pop_moments(x, nx, &mx, &vx);
    pop_moments(y, ny, &my, &vy);
    moments(d, B, &m, &sd);
    double want_sd = sqrt(vx / (double)nx + vy / (double)ny);
    /* 5 standard errors for the mean; the sd's relative SE is about 1/sqrt(2B) */
    assert_double_within(mx - my, m, 5 * want_sd / sqrt(B));
    assert_double_within(1, sd / want_sd, 5 / sqrt(2.0 * B));
    gsl_rng_free(rng);
    free(d);
}

static void test_bootstrap_of_repeated_values_matches_theory(void **state)
{
    (void)state;
    /* mostly zeros, a few values: drawn as multinomial counts */
    enum { NX = 5000, NY = 1200 };
    static double x[NX], y[NY];
    for (size_t i = 0; i < NX; i++)
        x[i] = i % 10 == 0 ? 400 : i % 7 == 0 ? 120 : 0;
    for (size_t i = 0; i < NY; i++)
        y[i] = i % 13 == 0 ? 400 : 0;
    check_bootstrap(x, NX, y, NY);
}

static void test_bootstrap_of_distinct_values_matches_theory(void **state)
{
    (void)state;
    /* every value distinct: resampled unit by unit */
    enum { NX = 3000, NY = 2000 };
    static double x[NX], y[NY];
    for (size_t i = 0; i < NX; i++)
        x[i] = 10 + sqrt((double)i);
    for (size_t i = 0; i < NY; i++)
        y[i] = (double)(i % 997) / 3.0;
    check_bootstrap(x, NX, y, NY);
}

static void test_bootstrap_same_seed_same_draws(void **state)
{
    (void)state;
    double x[] = {0, 0, 0, 120, 400, 0, 0, 120};
    double y[] = {0, 400, 0, 0};
    double d1[100], d2[100];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 99);
    assert_int_equal(lk_roi_bootstrap_diff(x, 8, y, 4, 100, rng, d1), 0);
    gsl_rng_set(rng, 99);
    assert_int_equal(lk_roi_bootstrap_diff(x, 8, y, 4, 100, rng, d2), 0);
    assert_memory_equal(d1, d2, sizeof(d1));
    gsl_rng_free(rng);
}

/* A hand-built set of units: arm, target response and value per unit. */
typedef struct fake_units {
    lk_units u;
    uint16_t arm[8];
    uint8_t resp[8];
    double value[8];
    size_t arm_units[3];
} fake_units;

static void fake_init(fake_units *f)
{
    const uint16_t arm[8] = {0, 0, 0, 1, 1, 1, 2, 2};
    const uint8_t resp[8] = {1, 1, 0, 1, 0, 0, 0, 1};
    const double value[8] = {400, 520, 0, 120, 0, 0, 0, 400};
    memset(f, 0, sizeof(*f));
    memcpy(f->arm, arm, sizeof(arm));
    memcpy(f->resp, resp, sizeof(resp));
    memcpy(f->value, value, sizeof(value));
    f->arm_units[0] = 3;
    f->arm_units[1] = 3;
    f->arm_units[2] = 2;
    f->u.n = 8;
    f->u.narms = 3;
    f->u.arm = f->arm;
    f->u.response_target = f->resp;
    f->u.value = f->value;
    f->u.arm_units = f->arm_units;
}

static const char exp_ini[] =
    "[experiment]\nname = roi-test\nstart = 2026-01-05\nwindow = 30\nproducts = card\n"
    "[arm:champion]\nrole = champion\nweight = 3\n"
    "[arm:new]\nrole = challenger\nweight = 3\n"
    "[arm:ctl]\nrole = control\nweight = 2\n";

/*
 * The ROI table of the fake units f under the experiment ini, with these
 * contacts and costs per arm (narms of them) and options (NULL: the
 * defaults): lk_roi_compute's status, the table in *t.
 */
static int fake_roi(lk_roi_table **t, const char *ini, const fake_units *f,
                    const double *contacts, const double *cost, size_t narms,
                    const lk_roi_options *opt, lk_error *err)
{
    lk_experiment *exp = NULL;
    assert_int_equal(lk_experiment_parse(&exp, "roi.ini", ini, err), LK_OK);
    double offers = 0;
    for (size_t a = 0; a < narms; a++)
        offers += contacts[a];
    lk_roi_costs c = {narms, (double *)contacts, (double *)cost, (unsigned long)offers, 0, 0,
                      NULL, NULL};
    lk_roi_options defaults;
    lk_roi_options_init(&defaults);
    *t = NULL;
    int rc = lk_roi_compute(t, exp, &f->u, &c, opt ? opt : &defaults, err);
    lk_experiment_free(exp);
    return rc;
}

/*
 * champion: 3 units, 2 responders, value 920; control: 2 units, 1
 * responder, value 400; cost 30.
 *   incremental_responses = (2/3 - 1/2) * 3 = 0.5
 *   incremental_value = (920/3 - 200) * 3 = 320
 *   romi = (320 - 30) / 30 = 9.666..., cost per incremental response = 60
 * new: 1 responder of 3, value 120, cost 0: romi empty;
 *   incremental_responses = (1/3 - 1/2) * 3 = -0.5: cost per response empty.
 */
static void test_roi_rows_by_hand(void **state)
{
    (void)state;
    fake_units f;
    fake_init(&f);
    lk_error err;
    lk_roi_table *t;
    assert_int_equal(fake_roi(&t, exp_ini, &f, (double[]){3, 0, 0}, (double[]){30, 0, 0}, 3,
                              NULL, &err), LK_OK);
    assert_int_equal(t->nrows, 2);
    const lk_roi_row *r = &t->rows[0];
    assert_int_equal(r->arm, 0);
    assert_double_near(0.5, r->incremental_responses, 1e-12);
    assert_double_near(320, r->incremental_value, 1e-9);
    assert_double_near(29.0 / 3.0, r->romi, 1e-12);
    assert_double_near(60, r->cost_per_incremental_response, 1e-9);
    assert_true(r->romi_lo <= r->romi && r->romi <= r->romi_hi);
    r = &t->rows[1];
    assert_double_near(-0.5, r->incremental_responses, 1e-12);
    assert_true(isnan(r->romi) && isnan(r->romi_lo) && isnan(r->romi_hi));
    assert_true(isnan(r->cost_per_incremental_response));
    lk_roi_table_free(t);
}

/* Arms whose units all have one value: every resample is the estimate. */
static void test_constant_arms_give_a_point_interval(void **state)
{
    (void)state;
    fake_units f;
    fake_init(&f);
    for (int i = 0; i < 8; i++)
        f.value[i] = f.arm[i] == 2 ? 10 : 50;
    lk_roi_options opt = {.seed = 1, .resamples = 500};
    lk_error err;
    lk_roi_table *t;
    assert_int_equal(fake_roi(&t, exp_ini, &f, (double[]){3, 3, 0}, (double[]){20, 40, 0}, 3,
                              &opt, &err), LK_OK);
    /* (40 * 3 - 20) / 20 = 5 and (120 - 40) / 40 = 2 */
    assert_double_near(5, t->rows[0].romi, 1e-12);
    assert_double_near(5, t->rows[0].romi_lo, 1e-12);
    assert_double_near(5, t->rows[0].romi_hi, 1e-12);
    assert_double_near(2, t->rows[1].romi_lo, 1e-12);
    assert_double_near(2, t->rows[1].romi_hi, 1e-12);
    lk_roi_table_free(t);
}

/*
 * The universal holdout as the baseline (--vs-universal, or when there is
 * no control): the by-hand numbers above with arm 2 as the universal
 * holdout.  Against the control instead, the holdout has no row, and
 * offers to it are flagged.
 */
static void test_roi_against_the_universal_holdout(void **state)
{
    (void)state;
    static const char ini[] =
        "[experiment]\nname = u\nstart = 2026-01-05\nwindow = 30\nproducts = card\n"
        "[universal]\nsalt = p\nshare = 0.25\n"
        "[arm:champion]\nrole = champion\nweight = 1\n"
        "[arm:ctl]\nrole = control\nweight = 1\n";
    fake_units f;
    fake_init(&f);
    double contacts[3] = {3, 0, 2}, cost[3] = {30, 0, 1.5};
    lk_roi_options opt;
    lk_roi_options_init(&opt);
    opt.vs_universal = 1;
    lk_error err;
    lk_roi_table *t;
    assert_int_equal(fake_roi(&t, ini, &f, contacts, cost, 3, &opt, &err), LK_OK);
    assert_int_equal(t->control, 2);
    assert_int_equal(t->nrows, 2);
    assert_double_near(0.5, t->rows[0].incremental_responses, 1e-12);
    assert_double_near(29.0 / 3.0, t->rows[0].romi, 1e-12);
    assert_int_equal(t->rows[1].arm, 1);
    assert_double_near(-0.5, t->rows[1].incremental_responses, 1e-12);
    char buf[256];
    assert_non_null(lk_roi_control_warning(t, buf, sizeof(buf)));
    assert_null(lk_roi_universal_warning(t, buf, sizeof(buf)));
    lk_roi_table_free(t);
    assert_int_equal(fake_roi(&t, ini, &f, contacts, cost, 3, NULL, &err), LK_OK);
    assert_int_equal(t->control, 1);
    assert_int_equal(t->nrows, 1);
    assert_non_null(lk_roi_universal_warning(t, buf, sizeof(buf)));
    assert_non_null(strstr(buf, "2 offers (cost 1.50) went to customers of the universal "
                                "holdout 'universal-holdout'"));
    lk_roi_table_free(t);
}

static void test_roi_without_control_is_a_usage_error(void **state)
{
    (void)state;
    static const char ini[] =
        "[experiment]\nname = nc\nstart = 2026-01-05\nwindow = 30\nproducts = card\n"
        "[arm:champion]\nrole = champion\nweight = 1\n"
        "[arm:new]\nrole = challenger\nweight = 1\n";
    fake_units f;
    fake_init(&f);
    f.u.narms = 2;
    f.u.n = 6;      /* the units of arms 0 and 1 */
    double z[2] = {0, 0};
    lk_error err;
    lk_roi_table *t;
    assert_int_equal(fake_roi(&t, ini, &f, z, z, 2, NULL, &err), LK_EUSAGE);
    assert_non_null(strstr(err.msg, "has no control arm"));
}

/* Units or costs made for another number of arms than the experiment's are refused. */
static void test_roi_arms_must_agree(void **state)
{
    (void)state;
    fake_units f;
    fake_init(&f);
    double contacts[3] = {3, 0, 0}, cost[3] = {30, 0, 0};
    lk_error err;
    lk_roi_table *t;
    assert_int_equal(fake_roi(&t, exp_ini, &f, contacts, cost, 2, NULL, &err), LK_EUSAGE);
    assert_non_null(strstr(err.msg, "disagree on the number of arms"));
    f.u.narms = 2;
    assert_int_equal(fake_roi(&t, exp_ini, &f, contacts, cost, 3, NULL, &err), LK_EUSAGE);
    assert_non_null(strstr(err.msg, "disagree on the number of arms"));
    assert_null(t);
}

static void test_costs_need_a_customer_index(void **state)
{
    (void)state;
    fake_units f;
    fake_init(&f);
    lk_experiment *exp;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&exp, "roi.ini", exp_ini, &err), LK_OK);
    lk_roi_costs *c = (lk_roi_costs *)&err;
    assert_int_equal(lk_roi_costs_read(&c, exp, &f.u, "/nonexistent", NULL, &err), LK_EUSAGE);
    assert_null(c);
    assert_non_null(strstr(err.msg, "index_customers"));
    lk_experiment_free(exp);
}

/*
 * The fake units as two partial ROI summaries (champion's 10 per contact,
 * new's zero-value units split between the files) give the table of the
 * units themselves, cell for cell, the bootstrap included: both resample
 * the same distinct values with the same frequencies.
 */
static void test_partial_summaries_give_the_units_table(void **state)
{
    (void)state;
    lk_experiment *exp = NULL;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&exp, "roi.ini", exp_ini, &err), LK_OK);
    fake_units f;
    fake_init(&f);
    double contacts[3] = {3, 0, 0}, cost[3] = {30, 0, 0};
    lk_roi_costs c = {3, contacts, cost, 3, 0, 0, NULL, NULL};
    lk_roi_options opt;
    lk_roi_options_init(&opt);
    lk_roi_table *raw = NULL, *sum = NULL;
    assert_int_equal(lk_roi_compute(&raw, exp, &f.u, &c, &opt, &err), LK_OK);
    const char *paths[2] = {
        write_file("a.csv", "arm,value,units,responders,contacts,cost\n"
                            "champion,0,1,0,1,10\nchampion,400,1,1,1,10\nnew,0,1,0,0,0\n"),
        write_file("b.csv", "arm,value,units,responders,contacts,cost\n"
                            "ctl,400,1,1,0,0\nnew,120,1,1,0,0\nnew,0,1,0,0,0\n"
                            "champion,520,1,1,1,10\nctl,0,1,0,0,0\n")};
    lk_roi_sums *s = NULL;
    assert_int_equal(lk_roi_sums_read_many(&s, exp, paths, 2, &err), LK_OK);
    assert_int_equal(s->start[3], 7);    /* new's value 0 added up across the files */
    assert_int_equal(lk_roi_compute_sums(&sum, exp, s, &opt, &err), LK_OK);
    assert_int_equal(sum->nrows, raw->nrows);
    assert_memory_equal(sum->rows, raw->rows, raw->nrows * sizeof(*raw->rows));
    assert_double_near(raw->srm_p, sum->srm_p, 0);
    lk_roi_table_free(raw);
    lk_roi_table_free(sum);
    lk_roi_sums_free(s);
    lk_experiment_free(exp);
}

/*
 * Offers joined to customer units by their sorted ids (no map) count what
 * a map counts, in any order of the offers: here out of order, with a
 * customer's offers on both sides of the cut of a two-part read (8 MB).
 */
static void test_costs_by_sorted_ids_match_the_map(void **state)
{
    (void)state;
    static const char exp2[] =
        "[experiment]\nname = t\nstart = 2026-01-05\nwindow = 10\nproducts = card\n"
        "[arm:champ]\nrole = champion\nweight = 1\n[arm:hold]\nrole = control\nweight = 1\n"
        "[cost]\nmail = 0.5\n";
    lk_experiment *exp;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&exp, "t.ini", exp2, &err), LK_OK);
    char a[128], o[128];
    snprintf(a, sizeof(a), "%s/assignments.csv", tmp_dir);
    snprintf(o, sizeof(o), "%s/offers.csv", tmp_dir);
    FILE *f = fopen(a, "w");
    fputs("customer_id,unit_id,experiment,arm,role\n", f);
    for (int c = 0; c < 1000; c++)
        fprintf(f, "C%04d,C%04d,t,%s\n", c, c, c % 3 ? "champ,champion" : "hold,control");
    fclose(f);
    f = fopen(o, "w");
    fputs("customer_id,offer_id,product,channel,offer_date,cost\n", f);
    for (int k = 0; k < 250000; k++)
        fprintf(f, "C%04d,O%07d,card,mail,2026-01-05,%s\n", (k * 7919) % 1000, k,
                k % 5 ? "" : "1.25");
    fclose(f);
    lk_units *sorted, *mapped;
    lk_units_options by_ids = {.find_customers = 1}, by_map = {.index_customers = 1};
    assert_int_equal(lk_units_load(&sorted, exp, a, NULL, &by_ids, &err), LK_OK);
    assert_int_equal(lk_units_load(&mapped, exp, a, NULL, &by_map, &err), LK_OK);
    assert_null(sorted->customers);
    lk_roi_costs *c1, *c2;
    assert_int_equal(lk_roi_costs_read(&c1, exp, sorted, o, NULL, &err), LK_OK);
    assert_int_equal(lk_roi_costs_read(&c2, exp, mapped, o, NULL, &err), LK_OK);
    for (size_t arm = 0; arm < 2; arm++) {
        assert_true(c1->contacts[arm] == c2->contacts[arm]);
        assert_true(c1->cost[arm] == c2->cost[arm]);
    }
    /* every offer counted (about 10 MB: two parts) */
    assert_true(c1->contacts[0] + c1->contacts[1] == 250000);
    lk_roi_costs_free(c1);
    lk_roi_costs_free(c2);
    lk_units_free(sorted);
    lk_units_free(mapped);
    lk_experiment_free(exp);
}

/* The ROMI interval of one arm against ctl as roi.c draws it, from B draws
   made by lk_roi_bootstrap_diff (whose samples are grouped by a sort). */
static void interval_of(const double *x, size_t nx, const double *y, size_t ny, double cost,
                        size_t B, gsl_rng *rng, double *lo, double *hi)
{
    double *dr = malloc(B * sizeof(double));
    assert_non_null(dr);
    assert_int_equal(lk_roi_bootstrap_diff(x, nx, y, ny, B, rng, dr), 0);
    for (size_t b = 0; b < B; b++)
        dr[b] = (dr[b] * (double)nx - cost) / cost;
    gsl_sort(dr, 1, B);
    *lo = gsl_stats_quantile_from_sorted_data(dr, 1, B, 0.05 / 2);
    *hi = gsl_stats_quantile_from_sorted_data(dr, 1, B, 1 - 0.05 / 2);
    free(dr);
}

/*
 * Units 0 .. 3 * per - 1, arm i % 3, with value(i), through lk_roi_compute
 * with B resamples: each treated arm's interval is that of draws from
 * samples grouped by a sort, bit for bit.
 */
static void check_counted_as_sorted(size_t per, double (*value)(size_t i), size_t B)
{
    size_t n = 3 * per, arm_units[3] = {0, 0, 0};
    uint16_t *arm = malloc(n * sizeof(*arm));
    uint8_t *resp = malloc(n);
    double *v = malloc(n * sizeof(double)), *by_arm = malloc(n * sizeof(double));
    assert_true(arm && resp && v && by_arm);
    for (size_t i = 0; i < n; i++) {
        size_t a = i % 3;
        arm[i] = (uint16_t)a;
        resp[i] = i % 5 == 0;
        v[i] = value(i);
        by_arm[a * per + arm_units[a]++] = v[i];
    }
    lk_units u;
    memset(&u, 0, sizeof(u));
    u.n = n;
    u.narms = 3;
    u.arm = arm;
    u.response_target = resp;
    u.value = v;
    u.arm_units = arm_units;
    lk_experiment *exp = NULL;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&exp, "roi.ini", exp_ini, &err), LK_OK);
    double contacts[3] = {(double)per, (double)per, 0}, cost[3] = {900, 1200, 0};
    lk_roi_costs c = {3, contacts, cost, 2 * per, 0, 0, NULL, NULL};
    lk_roi_options opt = {.seed = LK_ROI_DEFAULT_SEED, .resamples = B};
    lk_roi_table *t = NULL;
    assert_int_equal(lk_roi_compute(&t, exp, &u, &c, &opt, &err), LK_OK);
    assert_int_equal(t->nrows, 2);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, opt.seed);
    for (size_t r = 0; r < 2; r++) {
        double lo, hi;
        interval_of(by_arm + r * per, per, by_arm + 2 * per, per, cost[r], B, rng, &lo, &hi);
        assert_double_near(lo, t->rows[r].romi_lo, 0);
        assert_double_near(hi, t->rows[r].romi_hi, 0);
    }
    gsl_rng_free(rng);
    lk_roi_table_free(t);
    lk_experiment_free(exp);
    free(arm);
    free(resp);
    free(v);
    free(by_arm);
}

/* champion: 300 distinct values in no order; new: all distinct; ctl: 0, -0 and 400 */
static double few_many_and_negative_zero(size_t i)
{
    size_t a = i % 3;
    return a == 0 ? (double)((i * 7919) % 300) * 1.5
         : a == 1 ? (double)i * 0.37 : (i % 4 == 2 ? -0.0 : i % 4 ? 0.0 : 400);
}

/*
 * The units' values grouped by counting (champion: 300 distinct values),
 * gathered unsorted once there are more than a grouped arm has (new: 3000
 * distinct, resampled unit by unit), or sorted for a negative zero (ctl)
 * give the intervals of draws from samples grouped by a sort, bit for bit.
 */
static void test_values_counted_resample_as_sorted(void **state)
{
    (void)state;
    check_counted_as_sorted(3000, few_many_and_negative_zero, LK_ROI_DEFAULT_RESAMPLES);
}

/* champion: 7500 distinct values in no order; new: 7501 distinct, then
   zeros; ctl: 20 values */
static double thousands(size_t i)
{
    size_t a = i % 3, j = i / 3;
    return a == 0 ? (double)((j * 7919) % 7500) * 0.25
         : a == 1 ? (double)(j <= 7500 ? j : 0) : (double)(j % 20) * 10;
}

/*
 * Arms of 60000 units, grouped with at most 7500 distinct values: the
 * champion's 7500, more than the count's first tables hold, are counted
 * and grouped; new's 7501 are counted until there is one too many, and
 * resampled unit by unit; both give the intervals of samples grouped (or
 * not) by a sort, bit for bit.
 */
static void test_thousands_of_values_counted_resample_as_sorted(void **state)
{
    (void)state;
    check_counted_as_sorted(60000, thousands, 200);
}

static int setup(void **state)
{
    (void)state;
    return tmp_dir_make("lk_roi");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bootstrap_of_repeated_values_matches_theory),
        cmocka_unit_test(test_bootstrap_of_distinct_values_matches_theory),
        cmocka_unit_test(test_bootstrap_same_seed_same_draws),
        cmocka_unit_test(test_roi_rows_by_hand),
        cmocka_unit_test(test_constant_arms_give_a_point_interval),
        cmocka_unit_test(test_roi_without_control_is_a_usage_error),
        cmocka_unit_test(test_roi_against_the_universal_holdout),
        cmocka_unit_test(test_roi_arms_must_agree),
        cmocka_unit_test(test_costs_need_a_customer_index),
        cmocka_unit_test(test_costs_by_sorted_ids_match_the_map),
        cmocka_unit_test(test_partial_summaries_give_the_units_table),
        cmocka_unit_test(test_values_counted_resample_as_sorted),
        cmocka_unit_test(test_thousands_of_values_counted_resample_as_sorted),
    };
    return cmocka_run_group_tests(tests, setup, tmp_dir_remove);
}
