/*
 * power_write.c - the power table (one plan) and the power curve, the one
 * writer of each: 'liftkit power' and the report both write through here
 * (columns in columns.h; docs/formats.md).
 */
#include <stdio.h>

#include "liftkit/power.h"
#include "tables/build.h"
#include "tables/columns.h"

typedef struct curve {
    const lk_power_row *rows;
    size_t n;
} curve;

static int put_curve(tbl_out *o, const void *src, lk_error *err)
{
    const curve *c = src;
    (void)err;
    for (size_t i = 0; i < c->n; i++) {
        const lk_power_row *r = &c->rows[i];
        tbl_out_num(o, r->baseline);
        tbl_out_num(o, r->treated);
        tbl_out_num(o, r->n_baseline);
        tbl_out_num(o, r->n_treated);
        tbl_out_num(o, r->n_total);
        tbl_out_num(o, r->power);
        tbl_out_end_row(o);
    }
    return LK_OK;
}

int lk_power_write_curve(const lk_power_row *rows, size_t n, FILE *f, lk_error *err)
{
    curve c = {rows, n};
    int rc = tbl_stream(f, &tbl_curve, put_curve, &c, err);
    if (!rc && ferror(f))
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot write the power curve");
    return rc;
}

int tbl_of_curve(tbl **out, const lk_power_row *rows, size_t n, const char *path,
                 lk_error *err)
{
    curve c = {rows, n};
    return tbl_build(out, &tbl_curve, path, put_curve, &c, err);
}

static void put_plan(tbl_out *o, const lk_power_row *r)
{
    double v[POWER_NCOLS] = {r->baseline, r->treated, r->alpha, r->power, r->ratio,
                             r->n_baseline, r->n_treated, r->n_total};
    for (size_t c = 0; c < POWER_NCOLS; c++)
        tbl_out_num(o, v[c]);
    tbl_out_end_row(o);
}

/* The plan as a Markdown table, each number as the CSV has it. */
static int write_md(const lk_power_row *r, FILE *f, lk_error *err)
{
    tbl *t = tbl_new(&tbl_power, NULL);
    if (!t)
        return lk_error_nomem(err);
    tbl_out o;
    tbl_out_mem(&o, t);
    put_plan(&o, r);
    int rc = tbl_check(t, err);
    if (!rc) {
        for (size_t c = 0; c < POWER_NCOLS; c++)
            fprintf(f, "| %s ", tbl_power.names[c]);
        fputs("|\n", f);
        for (size_t c = 0; c < POWER_NCOLS; c++)
            fputs("|---:", f);
        fputs("|\n", f);
        for (size_t c = 0; c < POWER_NCOLS; c++)
            fprintf(f, "| %s ", tbl_get(t, 0, c));
        fputs("|\n", f);
    }
    tbl_free(t);
    return rc;
}

int lk_power_write(const lk_power_row *row, FILE *f, lk_format format, lk_error *err)
{
    int rc = LK_OK;
    if (format == LK_FORMAT_MD) {
        rc = write_md(row, f, err);
    } else {
        lk_csv_writer *w = lk_csv_writer_new(f);
        if (!w)
            return lk_error_nomem(err);
        tbl_out o;
        tbl_out_csv(&o, &tbl_power, w);
        put_plan(&o, row);
        lk_csv_writer_free(w);
    }
    if (!rc && ferror(f))
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot write the power table");
    return rc;
}
