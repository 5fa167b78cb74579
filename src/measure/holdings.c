/*
 * holdings.c - products held per unit at the window's first and last day
 * (holdings.h).
 *
 * holdings.csv streams past once.  Each product a unit holds is counted
 * once per day looked at: a bit per product in a 64-bit mask per unit for
 * the first 64 products (a bank has a few dozen), a map of (unit, product,
 * day) beyond.  Nothing else is kept per row.
 */
#include <stdlib.h>
#include <string.h>

#include "liftkit/csv.h"
#include "liftkit/holdings.h"

#include "util/grow.h"
#include "util/strmap.h"

enum { H_CUSTOMER, H_PRODUCT, H_OPEN, H_CLOSE, H_NCOLS };

typedef struct held {
    lk_units *u;
    const lk_experiment *exp;
    uint64_t *mask[2];          /* per unit: products held at the start, at the end */
    lk_strmap *products;
    lk_strmap *pairs;           /* "unit,product,which" of products past the 64th */
    lk_relationship_counts counts;
} held;

/* Count product p held by unit i on day which (0 start, 1 end) once; -1 out of memory. */
static int mark(held *h, uint32_t i, uint32_t p, int which)
{
    uint32_t *count = which ? h->u->held_end : h->u->held_start;
    if (p < 64) {
        uint64_t bit = (uint64_t)1 << p;
        count[i] += !(h->mask[which][i] & bit);
        h->mask[which][i] |= bit;
        return 0;
    }
    char key[48];
    int len = snprintf(key, sizeof(key), "%u\x1f%u\x1f%d", i, p, which);
    int added;
    if (lk_strmap_intern(h->pairs, key, (size_t)len, &added) == LK_STRMAP_NONE)
        return -1;
    count[i] += (uint32_t)added;
    return 0;
}

static int is_held(int32_t open, int has_close, int32_t close, int32_t day)
{
    return open <= day && (!has_close || close > day);
}

/* The close_date of a row: none when empty, else a date not before open. */
static int get_close(lk_csv_reader *r, const lk_csv_row *row, const int *col, int32_t open,
                     int *has_close, int32_t *close, lk_error *err)
{
    *has_close = row->len[col[H_CLOSE]] > 0;
    if (!*has_close)
        return LK_OK;
    int rc = lk_csv_get_date(r, row, col[H_CLOSE], close, err);
    if (!rc && *close < open)
        rc = lk_csv_field_error(r, row, col[H_CLOSE], err,
                                "close_date '%s' before open_date", row->field[col[H_CLOSE]]);
    return rc;
}

static int take_row(held *h, lk_csv_reader *r, const lk_csv_row *row, const int *col,
                    lk_error *err)
{
    int32_t open, close = 0;
    int has_close;
    int rc = lk_csv_get_nonempty(r, row, col[H_CUSTOMER], err);
    if (!rc)
        rc = lk_csv_get_nonempty(r, row, col[H_PRODUCT], err);
    if (!rc)
        rc = lk_csv_get_date(r, row, col[H_OPEN], &open, err);
    if (!rc)
        rc = get_close(r, row, col, open, &has_close, &close, err);
    if (rc)
        return rc;
    lk_units *u = h->u;
    uint32_t c = lk_strmap_find(u->customers, row->field[col[H_CUSTOMER]],
                                row->len[col[H_CUSTOMER]]);
    if (c == LK_STRMAP_NONE) {
        h->counts.unassigned++;
        return LK_OK;
    }
    h->counts.used++;
    uint32_t i = u->customer_unit[c];
    uint32_t p = lk_strmap_intern(h->products, row->field[col[H_PRODUCT]],
                                  row->len[col[H_PRODUCT]], NULL);
    int32_t first, last;
    lk_units_window(u, h->exp, i, &first, &last);
    if (p == LK_STRMAP_NONE ||
        (is_held(open, has_close, close, first) && mark(h, i, p, 0)) ||
        (is_held(open, has_close, close, last) && mark(h, i, p, 1)))
        return lk_error_nomem(err);
    return LK_OK;
}

static int read_file(held *h, const char *path, lk_error *err)
{
    static const char *const names[H_NCOLS] = {"customer_id", "product", "open_date",
                                                "close_date"};
    lk_csv_reader *r = NULL;
    int col[H_NCOLS];
    int rc = lk_csv_open(&r, path, err);
    if (!rc)
        rc = lk_csv_require(r, names, H_NCOLS, col, err);
    lk_csv_row *row;
    while (!rc && !(rc = lk_csv_next(r, &row, err)) && row)
        rc = take_row(h, r, row, col, err);
    if (r)
        h->counts.rows = lk_csv_rows_read(r);
    lk_csv_close(r);
    return rc;
}

int lk_units_add_holdings(lk_units *u, const lk_experiment *exp, const char *path,
                          lk_relationship_counts *counts, lk_error *err)
{
    if (!u->customers || u->held_end)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "holdings need units loaded with index_customers, read once");
    held h = {.u = u, .exp = exp};
    uint32_t *start = lk_alloc_big(u->n, sizeof(uint32_t), 1);
    uint32_t *end = lk_alloc_big(u->n, sizeof(uint32_t), 1);
    h.mask[0] = lk_alloc_big(u->n, sizeof(uint64_t), 1);
    h.mask[1] = lk_alloc_big(u->n, sizeof(uint64_t), 1);
    h.products = lk_strmap_new(0);
    h.pairs = lk_strmap_new(0);
    u->held_start = start;
    u->held_end = end;
    int rc = start && end && h.mask[0] && h.mask[1] && h.products && h.pairs
                 ? read_file(&h, path, err)
                 : lk_error_nomem(err);
    free(h.mask[0]);
    free(h.mask[1]);
    lk_strmap_free(h.products);
    lk_strmap_free(h.pairs);
    if (rc) {
        free(start);
        free(end);
        u->held_start = u->held_end = NULL;
        return rc;
    }
    if (counts)
        *counts = h.counts;
    return LK_OK;
}
