/*
 * plot.c - charts drawn by gnuplot from liftkit's tables (see plot.h).
 *
 * Each kind reads its table whole (tables here are small), checks it, and
 * writes KIND.csv (the numbers drawn, copied as text) and KIND.gp (a script
 * that reads KIND.csv relative to its own folder and writes KIND.png and
 * KIND.svg).  Then gnuplot runs in that folder as a child process with the
 * script's name as its only argument.  Scripts quote every string that came
 * from data and draw in non-enhanced mode, so arm names are shown as they
 * are.  Invariant: on any error the four files are gone.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>

#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/plot.h"

#include "tables/table.h"
#include "util/path.h"

#define MAX_SERIES 64

static const char *const kind_names[LK_PLOT_COUNT] = {
    "rate", "forest", "accrual", "mix", "power", "qini"};

static const char *const kind_columns[LK_PLOT_COUNT] = {
    "metric,arm,role,n,value,value_lo,value_hi",
    "metric,arm,vs,lift,lift_lo,lift_hi,p_adjusted",
    "arm,day,n,responders,rate",
    "by,key,response,openings,credit",
    "baseline,treated,n_baseline,n_treated,n_total,power",
    "score,n,fraction,qini,uplift"};

/* Okabe-Ito colours, which stay apart for colour-blind readers. */
static const char *const palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                      "#D55E00", "#56B4E9", "#8C6D31", "#000000"};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))
static const char control_colour[] = "#8C8C8C";

const char *lk_plot_kind_name(lk_plot_kind kind)
{
    return kind < LK_PLOT_COUNT ? kind_names[kind] : "?";
}

int lk_plot_kind_from_name(const char *name)
{
    for (int k = 0; k < LK_PLOT_COUNT; k++)
        if (!strcmp(name, kind_names[k]))
            return k;
    return -1;
}

const char *lk_plot_kind_columns(lk_plot_kind kind)
{
    return kind < LK_PLOT_COUNT ? kind_columns[kind] : "";
}

/* ---- arms and their colours ---- */

typedef struct armset {
    size_t n;
    const char *name[MAX_SERIES];   /* borrowed from the table or experiment */
    int role[MAX_SERIES];           /* lk_role, or -1 when unknown */
} armset;

static int role_from_name(const char *s)
{
    if (!strcmp(s, "champion"))
        return LK_ROLE_CHAMPION;
    if (!strcmp(s, "challenger"))
        return LK_ROLE_CHALLENGER;
    if (!strcmp(s, "control"))
        return LK_ROLE_CONTROL;
    return -1;
}

static int armset_find(const armset *a, const char *name)
{
    for (size_t i = 0; i < a->n; i++)
        if (!strcmp(a->name[i], name))
            return (int)i;
    return -1;
}

/* The experiment's arms first, in file order, so colours follow the file. */
static void armset_init(armset *a, const lk_experiment *exp)
{
    a->n = 0;
    for (size_t i = 0; exp && i < exp->narms && i < MAX_SERIES; i++) {
        a->name[a->n] = exp->arms[i].name;
        a->role[a->n++] = (int)exp->arms[i].role;
    }
}

static int armset_add(armset *a, const char *name, int role, const char *path,
                      lk_error *err)
{
    int i = armset_find(a, name);
    if (i >= 0) {
        if (a->role[i] < 0)
            a->role[i] = role;
        return i;
    }
    if (a->n == MAX_SERIES) {
        lk_error_set(err, LK_EDATA, path, 0, 0, "more than %d arms or series to draw",
                     MAX_SERIES);
        return -1;
    }
    a->name[a->n] = name;
    a->role[a->n] = role;
    return (int)a->n++;
}

static const char *armset_colour(const armset *a, size_t i)
{
    int any_role = 0;
    for (size_t k = 0; k < a->n; k++)
        any_role |= a->role[k] >= 0;
    if (!any_role)
        return palette[i % NPALETTE];
    if (a->role[i] == LK_ROLE_CHAMPION)
        return palette[0];
    if (a->role[i] == LK_ROLE_CONTROL)
        return control_colour;
    size_t k = 0;
    for (size_t j = 0; j < i; j++)
        k += a->role[j] != LK_ROLE_CHAMPION && a->role[j] != LK_ROLE_CONTROL;
    return palette[1 + k % (NPALETTE - 1)];
}

const char *lk_plot_arm_colour(const lk_experiment *exp, size_t arm)
{
    armset a;
    armset_init(&a, exp);
    return arm < a.n ? armset_colour(&a, arm) : palette[arm % NPALETTE];
}

/* ---- writing the script ---- */

/* A gnuplot double-quoted string with s inside. */
static void gp_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        if (*s == '\n')
            fputs("\\n", f);
        else if (*s != '\r')
            fputc(*s, f);
    }
    fputc('"', f);
}

typedef struct plot_ctx {
    lk_plot_kind kind;
    const char *table_path;
    const lk_plot_options *opt;
    FILE *gp;                  /* the script */
    lk_csv_writer *csv;        /* KIND.csv */
    char title[512];
    char level[32];            /* "95% CI" or "CI" */
} plot_ctx;

