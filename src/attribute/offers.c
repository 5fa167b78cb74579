/*
 * offers.c - offers.csv streamed for attribution, in two parts on two
 * threads when large (io/parts).  Each part keeps its own product and
 * channel tables and keeps, once, every offer whose window holds at least
 * one opening of its customer; memory grows with those offers, never with
 * the offers to customers who opened nothing, nor with offers times openings.
 * An offer's customer is looked up through a key filter and the customer
 * map, or, while both files come sorted by customer, found by walking the
 * sorted customers alongside the offers: no hashing, no random access.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "attribute/attribute_int.h"

/* the most matching offers a part makes room for before any come */
#define MATCH_ROOM ((size_t)1 << 26)

/* offers of this many bytes or more are read in two parts */
#define OFFERS_SPLIT ((uint64_t)1 << 20)

void lk_attr_part_release(part *p)
{
    lk_csv_close(p->r);
    lk_strmap_free(p->products);
    lk_strmap_free(p->channels);
    free(p->window);
    free(p->global);
    free(p->lag);
    free(p->has_offer);
    free(p->c);
    free(p->ids.p);
    free(p->pend.text.p);
    free(p->last.id);
    lk_id_check_release(&p->offer_ids);
    memset(p, 0, sizeof(*p));
}

static int part_init(part *p, run *rn, lk_error *err)
{
    p->run = rn;
    p->products = lk_strmap_new(64);
    p->channels = lk_strmap_new(16);
    p->has_offer = calloc(rn->open.ncust + 1, 1);
    p->walk.order = rn->open.sorted & LK_ORDER_LENGTH ? LK_ORDER_LENGTH : rn->open.sorted;
    p->have_map = rn->open.customers != NULL;
    /* a map of offer ids only where the file cannot be read again */
    int sorted = rn->offers_path && strcmp(rn->offers_path, "-") != 0 && !rn->opt->rejects;
    /* room for as many matching offers as openings, untouched until used:
       no copying as the first ones come */
    size_t room = rn->open.n < MATCH_ROOM ? rn->open.n : MATCH_ROOM;
    if (!p->products || !p->channels || !p->has_offer ||
        lk_id_check_init(&p->offer_ids, !sorted) != 0 ||
        lk_grow((void **)&p->c, &p->cap, room, sizeof(cand)) ||
        lk_grow((void **)&p->ids.p, &p->ids.cap, room * 12, 1))
        return lk_error_nomem(err);
    return LK_OK;
}

static int local_product(part *p, const lk_csv_row *row, int col, uint32_t *id,
                         lk_error *err)
{
    int added = 0;
    *id = recent_find(&p->recent_products, row->field[col], row->len[col]);
    if (*id == LK_STRMAP_NONE)
        *id = lk_strmap_intern(p->products, row->field[col], row->len[col], &added);
    if (*id == LK_STRMAP_NONE ||
        (added && (lk_grow((void **)&p->window, &p->prod_cap, *id + 1, sizeof(int32_t)) ||
                   lk_grow((void **)&p->global, &p->global_cap, *id + 1, sizeof(uint32_t)))))
        return lk_error_nomem(err);
    if (added) {
        recent_add(&p->recent_products, p->products, *id);
        p->window[*id] = lk_experiment_window_for(p->run->exp, row->field[col]);
        p->global[*id] = lk_strmap_find(p->run->open.products, row->field[col], row->len[col]);
    }
    if (p->window[*id] < 0)
        return lk_csv_field_error(p->r, row, col, err,
                                  "unknown product '%.60s' in column 'product': no window "
                                  "for it in [windows] and no default", row->field[col]);
    return LK_OK;
}

static int local_channel(part *p, const lk_csv_row *row, int col, uint32_t *id,
                         lk_error *err)
{
    int added = 0;
    *id = recent_find(&p->recent_channels, row->field[col], row->len[col]);
    if (*id == LK_STRMAP_NONE)
        *id = lk_strmap_intern(p->channels, row->field[col], row->len[col], &added);
    if (*id == LK_STRMAP_NONE ||
        (added && lk_grow((void **)&p->lag, &p->chan_cap, *id + 1, sizeof(int32_t))))
        return lk_error_nomem(err);
    if (added) {
        recent_add(&p->recent_channels, p->channels, *id);
        p->lag[*id] = lk_experiment_lag_for(p->run->exp, row->field[col]);
    }
    return LK_OK;
}

