/*
 * simulate.c - the synthetic bank behind every demo, test and benchmark.
 *
 * Two passes over one deterministic customer stream.  The first draws the
 * customers (covariates, scores, latent propensities) and writes
 * customers.csv; for the stratified method it also keeps the unit ids to
 * assign them all at once, as 'liftkit assign' would.  The second replays
 * the same stream (same seed), looks each unit's arm up (hash method: the
 * assign module's hash; stratified: the table from pass one) and draws
 * offers and openings with a second generator, writing offers.csv,
 * openings.csv and the bookkeeping that becomes truth.csv.
 *
 * What stays true: every random number comes from GSL's MT19937 seeded
 * from the seed; the population's constants (mean propensities) come from
 * a fixed pilot sample, so they are the same for every seed and size; a
 * customer's probabilities are computed once and reused for the expected
 * rates in truth.csv, so realized and expected rates differ only by the
 * Bernoulli draws.  The model is documented in notes/simulate.md.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "liftkit/assign.h"
#include "liftkit/experiment.h"
#include "liftkit/liftkit.h"
#include "liftkit/output.h"
#include "liftkit/simulate.h"

/* ---- the population model ---- */

static const struct segment_model {
    const char *name;
    double share;
    double tenure_shape, tenure_scale;  /* gamma, months */
    double balance_median, balance_sigma;
    double log_base;      /* segment term of the log baseline propensity */
    double log_uplift;    /* segment term of the log uplift */
} SEGMENTS[LK_SEG_COUNT] = {
    {"mass", 0.55, 2.0, 36.0, 2500.0, 1.1, 0.00, 0.20},
    {"affluent", 0.12, 3.0, 40.0, 45000.0, 0.9, 0.35, -0.60},
    {"young", 0.18, 1.5, 16.0, 600.0, 1.2, -0.25, 0.50},
    {"senior", 0.10, 4.0, 50.0, 18000.0, 1.0, -0.10, -0.80},
    {"small-business", 0.05, 2.0, 30.0, 15000.0, 1.3, 0.20, 0.00},
};

#define MULTI_HOUSEHOLD_P 0.1415  /* 30% of customers live in households of 2-4 */
#define PILOT_SEED 20260105UL
#define PILOT_SIZE 100000u
#define UPLIFT_CAP 20.0           /* latent uplift at most 20x the mean */
#define PROPENSITY_CAP 0.5

const char *lk_sim_segment_name(lk_sim_segment s)
{
    return s < LK_SEG_COUNT ? SEGMENTS[s].name : "";
}

struct lk_sim_population {
    gsl_rng *rng;
    gsl_ran_discrete_t *segment_table;
    uint64_t n, done;
    uint64_t household;
    int household_size, member;
    lk_sim_segment segment;
    double household_wealth;      /* shared log-balance shift of the household */
    double base_rate, other_rate;
    double mean_base, mean_other, mean_uplift;  /* pilot means of the raw factors */
};

/* The raw latent factors of one customer before normalization. */
typedef struct raw_customer {
    double log_base;       /* log baseline propensity (with its noise) */
    double log_uplift;     /* log uplift (with its noise) */
} raw_customer;

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

static void start_household(lk_sim_population *p)
{
    static const double multi_sizes[] = {0.55, 0.30, 0.15};  /* sizes 2, 3, 4 */
    p->household++;
    p->member = 0;
    double u = gsl_rng_uniform(p->rng);
    int size = 1;
    if (u < MULTI_HOUSEHOLD_P) {
        double v = u / MULTI_HOUSEHOLD_P, acc = 0;
        for (size = 2; size < 4; size++) {
            acc += multi_sizes[size - 2];
            if (v < acc)
                break;
        }
    }
    uint64_t left = p->n - p->done;
    p->household_size = (uint64_t)size > left ? (int)left : size;
    p->segment = (lk_sim_segment)gsl_ran_discrete(p->rng, p->segment_table);
    p->household_wealth = gsl_ran_gaussian_ziggurat(p->rng, 0.3);
}

/*
 * Draw one customer's covariates and scores into c and its raw latent
 * factors into raw.  The draws per customer are fixed in number and order,
 * so a replay with the same seed gives the same customers.
 */
static void draw_customer(lk_sim_population *p, lk_sim_customer *c, raw_customer *raw)
{
    if (p->member >= p->household_size)
        start_household(p);
    const struct segment_model *m = &SEGMENTS[p->segment];
    p->member++;
    p->done++;

    double tenure = gsl_ran_gamma(p->rng, m->tenure_shape, m->tenure_scale);
    int months = (int)floor(tenure) + 1;
    if (months > 600)
        months = 600;
    double log_balance = log(m->balance_median) + p->household_wealth
                         + 0.15 * log(months / 60.0)
                         + gsl_ran_gaussian_ziggurat(p->rng, m->balance_sigma);
    double balance = floor(exp(log_balance) * 100.0 + 0.5) / 100.0;

    double zb = (log_balance - 8.0) / 1.6;         /* standardized log balance */
    double zt = (log((double)months) - 4.0) / 0.9; /* standardized log tenure */
    double eps_base = gsl_ran_gaussian_ziggurat(p->rng, 0.6);
    double eps_uplift = gsl_ran_gaussian_ziggurat(p->rng, 0.35);
    double noise_v1 = gsl_ran_gaussian_ziggurat(p->rng, 0.3);
    double noise_v2 = gsl_ran_gaussian_ziggurat(p->rng, 0.45);

    /* Who opens anyway: wealthy, long-standing customers.  Who is moved by
       an offer: modest balances, mid tenure, young and mass segments. */
    double base_cov = m->log_base + 0.45 * zb + 0.25 * zt;
    double uplift_cov = 1.6 * (m->log_uplift - 0.6 * zb - 0.3 * (zt - 0.2) * (zt - 0.2));
    raw->log_base = base_cov + eps_base;
    raw->log_uplift = uplift_cov + eps_uplift;

    c->number = p->done;
    c->household = p->household;
    c->household_size = p->household_size;
    c->member = p->member;
    c->segment = p->segment;
    c->tenure_months = months;
    c->pre_balance = balance;
    c->score_v1 = logistic(-3.4 + base_cov + 0.5 * eps_base + noise_v1);
    c->score_v2 = logistic(-1.5 + 0.6 * uplift_cov + 0.15 * base_cov + noise_v2);
}

