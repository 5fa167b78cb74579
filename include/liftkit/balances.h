/*
 * balances.h - what the experiment file's [metrics] and [cuped] sections
 * do to units (docs/methods.md, "Capping" and "CUPED").
 *
 * Balance metrics are capped per unit, after aggregation to the unit and
 * before any sum, mean or test, so lift, report and uplift all see the
 * same capped values.  The covariates [cuped] names are read from
 * assignments.csv as scores summed to the unit (like the metric).
 */
#ifndef LIFTKIT_BALANCES_H
#define LIFTKIT_BALANCES_H

#include "liftkit/cap.h"
#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/units.h"

/* The default cap of a balance metric when [metrics] sets none. */
#define LK_CAP_DEFAULT "p99.9"

/*
 * The cap of metric m by exp: cap.<metric>, else cap, else LK_CAP_DEFAULT
 * for a balance metric; LK_CAP_NONE for the others.  A setting that does
 * not parse is an LK_EDATA error at its line of the experiment file.
 */
int lk_balance_cap_spec(const lk_experiment *exp, lk_metric m, lk_cap_spec *spec,
                        lk_error *err);

/*
 * Cap every balance metric of u in place as exp says, the percentile taken
 * over the nonzero unit values of all arms; sets u->cap and u->n_capped.
 * Calling it twice changes nothing more.  Returns LK_OK, the error of
 * lk_balance_cap_spec, or LK_EIO when out of memory.
 */
int lk_units_cap(lk_units *u, const lk_experiment *exp, lk_error *err);

/*
 * The covariate column [cuped] names for metric m, or NULL.
 */
const char *lk_balance_covariate(const lk_experiment *exp, lk_metric m);

/*
 * The scores of *o followed by exp's covariate columns (summed; a column
 * several metrics name, once), in
 * o->scores, o->nscores and o->score_summed.  The new lists live in
 * *storage, which the caller frees with free() after lk_units_load.
 * Returns LK_OK or LK_EIO when out of memory (o unchanged).
 */
int lk_units_options_add_covariates(lk_units_options *o, const lk_experiment *exp,
                                    void **storage, lk_error *err);

/*
 * Index into u->score of the covariate of metric m (the last score of that
 * name), or -1 when m has none or it was not loaded.
 */
int lk_units_covariate(const lk_units *u, const lk_experiment *exp, lk_metric m);

#endif