static int check_offer(part *p, const lk_csv_row *row, int32_t *day, uint32_t *prod,
                       uint32_t *chan, lk_error *err)
{
    const int *col = p->run->col;
    int rc;
    for (int i = 0; i < F_NCOLS; i++)
        if (i != F_DATE && (rc = lk_csv_get_nonempty(p->r, row, col[i], err)))
            return rc;
    if ((rc = lk_attr_date(&p->dates, p->r, row, col[F_DATE], day, err)))
        return rc;
    if ((rc = local_product(p, row, col[F_PRODUCT], prod, err)))
        return rc;
    return local_channel(p, row, col[F_CHANNEL], chan, err);
}

/* Keep one offer of customer c when its window holds one of c's openings. */
static int match_offer(part *p, uint32_t c, int32_t day, uint32_t prod, uint32_t chan,
                       const char *offer_id, size_t id_len, lk_error *err)
{
    const openings *o = &p->run->open;
    p->has_offer[c] = 1;
    int64_t from = (int64_t)day + p->lag[chan], to = (int64_t)day + p->window[prod];
    int sorted = o->first[c + 1] - o->first[c] > SHORT_RUN;
    for (uint32_t j = lk_attr_first_candidate(o, c, from); j < o->first[c + 1]; j++) {
        const opening *op = &o->v[o->order[j]];
        if (sorted && op->day > to)
            break;
        if (op->day < from || op->day > to)
            continue;
        size_t id;
        if (bytes_add(&p->ids, offer_id, id_len, &id))
            return lk_error_nomem(err);
        if (id > UINT32_MAX)
            return lk_error_set(err, LK_EIO, NULL, 0, 0, "too many matching offers to hold");
        if (lk_grow((void **)&p->c, &p->cap, p->nc + 1, sizeof(cand)))
            return lk_error_nomem(err);
        p->c[p->nc++] = (cand){c, day, chan, prod, (uint32_t)id};
        break;
    }
    return LK_OK;
}

/* Look the waiting offers' customers up (their slots were fetched ahead). */
static int flush_pending(part *p, lk_error *err)
{
    pending *pd = &p->pend;
    const char *t = pd->text.p;
    for (size_t i = 0; i < pd->n; i++) {
        uint32_t c = lk_strmap_find_hashed(p->run->open.customers, t + pd->e[i].cid,
                                           pd->e[i].cid_len, pd->e[i].hash);
        int rc = c == LK_STRMAP_NONE
                     ? LK_OK
                     : match_offer(p, c, pd->e[i].day, pd->e[i].prod, pd->e[i].chan,
                                   t + pd->e[i].id, pd->e[i].id_len, err);
        if (rc)
            return rc;
    }
    pd->n = 0;
    pd->text.len = 0;
    return LK_OK;
}

/* The row's offer id is unique. */
static int check_offer_id(part *p, const lk_csv_row *row, lk_error *err)
{
    unsigned long first;
    return lk_id_check_row(&p->offer_ids, p->r, row, p->run->col[F_ID], "offer_id", &first,
                           err);
}

/* 1 when cid[0..len) is the customer of the offer before. */
static int same_customer(const last_customer *lc, const char *cid, size_t len)
{
    return lc->any && lc->len == len && same_bytes(lc->id, cid, len);
}

static int remember_customer(last_customer *lc, const char *cid, size_t len)
{
    if (lk_grow((void **)&lc->id, &lc->cap, len + 1, 1))
        return -1;
    memcpy(lc->id, cid, len);
    lc->len = len;
    lc->any = 1;
    return 0;
}

/* Hold the offer for a look-up of its customer with the next few. */
static int add_pending(part *p, const lk_csv_row *row, uint64_t h, int32_t day, uint32_t prod,
                       uint32_t chan, lk_error *err)
{
    const openings *o = &p->run->open;
    const int *col = p->run->col;
    pending *pd = &p->pend;
    size_t at_cid, at_id;
    if (bytes_add(&pd->text, row->field[col[F_CUST]], row->len[col[F_CUST]], &at_cid) ||
        bytes_add(&pd->text, row->field[col[F_ID]], row->len[col[F_ID]], &at_id))
        return lk_error_nomem(err);
    pd->e[pd->n].day = day;
    pd->e[pd->n].prod = prod;
    pd->e[pd->n].chan = chan;
    pd->e[pd->n].cid = at_cid;
    pd->e[pd->n].cid_len = (uint32_t)row->len[col[F_CUST]];
    pd->e[pd->n].id = at_id;
    pd->e[pd->n].id_len = (uint32_t)row->len[col[F_ID]];
    pd->e[pd->n].hash = h;
    lk_strmap_prefetch_hashed(o->customers, h);
    return ++pd->n == PENDING ? flush_pending(p, err) : LK_OK;
}