static void finish_customer(const lk_sim_population *p, const raw_customer *raw,
                            lk_sim_customer *c)
{
    double b = exp(raw->log_base);
    c->p_control = fmin(p->base_rate * b / p->mean_base, PROPENSITY_CAP);
    c->p_other = fmin(p->other_rate * sqrt(b) / p->mean_other, PROPENSITY_CAP);
    c->uplift = p->base_rate * fmin(exp(raw->log_uplift) / p->mean_uplift, UPLIFT_CAP);
}

static int population_alloc(lk_sim_population **out, uint64_t n, unsigned long seed,
                            lk_error *err)
{
    double shares[LK_SEG_COUNT];
    for (int s = 0; s < LK_SEG_COUNT; s++)
        shares[s] = SEGMENTS[s].share;
    lk_sim_population *p = calloc(1, sizeof(*p));
    if (p) {
        p->rng = gsl_rng_alloc(gsl_rng_mt19937);
        p->segment_table = gsl_ran_discrete_preproc(LK_SEG_COUNT, shares);
    }
    if (!p || !p->rng || !p->segment_table) {
        lk_sim_population_free(p);
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory");
    }
    gsl_rng_set(p->rng, seed);
    p->n = n;
    *out = p;
    return LK_OK;
}

/* The means of the raw factors over a fixed pilot population. */
static int pilot_means(double *base, double *other, double *uplift, lk_error *err)
{
    lk_sim_population *pilot;
    int rc = population_alloc(&pilot, PILOT_SIZE, PILOT_SEED, err);
    if (rc)
        return rc;
    double sb = 0, so = 0, su = 0;
    for (unsigned i = 0; i < PILOT_SIZE; i++) {
        lk_sim_customer c;
        raw_customer raw;
        draw_customer(pilot, &c, &raw);
        sb += exp(raw.log_base);
        so += exp(0.5 * raw.log_base);
        su += exp(raw.log_uplift);
    }
    lk_sim_population_free(pilot);
    *base = sb / PILOT_SIZE;
    *other = so / PILOT_SIZE;
    *uplift = su / PILOT_SIZE;
    return LK_OK;
}

int lk_sim_population_new(lk_sim_population **out, uint64_t n, unsigned long seed,
                          double base_rate, double other_rate, lk_error *err)
{
    *out = NULL;
    if (!(base_rate > 0 && base_rate <= 0.5))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "base rate must be in (0, 0.5], got %g", base_rate);
    if (!(other_rate > 0 && other_rate <= 0.5))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "other rate must be in (0, 0.5], got %g", other_rate);
    lk_sim_population *p;
    int rc = population_alloc(&p, n, seed, err);
    if (rc)
        return rc;
    rc = pilot_means(&p->mean_base, &p->mean_other, &p->mean_uplift, err);
    if (rc) {
        lk_sim_population_free(p);
        return rc;
    }
    p->base_rate = base_rate;
    p->other_rate = other_rate;
    *out = p;
    return LK_OK;
}

int lk_sim_population_next(lk_sim_population *p, lk_sim_customer *c)
{
    if (p->done >= p->n)
        return -1;
    raw_customer raw;
    draw_customer(p, c, &raw);
    finish_customer(p, &raw, c);
    return 0;
}

void lk_sim_population_free(lk_sim_population *p)
{
    if (!p)
        return;
    if (p->rng)
        gsl_rng_free(p->rng);
    if (p->segment_table)
        gsl_ran_discrete_free(p->segment_table);
    free(p);
}

/* Decimal digits of v, at least width of them, and a NUL; returns the length. */
static size_t write_digits(char *buf, uint64_t v, int width)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    size_t at = 0;
    for (int i = n; i < width; i++)
        buf[at++] = '0';
    while (n)
        buf[at++] = digits[--n];
    buf[at] = '\0';
    return at;
}

static size_t format_number(char *buf, char prefix, uint64_t v, int width)
{
    buf[0] = prefix;
    return 1 + write_digits(buf + 1, v, width);
}

size_t lk_sim_format_id(char *buf, char prefix, uint64_t number)
{
    return format_number(buf, prefix, number, 7);
}

/* A non-negative value with 0-6 decimals, rounded half up (no printf). */
static size_t format_fixed(char *buf, double v, int decimals)
{
    static const uint64_t scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    uint64_t r = (uint64_t)(v * (double)scale[decimals] + 0.5);
    size_t at = write_digits(buf, r / scale[decimals], 1);
    if (decimals) {
        buf[at++] = '.';
        at += write_digits(buf + at, r % scale[decimals], decimals);
    }
    return at;
}

/* ---- the campaign ---- */

void lk_simulate_options_init(lk_simulate_options *opt)
{
    memset(opt, 0, sizeof(*opt));
    opt->seed = 1;
    opt->base_rate = 0.03;
    opt->other_rate = 0.06;
    opt->halo = 0.05;
}

#define MAX_WAVES 3
#define WAVE_DAYS 30
#define ELIGIBLE_P 0.92       /* not on a do-not-contact list */
#define WAVE_P 0.805          /* contacted in a given wave, when eligible */
#define OUTSIDE_DAYS 60       /* organic openings this far before and after the window */
#define SECOND_TARGET_P 0.08  /* an organic target opening brings a second target product */
#define DIRECT_MEAN_DAYS 12.0 /* mean response delay after the in-home date */
#define HALO_MEAN_DAYS 20.0
#define MAX_OPENINGS 16

enum { CH_MAIL, CH_EMAIL, CH_APP, NCHANNELS };
static const char *const CHANNELS[NCHANNELS] = {"mail", "email", "app"};
static const double CHANNEL_COST[NCHANNELS] = {0.65, 0.02, 0.01};

