/*
 * units_windows.c - per-unit windows ([experiment] window_from =
 * column:COL): each unit's window starts on the earliest date in that
 * column of assignments.csv over its customers, and lasts window days, in
 * every arm.  A unit whose customers all leave it empty starts on the
 * experiment's start.  The parts of a units load keep the earliest date of
 * each of their units; the join puts them in u->start_day.
 */
#include <stdlib.h>
#include <string.h>

#include "measure/units_int.h"
#include "util/grow.h"

#define NO_DAY INT32_MIN

int lk_units_start_of_row(part *p, const lk_csv_row *row, int32_t *day, lk_error *err)
{
    int col = p->ld->start_col;
    *day = NO_DAY;
    if (col < 0 || !row->len[col])
        return LK_OK;
    return lk_csv_get_date(p->r, row, col, day, err);
}

void lk_units_keep_start(part *p, uint32_t unit, int fresh, int32_t day)
{
    if (p->ld->start_col < 0)
        return;
    int32_t *d = &p->start_day[unit];
    if (fresh || (day != NO_DAY && (*d == NO_DAY || day < *d)))
        *d = day;
}

int lk_units_join_starts(loader *ld)
{
    lk_units *u = ld->u;
    if (ld->start_col < 0)
        return 0;
    if (!(u->start_day = lk_alloc_big(u->n, sizeof(int32_t), 0)))
        return -1;
    size_t base = 0;
    for (size_t k = 0; k < ld->nparts; k++) {
        const part *p = &ld->part[k];
        memcpy(u->start_day + base, p->start_day, p->n * sizeof(int32_t));
        base += p->n;
    }
    for (size_t i = 0; i < u->n; i++)
        if (u->start_day[i] == NO_DAY)
            u->start_day[i] = ld->exp->start;
    return 0;
}
