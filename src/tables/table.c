/*
 * table.c - typed tables: read by descriptor, built in memory, or streamed
 * to CSV (see table.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/csv.h"
#include "liftkit/date.h"
#include "tables/table.h"

#define MAX_COLUMNS 64

tbl *tbl_new(const tbl_desc *d, const char *path)
{
    tbl *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->desc = d;
    if (path && !(t->path = strdup(path))) {
        free(t);
        return NULL;
    }
    return t;
}

void tbl_free(tbl *t)
{
    if (!t)
        return;
    free(t->line);
    free(t->off);
    free(t->num);
    free(t->text);
    free(t->path);
    free(t);
}

const char *tbl_get(const tbl *t, size_t r, size_t c)
{
    return t->text + t->off[r * t->desc->ncols + c];
}

double tbl_num(const tbl *t, size_t r, size_t c)
{
    return t->num[r * t->desc->ncols + c];
}

int tbl_check(const tbl *t, lk_error *err)
{
    return t->nomem ? lk_error_nomem(err) : LK_OK;
}

/* ---- storage ---- */

/* Room for one more row, its cells empty (offset 0 is the empty string). */
static int add_row(tbl *t, unsigned long line)
{
    size_t k = t->desc->ncols;
    if (t->nrows == t->cap) {
        size_t n = t->cap ? t->cap * 2 : 64;
        size_t *off = realloc(t->off, n * k * sizeof(*off));
        if (off)
            t->off = off;
        double *num = realloc(t->num, n * k * sizeof(*num));
        if (num)
            t->num = num;
        unsigned long *ln = realloc(t->line, n * sizeof(*ln));
        if (ln)
            t->line = ln;
        if (!off || !num || !ln)
            return -1;
        t->cap = n;
    }
    if (!t->text && !(t->text = calloc(1, t->tcap = 4096)))
        return -1;
    if (!t->tlen)
        t->tlen = 1;
    for (size_t c = 0; c < k; c++) {
        t->off[t->nrows * k + c] = 0;
        t->num[t->nrows * k + c] = NAN;
    }
    t->line[t->nrows++] = line;
    return 0;
}

/* Cell c of the last row gets the text s[0..len) and the number v. */
static int set_cell(tbl *t, size_t c, const char *s, size_t len, double v)
{
    size_t at = (t->nrows - 1) * t->desc->ncols + c;
    t->num[at] = v;
    if (!len)
        return 0;
    if (t->tlen + len + 1 > t->tcap) {
        size_t n = t->tcap;
        while (t->tlen + len + 1 > n)
            n *= 2;
        char *p = realloc(t->text, n);
        if (!p)
            return -1;
        t->text = p;
        t->tcap = n;
    }
    memcpy(t->text + t->tlen, s, len);
    t->text[t->tlen + len] = '\0';
    t->off[at] = t->tlen;
    t->tlen += len + 1;
    return 0;
}

/* ---- reading ---- */

static int check_cell(const lk_csv_reader *r, const lk_csv_row *row, int col, tbl_type type,
                      double *v, lk_error *err)
{
    *v = NAN;
    if (type == TBL_TEXT || (type == TBL_OPTNUM && row->len[col] == 0))
        return LK_OK;
    if (row->len[col] == 0)
        return lk_csv_field_error(r, row, col, err, "empty value in column '%s', expected a number",
                                  lk_csv_column_name(r, (size_t)col));
    return lk_csv_get_double(r, row, col, v, err);
}

static int read_row(tbl *t, const lk_csv_reader *r, const lk_csv_row *row, const int *idx,
                    unsigned long long need, lk_error *err)
{
    const tbl_desc *d = t->desc;
    if (add_row(t, row->line))
        return lk_error_nomem(err);
    for (size_t c = 0; c < d->ncols; c++) {
        if (idx[c] < 0)
            continue;
        const char *s = row->field[idx[c]];
        size_t len = row->len[idx[c]];
        double v = NAN;
        if (need & TBL_COL(c)) {
            int rc = check_cell(r, row, idx[c], d->cols[c].type, &v, err);
            if (rc)
                return rc;
        } else if (d->cols[c].type != TBL_TEXT && len && lk_parse_double(s, len, &v)) {
            v = NAN;
        }
        if (set_cell(t, c, s, len, v))
            return lk_error_nomem(err);
    }
    return LK_OK;
}

/* Each column's index in the file (-1: absent); a needed one must be there. */
static int find_columns(const lk_csv_reader *r, const tbl_desc *d, unsigned long long need,
                        int *idx, lk_error *err)
{
    for (size_t c = 0; c < d->ncols; c++) {
        idx[c] = lk_csv_column(r, d->cols[c].name);
        if (idx[c] < 0 && (need & TBL_COL(c)))
            return lk_csv_missing_column(r, d->cols[c].name, err);
    }
    return LK_OK;
}

