/*
 * attribute.c - offer-level response attribution (docs/methods.md, "Attribution").
 *
 * The run: the openings are loaded and indexed by customer (openings.c)
 * while the other core finds where the offers can be cut; the offers are
 * then streamed in one or two parts, each keeping the offers that match
 * an opening (offers.c); only then are those grouped by customer, each
 * opening credited among its customer's offers whose window holds it, and
 * the rows handed out in openings order (credit.c).  So nothing is emitted
 * before both files were read completely, and memory grows with openings
 * and matching offers, never with all offers nor with offers times
 * openings.  Also the row and mix writers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/date.h"

#include "attribute/attribute_int.h"
#include "io/csv_quote.h"

const char *const lk_attr_columns[] = {
    "customer_id", "account_id", "product", "open_date", "balance", "offer_id",
    "offered_product", "channel", "offer_date", "days_since_offer", "response", "credit"};

const char *lk_response_name(lk_response r)
{
    static const char *const names[] = {"direct", "halo", "none"};
    return r < LK_RESPONSE_COUNT ? names[r] : "?";
}

void lk_attr_options_init(lk_attr_options *opt, const lk_experiment *exp)
{
    memset(opt, 0, sizeof(*opt));
    opt->rule = exp ? exp->rule : LK_ATTR_LAST;
    opt->half_life = exp ? exp->half_life : 0;
    opt->threads = 0;
}

/* ---- the run ---- */

static int check_options(const lk_attr_options *opt, lk_error *err)
{
    if (opt->rule > LK_ATTR_DECAY)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "unknown attribution rule");
    if (opt->rule == LK_ATTR_DECAY && !(opt->half_life > 0 && isfinite(opt->half_life)))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "rule 'decay' needs a half-life above 0 days");
    if (opt->threads < 0 || opt->threads > MAX_PARTS)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "threads must be 1 or 2");
    return LK_OK;
}

int lk_attribute_run(const lk_experiment *exp, const char *offers_path,
                     const char *openings_path, const lk_attr_options *opt,
                     lk_attr_summary **summary, lk_error *err)
{
    if (summary)
        *summary = NULL;
    int rc = check_options(opt, err);
    if (rc)
        return rc;
    run *rn = calloc(1, sizeof(*rn));
    lk_attr_summary *s = calloc(1, sizeof(*s));
    if (!rn || !s) {
        free(rn);
        free(s);
        return lk_error_nomem(err);
    }
    rn->exp = exp;
    rn->opt = opt;
    pthread_mutex_init(&rn->map_mu, NULL);
    rc = lk_attr_offers_open(rn, offers_path, err);
    if (rc == LK_OK)
        rc = lk_attr_openings_load_planning(rn, openings_path, err);
    if (rc == LK_OK)
        rc = lk_attr_offers_read(rn, err);
    s->openings_read = rn->open.read;
    s->openings_rejected = rn->open.rejected;
    s->openings = rn->open.n;
    s->parts = rn->nparts;
    for (int i = 0; i < rn->nparts; i++) {
        s->offers_read += rn->parts[i].read;
        s->offers_rejected += rn->parts[i].rejected;
    }
    if (rc == LK_OK)
        rc = lk_attr_credit_and_summarize(rn, s, err);
    for (int i = 0; i < rn->nparts; i++)
        lk_attr_part_release(&rn->parts[i]);
    lk_attr_openings_release(&rn->open);
    pthread_mutex_destroy(&rn->map_mu);
    free(rn);
    if (rc == LK_OK && summary)
        *summary = s;
    else
        lk_attr_summary_free(s);
    return rc;
}

void lk_attr_summary_free(lk_attr_summary *s)
{
    if (!s)
        return;
    free(s->mix);
    free(s->strings);
    free(s);
}

int lk_attr_date(date_memo *m, const lk_csv_reader *r, const lk_csv_row *row, int col,
                 int32_t *day, lk_error *err)
{
    const char *s = row->field[col];
    if (row->len[col] != 10)
        return lk_csv_get_date(r, row, col, day, err);
    uint64_t head;
    uint16_t tail;
    memcpy(&head, s, 8);
    memcpy(&tail, s + 8, 2);
    uint32_t k = (uint32_t)(((head ^ ((uint64_t)tail << 24)) * 0x9E3779B97F4A7C15ull) >> 56);
    if (m->head[k] == head && m->tail[k] == tail && head != 0) {
        *day = m->day[k];
        return LK_OK;
    }
    int rc = lk_csv_get_date(r, row, col, day, err);
    if (rc == LK_OK) {
        m->head[k] = head;
        m->tail[k] = tail;
        m->day[k] = *day;
    }
    return rc;
}