/* Channel mixes: the champion's, then the challengers' in turn. */
static const double CHAMPION_MIX[NCHANNELS] = {0.40, 0.40, 0.20};
static const double CHALLENGER_MIX[2][NCHANNELS] = {{0.20, 0.45, 0.35}, {0.50, 0.30, 0.20}};

static const struct product_model {
    const char *name;
    double popularity;        /* relative frequency of organic openings */
    double p_zero;            /* share opened with a zero balance */
    double median, sigma;     /* lognormal balance */
} CATALOGUE[] = {
    {"card", 3.0, 0.35, 1800.0, 1.0},
    {"deposit", 4.0, 0.0, 5000.0, 1.3},
    {"heloc", 1.0, 0.0, 45000.0, 0.7},
    {"mortgage", 0.6, 0.0, 240000.0, 0.5},
    {"personal-loan", 1.0, 0.0, 12000.0, 0.6},
    {"auto-loan", 0.8, 0.0, 26000.0, 0.4},
};
#define NCATALOGUE (sizeof(CATALOGUE) / sizeof(CATALOGUE[0]))
static const struct product_model OTHER_PRODUCT = {"", 1.0, 0.0, 5000.0, 1.0};

typedef struct product {
    const char *name;
    struct product_model model;
    int target;
    int window;       /* attribution window of an offer of it, days */
    double value;     /* [value] of one opening */
} product;

typedef struct channel {
    double cost;
    int lag;
    char cost_text[32];
} channel;

typedef struct offer {
    int product, channel;
    int32_t day;
    int32_t lo, hi;   /* days an opening can be credited to it (lo > hi: none) */
} offer;

enum cause { ORGANIC, DIRECT, HALO };

typedef struct opening {
    int product;
    int32_t day;
    enum cause cause;
} opening;

enum { F_CUSTOMERS, F_OFFERS, F_OPENINGS, F_TRUTH, F_LATENT, NFILES };
static const char *const FILES[NFILES] = {"customers.csv", "offers.csv", "openings.csv",
                                          "truth.csv", "latent.csv"};

typedef struct unit_state {
    int arm;
    double p_no_target, p_no_any;     /* P(no such opening in the window) so far */
    int target, any;                  /* realized in the window */
} unit_state;

typedef struct sim {
    const lk_experiment *exp;
    const lk_simulate_options *opt;
    gsl_rng *rng;
    int32_t start, end;               /* the measurement window [start, end] */
    int by_household;

    double *rel;                      /* per arm */
    gsl_ran_discrete_t **channel_mix; /* per arm (NULL for the control) */
    gsl_ran_discrete_t **product_mix; /* per arm, over the targets */
    gsl_ran_discrete_t *target_pick, *other_pick;
    product *products;
    size_t nproducts;
    int *targets, *others;            /* product indexes */
    size_t ntargets, nothers;
    channel channels[NCHANNELS];
    int nwaves;
    double contact_p;                 /* P(at least one offer) of a treated customer */

    lk_assign_plan plan;
    lk_assign_hasher hasher;
    int hashed;
    uint8_t *unit_arm;                /* stratified: arm per unit number - 1 */

    lk_output *out[NFILES];
    lk_csv_writer *w[NFILES];
    uint64_t offers, openings, households;
    unit_state unit;
    lk_sim_arm_truth *truth;
} sim;

static int oom(lk_error *err)
{
    return lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory");
}

static int add_product(sim *s, const char *name, int target)
{
    for (size_t i = 0; i < s->nproducts; i++)
        if (!strcmp(s->products[i].name, name)) {
            s->products[i].target |= target;
            return 0;
        }
    product *p = &s->products[s->nproducts++];
    p->name = name;
    p->model = OTHER_PRODUCT;
    for (size_t i = 0; i < NCATALOGUE; i++)
        if (!strcmp(CATALOGUE[i].name, name))
            p->model = CATALOGUE[i];
    p->target = target;
    int w = lk_experiment_window_for(s->exp, name);
    p->window = w >= 0 ? w : s->exp->window;
    double v;
    p->value = lk_settings_get(&s->exp->value, name, &v) == 0 ? v : 0;
    return 0;
}

static gsl_ran_discrete_t *pick_table(const sim *s, const int *idx, size_t n)
{
    double wts[NCATALOGUE + 64];
    if (n == 0 || n > sizeof(wts) / sizeof(wts[0]))
        return NULL;
    for (size_t i = 0; i < n; i++)
        wts[i] = s->products[idx[i]].model.popularity;
    return gsl_ran_discrete_preproc(n, wts);
}

static int setup_products(sim *s, lk_error *err)
{
    const lk_experiment *exp = s->exp;
    size_t cap = NCATALOGUE + exp->nproducts;
    s->products = calloc(cap, sizeof(*s->products));
    s->targets = calloc(cap, sizeof(int));
    s->others = calloc(cap, sizeof(int));
    if (!s->products || !s->targets || !s->others)
        return oom(err);
    if (exp->nproducts == 0 || exp->nproducts > 64)
        return lk_error_set(err, LK_EUSAGE, exp->path, 0, 0,
                            "simulate needs 1 to 64 target products, got %zu",
                            exp->nproducts);
    for (size_t i = 0; i < exp->nproducts; i++)
        add_product(s, exp->products[i], 1);
    for (size_t i = 0; i < NCATALOGUE; i++)
        add_product(s, CATALOGUE[i].name, 0);
    for (size_t i = 0; i < s->nproducts; i++) {
        if (s->products[i].target)
            s->targets[s->ntargets++] = (int)i;
        else
            s->others[s->nothers++] = (int)i;
    }
    s->target_pick = pick_table(s, s->targets, s->ntargets);
    s->other_pick = pick_table(s, s->others, s->nothers);
    if (!s->target_pick || (s->nothers && !s->other_pick))
        return oom(err);
    return LK_OK;
}

