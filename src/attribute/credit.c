/*
 * credit.c - crediting the openings and the mix table.
 *
 * The matching offers of both parts are grouped by customer (a counting
 * pass, stable in file order); each opening takes as candidates those of
 * its customer's offers whose window holds it, and is credited by the
 * rule, the rows handed out in openings order.  With CSV output and many
 * openings two threads share the work: under rules last and first blocks
 * of openings are taken in turn, each block's rows formatted in memory and
 * written in block order; under linear and decay (whose sums of credit
 * depend on their order, kept as before) the upper half is credited and
 * formatted on a second thread into a spool appended after the lower
 * half.  The mix sums openings and credit by channel and by opened
 * product.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_heapsort.h>

#include "attribute/attribute_int.h"

/* ---- crediting ---- */

typedef struct ref {
    const cand *c;
    const part *p;
    const char *id;
    size_t seq;            /* position in file order, the last tie-break */
    int direct;            /* the offered product is the opened one */
} ref;

static int ref_order(const ref *a, const ref *b)
{
    if (a->c->day != b->c->day)
        return a->c->day < b->c->day ? -1 : 1;
    int k = strcmp(a->id, b->id);
    if (k)
        return k;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int ref_compare(const void *a, const void *b)
{
    return ref_order(a, b);
}

typedef struct mixcell {
    unsigned long openings;
    double credit;
} mixcell;

typedef struct crediting {
    run *rn;
    lk_attr_summary *s;
    lk_strmap *channels;   /* global channel names; "none" first */
    mixcell *by_channel;   /* [channel * 3 + response] */
    size_t chan_cap;
    mixcell *by_product;   /* [opened product * 3 + response] */
    uint32_t *chan_map[MAX_PARTS];  /* part-local channel -> global */
    ref *refs;
    size_t refs_cap;
    double *w;
    size_t w_cap;
    uint32_t *seen;        /* channels an opening's credited offers came by */
    size_t seen_cap;
    const uint32_t *start; /* matching offers grouped by customer (shared) */
    const uint32_t *idx;
    size_t from, to;       /* the openings this worker credits */
    lk_csv_writer *out;    /* rows go here, else to opt->row */
    FILE *file;            /* out's file: rows needing no quotes go straight here */
    int plain;             /* cells are not made safe (lk_csv_safe) */
    day_text *days;        /* this worker's dates as text */
    struct turns *turns;   /* blocks taken in turn (credit_in_turns) */
    size_t block;          /* the first of this worker's blocks */
    char *text;            /* a block's rows, in memory (file is then on it) */
    size_t text_len;
    int rc;
    int write_errno;       /* why writing a block to the output failed; 0: it did not */
} crediting;

/* Give every part's channels their global ids, once. */
static int map_channels(crediting *cr)
{
    for (int i = 0; i < cr->rn->nparts; i++) {
        const part *p = &cr->rn->parts[i];
        size_t n = lk_strmap_count(p->channels);
        if (!(cr->chan_map[i] = malloc((n ? n : 1) * sizeof(uint32_t))))
            return -1;
        for (uint32_t c = 0; c < n; c++) {
            uint32_t id = lk_strmap_intern(cr->channels, lk_strmap_key(p->channels, c),
                                           lk_strmap_key_len(p->channels, c), NULL);
            size_t old = cr->chan_cap;
            if (id == LK_STRMAP_NONE ||
                lk_grow((void **)&cr->by_channel, &cr->chan_cap, ((size_t)id + 1) * 3,
                     sizeof(mixcell)))
                return -1;
            memset(cr->by_channel + old, 0, (cr->chan_cap - old) * sizeof(mixcell));
            cr->chan_map[i][c] = id;
        }
    }
    return 0;
}

/* A row to the CSV output, formatted here when no field needs quotes. */
static void write_row(crediting *cr, const lk_attr_row *row)
{
    char buf[1024];
    size_t n = cr->plain ? lk_attr_plain_row(buf, sizeof(buf), row, cr->days) : 0;
    if (n)
        fwrite_unlocked(buf, 1, n, cr->file);
    else
        lk_attr_write_row(cr->out, row);
}

static void emit(crediting *cr, lk_attr_row *row, const ref *r, uint32_t *seen_chan,
                 size_t *nseen)
{
    const openings *o = &cr->rn->open;
    uint32_t ch = 0;
    if (r) {
        const part *p = r->p;
        row->offer_id = r->id;
        row->offered_product = lk_strmap_key(p->products, r->c->product);
        row->channel = lk_strmap_key(p->channels, r->c->channel);
        row->offer_date = r->c->day;
        row->days_since_offer = o->v[row->opening].day - r->c->day;
        ch = cr->chan_map[p - cr->rn->parts][r->c->channel];
    } else {
        row->offer_id = row->offered_product = row->channel = NULL;
        row->offer_date = row->days_since_offer = 0;
    }
    mixcell *mc = &cr->by_channel[ch * 3 + row->response];
    int fresh = 1;
    for (size_t i = 0; i < *nseen; i++)
        fresh &= seen_chan[i] != ch;
    if (fresh) {
        mc->openings++;
        seen_chan[(*nseen)++] = ch;
    }
    mc->credit += row->credit;
    cr->by_product[o->v[row->opening].product * 3 + row->response].credit += row->credit;
    cr->s->credit_by_response[row->response] += row->credit;
    cr->s->rows_written++;
    if (cr->out)
        write_row(cr, row);
    else if (cr->rn->opt->row)
        cr->rn->opt->row(cr->rn->opt->row_ctx, row);
}

static int better(lk_attr_rule rule, const ref *a, const ref *b)
{
    int k = ref_order(a, b);
    return rule == LK_ATTR_FIRST ? k < 0 : k > 0;
}

/* Credit opening i among its candidates refs[0..n). */
static int credit_opening(crediting *cr, size_t i, ref *refs, size_t n)
{
    const openings *o = &cr->rn->open;
    const lk_attr_options *opt = cr->rn->opt;
    const opening *op = &o->v[i];
    lk_attr_row row = {0};
    row.opening = i;
    row.customer_id = customer_key(o, op->cust);
    row.account_id = opening_account(o, op);
    row.product = lk_strmap_key(o->products, op->product);
    row.open_date = op->day;
    row.balance = opening_balance(o, op);
    /* one slot per credited offer: an opening counts once per channel */
    if (lk_grow((void **)&cr->seen, &cr->seen_cap, n ? n : 1, sizeof(uint32_t)))
        return -1;
    uint32_t *seen = cr->seen;
    size_t nseen = 0;
    size_t k = 0;
    for (size_t j = 0; j < n; j++)
        if (refs[j].direct)
            refs[k++] = refs[j];
    row.response = k ? LK_RESPONSE_DIRECT : n ? LK_RESPONSE_HALO : LK_RESPONSE_NONE;
    if (k == 0)
        k = n;
    cr->s->by_response[row.response]++;
    cr->by_product[op->product * 3 + row.response].openings++;
    if (!cr->rn->parts[0].has_offer[op->cust] &&
        !(cr->rn->nparts > 1 && cr->rn->parts[1].has_offer[op->cust]))
        cr->s->openings_without_offers++;
    if (n == 0 || opt->rule == LK_ATTR_LAST || opt->rule == LK_ATTR_FIRST) {
        const ref *best = NULL;
        for (size_t j = 0; j < k && n; j++)
            if (!best || better(opt->rule, &refs[j], best))
                best = &refs[j];
        row.credit = 1;
        emit(cr, &row, best, seen, &nseen);
        return 0;
    }
    if (k > 1)
        gsl_heapsort(refs, k, sizeof(ref), ref_compare);
    if (lk_grow((void **)&cr->w, &cr->w_cap, k, sizeof(double)))
        return -1;
    double sum = 0;
    for (size_t j = 0; j < k; j++) {
        /* Relative to the latest candidate so no weight underflows to 0. */
        double d = (double)(refs[k - 1].c->day - refs[j].c->day);
        cr->w[j] = opt->rule == LK_ATTR_LINEAR ? 1.0 : exp2(-d / opt->half_life);
        sum += cr->w[j];
    }
    for (size_t j = 0; j < k; j++) {
        row.credit = cr->w[j] / sum;
        emit(cr, &row, &refs[j], seen, &nseen);
    }
    return 0;
}

/* Group the matching offers by customer (stable: part 0 before part 1, file order). */
static int group_candidates(run *rn, uint32_t **start_out, uint32_t **idx_out, lk_error *err)
{
    size_t n = rn->open.ncust, total = 0;
    for (int p = 0; p < rn->nparts; p++)
        total += rn->parts[p].nc;
    if (total >= UINT32_MAX)
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "too many matching offers to hold");
    uint32_t *start = lk_alloc_big(n + 2, sizeof(uint32_t), 1);
    uint32_t *idx = malloc((total ? total : 1) * sizeof(uint32_t));
    if (!start || !idx) {
        free(start);
        free(idx);
        return lk_error_nomem(err);
    }
    for (int p = 0; p < rn->nparts; p++)
        for (size_t j = 0; j < rn->parts[p].nc; j++)
            start[rn->parts[p].c[j].cust + 2]++;
    for (size_t i = 0; i < n; i++)
        start[i + 2] += start[i + 1];
    size_t g = 0;
    for (int p = 0; p < rn->nparts; p++)
        for (size_t j = 0; j < rn->parts[p].nc; j++, g++)
            idx[start[rn->parts[p].c[j].cust + 1]++] = (uint32_t)g;
    *start_out = start;
    *idx_out = idx;
    return LK_OK;
}

