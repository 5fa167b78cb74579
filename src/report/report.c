/*
 * report.c - the report folder: charts, index.html and report.md (see
 * report.h), rendered from typed tables.
 *
 * lk_report_render reads the tables from files and keeps a copy of each in
 * data/; lk_report_run (report_run.c) hands over the tables it computed,
 * in memory.  Either way every table is checked before anything is
 * written, the charts are drawn from the same tables the text is made
 * from, and index.html and report.md are replaced only when everything
 * before them succeeded.  The sections are in report_verdict.c,
 * report_sections.c and report_page.c.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/date.h"
#include "liftkit/interim.h"
#include "liftkit/output.h"
#include "report/plot_int.h"
#include "report/report_int.h"
#include "tables/columns.h"
#include "util/path.h"

char *lk_report_dir(const lk_experiment *exp, const lk_report_options *opt)
{
    if (opt && opt->dir)
        return strdup(opt->dir);
    /* The name becomes one folder name: no separators, no "." or "..". */
    size_t n = strlen(exp->name) + 16;
    char *p = malloc(n);
    if (!p)
        return NULL;
    snprintf(p, n, "reports/%s", exp->name);
    for (char *c = p + 8; *c; c++)
        if (*c == '/' || *c == '\\' || (c == p + 8 && *c == '.'))
            *c = '_';
    if (!p[8])
        snprintf(p, n, "reports/_");
    return p;
}

/* ---- checking and drawing ---- */

static int no_rows(const tbl *t, lk_error *err)
{
    return lk_error_set(err, LK_EDATA, t->path, 0, 0, "no rows to draw");
}

/* What the charts would reject, found before anything is written. */
static int check_tables(const report_data *d, lk_error *err)
{
    if (d->accrual && d->accrual->nrows == 0)
        return no_rows(d->accrual, err);
    if (d->qini && d->qini->nrows == 0)
        return no_rows(d->qini, err);
    if (d->pressure && d->pressure->nrows == 0)
        return no_rows(d->pressure, err);
    int rc = d->mix ? plot_mix_check(d->mix, d->mix->path, err) : LK_OK;
    if (!rc && d->power && d->power->nrows == 0)
        rc = no_rows(d->power, err);
    if (!rc && d->lift->nrows == 0)
        rc = lk_error_set(err, LK_EDATA, d->lift->path, 0, 0, "the lift table has no rows");
    return rc;
}

/* t's file as named once the report is in place: inside it, under the
   target's name rather than the folder being built. */
static char *shown_path(const report *r, const char *path)
{
    size_t n = strlen(r->dir);
    if (path && r->shown && !strncmp(path, r->dir, n) && path[n] == '/')
        return lk_path_join(r->shown, path + n + 1);
    return strdup(path ? path : "");
}

char *rep_shown_path(const report *r, const char *path)
{
    return shown_path(r, path);
}

static int draw(report *r, lk_plot_kind k, const tbl *t, lk_error *err)
{
    if (!t)
        return LK_OK;
    char *dir = lk_path_join(r->dir, "charts"), *source = shown_path(r, t->path);
    lk_plot_options po = {.exp = r->exp, .gnuplot = r->opt->gnuplot};
    int rc = dir && source ? plot_queue_add(r->queue, k, t, source, dir, &po, &r->charts[k], err)
                           : lk_error_nomem(err);
    free(dir);
    free(source);
    return rc;
}

static int draw_all(report *r, const report_data *d, lk_error *err)
{
    static const lk_plot_kind kinds[] = {LK_PLOT_RATE, LK_PLOT_FOREST, LK_PLOT_ACCRUAL,
                                         LK_PLOT_MIX,  LK_PLOT_POWER,  LK_PLOT_QINI,
                                         LK_PLOT_PRESSURE};
    const tbl *tables[] = {d->lift, d->lift, d->accrual, d->mix, d->power, d->qini,
                           d->pressure};
    size_t n = sizeof(kinds) / sizeof(kinds[0]);
    plot_queue q;
    plot_queue_init(&q);
    r->queue = &q;
    int rc = LK_OK;
    lk_progress_step(&r->opt->progress, "charts");
    for (size_t i = 0; !rc && i < n; i++) {
        lk_progress_report(&r->opt->progress, i, n);
        rc = draw(r, kinds[i], tables[i], err);
    }
    if (!rc)
        rc = rep_draw_segments(r, err);
    if (!rc && d->matrix && d->matrix->nrows)
        rc = draw(r, LK_PLOT_MATRIX, d->matrix, err);
    lk_error later;
    int waited = plot_queue_wait(&q, rc ? &later : err);
    r->queue = NULL;
    return rc ? rc : waited;
}

