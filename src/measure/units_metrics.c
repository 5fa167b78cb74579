/*
 * units_metrics.c - what a loaded lk_units answers (units.h): its metrics
 * by name and by unit, their sums per arm, the sample-ratio check, and the
 * freeing of its arrays, all of them or those only lift and ROI read.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/stats.h"
#include "liftkit/units.h"

#include "util/strmap.h"

void lk_units_free(lk_units *u)
{
    if (!u)
        return;
    lk_strmap_free(u->customers);
    free(u->customer_unit);
    free(u->id);
    free(u->id_data);
    free(u->arm);
    free(u->arm_units);
    free(u->response_target);
    free(u->response_any);
    free(u->balance_target);
    free(u->balance_any);
    free(u->products_opened);
    free(u->value);
    free(u->first_target_day);
    free(u->first_any_day);
    free(u->start_day);
    free(u->held_start);
    free(u->held_end);
    free(u->funded_target);
    free(u->balance_target_90);
    for (size_t s = 0; s < u->nscores; s++) {
        free(u->score_names ? u->score_names[s] : NULL);
        free(u->score ? u->score[s] : NULL);
    }
    free(u->score_names);
    free(u->score);
    free(u->n_capped);
    for (size_t s = 0; u->segment_labels && s < u->nsegments; s++)
        free(u->segment_labels[s]);
    free(u->segment_labels);
    free(u->segment);
    free(u);
}

/* Free *p and forget it. */
#define RELEASE(p) (free(p), (p) = NULL)

void lk_units_release(lk_units *u, unsigned what)
{
    if (what & LK_UNITS_LIFT_ONLY) {
        RELEASE(u->response_any);
        RELEASE(u->balance_target);
        RELEASE(u->balance_any);
        RELEASE(u->products_opened);
        RELEASE(u->held_start);
        RELEASE(u->held_end);
        RELEASE(u->funded_target);
        RELEASE(u->balance_target_90);
    }
    if (what & LK_UNITS_DAYS) {
        RELEASE(u->first_target_day);
        RELEASE(u->first_any_day);
    }
    if (what & LK_UNITS_VALUE)
        RELEASE(u->value);
}

#undef RELEASE

static const char *const metric_names[LK_METRIC_COUNT] = {
    "response_target", "response_any", "balance_target", "balance_any", "products_opened",
    "products_held_start", "products_held_end", "single_product", "funded_target",
    "balance_target_90",
};

const char *lk_metric_name(lk_metric m)
{
    return (unsigned)m < LK_METRIC_COUNT ? metric_names[m] : "?";
}

int lk_metric_from_name(const char *name)
{
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        if (!strcmp(metric_names[m], name))
            return m;
    return -1;
}

int lk_metric_is_binary(lk_metric m)
{
    return m == LK_METRIC_RESPONSE_TARGET || m == LK_METRIC_RESPONSE_ANY ||
           m == LK_METRIC_SINGLE_PRODUCT || m == LK_METRIC_FUNDED_TARGET;
}

int lk_units_has_metric(const lk_units *u, lk_metric m)
{
    switch (m) {
    case LK_METRIC_PRODUCTS_HELD_START:
    case LK_METRIC_PRODUCTS_HELD_END:
    case LK_METRIC_SINGLE_PRODUCT: return u->held_end != NULL;
    case LK_METRIC_FUNDED_TARGET:
    case LK_METRIC_BALANCE_TARGET_90: return u->funded_target != NULL;
    case LK_METRIC_COUNT: return 0;
    default: return (unsigned)m < LK_METRIC_OPENINGS_COUNT;
    }
}

void lk_units_window(const lk_units *u, const lk_experiment *exp, size_t i, int32_t *first,
                     int32_t *last)
{
    *first = u->start_day ? u->start_day[i] : exp->start;
    *last = *first + exp->window;
    if (u->has_as_of && u->as_of < *last)
        *last = u->as_of;
}

double lk_units_metric(const lk_units *u, lk_metric m, size_t i)
{
    switch (m) {
    case LK_METRIC_RESPONSE_TARGET: return u->response_target[i];
    case LK_METRIC_RESPONSE_ANY: return u->response_any[i];
    case LK_METRIC_BALANCE_TARGET: return u->balance_target[i];
    case LK_METRIC_BALANCE_ANY: return u->balance_any[i];
    case LK_METRIC_PRODUCTS_OPENED: return u->products_opened[i];
    case LK_METRIC_PRODUCTS_HELD_START: return u->held_start ? u->held_start[i] : NAN;
    case LK_METRIC_PRODUCTS_HELD_END: return u->held_end ? u->held_end[i] : NAN;
    case LK_METRIC_SINGLE_PRODUCT: return u->held_end ? u->held_end[i] == 1 : NAN;
    case LK_METRIC_FUNDED_TARGET: return u->funded_target ? u->funded_target[i] : NAN;
    case LK_METRIC_BALANCE_TARGET_90:
        return u->balance_target_90 ? u->balance_target_90[i] : NAN;
    case LK_METRIC_COUNT: break;
    }
    return NAN;
}

double lk_units_srm_p(const lk_units *u, const lk_experiment *exp)
{
    size_t k = u->narms < exp->narms ? u->narms : exp->narms;
    double *buf = malloc((2 * k + 1) * sizeof(double));
    if (!buf)
        return NAN;
    for (size_t a = 0; a < k; a++) {
        buf[a] = (double)u->arm_units[a];
        buf[k + a] = exp->arms[a].weight;
    }
    double p = lk_srm_p(buf, buf + k, k, NULL);
    free(buf);
    return p;
}

void lk_units_sums(const lk_units *u, lk_metric m, double *n, double *sum, double *sumsq)
{
    for (size_t a = 0; a < u->narms; a++)
        n[a] = sum[a] = sumsq[a] = 0;
    for (size_t i = 0; i < u->n; i++) {
        double x = lk_units_metric(u, m, i);
        n[u->arm[i]] += 1;
        sum[u->arm[i]] += x;
        sumsq[u->arm[i]] += x * x;
    }
}
