/*
 * interim.c - whether a read stops before the window ends (interim.h).
 */
#include <stdio.h>

#include "liftkit/date.h"
#include "liftkit/interim.h"

lk_interim lk_interim_of(const lk_experiment *exp, int has_as_of, int32_t as_of, int has_last,
                         int32_t last_open)
{
    lk_interim r = {0};
    int32_t end = exp->start + exp->window;
    if (has_as_of && as_of < end)
        r.data_to = as_of;
    else if (has_last && last_open < end)
        r.data_to = last_open;
    else
        return r;
    r.interim = 1;
    r.window = exp->window;
    r.day = r.data_to < exp->start ? 0 : (int)(r.data_to - exp->start);
    lk_date_format(r.data_to, r.as_of);
    return r;
}

lk_interim lk_interim_of_units(const lk_experiment *exp, const lk_units *u)
{
    if (!u->start_day || !u->n)
        return lk_interim_of(exp, u->has_as_of, u->as_of, u->has_last_open, u->last_open_day);
    /* Per-unit windows: the read is final once the latest window has ended. */
    lk_experiment latest = *exp;
    for (size_t i = 0; i < u->n; i++)
        if (i == 0 || u->start_day[i] > latest.start)
            latest.start = u->start_day[i];
    return lk_interim_of(&latest, u->has_as_of, u->as_of, u->has_last_open, u->last_open_day);
}

char *lk_interim_notice(const lk_interim *r, char *buf, size_t len)
{
    if (!r->interim)
        snprintf(buf, len, "%s", "");
    else
        snprintf(buf, len, "interim read: data to %s, day %d of %d", r->as_of, r->day,
                 r->window);
    return buf;
}
