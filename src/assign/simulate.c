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
 * Bernoulli draws.  The model is documented in docs/methods.md
 * ("Simulation").  The customers are drawn in simulate_population.c, the
 * files written in simulate_write.c.
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

#include "assign/simulate_private.h"

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
#define AT_DROP_P 0.7         /* staggered: share of units eligible on the drop date */
#define STAGGER_DAYS 60       /* the others become eligible 1..60 days after it */

static const char *const CHANNELS[NCHANNELS] = {"mail", "email", "app"};
static const double CHANNEL_COST[NCHANNELS] = {0.65, 0.02, 0.01};

/* Channel mixes: the champion's, then the challengers' in turn. */
static const double CHAMPION_MIX[NCHANNELS] = {0.40, 0.40, 0.20};
static const double CHALLENGER_MIX[2][NCHANNELS] = {{0.20, 0.45, 0.35}, {0.50, 0.30, 0.20}};

static const struct product_model CATALOGUE[] = {
    {"card", 3.0, 0.35, 1800.0, 1.0},
    {"deposit", 4.0, 0.0, 5000.0, 1.3},
    {"heloc", 1.0, 0.0, 45000.0, 0.7},
    {"mortgage", 0.6, 0.0, 240000.0, 0.5},
    {"personal-loan", 1.0, 0.0, 12000.0, 0.6},
    {"auto-loan", 0.8, 0.0, 26000.0, 0.4},
};
#define NCATALOGUE (sizeof(CATALOGUE) / sizeof(CATALOGUE[0]))
static const struct product_model OTHER_PRODUCT = {"", 1.0, 0.0, 5000.0, 1.0};

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
        return lk_error_nomem(err);
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
        return lk_error_nomem(err);
    return LK_OK;
}

static int setup_channels(sim *s)
{
    for (int c = 0; c < NCHANNELS; c++) {
        channel *ch = &s->channels[c];
        double v;
        ch->name = CHANNELS[c];
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
        s->rel[a] = role == LK_ROLE_CONTROL || role == LK_ROLE_UNIVERSAL ? 0
                    : role == LK_ROLE_CHAMPION ? 0.25
                    : challengers++ == 0 ? 0.40 : 0.25;
    }
    for (size_t i = 0; i < opt->neffects; i++) {
        int a = lk_experiment_arm(exp, opt->effect_arm[i]);
        char arms[256];
        if (a < 0)
            return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                                "unknown arm '%.80s' in --effect: the arms are %s",
                                opt->effect_arm[i],
                                lk_experiment_arm_names(exp, arms, sizeof(arms)));
        if (exp->arms[a].role == LK_ROLE_CONTROL || exp->arms[a].role == LK_ROLE_UNIVERSAL)
            return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "arm '%s' is the %s: it has no "
                                "effect to set", opt->effect_arm[i],
                                exp->arms[a].role == LK_ROLE_CONTROL ? "control"
                                                                     : "universal holdout");
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
        if (role == LK_ROLE_CONTROL || role == LK_ROLE_UNIVERSAL)
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
            return lk_error_nomem(err);
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
    if (s->rng_events)
        gsl_rng_free(s->rng_events);
    if (s->rng_rel)
        gsl_rng_free(s->rng_rel);
    if (s->rng_elig)
        gsl_rng_free(s->rng_elig);
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
    lk_sim_segments_release(s);
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
    s->rng_events = gsl_rng_alloc(gsl_rng_mt19937);
    s->rng_rel = gsl_rng_alloc(gsl_rng_mt19937);
    s->rng_elig = gsl_rng_alloc(gsl_rng_mt19937);
    if (!s->rel || !s->channel_mix || !s->product_mix || !s->truth || !s->rng ||
        !s->rng_events || !s->rng_rel || !s->rng_elig)
        return lk_error_nomem(err);
    /* Per-unit windows: the experiment's window_from column is written with
       staggered dates; without them every unit is eligible on the drop date. */
    s->staggered = exp->window_from != NULL;
    s->elig_column = exp->window_from ? exp->window_from : "eligible_date";
    gsl_rng_set(s->rng_events, opt->seed ^ 0x2545f491UL);
    gsl_rng_set(s->rng_rel, opt->seed ^ 0x68e31da4UL);
    /* The offers and openings get their own stream, so the customers do
       not depend on the campaign settings. */
    gsl_rng_set(s->rng, opt->seed ^ 0x5bd1e995UL);
    if ((rc = setup_effects(s, err)) || (rc = setup_products(s, err)) ||
        (rc = setup_channels(s)) || (rc = setup_mixes(s, err)) ||
        (rc = lk_sim_segments_init(s, err)))
        return rc;
    for (size_t a = 0; a < exp->narms; a++)
        s->truth[a].rel = s->rel[a];
    return LK_OK;
}

/* ---- eligibility: the day each unit's window opens ---- */

#define ELIG_SEED 0x1b873593UL

/* Starts the eligibility stream; both passes replay it in the same order. */
static void eligibility_rewind(sim *s)
{
    gsl_rng_set(s->rng_elig, s->opt->seed ^ ELIG_SEED);
    s->elig_offset = 0;
}

