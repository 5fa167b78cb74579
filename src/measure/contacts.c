/*
 * contacts.c - contact pressure and the contact policy (contacts.h).
 *
 * One streaming pass: the offers of the current customer dated on the
 * current day are held until the day changes (they are then put in
 * offer_id order), and the customer's earlier contacts only as far back as
 * the longest rule's window.  A repeat of the customer is told by the row
 * before it; a new customer is found among the units by merge when both
 * files are sorted (no hashing), else through the units' customer map.
 * What stays true: memory grows with the assigned units (their contact
 * counts), never with offers, and without assignments not even with the
 * customers while they come sorted; a customer met again after another
 * one, or a date going back, stops the pass with a located error, since a
 * rolling window over unsorted input would be wrong.  Customers that come
 * together but not sorted are checked with a map of at most lk_id_limit()
 * of them (contacts_order.c), and past it the pass stops.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_heapsort.h>
#include <gsl/gsl_statistics_double.h>

#include "liftkit/contacts.h"
#include "liftkit/csv.h"
#include "liftkit/date.h"
#include "measure/contacts_int.h"
#include "util/grow.h"
#include "util/strmap.h"

static int policy_channels(pass *p)
{
    const lk_contact_policy *pol = &p->exp->policy;
    p->rule_ch = calloc(pol->n + 1, sizeof(int));
    p->chans = calloc(pol->n + 1, sizeof(char *));
    if (!p->rule_ch || !p->chans)
        return -1;
    p->maxdays = 1;
    for (size_t i = 0; i < pol->n; i++) {
        const lk_contact_rule *r = &pol->rules[i];
        p->rule_ch[i] = -1;
        if (!r->is_gap && r->days > p->maxdays)
            p->maxdays = r->days;
        if (!r->channel)
            continue;
        int k = 0;
        while (k < p->nch && strcmp(p->chans[k], r->channel))
            k++;
        if (k == p->nch)
            p->chans[p->nch++] = r->channel;
        p->rule_ch[i] = k;
    }
    return 0;
}

static int channel_index(const pass *p, const char *chan)
{
    for (int k = 0; k < p->nch; k++)
        if (p->chans[k][0] == chan[0] && !strcmp(p->chans[k], chan))
            return k;
    return -1;
}

static int emit(pass *p, const today_offer *o, const lk_contact_rule *r, long count)
{
    lk_violation v = {p->cust, o->oid, o->chan, p->day, r->name, count};
    p->over[p->unit] = 1;
    p->t->violations++;
    p->t->arms[p->u ? p->u->arm[p->unit] : 0].violations++;
    return p->fn && p->fn(p->ctx, &v) ? -1 : 0;
}

/* The contacts within r's window ending today, this offer included. */
static long window_count(const pass *p, const lk_contact_rule *r, int ch)
{
    long n = 1;
    for (size_t i = p->hist_head; i < p->nhist; i++)
        if (p->hist[i].day > p->day - r->days && (!r->channel || p->hist[i].ch == ch))
            n++;
    return n;
}

static int check_offer(pass *p, const today_offer *o)
{
    const lk_contact_policy *pol = &p->exp->policy;
    for (size_t i = 0; i < pol->n; i++) {
        const lk_contact_rule *r = &pol->rules[i];
        if (r->is_gap) {
            if (p->has_last && p->day - p->last < r->days && emit(p, o, r, p->day - p->last))
                return -1;
            continue;
        }
        if (r->channel && o->ch != p->rule_ch[i])
            continue;
        long n = window_count(p, r, o->ch);
        if (n > r->limit && emit(p, o, r, n))
            return -1;
    }
    if (lk_grow((void **)&p->hist, &p->hist_cap, p->nhist + 1, sizeof(past)))
        return -2;
    p->hist[p->nhist++] = (past){p->day, o->ch};
    p->last = p->day;
    p->has_last = 1;
    return 0;
}

static int by_offer_id(const void *a, const void *b)
{
    return strcmp(((const today_offer *)a)->oid, ((const today_offer *)b)->oid);
}