/* The smallest sample-ratio p-value of the lift table, or NaN. */
static double lift_srm_p(const tbl *t)
{
    double p = NAN;
    for (size_t i = 0; i < t->nrows; i++) {
        double v = tbl_num(t, i, LIFT_SRM_P);
        if (isfinite(v))
            p = isfinite(p) ? fmin(p, v) : v;
    }
    return p;
}

/* An interim lift table (as_of set) makes the report's first line say so. */
static void interim_line(report *r)
{
    const tbl *t = r->lift;
    for (size_t i = 0; i < t->nrows; i++) {
        const char *d = tbl_get(t, i, LIFT_AS_OF);
        int32_t day;
        if (!d || !*d || lk_date_parse(d, strlen(d), &day))
            continue;
        lk_interim x = {.interim = 1, .data_to = day, .window = r->exp->window,
                        .day = day < r->exp->start ? 0 : (int)(day - r->exp->start)};
        lk_date_format(day, x.as_of);
        lk_interim_notice(&x, r->interim, sizeof(r->interim));
        return;
    }
}

static int write_files(report *r, lk_error *err)
{
    char *hp = lk_path_join(r->dir, "index.html"), *mp = lk_path_join(r->dir, "report.md");
    lk_output *ho = NULL, *mo = NULL;
    int rc = !hp || !mp ? lk_error_nomem(err) : LK_OK;
    if (!rc)
        rc = lk_output_open(&ho, hp, err);
    if (!rc)
        rc = lk_output_open(&mo, mp, err);
    if (!rc) {
        r->html = lk_output_file(ho);
        r->md = lk_output_file(mo);
        rep_write_documents(r);
        rc = lk_output_commit(ho, err);
        ho = NULL;
        if (!rc)
            rc = lk_output_commit(mo, err);
        mo = NULL;
    }
    if (ho)
        lk_output_abort(ho);
    if (mo)
        lk_output_abort(mo);
    free(hp);
    free(mp);
    return rc;
}

int rep_folder_open(lk_output **folder, const char *dir, lk_error *err)
{
    static const char *const own[] = {"index.html", "report.md", "report.json", "charts",
                                      "data", NULL};
    return lk_output_open_folder(folder, dir, own, err);
}

int rep_folder_close(lk_output *folder, int rc, lk_error *err)
{
    if (!folder)
        return rc;
    if (rc) {
        lk_output_abort(folder);
        return rc;
    }
    return lk_output_commit(folder, err);
}

int report_render(const lk_experiment *exp, const report_data *d, const char *dir,
                  const char *shown, const lk_report_options *opt, lk_error *err)
{
    static const lk_report_options defaults = {0};
    report r = {.exp = exp, .opt = opt ? opt : &defaults, .dir = dir, .shown = shown,
                .lift = d->lift,
                .roi = d->roi, .mix = d->mix, .uplift = d->uplift, .power = d->power,
                .contacts = d->contacts, .compare = d->compare, .segments = d->segments,
                .hetero = d->hetero, .matrix = d->matrix};
    snprintf(r.level, sizeof(r.level), "%g%% CI", 100 * (1 - exp->alpha));
    lk_unit_noun(exp->unit, r.units, sizeof(r.units));
    memcpy(r.Units, r.units, sizeof(r.Units));
    r.Units[0] = (char)toupper((unsigned char)r.Units[0]);
    int rc = check_tables(d, err);
    r.srm_p = lift_srm_p(d->lift);
    interim_line(&r);
    rep_segments_find(&r);
    if (!rc)
        rep_health_check(&r);
    if (!rc)
        rc = lk_path_mkdirs(dir, err);
    if (!rc)
        rc = draw_all(&r, d, err);
    if (!rc)
        rc = rep_write_json(&r, err);
    if (!rc)
        rc = write_files(&r, err);
    return rc;
}

/* ---- from files ---- */

static int copy_file(const char *src, const char *dst, lk_error *err)
{
    char *a = realpath(src, NULL), *b = realpath(dst, NULL);
    int same = a && b && !strcmp(a, b);
    free(a);
    free(b);
    if (same)
        return LK_OK;
    FILE *in = fopen(src, "rb");
    if (!in)
        return lk_error_errno(err, src, "cannot open");
    lk_output *o;
    int rc = lk_output_open(&o, dst, err);
    if (rc) {
        fclose(in);
        return rc;
    }
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        fwrite(buf, 1, n, lk_output_file(o));
    if (ferror(in)) {
        fclose(in);
        lk_output_abort(o);
        return lk_error_errno(err, src, "cannot read");
    }
    fclose(in);
    return lk_output_commit(o, err);
}

/* One table a report can be made from: its file, descriptor and columns. */
typedef struct table_file {
    const char *path;              /* the caller's, or NULL */
    const tbl_desc *desc;
    unsigned long long need;
    const char *copy;              /* its name in data/, or NULL: not copied */
    tbl *t;
} table_file;

