/*
 * snapshots.c - funded_target and balance_target_90 from balance
 * snapshots (holdings.h).
 *
 * The openings that count are few (target products, in a unit's window),
 * so they are read again from openings.csv, each with its two balances so
 * far; balances.csv then streams past, and a snapshot replaces a balance
 * when it is dated no earlier than the one it replaces and no later than
 * the day that balance is taken on.
 *
 * Kept openings are found by account id: by search when their ids came in
 * increasing order (as openings.csv's are when sorted), else by a map.
 * With sorted ids a large balances.csv is read in two parts on two
 * threads that never write the same opening: the second part's first
 * account splits them, each part writes those on its side and keeps the
 * opening at the split aside, and the two asides are joined in file order
 * at the end.  A part that meets an opening on the other side stops, and
 * the file is read again in one part.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/csv.h"
#include "liftkit/holdings.h"

#include "io/id_index.h"
#include "io/parts.h"
#include "measure/holdings_int.h"
#include "measure/units_find.h"
#include "util/exact.h"
#include "util/grow.h"
#include "util/lines.h"
#include "util/strmap.h"

#define RESTART (-100)
#define NO_SPLIT SIZE_MAX
#define DEAD UINT32_MAX         /* unit of a repeated account: never found */

typedef struct account {
    uint32_t unit;
    int32_t open;
    int32_t day[2];             /* dates of the balances at +30 and at +90 */
    double balance[2];
} account;

typedef struct snaps {
    lk_units *u;
    const lk_experiment *exp;
    account *acc;
    size_t nacc, cap;
    char *id_data;              /* account ids, NUL-terminated, at id_off */
    size_t id_len, id_cap, off_cap;
    size_t *id_off;
    char **ids;                 /* by account, once all are read */
    int order;                  /* LK_ORDER_* the ids increase in; 0: use map */
    lk_strmap *map;             /* account id -> index (order 0) */
    size_t split;               /* the account at the split (NO_SPLIT: one part) */
} snaps;

enum { O_CUSTOMER, O_ACCOUNT, O_PRODUCT, O_DATE, O_NCOLS };

/* The orders in which id[0..len) follows the last kept id. */
static int follows(const snaps *s, const char *id, size_t len)
{
    if (!s->nacc)
        return LK_ORDER_ANY;
    const char *last = s->id_data + s->id_off[s->nacc - 1];
    size_t last_len = strlen(last);
    int c = lk_id_compare(id, len, last, last_len);
    return (c > 0 ? LK_ORDER_BYTES : 0) |
           (len > last_len || (len == last_len && c > 0) ? LK_ORDER_LENGTH : 0);
}

/* Keep opening a under id[0..len) (a repeat of the id before it is not kept). */
static int keep(snaps *s, const account *a, const char *id, size_t len)
{
    if (s->nacc && len == strlen(s->id_data + s->id_off[s->nacc - 1]) &&
        !memcmp(id, s->id_data + s->id_off[s->nacc - 1], len))
        return 0;
    s->order &= follows(s, id, len);
    if (lk_grow((void **)&s->acc, &s->cap, s->nacc + 1, sizeof(account)) ||
        lk_grow((void **)&s->id_off, &s->off_cap, s->nacc + 1, sizeof(size_t)) ||
        lk_grow((void **)&s->id_data, &s->id_cap, s->id_len + len + 1, 1))
        return -1;
    memcpy(s->id_data + s->id_len, id, len);
    s->id_data[s->id_len + len] = '\0';
    s->id_off[s->nacc] = s->id_len;
    s->id_len += len + 1;
    s->acc[s->nacc++] = *a;
    return 0;
}

