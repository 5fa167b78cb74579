/*
 * simulate_events.c - what contact pressure costs in the simulation: a few
 * customers get a second offer on the day of one of theirs, by email or
 * app (breaking a minimum gap and short-window limits), and every customer may opt out or
 * close an account with a probability that rises with the contacts they
 * got (events.csv).  These draws use a stream of their own, so the
 * customers, offers and openings of a seed are the same as without them.
 */
#include <gsl/gsl_rng.h>

#include "liftkit/output.h"

#include "assign/simulate_private.h"

/* P(a contacted customer gets an extra offer on the day of one of theirs). */
#define BREACH_P 0.004
/* P(event in the window) = base + per_contact * contacts. */
static const struct {
    const char *name;
    double base, per_contact;
} EVENTS[] = {{"opt_out", 0.004, 0.0025}, {"closure", 0.003, 0.001}};
#define NEVENTS (sizeof(EVENTS) / sizeof(EVENTS[0]))

size_t lk_sim_breach(sim *s, offer *of, size_t n, size_t cap)
{
    if (n == 0 || n >= cap || gsl_rng_uniform(s->rng_events) >= BREACH_P)
        return n;
    size_t i = gsl_rng_uniform_int(s->rng_events, n);
    for (size_t k = n; k > i + 1; k--)
        of[k] = of[k - 1];
    of[i + 1] = of[i];
    of[i + 1].channel = of[i].channel == CH_EMAIL ? CH_APP : CH_EMAIL;
    return n + 1;
}

void lk_sim_write_events(sim *s, const lk_sim_customer *c, size_t contacts)
{
    lk_csv_writer *w = s->w[F_EVENTS];
    for (size_t e = 0; e < NEVENTS; e++) {
        double p = EVENTS[e].base + EVENTS[e].per_contact * (double)contacts;
        if (gsl_rng_uniform(s->rng_events) >= p)
            continue;
        int32_t day = s->start + (int32_t)gsl_rng_uniform_int(s->rng_events,
                                                              (unsigned long)(s->end - s->start + 1));
        char id[32];
        lk_csv_put(w, id, lk_sim_format_number(id, 'C', c->number, 7));
        lk_csv_put_str(w, EVENTS[e].name);
        lk_csv_put_date(w, day);
        lk_csv_end_row(w);
    }
}
