/*
 * uplift_private.h - what the uplift files share (library-internal):
 * uplift.c computes one score's curves and deciles, uplift_rank.c ranks
 * the units, uplift_boot.c compares two rankings by the bootstrap.
 */
#ifndef LIFTKIT_UPLIFT_PRIVATE_H
#define LIFTKIT_UPLIFT_PRIVATE_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "liftkit/uplift.h"

/* Counts so far: treated units, treated responders, control units, control responders. */
typedef struct counts {
    double nt, yt, nc, yc;
} counts;

/* Running trapezoid areas of both curves along a block sequence. */
typedef struct areas {
    counts c;
    double k, q, u;        /* last point */
    double aq, au;         /* areas so far */
} areas;

/* Add a block's counts to a, extending both curves' areas to its end. */
void lk_uplift_areas_add(areas *a, const counts *block);

/*
 * Turn the model's areas (ending at the totals) into the two coefficients,
 * building the perfect block sequences from the totals.
 */
void lk_uplift_areas_coefficients(const areas *model, double *qini, double *auuc);

/*
 * r->order: the scored units of the comparison by score descending, ties
 * by id where a cut splits them; r->block_end: where each run of equal
 * scores ends.  Counts r->n_unscored.  0, or -1 when out of memory.
 */
int lk_uplift_rank(lk_uplift_score *r, const lk_uplift_sample *s, const double *score);

/*
 * gsl_rng_uniform_int(r, n) drawn the way GSL documents and implements it
 * (scale = range / n, then (get - min) / scale, rejecting results of n or
 * more), with the division by the fixed scale done as a multiplication by
 * its rounded-up reciprocal, exact for every 32-bit numerator (Lemire,
 * Kaser and Kurz, "Faster remainder by direct computation", 2019,
 * theorem 1: F = 64 bits covers N = 32-bit numerators and any divisor
 * below 2^32).  Generators with a range wider than 32 bits divide.  The
 * same numbers as gsl_rng_uniform_int (test_uniform_draw_is_gsl_rng_uniform_int),
 * without its two divisions and call per draw.
 */
typedef struct lk_uniform {
    unsigned long n, offset, scale;
    uint64_t reciprocal;        /* ceil(2^64 / scale); 0: divide */
} lk_uniform;

/* Set u for draws below n (n > 0) from r's generator type. */
static inline void lk_uniform_init(lk_uniform *u, const gsl_rng *r, unsigned long n)
{
    u->n = n;
    u->offset = r->type->min;
    u->scale = n ? (r->type->max - u->offset) / n : 1;
    u->reciprocal = r->type->max - u->offset <= 0xffffffffUL && u->scale > 1
                        ? UINT64_MAX / u->scale + 1 : 0;
}

/* floor(x / u->scale) */
static inline uint64_t lk_uniform_scale_down(const lk_uniform *u, uint64_t x)
{
    if (!u->reciprocal)
        return x / u->scale;
    uint64_t hi = u->reciprocal >> 32, lo = u->reciprocal & 0xffffffffu;
    return (x * hi + (x * lo >> 32)) >> 32;
}

static inline unsigned long lk_uniform_draw(const lk_uniform *u, gsl_rng *r)
{
    unsigned long k;
    do
        k = (unsigned long)lk_uniform_scale_down(u, r->type->get(r->state) - u->offset);
    while (k >= u->n);
    return k;
}

/*
 * Bootstrap draw r of the comparison of a with b (seed as lk_uplift_compare),
 * counted in full words by unit and scored by lk_uplift_coefficients: the
 * path of a draw whose counts do not fit a byte.  0, or -1 when out of memory.
 */
int lk_uplift_draw_wide(const lk_uplift_sample *s, const lk_uplift_score *a,
                        const lk_uplift_score *b, unsigned long seed, size_t r,
                        double *dq, double *du);

/*
 * lk_uplift_compare with opt's resamples and seed, its draws counted on
 * opt->progress as they are made.
 */
int lk_uplift_compare_opt(lk_uplift_comparison *c, const lk_uplift_sample *s,
                          const lk_uplift_score *a, const lk_uplift_score *b,
                          const lk_uplift_options *opt, double alpha, lk_error *err);

#endif