static void gp_preamble(plot_ctx *c)
{
    const char *k = kind_names[c->kind];
    fprintf(c->gp,
            "# %s.gp - drawn by 'liftkit plot %s' from %s\n"
            "# Reads %s.csv beside it; rerun after editing with: gnuplot %s.gp\n"
            "set datafile separator comma\n"
            "set encoding utf8\n"
            "set border 3 lw 1.2 lc rgb '#555555'\n"
            "set tics nomirror out scale 0.6 textcolor rgb '#333333'\n"
            "set grid lw 1 lc rgb '#e3e3e3'\n"
            "set key noenhanced textcolor rgb '#333333' spacing 1.3\n"
            "set style fill solid 0.9 noborder\nset pointintervalbox 0\n"
            "set title font ',17' textcolor rgb '#222222'\n",
            k, k, c->table_path, k, k);
    if (!c->opt->title) {
        fprintf(c->gp, "set title ");
        gp_str(c->gp, c->title);
        fputc('\n', c->gp);
    } else {
        fprintf(c->gp, "set title ");
        gp_str(c->gp, c->opt->title);
        fputc('\n', c->gp);
    }
}

/* Open the loop that draws the same chart as PNG and as SVG. */
static void gp_begin_outputs(plot_ctx *c, int width, int height)
{
    const char *k = kind_names[c->kind];
    fprintf(c->gp,
            "do for [fmt in \"png svg\"] {\n"
            "  if (fmt eq \"png\") {\n"
            "    set terminal pngcairo size %d,%d font 'DejaVu Sans,13' noenhanced background rgb 'white'\n"
            "  } else {\n"
            "    set terminal svg size %d,%d dynamic font 'DejaVu Sans,13' noenhanced background rgb 'white'\n"
            "  }\n"
            "  set output '%s.'.fmt\n",
            width, height, width, height, k);
}

static void gp_end_outputs(plot_ctx *c)
{
    fprintf(c->gp, "  unset output\n}\n");
}

static void set_title(plot_ctx *c, const char *what)
{
    const lk_experiment *exp = c->opt->exp;
    if (exp)
        snprintf(c->title, sizeof(c->title), "%s (%s)", what, exp->name);
    else
        snprintf(c->title, sizeof(c->title), "%s", what);
}

/* ---- rate: response rate per arm with CI bars ---- */

enum { R_METRIC, R_ARM, R_ROLE, R_N, R_VALUE, R_LO, R_HI };

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

static int is_rate_metric(const char *m)
{
    return !strncmp(m, "response_", 9);
}

typedef struct rate_chart {
    tbl *t;
    const char *metric;
    armset arms;
    long row_of[MAX_SERIES];   /* each arm's first row of the metric, or -1 */
    size_t k;                  /* arms drawn */
} rate_chart;

/* One bar per arm: its first row of the metric (an arm compared twice has two). */
static int rate_select(plot_ctx *c, rate_chart *rate, lk_error *err)
{
    const tbl *t = rate->t;
    rate->metric = metric_of(c, t, R_METRIC);
    armset_init(&rate->arms, c->opt->exp);
    for (size_t i = 0; i < MAX_SERIES; i++)
        rate->row_of[i] = -1;
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(tbl_get(t, r, R_METRIC), rate->metric))
            continue;
        int a = armset_add(&rate->arms, tbl_get(t, r, R_ARM),
                           role_from_name(tbl_get(t, r, R_ROLE)), c->table_path, err);
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
        for (size_t col = R_ARM; col <= R_HI; col++)
            lk_csv_put_str(c->csv, tbl_get(rate->t, r, col));
        lk_csv_end_row(c->csv);
        char label[512];
        snprintf(label, sizeof(label), "%s\nn = %s", tbl_get(rate->t, r, R_ARM),
                 fmt_count(tbl_num(rate->t, r, R_N), num, sizeof(num)));
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

static int plot_rate(plot_ctx *c, lk_error *err)
{
    static const tbl_column cols[] = {
        {"metric", TBL_TEXT}, {"arm", TBL_TEXT}, {"role", TBL_TEXT}, {"n", TBL_NUM},
        {"value", TBL_OPTNUM}, {"value_lo", TBL_OPTNUM}, {"value_hi", TBL_OPTNUM}};
    rate_chart rate = {0};
    int rc = tbl_load(&rate.t, c->table_path, cols, 7, err);
    if (!rc)
        rc = rate_select(c, &rate, err);
    if (rc) {
        tbl_free(rate.t);
        return rc;
    }
    const char *metric = rate.metric;
    int pct = is_rate_metric(metric);
    char what[256];
    snprintf(what, sizeof(what), "%s by arm, with %s",
             !strcmp(metric, "response_target") ? "Target response rate"
             : !strcmp(metric, "response_any") ? "Response rate (any product)"
                                                : metric,
             c->level);
    set_title(c, what);
    static const char *const head[] = {"pos", "arm", "role", "n", "value", "value_lo", "value_hi"};
    lk_csv_put_header(c->csv, head, 7);
    gp_preamble(c);
    fprintf(c->gp, "set ylabel %s\nset xlabel 'Arm (n = units assigned)' offset 0,-0.6\nset bmargin 5.5\n",
            pct ? "'Response rate (%)'" : "'Mean per unit'");
    fprintf(c->gp, "unset key\nset grid noxtics ytics\nset yrange [0:*]\n"
                   "set offsets 0, 0, graph 0.12, 0\nset boxwidth 0.62\n"
                   "set xrange [-0.6:%zu.4]\n", rate.k - 1);
    rate_rows(c, &rate);
    fprintf(c->gp, "scale = %s\n", pct ? "100" : "1");
    gp_begin_outputs(c, 1000, 600);
    rate_plot(c, &rate);
    gp_end_outputs(c);
    tbl_free(rate.t);
    return LK_OK;
}

/* ---- forest: relative lift of each comparison with its CI ---- */

enum { F_METRIC, F_ARM, F_VS, F_LIFT, F_LO, F_HI, F_P };