/* The order of customer c's id and cid[0..len) in order. */
static int customer_vs(const openings *m, int order, uint32_t c, const char *cid, size_t len)
{
    return lk_id_compare_in(order, customer_key(m, c), customer_len(m, c), cid, len);
}

/*
 * The id of customer cid[0..len) found by the walk, or NONE; 0 when the
 * offers just left byte order (the walk is then off).
 */
static int walk_to(part *p, const char *cid, size_t len, uint32_t *cust)
{
    const openings *m = &p->run->open;
    uint32_t n = (uint32_t)m->ncust;
    walk *w = &p->walk;
    if (p->last.any && lk_id_compare_in(w->order, cid, len, p->last.id, p->last.len) < 0)
        return w->order = 0;
    if (!w->started) {
        uint32_t lo = 0, hi = n;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (customer_vs(m, w->order, mid, cid, len) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        w->next = lo;
        w->started = 1;
    }
    int c = 1;
    while (w->next < n && (c = customer_vs(m, w->order, w->next, cid, len)) < 0)
        w->next++;
    *cust = w->next < n && c == 0 ? w->next : LK_STRMAP_NONE;
    return 1;
}

/*
 * The offer's customer, in p->last: found by the walk, or its hash for a
 * look-up, the filter's answer to be filled in by the caller (the row
 * before's when the customer is the same).  Noted before the row is
 * checked, so a bad row's customer still counts for the walk's order.
 * Returns 1 when the customer differs from the row before's, -1 when out
 * of memory.
 */
static int find_customer(part *p, const char *cid, size_t len)
{
    last_customer *lc = &p->last;
    if (same_customer(lc, cid, len))
        return 0;
    uint32_t cust = LK_STRMAP_NONE;
    int walked = p->walk.order && walk_to(p, cid, len, &cust);
    if (!walked && !p->have_map) {
        if (lk_attr_customer_map(p->run))
            return -1;
        p->have_map = 1;
    }
    if (remember_customer(lc, cid, len))
        return -1;
    lc->walked = walked;
    lc->cust = cust;
    lc->hash = walked ? 0 : lk_hash_bytes(cid, len);
    lc->may_hold = 1;       /* until the filter answers */
    return 1;
}

static int add_offer(part *p, const lk_csv_row *row, lk_error *err)
{
    const openings *o = &p->run->open;
    const int *col = p->run->col;
    const last_customer *lc = &p->last;
    int fresh = find_customer(p, row->field[col[F_CUST]], row->len[col[F_CUST]]);
    if (fresh < 0)
        return lk_error_nomem(err);
    const uint64_t *word = fresh && !lc->walked ? lk_keyfilter_word(&o->filter, lc->hash) : NULL;
    int32_t day = 0;
    uint32_t prod = 0, chan = 0;
    int rc = check_offer(p, row, &day, &prod, &chan, err);
    if (!rc)
        rc = check_offer_id(p, row, err);
    if (rc)
        return rc;
    if (word)
        p->last.may_hold = lk_keyfilter_may_hold(word, lc->hash);
    if (lc->walked)
        return lc->cust == LK_STRMAP_NONE
                   ? LK_OK
                   : match_offer(p, lc->cust, day, prod, chan, row->field[col[F_ID]],
                                 row->len[col[F_ID]], err);
    return lc->may_hold ? add_pending(p, row, lc->hash, day, prod, chan, err) : LK_OK;
}

/* Attribute one row; a bad one goes to the rejects or stops the part. */
static int take_row(part *p, lk_csv_row *row, int rc)
{
    const lk_attr_options *opt = p->run->opt;
    p->read++;
    if (rc == LK_OK && opt->offer)
        rc = opt->offer(opt->offer_ctx, (int)(p - p->run->parts), p->r, row, &p->err);
    if (rc == LK_OK)
        rc = add_offer(p, row, &p->err);
    if (rc == LK_EDATA && opt->rejects) {
        lk_rejects_add(opt->rejects, row, &p->err);
        p->rejected++;
        rc = LK_OK;
    }
    return rc;
}

/*
 * Rows of the reader p->r until its end or an error.  Part 0 reports the
 * progress; part 1 gives up when part 0 failed (its rows no longer count).
 */
static int read_rows(part *p)
{
    run *rn = p->run;
    for (;;) {
        lk_csv_row *row;
        int rc = lk_csv_next(p->r, &row, &p->err);
        if (!row)
            return rc;
        if ((rc = take_row(p, row, rc)))
            return rc;
        if ((p->read & 0xffff) != 0)
            continue;
        if (p == &rn->parts[0])
            lk_progress_report(&rn->opt->progress,
                               lk_csv_bytes_read(p->r) * (uint64_t)rn->nparts,
                               rn->nparts > 1 ? rn->plan.size : 0);
        else if (lk_parts_stopped(&rn->plan))
            return LK_OK;
    }
}

/* lk_parts_fn: one part of the offers. */
static int part_read(void *arg, lk_error *err)
{
    part *p = arg;
    p->rc = read_rows(p);
    if (p->rc == LK_OK)
        p->rc = flush_pending(p, &p->err);
    *err = p->err;
    return p->rc;
}

static int require_offer_columns(run *rn, lk_csv_reader *r, lk_error *err)
{
    static const char *const names[F_NCOLS] = {"customer_id", "offer_id", "product",
                                               "channel", "offer_date"};
    return lk_csv_require(r, names, F_NCOLS, rn->col, err);
}

/*
 * Check the offers' header before the openings load, so a wrong file is
 * told at once, and note whether the offers may be read in two parts.
 */
int lk_attr_offers_open(run *rn, const char *path, lk_error *err)
{
    rn->offers_path = path;
    rn->splittable = path && strcmp(path, "-") != 0 && rn->opt->threads != 1 &&
                     !rn->opt->rejects;
    if (!rn->splittable)
        return LK_OK;
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, path, err);
    if (rc == LK_OK)
        rc = require_offer_columns(rn, r, err);
    lk_csv_close(r);
    return rc;
}

