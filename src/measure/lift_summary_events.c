/*
 * lift_summary_events.c - the event_<name> rows of lift summaries: per
 * guardrail event and arm, the arm's units (n) and those with the event in
 * the window (sum; sumsq, if given, the same), gathered over one or more
 * files and handed to the sums in byte order of the names, the order the
 * raw path makes its rows in.
 *
 * What stays true: the counts are whole numbers below 2^53, so adding them
 * as doubles is exact and the order of the files does not matter; a cell
 * (event, arm) appears once per file; after adding, every event has every
 * arm, each with the arm's n of the standard metrics.
 */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_heapsort.h>

#include "liftkit/experiment.h"
#include "liftkit/lift.h"

#include "measure/lift_int.h"

void lift_events_in_free(lift_events_in *ei)
{
    for (size_t e = 0; e < ei->n; e++)
        free(ei->names[e]);
    free(ei->names);
    free(ei->at);
    lift_cells_free(&ei->cells);
    memset(ei, 0, sizeof(*ei));
}

void lift_events_in_next_file(lift_events_in *ei)
{
    lift_cells_next_file(&ei->cells);
}

/* Room for one more event (its cells zero); -1 when out of memory. */
static int grow(lift_events_in *ei, const char *name)
{
    size_t k = ei->n + 1, cells = k * ei->narms + 1;
    char **names = realloc(ei->names, k * sizeof(*names));
    if (names)
        ei->names = names;
    lk_arm_sums *at = realloc(ei->at, cells * sizeof(*at));
    if (at)
        ei->at = at;
    if (!names || !at || lift_cells_grow(&ei->cells, k * ei->narms) ||
        !(names[ei->n] = strdup(name)))
        return -1;
    memset(&at[ei->n * ei->narms], 0, ei->narms * sizeof(*at));
    ei->n = k;
    return 0;
}

int lift_events_in_add(lift_events_in *ei, const char *name, size_t arm,
                       const lk_arm_sums *one, unsigned long line, size_t file,
                       unsigned long *first_line)
{
    size_t e = 0;
    while (e < ei->n && strcmp(ei->names[e], name))
        e++;
    if (e == ei->n && grow(ei, name))
        return -1;
    size_t at = e * ei->narms + arm;
    *first_line = lift_cells_seen(&ei->cells, at);
    if (*first_line)
        return 1;
    ei->at[at].n += one->n;
    ei->at[at].sum += one->sum;
    ei->at[at].sumsq += one->sumsq;
    lift_cells_mark(&ei->cells, at, line, file);
    return 0;
}

int lift_events_in_check(const lift_events_in *ei, const lk_experiment *exp,
                         const lk_lift_sums *s, int first, const char *const *paths,
                         size_t npaths, lk_error *err)
{
    const char *whole = npaths > 1 ? NULL : paths[0];
    if (ei->n && first < 0)
        return lk_error_set(err, LK_EDATA, whole, 0, 0,
                            "the summary has event rows (event_%s) but no metric's rows: "
                            "an event's n must match its arm's units",
                            ei->names[0]);
    for (size_t e = 0; e < ei->n; e++)
        for (size_t a = 0; a < ei->narms; a++) {
            size_t at = e * ei->narms + a;
            if (!ei->cells.line[at])
                return lk_error_set(err, LK_EDATA, whole, 0, 0,
                                    "no row for arm '%s' and metric 'event_%s'%s",
                                    exp->arms[a].name, ei->names[e],
                                    npaths > 1 ? " in any of the summaries" : "");
            if (ei->at[at].n != s->at[(size_t)first * s->narms + a].n)
                return lk_error_set(err, LK_EDATA, paths[ei->cells.file[at]],
                                    ei->cells.line[at], 3,
                                    "n of arm '%s' differs between metrics '%s' and "
                                    "'event_%s'%s",
                                    exp->arms[a].name, lk_metric_name((lk_metric)first),
                                    ei->names[e],
                                    npaths > 1 ? " after adding the summaries" : "");
        }
    return LK_OK;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int lift_events_in_move(lift_events_in *ei, lk_lift_sums *s)
{
    if (!ei->n)
        return 0;
    size_t *order = malloc(ei->n * sizeof(*order));
    s->event_names = calloc(ei->n, sizeof(char *));
    s->event_at = malloc(ei->n * ei->narms * sizeof(lk_arm_sums));
    if (!order || !s->event_names || !s->event_at) {
        free(order);
        return -1;
    }
    gsl_heapsort_index(order, ei->names, ei->n, sizeof(char *), by_name);
    for (size_t e = 0; e < ei->n; e++) {
        s->event_names[e] = ei->names[order[e]];
        ei->names[order[e]] = NULL;
        memcpy(&s->event_at[e * ei->narms], &ei->at[order[e] * ei->narms],
               ei->narms * sizeof(lk_arm_sums));
    }
    s->nevents = ei->n;
    free(order);
    return 0;
}
