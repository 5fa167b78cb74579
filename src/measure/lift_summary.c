/*
 * lift_summary.c - the lift table's input from raw units: per-arm
 * sufficient statistics of every metric, with a covariate's sums for
 * CUPED and the caps the units were given.  lift_summary_read.c reads the
 * same from summary files, so both paths give the same table: the sums are
 * exact (util/exact.h), whatever the order of the units or files.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/balances.h"
#include "liftkit/experiment.h"
#include "liftkit/lift.h"
#include "liftkit/units.h"

#include "measure/lift_int.h"
#include "util/exact.h"
#include "util/pair.h"

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
    for (size_t e = 0; e < s->nevents; e++)
        free(s->event_names[e]);
    free(s->event_names);
    free(s->event_at);
    free(s->exact);
    free(s->at);
    free(s);
}

int lift_sums_exact(lk_lift_sums *s)
{
    size_t cells = LK_METRIC_COUNT * (s->narms ? s->narms : 1);
    s->exact = calloc(cells * LK_LIFT_EXACT_SUMS, sizeof(*s->exact));
    return s->exact ? 0 : -1;
}

void lift_sums_settle(lk_lift_sums *s)
{
    if (!s->exact)
        return;
    for (size_t i = 0; i < LK_METRIC_COUNT * s->narms; i++) {
        const lk_exact *e = &s->exact[i * LK_LIFT_EXACT_SUMS];
        lk_arm_sums *a = &s->at[i];
        a->sum = lk_exact_value(&e[0]);
        a->sumsq = lk_exact_value(&e[1]);
        a->sum_x = lk_exact_value(&e[2]);
        a->sum_x2 = lk_exact_value(&e[3]);
        a->sum_xy = lk_exact_value(&e[4]);
    }
}

/* n, the sum and the sum of squares of metric m per arm, exactly. */
static void add_metric(lk_lift_sums *s, const lk_units *u, lk_metric m)
{
    lk_arm_sums *at = &s->at[(size_t)m * u->narms];
    lk_exact *ex = &s->exact[(size_t)m * u->narms * LK_LIFT_EXACT_SUMS];
    for (size_t i = 0; i < u->n; i++) {
        double y = lk_units_metric(u, m, i);
        at[u->arm[i]].n += 1;
        if (y != 0) {
            lk_exact *e = &ex[u->arm[i] * LK_LIFT_EXACT_SUMS];
            lk_exact_add_moments(&e[0], &e[1], y);
        }
    }
}

/* Units from which the metrics are summed on two threads. */
#define SUMS_PAIR ((size_t)1 << 20)

/* lk_run_pair: the sums of every other metric (from the half-th) of u. */
typedef struct metrics_job {
    lk_lift_sums *s;
    const lk_units *u;
    int half;
} metrics_job;

static void *add_metrics(void *arg)
{
    const metrics_job *j = arg;
    for (int m = j->half; m < LK_METRIC_COUNT; m += 2)
        if (lk_units_has_metric(j->u, (lk_metric)m))
            add_metric(j->s, j->u, (lk_metric)m);
    return NULL;
}

/*
 * The sums of column x of u per arm (empty values count as 0): xs[arm] and
 * its squares xs2[arm], each value classified once whatever the number of
 * metrics it serves.
 */
static void covariate_moments(const lk_units *u, const double *x, lk_exact *xs, lk_exact *xs2)
{
    for (size_t i = 0; i < u->n; i++)
        if (!isnan(x[i]) && x[i] != 0)
            lk_exact_add_moments(&xs[u->arm[i]], &xs2[u->arm[i]], x[i]);
}

/* The covariate sums of metric m from column x of u, its moments xs, xs2 at hand. */
static void add_covariate(lk_lift_sums *s, const lk_units *u, lk_metric m, const double *x,
                          const lk_exact *xs, const lk_exact *xs2)
{
    lk_exact *ex = &s->exact[(size_t)m * u->narms * LK_LIFT_EXACT_SUMS];
    for (size_t a = 0; a < u->narms; a++) {
        ex[a * LK_LIFT_EXACT_SUMS + 2] = xs[a];
        ex[a * LK_LIFT_EXACT_SUMS + 3] = xs2[a];
    }
    for (size_t i = 0; i < u->n; i++) {
        double yi = lk_units_metric(u, m, i);
        if (yi != 0 && !isnan(x[i]))
            lk_exact_add_product(&ex[u->arm[i] * LK_LIFT_EXACT_SUMS + 4], x[i], yi);
    }
    s->has_x[m] = 1;
}

/*
 * The covariate sums of every metric with one: each covariate column's
 * moments are taken once (several metrics mostly share one), then copied.
 */
static int add_covariates(lk_lift_sums *s, const lk_units *u, const lk_experiment *exp)
{
    size_t narms = u->narms ? u->narms : 1;
    /* per score column: its moments per arm (xs then xs2), once taken */
    lk_exact *moments = NULL;
    unsigned char *taken = NULL;
    int rc = 0;
    for (int m = 0; !rc && m < LK_METRIC_COUNT; m++) {
        int c = lk_units_has_metric(u, (lk_metric)m) ? lk_units_covariate(u, exp, (lk_metric)m)
                                                     : -1;
        if (c < 0)
            continue;
        if (!moments && (!(moments = calloc(u->nscores * 2 * narms, sizeof(*moments))) ||
                         !(taken = calloc(u->nscores, 1)))) {
            rc = -1;
            break;
        }
        lk_exact *xs = &moments[(size_t)c * 2 * narms], *xs2 = xs + narms;
        if (!taken[c])
            covariate_moments(u, u->score[c], xs, xs2);
        taken[c] = 1;
        add_covariate(s, u, (lk_metric)m, u->score[c], xs, xs2);
    }
    free(moments);
    free(taken);
    return rc;
}

int lk_lift_sums_from_units(lk_lift_sums **out, const lk_units *u, const lk_experiment *exp,
                            lk_error *err)
{
    lk_lift_sums *s = lift_sums_new(u->narms);
    if (!s || lift_sums_exact(s)) {
        lk_lift_sums_free(s);
        return lk_error_nomem(err);
    }
    /* each metric's sums are its own: the metrics shared out between two threads */
    metrics_job job[2] = {{s, u, 0}, {s, u, 1}};
    if (u->n >= SUMS_PAIR)
        lk_run_pair(add_metrics, &job[0], &job[1]);
    else
        add_metrics(&job[0]), add_metrics(&job[1]);
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        if (!lk_units_has_metric(u, (lk_metric)m))
            continue;
        s->cap[m] = u->cap[m];
        for (size_t a = 0; a < u->narms; a++)
            if (!isnan(u->cap[m]) && u->n_capped)
                s->at[m * u->narms + a].n_capped = (double)u->n_capped[m * u->narms + a];
        s->present[m] = 1;
    }
    if (exp && add_covariates(s, u, exp)) {
        lk_lift_sums_free(s);
        return lk_error_nomem(err);
    }
    lift_sums_settle(s);
    *out = s;
    return LK_OK;
}