static int setup_channels(sim *s)
{
    for (int c = 0; c < NCHANNELS; c++) {
        channel *ch = &s->channels[c];
        double v;
        ch->cost = lk_settings_get(&s->exp->cost, CHANNELS[c], &v) == 0 ? v : CHANNEL_COST[c];
        ch->lag = lk_experiment_lag_for(s->exp, CHANNELS[c]);
        snprintf(ch->cost_text, sizeof(ch->cost_text), "%.6g", ch->cost);
    }
    s->nwaves = (s->exp->window + WAVE_DAYS - 1) / WAVE_DAYS;
    if (s->nwaves < 1)
        s->nwaves = 1;
    if (s->nwaves > MAX_WAVES)
        s->nwaves = MAX_WAVES;
    s->contact_p = ELIGIBLE_P * (1.0 - pow(1.0 - WAVE_P, s->nwaves));
    return LK_OK;
}

/* Default relative lifts: champion 0.25; challengers 0.40, then 0.25. */
static int setup_effects(sim *s, lk_error *err)
{
    const lk_experiment *exp = s->exp;
    const lk_simulate_options *opt = s->opt;
    int challengers = 0;
    for (size_t a = 0; a < exp->narms; a++) {
        lk_role role = exp->arms[a].role;
        s->rel[a] = role == LK_ROLE_CONTROL ? 0
                    : role == LK_ROLE_CHAMPION ? 0.25
                    : challengers++ == 0 ? 0.40 : 0.25;
    }
    for (size_t i = 0; i < opt->neffects; i++) {
        int a = lk_experiment_arm(exp, opt->effect_arm[i]);
        if (a < 0)
            return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "unknown arm '%s' in --effect",
                                opt->effect_arm[i]);
        if (exp->arms[a].role == LK_ROLE_CONTROL)
            return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                                "arm '%s' is the control: it has no effect to set",
                                opt->effect_arm[i]);
        if (!(opt->effect_rel[i] > -1 && opt->effect_rel[i] <= 10))
            return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                                "effect of arm '%s' must be in (-1, 10], got %g",
                                opt->effect_arm[i], opt->effect_rel[i]);
        s->rel[a] = opt->effect_rel[i];
    }
    return LK_OK;
}

static int setup_mixes(sim *s, lk_error *err)
{
    const lk_experiment *exp = s->exp;
    int challengers = 0;
    for (size_t a = 0; a < exp->narms; a++) {
        lk_role role = exp->arms[a].role;
        if (role == LK_ROLE_CONTROL)
            continue;
        const double *cmix = role == LK_ROLE_CHAMPION ? CHAMPION_MIX
                                                      : CHALLENGER_MIX[challengers % 2];
        /* The champion offers the targets evenly; challenger j favours
           target j + 1 (two to one), so offer mixes differ by arm. */
        double pw[64];
        for (size_t t = 0; t < s->ntargets; t++)
            pw[t] = role == LK_ROLE_CHALLENGER && t == (size_t)(challengers + 1) % s->ntargets
                        ? 2.0 : 1.0;
        if (role == LK_ROLE_CHALLENGER)
            challengers++;
        s->channel_mix[a] = gsl_ran_discrete_preproc(NCHANNELS, cmix);
        s->product_mix[a] = gsl_ran_discrete_preproc(s->ntargets, pw);
        if (!s->channel_mix[a] || !s->product_mix[a])
            return oom(err);
    }
    return LK_OK;
}

static int check_experiment(const lk_experiment *exp, int *by_household, lk_error *err)
{
    if (!strcmp(exp->unit, "customer_id"))
        *by_household = 0;
    else if (!strcmp(exp->unit, "household_id"))
        *by_household = 1;
    else
        return lk_error_set(err, LK_EUSAGE, exp->path, 0, 0,
                            "simulate randomizes by customer_id or household_id, not '%s'",
                            exp->unit);
    if (exp->stratify && strcmp(exp->stratify, "segment") != 0)
        return lk_error_set(err, LK_EUSAGE, exp->path, 0, 0,
                            "simulate can stratify only by 'segment', not '%s'",
                            exp->stratify);
    if (exp->narms > 255)
        return lk_error_set(err, LK_EUSAGE, exp->path, 0, 0,
                            "simulate handles at most 255 arms");
    if (exp->window < 1)
        return lk_error_set(err, LK_EUSAGE, exp->path, 0, 0,
                            "simulate needs a window of at least one day");
    return LK_OK;
}

static int check_options(const lk_simulate_options *opt, lk_error *err)
{
    if (opt->customers < 1 || opt->customers > 100000000)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "number of customers must be 1 to 100000000");
    if (!(opt->base_rate > 0 && opt->base_rate <= 0.5))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "base rate must be in (0, 0.5], got %g", opt->base_rate);
    if (!(opt->other_rate > 0 && opt->other_rate <= 0.5))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "other rate must be in (0, 0.5], got %g", opt->other_rate);
    if (!(opt->halo >= 0 && opt->halo <= 10))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "halo must be in [0, 10], got %g",
                            opt->halo);
    return LK_OK;
}

static void sim_release(sim *s)
{
    for (int f = 0; f < NFILES; f++) {
        lk_csv_writer_free(s->w[f]);
        lk_output_abort(s->out[f]);
    }
    if (s->exp) {
        for (size_t a = 0; a < s->exp->narms; a++) {
            if (s->channel_mix && s->channel_mix[a])
                gsl_ran_discrete_free(s->channel_mix[a]);
            if (s->product_mix && s->product_mix[a])
                gsl_ran_discrete_free(s->product_mix[a]);
        }
    }
    if (s->target_pick)
        gsl_ran_discrete_free(s->target_pick);
    if (s->other_pick)
        gsl_ran_discrete_free(s->other_pick);
    if (s->rng)
        gsl_rng_free(s->rng);
    if (s->hashed)
        lk_assign_plan_release(&s->plan);
    free(s->channel_mix);
    free(s->product_mix);
    free(s->rel);
    free(s->products);
    free(s->targets);
    free(s->others);
    free(s->unit_arm);
    free(s->truth);
}