/* Check the day's offers in offer_id order; LK_OK, or LK_EIO (callback, memory). */
static int close_day(pass *p, lk_error *err)
{
    if (!p->has_day)
        return LK_OK;
    for (size_t i = 0; i < p->ntoday; i++) {
        p->today[i].oid = p->text + p->today[i].oid_off;
        p->today[i].chan = p->text + p->today[i].ch_off;
    }
    if (p->ntoday > 1)
        gsl_heapsort(p->today, p->ntoday, sizeof(today_offer), by_offer_id);
    for (size_t i = 0; i < p->ntoday; i++) {
        int rc = check_offer(p, &p->today[i]);
        if (rc == -2)
            return lk_error_nomem(err);
        if (rc)
            return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot write the violations");
    }
    p->ntoday = p->tlen = 0;
    p->has_day = 0;
    return LK_OK;
}

/* Forget the contacts that no window ending on day can reach. */
static void prune(pass *p, int32_t day)
{
    while (p->hist_head < p->nhist && p->hist[p->hist_head].day <= day - p->maxdays)
        p->hist_head++;
    if (p->hist_head > 64 && p->hist_head * 2 > p->nhist) {
        memmove(p->hist, p->hist + p->hist_head, (p->nhist - p->hist_head) * sizeof(past));
        p->nhist -= p->hist_head;
        p->hist_head = 0;
    }
}

static int keep_text(pass *p, const char *s, size_t len, size_t *off)
{
    size_t need = p->tlen + len + 1;
    if (lk_grow((void **)&p->text, &p->tcap, need, 1))
        return -1;
    memcpy(p->text + p->tlen, s, len + 1);
    *off = p->tlen;
    p->tlen += len + 1;
    return 0;
}

static int add_today(pass *p, const lk_csv_row *row, lk_error *err)
{
    if (p->ntoday >= p->today_cap &&
        lk_grow((void **)&p->today, &p->today_cap, p->ntoday + 1, sizeof(today_offer)))
        return lk_error_nomem(err);
    today_offer *o = &p->today[p->ntoday];
    const char *chan = row->field[p->col[C_CHANNEL]];
    o->ch = channel_index(p, chan);
    if (keep_text(p, row->field[p->col[C_OFFER]], row->len[p->col[C_OFFER]], &o->oid_off) ||
        keep_text(p, chan, row->len[p->col[C_CHANNEL]], &o->ch_off))
        return lk_error_nomem(err);
    p->ntoday++;
    p->count[p->unit]++;
    p->t->arms[p->u ? p->u->arm[p->unit] : 0].contacts++;
    return LK_OK;
}

static int new_customer(pass *p, const lk_csv_row *row, lk_error *err)
{
    int rc = close_day(p, err);
    if (!rc && lk_contacts_close_alone(p))
        rc = lk_error_nomem(err);
    if (!rc)
        rc = lk_contacts_find_unit(p, row, err);
    size_t len = row->len[p->col[C_CUSTOMER]];
    if (!rc && lk_grow((void **)&p->cust, &p->cust_cap, len + 1, 1))
        rc = lk_error_nomem(err);
    if (rc)
        return rc;
    memcpy(p->cust, row->field[p->col[C_CUSTOMER]], len + 1);
    p->cust_len = len;
    p->has_cust = 1;
    p->has_last = 0;
    p->nhist = p->hist_head = 0;
    return LK_OK;
}

static int same_customer(const pass *p, const lk_csv_row *row)
{
    int c = p->col[C_CUSTOMER];
    if (!p->has_cust || row->len[c] != p->cust_len)
        return 0;
    const char *s = row->field[c];
    for (size_t i = p->cust_len; i-- > 0;)      /* ids differ most at their end */
        if (s[i] != p->cust[i])
            return 0;
    return 1;
}

/*
 * The row's offer_date.  A file has few distinct dates: each is parsed and
 * checked once, then found by its ten bytes in a small direct-mapped table.
 */
