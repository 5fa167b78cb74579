/*
 * power.c - test-cell sizing and the power curve (docs/methods.md, "Power").
 *
 * The formula lives in stats.c; here a design is checked, sizes become
 * whole customers (always rounded up, so the power reached is never below
 * the one asked for), and the curve rows for the chart are laid out.
 */
#include <math.h>
#include <stdlib.h>

#include "liftkit/power.h"
#include "liftkit/stats.h"

#define CURVE_POINTS 50
#define MAX_SIZE 9007199254740992.0 /* 2^53: beyond it doubles skip integers */

/*
 * Round a real size up to whole customers, forgiving the rounding noise of
 * a size that is an integer in exact arithmetic.
 */
static double whole(double n)
{
    double f = floor(n);
    return n - f <= 1e-9 * (n > 1 ? n : 1) ? f : f + 1;
}

static int check_design(double baseline, double alpha, double power, double ratio,
                        lk_error *err)
{
    if (!(baseline > 0 && baseline < 1))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "baseline rate %g is outside (0, 1)", baseline);
    if (!(alpha > 0 && alpha < 1))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "alpha %g is outside (0, 1)", alpha);
    if (!(power > 0 && power < 1))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "power %g is outside (0, 1)", power);
    if (!(ratio > 0) || !isfinite(ratio))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "ratio %g is not a positive number",
                            ratio);
    return LK_OK;
}

static void fill_sizes(lk_power_row *row, double n_baseline)
{
    row->n_baseline = n_baseline;
    row->n_treated = whole(n_baseline * row->ratio);
    row->n_total = row->n_baseline + row->n_treated;
}

int lk_power_size(double baseline, double treated, double alpha, double power, double ratio,
                  lk_power_row *row, lk_error *err)
{
    int rc = check_design(baseline, alpha, power, ratio, err);
    if (rc)
        return rc;
    if (!(treated > 0 && treated < 1))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "treated rate %g is outside (0, 1)",
                            treated);
    if (treated == baseline)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "treated rate equals the baseline: no lift to detect");
    double n = lk_power_n(baseline, treated, alpha, power, ratio);
    if (!(n * (1 + ratio) < MAX_SIZE))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "the lift is too small to size: more than 2^53 customers needed");
    *row = (lk_power_row){baseline, treated, alpha, power, ratio, 0, 0, 0};
    fill_sizes(row, whole(n) > 1 ? whole(n) : 1);
    return LK_OK;
}

int lk_power_detectable(double baseline, double n_baseline, double alpha, double power,
                        double ratio, lk_power_row *row, lk_error *err)
{
    int rc = check_design(baseline, alpha, power, ratio, err);
    if (rc)
        return rc;
    if (!(n_baseline >= 1 && n_baseline * (1 + ratio) < MAX_SIZE))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "baseline size %g is not between 1 and 2^53", n_baseline);
    *row = (lk_power_row){baseline, NAN, alpha, power, ratio, 0, 0, 0};
    fill_sizes(row, n_baseline);
    double eff = row->n_treated / row->n_baseline;
    row->treated = lk_power_mde(baseline, n_baseline, alpha, power, eff);
    if (isnan(row->treated))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "no treated rate below 1 reaches power %g with %.0f baseline "
                            "customers",
                            power, n_baseline);
    return LK_OK;
}

static void curve_row(const lk_power_row *plan, double treated, double n_baseline,
                      lk_power_row *row)
{
    *row = *plan;
    row->treated = treated;
    fill_sizes(row, n_baseline);
    row->power = lk_power(plan->baseline, treated, row->n_baseline, plan->alpha,
                          row->n_treated / row->n_baseline);
}

/* Sizes from n/10 to 3n, the plan's own n among them, no repeats. */
static size_t curve_by_size(const lk_power_row *plan, lk_power_row *rows)
{
    double n = plan->n_baseline, lo = n / 10, hi = 3 * n, last = 0;
    int planned = 0;
    size_t k = 0;
    for (int i = 0; i < CURVE_POINTS; i++) {
        double size = whole(lo + (hi - lo) * i / (CURVE_POINTS - 1));
        if (size < 1)
            size = 1;
        if (!planned && size >= n) {
            if (n > last)
                curve_row(plan, plan->treated, n, &rows[k++]);
            last = n;
            planned = 1;
        }
        if (size > last)
            curve_row(plan, plan->treated, size, &rows[k++]);
        last = size > last ? size : last;
    }
    return k;
}

/* Treated rates from the baseline to twice the plan's distance, the plan's among them. */
static size_t curve_by_rate(const lk_power_row *plan, lk_power_row *rows)
{
    double b = plan->baseline, t = plan->treated;
    double end = b + 2 * (t - b);
    if (end >= 1)
        end = b + (1 - b) * 0.999;
    if (end <= 0)
        end = b * 0.001;
    int planned = 0;
    size_t k = 0;
    for (int i = 0; i < CURVE_POINTS; i++) {
        double rate = b + (end - b) * i / (CURVE_POINTS - 1);
        if (!planned && fabs(rate - b) >= fabs(t - b)) {
            if (fabs(rate - t) > 1e-15)
                curve_row(plan, t, plan->n_baseline, &rows[k++]);
            planned = 1;
        }
        curve_row(plan, rate, plan->n_baseline, &rows[k++]);
    }
    return k;
}

int lk_power_curve(const lk_power_row *plan, int vary_treated, lk_power_row **rows, size_t *n,
                   lk_error *err)
{
    *rows = malloc((CURVE_POINTS + 1) * sizeof(**rows));
    *n = 0;
    if (!*rows)
        return lk_error_nomem(err);
    *n = vary_treated ? curve_by_rate(plan, *rows) : curve_by_size(plan, *rows);
    return LK_OK;
}
