/*
 * contacts_write.c - the contact-pressure table (csv, json, md), its
 * contacts-per-unit histogram, and the violations list, each with the
 * columns of columns.h.  The violations are written as the pass finds
 * them, so the list never sits in memory.
 */
#include <math.h>
#include <string.h>
#include <stdlib.h>

#include "liftkit/contacts.h"
#include "liftkit/date.h"
#include "liftkit/output.h"

#include "tables/build.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

/* The arm's numbers in column order (NaN where text goes), as lift_write.c gives a row's. */
static void row_numbers(const lk_contacts_arm *a, double v[CONTACTS_NCOLS])
{
    double all[CONTACTS_NCOLS] = {NAN, a->units, a->contacts, a->per_unit, a->p50, a->p90,
                                  a->max, a->units_over, a->share_over, a->violations};
    memcpy(v, all, sizeof(all));
}

static int put_rows(tbl_out *o, const void *src, lk_error *err)
{
    const lk_contacts_table *t = src;
    (void)err;
    for (size_t k = 0; k < t->narms; k++) {
        double v[CONTACTS_NCOLS];
        row_numbers(&t->arms[k], v);
        tbl_out_text(o, t->arm_names[k]);
        for (size_t c = CONTACTS_UNITS; c < CONTACTS_NCOLS; c++)
            tbl_out_num(o, v[c]);
        tbl_out_end_row(o);
    }
    return LK_OK;
}

static int put_histogram(tbl_out *o, const void *src, lk_error *err)
{
    const lk_contacts_table *t = src;
    (void)err;
    for (size_t k = 0; k < t->narms; k++) {
        const lk_contacts_arm *a = &t->arms[k];
        for (size_t c = 0; c < a->nhist; c++) {
            tbl_out_text(o, t->arm_names[k]);
            tbl_out_num(o, (double)c);
            tbl_out_num(o, a->hist[c]);
            tbl_out_num(o, a->units > 0 ? a->hist[c] / a->units : NAN);
            tbl_out_end_row(o);
        }
    }
    return LK_OK;
}

int tbl_of_contacts(tbl **out, const lk_contacts_table *t, const char *path, lk_error *err)
{
    return tbl_build(out, &tbl_contacts, path, put_rows, t, err);
}

int tbl_of_pressure(tbl **out, const lk_contacts_table *t, const char *path, lk_error *err)
{
    return tbl_build(out, &tbl_pressure, path, put_histogram, t, err);
}

static void write_json(const lk_contacts_table *t, FILE *f)
{
    fputs("{\n  \"experiment\": ", f);
    lk_fmt_json_str(f, t->experiment);
    fprintf(f, ",\n  \"offers\": %lu,\n  \"violations\": %lu,\n  \"rows\": [\n", t->offers,
            t->violations);
    for (size_t k = 0; k < t->narms; k++) {
        double v[CONTACTS_NCOLS];
        row_numbers(&t->arms[k], v);
        fputs("    {\"arm\": ", f);
        lk_fmt_json_str(f, t->arm_names[k]);
        for (size_t c = CONTACTS_UNITS; c < CONTACTS_NCOLS; c++) {
            fprintf(f, ", \"%s\": ", tbl_contacts.names[c]);
            lk_fmt_json_num(f, v[c]);
        }
        fputs(k + 1 < t->narms ? "},\n" : "}\n", f);
    }
    fputs("  ]\n}\n", f);
}

static void write_md(const lk_contacts_table *t, FILE *f)
{
    char b[5][64];
    fputs("# Contact pressure: ", f);
    lk_fmt_md_str(f, t->experiment);
    fputs("\n\n| arm | units | contacts | per unit | p50 | p90 | max | units over policy "
          "| share | violations |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n", f);
    for (size_t k = 0; k < t->narms; k++) {
        const lk_contacts_arm *a = &t->arms[k];
        fputs("| ", f);
        lk_fmt_md_str(f, t->arm_names[k]);
        fprintf(f, " | %s | %s | %s | %s | %s | %.0f | %s | %s | %.0f |\n",
                fmt_count(a->units, b[0], 64), fmt_count(a->contacts, b[1], 64),
                fmt_num(a->per_unit, 2, b[2], 64), fmt_num(a->p50, 1, b[3], 64),
                fmt_num(a->p90, 1, b[4], 64), a->max, fmt_count(a->units_over, b[0], 64),
                fmt_pct(a->share_over, 2, 0, b[1], 64), a->violations);
    }
}

int lk_contacts_write(const lk_contacts_table *t, FILE *f, lk_format format, lk_error *err)
{
    int rc = 0;
    switch (format) {
    case LK_FORMAT_JSON: write_json(t, f); break;
    case LK_FORMAT_MD: write_md(t, f); break;
    default: rc = tbl_stream(f, &tbl_contacts, put_rows, t, err); break;
    }
    if (rc || ferror(f))
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot write the contacts table");
    return LK_OK;
}

int lk_contacts_write_histogram(const lk_contacts_table *t, FILE *f, lk_error *err)
{
    if (tbl_stream(f, &tbl_pressure, put_histogram, t, err) || ferror(f))
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot write the contact histogram");
    return LK_OK;
}

struct lk_violations_writer {
    lk_csv_writer *w;
    FILE *f;
    tbl_out o;
};

lk_violations_writer *lk_violations_writer_new(FILE *f)
{
    lk_violations_writer *vw = calloc(1, sizeof(*vw));
    if (!vw || !(vw->w = lk_csv_writer_new(f))) {
        free(vw);
        return NULL;
    }
    vw->f = f;
    tbl_out_csv(&vw->o, &tbl_violations, vw->w);
    return vw;
}

int lk_violations_put(void *writer, const lk_violation *v)
{
    lk_violations_writer *vw = writer;
    char day[16];
    lk_date_format(v->offer_date, day);
    tbl_out_text(&vw->o, v->customer_id);
    tbl_out_text(&vw->o, v->offer_id);
    tbl_out_text(&vw->o, v->channel);
    tbl_out_text(&vw->o, day);
    tbl_out_text(&vw->o, v->rule);
    tbl_out_num(&vw->o, (double)v->count);
    tbl_out_end_row(&vw->o);
    return ferror(vw->f) ? -1 : 0;
}

void lk_violations_writer_free(lk_violations_writer *w)
{
    if (!w)
        return;
    lk_csv_writer_free(w->w);
    free(w);
}