static void forest_range(const tbl *t, const size_t *rows, size_t k, double *lo, double *hi)
{
    *lo = 0;
    *hi = 0;
    for (size_t i = 0; i < k; i++)
        for (int col = F_LIFT; col <= F_HI; col++) {
            double v = tbl_num(t, rows[i], (size_t)col) * 100;
            if (isfinite(v)) {
                *lo = fmin(*lo, v);
                *hi = fmax(*hi, v);
            }
        }
    double pad = fmax((*hi - *lo) * 0.08, 1);
    *lo -= pad;
    *hi += pad;
}

static void forest_text(const tbl *t, size_t r, const char *level, char *buf, size_t len)
{
    char l[48], a[48], b[48], p[48];
    double pv = tbl_num(t, r, F_P);
    if (!isfinite(tbl_num(t, r, F_LIFT))) {
        snprintf(buf, len, "n/a");
        return;
    }
    fmt_pct(tbl_num(t, r, F_LIFT), 1, 1, l, sizeof(l));
    fmt_pct(tbl_num(t, r, F_LO), 1, 1, a, sizeof(a));
    fmt_pct(tbl_num(t, r, F_HI), 1, 1, b, sizeof(b));
    if (isfinite(pv))
        snprintf(p, sizeof(p), ", p adj. %s%.2g", pv < 0.001 ? "< " : "", pv < 0.001 ? 0.001 : pv);
    else
        p[0] = '\0';
    snprintf(buf, len, "%s  (%s %s to %s%s)", l, level, a, b, p);
}

typedef struct forest {
    tbl *t;
    const char *metric;
    int all;                   /* every metric: labels name the metric */
    armset arms;
    size_t k;                  /* comparisons drawn */
    size_t rows[MAX_SERIES];   /* their rows in t */
    int arm_of[MAX_SERIES];    /* their arm in arms */
} forest;

/* The comparisons to draw: rows with a 'vs', of the metric (or all). */
static int forest_select(plot_ctx *c, forest *f, lk_error *err)
{
    const tbl *t = f->t;
    f->metric = metric_of(c, t, F_METRIC);
    f->all = !strcmp(f->metric, "all");
    armset_init(&f->arms, c->opt->exp);
    for (size_t r = 0; r < t->nrows; r++) {
        if (!*tbl_get(t, r, F_VS) || (!f->all && strcmp(tbl_get(t, r, F_METRIC), f->metric)))
            continue;
        int a = f->k < MAX_SERIES
                    ? armset_add(&f->arms, tbl_get(t, r, F_ARM), -1, c->table_path, err)
                    : -1;
        if (a < 0)
            return lk_error_set(err, LK_EDATA, c->table_path, t->line[r], 0,
                                "more than %d comparisons or arms to draw", MAX_SERIES);
        f->arm_of[f->k] = a;
        f->rows[f->k++] = r;
    }
    if (f->k == 0)
        return lk_error_set(err, LK_EDATA, c->table_path, 0, 0,
                            "no comparison rows (non-empty 'vs') with metric '%s' to draw",
                            f->metric);
    return LK_OK;
}

static void forest_label(const forest *f, size_t i, char *buf, size_t len)
{
    size_t r = f->rows[i];
    if (f->all)
        snprintf(buf, len, "%s: %s vs %s", tbl_get(f->t, r, F_METRIC), tbl_get(f->t, r, F_ARM),
                 tbl_get(f->t, r, F_VS));
    else
        snprintf(buf, len, "%s vs %s", tbl_get(f->t, r, F_ARM), tbl_get(f->t, r, F_VS));
}

/* Axes, zero line and margins sized (in characters) to the labels and texts. */
static void forest_axes(plot_ctx *c, const forest *f)
{
    double lo, hi;
    forest_range(f->t, f->rows, f->k, &lo, &hi);
    size_t lw = 10, rw = 10;
    for (size_t i = 0; i < f->k; i++) {
        char text[512], label[600];
        forest_text(f->t, f->rows[i], c->level, text, sizeof(text));
        forest_label(f, i, label, sizeof(label));
        rw = strlen(text) > rw ? strlen(text) : rw;
        lw = strlen(label) > lw ? strlen(label) : lw;
    }
    fprintf(c->gp,
            "unset key\nset grid xtics noytics\nset border 1\nset xlabel 'Relative lift (%%)'\n"
            "set xrange [%.6g:%.6g]\nset yrange [%zu.6:-0.6]\nset rmargin %zu\n"
            "set lmargin %zu\n"
            "set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead dt 2 lw 2 "
            "lc rgb '#444444' back\n",
            lo, hi, f->k - 1, rw + 1, lw + 3);
}

/* The data rows, one y tic label per comparison, and the texts beside them. */
static void forest_rows(plot_ctx *c, const forest *f)
{
    fprintf(c->gp, "set ytics scale 0 (");
    for (size_t i = 0; i < f->k; i++) {
        char label[600];
        forest_label(f, i, label, sizeof(label));
        lk_csv_put_long(c->csv, (long long)i);
        lk_csv_put_str(c->csv, label);
        for (size_t col = F_METRIC; col <= F_P; col++)
            lk_csv_put_str(c->csv, tbl_get(f->t, f->rows[i], col));
        lk_csv_end_row(c->csv);
        fprintf(c->gp, "%s", i ? ", " : "");
        gp_str(c->gp, label);
        fprintf(c->gp, " %zu", i);
    }
    fprintf(c->gp, ")\n");
    for (size_t i = 0; i < f->k; i++) {
        char text[512];
        forest_text(f->t, f->rows[i], c->level, text, sizeof(text));
        fprintf(c->gp, "set label %zu ", i + 10);
        gp_str(c->gp, text);
        fprintf(c->gp, " at graph 1.02, first %zu left textcolor rgb '#222222'\n", i);
    }
}

