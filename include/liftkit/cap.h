/*
 * cap.h - winsorizing heavy-tailed unit values (docs/methods.md, "Capping").
 *
 * A balance metric's unit values are capped before any mean, test or
 * interval is taken, so that one mortgage cannot outweigh a thousand card
 * openings.  The cap is either a fixed amount or the NN-th percentile of
 * the nonzero unit values pooled over all arms, by linear interpolation
 * between order statistics (numpy's percentile default; GSL's
 * gsl_stats_quantile_from_sorted_data).  Zeros are left out of the
 * percentile because most units open nothing: p99.9 of all values would be
 * 0 in a campaign with a 3% response rate.
 */
#ifndef LIFTKIT_CAP_H
#define LIFTKIT_CAP_H

#include <stddef.h>

#include "liftkit/error.h"

typedef enum lk_cap_kind {
    LK_CAP_NONE = 0,     /* values are used as they are */
    LK_CAP_PERCENTILE,   /* value: the percentile, in (0, 100] */
    LK_CAP_AMOUNT        /* value: the cap itself, > 0 */
} lk_cap_kind;

typedef struct lk_cap_spec {
    lk_cap_kind kind;
    double value;
} lk_cap_spec;

/*
 * Parse a cap setting: "none", "pNN" or "pNN.N" (a percentile in (0, 100],
 * one to three digits, at most one decimal) or a positive finite amount
 * ("25000", "2.5e4").  Returns LK_OK, or LK_EUSAGE with err saying what is
 * accepted; *spec is left alone on error.  err carries no location: the
 * caller that knows the file and line adds it.
 */
int lk_cap_parse(const char *text, lk_cap_spec *spec, lk_error *err);

/*
 * The pct-th percentile (0 <= pct <= 100) of the nonzero values of
 * x[0..n), by linear interpolation.  *out is NaN when no value is nonzero.
 * x is not modified.  Returns LK_OK; LK_EDATA if a value is not finite;
 * LK_EUSAGE for pct outside [0, 100]; LK_EIO if memory ran out.
 */
int lk_cap_percentile_nonzero(const double *x, size_t n, double pct, double *out,
                              lk_error *err);

/*
 * The cap that spec gives for the values x[0..n) pooled over all arms:
 * +INFINITY for LK_CAP_NONE and for a percentile when no value is nonzero,
 * the amount for LK_CAP_AMOUNT, the percentile of the nonzero values
 * otherwise.  Errors as lk_cap_percentile_nonzero.
 */
int lk_cap_value(const lk_cap_spec *spec, const double *x, size_t n, double *cap,
                 lk_error *err);

/*
 * Lower every x[i] above cap to cap, in place, and return how many values
 * were lowered.  A cap of +INFINITY or NaN changes nothing.
 */
size_t lk_winsorize(double *x, size_t n, double cap);

#endif
