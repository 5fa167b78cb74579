/*
 * id_index.c - seen-id tracking that needs no memory for sorted input, and
 * bounded memory (the id limit) for input that is not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/csv.h"

#include "io/id_index.h"
#include "util/strmap.h"

static int copy_key(char **buf, size_t *cap, size_t *len, const char *s, size_t n)
{
    if (n + 1 > *cap) {
        size_t c = n + 64;
        char *q = realloc(*buf, c);
        if (!q)
            return -1;
        *buf = q;
        *cap = c;
    }
    memcpy(*buf, s, n);
    (*buf)[n] = '\0';
    *len = n;
    return 0;
}

static size_t id_limit = LK_MAX_IDS_DEFAULT;

void lk_id_set_limit(size_t ids)
{
    id_limit = ids ? ids : LK_MAX_IDS_DEFAULT;
}

size_t lk_id_limit(void)
{
    return id_limit;
}

int lk_id_order_kept(int order, int c, size_t len, size_t last_len)
{
    if (c < 0)
        order &= ~LK_ORDER_BYTES;
    if (len < last_len || (len == last_len && c < 0))
        order &= ~LK_ORDER_LENGTH;
    return order;
}

int lk_id_index_init(lk_id_index *x, int sorted)
{
    memset(x, 0, sizeof(*x));
    x->sorted = sorted ? LK_ORDER_ANY : 0;
    return sorted ? 0 : lk_id_index_to_map(x, 0);
}

void lk_id_index_release(lk_id_index *x)
{
    free(x->last);
    free(x->first);
    lk_strmap_free(x->map);
    free(x->line);
    memset(x, 0, sizeof(*x));
}

int lk_id_index_to_map(lk_id_index *x, size_t expect)
{
    lk_strmap_free(x->map);
    x->map = lk_strmap_new(expect);
    x->sorted = 0;
    return x->map ? 0 : -1;
}

static int add_sorted(lk_id_index *x, const char *s, size_t len, unsigned long line,
                      unsigned long *first_line)
{
    int keep = x->sorted;
    if (x->any) {
        int c = lk_id_compare(s, len, x->last, x->last_len);
        if (c == 0) {
            *first_line = x->last_line;
            return LK_IDX_SEEN;
        }
        keep = lk_id_order_kept(keep, c, len, x->last_len);
        if (!keep)
            return LK_IDX_UNSORTED;
    }
    if (copy_key(&x->last, &x->last_cap, &x->last_len, s, len) ||
        (!x->any && copy_key(&x->first, &x->first_cap, &x->first_len, s, len)))
        return LK_IDX_NOMEM;
    x->sorted = keep;
    x->any = 1;
    x->last_line = line;
    return LK_IDX_NEW;
}

int lk_id_index_add(lk_id_index *x, const char *s, size_t len, unsigned long line,
                    unsigned long *first_line)
{
    if (x->sorted)
        return add_sorted(x, s, len, line, first_line);
    int added;
    uint32_t id = lk_strmap_intern(x->map, s, len, &added);
    if (id == LK_STRMAP_NONE)
        return LK_IDX_NOMEM;
    if (!added) {
        *first_line = x->line[id];
        return LK_IDX_SEEN;
    }
    if (id >= x->line_cap) {
        size_t cap = x->line_cap ? x->line_cap * 2 : 1024;
        uint32_t *q = realloc(x->line, cap * sizeof(*q));
        if (!q)
            return LK_IDX_NOMEM;
        x->line = q;
        x->line_cap = cap;
    }
    x->line[id] = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    x->any = 1;
    return x->limit && id >= x->limit ? LK_IDX_LIMIT : LK_IDX_NEW;
}

/*
 * The orders both x and y are sorted in in which y's first id follows x's
 * last (strict: is above it; else at least equal); x and y hold ids.
 */
static int join_orders(const lk_id_index *x, const lk_id_index *y, int strict)
{
    int kept = 0;
    for (int o = LK_ORDER_BYTES; o <= LK_ORDER_LENGTH; o++) {
        if (!(x->sorted & y->sorted & o))
            continue;
        int c = lk_id_compare_in(o, x->last, x->last_len, y->first, y->first_len);
        if (strict ? c < 0 : c <= 0)
            kept |= o;
    }
    return kept;
}