static int plot_forest(plot_ctx *c, lk_error *err)
{
    static const tbl_column cols[] = {
        {"metric", TBL_TEXT}, {"arm", TBL_TEXT}, {"vs", TBL_TEXT}, {"lift", TBL_OPTNUM},
        {"lift_lo", TBL_OPTNUM}, {"lift_hi", TBL_OPTNUM}, {"p_adjusted", TBL_OPTNUM}};
    forest f = {0};
    int rc = tbl_load(&f.t, c->table_path, cols, 7, err);
    if (!rc)
        rc = forest_select(c, &f, err);
    if (rc) {
        tbl_free(f.t);
        return rc;
    }
    char what[256];
    if (f.all || !strcmp(f.metric, "response_target"))
        snprintf(what, sizeof(what), "Relative lift%s, with %s",
                 f.all ? "" : " in target response", c->level);
    else
        snprintf(what, sizeof(what), "Relative lift in %s, with %s", f.metric, c->level);
    set_title(c, what);
    static const char *const head[] = {"pos", "label", "metric", "arm", "vs",
                                       "lift", "lift_lo", "lift_hi", "p_adjusted"};
    lk_csv_put_header(c->csv, head, 9);
    gp_preamble(c);
    forest_axes(c, &f);
    forest_rows(c, &f);
    gp_begin_outputs(c, 1200, 160 + 70 * (int)f.k);
    fprintf(c->gp, "  plot \\\n");
    for (size_t i = 0; i < f.k; i++)
        fprintf(c->gp,
                "    'forest.csv' skip 1 using ($1 == %zu ? $6 * 100 : 1/0):1:($7 * 100):($8 * 100) "
                "with xerrorbars pt 7 ps 1.8 lw 2.5 lc rgb '%s'%s\n",
                i, armset_colour(&f.arms, (size_t)f.arm_of[i]), i + 1 < f.k ? ", \\" : "");
    gp_end_outputs(c);
    tbl_free(f.t);
    return LK_OK;
}

/* ---- accrual: cumulative response rate by day, per arm ---- */

enum { A_ARM, A_DAY, A_N, A_RESP, A_RATE };

static int plot_accrual(plot_ctx *c, lk_error *err)
{
    static const tbl_column cols[] = {{"arm", TBL_TEXT}, {"day", TBL_NUM}, {"n", TBL_NUM},
                                      {"responders", TBL_NUM}, {"rate", TBL_OPTNUM}};
    tbl *t;
    int rc = tbl_load(&t, c->table_path, cols, 5, err);
    if (rc)
        return rc;
    if (t->nrows == 0) {
        tbl_free(t);
        return lk_error_set(err, LK_EDATA, c->table_path, 0, 0, "no rows to draw");
    }
    armset arms;
    armset_init(&arms, c->opt->exp);
    int *arm_of = malloc(t->nrows * sizeof(*arm_of));
    if (!arm_of) {
        tbl_free(t);
        return lk_error_nomem(err);
    }
    int used[MAX_SERIES] = {0};
    for (size_t r = 0; r < t->nrows; r++) {
        arm_of[r] = armset_add(&arms, tbl_get(t, r, A_ARM), -1, c->table_path, err);
        if (arm_of[r] < 0) {
            free(arm_of);
            tbl_free(t);
            return LK_EDATA;
        }
        used[arm_of[r]] = 1;
    }
    set_title(c, "Response accrual: cumulative target response rate by day");
    static const char *const head[] = {"arm_index", "arm", "day", "n", "responders", "rate"};
    lk_csv_put_header(c->csv, head, 6);
    for (size_t a = 0; a < arms.n; a++)
        for (size_t r = 0; r < t->nrows; r++) {
            if (arm_of[r] != (int)a)
                continue;
            lk_csv_put_long(c->csv, (long long)a);
            for (size_t col = A_ARM; col <= A_RATE; col++)
                lk_csv_put_str(c->csv, tbl_get(t, r, col));
            lk_csv_end_row(c->csv);
        }
    gp_preamble(c);
    fprintf(c->gp, "set key top left box lc rgb '#cccccc' opaque\n"
                   "set xlabel 'Days since campaign start'\n"
                   "set ylabel 'Cumulative response rate (%%)'\n"
                   "set xrange [0:*]\nset yrange [0:*]\n");
    gp_begin_outputs(c, 1000, 600);
    fprintf(c->gp, "  plot \\\n");
    size_t left = 0;
    for (size_t a = 0; a < arms.n; a++)
        left += used[a];
    for (size_t a = 0; a < arms.n; a++) {
        if (!used[a])
            continue;
        fprintf(c->gp, "    'accrual.csv' skip 1 using ($1 == %zu ? $3 : 1/0):($6 * 100) "
                       "with steps lw 3 lc rgb '%s' title ",
                a, armset_colour(&arms, a));
        gp_str(c->gp, arms.name[a]);
        fprintf(c->gp, "%s\n", --left ? ", \\" : "");
    }
    gp_end_outputs(c);
    free(arm_of);
    tbl_free(t);
    return LK_OK;
}

/* ---- mix: direct / halo / none by channel and by product ---- */

enum { M_BY, M_KEY, M_RESPONSE, M_OPENINGS, M_CREDIT };

typedef struct mix_group {
    int by;                    /* 0 channel, 1 product */
    const char *key;
    double credit[3];          /* direct, halo, none */
} mix_group;