static int sim_init(sim *s, const lk_experiment *exp, const lk_simulate_options *opt,
                    lk_error *err)
{
    memset(s, 0, sizeof(*s));
    s->exp = exp;
    s->opt = opt;
    int rc = check_experiment(exp, &s->by_household, err);
    if (!rc)
        rc = check_options(opt, err);
    if (rc)
        return rc;
    s->start = exp->start;
    s->end = exp->start + exp->window;
    s->rel = calloc(exp->narms, sizeof(double));
    s->channel_mix = calloc(exp->narms, sizeof(*s->channel_mix));
    s->product_mix = calloc(exp->narms, sizeof(*s->product_mix));
    s->truth = calloc(exp->narms, sizeof(*s->truth));
    s->rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!s->rel || !s->channel_mix || !s->product_mix || !s->truth || !s->rng)
        return oom(err);
    /* The offers and openings get their own stream, so the customers do
       not depend on the campaign settings. */
    gsl_rng_set(s->rng, opt->seed ^ 0x5bd1e995UL);
    if ((rc = setup_effects(s, err)) || (rc = setup_products(s, err)) ||
        (rc = setup_channels(s)) || (rc = setup_mixes(s, err)))
        return rc;
    for (size_t a = 0; a < exp->narms; a++)
        s->truth[a].rel = s->rel[a];
    return LK_OK;
}

/* ---- writing ---- */

static int open_outputs(sim *s, lk_error *err)
{
    const char *dir = s->opt->out_dir ? s->opt->out_dir : ".";
    for (int f = 0; f < NFILES; f++) {
        if (f == F_LATENT && !s->opt->latent)
            continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, FILES[f]) >= sizeof(path))
            return lk_error_set(err, LK_EUSAGE, dir, 0, 0, "output directory name too long");
        int rc = lk_output_open(&s->out[f], path, err);
        if (rc)
            return rc;
        s->w[f] = lk_csv_writer_new(lk_output_file(s->out[f]));
        if (!s->w[f])
            return oom(err);
    }
    return LK_OK;
}

static int commit_outputs(sim *s, lk_error *err)
{
    for (int f = 0; f < NFILES; f++) {
        if (!s->out[f])
            continue;
        lk_csv_writer_free(s->w[f]);
        s->w[f] = NULL;
        lk_output *o = s->out[f];
        s->out[f] = NULL;
        int rc = lk_output_commit(o, err);
        if (rc)
            return rc;
    }
    return LK_OK;
}

static void put_fixed(lk_csv_writer *w, double v, int decimals)
{
    char buf[48];
    lk_csv_put(w, buf, format_fixed(buf, v, decimals));
}

static void put_id(lk_csv_writer *w, char prefix, uint64_t number, int width)
{
    char buf[32];
    lk_csv_put(w, buf, format_number(buf, prefix, number, width));
}

static void write_customer(lk_csv_writer *w, const lk_sim_customer *c)
{
    put_id(w, 'C', c->number, 7);
    put_id(w, 'H', c->household, 7);
    lk_csv_put_str(w, SEGMENTS[c->segment].name);
    lk_csv_put_long(w, c->tenure_months);
    put_fixed(w, c->pre_balance, 2);
    put_fixed(w, c->score_v1, 6);
    put_fixed(w, c->score_v2, 6);
    lk_csv_end_row(w);
}

static void write_headers(sim *s)
{
    static const char *const customers[] = {"customer_id", "household_id", "segment",
                                            "tenure_months", "pre_balance", "score_v1",
                                            "score_v2"};
    static const char *const offers[] = {"customer_id", "offer_id", "product",
                                         "channel", "offer_date", "cost"};
    static const char *const openings[] = {"customer_id", "account_id", "product",
                                           "open_date", "balance"};
    static const char *const latent[] = {"customer_id", "unit_id", "arm", "p_control",
                                         "uplift", "effect", "contacted", "p_target",
                                         "p_any"};
    lk_csv_put_header(s->w[F_CUSTOMERS], customers, 7);
    lk_csv_put_header(s->w[F_OFFERS], offers, 6);
    lk_csv_put_header(s->w[F_OPENINGS], openings, 5);
    if (s->w[F_LATENT])
        lk_csv_put_header(s->w[F_LATENT], latent, 9);
}

/* ---- pass one: customers, and the stratified assignment ---- */

typedef struct unit_list {
    char *ids;                /* fixed-width slots */
    const char **id;
    const char **stratum;
    size_t n;
} unit_list;

#define UNIT_SLOT 16

static int collect_unit(unit_list *u, const lk_sim_customer *c, int by_household)
{
    if (by_household && c->member != 1)
        return 0;
    char *slot = u->ids + u->n * UNIT_SLOT;
    format_number(slot, by_household ? 'H' : 'C', by_household ? c->household : c->number, 7);
    u->id[u->n] = slot;
    u->stratum[u->n] = SEGMENTS[c->segment].name;
    u->n++;
    return 0;
}

static int assign_stratified(sim *s, unit_list *u, lk_error *err)
{
    int *arm = malloc((u->n ? u->n : 1) * sizeof(int));
    s->unit_arm = malloc(u->n ? u->n : 1);
    if (!arm || !s->unit_arm) {
        free(arm);
        return oom(err);
    }
    int rc = lk_assign_units(s->exp, u->id, u->stratum, u->n, arm, err);
    for (size_t i = 0; !rc && i < u->n; i++)
        s->unit_arm[i] = (uint8_t)arm[i];
    free(arm);
    return rc;
}

