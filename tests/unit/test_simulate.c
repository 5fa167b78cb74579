/*
 * test_simulate.c - the synthetic bank: reproducible, arms exactly as
 * lk_assign_units gives them, offers only for treated units, valid ids and
 * dates, realized rates within binomial noise of the expected ones, and
 * score_v2 ranking the latent uplift far better than score_v1.
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
#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>

#include "liftkit/assign.h"
#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/simulate.h"
#include "liftkit/units.h"
#include "test_helpers.h"

#include "util/strmap.h"

#define START_DAY 20458 /* 2026-01-05 */

static const char HOUSEHOLD_EXP[] =
    "[experiment]\nname = sim-test\nunit = household_id\nstart = 2026-01-05\n"
    "window = 90\nproducts = heloc, card\nstratify = segment\n"
    "[arm:champion]\nrole = champion\nweight = 30\n"
    "[arm:new-offer]\nrole = challenger\nweight = 30\n"
    "[arm:model-v2]\nrole = challenger\nweight = 30\n"
    "[arm:holdout]\nrole = control\nweight = 10\n"
    "[lag]\nmail = 5\n[windows]\ndefault = 90\ncard = 60\n"
    "[value]\ncard = 120\nheloc = 400\n[cost]\nmail = 0.65\nemail = 0.02\n";

static const char CUSTOMER_EXP[] =
    "[experiment]\nname = sim-hash\nstart = 2026-01-05\nwindow = 90\n"
    "products = heloc, card\n"
    "[arm:champion]\nrole = champion\nweight = 45\n"
    "[arm:challenger]\nrole = challenger\nweight = 45\n"
    "[arm:control]\nrole = control\nweight = 10\n"
    "[lag]\nmail = 5\n[windows]\ndefault = 90\ncard = 60\n";

static lk_experiment *experiment(const char *text)
{
    lk_experiment *e = NULL;
    lk_error err;
    if (lk_experiment_parse(&e, "sim.ini", text, &err) != LK_OK)
        fail_msg("experiment: %s", err.msg);
    return e;
}

typedef struct run {
    char dir[64];
    lk_sim_result res;
} run;

static void simulate(run *r, const lk_experiment *exp, uint64_t n, unsigned long seed,
                     int latent)
{
    lk_simulate_options opt;
    lk_error err;
    lk_simulate_options_init(&opt);
    opt.customers = n;
    opt.seed = seed;
    opt.latent = latent;
    strcpy(r->dir, "/tmp/lk-sim-XXXXXX");
    assert_non_null(mkdtemp(r->dir));
    opt.out_dir = r->dir;
    if (lk_simulate(exp, &opt, &r->res, &err) != LK_OK)
        fail_msg("simulate: %s", err.msg);
}

static void path_of(char *buf, const run *r, const char *file)
{
    snprintf(buf, 256, "%s/%s", r->dir, file);
}

static void cleanup(run *r)
{
    static const char *const files[] = {"customers.csv", "offers.csv", "openings.csv",
                                        "truth.csv", "latent.csv"};
    char p[256];
    for (size_t i = 0; i < 5; i++) {
        path_of(p, r, files[i]);
        unlink(p);
    }
    rmdir(r->dir);
    lk_sim_result_release(&r->res);
}

static char *slurp(const run *r, const char *file, size_t *len)
{
    char p[256];
    path_of(p, r, file);
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *buf = malloc(*len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, *len, f), *len);
    fclose(f);
    return buf;
}

