/*
 * simulate.h - a synthetic bank with known truth (liftkit simulate).
 *
 * The simulation draws a customer base (households, segments, tenure,
 * balances, two model scores), assigns it to the experiment's arms exactly
 * as 'liftkit assign' does, sends treated customers monthly offers, and
 * draws product openings: organic ones for everyone (inside the
 * measurement window and around it), direct responses and halo responses
 * for contacted customers.  Every customer carries a latent uplift that
 * depends on segment, tenure and balance plus noise; score_v2 ranks it far
 * better than score_v1, which tracks the baseline propensity instead.
 *
 * Everything is a pure function of the options and the experiment: the
 * same arguments give byte-identical files (GSL's MT19937, seeded from the
 * seed; no clock, no process id).  Rows are streamed out; memory is
 * constant for the hash method and one arm byte per unit (plus the unit ids
 * while assigning) for the stratified one.  /work/notes/simulate.md
 * documents the model.
 */
#ifndef LIFTKIT_SIMULATE_H
#define LIFTKIT_SIMULATE_H

#include <stddef.h>
#include <stdint.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/liftkit.h"

/* ---- the customer base ---- */

typedef enum lk_sim_segment {
    LK_SEG_MASS,
    LK_SEG_AFFLUENT,
    LK_SEG_YOUNG,
    LK_SEG_SENIOR,
    LK_SEG_SMALL_BUSINESS,
    LK_SEG_COUNT
} lk_sim_segment;

/* "mass", "affluent", "young", "senior", "small-business". */
const char *lk_sim_segment_name(lk_sim_segment s);

typedef struct lk_sim_customer {
    uint64_t number;        /* 1-based; customer_id is "C" and 7+ digits of it */
    uint64_t household;     /* 1-based; household_id is "H" and 7+ digits */
    int household_size;     /* members of the household (1-4) */
    int member;             /* 1-based position in the household */
    lk_sim_segment segment; /* shared by the household */
    int tenure_months;
    double pre_balance;     /* rounded to cents */
    double score_v1;        /* response model: tracks the baseline propensity */
    double score_v2;        /* uplift model: tracks the latent uplift */
    double p_control;       /* P(target opening in the window) without treatment */
    double p_other;         /* P(non-target opening in the window) without treatment */
    double uplift;          /* latent ITT uplift of the target response per unit of
                               relative lift: an arm with --effect REL adds
                               REL * uplift to p_control (population mean of
                               uplift = the base rate) */
    int pre_products;       /* products held before the window (1 or more); more
                               for customers likelier to open anyway */
    double balance_scale;   /* multiplies the balance of every opening: wealthier
                               customers (higher pre_balance) open larger accounts
                               (population mean 1) */
} lk_sim_customer;

typedef struct lk_sim_population lk_sim_population;

/*
 * A generator of n customers for seed, with the control's target response
 * rate base_rate and non-target rate other_rate over the window.  The same
 * arguments give the same customers in the same order.  Returns LK_OK,
 * LK_EUSAGE for rates outside (0, 0.5], or LK_EIO when out of memory.
 * The caller owns *out and frees it with lk_sim_population_free.
 */
int lk_sim_population_new(lk_sim_population **out, uint64_t n, unsigned long seed,
                          double base_rate, double other_rate, lk_error *err);

/* The next customer into *c; 0, or -1 once all n were produced. */
int lk_sim_population_next(lk_sim_population *p, lk_sim_customer *c);

void lk_sim_population_free(lk_sim_population *p);

/* Write "C0000042" (prefix, at least 7 digits) and a NUL; returns the length. */
size_t lk_sim_format_id(char *buf, char prefix, uint64_t number);

/* ---- the whole simulation ---- */

typedef struct lk_simulate_options {
    uint64_t customers;         /* > 0 */
    unsigned long seed;
    const char *out_dir;        /* must exist; NULL: "." */
    double base_rate;           /* control's target response over the window */
    double other_rate;          /* control's non-target opening rate over the window */
    double halo;                /* relative lift of non-target openings when contacted */
    /* Per-arm relative lift of the target response vs control, by arm
       name; arms not named get the defaults (champion 0.25, challengers
       0.40, 0.25, 0.25, ...).  Naming the control or an unknown arm is an
       LK_EUSAGE error. */
    const char *const *effect_arm;
    const double *effect_rel;
    size_t neffects;
    int latent;                 /* also write latent.csv (per-customer truth) */
    lk_progress progress;       /* customers done out of customers */
    /* One arm whose effect differs in one segment: its relative lift times
       segment_effect (in (0, 10]) for that segment's customers; NULL arm:
       none.  truth-segments.csv records every arm's truth per segment. */
    const char *segment_effect_arm, *segment_effect_segment;
    double segment_effect;
} lk_simulate_options;

/* Defaults: seed 1, base rate 0.03, other rate 0.06, halo 0.05. */
void lk_simulate_options_init(lk_simulate_options *opt);

/* Per-arm bookkeeping, also written to truth.csv. */
typedef struct lk_sim_arm_truth {
    double rel;                 /* true relative lift of the target rate vs control */
    uint64_t units, customers, contacted, offers;
    double cost;
    double expected_target;     /* sum over units of P(unit opens a target product in the window) */
    double expected_target_customers;   /* the same summed over customers */
    double expected_any;        /* sum over units of P(any opening in the window) */
    uint64_t target_units;      /* units that opened a target product in the window */
    uint64_t any_units;         /* units that opened anything in the window */
    uint64_t openings, openings_in_window;
    uint64_t direct, halo, organic;     /* in-window openings by cause */
    double balance_target, balance_any; /* in-window balances */
    double value;               /* in-window [value] of the openings */
} lk_sim_arm_truth;

typedef struct lk_sim_result {
    size_t narms;
    lk_sim_arm_truth *arm;      /* narms entries, the experiment's order */
    uint64_t customers, households, offers, openings;
} lk_sim_result;

/*
 * Check the experiment and the options as lk_simulate does, writing
 * nothing: LK_OK, LK_EUSAGE with the reason, or LK_EIO (out of memory).
 */
int lk_simulate_check(const lk_experiment *exp, const lk_simulate_options *opt,
                      lk_error *err);

/*
 * Simulate the experiment into opt->out_dir: customers.csv, offers.csv,
 * openings.csv, truth.csv, truth-segments.csv (and latent.csv with
 * opt->latent).  Files appear
 * only if everything succeeded.  LK_EUSAGE for bad options, a unit column
 * other than customer_id/household_id, or a stratify column simulate does
 * not write (only segment); LK_EIO for write failures.  On LK_OK fills
 * *res (release with lk_sim_result_release; res may be NULL).
 */
int lk_simulate(const lk_experiment *exp, const lk_simulate_options *opt, lk_sim_result *res,
                lk_error *err);

void lk_sim_result_release(lk_sim_result *res);

#endif