static int pass_customers(sim *s, lk_error *err)
{
    const lk_simulate_options *opt = s->opt;
    unit_list units = {0};
    int stratified = s->exp->stratify != NULL;
    if (stratified) {
        units.ids = malloc(opt->customers * UNIT_SLOT);
        units.id = malloc(opt->customers * sizeof(char *));
        units.stratum = malloc(opt->customers * sizeof(char *));
        if (!units.ids || !units.id || !units.stratum) {
            free(units.ids);
            free(units.id);
            free(units.stratum);
            return oom(err);
        }
    }
    lk_sim_population *pop;
    int rc = lk_sim_population_new(&pop, opt->customers, opt->seed, opt->base_rate,
                                   opt->other_rate, err);
    lk_sim_customer c;
    while (!rc && lk_sim_population_next(pop, &c) == 0) {
        write_customer(s->w[F_CUSTOMERS], &c);
        if (stratified)
            collect_unit(&units, &c, s->by_household);
    }
    lk_sim_population_free(pop);
    if (!rc && stratified)
        rc = assign_stratified(s, &units, err);
    free(units.ids);
    free(units.id);
    free(units.stratum);
    return rc;
}

/* ---- pass two: offers, openings, truth ---- */

static int unit_arm(sim *s, const lk_sim_customer *c)
{
    uint64_t number = s->by_household ? c->household : c->number;
    if (s->unit_arm)
        return s->unit_arm[number - 1];
    char id[32];
    size_t len = format_number(id, s->by_household ? 'H' : 'C', number, 7);
    uint64_t u = lk_assign_hasher_u(&s->hasher, id, len);
    return lk_assign_plan_arm(&s->plan, (uint32_t)(u % LK_ASSIGN_BUCKETS));
}

/* A delay in [0, span) days, exponential with the given mean, truncated. */
static int32_t draw_delay(gsl_rng *rng, double mean, int32_t span)
{
    double top = gsl_cdf_exponential_P((double)span, mean);
    double d = gsl_cdf_exponential_Pinv(gsl_rng_uniform(rng) * top, mean);
    int32_t day = (int32_t)floor(d);
    return day >= span ? span - 1 : day < 0 ? 0 : day;
}

static size_t draw_offers(sim *s, int arm, offer *of)
{
    size_t n = 0;
    if (gsl_rng_uniform(s->rng) >= ELIGIBLE_P)
        return 0;
    for (int w = 0; w < s->nwaves; w++) {
        if (gsl_rng_uniform(s->rng) >= WAVE_P)
            continue;
        offer *o = &of[n++];
        o->channel = (int)gsl_ran_discrete(s->rng, s->channel_mix[arm]);
        o->product = s->targets[gsl_ran_discrete(s->rng, s->product_mix[arm])];
        /* Mail drops on the wave date; email and app go out over three days. */
        o->day = s->start + w * WAVE_DAYS +
                 (o->channel == CH_MAIL ? 0 : (int32_t)gsl_rng_uniform_int(s->rng, 3));
        o->lo = o->day + s->channels[o->channel].lag;
        o->hi = o->day + s->products[o->product].window;
        if (o->hi > s->end)
            o->hi = s->end;
    }
    return n;
}

/* A random offer that can still earn a response (lo <= hi), or NULL. */
static const offer *pick_offer(sim *s, const offer *of, size_t n)
{
    size_t feasible = 0;
    for (size_t i = 0; i < n; i++)
        feasible += of[i].lo <= of[i].hi;
    if (!feasible)
        return NULL;
    size_t k = gsl_rng_uniform_int(s->rng, feasible);
    for (size_t i = 0; i < n; i++)
        if (of[i].lo <= of[i].hi && k-- == 0)
            return &of[i];
    return NULL;
}

/* The probabilities one customer's draws use, kept for the truth. */
typedef struct response_model {
    double organic_target;    /* organic target opening in the window */
    double direct;            /* extra direct response */
    double organic_other;
    double halo;
    double p_target, p_any;   /* resulting P(...) in the window */
} response_model;

static response_model response_for(const sim *s, const lk_sim_customer *c, int arm,
                                   int contacted)
{
    response_model m = {c->p_control, 0, c->p_other, 0, 0, 0};
    if (contacted) {
        /* The ITT effect rel * uplift falls on the contacted share only. */
        double tau = s->rel[arm] * c->uplift / s->contact_p;
        if (tau >= 0)
            m.direct = fmin(tau / (1.0 - c->p_control), 1.0);
        else
            m.organic_target = fmax(c->p_control + tau, 0.0);
        if (s->nothers)
            m.halo = fmin(c->p_other * s->opt->halo / (1.0 - c->p_other), 1.0);
    }
    if (!s->nothers)
        m.organic_other = 0;
    m.p_target = 1.0 - (1.0 - m.organic_target) * (1.0 - m.direct);
    double p_other = 1.0 - (1.0 - m.organic_other) * (1.0 - m.halo);
    m.p_any = 1.0 - (1.0 - m.p_target) * (1.0 - p_other);
    return m;
}

static int pick_target(sim *s)
{
    return s->targets[gsl_ran_discrete(s->rng, s->target_pick)];
}

static int pick_other(sim *s)
{
    return s->others[gsl_ran_discrete(s->rng, s->other_pick)];
}

static void add_opening(opening *op, size_t *n, int prod, int32_t day, enum cause cause)
{
    if (*n < MAX_OPENINGS) {
        op[*n].product = prod;
        op[*n].day = day;
        op[*n].cause = cause;
        (*n)++;
    }
}

/* Organic openings of one kind before, inside and after the window. */
static void draw_organic(sim *s, double p_window, double p_base, int target, opening *op,
                         size_t *n)
{
    double share = (double)OUTSIDE_DAYS / (double)(s->exp->window + 1);
    double p_outside = 1.0 - pow(1.0 - p_base, share);
    int32_t span = s->exp->window + 1;
    int inside = gsl_rng_uniform(s->rng) < p_window;
    int before = gsl_rng_uniform(s->rng) < p_outside;
    int after = gsl_rng_uniform(s->rng) < p_outside;
    if (!target && !s->nothers)
        return;
    if (before)
        add_opening(op, n, target ? pick_target(s) : pick_other(s),
                    s->start - OUTSIDE_DAYS + (int32_t)gsl_rng_uniform_int(s->rng, OUTSIDE_DAYS),
                    ORGANIC);
    if (after)
        add_opening(op, n, target ? pick_target(s) : pick_other(s),
                    s->end + 1 + (int32_t)gsl_rng_uniform_int(s->rng, OUTSIDE_DAYS), ORGANIC);
    if (!inside)
        return;
    int first = target ? pick_target(s) : pick_other(s);
    add_opening(op, n, first, s->start + (int32_t)gsl_rng_uniform_int(s->rng, (unsigned long)span),
                ORGANIC);
    if (target && s->ntargets > 1 && gsl_rng_uniform(s->rng) < SECOND_TARGET_P) {
        int second;
        do
            second = pick_target(s);
        while (second == first);
        add_opening(op, n, second,
                    s->start + (int32_t)gsl_rng_uniform_int(s->rng, (unsigned long)span),
                    ORGANIC);
    }
}

