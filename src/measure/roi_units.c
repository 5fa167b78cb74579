/*
 * roi_units.c - what ROI takes from the units, made before the costs are
 * known (roi.h, lk_roi_units_make): per arm its size, target response
 * rate, mean value and the values its bootstrap resamples.
 *
 * An arm's values are grouped as distinct values with their frequencies
 * (roi.c, lk_roi_sample_init).  They are counted here in the one pass
 * that sums the rates and values, in a table keyed by each value's bits
 * that grows with them, and only the distinct values are sorted: the
 * values and frequencies a sort of all of the arm's values gives, without
 * gathering and sorting every unit's.  Counting stops once an arm has more
 * distinct values than a grouped sample has (LK_ROI_GROUPED_MAX): it is
 * resampled unit by unit, from its values gathered, unsorted.  Only an arm
 * with a NaN or a negative zero (which a sort may place either way) is
 * gathered and sorted as lk_roi_sample_init does.
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

/* the slots of a table at first (a power of two) */
#define DISTINCT_FIRST_BITS 10

/* What the count of an arm's distinct values came to. */
enum { COUNTING, UNGROUPED, SORT, NOMEM };

/* An arm's distinct values and how many units have each, while counted. */
typedef struct distinct {
    uint64_t *key;              /* a value's bits */
    size_t *count;              /* 0: an empty slot */
    unsigned bits;              /* 1 << bits slots, at least twice k */
    size_t k, most;             /* distinct values; the most a grouped arm has */
    int state;                  /* COUNTING, or why counting stopped */
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

/* Stop counting t's values: state says why. */
static void distinct_stop(distinct *t, int state)
{
    free(t->key);
    free(t->count);
    t->key = NULL;
    t->count = NULL;
    t->state = state;
}

/* t's table empty, with 1 << bits slots; -1 when out of memory. */
static int distinct_alloc(distinct *t, unsigned bits)
{
    t->bits = bits;
    t->key = malloc(((size_t)1 << bits) * sizeof(*t->key));
    t->count = calloc((size_t)1 << bits, sizeof(*t->count));
    return t->key && t->count ? 0 : -1;
}

/* The slot of bits in t: where it is, or the empty slot where it goes. */
static size_t distinct_slot(const distinct *t, uint64_t bits)
{
    size_t mask = ((size_t)1 << t->bits) - 1;
    size_t h = (size_t)((bits * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - t->bits));
    while (t->count[h] && t->key[h] != bits)
        h = (h + 1) & mask;
    return h;
}

/* t's table twice the size, its values kept; -1 when out of memory. */
static int distinct_grow(distinct *t)
{
    distinct old = *t;
    if (distinct_alloc(t, old.bits + 1)) {
        free(t->key);
        free(t->count);
        *t = old;
        return -1;
    }
    for (size_t h = 0; h < (size_t)1 << old.bits; h++)
        if (old.count[h]) {
            size_t to = distinct_slot(t, old.key[h]);
            t->key[to] = old.key[h];
            t->count[to] = old.count[h];
        }
    free(old.key);
    free(old.count);
    return 0;
}

/* t ready to count the values of an arm of n units. */
static void distinct_init(distinct *t, size_t n)
{
    memset(t, 0, sizeof(*t));
    t->most = LK_ROI_GROUPED_MAX(n);
    if (distinct_alloc(t, DISTINCT_FIRST_BITS))
        distinct_stop(t, NOMEM);
}

static void distinct_add(distinct *t, double v)
{
    if (t->state != COUNTING)
        return;
    if (isnan(v) || (v == 0 && signbit(v))) {
        distinct_stop(t, SORT);
        return;
    }
    uint64_t bits;
    memcpy(&bits, &v, sizeof(bits));
    size_t h = distinct_slot(t, bits);
    if (!t->count[h]) {
        if (t->k == t->most) {
            distinct_stop(t, UNGROUPED);
            return;
        }
        if (2 * (t->k + 1) > (size_t)1 << t->bits) {
            if (distinct_grow(t)) {
                distinct_stop(t, NOMEM);
                return;
            }
            h = distinct_slot(t, bits);
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
    for (size_t h = 0, j = 0; !rc && h < (size_t)1 << t->bits; h++)
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

/*
 * The samples of the arms t did not group, from the gathered values
 * (*vals): resampled unit by unit, or sorted to be grouped or not.
 */
static int gather_the_rest(arm_data *d, const lk_units *u, const distinct *t, double **vals)
{
    size_t *start = NULL;
    int rc = gather_values(u, vals, &start);
    for (size_t a = 0; !rc && a < u->narms; a++) {
        const double *x = *vals + start[a];
        size_t n = start[a + 1] - start[a];
        if (t[a].state == UNGROUPED)
            d->s[a] = (sample){.x = x, .n = n};
        else if (t[a].state == SORT)
            rc = lk_roi_sample_init(&d->s[a], x, n);
    }
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
    for (size_t a = 0; a < u->narms; a++)
        distinct_init(&t[a], u->arm_units[a]);
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
        if (t[a].state == NOMEM)
            rc = -1;
        else if (t[a].state != COUNTING)
            rest = 1;
        else
            rc = sample_of_distinct(&d->s[a], &t[a], u->arm_units[a]);
    }
    if (!rc && rest)
        rc = gather_the_rest(d, u, t, vals);
    for (size_t a = 0; a < u->narms; a++)
        distinct_stop(&t[a], t[a].state);
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