/* A target opening in its unit's window is kept; any other row, or a bad one, is not. */
static int take_opening(snaps *s, lk_csv_reader *r, const lk_csv_row *row, const int *col,
                        int balance_col, size_t *hint)
{
    lk_error ignored;
    account a = {0};
    for (int c = 0; c < O_NCOLS; c++)
        if (lk_csv_get_nonempty(r, row, col[c], &ignored))
            return 0;
    if (lk_csv_get_date(r, row, col[O_DATE], &a.open, &ignored) ||
        !lk_experiment_is_target(s->exp, row->field[col[O_PRODUCT]]))
        return 0;
    if (balance_col >= 0 && row->len[balance_col] &&
        (lk_csv_get_double(r, row, balance_col, &a.balance[0], &ignored) || a.balance[0] < 0))
        return 0;
    a.unit = lk_units_find_customer(s->u, row->field[col[O_CUSTOMER]],
                                    row->len[col[O_CUSTOMER]], hint);
    if (a.unit == LK_STRMAP_NONE)
        return 0;
    int32_t first, last;
    lk_units_window(s->u, s->exp, a.unit, &first, &last);
    if (a.open < first || a.open > last)
        return 0;
    a.day[0] = a.day[1] = a.open;
    a.balance[1] = a.balance[0];
    return keep(s, &a, row->field[col[O_ACCOUNT]], row->len[col[O_ACCOUNT]]);
}

/* The kept ids as an array (sorted) or a map in which a repeated id finds its first. */
static int index_accounts(snaps *s)
{
    if (!(s->ids = malloc((s->nacc ? s->nacc : 1) * sizeof(char *))))
        return -1;
    for (size_t k = 0; k < s->nacc; k++)
        s->ids[k] = s->id_data + s->id_off[k];
    if (s->order)
        return 0;
    if (!(s->map = lk_strmap_new(s->nacc)))
        return -1;
    for (size_t k = 0; k < s->nacc; k++) {
        int added;
        if (lk_strmap_intern(s->map, s->ids[k], strlen(s->ids[k]), &added) == LK_STRMAP_NONE)
            return -1;
        if (!added)
            s->acc[k].unit = DEAD;
    }
    return 0;
}

static int read_openings(snaps *s, const char *path, lk_error *err)
{
    static const char *const names[O_NCOLS] = {"customer_id", "account_id", "product",
                                                "open_date"};
    lk_csv_reader *r = NULL;
    int col[O_NCOLS];
    size_t hint = 0;
    int rc = lk_csv_open(&r, path, err);
    if (!rc)
        rc = lk_csv_require(r, names, O_NCOLS, col, err);
    int balance_col = r ? lk_csv_column(r, "balance") : -1;
    /* A bad row was rejected by the units' load (or stopped it): skip it here. */
    while (!rc) {
        lk_csv_row *row;
        int st = lk_csv_next(r, &row, err);
        if (!row) {
            rc = st;
            break;
        }
        if (st == LK_OK && take_opening(s, r, row, col, balance_col, &hint))
            rc = lk_error_nomem(err);
    }
    lk_csv_close(r);
    if (!rc && index_accounts(s))
        rc = lk_error_nomem(err);
    return rc;
}

/* ---- balances ---- */

enum { B_ACCOUNT, B_DATE, B_BALANCE, B_NCOLS };

/* One reader of balances.csv: the whole file or one of its two parts. */
typedef struct bpart {
    LK_LINE_ALIGN snaps *s;     /* two parts on lines of their own */
    int second;                 /* the part after the cut: accounts from split on */
    lk_csv_reader *r;
    int col[B_NCOLS];
    size_t hint;
    account edge;               /* the account at the split, this part's view */
    int touched[2];             /* edge's balances this part replaced */
    lk_relationship_counts counts;
} bpart;

/* The account of id[0..len), or NO_SPLIT. */
static size_t find_account(const snaps *s, const char *id, size_t len, size_t *hint)
{
    if (!s->order) {
        uint32_t k = lk_strmap_find(s->map, id, len);
        return k == LK_STRMAP_NONE || s->acc[k].unit == DEAD ? NO_SPLIT : k;
    }
    size_t k = lk_ids_find(s->ids, s->nacc, s->order, id, len, hint);
    return k < s->nacc ? k : NO_SPLIT;
}

