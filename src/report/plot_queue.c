/*
 * plot_queue.c - charts drawn two at a time (plot_int.h): while gnuplot
 * draws one chart, the next one's files are written and its gnuplot runs
 * beside it.  Each chart writes only its own files, so the order they
 * finish in changes nothing; errors are reported in the order the charts
 * were added, as when they were drawn one after another.
 */
#include <string.h>

#include "report/plot_int.h"

void plot_queue_init(plot_queue *q)
{
    memset(q, 0, sizeof(*q));
}

/* Wait for the oldest running chart. */
static int finish_oldest(plot_queue *q, lk_error *err)
{
    size_t i = q->first;
    int rc = plot_chart_finish(&q->chart[i], err);
    if (!rc && q->drawn[i])
        *q->drawn[i] = 1;
    q->first = (q->first + 1) % PLOT_AT_ONCE;
    q->n--;
    return rc;
}

int plot_queue_wait(plot_queue *q, lk_error *err)
{
    int rc = LK_OK;
    while (q->n) {
        lk_error later;
        int r = finish_oldest(q, rc ? &later : err);
        if (!rc)
            rc = r;
    }
    return rc;
}

int plot_queue_add(plot_queue *q, lk_plot_kind kind, const tbl *t, const char *source,
                   const char *dir, const lk_plot_options *opt, int *drawn, lk_error *err)
{
    int rc = q->n == PLOT_AT_ONCE ? finish_oldest(q, err) : LK_OK;
    if (rc) {
        lk_error later;
        plot_queue_wait(q, &later);
        return rc;
    }
    size_t i = (q->first + q->n) % PLOT_AT_ONCE;
    lk_error mine;
    if ((rc = plot_chart_start(&q->chart[i], kind, t, source, dir, opt, &mine))) {
        /* the charts started before come first */
        int before = plot_queue_wait(q, err);
        if (before)
            return before;
        *err = mine;
        return rc;
    }
    q->drawn[i] = drawn;
    q->n++;
    return LK_OK;
}
