/*
 * uplift_write.c - the uplift tables: the summary per score, the deciles,
 * the curve (a point per tie block) and the comparison of two scores
 * (columns in columns.h; docs/formats.md).  NaN is an empty cell.
 */
#include <math.h>
#include <stdio.h>

#include "liftkit/segments.h"
#include "liftkit/uplift.h"
#include "tables/build.h"
#include "tables/columns.h"

typedef struct scores {
    lk_uplift_score *const *r;
    size_t k;
    double srm_p;
    const char *as_of;          /* an interim read's last day, or "" */
} scores;

/* The summary's rows, each after the segment's label when segment is not NULL. */
static void put_scores(tbl_out *o, const scores *sc, const char *segment)
{
    lk_uplift_score *const *r = sc->r;
    size_t k = sc->k;
    double srm_p = sc->srm_p;
    for (size_t i = 0; i < k; i++) {
        if (segment)
            tbl_out_text(o, segment);
        tbl_out_text(o, r[i]->name);
        tbl_out_num(o, (double)r[i]->n_treated);
        tbl_out_num(o, (double)r[i]->n_control);
        tbl_out_num(o, r[i]->qini_coefficient);
        tbl_out_num(o, r[i]->auuc);
        tbl_out_num(o, r[i]->uplift_top10);
        tbl_out_num(o, r[i]->uplift_top30);
        tbl_out_num(o, (double)r[i]->n_unscored);
        tbl_out_num(o, srm_p);
        tbl_out_text(o, sc->as_of);
        tbl_out_end_row(o);
    }
}

static int put_summary(tbl_out *o, const void *src, lk_error *err)
{
    (void)err;
    put_scores(o, src, NULL);
    return LK_OK;
}

void lk_uplift_write_segments(lk_csv_writer *w, lk_uplift_result *const *res,
                              char *const *label, size_t n, const char *as_of)
{
    tbl_out o;
    char buf[1024];
    tbl_out_csv(&o, &tbl_uplift_segment, w);
    for (size_t g = 0; g < n; g++) {
        scores sc = {res[g]->scores, res[g]->nscores, res[g]->srm_p, as_of ? as_of : ""};
        put_scores(&o, &sc, lk_segment_display(g ? label[g - 1] : NULL, buf, sizeof(buf)));
    }
}

static int put_curve(tbl_out *o, const void *src, lk_error *err)
{
    lk_uplift_score *const *r = ((const scores *)src)->r;
    size_t k = ((const scores *)src)->k;
    (void)err;
    for (size_t i = 0; i < k; i++) {
        double total = (double)r[i]->norder;
        for (size_t p = 0; p < r[i]->npoints; p++) {
            const lk_uplift_point *x = &r[i]->curve[p];
            tbl_out_text(o, r[i]->name);
            tbl_out_num(o, (double)x->n);
            tbl_out_num(o, total > 0 ? x->n / total : 0);
            tbl_out_num(o, x->qini);
            tbl_out_num(o, x->uplift);
            tbl_out_end_row(o);
        }
    }
    return LK_OK;
}

void lk_uplift_write_summary(lk_csv_writer *w, lk_uplift_score *const *r, size_t k,
                             double srm_p, const char *as_of)
{
    scores sc = {r, k, srm_p, as_of ? as_of : ""};
    tbl_put_csv(w, &tbl_uplift, put_summary, &sc);
}

void lk_uplift_write_deciles(lk_csv_writer *w, lk_uplift_score *const *r, size_t k)
{
    tbl_out o;
    tbl_out_csv(&o, &tbl_deciles, w);
    for (size_t i = 0; i < k; i++)
        for (size_t d = 0; d < LK_UPLIFT_DECILES; d++) {
            const lk_uplift_decile *x = &r[i]->decile[d];
            tbl_out_text(&o, r[i]->name);
            tbl_out_num(&o, (double)d + 1);
            tbl_out_num(&o, (double)x->n);
            tbl_out_num(&o, (double)x->n_treated);
            tbl_out_num(&o, (double)x->n_control);
            tbl_out_num(&o, x->rate_treated);
            tbl_out_num(&o, x->rate_control);
            tbl_out_num(&o, x->uplift);
            tbl_out_num(&o, x->uplift_lo);
            tbl_out_num(&o, x->uplift_hi);
            tbl_out_end_row(&o);
        }
}

void lk_uplift_write_curve(lk_csv_writer *w, lk_uplift_score *const *r, size_t k)
{
    scores sc = {r, k, NAN, ""};
    tbl_put_csv(w, &tbl_qini, put_curve, &sc);
}

typedef struct comparisons {
    const lk_uplift_comparison *c;
    size_t k;
} comparisons;

static int put_compare(tbl_out *o, const void *src, lk_error *err)
{
    const comparisons *cs = src;
    (void)err;
    for (size_t i = 0; i < cs->k; i++) {
        const lk_uplift_comparison *c = &cs->c[i];
        char seed[32];
        tbl_out_text(o, c->score);
        tbl_out_text(o, c->vs);
        tbl_out_num(o, c->qini_diff);
        tbl_out_num(o, c->qini_lo);
        tbl_out_num(o, c->qini_hi);
        tbl_out_num(o, c->auuc_diff);
        tbl_out_num(o, c->auuc_lo);
        tbl_out_num(o, c->auuc_hi);
        tbl_out_num(o, (double)c->resamples);
        /* a seed may pass 2^53: written from the integer, not a double */
        snprintf(seed, sizeof(seed), "%lld", (long long)c->seed);
        tbl_out_text(o, seed);
        tbl_out_text(o, c->better);
        tbl_out_end_row(o);
    }
    return LK_OK;
}

void lk_uplift_write_comparison(lk_csv_writer *w, const lk_uplift_comparison *c, size_t k)
{
    comparisons cs = {c, k};
    tbl_put_csv(w, &tbl_compare, put_compare, &cs);
}

int tbl_of_compare(tbl **out, const lk_uplift_comparison *c, size_t k, const char *path,
                   lk_error *err)
{
    comparisons cs = {c, k};
    return tbl_build(out, &tbl_compare, path, put_compare, &cs, err);
}

int tbl_of_uplift(tbl **out, lk_uplift_score *const *r, size_t k, double srm_p,
                  const char *as_of, const char *path, lk_error *err)
{
    scores sc = {r, k, srm_p, as_of ? as_of : ""};
    return tbl_build(out, &tbl_uplift, path, put_summary, &sc, err);
}

int tbl_of_qini(tbl **out, lk_uplift_score *const *r, size_t k, const char *path,
                lk_error *err)
{
    scores sc = {r, k, NAN, ""};
    return tbl_build(out, &tbl_qini, path, put_curve, &sc, err);
}
