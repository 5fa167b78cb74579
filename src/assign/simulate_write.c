/*
 * simulate_write.c - the simulator's files: customers.csv, offers.csv,
 * openings.csv, truth.csv and, when asked for, latent.csv.
 *
 * All five are all-or-nothing outputs committed together at the end.  The
 * writers also keep the books that become truth.csv, so what the files
 * hold and what the truth says are counted in one place.
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/simulate.h"

#include "assign/simulate_private.h"

#define BALANCE_RESIDUAL 0.5  /* share of a product's log-sd not explained by wealth */

static const char *const FILES[NFILES] = {"customers.csv", "offers.csv", "openings.csv",
                                          "truth.csv", "latent.csv", "events.csv",
                                          "truth-segments.csv", "holdings.csv", "balances.csv"};

int lk_sim_open_outputs(sim *s, lk_error *err)
{
    const char *dir = s->opt->out_dir ? s->opt->out_dir : ".";
    for (int f = 0; f < NFILES; f++) {
        if (f == F_LATENT && !s->opt->latent)
            continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, FILES[f]) >= sizeof(path))
            return lk_error_set(err, LK_EUSAGE, dir, 0, 0, "output directory name too long");
        int rc = lk_output_open(&s->out[f], path, err);
        if (rc)
            return rc;
        s->w[f] = lk_csv_writer_new(lk_output_file(s->out[f]));
        if (!s->w[f])
            return lk_error_nomem(err);
    }
    return LK_OK;
}

int lk_sim_commit_outputs(sim *s, lk_error *err)
{
    for (int f = 0; f < NFILES; f++) {
        if (!s->out[f])
            continue;
        lk_csv_writer_free(s->w[f]);
        s->w[f] = NULL;
        lk_output *o = s->out[f];
        s->out[f] = NULL;
        int rc = lk_output_commit(o, err);
        if (rc)
            return rc;
    }
    return LK_OK;
}

static void put_fixed(lk_csv_writer *w, double v, int decimals)
{
    char buf[48];
    lk_csv_put(w, buf, lk_sim_format_fixed(buf, v, decimals));
}

static void put_id(lk_csv_writer *w, char prefix, uint64_t number, int width)
{
    char buf[32];
    lk_csv_put(w, buf, lk_sim_format_number(buf, prefix, number, width));
}

void lk_sim_write_customer(sim *s, const lk_sim_customer *c)
{
    lk_csv_writer *w = s->w[F_CUSTOMERS];
    put_id(w, 'C', c->number, 7);
    put_id(w, 'H', c->household, 7);
    lk_csv_put_str(w, lk_sim_segment_name(c->segment));
    lk_csv_put_long(w, c->tenure_months);
    put_fixed(w, c->pre_balance, 2);
    put_fixed(w, c->score_v1, 6);
    put_fixed(w, c->score_v2, 6);
    lk_csv_put_long(w, c->pre_products);
    lk_csv_put_date(w, s->exp->start + s->elig_offset);
    lk_csv_end_row(w);
}

void lk_sim_write_headers(sim *s)
{
    const char *const customers[] = {"customer_id", "household_id", "segment",
                                            "tenure_months", "pre_balance", "score_v1",
                                            "score_v2", "pre_products", s->elig_column};
    static const char *const offers[] = {"customer_id", "offer_id", "product",
                                         "channel", "offer_date", "cost"};
    static const char *const openings[] = {"customer_id", "account_id", "product",
                                           "open_date", "balance"};
    static const char *const latent[] = {"customer_id", "unit_id", "arm", "p_control",
                                         "uplift", "effect", "contacted", "p_target",
                                         "p_any"};
    lk_csv_put_header(s->w[F_CUSTOMERS], customers, 9);
    lk_csv_put_header(s->w[F_OFFERS], offers, 6);
    lk_csv_put_header(s->w[F_OPENINGS], openings, 5);
    if (s->w[F_LATENT])
        lk_csv_put_header(s->w[F_LATENT], latent, 9);
    static const char *const events[] = {"customer_id", "event", "event_date"};
    lk_csv_put_header(s->w[F_EVENTS], events, 3);
    static const char *const holdings[] = {"customer_id", "product", "open_date", "close_date"};
    lk_csv_put_header(s->w[F_HOLDINGS], holdings, 4);
    static const char *const balances[] = {"account_id", "date", "balance"};
    lk_csv_put_header(s->w[F_BALANCES], balances, 3);
}

/*
 * A balance of product p for a customer whose balances scale by scale: the
 * customer's wealth takes the place of half the product's own spread.
 */
static double draw_balance(sim *s, const product *p, double scale)
{
    if (p->model.p_zero > 0 && gsl_rng_uniform(s->rng) < p->model.p_zero)
        return 0;
    double b = gsl_ran_lognormal(s->rng, log(p->model.median * scale),
                                 BALANCE_RESIDUAL * p->model.sigma);
    return floor(b * 100.0 + 0.5) / 100.0;
}

void lk_sim_write_offers(sim *s, const lk_sim_customer *c, const offer *of, size_t n,
                         lk_sim_arm_truth *t)
{
    lk_csv_writer *w = s->w[F_OFFERS];
    for (size_t i = 0; i < n; i++) {
        const channel *ch = &s->channels[of[i].channel];
        put_id(w, 'C', c->number, 7);
        put_id(w, 'O', ++s->offers, 9);
        lk_csv_put_str(w, s->products[of[i].product].name);
        lk_csv_put_str(w, ch->name);
        lk_csv_put_date(w, of[i].day);
        lk_csv_put_str(w, ch->cost_text);
        lk_csv_end_row(w);
        t->cost += ch->cost;
    }
    t->offers += n;
}