static ref make_ref(const run *rn, uint32_t g)
{
    const part *p = &rn->parts[0];
    size_t j = g;
    if (j >= p->nc) {
        j -= p->nc;
        p = &rn->parts[1];
    }
    return (ref){&p->c[j], p, p->ids.p + p->c[j].id, g, 0};
}

/* 1 when offer c of part p can credit an opening on day: its window holds it. */
static int covers(const part *p, const cand *c, int32_t day)
{
    return (int64_t)day >= (int64_t)c->day + p->lag[c->channel] &&
           (int64_t)day <= (int64_t)c->day + p->window[c->product];
}

/* The candidates of opening i: its customer's offers whose window holds it. */
static size_t candidates(crediting *cr, size_t i)
{
    const run *rn = cr->rn;
    const opening *op = &rn->open.v[i];
    size_t n = 0;
    for (size_t j = cr->start[op->cust]; j < cr->start[op->cust + 1]; j++) {
        ref r = make_ref(rn, cr->idx[j]);
        if (!covers(r.p, r.c, op->day))
            continue;
        r.direct = r.p->global[r.c->product] == op->product;
        cr->refs[n++] = r;
    }
    return n;
}

static int credit_range(crediting *cr)
{
    const openings *o = &cr->rn->open;
    for (size_t i = cr->from; i < cr->to; i++) {
        uint32_t c = o->v[i].cust;
        if (lk_grow((void **)&cr->refs, &cr->refs_cap, cr->start[c + 1] - cr->start[c] + 1,
                    sizeof(ref)))
            return -1;
        size_t n = candidates(cr, i);
        if (credit_opening(cr, i, cr->refs, n))
            return -1;
        cr->s->candidates += n;
    }
    return 0;
}