static void draw_responses(sim *s, const response_model *m, const offer *of, size_t nof,
                           opening *op, size_t *n)
{
    if (m->direct > 0 && gsl_rng_uniform(s->rng) < m->direct) {
        const offer *o = pick_offer(s, of, nof);
        if (o)
            add_opening(op, n, o->product,
                        o->lo + draw_delay(s->rng, DIRECT_MEAN_DAYS, o->hi - o->lo + 1), DIRECT);
    }
    if (m->halo > 0 && gsl_rng_uniform(s->rng) < m->halo) {
        const offer *o = pick_offer(s, of, nof);
        if (o)
            add_opening(op, n, pick_other(s),
                        o->lo + draw_delay(s->rng, HALO_MEAN_DAYS, o->hi - o->lo + 1), HALO);
    }
}

static double draw_balance(sim *s, const product *p)
{
    if (p->model.p_zero > 0 && gsl_rng_uniform(s->rng) < p->model.p_zero)
        return 0;
    double b = gsl_ran_lognormal(s->rng, log(p->model.median), p->model.sigma);
    return floor(b * 100.0 + 0.5) / 100.0;
}

static void write_offers(sim *s, const lk_sim_customer *c, const offer *of, size_t n,
                         lk_sim_arm_truth *t)
{
    lk_csv_writer *w = s->w[F_OFFERS];
    for (size_t i = 0; i < n; i++) {
        const channel *ch = &s->channels[of[i].channel];
        put_id(w, 'C', c->number, 7);
        put_id(w, 'O', ++s->offers, 9);
        lk_csv_put_str(w, s->products[of[i].product].name);
        lk_csv_put_str(w, CHANNELS[of[i].channel]);
        lk_csv_put_date(w, of[i].day);
        lk_csv_put_str(w, ch->cost_text);
        lk_csv_end_row(w);
        t->cost += ch->cost;
    }
    t->offers += n;
}

static void write_openings(sim *s, const lk_sim_customer *c, const opening *op, size_t n,
                           lk_sim_arm_truth *t)
{
    lk_csv_writer *w = s->w[F_OPENINGS];
    for (size_t i = 0; i < n; i++) {
        const product *p = &s->products[op[i].product];
        double balance = draw_balance(s, p);
        put_id(w, 'C', c->number, 7);
        put_id(w, 'A', ++s->openings, 9);
        lk_csv_put_str(w, p->name);
        lk_csv_put_date(w, op[i].day);
        put_fixed(w, balance, 2);
        lk_csv_end_row(w);
        t->openings++;
        if (op[i].day < s->start || op[i].day > s->end)
            continue;
        t->openings_in_window++;
        t->direct += op[i].cause == DIRECT;
        t->halo += op[i].cause == HALO;
        t->organic += op[i].cause == ORGANIC;
        t->balance_any += balance;
        t->value += p->value;
        s->unit.any = 1;
        if (p->target) {
            t->balance_target += balance;
            s->unit.target = 1;
        }
    }
}

static void write_latent(sim *s, const lk_sim_customer *c, int arm, int contacted,
                         const response_model *m)
{
    lk_csv_writer *w = s->w[F_LATENT];
    put_id(w, 'C', c->number, 7);
    put_id(w, s->by_household ? 'H' : 'C', s->by_household ? c->household : c->number, 7);
    lk_csv_put_str(w, s->exp->arms[arm].name);
    lk_csv_put_double(w, c->p_control, 9);
    lk_csv_put_double(w, c->uplift, 9);
    lk_csv_put_double(w, s->rel[arm] * c->uplift, 9);
    lk_csv_put_long(w, contacted);
    lk_csv_put_double(w, m->p_target, 9);
    lk_csv_put_double(w, m->p_any, 9);
    lk_csv_end_row(w);
}

static void close_unit(sim *s)
{
    lk_sim_arm_truth *t = &s->truth[s->unit.arm];
    t->units++;
    t->expected_target += 1.0 - s->unit.p_no_target;
    t->expected_any += 1.0 - s->unit.p_no_any;
    t->target_units += s->unit.target;
    t->any_units += s->unit.any;
}

static void simulate_customer(sim *s, const lk_sim_customer *c)
{
    int first = !s->by_household || c->member == 1;
    if (first) {
        s->unit.arm = unit_arm(s, c);
        s->unit.p_no_target = s->unit.p_no_any = 1.0;
        s->unit.target = s->unit.any = 0;
    }
    int arm = s->unit.arm;
    lk_sim_arm_truth *t = &s->truth[arm];
    offer of[MAX_WAVES];
    size_t nof = s->exp->arms[arm].role == LK_ROLE_CONTROL ? 0 : draw_offers(s, arm, of);
    int contacted = pick_offer(s, of, nof) != NULL;
    response_model m = response_for(s, c, arm, contacted);

    opening op[MAX_OPENINGS];
    size_t nop = 0;
    draw_organic(s, m.organic_target, c->p_control, 1, op, &nop);
    draw_organic(s, m.organic_other, c->p_other, 0, op, &nop);
    draw_responses(s, &m, of, nof, op, &nop);

    write_offers(s, c, of, nof, t);
    write_openings(s, c, op, nop, t);
    if (s->w[F_LATENT])
        write_latent(s, c, arm, contacted, &m);

    t->customers++;
    t->contacted += contacted;
    t->expected_target_customers += m.p_target;
    s->unit.p_no_target *= 1.0 - m.p_target;
    s->unit.p_no_any *= 1.0 - m.p_any;
    if (!s->by_household || c->member == c->household_size)
        close_unit(s);
}

