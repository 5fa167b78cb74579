/*
 * contacts_find.c - which unit a customer of the offers is, and whether it
 * was met before (contacts_int.h).
 *
 * With assignments whose units are customers and whose ids came sorted,
 * the units' ids are searched from where the last customer was found
 * (units_find.h: a merge when the offers are in the same order, no
 * hashing, no map).  Otherwise the units' customer map is asked.  Either
 * way one byte per customer says it was met.
 *
 * Without assignments nothing is kept while the customers come sorted:
 * only the last one, to tell the next is further on.  The first customer
 * out of order makes the file be read through once more with a map of its
 * customers (a customer met again after another one is then known by its
 * line); a stream that cannot be read again keeps that map from the start,
 * until the customers pass the id limit in order.  The map never holds more
 * than lk_id_limit() customers: past it the pass stops with LK_ELIMIT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "measure/contacts_int.h"
#include "measure/units_find.h"
#include "util/grow.h"

int lk_contacts_not_sorted(pass *p, const lk_csv_row *row, int col, const char *what,
                           lk_error *err)
{
    int c = p->col[C_CUSTOMER] + 1, d = p->col[C_DATE] + 1;
    return lk_csv_field_error(p->r, row, col, err,
                              "offers are not sorted: %s; sort them by customer_id, then "
                              "offer_date (e.g. sort -t, -k%d,%d -k%d,%d)", what, c, c, d, d);
}

static int met_again(pass *p, const lk_csv_row *row, lk_error *err)
{
    char what[300];
    snprintf(what, sizeof(what), "customer '%.200s' appears again after other customers",
             row->field[p->col[C_CUSTOMER]]);
    return lk_contacts_not_sorted(p, row, p->col[C_CUSTOMER], what, err);
}

static int limit_error(pass *p, const lk_csv_row *row, lk_error *err)
{
    int c = p->col[C_CUSTOMER] + 1, d = p->col[C_DATE] + 1;
    lk_csv_field_error(p->r, row, c - 1, err,
                       "offers are not sorted by customer_id (%s) and more than %zu "
                       "customers would be held to check them (the limit; LIFTKIT_MAX_IDS "
                       "raises it); sort them by customer_id, then offer_date (e.g. sort "
                       "-t, -k%d,%d -k%d,%d)", p->unsorted_what, lk_id_limit(), c, c, d, d);
    err->code = LK_ELIMIT;
    return LK_ELIMIT;
}

int lk_contacts_grow_units(pass *p, size_t need)
{
    size_t cap = p->cap_units;
    if (need <= cap)
        return 0;
    uint32_t *c = p->count;
    if (lk_grow((void **)&c, &cap, need, sizeof(uint32_t)))
        return -1;
    p->count = c;
    uint8_t *o = realloc(p->over, cap);
    if (!o)
        return -1;
    memset(c + p->cap_units, 0, (cap - p->cap_units) * sizeof(uint32_t));
    memset(o + p->cap_units, 0, cap - p->cap_units);
    p->over = o;
    p->cap_units = cap;
    return 0;
}

/* ---- with assignments ---- */

static int find_assigned(pass *p, const lk_csv_row *row, lk_error *err)
{
    const char *id = row->field[p->col[C_CUSTOMER]];
    size_t len = row->len[p->col[C_CUSTOMER]];
    uint32_t c = LK_STRMAP_NONE;
    if (p->find == FIND_MAP) {
        c = lk_strmap_find(p->u->customers, id, len);
    } else {
        size_t i = lk_ids_find(p->u->id, p->u->n, p->u->id_order, id, len, &p->cursor);
        c = i < p->u->n ? (uint32_t)i : LK_STRMAP_NONE;
    }
    if (c == LK_STRMAP_NONE)
        return lk_csv_field_error(p->r, row, p->col[C_CUSTOMER], err,
                                  "customer '%s' is not in the assignments", id);
    if (p->done[c])
        return met_again(p, row, err);
    p->done[c] = 1;
    p->unit = p->find == FIND_MERGE ? c : p->u->customer_unit[c];
    return LK_OK;
}

/* ---- without assignments ---- */