/* A day count without printf, which is slow for millions of rows. */
static void put_days(lk_csv_writer *w, int32_t d)
{
    char buf[16], *e = buf + sizeof(buf), *p = e;
    uint32_t u = d < 0 ? (uint32_t)0 - (uint32_t)d : (uint32_t)d;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (d < 0)
        *--p = '-';
    lk_csv_put(w, p, (size_t)(e - p));
}

/* Append s and a comma at buf[*n]; 0, or -1 when s needs quotes or there is no room. */
static int plain_field(char *buf, size_t cap, size_t *n, const char *s)
{
    size_t len = strlen(s);
    if (*n + len + 1 >= cap || lk_csv_needs_quotes(s, len))
        return -1;
    memcpy(buf + *n, s, len);
    buf[*n + len] = ',';
    *n += len + 1;
    return 0;
}

void lk_attr_day_text_init(day_text *t)
{
    for (int i = 0; i < DAY_TEXTS; i++)
        t->day[i] = INT32_MIN;
}

/* The date of day and a comma at buf[n] (lk_date_format's text, kept in t). */
static size_t plain_date(char *buf, size_t n, int32_t day, day_text *t)
{
    uint32_t k = (uint32_t)day % DAY_TEXTS;
    if (t->day[k] != day || day == INT32_MIN) {
        char d[16];
        lk_date_format(day, d);
        memcpy(t->text[k], d, 10);
        t->day[k] = day;
    }
    memcpy(buf + n, t->text[k], 10);
    buf[n + 10] = ',';
    return n + 11;
}

/* the longest credit %.15g writes ("0.123456789012346e-308" and shorter), its
   comma, two dates and a day count, the longest response and the line end */
#define ROW_FIXED 96

size_t lk_attr_plain_row(char *buf, size_t cap, const lk_attr_row *row, day_text *t)
{
    size_t n = 0;
    if (cap < ROW_FIXED * 2 || plain_field(buf, cap - ROW_FIXED, &n, row->customer_id) ||
        plain_field(buf, cap - ROW_FIXED, &n, row->account_id) ||
        plain_field(buf, cap - ROW_FIXED, &n, row->product))
        return 0;
    n = plain_date(buf, n, row->open_date, t);
    if (plain_field(buf, cap - ROW_FIXED, &n, row->balance))
        return 0;
    if (row->offer_id) {
        if (plain_field(buf, cap - ROW_FIXED, &n, row->offer_id) ||
            plain_field(buf, cap - ROW_FIXED, &n, row->offered_product) ||
            plain_field(buf, cap - ROW_FIXED, &n, row->channel))
            return 0;
        n = plain_date(buf, n, row->offer_date, t);
        char d[16], *e = d + sizeof(d), *p = e;
        int32_t v = row->days_since_offer;
        uint32_t u = v < 0 ? (uint32_t)0 - (uint32_t)v : (uint32_t)v;
        do
            *--p = (char)('0' + u % 10);
        while (u /= 10);
        if (v < 0)
            *--p = '-';
        memcpy(buf + n, p, (size_t)(e - p));
        n += (size_t)(e - p);
        buf[n++] = ',';
    } else {
        memcpy(buf + n, ",,,,,", 5);
        n += 5;
    }
    const char *resp = lk_response_name(row->response);
    size_t rl = strlen(resp);
    memcpy(buf + n, resp, rl);
    n += rl;
    buf[n++] = ',';
    if (row->credit == 1) {
        buf[n++] = '1';
    } else {
        /* as lk_csv_put_double(w, credit, 15) writes a finite credit in (0, 1) */
        int k = snprintf(buf + n, cap - n, "%.15g", row->credit == 0 ? 0.0 : row->credit);
        if (k <= 0 || (size_t)k >= cap - n - 1 || !isfinite(row->credit))
            return 0;
        n += (size_t)k;
    }
    buf[n++] = '\n';
    return n;
}

void lk_attr_write_row(lk_csv_writer *w, const lk_attr_row *row)
{
    lk_csv_put_str(w, row->customer_id);
    lk_csv_put_str(w, row->account_id);
    lk_csv_put_str(w, row->product);
    lk_csv_put_date(w, row->open_date);
    lk_csv_put_str(w, row->balance);
    if (row->offer_id) {
        lk_csv_put_str(w, row->offer_id);
        lk_csv_put_str(w, row->offered_product);
        lk_csv_put_str(w, row->channel);
        lk_csv_put_date(w, row->offer_date);
        put_days(w, row->days_since_offer);
    } else {
        for (int i = 0; i < 5; i++)
            lk_csv_put_empty(w);
    }
    lk_csv_put_str(w, lk_response_name(row->response));
    if (row->credit == 1)
        lk_csv_put(w, "1", 1);
    else
        lk_csv_put_double(w, row->credit, 15);
    lk_csv_end_row(w);
}
