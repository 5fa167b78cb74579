/*
 * assign.h - assigning units to arms (docs/methods.md, "Assignment").
 *
 * The hash method is a pure function of (salt, unit id): u = the top 60
 * bits of SHA-256(salt ":" unit id), bucket = u mod 10000, and the arm is
 * the first whose boundary B_i = floor(10000 * (w1+..+wi) / W + 0.5) lies
 * above the bucket.  Anyone can recompute it in SQL or Python.
 *
 * The stratified method needs the whole population: within each stratum
 * the units are ordered by u (ties by unit id) and dealt to arms
 * systematically from a random start drawn from the stratum's own hash, so
 * each stratum's counts are within one unit of the weights and no arm is
 * favoured in expectation.  See lk_assign_deal and lk_assign_units.
 */
#ifndef LIFTKIT_ASSIGN_H
#define LIFTKIT_ASSIGN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/liftkit.h"
#include "liftkit/output.h"

#define LK_ASSIGN_BUCKETS 10000u

/*
 * The 60-bit value u: the first 15 hex digits of SHA-256(salt ":" unit)
 * read as an integer (the digest's top 60 bits).
 */
uint64_t lk_assign_u(const char *salt, size_t salt_len, const char *unit, size_t unit_len);

/* u mod 10000 for the same inputs. */
uint32_t lk_assign_bucket(const char *salt, size_t salt_len, const char *unit,
                          size_t unit_len);

/*
 * A prepared hasher: the salt's prefix "salt:" is hashed once, so hashing
 * a unit costs only the unit's bytes.  Fill with lk_assign_hasher_init; it
 * holds no heap memory (copy it freely, no release needed).
 */
typedef struct lk_assign_hasher {
    /* an opaque SHA-256 context after "salt:", aligned as the context is */
    _Alignas(16) unsigned char state[128];
} lk_assign_hasher;

void lk_assign_hasher_init(lk_assign_hasher *h, const char *salt, size_t salt_len);
uint64_t lk_assign_hasher_u(const lk_assign_hasher *h, const char *unit, size_t unit_len);

/*
 * The arm boundaries of an experiment, computed once: bound[i] = B_i
 * (bound[narms-1] = 10000), and arm_of[b] the arm of bucket b, so the
 * per-row path is one table look-up.  An arm whose weight rounds to no
 * buckets gets no hash-assigned units (its boundary equals the previous).
 */
typedef struct lk_assign_plan {
    size_t narms;               /* the drawn arms: all but the universal holdout */
    int universal;              /* the universal holdout's arm index, or -1 */
    double universal_cut;       /* share * 10000: buckets below it are in the holdout */
    lk_assign_hasher universal_hasher;  /* "salt:" of [universal] salt */
    uint32_t *bound;            /* narms entries */
    double *weight;             /* narms entries, copied from the experiment */
    double *cum;                /* (w1+..+wi) / W, narms entries, the last 1 */
    uint16_t arm_of[LK_ASSIGN_BUCKETS];
} lk_assign_plan;

/*
 * Fill plan for exp.  Returns LK_OK, LK_EUSAGE if the experiment has no
 * arms or more than 65535, or LK_EIO when out of memory.  Release with
 * lk_assign_plan_release.
 */
int lk_assign_plan_init(lk_assign_plan *plan, const lk_experiment *exp, lk_error *err);
void lk_assign_plan_release(lk_assign_plan *plan);

/*
 * The universal holdout, drawn before the arms: 1 when plan has one and
 * unit's bucket under the universal salt is below share * 10000 (the
 * bucket, from the recipe above, goes to *bucket), else 0.
 */
int lk_assign_plan_universal(const lk_assign_plan *plan, const char *unit, size_t unit_len,
                             uint32_t *bucket);

static inline int lk_assign_plan_arm(const lk_assign_plan *plan, uint32_t bucket)
{
    return plan->arm_of[bucket];
}

/*
 * The arm index (file order) of bucket (0..9999) under exp's weights, by
 * the boundaries above; -1 if bucket is out of range.  Computes the
 * boundaries on every call: per-row code should use an lk_assign_plan.
 */
int lk_assign_hash_arm(const lk_experiment *exp, uint32_t bucket);

/*
 * The stratum's random start r in [0, 1): lk_assign_u(salt, stratum
 * value) / 2^60, the same recipe as a unit's u applied to the stratum
 * value.
 */
double lk_assign_stratum_start(const char *salt, size_t salt_len, const char *stratum,
                               size_t stratum_len);

/*
 * The systematic deal within one stratum of n units ordered by u: the
 * unit at rank j (0-based) gets the first arm i with
 * (j + start) / n < (w1+..+wi) / W.  Every arm gets floor or ceil of
 * n w_i / W units (never further than one unit from its share), and over
 * the random start its expected count is exactly n w_i / W, so small
 * strata favour no arm.  arm has n entries.
 */
