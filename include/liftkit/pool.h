/*
 * pool.h - one strategy across several waves: pooling lift tables.
 *
 * Campaigns repeat in monthly waves; each wave's 'liftkit lift' table
 * (docs/methods.md, "Lift") holds, per metric, arm and baseline (vs), a relative
 * lift and its interval.  Pooling combines the same comparison across
 * waves into a fixed-effect, inverse-variance weighted estimate of the log
 * ratio, with Cochran's Q and I^2 to say whether the waves disagree more
 * than chance allows.
 *
 * Each wave's log ratio and standard error come from its table:
 *  - rates (Katz log interval, symmetric on the log scale):
 *      theta = log(1 + lift), se = (log(1 + lift_hi) - log(1 + lift_lo)) / (2 z)
 *  - means (test = welch; delta-method interval, symmetric on the lift scale):
 *      theta = log(1 + lift), se = (lift_hi - lift_lo) / (2 z) / (1 + lift)
 * with z = the normal quantile 1 - alpha/2 of the tables' level.
 */
#ifndef LIFTKIT_POOL_H
#define LIFTKIT_POOL_H

#include <stddef.h>

#include "liftkit/error.h"
#include "liftkit/output.h"

/* The fixed-effect combination of k estimates. */
typedef struct lk_pool_estimate {
    double theta, se;        /* pooled log ratio and its standard error */
    double lo, hi;           /* its interval at 1 - alpha */
    double p_value;          /* two-sided z-test of theta = 0 */
    double q, q_p;           /* Cochran's Q, chi-square (k - 1 df) p; NaN if k < 2 */
    double i2;               /* max(0, (Q - (k-1)) / Q), 0..1; NaN if k < 2 */
} lk_pool_estimate;

/*
 * Weights 1/se[i]^2; needs k >= 1 and every se[i] > 0 and finite (else
 * returns -1 and leaves *out alone).
 */
int lk_pool_fixed(const double *theta, const double *se, size_t k, double alpha,
                  lk_pool_estimate *out);

/* One pooled comparison. */
typedef struct lk_pool_row {
    char *metric, *arm, *vs;
    size_t waves;            /* waves whose row had a lift interval: pooled */
    size_t rows;             /* waves with the row at all */
    double lift, lift_lo, lift_hi;  /* exp(theta) - 1 and its interval */
    lk_pool_estimate est;
    /* DerSimonian-Laird random effects (pool_random.h) beside the fixed effect: */
    double lift_re, lift_re_lo, lift_re_hi;  /* exp(theta_re) - 1 and its interval */
    double tau2;             /* between-wave variance of the log ratio */
} lk_pool_row;

typedef struct lk_pool {
    lk_pool_row *rows;       /* in first-seen order across the files */
    size_t n;
    size_t files;
    int random;              /* lk_pool_write fills the random-effects columns */
} lk_pool;

/*
 * Read the lift tables paths[0..n) (columns metric, arm, vs, lift,
 * lift_lo, lift_hi, test found by name; rows without a vs skipped) and
 * pool every (metric, arm, vs) they hold, by fixed and by random effects.
 * alpha is the level the tables were made at and the level of the pooled
 * intervals.  Bad values are located LK_EDATA errors, and so is a row of
 * test 'sequential': an always-valid interval is wider than its standard
 * error says, so it cannot be pooled.  The caller owns *out (lk_pool_free).
 */
int lk_pool_lift_tables(lk_pool **out, const char *const *paths, size_t n, double alpha,
                        lk_error *err);

void lk_pool_free(lk_pool *p);

/*
 * metric,arm,vs,waves,files,lift,lift_lo,lift_hi,p_value,log_lift,se,
 * cochran_q,q_df,q_p,i2,lift_re,lift_re_lo,lift_re_hi,tau2 (header
 * included; the last four empty unless p->random).
 */
void lk_pool_write(lk_csv_writer *w, const lk_pool *p);

#endif
