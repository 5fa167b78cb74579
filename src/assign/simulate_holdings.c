/*
 * simulate_holdings.c - the relationship files of the simulation:
 * holdings.csv (every customer's account book: a current account, the
 * products held before the window, some closed before it or in it, and
 * every opening of openings.csv) and balances.csv (snapshots of each
 * opening 30, 60 and 90 days after it, a few missing, some accounts
 * emptied, some funded only after opening).  These draws use a stream of
 * their own, so customers, offers and openings of a seed are the same as
 * without them.
 */
#include <math.h>
#include <stdint.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "liftkit/output.h"

#include "assign/simulate_private.h"

/* P(a customer holds the catalogue's product k before the window), by position. */
static const double HELD_P[] = {0.45, 0.35, 0.06, 0.2, 0.1, 0.1};
#define NHELD (sizeof(HELD_P) / sizeof(HELD_P[0]))
#define CLOSE_IN_WINDOW_P 0.02      /* a held account closes in the window */
#define CLOSED_BEFORE_P 0.10        /* one more account, closed before the window */
#define OPENING_CLOSE_P 0.03        /* an opening closes within 60 days */
#define SNAPSHOT_MISSING_P 0.05     /* a snapshot is not there */
#define EMPTIED_P 0.08              /* an opening's balance is 0 at 30 days */
#define FUNDED_LATER_P 0.5          /* an opening at 0 is funded by 30 days */

static void put_customer(lk_csv_writer *w, const lk_sim_customer *c)
{
    char id[32];
    lk_csv_put(w, id, lk_sim_format_number(id, 'C', c->number, 7));
}

static void put_account(sim *s, const lk_sim_customer *c, const char *name, int32_t open,
                        int has_close, int32_t close)
{
    lk_csv_writer *w = s->w[F_HOLDINGS];
    put_customer(w, c);
    lk_csv_put_str(w, name);
    lk_csv_put_date(w, open);
    if (has_close)
        lk_csv_put_date(w, close);
    else
        lk_csv_put(w, "", 0);
    lk_csv_end_row(w);
}

/* A day in [lo, hi]. */
static int32_t day_in(sim *s, int32_t lo, int32_t hi)
{
    return lo + (int32_t)gsl_rng_uniform_int(s->rng_rel, (unsigned long)(hi - lo + 1));
}

/* One held account opened before the window; it may close in the window. */
static void held_account(sim *s, const lk_sim_customer *c, const char *name, int32_t since)
{
    int32_t open = day_in(s, since, s->start - 1);
    int closes = gsl_rng_uniform(s->rng_rel) < CLOSE_IN_WINDOW_P;
    put_account(s, c, name, open, closes, closes ? day_in(s, s->start, s->end) : 0);
}

void lk_sim_write_book(sim *s, const lk_sim_customer *c)
{
    int32_t since = s->start - 30 * (c->tenure_months > 0 ? c->tenure_months : 1);
    if (since > s->start - 1)
        since = s->start - 1;
    held_account(s, c, "current", since);
    for (size_t k = 0; k < NHELD && k < s->nproducts; k++)
        if (gsl_rng_uniform(s->rng_rel) < HELD_P[k])
            held_account(s, c, s->products[k].name, since);
    if (gsl_rng_uniform(s->rng_rel) < CLOSED_BEFORE_P && since < s->start - 1) {
        const char *p = s->products[gsl_rng_uniform_int(s->rng_rel, s->nproducts)].name;
        int32_t open = day_in(s, since, s->start - 2);
        put_account(s, c, p, open, 1, day_in(s, open + 1, s->start - 1));
    }
}

static void put_snapshot(sim *s, uint64_t account, int32_t day, double balance)
{
    if (gsl_rng_uniform(s->rng_rel) < SNAPSHOT_MISSING_P)
        return;
    lk_csv_writer *w = s->w[F_BALANCES];
    char id[32], num[48];
    lk_csv_put(w, id, lk_sim_format_number(id, 'A', account, 9));
    lk_csv_put_date(w, day);
    lk_csv_put(w, num, lk_sim_format_fixed(num, balance, 2));
    lk_csv_end_row(w);
}

/* Balance a month later: a small drift. */
static double drift(sim *s, double b)
{
    return floor(b * exp(gsl_ran_gaussian(s->rng_rel, 0.1) + 0.01) * 100.0 + 0.5) / 100.0;
}

void lk_sim_write_account(sim *s, const lk_sim_customer *c, uint64_t account, const product *p,
                          int32_t day, double balance)
{
    int closes = gsl_rng_uniform(s->rng_rel) < OPENING_CLOSE_P;
    int32_t close = closes ? day_in(s, day + 1, day + 60) : INT32_MAX;
    put_account(s, c, p->name, day, closes, close);
    double b = balance;
    if (b == 0 && gsl_rng_uniform(s->rng_rel) < FUNDED_LATER_P)
        b = floor(gsl_ran_lognormal(s->rng_rel, log(0.5 * p->model.median), p->model.sigma) *
                  100.0 + 0.5) / 100.0;
    else if (gsl_rng_uniform(s->rng_rel) < EMPTIED_P)
        b = 0;
    else
        b = drift(s, b);
    for (int32_t k = 30; k <= 90; k += 30) {
        put_snapshot(s, account, day + k, day + k >= close ? 0 : b);
        b = drift(s, b);
    }
}