/* At a unit's first customer: draw its offset from the drop date and move the
   window [start, end] there.  Every date of the unit's story (offers,
   openings, events, holdings) follows its window. */
static void eligibility_next(sim *s, const lk_sim_customer *c)
{
    if (s->by_household && c->member != 1)
        return;
    s->elig_offset = 0;
    if (s->staggered && gsl_rng_uniform(s->rng_elig) >= AT_DROP_P)
        s->elig_offset = 1 + (int32_t)gsl_rng_uniform_int(s->rng_elig, STAGGER_DAYS);
    s->start = s->exp->start + s->elig_offset;
    s->end = s->start + s->exp->window;
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
    lk_sim_format_number(slot, by_household ? 'H' : 'C', by_household ? c->household : c->number, 7);
    u->id[u->n] = slot;
    u->stratum[u->n] = lk_sim_segment_name(c->segment);
    u->n++;
    return 0;
}

static int assign_stratified(sim *s, unit_list *u, lk_error *err)
{
    int *arm = malloc((u->n ? u->n : 1) * sizeof(int));
    s->unit_arm = malloc(u->n ? u->n : 1);
    if (!arm || !s->unit_arm) {
        free(arm);
        return lk_error_nomem(err);
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
            return lk_error_nomem(err);
        }
    }
    lk_sim_population *pop;
    int rc = lk_sim_population_new(&pop, opt->customers, opt->seed, opt->base_rate,
                                   opt->other_rate, err);
    lk_sim_customer c;
    eligibility_rewind(s);
    while (!rc && lk_sim_population_next(pop, &c) == 0) {
        eligibility_next(s, &c);
        lk_sim_write_customer(s, &c);
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
    size_t len = lk_sim_format_number(id, s->by_household ? 'H' : 'C', number, 7);
    uint64_t u = lk_assign_hasher_u(&s->hasher, id, len);
    uint32_t b;
    if (lk_assign_plan_universal(&s->plan, id, len, &b))
        return s->plan.universal;
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

static response_model response_for(const sim *s, const lk_sim_customer *c, int arm,
                                   int contacted)
{
    response_model m = {c->p_control, 0, c->p_other, 0, 0, 0};
    if (contacted) {
        /* The ITT effect rel * uplift falls on the contacted share only. */
        double tau = s->rel[arm] * lk_sim_segment_factor(s, arm, (int)c->segment) * c->uplift /
                     s->contact_p;
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

static void close_unit(sim *s)
{
    lk_sim_arm_truth *t = &s->truth[s->unit.arm];
    t->units++;
    t->expected_target += 1.0 - s->unit.p_no_target;
    t->expected_any += 1.0 - s->unit.p_no_any;
    t->target_units += s->unit.target;
    t->any_units += s->unit.any;
    lk_sim_segments_close_unit(s);
}

static void simulate_customer(sim *s, const lk_sim_customer *c)
{
    int first = !s->by_household || c->member == 1;
    if (first) {
        s->unit.arm = unit_arm(s, c);
        s->unit.p_no_target = s->unit.p_no_any = 1.0;
        s->unit.target = s->unit.any = 0;
        s->unit.segment = (int)c->segment;
    }
    int arm = s->unit.arm;
    lk_sim_arm_truth *t = &s->truth[arm];
    offer of[MAX_WAVES + 1];
    lk_role role = s->exp->arms[arm].role;
    size_t nof = role == LK_ROLE_CONTROL || role == LK_ROLE_UNIVERSAL ? 0
                                                                      : draw_offers(s, arm, of);
    int contacted = pick_offer(s, of, nof) != NULL;
    response_model m = response_for(s, c, arm, contacted);

    opening op[MAX_OPENINGS];
    size_t nop = 0;
    draw_organic(s, m.organic_target, c->p_control, 1, op, &nop);
    draw_organic(s, m.organic_other, c->p_other, 0, op, &nop);
    draw_responses(s, &m, of, nof, op, &nop);

    nof = lk_sim_breach(s, of, nof, MAX_WAVES + 1);
    lk_sim_write_offers(s, c, of, nof, t);
    lk_sim_write_book(s, c);
    lk_sim_write_openings(s, c, op, nop, t);
    lk_sim_write_events(s, c, nof);
    if (s->w[F_LATENT])
        lk_sim_write_latent(s, c, arm, contacted, &m);

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
    eligibility_rewind(s);
    while (lk_sim_population_next(pop, &c) == 0) {
        eligibility_next(s, &c);
        simulate_customer(s, &c);
        s->households = c.household;
        if ((c.number & 0xffff) == 0)
            lk_progress_report(&opt->progress, c.number, opt->customers);
    }
    lk_sim_population_free(pop);
    return LK_OK;
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
        rc = lk_sim_open_outputs(&s, err);
    if (!rc) {
        lk_sim_write_headers(&s);
        rc = pass_customers(&s, err);
    }
    if (!rc)
        rc = pass_campaign(&s, err);
    if (!rc) {
        lk_sim_write_truth(&s);
        lk_sim_write_truth_segments(&s);
        rc = lk_sim_commit_outputs(&s, err);
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