static const char *const mix_by[] = {"channel", "product"};
static const char *const mix_resp[] = {"direct", "halo", "none"};

static int mix_index(const char *s, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s, names[i]))
            return (int)i;
    return -1;
}

static int mix_collect(const tbl *t, mix_group *g, size_t *ng, lk_error *err)
{
    *ng = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        int by = mix_index(tbl_get(t, r, M_BY), mix_by, 2);
        int resp = mix_index(tbl_get(t, r, M_RESPONSE), mix_resp, 3);
        if (by < 0)
            return lk_error_set(err, LK_EDATA, t->path, t->line[r], 0,
                                "invalid value '%.40s' in column 'by', expected channel or product",
                                tbl_get(t, r, M_BY));
        if (resp < 0)
            return lk_error_set(err, LK_EDATA, t->path, t->line[r], 0,
                                "invalid value '%.40s' in column 'response', expected direct, "
                                "halo or none",
                                tbl_get(t, r, M_RESPONSE));
        size_t i = 0;
        while (i < *ng && !(g[i].by == by && !strcmp(g[i].key, tbl_get(t, r, M_KEY))))
            i++;
        if (i == *ng) {
            if (*ng == MAX_SERIES)
                return lk_error_set(err, LK_EDATA, t->path, t->line[r], 0,
                                    "more than %d channels and products to draw", MAX_SERIES);
            g[i] = (mix_group){by, tbl_get(t, r, M_KEY), {0, 0, 0}};
            (*ng)++;
        }
        g[i].credit[resp] += tbl_num(t, r, M_CREDIT);
    }
    return LK_OK;
}

static void mix_panel(plot_ctx *c, const mix_group *g, size_t ng, int by)
{
    size_t k = 0;
    fprintf(c->gp, "  set title '%s %s'\n  set xtics scale 0 (", "By", mix_by[by]);
    for (size_t i = 0; i < ng; i++) {
        if (g[i].by != by)
            continue;
        fprintf(c->gp, "%s", k ? ", " : "");
        int none = !*g[i].key || (by == 0 && !strcmp(g[i].key, "none"));
        gp_str(c->gp, none ? "(no offer)" : g[i].key);
        fprintf(c->gp, " %zu", k++);
    }
    fprintf(c->gp, ")\n  set xrange [-0.6:%zu.4]\n", k - 1);
    if (k > 4)
        fprintf(c->gp, "  set xtics rotate by 30 right\n");
    else
        fprintf(c->gp, "  set xtics norotate center\n");
    const char *sel = by ? "strcol(1) eq \"product\"" : "strcol(1) eq \"channel\"";
    fprintf(c->gp,
            "  plot 'mix.csv' skip 1 using (%s ? $2 : 1/0):7 with boxes lc rgb '#BDBDBD' "
            "title 'none (organic)', \\\n"
            "       'mix.csv' skip 1 using (%s ? $2 : 1/0):($4 + $5) with boxes lc rgb '#F4A582' "
            "title 'halo (other product)', \\\n"
            "       'mix.csv' skip 1 using (%s ? $2 : 1/0):4 with boxes lc rgb '#1B7837' "
            "title 'direct (offered product)'\n",
            sel, sel, sel);
}

static int plot_mix(plot_ctx *c, lk_error *err)
{
    static const tbl_column cols[] = {{"by", TBL_TEXT}, {"key", TBL_TEXT},
                                      {"response", TBL_TEXT}, {"openings", TBL_NUM},
                                      {"credit", TBL_NUM}};
    tbl *t;
    int rc = tbl_load(&t, c->table_path, cols, 5, err);
    if (rc)
        return rc;
    mix_group g[MAX_SERIES];
    size_t ng;
    rc = mix_collect(t, g, &ng, err);
    if (!rc && ng == 0)
        rc = lk_error_set(err, LK_EDATA, c->table_path, 0, 0, "no rows to draw");
    if (rc) {
        tbl_free(t);
        return rc;
    }
    int has[2] = {0, 0};
    static const char *const head[] = {"by", "pos", "key", "direct", "halo", "none", "total"};
    lk_csv_put_header(c->csv, head, 7);
    for (int by = 0; by < 2; by++) {
        long pos = 0;
        for (size_t i = 0; i < ng; i++) {
            if (g[i].by != by)
                continue;
            has[by] = 1;
            lk_csv_put_str(c->csv, mix_by[by]);
            lk_csv_put_long(c->csv, pos++);
            lk_csv_put_str(c->csv, g[i].key);
            for (int k = 0; k < 3; k++)
                lk_csv_put_double(c->csv, g[i].credit[k], 12);
            lk_csv_put_double(c->csv, g[i].credit[0] + g[i].credit[1] + g[i].credit[2], 12);
            lk_csv_end_row(c->csv);
        }
    }
    set_title(c, "Attribution mix: openings credited direct, halo or none");
    const char *title = c->opt->title ? c->opt->title : c->title;
    gp_preamble(c);
    fprintf(c->gp, "unset title\nset grid noxtics ytics\nset boxwidth 0.65\n"
                   "set ylabel 'Openings credited'\nset yrange [0:*]\n"
                   "set offsets 0, 0, graph 0.3, 0\n"
                   "set key top right box lc rgb '#cccccc' opaque\n");
    gp_begin_outputs(c, 1200, 600);
    fprintf(c->gp, "  set multiplot layout 1,%d title ", has[0] + has[1]);
    gp_str(c->gp, title);
    fprintf(c->gp, " font ',17'\n");
    for (int by = 0; by < 2; by++)
        if (has[by])
            mix_panel(c, g, ng, by);
    fprintf(c->gp, "  unset multiplot\n");
    gp_end_outputs(c);
    tbl_free(t);
    return LK_OK;
}