static int same_file(const run *a, const run *b, const char *file)
{
    size_t la, lb;
    char *x = slurp(a, file, &la), *y = slurp(b, file, &lb);
    int same = la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

static lk_csv_reader *open_csv(const run *r, const char *file, const char *const *cols,
                               size_t n, int *idx)
{
    char p[256];
    lk_csv_reader *rd;
    lk_error err;
    path_of(p, r, file);
    assert_int_equal(lk_csv_open(&rd, p, &err), LK_OK);
    assert_int_equal(lk_csv_require(rd, cols, n, idx, &err), LK_OK);
    return rd;
}

static void test_same_seed_gives_identical_files_other_seed_differs(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(HOUSEHOLD_EXP);
    run a, b, c;
    simulate(&a, exp, 3000, 7, 1);
    simulate(&b, exp, 3000, 7, 1);
    simulate(&c, exp, 3000, 8, 1);
    static const char *const files[] = {"customers.csv", "offers.csv", "openings.csv",
                                        "truth.csv", "latent.csv"};
    for (size_t i = 0; i < 5; i++) {
        assert_true(same_file(&a, &b, files[i]));
        assert_false(same_file(&a, &c, files[i]));
    }
    cleanup(&a);
    cleanup(&b);
    cleanup(&c);
    lk_experiment_free(exp);
}

static void test_population_replays_and_households_share_segment(void **state)
{
    (void)state;
    lk_sim_population *p, *q;
    lk_error err;
    assert_int_equal(lk_sim_population_new(&p, 50000, 3, 0.03, 0.06, &err), LK_OK);
    assert_int_equal(lk_sim_population_new(&q, 50000, 3, 0.03, 0.06, &err), LK_OK);
    lk_sim_customer c, d, prev = {0};
    uint64_t n = 0, in_shared = 0;
    while (lk_sim_population_next(p, &c) == 0) {
        assert_int_equal(lk_sim_population_next(q, &d), 0);
        assert_memory_equal(&c, &d, sizeof(c));
        assert_true(c.household_size >= 1 && c.household_size <= 4);
        assert_true(c.member >= 1 && c.member <= c.household_size);
        if (c.member > 1) {
            assert_int_equal(c.household, prev.household);
            assert_int_equal(c.segment, prev.segment);
        }
        assert_true(c.score_v1 >= 0 && c.score_v1 <= 1 && c.score_v2 >= 0 && c.score_v2 <= 1);
        assert_true(c.pre_balance >= 0 && c.tenure_months >= 1);
        in_shared += c.household_size > 1;
        prev = c;
        n++;
    }
    assert_int_equal(n, 50000);
    assert_int_equal(lk_sim_population_next(q, &d), -1);
    /* About 30% of customers share a household: the share's binomial SE
       at n = 50000 is 0.002, households make it a little larger; 0.02
       leaves more than 5 SE either way. */
    double share = (double)in_shared / (double)n;
    assert_double_within(0.30, share, 0.02);
    lk_sim_population_free(p);
    lk_sim_population_free(q);
}

static void test_population_means_match_the_base_rate(void **state)
{
    (void)state;
    enum { N = 40000 };
    static double p0[N], up[N];
    lk_sim_population *p;
    lk_error err;
    assert_int_equal(lk_sim_population_new(&p, N, 11, 0.04, 0.06, &err), LK_OK);
    lk_sim_customer c;
    for (size_t i = 0; lk_sim_population_next(p, &c) == 0; i++) {
        p0[i] = c.p_control;
        up[i] = c.uplift;
    }
    lk_sim_population_free(p);
    /* The pilot normalizes both means to the base rate; this sample's mean
       may differ by sampling noise only: 5 standard errors of the mean. */
    double m0 = gsl_stats_mean(p0, 1, N), s0 = gsl_stats_sd(p0, 1, N);
    double mu = gsl_stats_mean(up, 1, N), su = gsl_stats_sd(up, 1, N);
    assert_double_within(0.04, m0, 5 * s0 / sqrt(N));
    assert_double_within(0.04, mu, 5 * su / sqrt(N));
}

/*
 * The CUPED covariates predict: pre_products rises with the baseline
 * propensity, opening balances scale with pre_balance, and the scale
 * averages 1 over the population (the pilot normalizes it).
 */
static void test_covariates_predict_propensity_and_balances(void **state)
{
    (void)state;
    enum { N = 20000 };
    static double prod[N], base[N], scale[N], bal[N], work[2 * N];
    lk_sim_population *p;
    lk_error err;
    assert_int_equal(lk_sim_population_new(&p, N, 7, 0.03, 0.06, &err), LK_OK);
    lk_sim_customer c;
    for (size_t i = 0; lk_sim_population_next(p, &c) == 0; i++) {
        assert_true(c.pre_products >= 1);
        prod[i] = c.pre_products;
        base[i] = c.p_control;
        scale[i] = c.balance_scale;
        bal[i] = c.pre_balance;
    }
    lk_sim_population_free(p);
    /* Spearman SE about 1/sqrt(N) = 0.007: the margins are tens of SEs.
       pre_products is Poisson around a mean that grows as p_control^0.8;
       the scale is a power of pre_balance before rounding to cents. */
    assert_true(gsl_stats_spearman(prod, 1, base, 1, N, work) > 0.3);
    assert_true(gsl_stats_spearman(scale, 1, bal, 1, N, work) > 0.999);
    /* the scale's sd is about 1.8 here: 5 standard errors of the mean */
    double ms = gsl_stats_mean(scale, 1, N), ss = gsl_stats_sd(scale, 1, N);
    assert_double_within(1.0, ms, 5 * ss / sqrt(N));
}

static void test_score_v2_ranks_uplift_better_than_score_v1(void **state)
{
    (void)state;
    enum { N = 20000 };
    static double v1[N], v2[N], up[N], base[N], work[2 * N];
    lk_sim_population *p;
    lk_error err;
    assert_int_equal(lk_sim_population_new(&p, N, 5, 0.03, 0.06, &err), LK_OK);
    lk_sim_customer c;
    for (size_t i = 0; lk_sim_population_next(p, &c) == 0; i++) {
        v1[i] = c.score_v1;
        v2[i] = c.score_v2;
        up[i] = c.uplift;
        base[i] = c.p_control;
    }
    lk_sim_population_free(p);
    double r1 = gsl_stats_spearman(v1, 1, up, 1, N, work);
    double r2 = gsl_stats_spearman(v2, 1, up, 1, N, work);
    double r1_base = gsl_stats_spearman(v1, 1, base, 1, N, work);
    /* At N = 20000 a Spearman coefficient's SE is about 1/sqrt(N) = 0.007:
       the margins below are tens of SEs. */
    assert_true(r2 > 0.75);
    assert_true(r2 - r1 > 0.5);
    assert_true(r1_base > 0.8);   /* v1 is a response model: it tracks the baseline */
}

/* Each customer's row number (1-based) from its id "C0000042". */
static uint64_t customer_number(const char *id)
{
    return strtoull(id + 1, NULL, 10);
}

static void test_arms_match_lk_assign_units_and_only_treated_get_offers(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(HOUSEHOLD_EXP);
    run r;
    lk_error err;
    simulate(&r, exp, 5000, 2, 1);

    static const char *const ccols[] = {"customer_id", "household_id", "segment"};
    int ci[3];
    lk_csv_reader *rd = open_csv(&r, "customers.csv", ccols, 3, ci);
    size_t n = 0;
    char **units = calloc(5000, sizeof(char *)), **strata = calloc(5000, sizeof(char *));
    int *arm = calloc(5000, sizeof(int));
    lk_csv_row *row;
    while (lk_csv_next(rd, &row, &err) == LK_OK && row) {
        assert_true(n < 5000);
        assert_int_equal(customer_number(row->field[ci[0]]), n + 1);
        units[n] = strdup(row->field[ci[1]]);
        strata[n] = strdup(row->field[ci[2]]);
        n++;
    }
    lk_csv_close(rd);
    assert_int_equal(n, 5000);
    assert_int_equal(lk_assign_units(exp, (const char *const *)units,
                                     (const char *const *)strata, n, arm, &err), LK_OK);

    static const char *const lcols[] = {"customer_id", "arm"};
    int li[2];
    rd = open_csv(&r, "latent.csv", lcols, 2, li);
    size_t k = 0;
    while (lk_csv_next(rd, &row, &err) == LK_OK && row) {
        assert_int_equal(customer_number(row->field[li[0]]), k + 1);
        assert_string_equal(row->field[li[1]], exp->arms[arm[k]].name);
        k++;
    }
    lk_csv_close(rd);
    assert_int_equal(k, n);

    static const char *const ocols[] = {"customer_id"};
    int oi[1];
    rd = open_csv(&r, "offers.csv", ocols, 1, oi);
    uint64_t offers = 0;
    while (lk_csv_next(rd, &row, &err) == LK_OK && row) {
        uint64_t c = customer_number(row->field[oi[0]]);
        assert_true(c >= 1 && c <= n);
        assert_int_not_equal(exp->arms[arm[c - 1]].role, LK_ROLE_CONTROL);
        offers++;
    }
    lk_csv_close(rd);
    assert_int_equal(r.res.arm[exp->control].offers, 0);
    assert_int_equal(offers, r.res.offers);
    assert_true(offers > 0);

    for (size_t i = 0; i < n; i++) {
        free(units[i]);
        free(strata[i]);
    }
    free(units);
    free(strata);
    free(arm);
    cleanup(&r);
    lk_experiment_free(exp);
}

static void test_ids_unique_and_dates_in_their_ranges(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(CUSTOMER_EXP);
    run r;
    lk_error err;
    simulate(&r, exp, 20000, 4, 0);
    int32_t start = exp->start, end = exp->start + exp->window;
    assert_int_equal(start, START_DAY);

    static const char *const ocols[] = {"offer_id", "offer_date", "channel", "cost"};
    int oi[4];
    lk_csv_reader *rd = open_csv(&r, "offers.csv", ocols, 4, oi);
    lk_strmap *ids = lk_strmap_new(0);
    lk_csv_row *row;
    while (lk_csv_next(rd, &row, &err) == LK_OK && row) {
        int added;
        int32_t day;
        double cost;
        lk_strmap_intern(ids, row->field[oi[0]], row->len[oi[0]], &added);
        assert_true(added);
        assert_int_equal(lk_csv_get_date(rd, row, oi[1], &day, &err), LK_OK);
        /* waves on day 0, 30, 60; email and app spread over 3 days */
        int32_t d = day - start;
        assert_true((d >= 0 && d <= 2) || (d >= 30 && d <= 32) || (d >= 60 && d <= 62));
        if (!strcmp(row->field[oi[2]], "mail"))
            assert_int_equal(d % 30, 0);
        assert_int_equal(lk_csv_get_double(rd, row, oi[3], &cost, &err), LK_OK);
        assert_true(cost > 0);
    }
    lk_csv_close(rd);
    lk_strmap_free(ids);

    static const char *const pcols[] = {"account_id", "open_date", "balance", "product"};
    int pi[4];
    rd = open_csv(&r, "openings.csv", pcols, 4, pi);
    ids = lk_strmap_new(0);
    unsigned long before = 0, after = 0, rows = 0;
    while (lk_csv_next(rd, &row, &err) == LK_OK && row) {
        int added;
        int32_t day;
        double balance;
        lk_strmap_intern(ids, row->field[pi[0]], row->len[pi[0]], &added);
        assert_true(added);
        assert_int_equal(lk_csv_get_date(rd, row, pi[1], &day, &err), LK_OK);
        assert_true(day >= start - 60 && day <= end + 60);
        before += day < start;
        after += day > end;
        assert_int_equal(lk_csv_get_double(rd, row, pi[2], &balance, &err), LK_OK);
        assert_true(balance >= 0);
        assert_true(row->len[pi[3]] > 0);
        rows++;
    }
    lk_csv_close(rd);
    lk_strmap_free(ids);
    assert_int_equal(rows, r.res.openings);
    assert_true(before > 0 && after > 0);   /* window filtering matters */
    cleanup(&r);
    lk_experiment_free(exp);
}

/*
 * Realized responders per arm against the simulation's expected count.
 * Units respond independently with probabilities p_i, so the count's
 * variance is sum p_i (1 - p_i) <= n pbar (1 - pbar) (Jensen); 4.5 such
 * binomial standard errors give a false alarm about once in 150,000.
 */
static void assert_within_binomial(double realized, double expected, double n)
{
    double p = expected / n;
    double se = sqrt(n * p * (1 - p));
    assert_double_within(expected, realized, 4.5 * se);
}

static void test_realized_rates_match_truth_within_binomial_noise(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(HOUSEHOLD_EXP);
    run r;
    simulate(&r, exp, 60000, 9, 0);
    uint64_t customers = 0;
    for (size_t a = 0; a < exp->narms; a++) {
        const lk_sim_arm_truth *t = &r.res.arm[a];
        customers += t->customers;
        assert_within_binomial((double)t->target_units, t->expected_target, (double)t->units);
        assert_within_binomial((double)t->any_units, t->expected_any, (double)t->units);
        if (exp->arms[a].role == LK_ROLE_CONTROL) {
            assert_int_equal(t->contacted, 0);
            assert_int_equal(t->direct + t->halo, 0);
        } else {
            /* 0.92 eligible x 3 waves x 0.805: 2.22 offers per treated customer */
            double per = (double)t->offers / (double)t->customers;
            assert_true(per > 2.1 && per < 2.35);
            assert_true(t->direct > 0 && t->halo > 0);
        }
    }
    assert_int_equal(customers, 60000);
    /* The treated arms' expected customer-level rates carry their lifts:
       with 18,000 customers an arm's mean propensity has an SE of about
       0.0004, so 0.002 absolute is about 5 SE. */
    const lk_sim_arm_truth *ctrl = &r.res.arm[exp->control];
    double base = ctrl->expected_target_customers / (double)ctrl->customers;
    assert_double_within(0.03, base, 0.002);
    for (size_t a = 0; a < exp->narms; a++) {
        const lk_sim_arm_truth *t = &r.res.arm[a];
        double rate = t->expected_target_customers / (double)t->customers;
        assert_double_within(0.03 * (1 + t->rel), rate, 0.002);
    }
    cleanup(&r);
    lk_experiment_free(exp);
}

/* Up to 3 offers per customer, read back from offers.csv. */
typedef struct offer_back {
    int n;
    int32_t lo[4], hi[4];      /* the credit interval of each offer (three waves, and
                                  the extra offer of a policy breach) */
    int target[4];             /* index into exp->products */
} offer_back;

static int product_index(const lk_experiment *exp, const char *name)
{
    for (size_t i = 0; i < exp->nproducts; i++)
        if (!strcmp(exp->products[i], name))
            return (int)i;
    return -1;
}

static offer_back *read_offers(const run *r, const lk_experiment *exp, size_t n)
{
    static const char *const cols[] = {"customer_id", "product", "channel", "offer_date"};
    int ix[4];
    lk_error err;
    lk_csv_row *row;
    offer_back *ob = calloc(n, sizeof(*ob));
    lk_csv_reader *rd = open_csv(r, "offers.csv", cols, 4, ix);
    while (lk_csv_next(rd, &row, &err) == LK_OK && row) {
        offer_back *o = &ob[customer_number(row->field[ix[0]]) - 1];
        int32_t day;
        assert_int_equal(lk_csv_get_date(rd, row, ix[3], &day, &err), LK_OK);
        assert_true(o->n < 4);
        o->target[o->n] = product_index(exp, row->field[ix[1]]);
        assert_true(o->target[o->n] >= 0);
        o->lo[o->n] = day + lk_experiment_lag_for(exp, row->field[ix[2]]);
        int32_t hi = day + lk_experiment_window_for(exp, row->field[ix[1]]);
        o->hi[o->n] = hi < exp->start + exp->window ? hi : exp->start + exp->window;
        o->n++;
    }
    lk_csv_close(rd);
    return ob;
}

/*
 * With a tiny base rate and a large effect nearly every in-window target
 * opening of a treated customer is a direct response.  Each direct
 * response must fall in the credit interval of an offer of its product
 * (offer_date + lag <= open_date <= offer_date + window, inside the
 * measurement window), each halo response in some offer's interval; so
 * the openings that match are at least the simulation's direct and halo
 * counts, and at most those plus the organic ones.
 */
static void test_responses_fall_in_their_offers_credit_windows(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(CUSTOMER_EXP);
    lk_simulate_options opt;
    lk_error err;
    run r;
    const char *arms[] = {"champion", "challenger"};
    double rel[] = {10, 10};
    lk_simulate_options_init(&opt);
    opt.customers = 20000;
    opt.seed = 12;
    opt.base_rate = 0.002;
    opt.other_rate = 0.01;
    opt.halo = 3;
    opt.effect_arm = arms;
    opt.effect_rel = rel;
    opt.neffects = 2;
    strcpy(r.dir, "/tmp/lk-sim-XXXXXX");
    assert_non_null(mkdtemp(r.dir));
    opt.out_dir = r.dir;
    assert_int_equal(lk_simulate(exp, &opt, &r.res, &err), LK_OK);
    offer_back *ob = read_offers(&r, exp, 20000);

    static const char *const cols[] = {"customer_id", "product", "open_date"};
    int ix[3];
    lk_csv_row *row;
    unsigned long direct_ok = 0, halo_ok = 0;
    lk_csv_reader *rd = open_csv(&r, "openings.csv", cols, 3, ix);
    while (lk_csv_next(rd, &row, &err) == LK_OK && row) {
        const offer_back *o = &ob[customer_number(row->field[ix[0]]) - 1];
        int32_t day;
        assert_int_equal(lk_csv_get_date(rd, row, ix[2], &day, &err), LK_OK);
        int target = product_index(exp, row->field[ix[1]]);
        int match = 0;
        for (int i = 0; i < o->n; i++)
            if (day >= o->lo[i] && day <= o->hi[i] && (target < 0 || o->target[i] == target))
                match = 1;
        direct_ok += match && target >= 0;
        halo_ok += match && target < 0;
    }
    lk_csv_close(rd);
    uint64_t direct = 0, halo = 0, organic = 0;
    for (size_t a = 0; a < exp->narms; a++) {
        direct += r.res.arm[a].direct;
        halo += r.res.arm[a].halo;
        organic += r.res.arm[a].organic;
    }
    assert_true(direct > 200 && halo > 300);
    assert_true(direct_ok >= direct && direct_ok <= direct + organic);
    assert_true(halo_ok >= halo && halo_ok <= halo + organic);
    free(ob);
    cleanup(&r);
    lk_experiment_free(exp);
}

/*
 * truth.csv's realized counts are the same numbers the measuring side
 * computes: assign customers.csv (lk_assign_csv), load the units with
 * their openings (lk_units_load), and per arm the units, target and any
 * responders, balances and [value] agree with the simulation's own
 * bookkeeping.
 */
static void test_truth_counts_equal_what_units_measure(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(HOUSEHOLD_EXP);
    run r;
    lk_error err;
    simulate(&r, exp, 8000, 21, 0);
    char customers[256], assignments[256], openings[256];
    path_of(customers, &r, "customers.csv");
    path_of(assignments, &r, "latent.csv"); /* removed by cleanup */
    path_of(openings, &r, "openings.csv");
    FILE *f = fopen(assignments, "w");
    assert_non_null(f);
    lk_assign_options aopt = {customers, f, NULL, {NULL, NULL, NULL}};
    lk_assign_summary sum;
    assert_int_equal(lk_assign_csv(exp, &aopt, &sum, &err), LK_OK);
    lk_assign_summary_release(&sum);
    assert_int_equal(fclose(f), 0);

    lk_units *u;
    lk_units_options uopt = {0};
    if (lk_units_load(&u, exp, assignments, openings, &uopt, &err) != LK_OK)
        fail_msg("units: %s", err.msg);
    double n[8], target[8], any[8], bt[8], ba[8], sq[8];
    lk_units_sums(u, LK_METRIC_RESPONSE_TARGET, n, target, sq);
    lk_units_sums(u, LK_METRIC_RESPONSE_ANY, n, any, sq);
    lk_units_sums(u, LK_METRIC_BALANCE_TARGET, n, bt, sq);
    lk_units_sums(u, LK_METRIC_BALANCE_ANY, n, ba, sq);
    double value[8] = {0};
    for (size_t i = 0; i < u->n; i++)
        value[u->arm[i]] += u->value[i];
    for (size_t a = 0; a < exp->narms; a++) {
        const lk_sim_arm_truth *t = &r.res.arm[a];
        assert_int_equal((uint64_t)n[a], t->units);
        assert_int_equal((uint64_t)target[a], t->target_units);
        assert_int_equal((uint64_t)any[a], t->any_units);
        assert_double_within(t->balance_target, bt[a], 1e-6 * (1 + t->balance_target));
        assert_double_within(t->balance_any, ba[a], 1e-6 * (1 + t->balance_any));
        assert_double_near(t->value, value[a], 1e-6);
    }
    assert_int_equal(u->openings_rows, r.res.openings);
    lk_units_free(u);
    cleanup(&r);
    lk_experiment_free(exp);
}

static void test_effect_options_are_checked(void **state)
{
    (void)state;
    lk_experiment *exp = experiment(CUSTOMER_EXP);
    lk_simulate_options opt;
    lk_error err;
    lk_simulate_options_init(&opt);
    opt.customers = 10;
    opt.out_dir = "/nonexistent-dir-for-sure";
    const char *arms[] = {"nope"};
    double rel[] = {0.1};
    opt.effect_arm = arms;
    opt.effect_rel = rel;
    opt.neffects = 1;
    assert_int_equal(lk_simulate(exp, &opt, NULL, &err), LK_EUSAGE);
    assert_string_equal(err.msg, "unknown arm 'nope' in --effect: the arms are champion, "
                                 "challenger, control");
    arms[0] = "control";
    assert_int_equal(lk_simulate(exp, &opt, NULL, &err), LK_EUSAGE);
    arms[0] = "challenger";
    rel[0] = -1.5;
    assert_int_equal(lk_simulate(exp, &opt, NULL, &err), LK_EUSAGE);
    opt.neffects = 0;
    opt.customers = 0;
    assert_int_equal(lk_simulate(exp, &opt, NULL, &err), LK_EUSAGE);
    opt.customers = 10;
    opt.base_rate = 0.7;
    assert_int_equal(lk_simulate(exp, &opt, NULL, &err), LK_EUSAGE);
    lk_experiment_free(exp);
}

static void test_unit_and_stratify_columns_must_be_simulated(void **state)
{
    (void)state;
    lk_simulate_options opt;
    lk_error err;
    lk_simulate_options_init(&opt);
    opt.customers = 10;
    lk_experiment *exp = experiment(
        "[experiment]\nname = x\nunit = branch_id\nstart = 2026-01-05\nwindow = 90\n"
        "products = card\n[arm:a]\nrole = champion\nweight = 1\n");
    assert_int_equal(lk_simulate(exp, &opt, NULL, &err), LK_EUSAGE);
    assert_non_null(strstr(err.msg, "'branch_id'"));
    lk_experiment_free(exp);
    exp = experiment("[experiment]\nname = x\nstratify = region\nstart = 2026-01-05\n"
                     "window = 90\nproducts = card\n[arm:a]\nrole = champion\nweight = 1\n");
    assert_int_equal(lk_simulate(exp, &opt, NULL, &err), LK_EUSAGE);
    assert_non_null(strstr(err.msg, "'region'"));
    lk_experiment_free(exp);
}

static void test_format_id_pads_to_seven_digits(void **state)
{
    (void)state;
    char buf[32];
    assert_int_equal(lk_sim_format_id(buf, 'C', 42), 8);
    assert_string_equal(buf, "C0000042");
    assert_int_equal(lk_sim_format_id(buf, 'H', 12345678), 9);
    assert_string_equal(buf, "H12345678");
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_gives_identical_files_other_seed_differs),
        cmocka_unit_test(test_population_replays_and_households_share_segment),
        cmocka_unit_test(test_population_means_match_the_base_rate),
        cmocka_unit_test(test_covariates_predict_propensity_and_balances),
        cmocka_unit_test(test_score_v2_ranks_uplift_better_than_score_v1),
        cmocka_unit_test(test_arms_match_lk_assign_units_and_only_treated_get_offers),
        cmocka_unit_test(test_ids_unique_and_dates_in_their_ranges),
        cmocka_unit_test(test_realized_rates_match_truth_within_binomial_noise),
        cmocka_unit_test(test_responses_fall_in_their_offers_credit_windows),
        cmocka_unit_test(test_truth_counts_equal_what_units_measure),
        cmocka_unit_test(test_effect_options_are_checked),
        cmocka_unit_test(test_unit_and_stratify_columns_must_be_simulated),
        cmocka_unit_test(test_format_id_pads_to_seven_digits),
    };
    return cmocka_run_group_tests_name("simulate", tests, NULL, NULL);
}
