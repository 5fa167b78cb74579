/*
 * plot_lift.c - the two charts of the lift table: the response rate per
 * arm with its interval (rate) and the relative lift of each comparison
 * with its interval (forest).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/plot_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

/* ---- rate: response rate per arm with CI bars ---- */

/*
 * The metric drawn: --metric, else response_target, else (a table without
 * it, e.g. from a summary of balances only) the table's first metric, or
 * for the forest every metric.
 */
static const char *metric_of(const plot_ctx *c, const tbl *t, size_t col)
{
    if (c->opt->metric)
        return c->opt->metric;
    for (size_t r = 0; r < t->nrows; r++)
        if (!strcmp(tbl_get(t, r, col), "response_target"))
            return "response_target";
    if (c->kind == LK_PLOT_FOREST)
        return "all";
    return t->nrows ? tbl_get(t, 0, col) : "response_target";
}

/* The lift table's columns each chart copies to its data file. */
static const int rate_cells[] = {LIFT_ARM, LIFT_ROLE, LIFT_N, LIFT_VALUE, LIFT_VALUE_LO,
                                 LIFT_VALUE_HI};
static const int forest_cells[] = {LIFT_METRIC, LIFT_ARM, LIFT_VS, LIFT_LIFT, LIFT_LIFT_LO,
                                   LIFT_LIFT_HI, LIFT_P_ADJUSTED};

static int is_rate_metric(const char *m)
{
    return !strncmp(m, "response_", 9);
}

typedef struct rate_chart {
    const tbl *t;
    const char *metric;
    armset arms;
    long row_of[MAX_SERIES];   /* each arm's first row of the metric, or -1 */
    size_t k;                  /* arms drawn */
} rate_chart;

/* One bar per arm: its first row of the metric (an arm compared twice has two). */
static int rate_select(plot_ctx *c, rate_chart *rate, lk_error *err)
{
    const tbl *t = rate->t;
    rate->metric = metric_of(c, t, LIFT_METRIC);
    armset_init(&rate->arms, c->opt->exp);
    for (size_t i = 0; i < MAX_SERIES; i++)
        rate->row_of[i] = -1;
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(tbl_get(t, r, LIFT_METRIC), rate->metric))
            continue;
        int a = armset_add(&rate->arms, tbl_get(t, r, LIFT_ARM),
                           plot_role_from_name(tbl_get(t, r, LIFT_ROLE)), c->table_path, err);
        if (a < 0)
            return LK_EDATA;
        if (rate->row_of[a] < 0)
            rate->row_of[a] = (long)r;
    }
    for (size_t a = 0; a < rate->arms.n; a++)
        rate->k += rate->row_of[a] >= 0;
    if (rate->k == 0)
        return lk_error_set(err, LK_EDATA, c->table_path, 0, 0,
                            "no rows with metric '%s' to draw", rate->metric);
    return LK_OK;
}

/* The data rows and the x tic labels "arm\nn = 60,012". */
static void rate_rows(plot_ctx *c, const rate_chart *rate)
{
    size_t pos = 0;
    char num[64];
    fprintf(c->gp, "set xtics scale 0 (");
    for (size_t a = 0; a < rate->arms.n; a++) {
        if (rate->row_of[a] < 0)
            continue;
        size_t r = (size_t)rate->row_of[a];
        lk_csv_put_long(c->csv, (long long)pos);
        plot_copy_cells(c, r, rate_cells, 6);
        lk_csv_end_row(c->csv);
        char label[512];
        snprintf(label, sizeof(label), "%s\nn = %s", tbl_get(rate->t, r, LIFT_ARM),
                 fmt_count(tbl_num(rate->t, r, LIFT_N), num, sizeof(num)));
        fprintf(c->gp, "%s", pos ? ", " : "");
        gp_str(c->gp, label);
        fprintf(c->gp, " %zu", pos++);
    }
    fprintf(c->gp, ")\n");
}

static void rate_plot(plot_ctx *c, const rate_chart *rate)
{
    fprintf(c->gp, "  plot \\\n");
    size_t pos = 0;
    for (size_t a = 0; a < rate->arms.n; a++) {
        if (rate->row_of[a] < 0)
            continue;
        fprintf(c->gp,
                "    'rate.csv' skip 1 using ($1 == %zu ? $1 : 1/0):($5 * scale) "
                "with boxes lc rgb '%s', \\\n",
                pos++, armset_colour(&rate->arms, a));
    }
    fprintf(c->gp,
            "    'rate.csv' skip 1 using 1:($5 * scale):($6 * scale):($7 * scale) with yerrorbars "
            "pt 7 ps 0.6 lw 2 lc rgb '#333333', \\\n"
            "    'rate.csv' skip 1 using 1:((valid(7) ? $7 : $5) * scale):"
            "(sprintf(scale == 100 ? '%%.2f%%%%' : '%%.2f', $5 * scale)) with labels "
            "offset 0, 1 font ',14' textcolor rgb '#222222'\n");
}