/* ---- power: power against size (or against lift at a fixed size) ---- */

enum { P_BASE, P_TREATED, P_NB, P_NT, P_NTOTAL, P_POWER };

typedef struct series {
    size_t n;
    const char *name[MAX_SERIES];
} series;

static int series_add(series *s, const char *name, const char *path, lk_error *err)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->name[i], name))
            return (int)i;
    if (s->n == MAX_SERIES)
        return lk_error_set(err, LK_EDATA, path, 0, 0, "more than %d curves to draw",
                            MAX_SERIES), -1;
    s->name[s->n] = name;
    return (int)s->n++;
}

/* Row order within each series by x, ascending (GSL sorts). */
static int order_rows(const double *x, const int *ser, size_t n, size_t *order, lk_error *err)
{
    double *key = malloc(n * sizeof(*key));
    if (!key)
        return lk_error_nomem(err);
    double xmax = 0;
    for (size_t i = 0; i < n; i++)
        xmax = fmax(xmax, fabs(x[i]));
    for (size_t i = 0; i < n; i++)
        key[i] = ser[i] * (2 * xmax + 1) + x[i];
    gsl_sort_index(order, key, 1, n);
    free(key);
    return LK_OK;
}

/* Series labels are built into one buffer; ser_label[i] points into it. */
static int plot_power(plot_ctx *c, lk_error *err)
{
    static const tbl_column cols[] = {
        {"baseline", TBL_NUM}, {"treated", TBL_NUM}, {"n_baseline", TBL_NUM},
        {"n_treated", TBL_NUM}, {"n_total", TBL_NUM}, {"power", TBL_NUM}};
    tbl *t;
    int rc = tbl_load(&t, c->table_path, cols, 6, err);
    if (rc)
        return rc;
    size_t n = t->nrows;
    if (n == 0) {
        tbl_free(t);
        return lk_error_set(err, LK_EDATA, c->table_path, 0, 0, "no rows to draw");
    }
    /* By size when some (baseline, treated) pair has several sizes, else by lift. */
    char (*key)[96] = calloc(n, sizeof(*key));
    int *ser = calloc(n, sizeof(*ser));
    double *x = calloc(n, sizeof(*x));
    size_t *order = calloc(n, sizeof(*order));
    if (!key || !ser || !x || !order) {
        rc = lk_error_nomem(err);
        goto done;
    }
    int by_size = 0;
    for (size_t i = 0; i < n && !by_size; i++)
        for (size_t j = i + 1; j < n && !by_size; j++)
            by_size = tbl_num(t, i, P_BASE) == tbl_num(t, j, P_BASE) &&
                      tbl_num(t, i, P_TREATED) == tbl_num(t, j, P_TREATED);
    series s = {0};
    for (size_t i = 0; i < n; i++) {
        char a[24], b[24], d[24], m[24];
        double p1 = tbl_num(t, i, P_BASE), p2 = tbl_num(t, i, P_TREATED);
        fmt_pct(p1, 2, 0, a, sizeof(a));
        if (by_size) {
            fmt_pct(p2, 2, 0, b, sizeof(b));
            fmt_pct(p1 > 0 ? p2 / p1 - 1 : NAN, 1, 1, d, sizeof(d));
            snprintf(key[i], sizeof(key[i]), "%s \u2192 %s (%s relative)", a, b, d);
            x[i] = tbl_num(t, i, P_NTOTAL);
        } else {
            fmt_count(tbl_num(t, i, P_NTOTAL), m, sizeof(m));
            snprintf(key[i], sizeof(key[i]), "%s customers, baseline %s", m, a);
            x[i] = p1 > 0 ? (p2 / p1 - 1) * 100 : 0;
        }
        if ((ser[i] = series_add(&s, key[i], c->table_path, err)) < 0) {
            rc = LK_EDATA;
            goto done;
        }
    }
    if ((rc = order_rows(x, ser, n, order, err)))
        goto done;
    set_title(c, by_size ? "Power of the test by sample size" : "Power of the test by true lift");
    static const char *const head[] = {"series", "baseline", "treated", "n_baseline",
                                       "n_treated", "n_total", "power"};
    lk_csv_put_header(c->csv, head, 7);
    for (size_t i = 0; i < n; i++) {
        size_t r = order[i];
        lk_csv_put_long(c->csv, ser[r]);
        for (size_t col = P_BASE; col <= P_POWER; col++)
            lk_csv_put_str(c->csv, tbl_get(t, r, col));
        lk_csv_end_row(c->csv);
    }
    gp_preamble(c);
    fprintf(c->gp,
            "set key bottom right box lc rgb '#cccccc' opaque\n"
            "set xlabel %s\nset ylabel 'Power (%%)'\nset yrange [0:100]\nset xrange [*:*]\n"
            "set format x %s\n"
            "set arrow 1 from graph 0, first 80 to graph 1, first 80 nohead dt 2 lw 1.5 "
            "lc rgb '#444444'\n"
            "set label 1 '80%% power' at graph 0.01, first 80 offset 0, 0.8 textcolor rgb '#444444'\n",
            by_size ? "'Customers in the comparison (baseline + treated)'"
                    : "'True relative lift (%)'",
            by_size ? "'%.0f'" : "'%+.0f%%'");
    gp_begin_outputs(c, 1000, 600);
    fprintf(c->gp, "  plot \\\n");
    for (size_t i = 0; i < s.n; i++) {
        fprintf(c->gp, "    'power.csv' skip 1 using ($1 == %zu ? %s : 1/0):($7 * 100) "
                       "with linespoints pt 7 ps 0.8 lw 2.5 lc rgb '%s' title ",
                i, by_size ? "$6" : "($3 / $2 - 1) * 100", palette[i % NPALETTE]);
        gp_str(c->gp, s.name[i]);
        fprintf(c->gp, "%s\n", i + 1 < s.n ? ", \\" : "");
    }
    gp_end_outputs(c);
done:
    free(key);
    free(ser);
    free(x);
    free(order);
    tbl_free(t);
    return rc;
}

