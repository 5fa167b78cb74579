/*
 * roi_segments.c - roi --by: the ROI table of each segment (see roi.h).
 *
 * A segment's table is lk_roi_compute on a view of the units holding only
 * that segment's units, in their order, and on the segment's contacts and
 * cost: so it is the table the segment's units alone give, bootstrap
 * included (the same seed draws from the same units in the same order).
 * From summaries (roi --summary --by) a segment's table is
 * lk_roi_compute_sums on that segment's sums, the same table.
 */
#include <stdlib.h>
#include <string.h>

#include "liftkit/roi.h"
#include "liftkit/units.h"

void lk_roi_segments_free(lk_roi_segments *s)
{
    if (!s)
        return;
    lk_roi_table_free(s->all);
    for (size_t g = 0; g < s->n; g++) {
        lk_roi_table_free(s->at[g]);
        free(s->label[g]);
    }
    free(s->at);
    free(s->label);
    free(s);
}

/* A table of n segments' ROI tables, all empty; NULL when out of memory. */
static lk_roi_segments *segments_new(size_t n)
{
    lk_roi_segments *s = calloc(1, sizeof(*s));
    if (s) {
        s->at = calloc(n + 1, sizeof(*s->at));
        s->label = calloc(n + 1, sizeof(*s->label));
    }
    if (!s || !s->at || !s->label) {
        lk_roi_segments_free(s);
        return NULL;
    }
    s->n = n;
    return s;
}

/* The arrays of a segment's view of the units. */
typedef struct seg_view {
    lk_units v;
    uint16_t *arm;
    uint8_t *response;
    double *value;
    size_t *arm_units;
} seg_view;

static int view_init(seg_view *w, const lk_units *u)
{
    memset(w, 0, sizeof(*w));
    w->arm = malloc((u->n + 1) * sizeof(*w->arm));
    w->response = malloc(u->n + 1);
    w->value = malloc((u->n + 1) * sizeof(double));
    w->arm_units = calloc(u->narms + 1, sizeof(size_t));
    return w->arm && w->response && w->value && w->arm_units ? 0 : -1;
}

static void view_release(seg_view *w)
{
    free(w->arm);
    free(w->response);
    free(w->value);
    free(w->arm_units);
}

/* Units of segment g only: the fields lk_roi_compute reads. */
static void view_fill(seg_view *w, const lk_units *u, uint32_t g)
{
    size_t k = 0;
    memset(w->arm_units, 0, (u->narms + 1) * sizeof(size_t));
    for (size_t i = 0; i < u->n; i++) {
        if (u->segment[i] != g)
            continue;
        w->arm[k] = u->arm[i];
        w->response[k] = u->response_target[i];
        w->value[k] = u->value[i];
        w->arm_units[u->arm[i]]++;
        k++;
    }
    w->v = *u;
    w->v.n = k;
    w->v.arm = w->arm;
    w->v.response_target = w->response;
    w->v.value = w->value;
    w->v.arm_units = w->arm_units;
}

int lk_roi_compute_segments(lk_roi_segments **out, const lk_experiment *exp,
                            const lk_units *u, const lk_roi_costs *costs,
                            const lk_roi_options *opt, lk_error *err)
{
    *out = NULL;
    if (!u->segment || !costs->segment_contacts || costs->nsegments != u->nsegments)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "roi by segment needs units loaded with segments and their costs");
    lk_roi_segments *s = segments_new(u->nsegments);
    if (!s)
        return lk_error_nomem(err);
    int rc = LK_OK;
    for (size_t g = 0; !rc && g < s->n; g++)
        if (!(s->label[g] = strdup(u->segment_labels[g])))
            rc = lk_error_nomem(err);
    if (!rc)
        rc = lk_roi_compute(&s->all, exp, u, costs, opt, err);
    seg_view w;
    if (view_init(&w, u) && !rc)
        rc = lk_error_nomem(err);
    for (size_t g = 0; !rc && g < s->n; g++) {
        size_t k = g * (u->narms + 1);
        lk_roi_costs c = {.narms = costs->narms, .contacts = costs->segment_contacts + k,
                          .cost = costs->segment_cost + k};
        view_fill(&w, u, (uint32_t)g);
        rc = lk_roi_compute(&s->at[g], exp, &w.v, &c, opt, err);
    }
    view_release(&w);
    if (rc) {
        lk_roi_segments_free(s);
        return rc;
    }
    *out = s;
    return LK_OK;
}

int lk_roi_compute_segment_sums(lk_roi_segments **out, const lk_experiment *exp,
                                const lk_roi_segment_sums *s, const lk_roi_options *opt,
                                lk_error *err)
{
    *out = NULL;
    lk_roi_segments *t = segments_new(s->n);
    if (!t)
        return lk_error_nomem(err);
    int rc = lk_roi_compute_sums(&t->all, exp, s->all, opt, err);
    for (size_t g = 0; !rc && g < s->n; g++) {
        if (!(t->label[g] = strdup(s->label[g])))
            rc = lk_error_nomem(err);
        else
            rc = lk_roi_compute_sums(&t->at[g], exp, s->at[g], opt, err);
    }
    if (rc) {
        lk_roi_segments_free(t);
        return rc;
    }
    *out = t;
    return LK_OK;
}
