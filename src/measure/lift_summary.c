/*
 * lift_summary.c - the lift table's input from raw units: per-arm
 * sufficient statistics of every metric, with a covariate's sums for
 * CUPED and the caps the units were given.  lift_summary_read.c reads the
 * same from summary files, so both paths give the same table: the sums are
 * exact (util/exact.h), whatever the order of the units or files.
 */
#include <math.h>
#include <stdatomic.h>
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

/*
 * n, the sum and the sum of squares of metric m per arm, exactly, and with
 * a covariate column x (or NULL) the cross products with it, in the same
 * pass (a unit whose metric is 0 adds nothing, nor one without x).
 */
static void add_metric(lk_lift_sums *s, const lk_units *u, lk_metric m, const double *x)
{
    lk_arm_sums *at = &s->at[(size_t)m * u->narms];
    lk_exact *ex = &s->exact[(size_t)m * u->narms * LK_LIFT_EXACT_SUMS];
    for (size_t i = 0; i < u->n; i++) {
        double y = lk_units_metric(u, m, i);
        at[u->arm[i]].n += 1;
        if (y != 0) {
            lk_exact *e = &ex[u->arm[i] * LK_LIFT_EXACT_SUMS];
            lk_exact_add_moments(&e[0], &e[1], y);
            if (x && !isnan(x[i]))
                lk_exact_add_product(&e[4], x[i], y);
        }
    }
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

/* Units from which the sums are taken on two threads. */
#define SUMS_PAIR ((size_t)1 << 20)

/*
 * The passes over the units that make the sums: one per covariate column
 * (its moments) and one per metric (with its cross products).  Each pass
 * writes sums of its own, so the two threads of lk_run_pair take the next
 * pass in turn, and the sums are the same whichever thread took which.
 */
typedef struct sums_work {
    lk_lift_sums *s;
    const lk_units *u;
    const double *x[LK_METRIC_COUNT];   /* per metric: its covariate column, or NULL */
    int col[LK_METRIC_COUNT];           /* and that column's score index */
    int task[2 * LK_METRIC_COUNT];      /* < 0: moments of score -1 - task; else a metric */
    size_t ntasks;
    atomic_size_t next;
    lk_exact *moments;                  /* per score: xs then xs2, narms each */
} sums_work;

static void *sums_passes(void *arg)
{
    sums_work *w = arg;
    size_t narms = w->u->narms ? w->u->narms : 1;
    for (size_t k; (k = atomic_fetch_add(&w->next, 1)) < w->ntasks;) {
        int t = w->task[k];
        if (t < 0) {
            lk_exact *xs = &w->moments[(size_t)(-1 - t) * 2 * narms];
            covariate_moments(w->u, w->u->score[-1 - t], xs, xs + narms);
        } else {
            add_metric(w->s, w->u, (lk_metric)t, w->x[t]);
        }
    }
    return NULL;
}

/*
 * The passes to make: each covariate column first (its moments are the
 * longest passes), then every metric u holds; -1 when out of memory.
 */
static int plan_sums(sums_work *w, const lk_experiment *exp)
{
    const lk_units *u = w->u;
    size_t narms = u->narms ? u->narms : 1;
    unsigned char taken[LK_SCORE_COLUMNS] = {0};
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        int c = exp && lk_units_has_metric(u, (lk_metric)m)
                    ? lk_units_covariate(u, exp, (lk_metric)m) : -1;
        w->col[m] = c;
        if (c < 0)
            continue;
        w->x[m] = u->score[c];
        if (!w->moments && !(w->moments = calloc(u->nscores * 2 * narms, sizeof(lk_exact))))
            return -1;
        if (!taken[c])
            w->task[w->ntasks++] = -1 - c;
        taken[c] = 1;
    }
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        if (lk_units_has_metric(u, (lk_metric)m))
            w->task[w->ntasks++] = m;
    return 0;
}

/* Metric m's covariate sums: its column's moments, its cross products made. */
static void settle_covariate(sums_work *w, lk_metric m)
{
    size_t narms = w->u->narms ? w->u->narms : 1;
    const lk_exact *xs = &w->moments[(size_t)w->col[m] * 2 * narms], *xs2 = xs + narms;
    lk_exact *ex = &w->s->exact[(size_t)m * w->u->narms * LK_LIFT_EXACT_SUMS];
    for (size_t a = 0; a < w->u->narms; a++) {
        ex[a * LK_LIFT_EXACT_SUMS + 2] = xs[a];
        ex[a * LK_LIFT_EXACT_SUMS + 3] = xs2[a];
    }
    w->s->has_x[m] = 1;
}

int lk_lift_sums_from_units(lk_lift_sums **out, const lk_units *u, const lk_experiment *exp,
                            lk_error *err)
{
    lk_lift_sums *s = lift_sums_new(u->narms);
    if (!s || lift_sums_exact(s)) {
        lk_lift_sums_free(s);
        return lk_error_nomem(err);
    }
    sums_work w = {.s = s, .u = u};
    atomic_init(&w.next, 0);
    if (plan_sums(&w, exp)) {     /* u holds at most LK_SCORE_COLUMNS scores */
        free(w.moments);
        lk_lift_sums_free(s);
        return lk_error_nomem(err);
    }
    if (u->n >= SUMS_PAIR)
        lk_run_pair(sums_passes, &w, &w);
    else
        sums_passes(&w);
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        if (!lk_units_has_metric(u, (lk_metric)m))
            continue;
        s->cap[m] = u->cap[m];
        for (size_t a = 0; a < u->narms; a++)
            if (!isnan(u->cap[m]) && u->n_capped)
                s->at[m * u->narms + a].n_capped = (double)u->n_capped[m * u->narms + a];
        s->present[m] = 1;
        if (w.x[m])
            settle_covariate(&w, (lk_metric)m);
    }
    free(w.moments);
    lift_sums_settle(s);
    *out = s;
    return LK_OK;
}