int lk_attr_customer_map(run *rn)
{
    pthread_mutex_lock(&rn->map_mu);
    int rc = lk_attr_openings_map(&rn->open);
    pthread_mutex_unlock(&rn->map_mu);
    return rc;
}

static void *plan_thread(void *arg)
{
    run *rn = arg;
    lk_parts_plan(&rn->plan, rn->offers_path, OFFERS_SPLIT);
    return NULL;
}

/* Load the openings; meanwhile the other core looks for where to cut the offers. */
int lk_attr_openings_load_planning(run *rn, const char *openings_path, lk_error *err)
{
    if (!rn->splittable) {
        lk_parts_plan(&rn->plan, rn->offers_path, LK_PARTS_WHOLE);
        return lk_attr_openings_load(&rn->open, openings_path, rn->opt, err);
    }
    pthread_t tid;
    int planning = pthread_create(&tid, NULL, plan_thread, rn) == 0;
    if (!planning)
        plan_thread(rn);
    int rc = lk_attr_openings_load(&rn->open, openings_path, rn->opt, err);
    if (planning)
        pthread_join(tid, NULL);
    return rc;
}

static int open_parts(run *rn, lk_error *err)
{
    rn->nparts = rn->plan.n;
    int rc = LK_OK;
    for (int i = 0; !rc && i < rn->nparts; i++)
        if ((rc = part_init(&rn->parts[i], rn, err)) == LK_OK)
            rc = lk_parts_open(&rn->plan, i, &rn->parts[i].r, err);
    return rc ? rc : require_offer_columns(rn, rn->parts[0].r, err);
}

/*
 * Offer ids unique across the parts: each part's ids in order and the
 * first part's last below the second's first, or else one more read of
 * the file with a map of every offer id (memory then grows with offers).
 */
static int check_offer_ids(run *rn, lk_error *err)
{
    if (lk_id_check_complete(&rn->parts[0].offer_ids,
                             rn->nparts > 1 ? &rn->parts[1].offer_ids : NULL))
        return LK_OK;
    return lk_id_index_check_file(rn->offers_path, "offer_id", err);
}

int lk_attr_offers_read(run *rn, lk_error *err)
{
    int rc = open_parts(rn, err);
    if (rc == LK_OK)
        rc = lk_parts_run(&rn->plan, part_read, (void *[]){&rn->parts[0], &rn->parts[1]},
                          err);
    return rc ? rc : check_offer_ids(rn, err);
}
