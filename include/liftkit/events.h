/*
 * events.h - guardrail events per unit (docs/methods.md, "Guardrails").
 *
 * events.csv (customer_id, event, event_date) lists what a campaign must not
 * cause: opt-outs, complaints, closures.  A unit has an event when one of
 * its customers has it dated in the measurement window [start, start +
 * window]; the metric event_<name> is the share of an arm's units that do.
 * lk_lift_add_events (lift.h) turns these flags into lift rows and the
 * guardrail verdicts.
 */
#ifndef LIFTKIT_EVENTS_H
#define LIFTKIT_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/units.h"

struct lk_events {
    size_t n;                   /* events, by name */
    char **names;               /* "opt_out": every event seen in the file and every
                                   [guardrails] event, in byte order */
    uint8_t **has;              /* has[e][unit]: 1 if the unit had event e in the window */
    unsigned long rows;         /* events.csv rows read */
    unsigned long in_window;    /* of those, assigned and dated in the window */
    unsigned long outside_window;
    unsigned long unassigned;   /* customer not in the assignments */
};
typedef struct lk_events lk_events;

/*
 * Read events.csv for the units u (loaded with index_customers).  Errors
 * (LK_EDATA, located): a missing column, an empty event, a bad date.  Rows
 * of customers not in the assignments are counted and skipped, as openings
 * are.  The caller frees *out with lk_events_free.
 */
int lk_events_read(lk_events **out, const lk_experiment *exp, const lk_units *u,
                   const char *path, lk_error *err);

void lk_events_free(lk_events *ev);

#endif
