/*
 * attribute.c - offer-level response attribution (docs/methods.md, "Attribution").
 *
 * The openings are loaded first (a reader thread feeding batches to a
 * thread that interns ids, so the hash look-ups overlap the parse) and
 * indexed by customer (a CSR layout: each customer's openings are one run
 * of an index array).  The offers are then streamed, in two parts on two
 * threads when the file is large (io/parts; where to cut it is found
 * while the openings load); each part keeps its own product and channel
 * tables and collects, per offer, a compact
 * candidate record for every opening of that customer whose date falls
 * inside the offer's window.  Only then are the candidates grouped by
 * opening (a counting pass, stable in file order) and credited, and the
 * rows handed out in openings order.  So nothing is emitted before both
 * files were read completely, and memory grows with openings and
 * candidates, never with offers.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_heapsort.h>

#include "liftkit/attribute.h"
#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/liftkit.h"
#include "liftkit/output.h"

#include "io/id_index.h"
#include "io/parts.h"
#include "util/grow.h"
#include "util/strmap.h"

#define MAX_PARTS LK_PARTS_MAX

/* offers of this many bytes or more are read in two parts */
#define OFFERS_SPLIT ((uint64_t)1 << 20)

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

/* ---- growable byte storage ---- */

typedef struct bytes {
    char *p;
    size_t len, cap;
} bytes;

static int bytes_add(bytes *b, const char *s, size_t len, size_t *off)
{
    if (lk_grow((void **)&b->p, &b->cap, b->len + len + 1, 1))
        return -1;
    *off = b->len;
    memcpy(b->p + b->len, s, len);
    b->p[b->len + len] = '\0';
    b->len += len + 1;
    return 0;
}


/*
 * The first few keys of a small map, checked without hashing: the files
 * name a handful of products and channels over and over.
 */
#define RECENT 8

typedef struct recent {
    const char *key[RECENT];
    uint32_t len[RECENT];
    uint32_t n;
} recent;

static uint32_t recent_find(const recent *rc, const char *s, size_t len)
{
    for (uint32_t i = 0; i < rc->n; i++)
        if (rc->len[i] == len && memcmp(rc->key[i], s, len) == 0)
            return i;
    return LK_STRMAP_NONE;
}

static void recent_add(recent *rc, const lk_strmap *m, uint32_t id)
{
    if (id == rc->n && rc->n < RECENT) {
        rc->key[rc->n] = lk_strmap_key(m, id);
        rc->len[rc->n++] = (uint32_t)lk_strmap_key_len(m, id);
    }
}

/* ---- openings ---- */

typedef struct opening {
    uint32_t cust;         /* id in customers */
    uint32_t product;      /* id in products */
    int32_t day;
    uint32_t line;         /* for the duplicate account message */
    size_t balance;        /* offset into balances ("" at 0) */
} opening;                 /* the account id is the opening's own index in accounts */

typedef struct openings {
    lk_strmap *customers, *products, *accounts;
    opening *v;
    size_t n, cap;
    bytes balances;
    uint32_t *first;       /* customer c's openings: order[first[c] .. first[c+1]) */
    uint32_t *order;
    lk_keyfilter filter;   /* most offers go to customers who opened nothing */
    recent recent_products;
    unsigned long read, rejected;
} openings;

enum { O_CUST, O_ACCOUNT, O_PRODUCT, O_DATE, O_NCOLS };

static void openings_release(openings *o)
{
    lk_strmap_free(o->customers);
    lk_strmap_free(o->products);
    lk_strmap_free(o->accounts);
    free(o->v);
    free(o->balances.p);
    free(o->first);
    free(o->order);
    lk_keyfilter_release(&o->filter);
}

/* 1 if s is plain digits with an optional fraction: a valid number >= 0. */
static int plain_amount(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    digits = i;
    if (i < len && s[i] == '.') {
        size_t j = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == j)
            return 0;
    }
    return digits > 0 && i == len;
}

