/*
 * interim.h - is this read interim, and what to say (docs/methods.md,
 * "Interim reads").
 *
 * A read is interim when it stops before the measurement window
 * [start, start + window] ends: either the analyst says so (--as-of DATE
 * before the window's end; only openings and offers dated up to DATE
 * count) or the openings file itself ends early (its latest open_date is
 * before the window's end).  Every output then says "interim read: data to
 * DATE, day N of W", and tables carry DATE in their as_of column.
 */
#ifndef LIFTKIT_INTERIM_H
#define LIFTKIT_INTERIM_H

#include <stddef.h>
#include <stdint.h>

#include "liftkit/experiment.h"
#include "liftkit/units.h"

typedef struct lk_interim {
    int interim;        /* 0: a final read (the rest is unset) */
    int32_t data_to;    /* day number of the last day whose data count */
    int day, window;    /* data_to - start (0..window) and the window in days */
    char as_of[11];     /* data_to as YYYY-MM-DD; "" on a final read */
} lk_interim;

/*
 * The read of exp with the --as-of day (has_as_of) and the latest opening
 * (has_last): interim with data to as_of when as_of is before the window's
 * end, else with data to the last opening when that is before it, else
 * final.
 */
lk_interim lk_interim_of(const lk_experiment *exp, int has_as_of, int32_t as_of, int has_last,
                         int32_t last_open);

/* The read of units u loaded with or without an as-of day. */
lk_interim lk_interim_of_units(const lk_experiment *exp, const lk_units *u);

/*
 * "interim read: data to 2026-01-26, day 21 of 90" into buf (truncated to
 * len); "" on a final read.  Returns buf.
 */
char *lk_interim_notice(const lk_interim *r, char *buf, size_t len);

#endif
