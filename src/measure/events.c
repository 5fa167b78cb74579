/*
 * events.c - guardrail events per unit (events.h), and their lift rows
 * with the non-inferiority verdicts (lk_lift_add_events, lift.h), from
 * the units or from a summary's event sums (lk_lift_add_event_sums).
 *
 * Event names are collected while reading (a handful in practice), each
 * with one byte per unit; the rows are appended after the standard
 * metrics, one event_<name> block per event in byte order of the names.
 * Both paths make the rows from the same per-arm counts (units, units with
 * the event), so a summary gives the raw path's rows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_heapsort.h>

#include "liftkit/csv.h"
#include "liftkit/date.h"
#include "liftkit/events.h"
#include "liftkit/lift.h"
#include "liftkit/noninferiority.h"
#include "liftkit/stats.h"

#include "measure/lift_int.h"
#include "util/strmap.h"

enum { E_CUSTOMER, E_EVENT, E_DATE, E_NCOLS };

/* The index of event name, added (with its unit flags) when new; -1 when out of memory. */
static int event_index(lk_events *ev, size_t nunits, const char *name)
{
    for (size_t i = 0; i < ev->n; i++)
        if (!strcmp(ev->names[i], name))
            return (int)i;
    char **names = realloc(ev->names, (ev->n + 1) * sizeof(char *));
    if (names)
        ev->names = names;
    uint8_t **has = realloc(ev->has, (ev->n + 1) * sizeof(uint8_t *));
    if (has)
        ev->has = has;
    if (!names || !has)
        return -1;
    ev->names[ev->n] = strdup(name);
    ev->has[ev->n] = calloc(nunits ? nunits : 1, 1);
    if (!ev->names[ev->n] || !ev->has[ev->n]) {
        free(ev->names[ev->n]);
        free(ev->has[ev->n]);
        return -1;
    }
    return (int)ev->n++;
}

static int take_row(lk_events *ev, const lk_experiment *exp, const lk_units *u,
                    lk_csv_reader *r, const lk_csv_row *row, const int *col, lk_error *err)
{
    int32_t day;
    int rc = lk_csv_get_nonempty(r, row, col[E_EVENT], err);
    if (!rc)
        rc = lk_csv_get_date(r, row, col[E_DATE], &day, err);
    if (rc)
        return rc;
    int e = event_index(ev, u->n, row->field[col[E_EVENT]]);
    if (e < 0)
        return lk_error_nomem(err);
    uint32_t c = lk_strmap_find(u->customers, row->field[col[E_CUSTOMER]],
                                row->len[col[E_CUSTOMER]]);
    if (c == LK_STRMAP_NONE) {
        ev->unassigned++;
        return LK_OK;
    }
    uint32_t i = u->customer_unit[c];
    int32_t first = u->start_day ? u->start_day[i] : exp->start;
    if (day < first || day > first + exp->window || (u->has_as_of && day > u->as_of)) {
        ev->outside_window++;
        return LK_OK;
    }
    ev->in_window++;
    ev->has[e][i] = 1;
    return LK_OK;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the guardrail events not seen, then put the names in byte order. */
static int finish(lk_events *ev, const lk_experiment *exp, const lk_units *u)
{
    for (size_t g = 0; g < exp->guardrails.n; g++)
        if (event_index(ev, u->n, exp->guardrails.items[g].key) < 0)
            return -1;
    if (ev->n < 2)
        return 0;
    size_t *order = malloc(ev->n * sizeof(size_t));
    char **names = malloc(ev->n * sizeof(char *));
    uint8_t **has = malloc(ev->n * sizeof(uint8_t *));
    int ok = order && names && has;
    if (ok) {
        memcpy(names, ev->names, ev->n * sizeof(char *));
        gsl_heapsort_index(order, names, ev->n, sizeof(char *), by_name);
        for (size_t i = 0; i < ev->n; i++) {
            names[i] = ev->names[order[i]];
            has[i] = ev->has[order[i]];
        }
        memcpy(ev->names, names, ev->n * sizeof(char *));
        memcpy(ev->has, has, ev->n * sizeof(uint8_t *));
    }
    free(order);
    free(names);
    free(has);
    return ok ? 0 : -1;
}

int lk_events_read(lk_events **out, const lk_experiment *exp, const lk_units *u,
                   const char *path, lk_error *err)
{
    static const char *const names[E_NCOLS] = {"customer_id", "event", "event_date"};
    *out = NULL;
    if (!u->customers)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "events need units loaded with index_customers set");
    lk_events *ev = calloc(1, sizeof(*ev));
    if (!ev)
        return lk_error_nomem(err);
    lk_csv_reader *r = NULL;
    int col[E_NCOLS];
    int rc = lk_csv_open(&r, path, err);
    if (!rc)
        rc = lk_csv_require(r, names, E_NCOLS, col, err);
    lk_csv_row *row;
    while (!rc && !(rc = lk_csv_next(r, &row, err)) && row)
        rc = take_row(ev, exp, u, r, row, col, err);
    if (r)
        ev->rows = lk_csv_rows_read(r);
    lk_csv_close(r);
    if (!rc && finish(ev, exp, u))
        rc = lk_error_nomem(err);
    if (rc) {
        lk_events_free(ev);
        return rc;
    }
    *out = ev;
    return LK_OK;
}

