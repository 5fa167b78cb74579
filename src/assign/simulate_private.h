/*
 * simulate_private.h - what the simulator's three files share
 * (library-internal): simulate.c draws the campaign, simulate_population.c
 * the customers, simulate_write.c writes the files and the truth.
 */
#ifndef LIFTKIT_SIMULATE_PRIVATE_H
#define LIFTKIT_SIMULATE_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "liftkit/assign.h"
#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/simulate.h"

/*
 * prefix, then v in decimal with at least width digits, and a NUL into buf
 * (at least 24 + width bytes); returns the length.
 */
size_t lk_sim_format_number(char *buf, char prefix, uint64_t v, int width);

/* A non-negative value with 0-6 decimals, rounded half up (no printf). */
size_t lk_sim_format_fixed(char *buf, double v, int decimals);

enum { CH_MAIL, CH_EMAIL, CH_APP, NCHANNELS };

struct product_model {
    const char *name;
    double popularity;        /* relative frequency of organic openings */
    double p_zero;            /* share opened with a zero balance */
    double median, sigma;     /* lognormal balance */
};

typedef struct product {
    const char *name;
    struct product_model model;
    int target;
    int window;       /* attribution window of an offer of it, days */
    double value;     /* [value] of one opening */
} product;

typedef struct channel {
    const char *name;
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

enum { F_CUSTOMERS, F_OFFERS, F_OPENINGS, F_TRUTH, F_LATENT, F_EVENTS, F_TRUTH_SEGMENTS,
       F_HOLDINGS, F_BALANCES, NFILES };

typedef struct unit_state {
    int arm;
    double p_no_target, p_no_any;     /* P(no such opening in the window) so far */
    int target, any;                  /* realized in the window */
    int segment;                      /* its first customer's */
} unit_state;

/* One run of lk_simulate: the settings, the draws' tables, the outputs, the books. */
typedef struct sim {
    const lk_experiment *exp;
    const lk_simulate_options *opt;
    gsl_rng *rng;
    gsl_rng *rng_events;              /* breaches and events (simulate_events.c) */
    gsl_rng *rng_rel;                 /* holdings and balances (simulate_holdings.c) */
    gsl_rng *rng_elig;                /* eligibility dates: replayed in both passes */
    int32_t start, end;               /* the current unit's window [start, end] */
    const char *elig_column;          /* the eligibility column of customers.csv */
    int staggered;                    /* 1: units become eligible on their own dates */
    int32_t elig_offset;              /* the current unit's: days after the drop */
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
    int seg_arm, seg_segment;         /* --segment-effect: arm and segment, or -1 */
    double seg_factor;
    double *seg_expected;             /* per arm and segment [arm * LK_SEG_COUNT + seg]: */
    uint64_t *seg_units;              /* expected target responders, units */
} sim;

/* The probabilities one customer's draws use, kept for the truth. */
typedef struct response_model {
    double organic_target;    /* organic target opening in the window */
    double direct;            /* extra direct response */
    double organic_other;
    double halo;
    double p_target, p_any;   /* resulting P(...) in the window */
} response_model;

/* Open the output files (latent.csv only when asked for) and their writers. */
int lk_sim_open_outputs(sim *s, lk_error *err);
/* Commit every open output; the first failure is the error. */
int lk_sim_commit_outputs(sim *s, lk_error *err);
void lk_sim_write_headers(sim *s);
void lk_sim_write_customer(sim *s, const lk_sim_customer *c);
/* A customer's offers, adding their count and cost to t. */
void lk_sim_write_offers(sim *s, const lk_sim_customer *c, const offer *of, size_t n,
                         lk_sim_arm_truth *t);
/*
 * A customer's openings, each with a balance drawn here, adding what falls
 * in the window to t and to the unit's state.
 */
void lk_sim_write_openings(sim *s, const lk_sim_customer *c, const opening *op, size_t n,
                           lk_sim_arm_truth *t);
void lk_sim_write_latent(sim *s, const lk_sim_customer *c, int arm, int contacted,
                         const response_model *m);
/* truth.csv from the totals per arm. */
void lk_sim_write_truth(sim *s);

/* simulate_segments.c: the segment effect and the truth per segment. */
int lk_sim_segments_init(sim *s, lk_error *err);
void lk_sim_segments_release(sim *s);
/* The factor of arm's effect in segment seg (1 but for --segment-effect). */
double lk_sim_segment_factor(const sim *s, int arm, int seg);
/* A closed unit into the books of its arm and segment. */
void lk_sim_segments_close_unit(sim *s);
/* truth-segments.csv */
void lk_sim_write_truth_segments(sim *s);

/* simulate_events.c: maybe one offer more (kept in date order, n < cap); the count. */
size_t lk_sim_breach(sim *s, offer *of, size_t n, size_t cap);
/* The customer's guardrail events, more likely with more contacts. */
void lk_sim_write_events(sim *s, const lk_sim_customer *c, size_t contacts);

/* simulate_holdings.c: the customer's accounts before and in the window (holdings.csv). */
void lk_sim_write_book(sim *s, const lk_sim_customer *c);
/* An opening's holdings row and its balance snapshots (balances.csv). */
void lk_sim_write_account(sim *s, const lk_sim_customer *c, uint64_t account, const product *p,
                          int32_t day, double balance);

#endif