static int check_balance(const lk_csv_reader *r, const lk_csv_row *row, int col,
                         lk_error *err)
{
    double v;
    if (col < 0 || row->len[col] == 0 || plain_amount(row->field[col], row->len[col]))
        return LK_OK;
    int rc = lk_csv_get_double(r, row, col, &v, err);
    if (rc)
        return rc;
    if (v < 0)
        return lk_csv_field_error(r, row, col, err,
                                  "negative balance '%.40s' in column 'balance': "
                                  "expected a number >= 0", row->field[col]);
    return LK_OK;
}

/* An opening's fields, checked, before they are stored. */
typedef struct ofields {
    const char *cust, *acc, *prod, *bal;
    size_t cust_len, acc_len, prod_len, bal_len;
    int32_t day;
    unsigned long line;
} ofields;

static int check_opening(const lk_csv_reader *r, const lk_csv_row *row, const int *col,
                         int bal, ofields *f, lk_error *err)
{
    int rc;
    for (int i = 0; i < O_NCOLS; i++)
        if (i != O_DATE && (rc = lk_csv_get_nonempty(r, row, col[i], err)))
            return rc;
    if ((rc = lk_csv_get_date(r, row, col[O_DATE], &f->day, err)) ||
        (rc = check_balance(r, row, bal, err)))
        return rc;
    f->cust = row->field[col[O_CUST]];
    f->cust_len = row->len[col[O_CUST]];
    f->acc = row->field[col[O_ACCOUNT]];
    f->acc_len = row->len[col[O_ACCOUNT]];
    f->prod = row->field[col[O_PRODUCT]];
    f->prod_len = row->len[col[O_PRODUCT]];
    f->bal = bal >= 0 ? row->field[bal] : "";
    f->bal_len = bal >= 0 ? row->len[bal] : 0;
    f->line = row->line;
    return LK_OK;
}

/* Store a checked opening; a repeated account_id is an error at acc_col. */
static int store_opening(openings *o, const ofields *f, const char *path, int acc_col,
                         lk_error *err)
{
    int added;
    uint32_t acc = lk_strmap_intern(o->accounts, f->acc, f->acc_len, &added);
    if (acc == LK_STRMAP_NONE)
        return lk_error_nomem(err);
    if (!added)
        return lk_error_set(err, LK_EDATA, path, f->line, (unsigned long)acc_col + 1,
                            "duplicate account_id '%.60s' (first on line %lu)", f->acc,
                            (unsigned long)o->v[acc].line);
    if (lk_grow((void **)&o->v, &o->cap, o->n + 1, sizeof(opening)))
        return lk_error_nomem(err);
    opening *op = &o->v[o->n++];
    op->cust = lk_strmap_intern(o->customers, f->cust, f->cust_len, NULL);
    op->product = recent_find(&o->recent_products, f->prod, f->prod_len);
    if (op->product == LK_STRMAP_NONE) {
        op->product = lk_strmap_intern(o->products, f->prod, f->prod_len, NULL);
        if (op->product != LK_STRMAP_NONE)
            recent_add(&o->recent_products, o->products, op->product);
    }
    op->day = f->day;
    op->line = f->line > UINT32_MAX ? UINT32_MAX : (uint32_t)f->line;
    op->balance = 0;
    if (op->cust == LK_STRMAP_NONE || op->product == LK_STRMAP_NONE ||
        (f->bal_len && bytes_add(&o->balances, f->bal, f->bal_len, &op->balance)))
        return lk_error_nomem(err);
    return LK_OK;
}

/*
 * A customer with many openings has them ordered by date, so an offer
 * finds its window by binary search instead of testing every opening
 * (a customer with thousands of both would otherwise cost their product).
 */
#define SHORT_RUN 8

typedef struct dated {
    int32_t day;
    uint32_t opening;
} dated;

static int dated_compare(const void *a, const void *b)
{
    const dated *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->opening < y->opening ? -1 : x->opening > y->opening;
}