void lk_events_free(lk_events *ev)
{
    if (!ev)
        return;
    for (size_t i = 0; i < ev->n; i++) {
        free(ev->names[i]);
        free(ev->has[i]);
    }
    free(ev->names);
    free(ev->has);
    free(ev);
}

/* ---- the lift rows of the events, from units or from sums ---- */

/* Sums of event e per arm: units, and units with the event. */
static void event_sums(const lk_units *u, const uint8_t *has, lk_arm_sums *at)
{
    for (size_t a = 0; a < u->narms; a++)
        at[a] = (lk_arm_sums){0};
    for (size_t i = 0; i < u->n; i++) {
        lk_arm_sums *s = &at[u->arm[i]];
        s->n++;
        s->sum += has[i];
        s->sumsq += has[i];
    }
}

int lk_lift_sums_add_events(lk_lift_sums *s, const lk_units *u, const lk_events *ev,
                            lk_error *err)
{
    if (s->nevents)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "the sums have their events already");
    s->event_names = calloc(ev->n + 1, sizeof(char *));
    s->event_at = calloc((ev->n + 1) * (u->narms + 1), sizeof(lk_arm_sums));
    if (!s->event_names || !s->event_at)
        return lk_error_nomem(err);
    for (size_t e = 0; e < ev->n; e++) {
        if (!(s->event_names[e] = strdup(ev->names[e])))
            return lk_error_nomem(err);
        s->nevents++;
        event_sums(u, ev->has[e], &s->event_at[e * u->narms]);
    }
    return LK_OK;
}
/* The verdict of a comparison row whose event has a margin. */
static void guard(lk_lift_row *row, const lk_arm_sums *at, double margin, double alpha)
{
    lk_noninferiority ni;
    lk_error ignored;
    const lk_arm_sums *a = &at[row->arm], *b = &at[row->vs];
    if (lk_noninferiority_test(a->sum, a->n, b->sum, b->n, margin, alpha, &ni, &ignored))
        return; /* an empty arm: nothing to decide */
    row->guardrail = lk_guardrail_name(ni.verdict);
}

/* Holm over the rows of event k compared with vs, from row first on. */
static int adjust(lk_lift_table *t, size_t first, size_t k, int vs)
{
    size_t m = t->nrows - first, n = 0;
    double *p = malloc((2 * m + 1) * sizeof(double));
    size_t *idx = malloc((m + 1) * sizeof(size_t));
    if (!p || !idx) {
        free(p);
        free(idx);
        return -1;
    }
    for (size_t i = first; i < t->nrows; i++)
        if (t->rows[i].event == k && t->rows[i].vs == vs) {
            idx[n] = i;
            p[n++] = t->rows[i].p_value;
        }
    if (n)
        lk_holm(p, n, p + n);
    for (size_t j = 0; j < n; j++)
        t->rows[idx[j]].p_adjusted = p[n + j];
    free(p);
    free(idx);
    return 0;
}