int lk_id_index_join(const lk_id_index *x, const lk_id_index *y, int strict)
{
    if (!x->any || !y->any)
        return 1;
    return join_orders(x, y, strict) != 0;
}

int lk_id_index_append(lk_id_index *x, const lk_id_index *y, int strict)
{
    if (!y->any)
        return LK_IDX_NEW;
    int kept = x->any ? join_orders(x, y, strict) : x->sorted & y->sorted;
    if (!kept)
        return LK_IDX_UNSORTED;
    int same = x->any && lk_id_compare(x->last, x->last_len, y->first, y->first_len) == 0;
    if (copy_key(&x->last, &x->last_cap, &x->last_len, y->last, y->last_len) ||
        (!x->any && copy_key(&x->first, &x->first_cap, &x->first_len, y->first, y->first_len)))
        return LK_IDX_NOMEM;
    x->sorted = kept;
    x->any = 1;
    x->last_line = y->last_line;
    return same ? LK_IDX_SEEN : LK_IDX_NEW;
}

size_t lk_id_index_bytes(const lk_id_index *x)
{
    return x->last_cap + x->first_cap + (x->map ? lk_strmap_bytes(x->map) : 0) +
           x->line_cap * sizeof(*x->line);
}

int lk_id_check_init(lk_id_check *c, int map)
{
    c->recheck = 0;
    int rc = lk_id_index_init(&c->index, !map);
    c->index.limit = lk_id_limit();
    return rc;
}

void lk_id_check_release(lk_id_check *c)
{
    lk_id_index_release(&c->index);
}

const char *lk_id_dup_message(char *buf, size_t len, const char *column, const char *id,
                              unsigned long first)
{
    snprintf(buf, len, "duplicate %s '%.60s' (first on line %lu)", column, id, first);
    return buf;
}

int lk_id_limit_error(const lk_csv_reader *r, const lk_csv_row *row, int col,
                      const char *column, lk_error *err)
{
    lk_csv_field_error(r, row, col, err,
                       "%s values out of order: more than %zu of them would be held to "
                       "check them (the limit; LIFTKIT_MAX_IDS raises it); sort the file by "
                       "%s first (e.g. sort -t, -k%d,%d)", column, lk_id_limit(), column,
                       col + 1, col + 1);
    err->code = LK_ELIMIT;
    return LK_ELIMIT;
}

int lk_id_check_row(lk_id_check *c, const lk_csv_reader *r, const lk_csv_row *row, int col,
                    const char *column, unsigned long *first, lk_error *err)
{
    char msg[160];
    if (c->recheck)
        return LK_OK;
    switch (lk_id_index_add(&c->index, row->field[col], row->len[col], row->line, first)) {
    case LK_IDX_NOMEM:
        return lk_error_nomem(err);
    case LK_IDX_LIMIT:
        return lk_id_limit_error(r, row, col, column, err);
    case LK_IDX_UNSORTED:
        lk_id_index_release(&c->index);
        c->recheck = 1;
        return LK_OK;
    case LK_IDX_SEEN:
        return lk_csv_field_error(r, row, col, err, "%s",
                                  lk_id_dup_message(msg, sizeof(msg), column, row->field[col],
                                                    *first));
    }
    return LK_OK;
}

int lk_id_check_complete(const lk_id_check *a, const lk_id_check *b)
{
    if (a->recheck || (b && b->recheck))
        return 0;
    return !b || lk_id_index_join(&a->index, &b->index, 1);
}

int lk_id_index_check_file(const char *path, const char *column, lk_error *err)
{
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, path, err);
    if (rc)
        return rc;
    const char *names[] = {column};
    int col;
    lk_id_check c;
    if (!(rc = lk_csv_require(r, names, 1, &col, err)) && lk_id_check_init(&c, 1) != 0)
        rc = lk_error_nomem(err);
    else if (!rc) {
        lk_csv_row *row;
        unsigned long first;
        while (!rc && !(rc = lk_csv_next(r, &row, err)) && row)
            rc = lk_id_check_row(&c, r, row, col, column, &first, err);
        lk_id_check_release(&c);
    }
    lk_csv_close(r);
    return rc;
}