/* ---- qini: Qini curve per model score ---- */

enum { Q_SCORE, Q_N, Q_FRACTION, Q_QINI, Q_UPLIFT };
#define QINI_POINTS 1000

static int plot_qini(plot_ctx *c, lk_error *err)
{
    static const tbl_column cols[] = {{"score", TBL_TEXT}, {"n", TBL_NUM},
                                      {"fraction", TBL_NUM}, {"qini", TBL_NUM},
                                      {"uplift", TBL_OPTNUM}};
    tbl *t;
    int rc = tbl_load(&t, c->table_path, cols, 5, err);
    if (rc)
        return rc;
    size_t n = t->nrows;
    int *ser = calloc(n ? n : 1, sizeof(*ser));
    double *x = calloc(n ? n : 1, sizeof(*x));
    size_t *order = calloc(n ? n : 1, sizeof(*order));
    series s = {0};
    double end_x[MAX_SERIES], end_y[MAX_SERIES];
    if (!ser || !x || !order) {
        rc = lk_error_nomem(err);
        goto done;
    }
    if (n == 0) {
        rc = lk_error_set(err, LK_EDATA, c->table_path, 0, 0, "no rows to draw");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if ((ser[i] = series_add(&s, tbl_get(t, i, Q_SCORE), c->table_path, err)) < 0) {
            rc = LK_EDATA;
            goto done;
        }
        x[i] = tbl_num(t, i, Q_N);
    }
    if ((rc = order_rows(x, ser, n, order, err)))
        goto done;
    for (size_t i = 0; i < n; i++) {
        size_t r = order[i];
        end_x[ser[r]] = tbl_num(t, r, Q_FRACTION) * 100;
        end_y[ser[r]] = tbl_num(t, r, Q_QINI);
    }
    set_title(c, "Qini curves by model score");
    static const char *const head[] = {"series", "score", "n", "fraction", "qini", "uplift"};
    lk_csv_put_header(c->csv, head, 6);
    /* A curve of a million units has a point per tie block: draw at most
       QINI_POINTS per curve (every k-th, the first and the last kept). */
    size_t count[MAX_SERIES] = {0}, seen[MAX_SERIES] = {0};
    for (size_t i = 0; i < n; i++)
        count[ser[i]]++;
    for (size_t i = 0; i < n; i++) {
        size_t r = order[i], k = (size_t)ser[r];
        size_t step = (count[k] + QINI_POINTS - 1) / QINI_POINTS;
        size_t at = seen[k]++;
        if (at % step != 0 && at + 1 != count[k])
            continue;
        lk_csv_put_long(c->csv, ser[r]);
        for (size_t col = Q_SCORE; col <= Q_UPLIFT; col++)
            lk_csv_put_str(c->csv, tbl_get(t, r, col));
        lk_csv_end_row(c->csv);
    }
    gp_preamble(c);
    fprintf(c->gp, "set key bottom right box lc rgb '#cccccc' opaque\n"
                   "set xlabel 'Customers targeted, highest score first (%%)'\n"
                   "set ylabel 'Incremental responders (Qini)'\nset xrange [0:100]\n");
    for (size_t i = 0; i < s.n; i++)
        fprintf(c->gp, "set arrow %zu from 0, 0 to %.10g, %.10g nohead dt 3 lw 2 lc rgb '%s'\n",
                i + 1, end_x[i], end_y[i], palette[i % NPALETTE]);
    gp_begin_outputs(c, 1000, 600);
    fprintf(c->gp, "  plot \\\n");
    for (size_t i = 0; i < s.n; i++) {
        fprintf(c->gp, "    'qini.csv' skip 1 using ($1 == %zu ? $4 * 100 : 1/0):5 "
                       "with lines lw 3 lc rgb '%s' title ",
                i, palette[i % NPALETTE]);
        gp_str(c->gp, s.name[i]);
        fprintf(c->gp, ", \\\n");
    }
    fprintf(c->gp, "    keyentry with lines dt 3 lw 2 lc rgb '#666666' "
                   "title 'random targeting (dotted)'\n");
    gp_end_outputs(c);
done:
    free(ser);
    free(x);
    free(order);
    tbl_free(t);
    return rc;
}

/* ---- running gnuplot ---- */

static void last_line(char *buf, size_t len)
{
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
        buf[--len] = '\0';
    char *nl = strrchr(buf, '\n');
    if (nl)
        memmove(buf, nl + 1, strlen(nl + 1) + 1);
}

static void child_exec(const char *dir, const char *prog, const char *script, int errfd,
                       int statfd)
{
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
    }
    dup2(errfd, STDERR_FILENO);
    int e = 0;
    if (chdir(dir) != 0)
        e = errno;
    else {
        char *const args[] = {(char *)prog, (char *)script, NULL};
        execvp(prog, args);
        e = errno;
    }
    ssize_t w = write(statfd, &e, sizeof(e));
    (void)w;
    _exit(127);
}