static int row_day(pass *p, const lk_csv_row *row, int32_t *day, lk_error *err)
{
    int c = p->col[C_DATE];
    const char *s = row->field[c];
    uint64_t a = 0;
    uint16_t b = 0;
    date_slot *slot = NULL;
    if (row->len[c] == 10) {
        memcpy(&a, s, 8);
        memcpy(&b, s + 8, 2);
        slot = &p->dates[((a ^ b) * 0x9E3779B97F4A7C15ull) >> (64 - DATE_SLOTS_LOG2)];
        if (slot->used && slot->a == a && slot->b == b) {
            *day = slot->day;
            return LK_OK;
        }
    }
    int rc = lk_csv_get_date(p->r, row, c, day, err);
    if (!rc && slot)
        *slot = (date_slot){a, b, *day, 1};
    return rc;
}

static int take_row(pass *p, const lk_csv_row *row, lk_error *err)
{
    int32_t day;
    int rc = row_day(p, row, &day, err);
    if (!rc && !same_customer(p, row))
        rc = new_customer(p, row, err);
    if (!rc && p->has_day && day < p->day) {
        char what[300], d0[11];
        lk_date_format(p->day, d0);
        snprintf(what, sizeof(what), "customer '%.200s' has offer_date %s after %s", p->cust,
                 row->field[p->col[C_DATE]], d0);
        return lk_contacts_not_sorted(p, row, p->col[C_DATE], what, err);
    }
    if (!rc && p->has_day && day > p->day)
        rc = close_day(p, err);
    if (rc)
        return rc;
    if (!p->has_day) {
        prune(p, day);
        p->day = day;
        p->has_day = 1;
    }
    return add_today(p, row, err);
}

static int read_offers(pass *p, lk_error *err)
{
    static const char *const names[C_NCOLS] = {"customer_id", "offer_id", "channel",
                                               "offer_date"};
    int rc = lk_csv_open(&p->r, p->path, err);
    if (!rc)
        rc = lk_csv_require(p->r, names, C_NCOLS, p->col, err);
    if (!rc)
        rc = lk_contacts_find_init(p, err);
    lk_csv_row *row;
    while (!rc && !(rc = lk_csv_next(p->r, &row, err)) && row)
        rc = take_row(p, row, err);
    if (!rc)
        rc = close_day(p, err);
    if (!rc && lk_contacts_close_alone(p))
        rc = lk_error_nomem(err);
    if (p->r)
        p->t->offers = lk_csv_rows_read(p->r);
    return rc;
}

/* The contacts of the unit of rank i (0-based) in arm a's units put in order. */
static double rank_value(const lk_contacts_arm *a, size_t i)
{
    double below = 0;
    for (size_t k = 0; k < a->nhist; k++)
        if ((below += a->hist[k]) > (double)i)
            return (double)k;
    return (double)(a->nhist ? a->nhist - 1 : 0);
}

/*
 * Quantile f of arm a's contacts per unit, as gsl_stats_quantile_from_sorted_data
 * gives it over the counts laid out sorted: its two neighbours taken from the
 * histogram (which needs no array of every unit), interpolated by GSL.
 */
static double arm_quantile(const lk_contacts_arm *a, size_t n, double f)
{
    double index = f * (double)(n - 1);
    size_t lhs = (size_t)index;
    double pair[2] = {rank_value(a, lhs), rank_value(a, lhs + 1 < n ? lhs + 1 : lhs)};
    return gsl_stats_quantile_from_sorted_data(pair, 1, 2, index - (double)lhs);
}

/* p50, p90 and max of one arm from its histogram. */
static void arm_quantiles(lk_contacts_arm *a)
{
    a->p50 = a->p90 = a->max = NAN;
    if (!(a->units > 0))
        return;
    size_t n = (size_t)a->units;
    a->p50 = arm_quantile(a, n, 0.5);
    a->p90 = arm_quantile(a, n, 0.9);
    a->max = rank_value(a, n - 1);
}