static void *credit_thread(void *arg)
{
    crediting *cr = arg;
    cr->rc = credit_range(cr);
    return NULL;
}

/* A second worker for the upper half of the openings, writing to a spool. */
static int worker_init(crediting *w, const crediting *cr, lk_attr_summary *s, FILE *spool)
{
    *w = *cr;
    w->s = s;
    w->refs = NULL;
    w->refs_cap = 0;
    w->w = NULL;
    w->w_cap = 0;
    w->seen = NULL;
    w->seen_cap = 0;
    size_t np = lk_strmap_count(cr->rn->open.products);
    w->by_channel = calloc(cr->chan_cap, sizeof(mixcell));
    w->by_product = calloc((np + 1) * 3, sizeof(mixcell));
    w->out = spool ? lk_csv_writer_new(spool) : NULL;
    w->file = spool;
    if ((w->days = malloc(sizeof(day_text))))
        lk_attr_day_text_init(w->days);
    return w->by_channel && w->by_product && (w->out || !spool) && w->days ? 0 : -1;
}

static void worker_merge(crediting *cr, crediting *w)
{
    size_t np = lk_strmap_count(cr->rn->open.products);
    for (size_t i = 0; i < cr->chan_cap; i++) {
        cr->by_channel[i].openings += w->by_channel[i].openings;
        cr->by_channel[i].credit += w->by_channel[i].credit;
    }
    for (size_t i = 0; i < (np + 1) * 3; i++) {
        cr->by_product[i].openings += w->by_product[i].openings;
        cr->by_product[i].credit += w->by_product[i].credit;
    }
    for (int r = 0; r < LK_RESPONSE_COUNT; r++) {
        cr->s->by_response[r] += w->s->by_response[r];
        cr->s->credit_by_response[r] += w->s->credit_by_response[r];
    }
    cr->s->openings_without_offers += w->s->openings_without_offers;
    cr->s->rows_written += w->s->rows_written;
    cr->s->candidates += w->s->candidates;
}