static int run_gnuplot(const char *dir, const char *prog, const char *script, lk_error *err)
{
    int errp[2], statp[2];
    if (pipe2(errp, O_CLOEXEC) != 0)
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot create pipe: %s", strerror(errno));
    if (pipe2(statp, O_CLOEXEC) != 0) {
        close(errp[0]);
        close(errp[1]);
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot create pipe: %s", strerror(errno));
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        child_exec(dir, prog, script, errp[1], statp[1]);
    close(errp[1]);
    close(statp[1]);
    if (pid < 0) {
        close(errp[0]);
        close(statp[0]);
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot start gnuplot: %s", strerror(errno));
    }
    int child_errno = 0;
    ssize_t got = read(statp[0], &child_errno, sizeof(child_errno));
    close(statp[0]);
    char msg[4096];
    size_t len = 0;
    ssize_t k;
    while ((k = read(errp[0], msg + len, sizeof(msg) - 1 - len)) > 0 || (k < 0 && errno == EINTR))
        if (k > 0 && (len += (size_t)k) == sizeof(msg) - 1)
            len = 0; /* keep reading; only the end matters */
    msg[len] = '\0';
    close(errp[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (got == (ssize_t)sizeof(child_errno)) {
        if (child_errno == ENOENT)
            return lk_error_set(err, LK_EIO, NULL, 0, 0,
                                "cannot run '%s': not found; install gnuplot (Debian package "
                                "gnuplot-nox) or put it on PATH",
                                prog);
        return lk_error_set(err, LK_EIO, dir, 0, 0, "cannot run '%s': %s", prog,
                            strerror(child_errno));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        last_line(msg, strlen(msg));
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "gnuplot failed on '%s/%s'%s%.300s", dir,
                            script, *msg ? ": " : "", msg);
    }
    return LK_OK;
}

/* ---- files ---- */

static char *join(const char *dir, const char *kind, const char *ext)
{
    size_t n = strlen(dir) + strlen(kind) + strlen(ext) + 3;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s.%s", dir, kind, ext);
    return p;
}

static void remove_outputs(const char *dir, const char *kind)
{
    static const char *const ext[] = {"csv", "gp", "png", "svg"};
    for (size_t i = 0; i < 4; i++) {
        char *p = join(dir, kind, ext[i]);
        if (p)
            unlink(p);
        free(p);
    }
}

static int (*const drawers[LK_PLOT_COUNT])(plot_ctx *, lk_error *) = {
    plot_rate, plot_forest, plot_accrual, plot_mix, plot_power, plot_qini};

static int check_outputs(const char *dir, const char *kind, lk_error *err)
{
    static const char *const ext[] = {"png", "svg"};
    for (size_t i = 0; i < 2; i++) {
        char *p = join(dir, kind, ext[i]);
        struct stat st;
        int ok = p && stat(p, &st) == 0 && st.st_size > 0;
        if (!ok) {
            lk_error_set(err, LK_EIO, p ? p : dir, 0, 0, "gnuplot wrote no image");
            free(p);
            return LK_EIO;
        }
        free(p);
    }
    return LK_OK;
}

/* Write KIND.csv and KIND.gp; both or neither. */
static int write_files(plot_ctx *c, const char *dir, lk_error *err)
{
    const char *kind = kind_names[c->kind];
    char *csv_path = join(dir, kind, "csv"), *gp_path = join(dir, kind, "gp");
    lk_output *csv_out = NULL, *gp_out = NULL;
    int rc = LK_OK;
    if (!csv_path || !gp_path)
        rc = lk_error_nomem(err);
    if (!rc)
        rc = lk_output_open(&csv_out, csv_path, err);
    if (!rc)
        rc = lk_output_open(&gp_out, gp_path, err);
    if (!rc) {
        c->gp = lk_output_file(gp_out);
        c->csv = lk_csv_writer_new(lk_output_file(csv_out));
        if (!c->csv)
            rc = lk_error_nomem(err);
    }
    if (!rc)
        rc = drawers[c->kind](c, err);
    if (c->csv)
        lk_csv_writer_free(c->csv);
    if (!rc)
        rc = lk_output_commit(csv_out, err);
    else if (csv_out)
        lk_output_abort(csv_out);
    if (!rc)
        rc = lk_output_commit(gp_out, err);
    else if (gp_out)
        lk_output_abort(gp_out);
    free(csv_path);
    free(gp_path);
    return rc;
}

int lk_plot(lk_plot_kind kind, const char *table_path, const char *dir,
            const lk_plot_options *opt, lk_error *err)
{
    static const lk_plot_options defaults = {0};
    if (kind >= LK_PLOT_COUNT)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "unknown chart kind");
    plot_ctx c = {.kind = kind, .table_path = table_path, .opt = opt ? opt : &defaults};
    if (c.opt->exp)
        snprintf(c.level, sizeof(c.level), "%g%% CI", 100 * (1 - c.opt->exp->alpha));
    else
        snprintf(c.level, sizeof(c.level), "CI");
    if (!dir || !*dir)
        dir = ".";
    int rc = lk_path_mkdirs(dir, err);
    if (!rc)
        rc = write_files(&c, dir, err);
    if (rc)
        return rc;
    char script[32];
    snprintf(script, sizeof(script), "%s.gp", kind_names[kind]);
    rc = run_gnuplot(dir, c.opt->gnuplot ? c.opt->gnuplot : "gnuplot", script, err);
    if (!rc)
        rc = check_outputs(dir, kind_names[kind], err);
    if (rc)
        remove_outputs(dir, kind_names[kind]);
    return rc;
}