static int take_snapshot(bpart *bp, const lk_csv_row *row, lk_error *err)
{
    lk_csv_reader *r = bp->r;
    const int *col = bp->col;
    snaps *s = bp->s;
    int32_t day;
    double balance;
    int rc = lk_csv_get_nonempty(r, row, col[B_ACCOUNT], err);
    if (!rc)
        rc = lk_csv_get_date(r, row, col[B_DATE], &day, err);
    if (!rc)
        rc = lk_csv_get_amount(r, row, col[B_BALANCE], &balance, err);
    if (!rc && balance < 0)
        rc = lk_csv_field_error(r, row, col[B_BALANCE], err, "negative balance '%s'",
                                row->field[col[B_BALANCE]]);
    if (rc)
        return rc;
    size_t k = find_account(s, row->field[col[B_ACCOUNT]], row->len[col[B_ACCOUNT]], &bp->hint);
    if (k != NO_SPLIT && s->split != NO_SPLIT && k != s->split &&
        (bp->second ? k < s->split : k > s->split))
        return RESTART;
    account *a = k == NO_SPLIT ? NULL : k == s->split ? &bp->edge : &s->acc[k];
    if (!a || day < a->open || day > a->open + LK_BALANCE_LATER_DAYS ||
        (s->u->has_as_of && day > s->u->as_of)) {
        bp->counts.other++;
        return LK_OK;
    }
    bp->counts.used++;
    static const int32_t after[2] = {LK_FUNDED_DAYS, LK_BALANCE_LATER_DAYS};
    for (int j = 0; j < 2; j++)
        if (day <= a->open + after[j] && day >= a->day[j]) {
            a->day[j] = day;
            a->balance[j] = balance;
            bp->touched[j] = 1;
        }
    return LK_OK;
}

static const char *const balance_names[B_NCOLS] = {"account_id", "date", "balance"};

/* lk_parts_fn: the rows of one part. */
static int read_snapshots(void *arg, lk_error *err)
{
    bpart *bp = arg;
    lk_csv_row *row;
    int rc;
    while (!(rc = lk_csv_next(bp->r, &row, err)) && row)
        if ((rc = take_snapshot(bp, row, err)))
            break;
    bp->counts.rows = lk_csv_rows_read(bp->r);
    return rc;
}

/* The account at the split: the rank of the second part's first account, or NO_SPLIT. */
static size_t find_split(const snaps *s, const lk_parts *pl)
{
    lk_csv_reader *r = NULL;
    lk_csv_row *row = NULL;
    lk_error e;
    int col[B_NCOLS];
    size_t split = NO_SPLIT;
    if (s->order && !lk_parts_open(pl, 1, &r, &e) &&
        !lk_csv_require(r, balance_names, B_NCOLS, col, &e) && !lk_csv_next(r, &row, &e) &&
        row && !lk_csv_get_nonempty(r, row, col[B_ACCOUNT], &e))
        split = lk_ids_lower_bound(s->ids, s->order, row->field[col[B_ACCOUNT]],
                                   row->len[col[B_ACCOUNT]], 0, s->nacc);
    lk_csv_close(r);
    return split < s->nacc ? split : NO_SPLIT;
}

/* Join the parts' views of the account at the split, in file order. */
static void join_edge(snaps *s, const bpart *bp, int nparts)
{
    if (s->split == NO_SPLIT)
        return;
    account *a = &s->acc[s->split];
    for (int k = 0; k < nparts; k++)
        for (int j = 0; j < 2; j++)
            if (bp[k].touched[j] && bp[k].edge.day[j] >= a->day[j]) {
                a->day[j] = bp[k].edge.day[j];
                a->balance[j] = bp[k].edge.balance[j];
            }
}

