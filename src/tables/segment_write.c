/*
 * segment_write.c - the tables of lift --by: the heterogeneity table
 * (docs/formats.md, "Heterogeneity") and the summary with segment columns
 * (arm,metric,n,sum,sumsq,unit then the --by columns, a row per segment, arm
 * and metric), which lk_segment_sums_read reads back.
 */
#include <string.h>

#include "liftkit/lift.h"
#include "liftkit/output.h"
#include "liftkit/segments.h"
#include "liftkit/units.h"

#include "tables/build.h"
#include "tables/columns.h"
#include "util/exact.h"

static int put_hetero(tbl_out *o, const void *src, lk_error *err)
{
    const void *const *pair = src;
    const lk_hetero *h = pair[0];
    const lk_lift_table *t = pair[1];
    (void)err;
    for (size_t i = 0; i < h->n; i++) {
        const lk_hetero_row *r = &h->rows[i];
        tbl_out_text(o, lk_metric_name(r->metric));
        tbl_out_text(o, t->arm_names[r->arm]);
        tbl_out_text(o, t->arm_names[r->vs]);
        tbl_out_num(o, (double)r->segments);
        tbl_out_num(o, r->q);
        tbl_out_num(o, r->q_df);
        tbl_out_num(o, r->q_p);
        tbl_out_num(o, r->i2);
        tbl_out_end_row(o);
    }
    return LK_OK;
}

int lk_hetero_write(const lk_hetero *h, const lk_lift_table *t, FILE *f, lk_error *err)
{
    const void *pair[2] = {h, t};
    if (tbl_stream(f, &tbl_hetero, put_hetero, pair, err))
        return LK_EIO;
    if (ferror(f))
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot write the heterogeneity table");
    return LK_OK;
}

int tbl_of_hetero(tbl **out, const lk_hetero *h, const lk_lift_table *t, const char *path,
                  lk_error *err)
{
    const void *pair[2] = {h, t};
    return tbl_build(out, &tbl_hetero, path, put_hetero, pair, err);
}

/* The label's values, one cell each (split at LK_SEGMENT_SEP). */
static void put_values(lk_csv_writer *w, const char *label)
{
    for (;;) {
        const char *end = strchr(label, LK_SEGMENT_SEP);
        lk_csv_put(w, label, end ? (size_t)(end - label) : strlen(label));
        if (!end)
            break;
        label = end + 1;
    }
}

static void put_sums(lk_csv_writer *w, const lk_experiment *exp, const lk_lift_sums *s,
                     const char *label)
{
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        if (!s->present[m])
            continue;
        for (size_t a = 0; a < s->narms; a++) {
            const lk_arm_sums *as = &s->at[(size_t)m * s->narms + a];
            lk_csv_put_str(w, exp->arms[a].name);
            lk_csv_put_str(w, lk_metric_name((lk_metric)m));
            lk_csv_put_double(w, as->n, tbl_lift_sums.cols[SUMS_N].digits);
            if (s->exact) {
                const lk_exact *e = &s->exact[((size_t)m * s->narms + a) * LK_LIFT_EXACT_SUMS];
                char text[LK_EXACT_TEXT];
                lk_exact_format(&e[0], text);
                lk_csv_put_str(w, text);
                lk_exact_format(&e[1], text);
                lk_csv_put_str(w, text);
            } else {
                lk_csv_put_double(w, as->sum, tbl_lift_sums.cols[SUMS_SUM].digits);
                lk_csv_put_double(w, as->sumsq, tbl_lift_sums.cols[SUMS_SUMSQ].digits);
            }
            lk_csv_put_str(w, exp->unit);
            put_values(w, label);
            lk_csv_end_row(w);
        }
    }
}

int lk_segment_sums_write(const lk_segment_sums *s, const lk_experiment *exp, FILE *f,
                          lk_error *err)
{
    lk_csv_writer *w = lk_csv_writer_new(f);
    if (!w)
        return lk_error_nomem(err);
    /* arm .. sumsq and unit; no covariate sums (segment tables have no CUPED rows) */
    enum { KEPT = SUMS_UNIT + 1 };
    const char *names[KEPT + LK_SEGMENT_COLUMNS];
    size_t nby = s->nby < LK_SEGMENT_COLUMNS ? s->nby : LK_SEGMENT_COLUMNS;
    memcpy(names, tbl_lift_sums.names, KEPT * sizeof(char *));
    memcpy(names + KEPT, s->by, nby * sizeof(char *));
    lk_csv_put_header(w, names, KEPT + nby);
    for (size_t g = 0; g < s->n; g++)
        put_sums(w, exp, s->at[g], s->label[g]);
    lk_csv_writer_free(w);
    if (ferror(f))
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot write the summary");
    return LK_OK;
}