int plot_rate(plot_ctx *c, lk_error *err)
{
    rate_chart rate = {.t = c->t};
    int rc = rate_select(c, &rate, err);
    if (rc)
        return rc;
    const char *metric = rate.metric;
    int pct = is_rate_metric(metric);
    char what[256];
    snprintf(what, sizeof(what), "%s by arm, with %s",
             !strcmp(metric, "response_target") ? "Target response rate"
             : !strcmp(metric, "response_any") ? "Response rate (any product)"
                                                : metric,
             c->level);
    plot_set_title(c, what);
    static const char *const head[] = {"pos", "arm", "role", "n", "value", "value_lo", "value_hi"};
    lk_csv_put_header(c->csv, head, 7);
    gp_preamble(c, "set ylabel %s\nset xlabel 'Arm (n = units assigned)' offset 0,-0.6\n"
                   "set bmargin 5.5\n",
                pct ? "'Response rate (%)'" : "'Mean per unit'");
    fprintf(c->gp, "unset key\nset grid noxtics ytics\nset yrange [0:*]\n"
                   "set offsets 0, 0, graph 0.12, 0\nset boxwidth 0.62\n"
                   "set xrange [-0.6:%zu.4]\n", rate.k - 1);
    rate_rows(c, &rate);
    fprintf(c->gp, "scale = %s\n", pct ? "100" : "1");
    gp_begin_outputs(c, 1000, 600);
    rate_plot(c, &rate);
    gp_end_outputs(c);
    return LK_OK;
}

/* ---- forest: relative lift of each comparison with its CI ---- */

void plot_forest_axes(plot_ctx *c, const lift_forest *f, size_t *lw, size_t *rw)
{
    *lw = *rw = 10;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < f->k; i++) {
        char text[512], label[600];
        f->text(f->chart, i, c->level, text, sizeof(text));
        f->label(f->chart, i, label, sizeof(label));
        *rw = strlen(text) > *rw ? strlen(text) : *rw;
        *lw = strlen(label) > *lw ? strlen(label) : *lw;
        for (size_t col = LIFT_LIFT; col <= LIFT_LIFT_HI; col++) {
            double v = tbl_num(c->t, f->rows[i], f->off + col) * 100;
            if (isfinite(v)) {
                lo = fmin(lo, v);
                hi = fmax(hi, v);
            }
        }
    }
    double pad = fmax((hi - lo) * 0.08, 1);
    fprintf(c->gp,
            "unset key\nset grid xtics noytics\nset border 1\nset xlabel 'Relative lift (%%)'\n"
            "set xrange [%.6g:%.6g]\nset yrange [%zu.6:-0.6]\nset rmargin %zu\n"
            "set lmargin %zu\n"
            "set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead dt 2 lw 2 "
            "lc rgb '#444444' back\n",
            lo - pad, hi + pad, f->y(f->chart, f->k - 1), *rw + 1, *lw + 3);
}

void plot_forest_labels(plot_ctx *c, const lift_forest *f)
{
    fprintf(c->gp, "set ytics scale 0 (");
    for (size_t i = 0; i < f->k; i++) {
        char label[600];
        f->label(f->chart, i, label, sizeof(label));
        fprintf(c->gp, "%s", i ? ", " : "");
        gp_str(c->gp, label);
        fprintf(c->gp, " %zu", f->y(f->chart, i));
    }
    fprintf(c->gp, ")\n");
    for (size_t i = 0; i < f->k; i++) {
        char text[512];
        f->text(f->chart, i, c->level, text, sizeof(text));
        fprintf(c->gp, "set label %zu ", i + 10);
        gp_str(c->gp, text);
        fprintf(c->gp, " at graph 1.02, first %zu left textcolor rgb '%s'\n", f->y(f->chart, i),
                f->colour(f->chart, i));
    }
}

void plot_lift_text(const tbl *t, size_t r, size_t off, const char *pname, double p,
                    const char *na, const char *level, char *buf, size_t len)
{
    char l[48], a[48], b[48], ptext[64];
    if (!isfinite(tbl_num(t, r, off + LIFT_LIFT))) {
        snprintf(buf, len, "%s", na);
        return;
    }
    fmt_pct(tbl_num(t, r, off + LIFT_LIFT), 1, 1, l, sizeof(l));
    fmt_pct(tbl_num(t, r, off + LIFT_LIFT_LO), 1, 1, a, sizeof(a));
    fmt_pct(tbl_num(t, r, off + LIFT_LIFT_HI), 1, 1, b, sizeof(b));
    if (isfinite(p))
        snprintf(ptext, sizeof(ptext), ", p %s %s%.2g", pname, p < 0.001 ? "< " : "",
                 p < 0.001 ? 0.001 : p);
    else
        ptext[0] = '\0';
    snprintf(buf, len, "%s  (%s %s to %s%s)", l, level, a, b, ptext);
}

int plot_lift_arm(plot_ctx *c, armset *arms, size_t n, size_t r, size_t arm_col,
                  lk_error *err)
{
    int a = n < MAX_SERIES ? armset_add(arms, tbl_get(c->t, r, arm_col), -1, c->table_path, err)
                           : -1;
    if (a < 0)
        lk_error_set(err, LK_EDATA, c->table_path, c->t->line[r], 0,
                     "more than %d comparisons or arms to draw", MAX_SERIES);
    return a;
}

