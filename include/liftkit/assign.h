/*
 * assign.h - assigning units to arms (product.md section 5).
 *
 * The hash method is a pure function of (salt, unit id): u = the top 60
 * bits of SHA-256(salt ":" unit id), bucket = u mod 10000, and the arm is
 * the first whose boundary B_i = floor(10000 * (w1+..+wi) / W + 0.5) lies
 * above the bucket.  Anyone can recompute it in SQL or Python.
 *
 * The stratified method needs the whole population: within each stratum
 * the units are ordered by u (ties by unit id) and arms are dealt in that
 * order so that each stratum's counts hit the largest-remainder quotas of
 * the weights exactly.  See lk_assign_units.
 */
#ifndef LIFTKIT_ASSIGN_H
#define LIFTKIT_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"

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
    unsigned char state[128];   /* an opaque SHA-256 context after "salt:" */
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
    size_t narms;
    uint32_t *bound;            /* narms entries */
    double *weight;             /* narms entries, copied from the experiment */
    uint16_t arm_of[LK_ASSIGN_BUCKETS];
} lk_assign_plan;

/*
 * Fill plan for exp.  Returns LK_OK, LK_EUSAGE if the experiment has no
 * arms or more than 65535, or LK_EIO when out of memory.  Release with
 * lk_assign_plan_release.
 */
int lk_assign_plan_init(lk_assign_plan *plan, const lk_experiment *exp, lk_error *err);
void lk_assign_plan_release(lk_assign_plan *plan);

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
 * Largest-remainder quotas: split n units over the plan's arms in
 * proportion to the weights, floor(n w_i / W) each and the leftover units
 * one by one to the largest remainders (ties to the earlier arm).
 * quota has plan->narms entries.
 */
void lk_assign_quotas(const lk_assign_plan *plan, uint64_t n, uint64_t *quota);

/*
 * The deal order within one stratum: given quotas summing to n, the arm
 * of the unit at each rank 0..n-1 (units ordered by u).  At each rank the
 * arm furthest behind its pro-rata share quota_i * (rank+1) / n gets the
 * unit (ties to the earlier arm), so every prefix is as balanced as
 * integers allow and the totals equal the quotas exactly.  arm has n
 * entries.
 */
void lk_assign_deal(const uint64_t *quota, size_t narms, uint64_t n, int *arm);

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
 * of unit i, its dense stratum number stratum[i] < nstrata.  Writes each
 * unit's arm.  Sorts with GSL.  Returns LK_OK or LK_EIO (out of memory).
 */
int lk_assign_stratified(const lk_assign_plan *plan, const uint64_t *u,
                         const char *const *ids, const size_t *id_len,
                         const uint32_t *stratum, size_t n, int *arm, lk_error *err);

#endif
