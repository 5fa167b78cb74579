/*
 * table.c - small CSV tables read whole (see table.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/csv.h"
#include "liftkit/date.h"

#include "tables/table.h"

void tbl_free(tbl *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cell[i]);
    free(t->cell);
    free(t->line);
    free(t->path);
    free(t);
}

static int check_cell(const lk_csv_reader *r, const lk_csv_row *row, int col,
                      tbl_kind kind, lk_error *err)
{
    double v;
    if (kind == TBL_TEXT)
        return LK_OK;
    if (kind == TBL_OPTNUM && row->len[col] == 0)
        return LK_OK;
    if (row->len[col] == 0)
        return lk_csv_field_error(r, row, col, err, "empty value in column '%s', expected a number",
                                  lk_csv_column_name(r, (size_t)col));
    return lk_csv_get_double(r, row, col, &v, err);
}

static int grow(tbl *t, size_t *cap)
{
    if (t->nrows < *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 64;
    char **cell = realloc(t->cell, n * t->ncols * sizeof(*cell));
    if (!cell)
        return -1;
    t->cell = cell;
    unsigned long *line = realloc(t->line, n * sizeof(*line));
    if (!line)
        return -1;
    t->line = line;
    *cap = n;
    return 0;
}

static int add_row(tbl *t, size_t *cap, const lk_csv_reader *r, const lk_csv_row *row,
                   const tbl_column *cols, const int *idx, lk_error *err)
{
    for (size_t c = 0; c < t->ncols; c++) {
        int rc = check_cell(r, row, idx[c], cols[c].kind, err);
        if (rc)
            return rc;
    }
    if (grow(t, cap))
        return lk_error_nomem(err);
    for (size_t c = 0; c < t->ncols; c++) {
        char *s = strdup(row->field[idx[c]]);
        if (!s) {
            for (size_t k = 0; k < c; k++)
                free(t->cell[t->nrows * t->ncols + k]);
            return lk_error_nomem(err);
        }
        t->cell[t->nrows * t->ncols + c] = s;
    }
    t->line[t->nrows++] = row->line;
    return LK_OK;
}

int tbl_load(tbl **out, const char *path, const tbl_column *cols, size_t ncols,
             lk_error *err)
{
    *out = NULL;
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, path, err);
    if (rc)
        return rc;
    const char *names[32];
    int idx[32];
    tbl *t = calloc(1, sizeof(*t));
    if (!t || ncols > 32 || !(t->path = strdup(path))) {
        lk_csv_close(r);
        tbl_free(t);
        return lk_error_nomem(err);
    }
    t->ncols = ncols;
    for (size_t i = 0; i < ncols; i++)
        names[i] = cols[i].name;
    rc = lk_csv_require(r, names, ncols, idx, err);
    size_t cap = 0;
    lk_csv_row *row;
    while (!rc && !(rc = lk_csv_next(r, &row, err)) && row)
        rc = add_row(t, &cap, r, row, cols, idx, err);
    lk_csv_close(r);
    if (rc) {
        tbl_free(t);
        return rc;
    }
    *out = t;
    return LK_OK;
}

const char *tbl_get(const tbl *t, size_t r, size_t c)
{
    return t->cell[r * t->ncols + c];
}

double tbl_num(const tbl *t, size_t r, size_t c)
{
    const char *s = tbl_get(t, r, c);
    double v;
    if (!*s || lk_parse_double(s, strlen(s), &v))
        return NAN;
    return v;
}

/* Insert thousands separators into the integer part of a plain number. */
static char *group_digits(const char *plain, char *buf, size_t len)
{
    const char *p = plain;
    size_t at = 0;
    if (*p == '-' || *p == '+')
        if (at + 1 < len)
            buf[at++] = *p++;
    size_t ndig = strspn(p, "0123456789");
    for (size_t i = 0; i < ndig && at + 2 < len; i++) {
        buf[at++] = p[i];
        size_t left = ndig - i - 1;
        if (left && left % 3 == 0)
            buf[at++] = ',';
    }
    p += ndig;
    while (*p && at + 1 < len)
        buf[at++] = *p++;
    buf[at] = '\0';
    return buf;
}

char *fmt_num(double x, int digits, char *buf, size_t len)
{
    char plain[64];
    if (!isfinite(x)) {
        snprintf(buf, len, "n/a");
        return buf;
    }
    snprintf(plain, sizeof(plain), "%.*f", digits, x);
    if (!strcmp(plain, "-0") || (plain[0] == '-' && strspn(plain + 1, "0.") == strlen(plain + 1)))
        memmove(plain, plain + 1, strlen(plain));
    return group_digits(plain, buf, len);
}

char *fmt_count(double x, char *buf, size_t len)
{
    return fmt_num(x, 0, buf, len);
}

char *fmt_pct(double x, int digits, int sign, char *buf, size_t len)
{
    char num[64];
    if (!isfinite(x)) {
        snprintf(buf, len, "n/a");
        return buf;
    }
    fmt_num(x * 100, digits, num, sizeof(num));
    snprintf(buf, len, "%s%s%%", sign && num[0] != '-' && strspn(num, "0.,") != strlen(num) ? "+" : "", num);
    return buf;
}