/* Each arm's histogram from the units' counts. */
static int units_hist(pass *p, lk_error *err)
{
    lk_contacts_table *t = p->t;
    size_t n = p->u->n;
    for (size_t i = 0; i < n; i++) {
        lk_contacts_arm *a = &t->arms[p->u->arm[i]];
        a->units++;
        a->units_over += p->over[i];
        if (p->count[i] >= a->nhist)
            a->nhist = (size_t)p->count[i] + 1;
    }
    for (size_t k = 0; k < t->narms; k++)
        if (!(t->arms[k].hist = calloc(t->arms[k].nhist + 1, sizeof(double))))
            return lk_error_nomem(err);
    for (size_t i = 0; i < n; i++)
        t->arms[p->u->arm[i]].hist[p->count[i]]++;
    return LK_OK;
}

/* The one arm's histogram from the customers' tally. */
static int alone_hist(pass *p, lk_error *err)
{
    lk_contacts_arm *a = &p->t->arms[0];
    a->units = p->alone_units;
    a->units_over = p->alone_over;
    a->nhist = p->ntally;
    if (!(a->hist = calloc(a->nhist + 1, sizeof(double))))
        return lk_error_nomem(err);
    if (p->ntally)
        memcpy(a->hist, p->tally, p->ntally * sizeof(double));
    return LK_OK;
}

static int summarize(pass *p, lk_error *err)
{
    lk_contacts_table *t = p->t;
    int rc = p->find == FIND_ALONE ? alone_hist(p, err) : units_hist(p, err);
    if (rc)
        return rc;
    for (size_t k = 0; k < t->narms; k++) {
        lk_contacts_arm *a = &t->arms[k];
        a->per_unit = a->units > 0 ? a->contacts / a->units : NAN;
        a->share_over = a->units > 0 ? a->units_over / a->units : NAN;
        arm_quantiles(a);
    }
    return LK_OK;
}

static lk_contacts_table *table_new(const lk_experiment *exp, const lk_units *u)
{
    lk_contacts_table *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->narms = u ? exp->narms : 1;
    t->arm_names = calloc(t->narms, sizeof(char *));
    t->arms = calloc(t->narms, sizeof(lk_contacts_arm));
    t->experiment = strdup(exp->name);
    int ok = t->arm_names && t->arms && t->experiment;
    for (size_t k = 0; ok && k < t->narms; k++)
        ok = (t->arm_names[k] = strdup(u ? exp->arms[k].name : "(all)")) != NULL;
    if (!ok) {
        lk_contacts_table_free(t);
        return NULL;
    }
    return t;
}

static void pass_release(pass *p)
{
    if (p->r)
        lk_csv_close(p->r);
    lk_contacts_find_release(p);
    free(p->count);
    free(p->over);
    free(p->rule_ch);
    free(p->chans);
    free(p->cust);
    free(p->hist);
    free(p->today);
    free(p->text);
}

int lk_contacts_compute(lk_contacts_table **out, const lk_experiment *exp, const lk_units *u,
                        const char *offers_path, lk_violation_fn on_violation, void *ctx,
                        lk_error *err)
{
    *out = NULL;
    pass p;
    memset(&p, 0, sizeof(p));
    p.fn = on_violation;
    p.ctx = ctx;
    p.exp = exp;
    p.u = u;
    p.path = offers_path;
    int rc = (p.t = table_new(exp, u)) && !policy_channels(&p) ? LK_OK : lk_error_nomem(err);
    if (!rc)
        rc = read_offers(&p, err);
    if (!rc)
        rc = summarize(&p, err);
    if (rc) {
        lk_contacts_table_free(p.t);
        p.t = NULL;
    }
    *out = p.t;
    pass_release(&p);
    return rc;
}

void lk_contacts_table_free(lk_contacts_table *t)
{
    if (!t)
        return;
    for (size_t k = 0; k < t->narms; k++) {
        if (t->arm_names)
            free(t->arm_names[k]);
        if (t->arms)
            free(t->arms[k].hist);
    }
    free(t->arm_names);
    free(t->arms);
    free(t->experiment);
    free(t);
}