void lk_assign_deal(const lk_assign_plan *plan, double start, size_t n, int *arm);

/*
 * Assign n rows in memory, exactly as 'liftkit assign' does.
 * unit_ids[i] is row i's unit; it may repeat (customers of one
 * household), and every row of a unit gets the unit's arm.  strata is
 * NULL unless exp->stratify is set; then strata[i] is row i's stratum
 * value and a unit's stratum is that of its first row.  Writes the arm
 * index (file order) of each row into arm[0..n).  Returns LK_OK, or
 * LK_EIO when out of memory.
 */
int lk_assign_units(const lk_experiment *exp, const char *const *unit_ids,
                    const char *const *strata, size_t n, int *arm, lk_error *err);

/*
 * The stratified core on distinct units: u[i] and ids[i] (with lengths)
 * of unit i, its dense stratum number stratum[i], and start[s] the random
 * start of stratum s (lk_assign_stratum_start).  Units in the plan's
 * universal holdout get its arm first; the others of each stratum are
 * sorted by (u, id) with GSL and dealt with lk_assign_deal.  Writes
 * each unit's arm.  Returns LK_OK or LK_EIO (out of memory).
 */
int lk_assign_stratified(const lk_assign_plan *plan, const uint64_t *u,
                         const char *const *ids, const size_t *id_len,
                         const uint32_t *stratum, const double *start, size_t n,
                         int *arm, lk_error *err);

/* ---- assigning a customers file (liftkit assign) ---- */

typedef struct lk_assign_options {
    const char *input;          /* customers.csv, "-" for standard input */
    FILE *out;                  /* assignments.csv is written here (borrowed) */
    lk_rejects *rejects;        /* NULL: the first bad row stops the run */
    lk_progress progress;       /* bytes of input read */
} lk_assign_options;

/*
 * What a run assigned.  Counts are by arm (file order); the cells of
 * stratum s are [s * narms + arm].  units counts randomization units
 * (households when unit is not customer_id), customers counts rows
 * written.
 */
typedef struct lk_assign_summary {
    size_t narms;
    int stratified;
    size_t nstrata;             /* 0 unless stratified */
    char **strata;              /* stratum values, first-seen order */
    uint64_t *units, *customers;            /* by arm */
    uint64_t *stratum_units, *stratum_customers;  /* by stratum x arm */
    uint64_t rows;              /* data rows read, bad ones included */
    uint64_t rejected;          /* rows set aside with rejects */
    size_t index_bytes;         /* memory of the id indexes (duplicate check) */
} lk_assign_summary;

/*
 * Assign every row of opt->input and write assignments.csv to opt->out:
 * customer_id, unit_id, experiment, arm, role, bucket, stratum, then the
 * input's other columns in their order.  The hash method streams (one row
 * in, one row out); the stratified method reads the input twice (standard
 * input is spooled to a temporary file first).  Checks: required columns
 * (customer_id, the unit column, the stratify column), input columns that
 * would clash with an output column, empty ids, duplicate customer_id, and
 * whatever the CSV reader finds.  A bad row is LK_EDATA with its location
 * unless opt->rejects is set, then it goes there and the run goes on.
 * Fills *sum (release with lk_assign_summary_release) on LK_OK.
 */
int lk_assign_csv(const lk_experiment *exp, const lk_assign_options *opt,
                  lk_assign_summary *sum, lk_error *err);

void lk_assign_summary_release(lk_assign_summary *sum);

/*
 * The sample-ratio test of the arm unit counts of stratum s (s = -1: all
 * units) against the weights; NaN with fewer than two arms or no units.
 */
double lk_assign_summary_srm(const lk_assign_summary *sum, const lk_experiment *exp,
                             long s, double *chi2);

/* One level of the summary: the counts of stratum s (s = -1: all units). */
typedef struct lk_assign_level {
    const uint64_t *units, *customers; /* by arm; borrowed from the summary */
    double n;                          /* units in the level */
    double weight_sum;                 /* of all arms: expected units of arm i
                                          are n * weight_i / weight_sum */
    double chi2, srm_p;                /* as lk_assign_summary_srm */
} lk_assign_level;

/* Fill *lv for stratum s (s = -1: all units); valid while sum lives. */
void lk_assign_summary_level(const lk_assign_summary *sum, const lk_experiment *exp, long s,
                             lk_assign_level *lv);

/*
 * Write the summary as CSV: level (all | stratum), stratum, arm, role,
 * weight, share, units, expected_units, customers, chi2, srm_p; the
 * 'all' rows first, then each stratum's rows in first-seen order.
 */
void lk_assign_summary_write(const lk_assign_summary *sum, const lk_experiment *exp,
                             FILE *f);

#endif