int plot_no_lift(const plot_ctx *c, const char *metric, lk_error *err)
{
    return lk_error_set(err, LK_EDATA, c->table_path, 0, 0,
                        "no comparison rows (non-empty 'vs') with metric '%s' to draw", metric);
}


typedef struct forest {
    const tbl *t;
    const char *metric;
    int all;                   /* every metric: labels name the metric */
    armset arms;
    size_t k;                  /* comparisons drawn */
    size_t rows[MAX_SERIES];   /* their rows in t */
    int arm_of[MAX_SERIES];    /* their arm in arms */
} forest;

/*
 * The comparisons to draw: rows with a 'vs', of the metric (or all), one
 * per comparison: a CUPED row repeats its comparison with another estimate,
 * and the chart shows the test the verdict and the adjusted p-values are
 * about (the tables give the CUPED estimate beside it).
 */
static int forest_select(plot_ctx *c, forest *f, lk_error *err)
{
    const tbl *t = f->t;
    f->metric = metric_of(c, t, LIFT_METRIC);
    f->all = !strcmp(f->metric, "all");
    armset_init(&f->arms, c->opt->exp);
    for (size_t r = 0; r < t->nrows; r++) {
        if (!*tbl_get(t, r, LIFT_VS) || !strcmp(tbl_get(t, r, LIFT_TEST), "cuped") ||
            (!f->all && strcmp(tbl_get(t, r, LIFT_METRIC), f->metric)))
            continue;
        int a = plot_lift_arm(c, &f->arms, f->k, r, LIFT_ARM, err);
        if (a < 0)
            return err->code;
        f->arm_of[f->k] = a;
        f->rows[f->k++] = r;
    }
    return f->k ? LK_OK : plot_no_lift(c, f->metric, err);
}

static void forest_label(const void *chart, size_t i, char *buf, size_t len)
{
    const forest *f = chart;
    size_t r = f->rows[i];
    if (f->all)
        snprintf(buf, len, "%s: %s vs %s", tbl_get(f->t, r, LIFT_METRIC), tbl_get(f->t, r, LIFT_ARM),
                 tbl_get(f->t, r, LIFT_VS));
    else
        snprintf(buf, len, "%s vs %s", tbl_get(f->t, r, LIFT_ARM), tbl_get(f->t, r, LIFT_VS));
}

static void forest_text(const void *chart, size_t i, const char *level, char *buf, size_t len)
{
    const forest *f = chart;
    size_t r = f->rows[i];
    plot_lift_text(f->t, r, 0, "adj.", tbl_num(f->t, r, LIFT_P_ADJUSTED), "n/a", level, buf,
                   len);
}

static size_t forest_y(const void *chart, size_t i)
{
    (void)chart;
    return i;
}

static const char *forest_colour(const void *chart, size_t i)
{
    (void)chart;
    (void)i;
    return "#222222";
}

/* The data rows, one per comparison. */
static void forest_rows(plot_ctx *c, const forest *f)
{
    for (size_t i = 0; i < f->k; i++) {
        char label[600];
        forest_label(f, i, label, sizeof(label));
        lk_csv_put_long(c->csv, (long long)i);
        plot_put_text(c, label);
        plot_copy_cells(c, f->rows[i], forest_cells, 7);
        lk_csv_end_row(c->csv);
    }
}

int plot_forest(plot_ctx *c, lk_error *err)
{
    forest f = {.t = c->t};
    int rc = forest_select(c, &f, err);
    if (rc)
        return rc;
    char what[256];
    if (f.all || !strcmp(f.metric, "response_target"))
        snprintf(what, sizeof(what), "Relative lift%s, with %s",
                 f.all ? "" : " in target response", c->level);
    else
        snprintf(what, sizeof(what), "Relative lift in %s, with %s", f.metric, c->level);
    plot_set_title(c, what);
    static const char *const head[] = {"pos", "label", "metric", "arm", "vs",
                                       "lift", "lift_lo", "lift_hi", "p_adjusted"};
    lk_csv_put_header(c->csv, head, 9);
    gp_preamble(c, NULL);
    lift_forest pf = {&f, f.rows, f.k, 0, forest_label, forest_text, forest_y, forest_colour};
    size_t lw, rw;
    plot_forest_axes(c, &pf, &lw, &rw);
    plot_forest_labels(c, &pf);
    forest_rows(c, &f);
    gp_begin_plot(c, 1200, 160 + 70 * (int)f.k);
    for (size_t i = 0; i < f.k; i++)
        fprintf(c->gp,
                "    'forest.csv' skip 1 using ($1 == %zu ? $6 * 100 : 1/0):1:($7 * 100):($8 * 100) "
                "with xerrorbars pt 7 ps 1.8 lw 2.5 lc rgb '%s'%s\n",
                i, armset_colour(&f.arms, (size_t)f.arm_of[i]), i + 1 < f.k ? ", \\" : "");
    gp_end_outputs(c);
    return LK_OK;
}
