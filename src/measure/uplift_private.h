/*
 * uplift_private.h - what the uplift files share (library-internal):
 * uplift.c computes one score's curves and deciles, uplift_rank.c ranks
 * the units, uplift_boot.c compares two rankings by the bootstrap and
 * uplift_delta.c by the delta method.
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

/* The Qini curve's value Y_T - Y_C N_T / N_C at counts c (uplift.h). */
double lk_uplift_qini_value(const counts *c);

/* The treated and control response rates at counts c, 0 over no units. */
void lk_uplift_rates(const counts *c, double *rt, double *rc);

/* The uplift curve's value (rt - rc) (N_T + N_C) at counts c (uplift.h). */
double lk_uplift_uplift_value(const counts *c);

/* Add the units of positions [from, to) of ranking r to c. */
void lk_uplift_add_positions(counts *c, const lk_uplift_score *r, size_t from, size_t to);

/* Running trapezoid areas of both curves along a block sequence. */
typedef struct areas {
    counts c;
    double k, q, u;        /* last point */
    double aq, au;         /* areas so far */
} areas;

/* Add a block's counts to a, extending both curves' areas to its end. */
void lk_uplift_areas_add(areas *a, const counts *block);

/*
 * A block of a perfect ordering as a linear map of the totals
 * (nt, yt, nc, yc): the block's count m is sum_j map[m][j] * total_j.
 */
typedef double lk_uplift_block_map[4][4];

/*
 * The perfect Qini (qini set) or uplift ordering of totals t as block maps
 * (uplift.c), map[0..n); returns n.  The uplift ordering depends on t:
 * control responders before treated non-responders when they outnumber
 * them.  The maps are static.
 */
size_t lk_uplift_perfect_blocks(const counts *t, int qini, const lk_uplift_block_map *map[4]);

/*
 * Turn the model's areas (ending at the totals) into the two coefficients,
 * building the perfect block sequences from the totals.
 */
void lk_uplift_areas_coefficients(const areas *model, double *qini, double *auuc);

/*
 * r->order: the scored units of the comparison by score descending, ties
 * by id where a cut splits them; r->code: each position's group and
 * outcome; r->block_end: where each run of equal scores ends.  Counts
 * r->n_unscored.  0, or -1 when out of memory.
 */
int lk_uplift_rank(lk_uplift_score *r, const lk_uplift_sample *s, const double *score);

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

/*
 * lk_uplift_compare_opt counting a draw in bytes while no count passes
 * byte_limit (at most UINT8_MAX, what it uses), in words otherwise: a
 * smaller limit sends draws down the path a count past 255 takes.
 */
int lk_uplift_compare_limit(lk_uplift_comparison *c, const lk_uplift_sample *s,
                            const lk_uplift_score *a, const lk_uplift_score *b,
                            const lk_uplift_options *opt, double alpha, unsigned byte_limit,
                            lk_error *err);

/*
 * The bootstrap's draws themselves: dq[r], du[r] the differences of draw r
 * (NaN when undefined) of lk_uplift_compare(a, b, resamples, seed).  0, or
 * -1 when out of memory.
 */
int lk_uplift_boot_draws(const lk_uplift_sample *s, const lk_uplift_score *a,
                         const lk_uplift_score *b, size_t resamples, unsigned long seed,
                         double *dq, double *du);

/*
 * The score c's interval finds better: c->score when the Qini difference's
 * interval lies above 0, c->vs when below, else "".
 */
const char *lk_uplift_better(const lk_uplift_comparison *c);

/*
 * The method opt asks for, LK_UPLIFT_AUTO resolved: the bootstrap while
 * (the larger ranking's units) x opt->resamples is at most limit
 * (LK_UPLIFT_AUTO_LIMIT in lk_uplift_run), else the delta method.
 */
lk_uplift_method lk_uplift_method_chosen(const lk_uplift_options *opt,
                                         const lk_uplift_score *a, const lk_uplift_score *b,
                                         double limit);

/* The comparison of a with b by lk_uplift_method_chosen(opt, a, b, limit). */
int lk_uplift_compare_method(lk_uplift_comparison *c, const lk_uplift_sample *s,
                             const lk_uplift_score *a, const lk_uplift_score *b,
                             const lk_uplift_options *opt, double alpha, double limit,
                             lk_error *err);

/*
 * k[0..m) = m draws of gsl_rng_uniform_int(rng, n) (n > 0), the same
 * values from the same generator, the scale divided out once for all m.
 */
void lk_uplift_uniform_ints(gsl_rng *rng, unsigned long n, uint32_t *k, size_t m);

#endif
