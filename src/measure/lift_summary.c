/*
 * lift_summary.c - the lift table's input from raw units: per-arm
 * sufficient statistics of every metric, with a covariate's sums for
 * CUPED and the caps the units were given.  lift_summary_read.c reads the
 * same from summary files, so both paths give the same table.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/balances.h"
#include "liftkit/experiment.h"
#include "liftkit/lift.h"
#include "liftkit/units.h"

#include "measure/lift_int.h"

/* ---- sums ---- */

lk_lift_sums *lift_sums_new(size_t narms)
{
    lk_lift_sums *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->narms = narms;
    s->at = calloc(LK_METRIC_COUNT * (narms ? narms : 1), sizeof(*s->at));
    if (!s->at) {
        free(s);
        return NULL;
    }
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        s->cap[m] = NAN;
    for (size_t i = 0; i < LK_METRIC_COUNT * narms; i++)
        s->at[i].n_capped = NAN;
    return s;
}

void lk_lift_sums_free(lk_lift_sums *s)
{
    if (!s)
        return;
    free(s->at);
    free(s);
}

/* The covariate sums of metric m from column x of u (empty values count as 0). */
static void add_covariate(lk_lift_sums *s, const lk_units *u, lk_metric m, const double *x)
{
    lk_arm_sums *at = &s->at[(size_t)m * u->narms];
    for (size_t i = 0; i < u->n; i++) {
        double xi = isnan(x[i]) ? 0 : x[i], yi = lk_units_metric(u, m, i);
        lk_arm_sums *a = &at[u->arm[i]];
        a->sum_x += xi;
        a->sum_x2 += xi * xi;
        a->sum_xy += xi * yi;
    }
    s->has_x[m] = 1;
}

int lk_lift_sums_from_units(lk_lift_sums **out, const lk_units *u, const lk_experiment *exp,
                            lk_error *err)
{
    lk_lift_sums *s = lift_sums_new(u->narms);
    double *buf = malloc(3 * (u->narms ? u->narms : 1) * sizeof(double));
    if (!s || !buf) {
        lk_lift_sums_free(s);
        free(buf);
        return lk_error_nomem(err);
    }
    double *n = buf, *sum = buf + u->narms, *sumsq = buf + 2 * u->narms;
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        if (!lk_units_has_metric(u, (lk_metric)m))
            continue;
        lk_units_sums(u, (lk_metric)m, n, sum, sumsq);
        s->cap[m] = u->cap[m];
        for (size_t a = 0; a < u->narms; a++) {
            lk_arm_sums *as = &s->at[m * u->narms + a];
            as->n = n[a];
            as->sum = sum[a];
            as->sumsq = sumsq[a];
            if (!isnan(u->cap[m]) && u->n_capped)
                as->n_capped = (double)u->n_capped[m * u->narms + a];
        }
        s->present[m] = 1;
        int c = exp ? lk_units_covariate(u, exp, (lk_metric)m) : -1;
        if (c >= 0)
            add_covariate(s, u, (lk_metric)m, u->score[c]);
    }
    free(buf);
    *out = s;
    return LK_OK;
}