/* Read balances.csv in pl->n parts; RESTART when two parts met the same openings. */
static int read_balances(snaps *s, lk_parts *pl, lk_relationship_counts *counts, lk_error *err)
{
    bpart bp[LK_PARTS_MAX];
    memset(bp, 0, sizeof(bp));
    s->split = pl->n == 2 ? find_split(s, pl) : NO_SPLIT;
    if (s->split == NO_SPLIT)
        pl->n = 1;
    int rc = LK_OK;
    for (int i = 0; !rc && i < pl->n; i++) {
        bp[i].s = s;
        bp[i].second = i == 1;
        if (s->split != NO_SPLIT)
            bp[i].edge = s->acc[s->split];
        rc = lk_parts_open(pl, i, &bp[i].r, err);
        if (!rc)
            rc = lk_csv_require(bp[i].r, balance_names, B_NCOLS, bp[i].col, err);
    }
    if (!rc) {
        rc = lk_parts_run(pl, read_snapshots, (void *[]){&bp[0], &bp[1]}, err);
        if (pl->rc[0] == RESTART || (pl->n == 2 && pl->rc[1] == RESTART))
            rc = RESTART;
    }
    if (!rc)
        join_edge(s, bp, pl->n);
    *counts = (lk_relationship_counts){0};
    for (int i = 0; i < pl->n; i++) {
        counts->rows += bp[i].counts.rows;
        counts->used += bp[i].counts.used;
        counts->other += bp[i].counts.other;
        lk_csv_close(bp[i].r);
    }
    return rc;
}

/* The accounts' balances as they were before any snapshot. */
static void reset_balances(snaps *s)
{
    for (size_t k = 0; k < s->nacc; k++) {
        account *a = &s->acc[k];
        a->day[0] = a->day[1] = a->open;
        a->balance[1] = a->balance[0];
    }
}

static void snaps_release(snaps *s)
{
    free(s->acc);
    free(s->id_data);
    free(s->id_off);
    free(s->ids);
    lk_strmap_free(s->map);
}

int lk_units_add_balances_split(lk_units *u, const lk_experiment *exp,
                                const char *openings_path, const char *balances_path,
                                uint64_t split, lk_relationship_counts *counts, lk_error *err)
{
    if (!lk_units_can_find(u) || u->funded_target)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "balances need units loaded with find_customers, read once");
    snaps s = {.u = u, .exp = exp, .order = LK_ORDER_ANY};
    lk_relationship_counts c;
    uint8_t *funded = lk_alloc_big(u->n, 1, 1);
    double *later = lk_alloc_big(u->n, sizeof(double), 1);
    int rc = funded && later ? LK_OK : lk_error_nomem(err);
    if (!rc)
        rc = read_openings(&s, openings_path, err);
    s.order = s.order & LK_ORDER_BYTES ? LK_ORDER_BYTES : s.order;
    lk_parts pl;
    lk_parts_plan(&pl, balances_path, s.order ? split : LK_PARTS_WHOLE);
    if (!rc && (rc = read_balances(&s, &pl, &c, err)) == RESTART) {
        reset_balances(&s);
        lk_parts_plan(&pl, balances_path, LK_PARTS_WHOLE);
        rc = read_balances(&s, &pl, &c, err);
    }
    for (size_t k = 0; !rc && k < s.nacc; k++) {
        if (s.acc[k].unit == DEAD)
            continue;
        funded[s.acc[k].unit] |= s.acc[k].balance[0] > 0;
        later[s.acc[k].unit] = lk_exact_sum2(later[s.acc[k].unit], s.acc[k].balance[1]);
    }
    snaps_release(&s);
    if (rc) {
        free(funded);
        free(later);
        return rc;
    }
    u->funded_target = funded;
    u->balance_target_90 = later;
    if (counts)
        *counts = c;
    return LK_OK;
}

int lk_units_add_balances(lk_units *u, const lk_experiment *exp, const char *openings_path,
                          const char *balances_path, lk_relationship_counts *counts,
                          lk_error *err)
{
    return lk_units_add_balances_split(u, exp, openings_path, balances_path,
                                       LK_RELATIONSHIP_SPLIT, counts, err);
}