enum { T_LIFT, T_ROI, T_MIX, T_UPLIFT, T_POWER, T_ACCRUAL, T_QINI, T_COMPARE, T_SEGMENTS,
       T_HETERO, T_MATRIX, T_COUNT };

static void table_files(const lk_report_tables *t, table_file *f)
{
    const unsigned long long uplift_need =
        TBL_COL(UPLIFT_SCORE) | TBL_COL(UPLIFT_N_TREATED) | TBL_COL(UPLIFT_N_CONTROL) |
        TBL_COL(UPLIFT_QINI_COEFFICIENT) | TBL_COL(UPLIFT_AUUC) | TBL_COL(UPLIFT_TOP10) |
        TBL_COL(UPLIFT_TOP30);
    /* Qini curves have a point per tie block (up to one per unit): the
       chart's own qini.csv keeps the points drawn instead of a copy. */
    table_file all[T_COUNT] = {
        {t->lift, &tbl_lift, LIFT_NEED_BASE, "lift.csv", NULL},
        {t->roi, &tbl_roi, TBL_COL(ROI_AS_OF) - 1, "roi.csv", NULL},
        {t->mix, &tbl_mix, TBL_ALL, "mix.csv", NULL},
        {t->uplift, &tbl_uplift, uplift_need, "uplift.csv", NULL},
        {t->power, &tbl_curve, TBL_ALL, "power.csv", NULL},
        {t->accrual, &tbl_accrual, TBL_ALL, "accrual.csv", NULL},
        {t->qini, &tbl_qini, TBL_ALL, NULL, NULL},
        {t->compare, &tbl_compare, TBL_ALL, "compare.csv", NULL},
        {t->segments, &tbl_lift_segment, TBL_COL(LIFTSEG_SEGMENT) | (LIFT_NEED_BASE << 1),
         "segments.csv", NULL},
        {t->heterogeneity, &tbl_hetero, TBL_ALL, "heterogeneity.csv", NULL},
        {t->matrix, &tbl_matrix, TBL_ALL, "matrix.csv", NULL}};
    memcpy(f, all, sizeof(all));
}

/* Keep a copy of every table in dir/data, so the folder holds its sources;
   the charts name the copies. */
static int copy_tables(const char *dir, table_file *f, lk_error *err)
{
    char *data = lk_path_join(dir, "data");
    int rc = data ? lk_path_mkdirs(data, err) : lk_error_nomem(err);
    for (size_t i = 0; !rc && i < T_COUNT; i++) {
        if (!f[i].t || !f[i].copy)
            continue;
        char *path = lk_path_join(data, f[i].copy);
        if (!path)
            rc = lk_error_nomem(err);
        else if (!(rc = copy_file(f[i].path, path, err))) {
            free(f[i].t->path);
            f[i].t->path = path;
            path = NULL;
        }
        free(path);
    }
    free(data);
    return rc;
}

int lk_report_render(const lk_experiment *exp, const lk_report_tables *t,
                     const lk_report_options *opt, lk_error *err)
{
    static const lk_report_options defaults = {0};
    if (!opt)
        opt = &defaults;
    table_file f[T_COUNT];
    table_files(t, f);
    char *dir = lk_report_dir(exp, opt);
    lk_output *folder = NULL;
    int rc = dir ? LK_OK : lk_error_nomem(err);
    if (!rc && !t->lift)
        rc = lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "a report needs a lift table");
    if (!rc && !t->segments != !t->heterogeneity)
        rc = lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                          "a segments table and a heterogeneity table go together");
    for (size_t i = 0; !rc && i < T_COUNT; i++)
        if (f[i].path)
            rc = tbl_read(&f[i].t, f[i].path, f[i].desc, f[i].need, err);
    report_data d = {f[T_LIFT].t, f[T_ROI].t, f[T_ACCRUAL].t, f[T_MIX].t,
                     f[T_POWER].t, f[T_QINI].t, f[T_UPLIFT].t, NULL, NULL, f[T_COMPARE].t,
                     f[T_SEGMENTS].t, f[T_HETERO].t, f[T_MATRIX].t};
    if (!rc)
        rc = check_tables(&d, err);
    if (!rc)
        rc = rep_folder_open(&folder, dir, err);
    if (!rc)
        rc = copy_tables(lk_output_folder(folder), f, err);
    if (!rc)
        rc = report_render(exp, &d, lk_output_folder(folder), dir, opt, err);
    rc = rep_folder_close(folder, rc, err);
    for (size_t i = 0; i < T_COUNT; i++)
        tbl_free(f[i].t);
    free(dir);
    return rc;
}
