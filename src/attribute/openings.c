/*
 * openings.c - openings.csv loaded and indexed by customer for attribution.
 *
 * A reader thread checks rows and hands batches to a thread that stores
 * them.  Customer ids get dense ids in first-seen order; while they come
 * sorted that needs no map (a new id is the next) and no hashing: a map of
 * them is made, and each id hashed, only once one is out of order, or when
 * the offers need one.  Account ids are kept as text beside the balances and
 * proved unique by their order while they come sorted, held in a map only
 * once they do not.  The openings are then indexed by customer in a CSR layout (each
 * customer's openings are one run of an index array), a customer's long
 * run sorted by date.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_heapsort.h>

#include "attribute/attribute_int.h"

enum { O_CUST, O_ACCOUNT, O_PRODUCT, O_DATE, O_NCOLS };

void lk_attr_openings_release(openings *o)
{
    lk_strmap_free(o->customers);
    free(o->cust_text.p);
    free(o->cust_off);
    lk_strmap_free(o->products);
    lk_id_index_release(&o->accounts);
    free(o->v);
    free(o->text.p);
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
    uint64_t cust_hash;    /* lk_hash_bytes of the customer id, once the map needs
                              it; 0 until then */
} ofields;

static int check_opening(const lk_csv_reader *r, const lk_csv_row *row, const int *col,
                         int bal, date_memo *dates, ofields *f, lk_error *err)
{
    int rc;
    for (int i = 0; i < O_NCOLS; i++)
        if (i != O_DATE && (rc = lk_csv_get_nonempty(r, row, col[i], err)))
            return rc;
    if ((rc = lk_attr_date(dates, r, row, col[O_DATE], &f->day, err)) ||
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
    f->cust_hash = 0;
    return LK_OK;
}

/*
 * The account ids seen so far in a map from now on: they came in order
 * until acc, which does not follow the last.
 */
static int accounts_to_map(openings *o, size_t expect)
{
    unsigned long first;
    if (lk_id_index_to_map(&o->accounts, expect))
        return -1;
    for (size_t i = 0; i < o->n; i++) {
        const char *acc = opening_account(o, &o->v[i]);
        if (lk_id_index_add(&o->accounts, acc, strlen(acc), o->v[i].line, &first) !=
            LK_IDX_NEW)
            return -1;
    }
    return 0;
}

/* Note f's account id as seen; a repeat is an error at acc_col. */
static int add_account(openings *o, const ofields *f, const char *path, int acc_col,
                       lk_error *err)
{
    unsigned long first = 0;
    int k = lk_id_index_add(&o->accounts, f->acc, f->acc_len, f->line, &first);
    if (k == LK_IDX_UNSORTED) {
        if (accounts_to_map(o, o->cap))
            return lk_error_nomem(err);
        k = lk_id_index_add(&o->accounts, f->acc, f->acc_len, f->line, &first);
    }
    if (k == LK_IDX_SEEN)
        return lk_error_set(err, LK_EDATA, path, f->line, (unsigned long)acc_col + 1,
                            "duplicate account_id '%.60s' (first on line %lu)", f->acc,
                            first > UINT32_MAX ? (unsigned long)UINT32_MAX : first);
    return k == LK_IDX_NEW ? LK_OK : lk_error_nomem(err);
}

/* Give customer id s[0..len) the next id; 0, or -1 when out of memory. */
static int add_customer(openings *o, const char *s, size_t len)
{
    size_t at;
    if (o->ncust >= UINT32_MAX - 1 ||
        lk_grow((void **)&o->cust_off, &o->cust_cap, o->ncust + 2, sizeof(size_t)) ||
        bytes_add(&o->cust_text, s, len, &at))
        return -1;
    o->cust_off[o->ncust] = at;
    o->cust_off[++o->ncust] = o->cust_text.len;
    return 0;
}

/* The map of the customer ids so far (their ids unchanged). */
static int customers_to_map(openings *o, size_t expect)
{
    o->customers = lk_strmap_new(expect > o->ncust ? expect : o->ncust);
    if (!o->customers)
        return -1;
    for (uint32_t c = 0; c < o->ncust; c++)
        if (lk_strmap_intern(o->customers, customer_key(o, c), customer_len(o, c), NULL) != c)
            return -1;
    return 0;
}

int lk_attr_openings_map(openings *o)
{
    if (o->customers)
        return 0;
    return customers_to_map(o, o->ncust) || lk_keyfilter_build(&o->filter, o->customers)
               ? -1 : 0;
}

/*
 * The id of f's customer: the row before's when the same, the next one
 * while the ids come in byte order, else from the map (made the first time
 * an id is out of order).
 */
static uint32_t store_customer(openings *o, const ofields *f)
{
    if (o->n > 0) {
        uint32_t prev = o->v[o->n - 1].cust;
        int c = lk_id_compare(f->cust, f->cust_len, customer_key(o, prev),
                              customer_len(o, prev));
        if (c == 0)
            return prev;
        int was = o->sorted;
        o->sorted = lk_id_order_kept(o->sorted, c, f->cust_len, customer_len(o, prev));
        if (was && !o->sorted && customers_to_map(o, o->cap))
            return LK_STRMAP_NONE;
    }
    uint32_t id = (uint32_t)o->ncust;
    if (o->customers) {
        int added;
        uint64_t h = f->cust_hash ? f->cust_hash : lk_hash_bytes(f->cust, f->cust_len);
        id = lk_strmap_intern_hashed(o->customers, f->cust, f->cust_len, h, &added);
        if (id == LK_STRMAP_NONE || !added)
            return id;
    }
    return add_customer(o, f->cust, f->cust_len) ? LK_STRMAP_NONE : id;
}

/* Store a checked opening; a repeated account_id is an error at acc_col. */
static int store_opening(openings *o, const ofields *f, const char *path, int acc_col,
                         lk_error *err)
{
    int rc = add_account(o, f, path, acc_col, err);
    if (rc)
        return rc;
    if (lk_grow((void **)&o->v, &o->cap, o->n + 1, sizeof(opening)))
        return lk_error_nomem(err);
    opening *op = &o->v[o->n];
    op->cust = store_customer(o, f);
    op->product = recent_find(&o->recent_products, f->prod, f->prod_len);
    if (op->product == LK_STRMAP_NONE) {
        op->product = lk_strmap_intern(o->products, f->prod, f->prod_len, NULL);
        if (op->product != LK_STRMAP_NONE)
            recent_add(&o->recent_products, o->products, op->product);
    }
    op->day = f->day;
    op->line = f->line > UINT32_MAX ? UINT32_MAX : (uint32_t)f->line;
    size_t bal;
    if (op->cust == LK_STRMAP_NONE || op->product == LK_STRMAP_NONE ||
        bytes_add(&o->text, f->acc, f->acc_len, &op->text) ||
        bytes_add(&o->text, f->bal, f->bal_len, &bal))
        return lk_error_nomem(err);
    o->n++;
    return LK_OK;
}

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
    size_t nc = o->ncust;
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
        uint32_t *span = o->order + o->first[c];
        for (size_t j = 0; j < n; j++)
            tmp[j] = (dated){o->v[span[j]].day, span[j]};
        gsl_heapsort(tmp, n, sizeof(dated), dated_compare);
        for (size_t j = 0; j < n; j++)
            span[j] = tmp[j].opening;
    }
    free(tmp);
    return 0;
}