static int event_rows(lk_lift_table *t, const lk_experiment *exp, const lk_arm_sums *at,
                      size_t k, double margin, int guarded)
{
    size_t first = t->nrows;
    for (size_t a = 0; a < exp->narms; a++) {
        int vs[3];
        int nb = lift_baselines(exp, a, vs);
        for (int j = 0; j < (nb ? nb : 1); j++) {
            lk_lift_row *row = &t->rows[t->nrows++];
            memset(row, 0, sizeof(*row));
            lift_fill_row(row, LK_METRIC_RESPONSE_TARGET, at, a, nb ? vs[j] : -1, exp, t->srm_p);
            row->metric = LK_METRIC_COUNT;
            row->event = k;
            if (guarded && row->vs >= 0)
                guard(row, at, margin, exp->alpha);
        }
    }
    if (adjust(t, first, k, exp->champion))
        return -1;
    if (exp->control >= 0 && adjust(t, first, k, exp->control))
        return -1;
    return exp->universal >= 0 ? adjust(t, first, k, exp->universal) : 0;
}

static int make_room(lk_lift_table *t, const lk_experiment *exp, char *const *names,
                     size_t n)
{
    size_t per_event = 0;
    for (size_t a = 0; a < exp->narms; a++) {
        int vs[3];
        int nb = lift_baselines(exp, a, vs);
        per_event += nb ? (size_t)nb : 1;
    }
    lk_lift_row *rows = realloc(t->rows, (t->nrows + per_event * n + 1) * sizeof(*rows));
    if (!rows)
        return -1;
    t->rows = rows;
    t->event_names = calloc(n + 1, sizeof(char *));
    if (!t->event_names)
        return -1;
    for (size_t e = 0; e < n; e++) {
        size_t len = strlen(names[e]) + 7;
        if (!(t->event_names[e] = malloc(len)))
            return -1;
        snprintf(t->event_names[e], len, "event_%s", names[e]);
        t->nevents++;
    }
    return 0;
}

/* The rows of the n events names[] whose sums per arm are at[e * narms + a]. */
static int add_rows(lk_lift_table *t, const lk_experiment *exp, char *const *names, size_t n,
                    const lk_arm_sums *at, lk_error *err)
{
    if (t->nevents)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "the table has its events already");
    if (make_room(t, exp, names, n))
        return lk_error_nomem(err);
    for (size_t e = 0; e < n; e++) {
        double margin = 0;
        int guarded = lk_settings_get(&exp->guardrails, names[e], &margin) == 0;
        if (event_rows(t, exp, &at[e * exp->narms], e + 1, margin, guarded))
            return lk_error_set(err, LK_EIO, NULL, 0, 0,
                                "out of memory, or the integration for prob_better failed");
    }
    return LK_OK;
}

int lk_lift_add_events(lk_lift_table *t, const lk_experiment *exp, const lk_units *u,
                       const lk_events *ev, lk_error *err)
{
    lk_arm_sums *at = calloc((ev->n + 1) * (u->narms + 1), sizeof(*at));
    if (!at)
        return lk_error_nomem(err);
    for (size_t e = 0; e < ev->n; e++)
        event_sums(u, ev->has[e], &at[e * u->narms]);
    int rc = add_rows(t, exp, ev->names, ev->n, at, err);
    free(at);
    return rc;
}

int lk_lift_add_event_sums(lk_lift_table *t, const lk_experiment *exp, const lk_lift_sums *s,
                           lk_error *err)
{
    if (s->narms != exp->narms)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "the sums have %zu arms, the experiment %zu", s->narms, exp->narms);
    return add_rows(t, exp, s->event_names, s->nevents, s->event_at, err);
}
