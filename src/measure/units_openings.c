/*
 * units_openings.c - the openings' half of the units load.
 *
 * Openings are read first and held, indexed by their customers (a small
 * map: most customers open nothing, which a key filter tells at once); a
 * large file with account ids in order is read in two parts on two
 * threads (io/parts), the second merged into the first.  Account ids out
 * of order anywhere mean one more read with a map.
 */
#include <stdlib.h>
#include <string.h>

#include "liftkit/output.h"

#include "io/parts.h"
#include "measure/units_int.h"
#include "util/grow.h"

int lk_units_oread_init(oread *o, loader *ld, int use_map)
{
    memset(o, 0, sizeof(*o));
    o->ld = ld;
    o->cust = lk_strmap_new(0);
    o->products = lk_strmap_new(0);
    return o->cust && o->products && lk_id_index_init(&o->accounts, !use_map) == 0 ? 0 : -1;
}

void lk_units_oread_release(oread *o)
{
    lk_csv_close(o->r);
    lk_strmap_free(o->cust);
    free(o->op);
    lk_strmap_free(o->products);
    free(o->product_target);
    free(o->product_value);
    free(o->product_margin);
    lk_id_index_release(&o->accounts);
    memset(o, 0, sizeof(*o));
}

/* The product's id, with its target flag, value and margin cached. */
static uint32_t product_id(oread *o, const char *name, size_t len)
{
    int added;
    uint32_t p = lk_strmap_intern(o->products, name, len, &added);
    if (p == LK_STRMAP_NONE || !added)
        return p;
    if (p >= o->products_cap) {
        size_t c1 = o->products_cap, c2 = o->products_cap, c3 = o->products_cap;
        if (lk_grow((void **)&o->product_target, &c1, (size_t)p + 1, 1) ||
            lk_grow((void **)&o->product_value, &c2, (size_t)p + 1, sizeof(double)) ||
            lk_grow((void **)&o->product_margin, &c3, (size_t)p + 1, sizeof(double)))
            return LK_STRMAP_NONE;
        o->products_cap = c1;
    }
    const lk_experiment *exp = o->ld->exp;
    o->product_target[p] = (uint8_t)lk_experiment_is_target(exp, name);
    if (lk_settings_get(&exp->value, name, &o->product_value[p]))
        o->product_value[p] = 0;
    double margin;
    if (lk_settings_get(&exp->margin, name, &margin))
        margin = 0;
    o->product_margin[p] = margin * exp->margin_horizon / 365.0;
    return p;
}

enum { O_CUSTOMER, O_ACCOUNT, O_PRODUCT, O_DATE, O_NCOLS };

static int opening_row(oread *o, lk_csv_row *row, lk_error *err)
{
    const int *col = o->ld->ocol;
    int balance_col = o->ld->obalance;
    lk_csv_reader *r = o->r;
    for (int c = 0; c < O_NCOLS; c++)
        if (lk_csv_get_nonempty(r, row, col[c], err))
            return LK_EDATA;
    /* The customer's slot mostly misses the cache; fetch it while the row is checked. */
    const char *cid = row->field[col[O_CUSTOMER]];
    size_t cid_len = row->len[col[O_CUSTOMER]];
    uint64_t h = lk_hash_bytes(cid, cid_len);
    lk_strmap_prefetch_hashed(o->cust, h);
    opening op = {0};
    if (lk_csv_get_date(r, row, col[O_DATE], &op.day, err))
        return LK_EDATA;
    if (balance_col >= 0 && row->len[balance_col]) {
        if (lk_csv_get_amount(r, row, balance_col, &op.balance, err))
            return LK_EDATA;
        if (op.balance < 0)
            return lk_csv_field_error(r, row, balance_col, err,
                                      "negative balance '%.40s' in column 'balance'",
                                      row->field[balance_col]);
    }
    unsigned long first;
    switch (lk_id_index_add(&o->accounts, row->field[col[O_ACCOUNT]], row->len[col[O_ACCOUNT]],
                            row->line, &first)) {
    case LK_IDX_NOMEM:
        return lk_error_nomem(err);
    case LK_IDX_UNSORTED:
        return RESTART;
    case LK_IDX_SEEN:
        return lk_csv_field_error(r, row, col[O_ACCOUNT], err,
                                  "duplicate account_id '%.60s' (first on line %lu)",
                                  row->field[col[O_ACCOUNT]], first);
    }
    /* A customer's openings mostly come together: try the row before's first. */
    op.cust = o->nop ? o->op[o->nop - 1].cust : LK_STRMAP_NONE;
    if (op.cust == LK_STRMAP_NONE || lk_strmap_key_len(o->cust, op.cust) != cid_len ||
        memcmp(lk_strmap_key(o->cust, op.cust), cid, cid_len) != 0)
        op.cust = lk_strmap_intern_hashed(o->cust, cid, cid_len, h, NULL);
    op.product = product_id(o, row->field[col[O_PRODUCT]], row->len[col[O_PRODUCT]]);
    if (op.cust == LK_STRMAP_NONE || op.product == LK_STRMAP_NONE ||
        lk_grow((void **)&o->op, &o->op_cap, o->nop + 1, sizeof(opening)))
        return lk_error_nomem(err);
    o->op[o->nop++] = op;
    return LK_OK;
}