static int sort_long_runs(openings *o)
{
    size_t nc = lk_strmap_count(o->customers);
    dated *tmp = NULL;
    size_t cap = 0;
    for (size_t c = 0; c < nc; c++) {
        size_t n = o->first[c + 1] - o->first[c];
        if (n <= SHORT_RUN)
            continue;
        if (lk_grow((void **)&tmp, &cap, n, sizeof(dated))) {
            free(tmp);
            return -1;
        }
        uint32_t *run = o->order + o->first[c];
        for (size_t j = 0; j < n; j++)
            tmp[j] = (dated){o->v[run[j]].day, run[j]};
        gsl_heapsort(tmp, n, sizeof(dated), dated_compare);
        for (size_t j = 0; j < n; j++)
            run[j] = tmp[j].opening;
    }
    free(tmp);
    return 0;
}

/* The first of customer c's openings that could be on or after day from. */
static uint32_t first_candidate(const openings *o, uint32_t c, int64_t from)
{
    uint32_t lo = o->first[c], hi = o->first[c + 1];
    if (hi - lo <= SHORT_RUN)
        return lo;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (o->v[o->order[mid]].day < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int index_openings(openings *o, lk_error *err)
{
    size_t nc = lk_strmap_count(o->customers);
    o->first = lk_alloc_big(nc + 1, sizeof(uint32_t), 1);
    o->order = lk_alloc_big(o->n, sizeof(uint32_t), 0);
    if (!o->first || !o->order)
        return lk_error_nomem(err);
    for (size_t i = 0; i < o->n; i++)
        o->first[o->v[i].cust + 1]++;
    for (size_t c = 0; c < nc; c++)
        o->first[c + 1] += o->first[c];
    uint32_t *next = malloc((nc ? nc : 1) * sizeof(uint32_t));
    if (!next)
        return lk_error_nomem(err);
    memcpy(next, o->first, nc * sizeof(uint32_t));
    for (size_t i = 0; i < o->n; i++)
        o->order[next[o->v[i].cust]++] = (uint32_t)i;
    free(next);
    if (sort_long_runs(o))
        return lk_error_nomem(err);
    return lk_keyfilter_build(&o->filter, o->customers) ? lk_error_nomem(err) : LK_OK;
}

/*
 * About how many rows a file holds, from the length of the lines in its
 * first 64 KB, to size the maps once (0 for a pipe).
 */
static size_t expected_rows(const char *path)
{
    struct stat st;
    if (!path || strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    size_t per_line = 40;
    char *buf = malloc(1 << 16);
    int fd = buf ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd >= 0) {
        ssize_t k = read(fd, buf, 1 << 16);
        size_t lines = 0;
        for (ssize_t i = 0; i < k; i++)
            lines += buf[i] == '\n';
        if (lines > 1)
            per_line = (size_t)k / lines;
        close(fd);
    }
    free(buf);
    return (size_t)st.st_size / (per_line ? per_line : 1) + 16;
}

/* One thread: read, check and store row by row (and set bad rows aside). */
static int load_serial(openings *o, lk_csv_reader *r, const int *col, int bal,
                       lk_rejects *rj, lk_error *err)
{
    int rc = LK_OK;
    while (rc == LK_OK) {
        lk_csv_row *row;
        ofields f;
        rc = lk_csv_next(r, &row, err);
        if (!row)
            break;
        o->read++;
        if (rc == LK_OK && (rc = check_opening(r, row, col, bal, &f, err)) == LK_OK)
            rc = store_opening(o, &f, lk_csv_path(r), col[O_ACCOUNT], err);
        if (rc == LK_EDATA && rj) {
            lk_rejects_add(rj, row, err);
            o->rejected++;
            rc = LK_OK;
        }
    }
    return rc;
}

/*
 * Two threads: one reads and checks rows into batches, the other stores
 * them (the hash look-ups), in file order, so the first error in the file
 * is the one reported.
 */
#define OBATCH 4096
#define OSLOTS 4

typedef struct orec {
    size_t cust, acc, prod, bal;      /* offsets into the batch text */
    uint32_t cust_len, acc_len, prod_len, bal_len;
    int32_t day;
    unsigned long line;
} orec;

typedef struct obatch {
    orec rec[OBATCH];
    size_t n;
    bytes text;
    int rc, end;           /* rc: the error that ends the file here */
    lk_error err;
} obatch;

typedef struct opipe {
    obatch slot[OSLOTS];
    int full[OSLOTS];
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    lk_csv_reader *r;
    const int *col;
    int bal;
    unsigned long read;
} opipe;

static int batch_add(obatch *b, const ofields *f)
{
    orec *rc = &b->rec[b->n];
    if (bytes_add(&b->text, f->cust, f->cust_len, &rc->cust) ||
        bytes_add(&b->text, f->acc, f->acc_len, &rc->acc) ||
        bytes_add(&b->text, f->prod, f->prod_len, &rc->prod) ||
        bytes_add(&b->text, f->bal, f->bal_len, &rc->bal))
        return -1;
    rc->cust_len = (uint32_t)f->cust_len;
    rc->acc_len = (uint32_t)f->acc_len;
    rc->prod_len = (uint32_t)f->prod_len;
    rc->bal_len = (uint32_t)f->bal_len;
    rc->day = f->day;
    rc->line = f->line;
    b->n++;
    return 0;
}

static void fill_batch(opipe *pp, obatch *b)
{
    b->n = 0;
    b->text.len = 0;
    b->rc = b->end = 0;
    while (b->n < OBATCH) {
        lk_csv_row *row;
        ofields f;
        int rc = lk_csv_next(pp->r, &row, &b->err);
        if (!row) {
            b->rc = rc;
            b->end = 1;
            return;
        }
        pp->read++;
        if (rc == LK_OK)
            rc = check_opening(pp->r, row, pp->col, pp->bal, &f, &b->err);
        if (rc == LK_OK && batch_add(b, &f))
            rc = lk_error_nomem(&b->err);
        if (rc) {
            b->rc = rc;
            b->end = 1;
            return;
        }
    }
}

static void *produce(void *arg)
{
    opipe *pp = arg;
    for (size_t k = 0;; k = (k + 1) % OSLOTS) {
        pthread_mutex_lock(&pp->mu);
        while (pp->full[k] && !pp->stop)
            pthread_cond_wait(&pp->cv, &pp->mu);
        int stop = pp->stop;
        pthread_mutex_unlock(&pp->mu);
        if (stop)
            return NULL;
        fill_batch(pp, &pp->slot[k]);
        pthread_mutex_lock(&pp->mu);
        pp->full[k] = 1;
        pthread_cond_broadcast(&pp->cv);
        pthread_mutex_unlock(&pp->mu);
        if (pp->slot[k].end)
            return NULL;
    }
}

static int store_batch(openings *o, const obatch *b, const char *path, int acc_col,
                       lk_error *err)
{
    const char *t = b->text.p;
    for (size_t i = 0; i < b->n; i++) {
        const orec *r = &b->rec[i];
        if (i + 8 < b->n) {
            const orec *ahead = &b->rec[i + 8];
            lk_strmap_prefetch(o->accounts, t + ahead->acc, ahead->acc_len);
            lk_strmap_prefetch(o->customers, t + ahead->cust, ahead->cust_len);
        }
        ofields f = {t + r->cust, t + r->acc, t + r->prod, t + r->bal, r->cust_len,
                     r->acc_len, r->prod_len, r->bal_len, r->day, r->line};
        int rc = store_opening(o, &f, path, acc_col, err);
        if (rc)
            return rc;
    }
    if (b->rc)
        *err = b->err;
    return b->rc;
}

static int consume(openings *o, opipe *pp, lk_error *err)
{
    int rc = LK_OK;
    for (size_t k = 0;; k = (k + 1) % OSLOTS) {
        pthread_mutex_lock(&pp->mu);
        while (!pp->full[k])
            pthread_cond_wait(&pp->cv, &pp->mu);
        pthread_mutex_unlock(&pp->mu);
        obatch *b = &pp->slot[k];
        rc = store_batch(o, b, lk_csv_path(pp->r), pp->col[O_ACCOUNT], err);
        int end = b->end;
        pthread_mutex_lock(&pp->mu);
        pp->full[k] = 0;
        pthread_cond_broadcast(&pp->cv);
        pthread_mutex_unlock(&pp->mu);
        if (rc || end)
            return rc;
    }
}

static int load_pipelined(openings *o, lk_csv_reader *r, const int *col, int bal,
                          lk_error *err)
{
    opipe *pp = calloc(1, sizeof(*pp));
    if (!pp)
        return lk_error_nomem(err);
    pp->r = r;
    pp->col = col;
    pp->bal = bal;
    pthread_mutex_init(&pp->mu, NULL);
    pthread_cond_init(&pp->cv, NULL);
    pthread_t tid;
    int rc;
    if (pthread_create(&tid, NULL, produce, pp) != 0) {
        rc = load_serial(o, r, col, bal, NULL, err);
    } else {
        rc = consume(o, pp, err);
        pthread_mutex_lock(&pp->mu);
        pp->stop = 1;
        pthread_cond_broadcast(&pp->cv);
        pthread_mutex_unlock(&pp->mu);
        pthread_join(tid, NULL);
        o->read = pp->read;
    }
    for (int k = 0; k < OSLOTS; k++)
        free(pp->slot[k].text.p);
    pthread_mutex_destroy(&pp->mu);
    pthread_cond_destroy(&pp->cv);
    free(pp);
    return rc;
}

static int load_openings(openings *o, const char *path, const lk_attr_options *opt,
                         lk_error *err)
{
    static const char *const names[O_NCOLS] = {"customer_id", "account_id", "product",
                                               "open_date"};
    int col[O_NCOLS];
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, path, err);
    if (rc)
        return rc;
    /* Sized once from the file: growing copies, which is slow at this size. */
    size_t expect = expected_rows(path);
    o->customers = lk_strmap_new(expect);
    o->products = lk_strmap_new(64);
    o->accounts = lk_strmap_new(expect);
    if (!o->customers || !o->products || !o->accounts ||
        lk_strmap_reserve(o->customers, expect) || lk_strmap_reserve(o->accounts, expect) ||
        lk_grow((void **)&o->v, &o->cap, expect, sizeof(opening)) ||
        lk_grow((void **)&o->balances.p, &o->balances.cap, expect * 12, 1) ||
        bytes_add(&o->balances, "", 0, &(size_t){0})) {
        lk_csv_close(r);
        return lk_error_nomem(err);
    }
    rc = lk_csv_require(r, names, O_NCOLS, col, err);
    int bal = lk_csv_column(r, "balance");
    if (rc == LK_OK)
        rc = opt->rejects || opt->threads == 1
                 ? load_serial(o, r, col, bal, opt->rejects, err)
                 : load_pipelined(o, r, col, bal, err);
    lk_csv_close(r);
    if (rc == LK_OK && o->n >= UINT32_MAX)
        rc = lk_error_set(err, LK_EDATA, path, 0, 0, "too many openings");
    return rc ? rc : index_openings(o, err);
}

/* ---- offers: candidates, collected per part ---- */

typedef struct cand {
    uint32_t opening;
    int32_t day;           /* offer_date */
    uint32_t channel;      /* part-local ids */
    uint32_t product;
    uint32_t id;           /* offset of the offer id in the part's ids */
    uint8_t direct;
} cand;

enum { F_CUST, F_ID, F_PRODUCT, F_CHANNEL, F_DATE, F_NCOLS };

typedef struct run run;

/*
 * Offers whose customer passed the filter wait here in small batches, so
 * the look-ups in the (large) customer map can be fetched ahead together.
 */
#define PENDING 16

typedef struct pending {
    struct {
        int32_t day;
        uint32_t prod, chan, cid_len, id_len;
        size_t cid, id;        /* offsets into text */
        uint64_t hash;         /* of the customer id (lk_hash_bytes) */
    } e[PENDING];
    size_t n;
    bytes text;
} pending;

typedef struct part {
    run *run;
    lk_csv_reader *r;      /* the reader of this part of the offers */
    lk_strmap *products, *channels;
    int32_t *window;       /* by local product: days, -1 unknown */
    uint32_t *global;      /* by local product: id among opened products or NONE */
    size_t prod_cap, global_cap;
    recent recent_products, recent_channels;
    int32_t *lag;          /* by local channel */
    size_t chan_cap;
    uint8_t *has_offer;    /* by opening customer */
    cand *c;
    size_t nc, cap;
    bytes ids;
    pending pend;
    lk_id_check offer_ids; /* offer ids are unique: their order, or a map */
    unsigned long read, rejected;
    int rc;
    lk_error err;
} part;

struct run {
    const lk_experiment *exp;
    const lk_attr_options *opt;
    openings open;
    int col[F_NCOLS];
    part parts[MAX_PARTS];
    int nparts;
    const char *offers_path;
    int splittable;        /* the offers may be read in two parts */
    lk_parts plan;         /* how they are read */
};

static void part_release(part *p)
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
    lk_id_check_release(&p->offer_ids);
    memset(p, 0, sizeof(*p));
}

