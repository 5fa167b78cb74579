/*
 * plot_curves.c - the line charts: cumulative response by day per arm
 * (accrual), power against size or lift (power), and the Qini curve of
 * each model score (qini).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/plot_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

static const int accrual_cells[] = {ACCRUAL_ARM, ACCRUAL_DAY, ACCRUAL_N, ACCRUAL_RESPONDERS,
                                    ACCRUAL_RATE};
static const int curve_cells[] = {CURVE_BASELINE, CURVE_TREATED, CURVE_N_BASELINE,
                                  CURVE_N_TREATED, CURVE_N_TOTAL, CURVE_POWER};
static const int qini_cells[] = {QINI_SCORE, QINI_N, QINI_FRACTION, QINI_QINI, QINI_UPLIFT};

/* ---- accrual: cumulative response rate by day, per arm ---- */

static void accrual_script(plot_ctx *c, const armset *arms, const int *used)
{
    gp_preamble(c, "set key top left box lc rgb '#cccccc' opaque\n"
                   "set xlabel 'Days since campaign start'\n"
                   "set ylabel 'Cumulative response rate (%%)'\n"
                   "set xrange [0:*]\nset yrange [0:*]\n");
    gp_begin_plot(c, 1000, 600);
    size_t left = 0;
    for (size_t a = 0; a < arms->n; a++)
        left += used[a];
    for (size_t a = 0; a < arms->n; a++) {
        if (!used[a])
            continue;
        fprintf(c->gp, "    'accrual.csv' skip 1 using ($1 == %zu ? $3 : 1/0):($6 * 100) "
                       "with steps lw 3 lc rgb '%s' title ",
                a, armset_colour(arms, a));
        gp_curve_title(c, arms->name[a], --left > 0);
    }
    gp_end_outputs(c);
}

int plot_accrual(plot_ctx *c, lk_error *err)
{
    armset arms;
    int used[MAX_SERIES] = {0};
    int rc = plot_rows_by_arm(c, accrual_cells, 5, &arms, used, err);
    if (rc)
        return rc;
    plot_set_title(c, "Response accrual: cumulative target response rate by day");
    accrual_script(c, &arms, used);
    return LK_OK;
}

/* ---- power: power against size (or against lift at a fixed size) ---- */

typedef struct power_chart {
    int by_size;               /* some (baseline, treated) pair has several sizes */
    char (*key)[96];           /* each row's series label */
    int *ser;                  /* each row's series */
    double *x;                 /* each row's x */
    size_t *order;             /* rows by series, then x */
    series s;
    char unit[64];             /* the unit sized, plural ("households") */
    char xlabel[128];          /* the size axis, a gnuplot string */
    char title[128];
} power_chart;

/* Sizes are counted in the experiment's unit: name it on the axis, keys and title. */
static void power_words(plot_ctx *c, power_chart *p)
{
    char cap[64];
    plot_unit_noun(c, 0, p->unit, sizeof(p->unit));
    int customers = !strcmp(p->unit, "customers");
    snprintf(p->xlabel, sizeof(p->xlabel), "'%s in the comparison (baseline + treated)'",
             plot_unit_noun(c, 1, cap, sizeof(cap)));
    snprintf(p->title, sizeof(p->title), "Power of the test by %s",
             !p->by_size ? "true lift" : customers ? "sample size" : p->unit);
}

/* By size when some (baseline, treated) pair has several sizes, else by lift. */
static int power_by_size(const tbl *t)
{
    for (size_t i = 0; i < t->nrows; i++)
        for (size_t j = i + 1; j < t->nrows; j++)
            if (tbl_num(t, i, CURVE_BASELINE) == tbl_num(t, j, CURVE_BASELINE) &&
                tbl_num(t, i, CURVE_TREATED) == tbl_num(t, j, CURVE_TREATED))
                return 1;
    return 0;
}