/*
 * About how many rows size bytes of the file hold, from the average length
 * of the rows r has read (5% more, to spare a second growth); 0 when the
 * size is unknown.
 */
size_t lk_units_expect_rows(const lk_csv_reader *r, uint64_t size)
{
    uint64_t bytes = lk_csv_bytes_read(r);
    unsigned long rows = lk_csv_rows_read(r);
    if (!size || !rows || !bytes)
        return 0;
    return (size_t)((double)size / ((double)bytes / (rows + 1)) * 1.05) + 1024;
}

/* Size the openings' array and customer map once, from the reader's size. */
static int reserve_openings(oread *o)
{
    size_t expect = lk_units_expect_rows(o->r, o->size);
    if (!expect)
        return 0;
    return lk_grow((void **)&o->op, &o->op_cap, expect, sizeof(opening)) ||
           lk_strmap_reserve(o->cust, expect);
}

/* Read the rows of o->r; the result is also left in o->rc and o->err. */
static int read_opening_rows(oread *o)
{
    loader *ld = o->ld;
    lk_error *err = &o->err;
    lk_csv_row *row;
    int rc = LK_OK;
    while (!rc) {
        rc = lk_csv_next(o->r, &row, err);
        if (!rc && !row)
            break;
        if (!rc)
            rc = opening_row(o, row, err);
        if (rc && rc != RESTART)
            rc = lk_units_bad_row(ld, row, rc, err);
        else if (!rc)
            o->rows++;
        if (!rc && lk_csv_rows_read(o->r) == 4096 && reserve_openings(o))
            rc = lk_error_nomem(err);
        if (o->progress && (lk_csv_rows_read(o->r) & 0xffff) == 0 && ld->opt)
            lk_progress_report(&ld->opt->progress, lk_csv_bytes_read(o->r), 0);
    }
    o->rc = rc;
    return rc;
}

/* lk_parts_fn: one part of the openings file. */
static int opening_part(void *arg, lk_error *err)
{
    oread *o = arg;
    int rc = read_opening_rows(o);
    *err = o->err;
    return rc;
}

static int opening_columns(loader *ld, lk_csv_reader *r, lk_error *err)
{
    static const char *const names[] = {"customer_id", "account_id", "product", "open_date"};
    int rc = lk_csv_require(r, names, O_NCOLS, ld->ocol, err);
    ld->obalance = lk_csv_column(r, "balance");
    return rc;
}

/*
 * The whole file on this thread (size bytes, 0 if unknown); account ids
 * are checked by their order, or with a map when use_map is set.  RESTART
 * when they are out of order.
 */
static int read_openings(loader *ld, const char *path, uint64_t size, int use_map,
                         lk_error *err)
{
    lk_units_oread_release(&ld->open);
    oread *o = &ld->open;
    if (lk_units_oread_init(o, ld, use_map))
        return lk_error_nomem(err);
    o->size = size;
    o->progress = 1;
    int rc = lk_csv_open(&o->r, path, err);
    if (!rc)
        rc = opening_columns(ld, o->r, err);
    if (!rc && (rc = read_opening_rows(o)) != LK_OK && rc != RESTART)
        *err = o->err;
    return rc;
}

/* Move b's openings into a: b's customers and products get a's ids. */
static int merge_openings(oread *a, oread *b)
{
    size_t nc = lk_strmap_count(b->cust), np = lk_strmap_count(b->products);
    uint32_t *cmap = lk_alloc_big(nc, sizeof(uint32_t), 0);
    uint32_t *pmap = malloc((np ? np : 1) * sizeof(uint32_t));
    int rc = cmap && pmap && !lk_grow((void **)&a->op, &a->op_cap, a->nop + b->nop,
                                      sizeof(opening)) ? 0 : -1;
    for (uint32_t c = 0; !rc && c < nc; c++)
        if ((cmap[c] = lk_strmap_intern(a->cust, lk_strmap_key(b->cust, c),
                                        lk_strmap_key_len(b->cust, c), NULL)) == LK_STRMAP_NONE)
            rc = -1;
    for (uint32_t p = 0; !rc && p < np; p++)
        if ((pmap[p] = product_id(a, lk_strmap_key(b->products, p),
                                  lk_strmap_key_len(b->products, p))) == LK_STRMAP_NONE)
            rc = -1;
    for (size_t k = 0; !rc && k < b->nop; k++) {
        opening op = b->op[k];
        op.cust = cmap[op.cust];
        op.product = pmap[op.product];
        a->op[a->nop++] = op;
    }
    a->rows += b->rows;
    free(cmap);
    free(pmap);
    return rc;
}

