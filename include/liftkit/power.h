/*
 * power.h - sizing a test cell (docs/methods.md, "Power", 'liftkit power').
 *
 * A plan is one row of the power table: the baseline and treated response
 * rates, the test's alpha and power, the allocation ratio n_treated /
 * n_baseline, and the sizes in whole customers.  The statistics behind it
 * are lk_power, lk_power_n and lk_power_mde of stats.h; this module adds
 * the checks of the design, the rounding up, and the power curve.
 */
#ifndef LIFTKIT_POWER_H
#define LIFTKIT_POWER_H

#include <stddef.h>
#include <stdio.h>

#include "liftkit/error.h"
#include "liftkit/format.h"

typedef struct lk_power_row {
    double baseline, treated;   /* response rates, in (0, 1) */
    double alpha, power, ratio; /* ratio = n_treated / n_baseline as planned */
    double n_baseline, n_treated, n_total; /* whole customers */
} lk_power_row;

/*
 * Customers needed to detect treated against baseline: n_baseline is
 * lk_power_n rounded up, n_treated is n_baseline * ratio rounded up, so
 * the power reached is at least the one asked for.  Returns LK_OK, or
 * LK_EUSAGE with a message in err for a rate outside (0, 1), equal rates,
 * alpha or power outside (0, 1), a ratio that is not positive, or a size
 * beyond 2^53.
 */
int lk_power_size(double baseline, double treated, double alpha, double power, double ratio,
                  lk_power_row *row, lk_error *err);

/*
 * The smallest treated rate above baseline that n_baseline baseline
 * customers (and n_baseline * ratio rounded up treated) detect with the
 * given power.  LK_EUSAGE as above, or when no rate below 1 is detectable.
 */
int lk_power_detectable(double baseline, double n_baseline, double alpha, double power,
                        double ratio, lk_power_row *row, lk_error *err);

/*
 * The power curve around a plan, for the chart: with vary_treated 0,
 * about 50 sizes from n_baseline/10 to 3 n_baseline (the plan's own size
 * among them) at the plan's rates; with vary_treated 1, about 50 treated
 * rates from the baseline to twice the plan's distance (below 1) at the
 * plan's sizes.  Each row's power is the one reached at its whole-customer
 * sizes.  *rows is allocated and owned by the caller (free()).  Returns
 * LK_OK, or LK_EIO if memory ran out.
 */
int lk_power_curve(const lk_power_row *plan, int vary_treated, lk_power_row **rows, size_t *n,
                   lk_error *err);

/*
 * Write the plan row as the power table (docs/formats.md, "Power"): CSV
 * (format csv or json) or a one-row Markdown table (md), numbers written
 * alike in both.  LK_EIO when f cannot be written.
 */
int lk_power_write(const lk_power_row *row, FILE *f, lk_format format, lk_error *err);

/*
 * Write rows[0..n) as the power curve (baseline, treated, n_baseline,
 * n_treated, n_total, power): the one format of 'liftkit power --curve'
 * and of the report's data/power.csv.  LK_EIO when f cannot be written.
 */
int lk_power_write_curve(const lk_power_row *rows, size_t n, FILE *f, lk_error *err);

#endif