/* The first of customer c's openings that could be on or after day from. */
uint32_t lk_attr_first_candidate(const openings *o, uint32_t c, int64_t from)
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
    size_t nc = o->ncust;
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
    if (o->customers && lk_keyfilter_build(&o->filter, o->customers))
        return lk_error_nomem(err);
    return LK_OK;
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
    date_memo *dates = calloc(1, sizeof(*dates));
    if (!dates)
        return lk_error_nomem(err);
    while (rc == LK_OK) {
        lk_csv_row *row;
        ofields f;
        rc = lk_csv_next(r, &row, err);
        if (!row)
            break;
        o->read++;
        if (rc == LK_OK && (rc = check_opening(r, row, col, bal, dates, &f, err)) == LK_OK)
            rc = store_opening(o, &f, lk_csv_path(r), col[O_ACCOUNT], err);
        if (rc == LK_EDATA && rj) {
            lk_rejects_add(rj, row, err);
            o->rejected++;
            rc = LK_OK;
        }
    }
    free(dates);
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
    uint64_t cust_hash;
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
    date_memo dates;       /* the reading thread's */
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
    rc->cust_hash = f->cust_hash;
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
            rc = check_opening(pp->r, row, pp->col, pp->bal, &pp->dates, &f, &b->err);
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

static int store_batch(openings *o, obatch *b, const char *path, int acc_col,
                       lk_error *err)
{
    const char *t = b->text.p;
    for (size_t i = 0; i < b->n; i++) {
        orec *r = &b->rec[i];
        if (o->customers) {
            /* with a map, ids are hashed 8 rows ahead and their slots fetched */
            if (!r->cust_hash)
                r->cust_hash = lk_hash_bytes(t + r->cust, r->cust_len);
            if (i + 8 < b->n) {
                orec *a = &b->rec[i + 8];
                a->cust_hash = lk_hash_bytes(t + a->cust, a->cust_len);
                lk_strmap_prefetch_hashed(o->customers, a->cust_hash);
            }
        }
        ofields f = {t + r->cust, t + r->acc, t + r->prod, t + r->bal, r->cust_len,
                     r->acc_len, r->prod_len, r->bal_len, r->day, r->line, r->cust_hash};
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

int lk_attr_openings_load(openings *o, const char *path, const lk_attr_options *opt,
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
    o->products = lk_strmap_new(64);
    o->sorted = LK_ORDER_ANY;
    if (!o->products || lk_id_index_init(&o->accounts, 1) ||
        lk_grow((void **)&o->cust_off, &o->cust_cap, expect + 1, sizeof(size_t)) ||
        lk_grow((void **)&o->cust_text.p, &o->cust_text.cap, expect * 16, 1) ||
        lk_grow((void **)&o->v, &o->cap, expect, sizeof(opening)) ||
        lk_grow((void **)&o->text.p, &o->text.cap, expect * 24, 1)) {
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