void lk_sim_write_openings(sim *s, const lk_sim_customer *c, const opening *op, size_t n,
                           lk_sim_arm_truth *t)
{
    lk_csv_writer *w = s->w[F_OPENINGS];
    for (size_t i = 0; i < n; i++) {
        const product *p = &s->products[op[i].product];
        double balance = draw_balance(s, p, c->balance_scale);
        put_id(w, 'C', c->number, 7);
        put_id(w, 'A', ++s->openings, 9);
        lk_csv_put_str(w, p->name);
        lk_csv_put_date(w, op[i].day);
        put_fixed(w, balance, 2);
        lk_csv_end_row(w);
        lk_sim_write_account(s, c, s->openings, p, op[i].day, balance);
        t->openings++;
        if (op[i].day < s->start || op[i].day > s->end)
            continue;
        t->openings_in_window++;
        t->direct += op[i].cause == DIRECT;
        t->halo += op[i].cause == HALO;
        t->organic += op[i].cause == ORGANIC;
        t->balance_any += balance;
        t->value += p->value;
        s->unit.any = 1;
        if (p->target) {
            t->balance_target += balance;
            s->unit.target = 1;
        }
    }
}

void lk_sim_write_latent(sim *s, const lk_sim_customer *c, int arm, int contacted,
                         const response_model *m)
{
    lk_csv_writer *w = s->w[F_LATENT];
    put_id(w, 'C', c->number, 7);
    put_id(w, s->by_household ? 'H' : 'C', s->by_household ? c->household : c->number, 7);
    lk_csv_put_str(w, s->exp->arms[arm].name);
    lk_csv_put_double(w, c->p_control, 9);
    lk_csv_put_double(w, c->uplift, 9);
    lk_csv_put_double(w, s->rel[arm] * c->uplift, 9);
    lk_csv_put_long(w, contacted);
    lk_csv_put_double(w, m->p_target, 9);
    lk_csv_put_double(w, m->p_any, 9);
    lk_csv_end_row(w);
}

static void put_ratio(lk_csv_writer *w, double num, double den)
{
    lk_csv_put_double(w, den > 0 ? num / den : NAN, 9);
}

void lk_sim_write_truth(sim *s)
{
    static const char *const cols[] = {
        "arm", "role", "weight", "true_lift_vs_control", "true_lift_vs_champion",
        "nominal_target_rate", "units", "customers", "contacted", "offers", "cost",
        "expected_target_rate", "expected_target_rate_customers", "expected_any_rate",
        "expected_lift_vs_control", "expected_lift_vs_champion", "target_responders",
        "target_rate", "any_responders", "any_rate", "openings", "openings_in_window",
        "direct", "halo", "organic", "balance_target", "balance_any", "value"};
    const lk_experiment *exp = s->exp;
    lk_csv_writer *w = s->w[F_TRUTH];
    lk_csv_put_header(w, cols, sizeof(cols) / sizeof(cols[0]));
    const lk_sim_arm_truth *champ = &s->truth[exp->champion];
    const lk_sim_arm_truth *ctrl = exp->control >= 0 ? &s->truth[exp->control] : NULL;
    double champ_rate = champ->units ? champ->expected_target / (double)champ->units : NAN;
    double ctrl_rate = ctrl && ctrl->units ? ctrl->expected_target / (double)ctrl->units : NAN;
    for (size_t a = 0; a < exp->narms; a++) {
        const lk_sim_arm_truth *t = &s->truth[a];
        double n = (double)t->units;
        double rate = n > 0 ? t->expected_target / n : NAN;
        lk_csv_put_str(w, exp->arms[a].name);
        lk_csv_put_str(w, lk_role_name(exp->arms[a].role));
        lk_csv_put_double(w, exp->arms[a].weight, 9);
        lk_csv_put_double(w, t->rel, 9);
        lk_csv_put_double(w, (1.0 + t->rel) / (1.0 + s->rel[exp->champion]) - 1.0, 9);
        lk_csv_put_double(w, s->opt->base_rate * (1.0 + t->rel), 9);
        lk_csv_put_long(w, (long long)t->units);
        lk_csv_put_long(w, (long long)t->customers);
        lk_csv_put_long(w, (long long)t->contacted);
        lk_csv_put_long(w, (long long)t->offers);
        put_fixed(w, t->cost, 4);
        lk_csv_put_double(w, rate, 9);
        put_ratio(w, t->expected_target_customers, (double)t->customers);
        put_ratio(w, t->expected_any, n);
        lk_csv_put_double(w, rate / ctrl_rate - 1.0, 9);
        lk_csv_put_double(w, rate / champ_rate - 1.0, 9);
        lk_csv_put_long(w, (long long)t->target_units);
        put_ratio(w, (double)t->target_units, n);
        lk_csv_put_long(w, (long long)t->any_units);
        put_ratio(w, (double)t->any_units, n);
        lk_csv_put_long(w, (long long)t->openings);
        lk_csv_put_long(w, (long long)t->openings_in_window);
        lk_csv_put_long(w, (long long)t->direct);
        lk_csv_put_long(w, (long long)t->halo);
        lk_csv_put_long(w, (long long)t->organic);
        put_fixed(w, t->balance_target, 2);
        put_fixed(w, t->balance_any, 2);
        put_fixed(w, t->value, 2);
        lk_csv_end_row(w);
    }
}