/* Each row's series label and x, then the drawing order. */
static int power_series(plot_ctx *c, power_chart *p, lk_error *err)
{
    const tbl *t = c->t;
    for (size_t i = 0; i < t->nrows; i++) {
        char a[24], b[24], d[24], m[24];
        double p1 = tbl_num(t, i, CURVE_BASELINE), p2 = tbl_num(t, i, CURVE_TREATED);
        fmt_pct(p1, 2, 0, a, sizeof(a));
        if (p->by_size) {
            fmt_pct(p2, 2, 0, b, sizeof(b));
            fmt_pct(p1 > 0 ? p2 / p1 - 1 : NAN, 1, 1, d, sizeof(d));
            snprintf(p->key[i], sizeof(p->key[i]), "%s \u2192 %s (%s relative)", a, b, d);
            p->x[i] = tbl_num(t, i, CURVE_N_TOTAL);
        } else {
            fmt_count(tbl_num(t, i, CURVE_N_TOTAL), m, sizeof(m));
            snprintf(p->key[i], sizeof(p->key[i]), "%s %.30s, baseline %s", m, p->unit, a);
            p->x[i] = p1 > 0 ? (p2 / p1 - 1) * 100 : 0;
        }
        if ((p->ser[i] = series_add(&p->s, p->key[i], c->table_path, err)) < 0)
            return LK_EDATA;
    }
    return plot_order_rows(p->x, p->ser, t->nrows, p->order, err);
}

static void power_script(plot_ctx *c, const power_chart *p)
{
    gp_preamble(c,
            "set key bottom right box lc rgb '#cccccc' opaque\n"
            "set xlabel %s\nset ylabel 'Power (%%)'\nset yrange [0:100]\nset xrange [*:*]\n"
            "set format x %s\n"
            "set arrow 1 from graph 0, first 80 to graph 1, first 80 nohead dt 2 lw 1.5 "
            "lc rgb '#444444'\n"
            "set label 1 '80%% power' at graph 0.01, first 80 offset 0, 0.8 textcolor rgb '#444444'\n",
            p->by_size ? p->xlabel : "'True relative lift (%)'",
            p->by_size ? "'%.0f'" : "'%+.0f%%'");
    gp_begin_plot(c, 1000, 600);
    for (size_t i = 0; i < p->s.n; i++) {
        fprintf(c->gp, "    'power.csv' skip 1 using ($1 == %zu ? %s : 1/0):($7 * 100) "
                       "with linespoints pt 7 ps 0.8 lw 2.5 lc rgb '%s' title ",
                i, p->by_size ? "$6" : "($3 / $2 - 1) * 100", plot_palette(i));
        gp_curve_title(c, p->s.name[i], i + 1 < p->s.n);
    }
    gp_end_outputs(c);
}

int plot_power(plot_ctx *c, lk_error *err)
{
    size_t n = c->t->nrows;
    if (n == 0)
        return lk_error_set(err, LK_EDATA, c->table_path, 0, 0, "no rows to draw");
    power_chart p = {.by_size = power_by_size(c->t)};
    power_words(c, &p);
    p.key = calloc(n, sizeof(*p.key));
    p.ser = calloc(n, sizeof(*p.ser));
    p.x = calloc(n, sizeof(*p.x));
    p.order = calloc(n, sizeof(*p.order));
    int rc = !p.key || !p.ser || !p.x || !p.order ? lk_error_nomem(err)
                                                   : power_series(c, &p, err);
    if (!rc) {
        plot_set_title(c, p.title);
        static const char *const head[] = {"series", "baseline", "treated", "n_baseline",
                                           "n_treated", "n_total", "power"};
        lk_csv_put_header(c->csv, head, 7);
        for (size_t i = 0; i < n; i++) {
            lk_csv_put_long(c->csv, p.ser[p.order[i]]);
            plot_copy_cells(c, p.order[i], curve_cells, 6);
            lk_csv_end_row(c->csv);
        }
        power_script(c, &p);
    }
    free(p.key);
    free(p.ser);
    free(p.x);
    free(p.order);
    return rc;
}

/* ---- qini: Qini curve per model score ---- */

#define QINI_POINTS 1000

size_t plot_qini_step(size_t count)
{
    return count <= QINI_POINTS + 1 ? 1 : (count + QINI_POINTS - 1) / QINI_POINTS;
}

int plot_qini_keeps(size_t at, size_t count)
{
    return at % plot_qini_step(count) == 0 || at + 1 == count;
}