static int part_init(part *p, run *rn, lk_error *err)
{
    p->run = rn;
    p->products = lk_strmap_new(64);
    p->channels = lk_strmap_new(16);
    p->has_offer = calloc(lk_strmap_count(rn->open.customers) + 1, 1);
    /* a map of offer ids only where the file cannot be read again */
    int sorted = rn->offers_path && strcmp(rn->offers_path, "-") != 0 && !rn->opt->rejects;
    if (!p->products || !p->channels || !p->has_offer ||
        lk_id_check_init(&p->offer_ids, !sorted) != 0)
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
    if ((rc = lk_csv_get_date(p->r, row, col[F_DATE], day, err)))
        return rc;
    if ((rc = local_product(p, row, col[F_PRODUCT], prod, err)))
        return rc;
    return local_channel(p, row, col[F_CHANNEL], chan, err);
}

/* Test one offer of customer c against that customer's openings. */
static int match_offer(part *p, uint32_t c, int32_t day, uint32_t prod, uint32_t chan,
                       const char *offer_id, size_t id_len, lk_error *err)
{
    const openings *o = &p->run->open;
    p->has_offer[c] = 1;
    int64_t from = (int64_t)day + p->lag[chan], to = (int64_t)day + p->window[prod];
    int sorted = o->first[c + 1] - o->first[c] > SHORT_RUN;
    size_t id = SIZE_MAX;
    for (uint32_t j = first_candidate(o, c, from); j < o->first[c + 1]; j++) {
        const opening *op = &o->v[o->order[j]];
        if (sorted && op->day > to)
            break;
        if (op->day < from || op->day > to)
            continue;
        if (id == SIZE_MAX) {
            if (bytes_add(&p->ids, offer_id, id_len, &id))
                return lk_error_nomem(err);
            if (id > UINT32_MAX)
                return lk_error_set(err, LK_EIO, NULL, 0, 0,
                                    "too many matching offers to hold");
        }
        if (lk_grow((void **)&p->c, &p->cap, p->nc + 1, sizeof(cand)))
            return lk_error_nomem(err);
        p->c[p->nc++] = (cand){o->order[j], day, chan, prod, (uint32_t)id,
                               p->global[prod] == op->product};
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

static int add_offer(part *p, const lk_csv_row *row, lk_error *err)
{
    const openings *o = &p->run->open;
    const int *col = p->run->col;
    const char *cid = row->field[col[F_CUST]];
    size_t cid_len = row->len[col[F_CUST]];
    uint64_t h = lk_hash_bytes(cid, cid_len);
    const uint64_t *word = lk_keyfilter_word(&o->filter, h);
    int32_t day = 0;
    uint32_t prod = 0, chan = 0;
    int rc = check_offer(p, row, &day, &prod, &chan, err);
    if (!rc)
        rc = check_offer_id(p, row, err);
    if (rc)
        return rc;
    if (!lk_keyfilter_may_hold(word, h))
        return LK_OK;
    pending *pd = &p->pend;
    size_t at_cid, at_id;
    if (bytes_add(&pd->text, cid, cid_len, &at_cid) ||
        bytes_add(&pd->text, row->field[col[F_ID]], row->len[col[F_ID]], &at_id))
        return lk_error_nomem(err);
    pd->e[pd->n].day = day;
    pd->e[pd->n].prod = prod;
    pd->e[pd->n].chan = chan;
    pd->e[pd->n].cid = at_cid;
    pd->e[pd->n].cid_len = (uint32_t)cid_len;
    pd->e[pd->n].id = at_id;
    pd->e[pd->n].id_len = (uint32_t)row->len[col[F_ID]];
    pd->e[pd->n].hash = h;
    lk_strmap_prefetch_hashed(o->customers, h);
    return ++pd->n == PENDING ? flush_pending(p, err) : LK_OK;
}

/* Attribute one row; a bad one goes to the rejects or stops the part. */
static int take_row(part *p, lk_csv_row *row, int rc)
{
    lk_rejects *rj = p->run->opt->rejects;
    p->read++;
    if (rc == LK_OK)
        rc = add_offer(p, row, &p->err);
    if (rc == LK_EDATA && rj) {
        lk_rejects_add(rj, row, &p->err);
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
static int open_offers(run *rn, const char *path, lk_error *err)
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

static void *plan_thread(void *arg)
{
    run *rn = arg;
    lk_parts_plan(&rn->plan, rn->offers_path, OFFERS_SPLIT);
    return NULL;
}

/* Load the openings; meanwhile the other core looks for where to cut the offers. */
static int load_with_plan(run *rn, const char *openings_path, lk_error *err)
{
    if (!rn->splittable) {
        lk_parts_plan(&rn->plan, rn->offers_path, LK_PARTS_WHOLE);
        return load_openings(&rn->open, openings_path, rn->opt, err);
    }
    pthread_t tid;
    int planning = pthread_create(&tid, NULL, plan_thread, rn) == 0;
    if (!planning)
        plan_thread(rn);
    int rc = load_openings(&rn->open, openings_path, rn->opt, err);
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

static int read_offers(run *rn, lk_error *err)
{
    int rc = open_parts(rn, err);
    if (rc == LK_OK)
        rc = lk_parts_run(&rn->plan, part_read, (void *[]){&rn->parts[0], &rn->parts[1]},
                          err);
    return rc ? rc : check_offer_ids(rn, err);
}

/* ---- crediting ---- */

typedef struct ref {
    const cand *c;
    const part *p;
    const char *id;
    size_t seq;            /* position in file order, the last tie-break */
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
    const size_t *start;   /* candidates grouped by opening (shared) */
    const uint32_t *idx;
    size_t from, to;       /* the openings this worker credits */
    lk_csv_writer *out;    /* rows go here, else to opt->row */
    int rc;
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
        if (*nseen < 8)
            seen_chan[(*nseen)++] = ch;
    }
    mc->credit += row->credit;
    cr->by_product[o->v[row->opening].product * 3 + row->response].credit += row->credit;
    cr->s->credit_by_response[row->response] += row->credit;
    cr->s->rows_written++;
    if (cr->out)
        lk_attr_write_row(cr->out, row);
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
    row.customer_id = lk_strmap_key(o->customers, op->cust);
    row.account_id = lk_strmap_key(o->accounts, (uint32_t)i);
    row.product = lk_strmap_key(o->products, op->product);
    row.open_date = op->day;
    row.balance = o->balances.p + op->balance;
    uint32_t seen[8];
    size_t nseen = 0;
    size_t k = 0;
    for (size_t j = 0; j < n; j++)
        if (refs[j].c->direct)
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

/* Group the candidates by opening (stable: part 0 before part 1, file order). */
static int group_candidates(run *rn, size_t **start_out, uint32_t **idx_out, lk_error *err)
{
    size_t n = rn->open.n, total = 0;
    for (int p = 0; p < rn->nparts; p++)
        total += rn->parts[p].nc;
    if (total >= UINT32_MAX)
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "too many matching offers to hold");
    size_t *start = calloc(n + 2, sizeof(size_t));
    uint32_t *idx = malloc((total ? total : 1) * sizeof(uint32_t));
    if (!start || !idx) {
        free(start);
        free(idx);
        return lk_error_nomem(err);
    }
    for (int p = 0; p < rn->nparts; p++)
        for (size_t j = 0; j < rn->parts[p].nc; j++)
            start[rn->parts[p].c[j].opening + 2]++;
    for (size_t i = 0; i < n; i++)
        start[i + 2] += start[i + 1];
    size_t g = 0;
    for (int p = 0; p < rn->nparts; p++)
        for (size_t j = 0; j < rn->parts[p].nc; j++, g++)
            idx[start[rn->parts[p].c[j].opening + 1]++] = (uint32_t)g;
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
    return (ref){&p->c[j], p, p->ids.p + p->c[j].id, g};
}

static int credit_range(crediting *cr)
{
    run *rn = cr->rn;
    for (size_t i = cr->from; i < cr->to; i++) {
        size_t n = cr->start[i + 1] - cr->start[i];
        if (lk_grow((void **)&cr->refs, &cr->refs_cap, n + 1, sizeof(ref)))
            return -1;
        for (size_t j = 0; j < n; j++)
            cr->refs[j] = make_ref(rn, cr->idx[cr->start[i] + j]);
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
    size_t np = lk_strmap_count(cr->rn->open.products);
    w->by_channel = calloc(cr->chan_cap, sizeof(mixcell));
    w->by_product = calloc((np + 1) * 3, sizeof(mixcell));
    w->out = lk_csv_writer_new(spool);
    return w->by_channel && w->by_product && w->out ? 0 : -1;
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

/*
 * Credit every opening in order.  When the rows go to a CSV file and there
 * are many, the upper half is credited and formatted on a second thread
 * into a spool file, appended after the lower half.
 */
static int credit_all(crediting *cr, lk_error *err)
{
    run *rn = cr->rn;
    size_t *start = NULL;
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
    int split = rn->opt->csv && rn->opt->threads != 1 && rn->open.n >= (1u << 16) &&
                (spool = tmpfile()) != NULL;
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
            rc = lk_error_errno(err, "<output>", "cannot write");
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

static int credit_and_summarize(run *rn, lk_attr_summary *s, lk_error *err)
{
    crediting cr = {rn, s, lk_strmap_new(16), NULL, 0, NULL, {NULL}, NULL, 0, NULL, 0,
                    NULL, NULL, 0, 0, NULL, 0};
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
    lk_csv_writer_free(cr.out);
    return rc;
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
    rc = open_offers(rn, offers_path, err);
    if (rc == LK_OK)
        rc = load_with_plan(rn, openings_path, err);
    if (rc == LK_OK)
        rc = read_offers(rn, err);
    s->openings_read = rn->open.read;
    s->openings_rejected = rn->open.rejected;
    s->openings = rn->open.n;
    s->parts = rn->nparts;
    for (int i = 0; i < rn->nparts; i++) {
        s->offers_read += rn->parts[i].read;
        s->offers_rejected += rn->parts[i].rejected;
    }
    if (rc == LK_OK)
        rc = credit_and_summarize(rn, s, err);
    for (int i = 0; i < rn->nparts; i++)
        part_release(&rn->parts[i]);
    openings_release(&rn->open);
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