/*
 * Two parts on two threads (account ids checked by order).  RESTART when
 * the ids are not in order across the whole file.
 */
static int read_opening_parts(loader *ld, lk_parts *pl, lk_error *err)
{
    lk_units_oread_release(&ld->open);
    oread *a = &ld->open;
    oread b = {0};
    int rc = lk_units_oread_init(a, ld, 0) || lk_units_oread_init(&b, ld, 0) ? lk_error_nomem(err) : LK_OK;
    a->size = pl->size;         /* room for the second part too: merged without growth */
    b.size = lk_parts_bytes(pl, 1);
    a->progress = 1;
    if (!rc)
        rc = lk_parts_open(pl, 0, &a->r, err);
    if (!rc)
        rc = lk_parts_open(pl, 1, &b.r, err);
    if (!rc)
        rc = opening_columns(ld, a->r, err);
    if (!rc) {
        rc = lk_parts_run(pl, opening_part, (void *[]){a, &b}, err);
        if (pl->rc[0] == RESTART || pl->rc[1] == RESTART)
            rc = RESTART;
        else if (!rc && !lk_id_index_join(&a->accounts, &b.accounts, 1))
            rc = RESTART;
        else if (!rc && merge_openings(a, &b))
            rc = lk_error_nomem(err);
    }
    lk_units_oread_release(&b);
    return rc;
}

/*
 * The orders (LK_ORDER_*) the openings' customers increase in, by
 * customer index (their first-seen order); with any, ld->oids lists their
 * ids for the assignments' merge.  0 (no merge) when there is none, or
 * -1 when out of memory.
 */
static int sorted_customers(loader *ld)
{
    size_t n = lk_strmap_count(ld->ocust);
    int orders = n ? LK_ORDER_ANY : 0;
    for (uint32_t i = 1; orders && i < n; i++) {
        const char *a = lk_strmap_key(ld->ocust, i - 1), *b = lk_strmap_key(ld->ocust, i);
        size_t alen = lk_strmap_key_len(ld->ocust, i - 1), blen = lk_strmap_key_len(ld->ocust, i);
        for (int o = LK_ORDER_BYTES; o <= LK_ORDER_LENGTH; o++)
            if ((orders & o) && lk_id_compare_in(o, a, alen, b, blen) >= 0)
                orders &= ~o;
    }
    if (!orders)
        return 0;
    if (!(ld->oids = lk_alloc_big(n, sizeof(char *), 0)))
        return -1;
    for (uint32_t i = 0; i < n; i++)
        ld->oids[i] = (char *)lk_strmap_key(ld->ocust, i);
    ld->oorders = orders;
    return 0;
}

int lk_units_load_openings(loader *ld, const char *path, lk_error *err)
{
    /* two parts pay off only for large files: below, merging costs what they save */
    uint64_t split = ld->opt && ld->opt->openings_split ? ld->opt->openings_split
                                                         : LK_UNITS_OPENINGS_SPLIT;
    int use_map = ld->opt && ld->opt->rejects;
    lk_parts pl;
    lk_parts_plan(&pl, path, use_map ? LK_PARTS_WHOLE : split);
    use_map |= !pl.regular;
    int rc = RESTART;
    if (pl.n == 2) {
        rc = read_opening_parts(ld, &pl, err);
        use_map |= rc == RESTART;   /* out of order somewhere: a map at once */
    }
    if (rc == RESTART)
        rc = read_openings(ld, path, pl.size, use_map, err);
    if (rc == RESTART)
        rc = read_openings(ld, path, pl.size, 1, err);
    ld->ocust = ld->open.cust;
    ld->u->openings_rows = ld->open.rows;
    size_t n = lk_strmap_count(ld->ocust);
    if (!rc && ((n && !(ld->ocust_unit = malloc(n * sizeof(uint32_t)))) ||
                lk_keyfilter_build(&ld->ofilter, ld->ocust) || sorted_customers(ld)))
        rc = lk_error_nomem(err);
    for (size_t i = 0; !rc && i < n; i++)
        ld->ocust_unit[i] = LK_STRMAP_NONE;
    return rc;
}