/* Read the offers through for the first customer met again; LK_ELIMIT past the limit. */
static int scan_repeats(pass *p, const lk_csv_row *at, lk_error *err)
{
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, p->path, err);
    if (rc)
        return rc;
    lk_id_index x;
    int col = lk_csv_column(r, "customer_id");
    if (col < 0 || lk_id_index_init(&x, 0)) {
        rc = col < 0 ? lk_csv_missing_column(r, "customer_id", err) : lk_error_nomem(err);
        lk_csv_close(r);
        return rc;
    }
    x.limit = lk_id_limit();
    lk_csv_row *row;
    lk_error e;
    char *prev = NULL;
    size_t prev_len = 0, prev_cap = 0;
    int a = LK_IDX_NEW;
    while (a != LK_IDX_SEEN && (lk_csv_next(r, &row, &e), row)) {
        if ((size_t)col >= row->nfields || (prev && row->len[col] == prev_len &&
                                            !memcmp(prev, row->field[col], prev_len)))
            continue;
        unsigned long first;
        if ((a = lk_id_index_add(&x, row->field[col], row->len[col], row->line, &first)) ==
                LK_IDX_SEEN)
            p->repeat_line = row->line;
        if (a == LK_IDX_NOMEM || a == LK_IDX_LIMIT ||
            lk_grow((void **)&prev, &prev_cap, row->len[col] + 1, 1))
            break;
        memcpy(prev, row->field[col], row->len[col]);
        prev_len = row->len[col];
    }
    free(prev);
    lk_id_index_release(&x);
    lk_csv_close(r);
    p->scanned = 1;
    if (a == LK_IDX_LIMIT)
        return limit_error(p, at, err);
    if (a == LK_IDX_NOMEM)
        return lk_error_nomem(err);
    return at->line == p->repeat_line ? met_again(p, at, err) : LK_OK;
}

/* The first customer out of order: say where, and how a repeat will be known. */
static int out_of_order(pass *p, const lk_csv_row *row, lk_error *err)
{
    p->tracking = 0;
    p->unsorted_line = row->line;
    snprintf(p->unsorted_what, sizeof(p->unsorted_what),
             "customer '%.100s' on line %lu comes after '%.100s'",
             row->field[p->col[C_CUSTOMER]], row->line, p->cust);
    if (p->seen)
        return LK_OK;
    return p->rereadable ? scan_repeats(p, row, err) : limit_error(p, row, err);
}

static int find_alone(pass *p, const lk_csv_row *row, lk_error *err)
{
    const char *id = row->field[p->col[C_CUSTOMER]];
    size_t len = row->len[p->col[C_CUSTOMER]];
    p->unit = 0;
    if (p->scanned)
        return row->line == p->repeat_line ? met_again(p, row, err) : LK_OK;
    int added = 1;
    if (p->seen && lk_strmap_intern(p->seen, id, len, &added) == LK_STRMAP_NONE)
        return lk_error_nomem(err);
    if (!added)
        return met_again(p, row, err);
    if (p->tracking) {
        unsigned long first;
        int a = lk_id_index_add(&p->seen_order, id, len, row->line, &first);
        if (a == LK_IDX_NOMEM)
            return lk_error_nomem(err);
        if (a == LK_IDX_SEEN)
            return met_again(p, row, err);
        if (a == LK_IDX_UNSORTED)
            return out_of_order(p, row, err);
    }
    if (p->seen && lk_strmap_count(p->seen) > lk_id_limit()) {
        if (!p->tracking)
            return limit_error(p, row, err);
        lk_strmap_free(p->seen);
        p->seen = NULL;
    }
    return LK_OK;
}

int lk_contacts_close_alone(pass *p)
{
    if (p->find != FIND_ALONE || !p->has_cust)
        return 0;
    size_t k = p->count[0];
    if (k >= p->ntally) {
        double *t = realloc(p->tally, (k + 1) * sizeof(double));
        if (!t)
            return -1;
        memset(t + p->ntally, 0, (k + 1 - p->ntally) * sizeof(double));
        p->tally = t;
        p->ntally = k + 1;
    }
    p->tally[k]++;
    p->alone_units++;
    p->alone_over += p->over[0];
    p->count[0] = 0;
    p->over[0] = 0;
    return 0;
}

/* ---- choosing ---- */

static int regular_file(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int lk_contacts_find_init(pass *p, lk_error *err)
{
    const lk_units *u = p->u;
    if (!u) {
        p->find = FIND_ALONE;
        p->tracking = 1;
        p->rereadable = regular_file(p->path);
        if (lk_id_index_init(&p->seen_order, 1) ||
            (!p->rereadable && !(p->seen = lk_strmap_new(0))) || lk_contacts_grow_units(p, 1))
            return lk_error_nomem(err);
        return LK_OK;
    }
    if (!lk_units_can_find(u))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "contacts needs units loaded with find_customers set");
    p->find = u->customers ? FIND_MAP : FIND_MERGE;
    p->done = lk_alloc_big(u->customers ? lk_strmap_count(u->customers) : u->n, 1, 1);
    if (!p->done || lk_contacts_grow_units(p, u->n ? u->n : 1))
        return lk_error_nomem(err);
    p->nunits = u->n;
    return LK_OK;
}

void lk_contacts_find_release(pass *p)
{
    lk_id_index_release(&p->seen_order);
    lk_strmap_free(p->seen);
    free(p->done);
    free(p->tally);
}

int lk_contacts_find_unit(pass *p, const lk_csv_row *row, lk_error *err)
{
    return p->find == FIND_ALONE ? find_alone(p, row, err) : find_assigned(p, row, err);
}