/*
 * A curve of a million units has a point per tie block: write about
 * QINI_POINTS per curve (every k-th, the first and the last kept).  The
 * points kept are kept again when drawn a second time, so a table thinned
 * beforehand (the report's) draws the same chart as the whole curve.
 */
static void qini_rows(plot_ctx *c, const int *ser, const size_t *order)
{
    const tbl *t = c->t;
    size_t n = t->nrows, count[MAX_SERIES] = {0}, seen[MAX_SERIES] = {0};
    static const char *const head[] = {"series", "score", "n", "fraction", "qini", "uplift"};
    lk_csv_put_header(c->csv, head, 6);
    for (size_t i = 0; i < n; i++)
        count[ser[i]]++;
    for (size_t i = 0; i < n; i++) {
        size_t r = order[i], k = (size_t)ser[r];
        if (!plot_qini_keeps(seen[k]++, count[k]))
            continue;
        lk_csv_put_long(c->csv, ser[r]);
        plot_copy_cells(c, r, qini_cells, 5);
        lk_csv_end_row(c->csv);
    }
}

/* The script: each curve, and a dotted line from 0 to its end (random targeting). */
static void qini_script(plot_ctx *c, const series *s, const double *end_x, const double *end_y)
{
    char unit[64];
    gp_preamble(c, "set key bottom right box lc rgb '#cccccc' opaque\n"
                   "set xlabel '%s targeted, highest score first (%%)'\n"
                   "set ylabel 'Incremental responders (Qini)'\nset xrange [0:100]\n",
                plot_unit_noun(c, 1, unit, sizeof(unit)));
    for (size_t i = 0; i < s->n; i++)
        fprintf(c->gp, "set arrow %zu from 0, 0 to %.10g, %.10g nohead dt 3 lw 2 lc rgb '%s'\n",
                i + 1, end_x[i], end_y[i], plot_palette(i));
    gp_begin_plot(c, 1000, 600);
    for (size_t i = 0; i < s->n; i++) {
        fprintf(c->gp, "    'qini.csv' skip 1 using ($1 == %zu ? $4 * 100 : 1/0):5 "
                       "with lines lw 3 lc rgb '%s' title ",
                i, plot_palette(i));
        gp_curve_title(c, s->name[i], 1);
    }
    fprintf(c->gp, "    keyentry with lines dt 3 lw 2 lc rgb '#666666' "
                   "title 'random targeting (dotted)'\n");
    gp_end_outputs(c);
}

static int qini_draw(plot_ctx *c, int *ser, double *x, size_t *order, lk_error *err)
{
    const tbl *t = c->t;
    series s = {0};
    double end_x[MAX_SERIES], end_y[MAX_SERIES];
    for (size_t i = 0; i < t->nrows; i++) {
        if ((ser[i] = series_add(&s, tbl_get(t, i, QINI_SCORE), c->table_path, err)) < 0)
            return LK_EDATA;
        x[i] = tbl_num(t, i, QINI_N);
    }
    int rc = plot_order_rows(x, ser, t->nrows, order, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < t->nrows; i++) {
        size_t r = order[i];
        end_x[ser[r]] = tbl_num(t, r, QINI_FRACTION) * 100;
        end_y[ser[r]] = tbl_num(t, r, QINI_QINI);
    }
    plot_set_title(c, "Qini curves by model score");
    qini_rows(c, ser, order);
    qini_script(c, &s, end_x, end_y);
    return LK_OK;
}

int plot_qini(plot_ctx *c, lk_error *err)
{
    size_t n = c->t->nrows;
    int *ser = calloc(n ? n : 1, sizeof(*ser));
    double *x = calloc(n ? n : 1, sizeof(*x));
    size_t *order = calloc(n ? n : 1, sizeof(*order));
    int rc;
    if (!ser || !x || !order)
        rc = lk_error_nomem(err);
    else if (n == 0)
        rc = lk_error_set(err, LK_EDATA, c->table_path, 0, 0, "no rows to draw");
    else
        rc = qini_draw(c, ser, x, order, err);
    free(ser);
    free(x);
    free(order);
    return rc;
}
