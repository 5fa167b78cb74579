/*
 * roi_units.c - what ROI takes from the units, made before the costs are
 * known (roi.h, lk_roi_units_make): per arm its size, target response
 * rate, mean value and the values its bootstrap resamples.
 *
 * An arm's values are grouped as distinct values with their frequencies
 * (roi.c, lk_roi_sample_init).  They are counted here in the one pass
 * that sums the rates and values, in a small table keyed by each value's
 * bits, and only the distinct values are sorted: the values and
 * frequencies a sort of all of the arm's values gives, without gathering
 * and sorting every unit's.  An arm with more distinct values than the
 * table holds, or with a NaN or a negative zero (which a sort may place
 * either way), is gathered and sorted as lk_roi_sample_init does.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "liftkit/experiment.h"
#include "liftkit/roi.h"
#include "liftkit/units.h"

#include "measure/roi_int.h"

#define DISTINCT_BITS 13
#define DISTINCT_SLOTS ((size_t)1 << DISTINCT_BITS)
#define DISTINCT_MAX (DISTINCT_SLOTS / 2)

/* An arm's distinct values and how many units have each. */
typedef struct distinct {
    uint64_t key[DISTINCT_SLOTS];   /* a value's bits */
    size_t count[DISTINCT_SLOTS];   /* 0: an empty slot */
    size_t k;
    int sort;                       /* counted otherwise: gather and sort */
} distinct;

struct lk_roi_units {
    size_t narms;
    arm_data d;
    double *vals;                   /* the gathered values, when an arm needs them */
};

int lk_roi_arm_data_init(arm_data *d, size_t narms)
{
    memset(d, 0, sizeof(*d));
    size_t k = narms ? narms : 1;
    d->n = calloc(5 * k, sizeof(double));
    d->s = calloc(k, sizeof(sample));
    if (!d->n || !d->s)
        return -1;
    d->rate = d->n + k;
    d->value = d->n + 2 * k;
    d->contacts = d->n + 3 * k;
    d->cost = d->n + 4 * k;
    return 0;
}

void lk_roi_arm_data_release(arm_data *d, size_t narms)
{
    for (size_t a = 0; d->s && a < narms; a++)
        lk_roi_sample_release(&d->s[a]);
    free(d->s);
    free(d->n);
}

static void distinct_add(distinct *t, double v)
{
    if (t->sort)
        return;
    if (isnan(v) || (v == 0 && signbit(v))) {
        t->sort = 1;
        return;
    }
    uint64_t bits;
    memcpy(&bits, &v, sizeof(bits));
    size_t h = (size_t)((bits * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - DISTINCT_BITS));
    while (t->count[h] && t->key[h] != bits)
        h = (h + 1) & (DISTINCT_SLOTS - 1);
    if (!t->count[h]) {
        if (t->k == DISTINCT_MAX) {
            t->sort = 1;
            return;
        }
        t->key[h] = bits;
        t->k++;
    }
    t->count[h]++;
}

/* s as lk_roi_sample_init makes it from an arm of n units with t's values. */
static int sample_of_distinct(sample *s, const distinct *t, size_t n)
{
    memset(s, 0, sizeof(*s));
    s->n = n;
    if (n == 0)
        return 0;
    size_t k = t->k;
    double *found = malloc(k * sizeof(double));
    size_t *count = malloc(k * sizeof(size_t)), *order = malloc(k * sizeof(size_t));
    s->value = malloc(k * sizeof(double));
    s->weight = malloc(k * sizeof(double));
    s->count = malloc(k * sizeof(unsigned int));
    int rc = found && count && order && s->value && s->weight && s->count ? 0 : -1;
    for (size_t h = 0, j = 0; !rc && h < DISTINCT_SLOTS; h++)
        if (t->count[h]) {
            memcpy(&found[j], &t->key[h], sizeof(double));
            count[j++] = t->count[h];
        }
    if (!rc)
        gsl_sort_index(order, found, 1, k);
    for (size_t j = 0; !rc && j < k; j++) {
        s->value[j] = found[order[j]];
        s->weight[j] = (double)count[order[j]];
    }
    s->k = k;
    free(found);
    free(count);
    free(order);
    return rc;
}

