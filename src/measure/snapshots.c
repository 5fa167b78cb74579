/*
 * snapshots.c - funded_target and balance_target_90 from balance
 * snapshots (holdings.h).
 *
 * The openings that count are few (target products, in a unit's window),
 * so they are read again from openings.csv into a map of their account
 * ids, each with its two balances so far; balances.csv then streams past,
 * and a snapshot replaces a balance when it is dated no earlier than the
 * one it replaces and no later than the day that balance is taken on.
 */
#include <stdlib.h>
#include <string.h>

#include "liftkit/csv.h"
#include "liftkit/holdings.h"

#include "util/grow.h"
#include "util/strmap.h"

typedef struct account {
    uint32_t unit;
    int32_t open;
    int32_t day[2];             /* dates of the balances at +30 and at +90 */
    double balance[2];
} account;

typedef struct snaps {
    lk_units *u;
    const lk_experiment *exp;
    lk_strmap *ids;             /* account id -> index into acc */
    account *acc;
    size_t nacc, cap;
    lk_relationship_counts counts;
} snaps;

enum { O_CUSTOMER, O_ACCOUNT, O_PRODUCT, O_DATE, O_NCOLS };

/* A target opening in its unit's window is kept; any other row, or a bad one, is not. */
static int take_opening(snaps *s, lk_csv_reader *r, const lk_csv_row *row, const int *col,
                        int balance_col)
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
    uint32_t c = lk_strmap_find(s->u->customers, row->field[col[O_CUSTOMER]],
                                row->len[col[O_CUSTOMER]]);
    if (c == LK_STRMAP_NONE)
        return 0;
    a.unit = s->u->customer_unit[c];
    int32_t first, last;
    lk_units_window(s->u, s->exp, a.unit, &first, &last);
    if (a.open < first || a.open > last)
        return 0;
    int added;
    uint32_t k = lk_strmap_intern(s->ids, row->field[col[O_ACCOUNT]], row->len[col[O_ACCOUNT]],
                                  &added);
    if (k == LK_STRMAP_NONE || (added && lk_grow((void **)&s->acc, &s->cap, s->nacc + 1,
                                                 sizeof(account))))
        return -1;
    if (!added)
        return 0;
    a.day[0] = a.day[1] = a.open;
    a.balance[1] = a.balance[0];
    s->acc[s->nacc++] = a;
    return 0;
}

static int read_openings(snaps *s, const char *path, lk_error *err)
{
    static const char *const names[O_NCOLS] = {"customer_id", "account_id", "product",
                                                "open_date"};
    lk_csv_reader *r = NULL;
    int col[O_NCOLS];
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
        if (st == LK_OK && take_opening(s, r, row, col, balance_col))
            rc = lk_error_nomem(err);
    }
    lk_csv_close(r);
    return rc;
}

enum { B_ACCOUNT, B_DATE, B_BALANCE, B_NCOLS };

static int take_snapshot(snaps *s, lk_csv_reader *r, const lk_csv_row *row, const int *col,
                         lk_error *err)
{
    int32_t day;
    double balance;
    int rc = lk_csv_get_nonempty(r, row, col[B_ACCOUNT], err);
    if (!rc)
        rc = lk_csv_get_date(r, row, col[B_DATE], &day, err);
    if (!rc)
        rc = lk_csv_get_double(r, row, col[B_BALANCE], &balance, err);
    if (!rc && balance < 0)
        rc = lk_csv_field_error(r, row, col[B_BALANCE], err, "negative balance '%s'",
                                row->field[col[B_BALANCE]]);
    if (rc)
        return rc;
    uint32_t k = lk_strmap_find(s->ids, row->field[col[B_ACCOUNT]], row->len[col[B_ACCOUNT]]);
    account *a = k == LK_STRMAP_NONE ? NULL : &s->acc[k];
    if (!a || day < a->open || day > a->open + LK_BALANCE_LATER_DAYS ||
        (s->u->has_as_of && day > s->u->as_of)) {
        s->counts.other++;
        return LK_OK;
    }
    s->counts.used++;
    static const int32_t after[2] = {LK_FUNDED_DAYS, LK_BALANCE_LATER_DAYS};
    for (int j = 0; j < 2; j++)
        if (day <= a->open + after[j] && day >= a->day[j]) {
            a->day[j] = day;
            a->balance[j] = balance;
        }
    return LK_OK;
}

static int read_balances(snaps *s, const char *path, lk_error *err)
{
    static const char *const names[B_NCOLS] = {"account_id", "date", "balance"};
    lk_csv_reader *r = NULL;
    int col[B_NCOLS];
    int rc = lk_csv_open(&r, path, err);
    if (!rc)
        rc = lk_csv_require(r, names, B_NCOLS, col, err);
    lk_csv_row *row;
    while (!rc && !(rc = lk_csv_next(r, &row, err)) && row)
        rc = take_snapshot(s, r, row, col, err);
    if (r)
        s->counts.rows = lk_csv_rows_read(r);
    lk_csv_close(r);
    return rc;
}

int lk_units_add_balances(lk_units *u, const lk_experiment *exp, const char *openings_path,
                          const char *balances_path, lk_relationship_counts *counts,
                          lk_error *err)
{
    if (!u->customers || u->funded_target)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "balances need units loaded with index_customers, read once");
    snaps s = {.u = u, .exp = exp, .ids = lk_strmap_new(0)};
    uint8_t *funded = lk_alloc_big(u->n, 1, 1);
    double *later = lk_alloc_big(u->n, sizeof(double), 1);
    int rc = s.ids && funded && later ? LK_OK : lk_error_nomem(err);
    if (!rc)
        rc = read_openings(&s, openings_path, err);
    if (!rc)
        rc = read_balances(&s, balances_path, err);
    for (size_t k = 0; !rc && k < s.nacc; k++) {
        funded[s.acc[k].unit] |= s.acc[k].balance[0] > 0;
        later[s.acc[k].unit] += s.acc[k].balance[1];
    }
    lk_strmap_free(s.ids);
    free(s.acc);
    if (rc) {
        free(funded);
        free(later);
        return rc;
    }
    u->funded_target = funded;
    u->balance_target_90 = later;
    if (counts)
        *counts = s.counts;
    return LK_OK;
}