static int pass_campaign(sim *s, lk_error *err)
{
    const lk_simulate_options *opt = s->opt;
    lk_sim_population *pop;
    int rc = lk_sim_population_new(&pop, opt->customers, opt->seed, opt->base_rate,
                                   opt->other_rate, err);
    if (rc)
        return rc;
    lk_sim_customer c;
    while (lk_sim_population_next(pop, &c) == 0) {
        simulate_customer(s, &c);
        s->households = c.household;
        if ((c.number & 0xffff) == 0)
            lk_progress_report(&opt->progress, c.number, opt->customers);
    }
    lk_sim_population_free(pop);
    return LK_OK;
}

static void put_ratio(lk_csv_writer *w, double num, double den)
{
    lk_csv_put_double(w, den > 0 ? num / den : NAN, 9);
}

static void write_truth(sim *s)
{
    static const char *const cols[] = {
        "arm", "role", "weight", "true_lift_vs_control", "true_lift_vs_champion",
        "nominal_target_rate", "units", "customers", "contacted", "offers", "cost",
        "expected_target_rate", "expected_target_rate_customers", "expected_any_rate",
        "expected_lift_vs_control", "expected_lift_vs_champion", "target_responders",
        "target_rate", "any_responders", "any_rate", "openings", "openings_in_window",
        "direct", "halo", "organic", "balance_target", "balance_any", "value"};
    const lk_experiment *exp = s->exp;
    lk_csv_writer *w = s->w[F_TRUTH];
    lk_csv_put_header(w, cols, sizeof(cols) / sizeof(cols[0]));
    const lk_sim_arm_truth *champ = &s->truth[exp->champion];
    const lk_sim_arm_truth *ctrl = exp->control >= 0 ? &s->truth[exp->control] : NULL;
    double champ_rate = champ->units ? champ->expected_target / (double)champ->units : NAN;
    double ctrl_rate = ctrl && ctrl->units ? ctrl->expected_target / (double)ctrl->units : NAN;
    for (size_t a = 0; a < exp->narms; a++) {
        const lk_sim_arm_truth *t = &s->truth[a];
        double n = (double)t->units;
        double rate = n > 0 ? t->expected_target / n : NAN;
        lk_csv_put_str(w, exp->arms[a].name);
        lk_csv_put_str(w, lk_role_name(exp->arms[a].role));
        lk_csv_put_double(w, exp->arms[a].weight, 9);
        lk_csv_put_double(w, t->rel, 9);
        lk_csv_put_double(w, (1.0 + t->rel) / (1.0 + s->rel[exp->champion]) - 1.0, 9);
        lk_csv_put_double(w, s->opt->base_rate * (1.0 + t->rel), 9);
        lk_csv_put_long(w, (long long)t->units);
        lk_csv_put_long(w, (long long)t->customers);
        lk_csv_put_long(w, (long long)t->contacted);
        lk_csv_put_long(w, (long long)t->offers);
        put_fixed(w, t->cost, 4);
        lk_csv_put_double(w, rate, 9);
        put_ratio(w, t->expected_target_customers, (double)t->customers);
        put_ratio(w, t->expected_any, n);
        lk_csv_put_double(w, rate / ctrl_rate - 1.0, 9);
        lk_csv_put_double(w, rate / champ_rate - 1.0, 9);
        lk_csv_put_long(w, (long long)t->target_units);
        put_ratio(w, (double)t->target_units, n);
        lk_csv_put_long(w, (long long)t->any_units);
        put_ratio(w, (double)t->any_units, n);
        lk_csv_put_long(w, (long long)t->openings);
        lk_csv_put_long(w, (long long)t->openings_in_window);
        lk_csv_put_long(w, (long long)t->direct);
        lk_csv_put_long(w, (long long)t->halo);
        lk_csv_put_long(w, (long long)t->organic);
        put_fixed(w, t->balance_target, 2);
        put_fixed(w, t->balance_any, 2);
        put_fixed(w, t->value, 2);
        lk_csv_end_row(w);
    }
}

static int setup_assignment(sim *s, lk_error *err)
{
    if (s->exp->stratify)
        return LK_OK;   /* pass one assigns all units at once */
    int rc = lk_assign_plan_init(&s->plan, s->exp, err);
    if (rc)
        return rc;
    s->hashed = 1;
    lk_assign_hasher_init(&s->hasher, s->exp->salt, strlen(s->exp->salt));
    return LK_OK;
}

static void fill_result(sim *s, lk_sim_result *res)
{
    memset(res, 0, sizeof(*res));
    res->narms = s->exp->narms;
    res->arm = s->truth;
    s->truth = NULL;
    res->customers = s->opt->customers;
    res->households = s->households;
    res->offers = s->offers;
    res->openings = s->openings;
}

int lk_simulate_check(const lk_experiment *exp, const lk_simulate_options *opt, lk_error *err)
{
    sim s;
    int rc = sim_init(&s, exp, opt, err);
    sim_release(&s);
    return rc;
}

int lk_simulate(const lk_experiment *exp, const lk_simulate_options *opt, lk_sim_result *res,
                lk_error *err)
{
    sim s;
    int rc = sim_init(&s, exp, opt, err);
    if (!rc)
        rc = setup_assignment(&s, err);
    if (!rc)
        rc = open_outputs(&s, err);
    if (!rc) {
        write_headers(&s);
        rc = pass_customers(&s, err);
    }
    if (!rc)
        rc = pass_campaign(&s, err);
    if (!rc) {
        write_truth(&s);
        rc = commit_outputs(&s, err);
    }
    if (!rc && res)
        fill_result(&s, res);
    sim_release(&s);
    return rc;
}

void lk_sim_result_release(lk_sim_result *res)
{
    if (res) {
        free(res->arm);
        res->arm = NULL;
        res->narms = 0;
    }
}