int tbl_read(tbl **out, const char *path, const tbl_desc *d, unsigned long long need,
             lk_error *err)
{
    *out = NULL;
    if (d->ncols > MAX_COLUMNS)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "a table of more than %d columns",
                            MAX_COLUMNS);
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, path, err);
    if (rc)
        return rc;
    int idx[MAX_COLUMNS];
    tbl *t = tbl_new(d, path);
    rc = t ? find_columns(r, d, need, idx, err) : lk_error_nomem(err);
    lk_csv_row *row;
    while (!rc && !(rc = lk_csv_next(r, &row, err)) && row)
        rc = read_row(t, r, row, idx, need, err);
    lk_csv_close(r);
    if (rc) {
        tbl_free(t);
        return rc;
    }
    *out = t;
    return LK_OK;
}

/* ---- rows going out ---- */

/* v as its column writes it: digits significant digits, or a whole number. */
static size_t format_num(const tbl_column *col, double v, char *buf, size_t len)
{
    if (!isfinite(v))
        return 0;
    if (v == 0)
        v = 0; /* no "-0" */
    /* a whole-number column converts to long long only within its range */
    int whole = !col->digits && fabs(v) < 9e18;
    int n = whole ? snprintf(buf, len, "%lld", (long long)v)
                  : snprintf(buf, len, "%.*g", col->digits ? col->digits : 17, v);
    /* near the largest double, rounding up would read back as infinity */
    if (!whole && fabs(v) > 1e308 && !isfinite(strtod(buf, NULL)))
        n = snprintf(buf, len, "%.17g", v);
    return n > 0 ? (size_t)n : 0;
}

void tbl_out_csv(tbl_out *o, const tbl_desc *d, lk_csv_writer *w)
{
    *o = (tbl_out){.desc = d, .csv = w};
    lk_csv_put_header(w, d->names, d->ncols);
}

void tbl_out_mem(tbl_out *o, tbl *t)
{
    *o = (tbl_out){.desc = t->desc, .t = t};
}

static void put_cell(tbl_out *o, const char *s, size_t len, double v)
{
    if (o->csv) {
        lk_csv_put(o->csv, s, len);
    } else if (!o->t->nomem) {
        if (o->col == 0 && add_row(o->t, o->t->nrows + 2))
            o->t->nomem = 1;
        else if (set_cell(o->t, o->col, s, len, v))
            o->t->nomem = 1;
    }
    o->col++;
}

void tbl_out_text(tbl_out *o, const char *s)
{
    put_cell(o, s ? s : "", s ? strlen(s) : 0, NAN);
}

void tbl_out_num(tbl_out *o, double v)
{
    char buf[64];
    size_t n = format_num(&o->desc->cols[o->col], v, buf, sizeof(buf));
    /* The number kept is the one the text says, as if read from the file,
       so a report rendered from memory and one from files agree. */
    if (!n || lk_parse_double(buf, n, &v))
        v = NAN;
    put_cell(o, buf, n, v);
}

void tbl_out_end_row(tbl_out *o)
{
    if (o->csv)
        lk_csv_end_row(o->csv);
    o->col = 0;
}

void tbl_write_csv(const tbl *t, lk_csv_writer *w)
{
    size_t k = t->desc->ncols;
    lk_csv_put_header(w, t->desc->names, k);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < k; c++)
            lk_csv_put_str(w, tbl_get(t, r, c));
        lk_csv_end_row(w);
    }
}

void tbl_put_csv(lk_csv_writer *w, const tbl_desc *d, tbl_put_fn put, const void *src)
{
    tbl_out o;
    lk_error ignored;
    tbl_out_csv(&o, d, w);
    put(&o, src, &ignored);
}

int tbl_stream(FILE *f, const tbl_desc *d, tbl_put_fn put, const void *src, lk_error *err)
{
    lk_csv_writer *w = lk_csv_writer_new(f);
    if (!w)
        return lk_error_nomem(err);
    tbl_out o;
    tbl_out_csv(&o, d, w);
    int rc = put(&o, src, err);
    lk_csv_writer_free(w);
    return rc;
}

int tbl_build(tbl **out, const tbl_desc *d, const char *path, tbl_put_fn put, const void *src,
              lk_error *err)
{
    tbl_out o;
    if (!(*out = tbl_new(d, path)))
        return lk_error_nomem(err);
    tbl_out_mem(&o, *out);
    int rc = put(&o, src, err);
    return rc ? rc : tbl_check(*out, err);
}