/* Unit values of each arm, gathered: values + start[a] .. start[a + 1]. */
static int gather_values(const lk_units *u, double **values, size_t **start)
{
    *values = malloc((u->n + 1) * sizeof(double));
    *start = calloc(u->narms + 1, sizeof(size_t));
    size_t *fill = calloc(u->narms + 1, sizeof(size_t));
    if (!*values || !*start || !fill) {
        free(fill);
        return -1;
    }
    for (size_t a = 0; a < u->narms; a++)
        (*start)[a + 1] = (*start)[a] + u->arm_units[a];
    for (size_t i = 0; i < u->n; i++) {
        size_t a = u->arm[i];
        (*values)[(*start)[a] + fill[a]++] = u->value[i];
    }
    free(fill);
    return 0;
}

/* The samples of the arms t could not group, from the gathered values (*vals). */
static int sort_the_rest(arm_data *d, const lk_units *u, const distinct *t, double **vals)
{
    size_t *start = NULL;
    int rc = gather_values(u, vals, &start);
    for (size_t a = 0; !rc && a < u->narms; a++)
        if (t[a].sort || LK_ROI_UNGROUPED(t[a].k, u->arm_units[a]))
            rc = lk_roi_sample_init(&d->s[a], *vals + start[a], start[a + 1] - start[a]);
    free(start);
    return rc;
}

/* d from the units (contacts and cost left at 0); the samples of arms
   resampled unit by unit point into *vals, which the caller frees. */
static int arm_data_of_units(arm_data *d, const lk_units *u, const lk_experiment *exp,
                             double **vals)
{
    distinct *t = calloc(u->narms ? u->narms : 1, sizeof(*t));
    if (!t)
        return -1;
    for (size_t i = 0; i < u->n; i++) {
        d->rate[u->arm[i]] += u->response_target[i];
        d->value[u->arm[i]] += u->value[i];
        distinct_add(&t[u->arm[i]], u->value[i]);
    }
    int rc = 0, rest = 0;
    for (size_t a = 0; !rc && a < u->narms; a++) {
        double n = d->n[a] = (double)u->arm_units[a];
        d->rate[a] = n > 0 ? d->rate[a] / n : NAN;
        d->value[a] = n > 0 ? d->value[a] / n : NAN;
        if (t[a].sort || LK_ROI_UNGROUPED(t[a].k, u->arm_units[a]))
            rest = 1;
        else
            rc = sample_of_distinct(&d->s[a], &t[a], u->arm_units[a]);
    }
    if (!rc && rest)
        rc = sort_the_rest(d, u, t, vals);
    free(t);
    d->srm_p = rc ? NAN : lk_units_srm_p(u, exp);
    return rc;
}

int lk_roi_units_make(lk_roi_units **out, const lk_experiment *exp, const lk_units *u,
                      lk_error *err)
{
    *out = NULL;
    if (u->narms != exp->narms)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "units, costs and experiment disagree "
                            "on the number of arms");
    lk_roi_units *ru = calloc(1, sizeof(*ru));
    if (!ru)
        return lk_error_nomem(err);
    ru->narms = exp->narms;
    if (lk_roi_arm_data_init(&ru->d, exp->narms) ||
        arm_data_of_units(&ru->d, u, exp, &ru->vals)) {
        lk_roi_units_free(ru);
        return lk_error_nomem(err);
    }
    *out = ru;
    return LK_OK;
}

arm_data *lk_roi_units_data(lk_roi_units *ru, size_t narms)
{
    return ru && ru->narms == narms ? &ru->d : NULL;
}

void lk_roi_units_free(lk_roi_units *ru)
{
    if (!ru)
        return;
    lk_roi_arm_data_release(&ru->d, ru->narms);
    free(ru->vals);
    free(ru);
}
