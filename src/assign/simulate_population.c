/*
 * simulate_population.c - the simulated bank's customers.
 *
 * A deterministic stream: customers come in households, each drawn with a
 * fixed number of random numbers in a fixed order, so a replay with the
 * same seed gives the same customers.  The latent propensities are
 * normalized by the means of a fixed pilot population, the same for every
 * seed and size.  The pre-period covariates (pre_balance, pre_products)
 * predict the outcomes as a bank's would: a wealthier customer opens larger
 * accounts, one who already holds more products opens more; pre_products
 * comes from a generator of its own, so the other draws are those of a
 * population without it.  Also the id and number formatting the simulator's
 * writers share (digits by hand: no printf on the hot path).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "liftkit/error.h"
#include "liftkit/simulate.h"

#include "assign/simulate_private.h"

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
#define LOG_BALANCE_SD 1.6        /* of the population's log pre_balance */
#define BALANCE_WEALTH 0.8        /* elasticity of opening balances to pre_balance */
#define PRODUCTS_MEAN 1.5         /* mean products held beyond the first, at the base rate */
#define PRODUCTS_SLOPE 0.8        /* elasticity of that mean to the baseline propensity */
#define COVARIATE_SEED_SALT 0x9e3779b9UL

const char *lk_sim_segment_name(lk_sim_segment s)
{
    return s < LK_SEG_COUNT ? SEGMENTS[s].name : "";
}

struct lk_sim_population {
    gsl_rng *rng;
    gsl_rng *rng_cov;             /* pre_products only */
    gsl_ran_discrete_t *segment_table;
    uint64_t n, done;
    uint64_t household;
    int household_size, member;
    lk_sim_segment segment;
    double household_wealth;      /* shared log-balance shift of the household */
    double base_rate, other_rate;
    double mean_base, mean_other, mean_uplift;  /* pilot means of the raw factors */
    double mean_scale;                          /* and of the raw balance scale */
};

/* The raw latent factors of one customer before normalization. */
typedef struct raw_customer {
    double log_base;       /* log baseline propensity (with its noise) */
    double log_uplift;     /* log uplift (with its noise) */
    double zb;             /* standardized log pre_balance */
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
    raw->zb = zb;

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
    c->balance_scale = exp(BALANCE_WEALTH * LOG_BALANCE_SD * raw->zb) / p->mean_scale;
}

/* Products held before the window: more for a customer likelier to open anyway. */
static void draw_pre_products(lk_sim_population *p, lk_sim_customer *c)
{
    double mean = PRODUCTS_MEAN * pow(c->p_control / p->base_rate, PRODUCTS_SLOPE);
    c->pre_products = 1 + (int)gsl_ran_poisson(p->rng_cov, mean);
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
        p->rng_cov = gsl_rng_alloc(gsl_rng_mt19937);
        p->segment_table = gsl_ran_discrete_preproc(LK_SEG_COUNT, shares);
    }
    if (!p || !p->rng || !p->rng_cov || !p->segment_table) {
        lk_sim_population_free(p);
        return lk_error_nomem(err);
    }
    gsl_rng_set(p->rng, seed);
    gsl_rng_set(p->rng_cov, seed ^ COVARIATE_SEED_SALT);
    p->n = n;
    *out = p;
    return LK_OK;
}

/* The means of the raw factors over a fixed pilot population, into p. */
static int pilot_means(lk_sim_population *p, lk_error *err)
{
    lk_sim_population *pilot;
    int rc = population_alloc(&pilot, PILOT_SIZE, PILOT_SEED, err);
    if (rc)
        return rc;
    double sb = 0, so = 0, su = 0, ss = 0;
    for (unsigned i = 0; i < PILOT_SIZE; i++) {
        lk_sim_customer c;
        raw_customer raw;
        draw_customer(pilot, &c, &raw);
        sb += exp(raw.log_base);
        so += exp(0.5 * raw.log_base);
        su += exp(raw.log_uplift);
        ss += exp(BALANCE_WEALTH * LOG_BALANCE_SD * raw.zb);
    }
    lk_sim_population_free(pilot);
    p->mean_base = sb / PILOT_SIZE;
    p->mean_other = so / PILOT_SIZE;
    p->mean_uplift = su / PILOT_SIZE;
    p->mean_scale = ss / PILOT_SIZE;
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
    rc = pilot_means(p, err);
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
    memset(c, 0, sizeof(*c));   /* padding too: customers compare bytewise */
    raw_customer raw;
    draw_customer(p, c, &raw);
    finish_customer(p, &raw, c);
    draw_pre_products(p, c);
    return 0;
}

void lk_sim_population_free(lk_sim_population *p)
{
    if (!p)
        return;
    if (p->rng)
        gsl_rng_free(p->rng);
    if (p->rng_cov)
        gsl_rng_free(p->rng_cov);
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

size_t lk_sim_format_number(char *buf, char prefix, uint64_t v, int width)
{
    buf[0] = prefix;
    return 1 + write_digits(buf + 1, v, width);
}

size_t lk_sim_format_id(char *buf, char prefix, uint64_t number)
{
    return lk_sim_format_number(buf, prefix, number, 7);
}

/* A non-negative value with 0-6 decimals, rounded half up (no printf). */
size_t lk_sim_format_fixed(char *buf, double v, int decimals)
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