static void worker_release(crediting *w)
{
    free(w->by_channel);
    free(w->by_product);
    free(w->refs);
    free(w->w);
    free(w->seen);
    free(w->days);
    lk_csv_writer_free(w->out);
}

static int copy_spool(FILE *from, FILE *to)
{
    char buf[1 << 16];
    size_t n;
    if (fflush(from) != 0)
        return -1;
    rewind(from);
    while ((n = fread(buf, 1, sizeof(buf), from)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            return -1;
    return ferror(from) ? -1 : 0;
}

/* ---- blocks of openings taken in turn by two threads ---- */

/* openings in a block: about 1.2 MB of rows held per thread */
#define BLOCK_OPENINGS 16384

typedef struct turns {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next;           /* the block whose rows are written next */
    int failed;            /* a thread ran out of memory: the other stops too */
    FILE *out;
} turns;

/* Wait for block b's turn; 0, or -1 when the other thread failed. */
static int wait_turn(turns *t, size_t b, int failed)
{
    pthread_mutex_lock(&t->mu);
    t->failed |= failed;
    while (t->next != b && !t->failed)
        pthread_cond_wait(&t->cv, &t->mu);
    int stop = t->failed;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    return stop ? -1 : 0;
}

/* The next block's turn; with failed the other thread stops instead. */
static void pass_turn(turns *t, size_t b, int failed)
{
    pthread_mutex_lock(&t->mu);
    t->next = b + 1;
    t->failed |= failed;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

/*
 * Every second block from cr->block on: its openings credited, their rows
 * formatted in memory and written to the output in the block's turn.
 */
static int credit_blocks(crediting *cr)
{
    size_t n = cr->rn->open.n;
    turns *t = cr->turns;
    for (size_t b = cr->block; b * BLOCK_OPENINGS < n; b += 2) {
        cr->from = b * BLOCK_OPENINGS;
        cr->to = n - cr->from < BLOCK_OPENINGS ? n : cr->from + BLOCK_OPENINGS;
        rewind(cr->file);
        int failed = credit_range(cr) != 0 || fflush(cr->file) != 0;
        if (wait_turn(t, b, failed))
            return failed ? -1 : 0;
        errno = 0;
        if (fwrite(cr->text, 1, cr->text_len, t->out) != cr->text_len)
            cr->write_errno = errno ? errno : EIO;
        pass_turn(t, b, cr->write_errno != 0);
        if (cr->write_errno)
            return -1;
    }
    return 0;
}

static void *blocks_thread(void *arg)
{
    crediting *cr = arg;
    cr->rc = credit_blocks(cr);
    return NULL;
}

/* Rows of cr to a block of text in memory: 0, or -1 when out of memory. */
static int text_rows(crediting *cr, turns *t, size_t block)
{
    cr->turns = t;
    cr->block = block;
    cr->file = open_memstream(&cr->text, &cr->text_len);
    cr->out = cr->file ? lk_csv_writer_new(cr->file) : NULL;
    return cr->out ? 0 : -1;
}

static void text_release(crediting *cr)
{
    if (!cr->turns)
        return;
    lk_csv_writer_free(cr->out);
    if (cr->file)
        fclose(cr->file);
    free(cr->text);
}

/* The output could not be written (errno e): the error naming it. */
static int write_error(const run *rn, int e, lk_error *err)
{
    errno = e ? e : EIO;
    return lk_error_errno(err, rn->opt->csv_path ? rn->opt->csv_path : "<output>",
                          "cannot write");
}

/*
 * With the whole credits of rules last and first (sums of ones, the same
 * in any order), the openings go in blocks to two threads in turn, each
 * block's rows formatted in memory and written in block order: no spool.
 * *done is set when the rows are out; it stays 0 when the threads could
 * not start (nothing written).  An error when out of memory or when a
 * block could not be written.
 */
static int credit_in_turns(crediting *cr, int *done, lk_error *err)
{
    turns t = {.out = cr->rn->opt->csv};
    crediting own = *cr, w;
    lk_attr_summary ws = {0};
    pthread_t tid;
    pthread_mutex_init(&t.mu, NULL);
    pthread_cond_init(&t.cv, NULL);
    int rc = LK_OK;
    if (worker_init(&w, cr, &ws, NULL) == 0 && text_rows(&own, &t, 0) == 0 &&
        text_rows(&w, &t, 1) == 0 && pthread_create(&tid, NULL, blocks_thread, &w) == 0) {
        int failed = credit_blocks(&own);
        pthread_join(tid, NULL);
        *done = 1;
        if (own.write_errno || w.write_errno)
            rc = write_error(cr->rn, own.write_errno ? own.write_errno : w.write_errno, err);
        else if (failed || w.rc)
            rc = lk_error_nomem(err);
        else
            worker_merge(&own, &w);
    }
    text_release(&own);
    text_release(&w);
    w.out = NULL;
    worker_release(&w);
    /* this thread's grown buffers are cr's again */
    own.out = cr->out;
    own.file = cr->file;
    own.text = NULL;
    own.turns = NULL;
    *cr = own;
    pthread_mutex_destroy(&t.mu);
    pthread_cond_destroy(&t.cv);
    return rc;
}

/*
 * Credit every opening in order.  When the rows go to a CSV file and there
 * are many, the upper half is credited and formatted on a second thread
 * into a spool file, appended after the lower half.
 */
static int credit_all(crediting *cr, lk_error *err)
{
    run *rn = cr->rn;
    uint32_t *start = NULL;
    uint32_t *idx = NULL;
    int rc = group_candidates(rn, &start, &idx, err);
    if (rc)
        return rc;
    cr->start = start;
    cr->idx = idx;
    cr->from = 0;
    cr->to = rn->open.n;
    crediting w;
    lk_attr_summary ws = {0};
    FILE *spool = NULL;
    pthread_t tid;
    int split = rn->opt->csv && rn->opt->threads != 1 && rn->open.n >= (1u << 16);
    int whole = rn->opt->rule == LK_ATTR_LAST || rn->opt->rule == LK_ATTR_FIRST;
    int done = 0;
    if (split && whole && ((rc = credit_in_turns(cr, &done, err)) != LK_OK || done)) {
        free(start);
        free(idx);
        return rc;
    }
    split = split && (spool = tmpfile()) != NULL;
    if (split && worker_init(&w, cr, &ws, spool) == 0) {
        w.from = cr->to = rn->open.n / 2;
        w.to = rn->open.n;
        if (pthread_create(&tid, NULL, credit_thread, &w) != 0)
            credit_thread(&w);
        else
            split = 2;
    } else if (split) {
        worker_release(&w);
        split = 0;
    }
    if (credit_range(cr))
        rc = lk_error_nomem(err);
    if (split) {
        if (split == 2)
            pthread_join(tid, NULL);
        if (rc == LK_OK && w.rc)
            rc = lk_error_nomem(err);
        if (rc == LK_OK && copy_spool(spool, rn->opt->csv))
            rc = write_error(rn, errno, err);
        if (rc == LK_OK)
            worker_merge(cr, &w);
        worker_release(&w);
    }
    if (spool)
        fclose(spool);
    free(start);
    free(idx);
    return rc;
}

/* ---- the mix table ---- */

typedef struct keyed {
    const char *key;
    size_t id;
} keyed;

static int keyed_compare(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

static int add_mix(lk_attr_summary *s, const char *by, const lk_strmap *names,
                   const mixcell *cells, size_t *cap, bytes *store)
{
    size_t n = lk_strmap_count(names);
    keyed *k = malloc((n ? n : 1) * sizeof(keyed));
    if (!k)
        return -1;
    for (size_t i = 0; i < n; i++)
        k[i] = (keyed){lk_strmap_key(names, (uint32_t)i), i};
    if (n > 1)
        gsl_heapsort(k, n, sizeof(keyed), keyed_compare);
    for (size_t i = 0; i < n; i++)
        for (int r = 0; r < LK_RESPONSE_COUNT; r++) {
            const mixcell *c = &cells[k[i].id * 3 + (size_t)r];
            if (c->openings == 0 && c->credit == 0)
                continue;
            size_t off;
            if (lk_grow((void **)&s->mix, cap, s->nmix + 1, sizeof(lk_attr_mix)) ||
                bytes_add(store, k[i].key, strlen(k[i].key), &off)) {
                free(k);
                return -1;
            }
            /* key holds an offset until the storage stops moving */
            s->mix[s->nmix++] = (lk_attr_mix){by, (const char *)(uintptr_t)off,
                                              (lk_response)r, c->openings, c->credit};
        }
    free(k);
    return 0;
}

static int build_mix(crediting *cr, lk_error *err)
{
    lk_attr_summary *s = cr->s;
    size_t cap = 0;
    bytes store = {0};
    if (add_mix(s, "channel", cr->channels, cr->by_channel, &cap, &store) ||
        add_mix(s, "product", cr->rn->open.products, cr->by_product, &cap, &store)) {
        free(store.p);
        return lk_error_nomem(err);
    }
    s->strings = store.p;
    for (size_t i = 0; i < s->nmix; i++)
        s->mix[i].key = store.p + (uintptr_t)s->mix[i].key;
    return LK_OK;
}

int lk_attr_credit_and_summarize(run *rn, lk_attr_summary *s, lk_error *err)
{
    crediting cr = {0};
    cr.rn = rn;
    cr.s = s;
    cr.channels = lk_strmap_new(16);
    size_t np = lk_strmap_count(rn->open.products);
    cr.by_product = calloc((np + 1) * 3, sizeof(mixcell));
    int oom = 0;
    int rc;
    if (!cr.channels || !cr.by_product ||
        lk_strmap_intern(cr.channels, "none", 4, NULL) != 0 ||
        lk_grow((void **)&cr.by_channel, &cr.chan_cap, 3, sizeof(mixcell)))
        oom = 1;
    if (oom)
        rc = lk_error_nomem(err);
    else {
        memset(cr.by_channel, 0, cr.chan_cap * sizeof(mixcell));
        cr.file = rn->opt->csv;
        if ((cr.days = malloc(sizeof(day_text))))
            lk_attr_day_text_init(cr.days);
        cr.plain = !lk_csv_safe() && cr.days;
        if (rn->opt->csv && !(cr.out = lk_csv_writer_new(rn->opt->csv)))
            rc = lk_error_nomem(err);
        else
            rc = map_channels(&cr) ? lk_error_nomem(err) : credit_all(&cr, err);
    }
    if (rc == LK_OK)
        rc = build_mix(&cr, err);
    lk_strmap_free(cr.channels);
    for (int i = 0; i < MAX_PARTS; i++)
        free(cr.chan_map[i]);
    free(cr.by_channel);
    free(cr.by_product);
    free(cr.refs);
    free(cr.w);
    free(cr.seen);
    free(cr.days);
    lk_csv_writer_free(cr.out);
    return rc;
}
