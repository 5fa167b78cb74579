/*
 * plot.c - charts drawn by gnuplot from liftkit's tables (see plot.h).
 *
 * Each kind draws one typed table (tables here are small): it checks it,
 * writes KIND.csv (the numbers drawn, copied as the table's text) and
 * KIND.gp (a script that reads KIND.csv relative to its own folder and
 * writes KIND.png and KIND.svg).  Then gnuplot runs in that folder
 * (plot_run.c).  Every text from data, options or paths enters a script
 * only through gp_str (a single-quoted literal, where gnuplot runs no
 * backquoted command), and charts draw in non-enhanced mode, so arm names
 * are shown as they are and never run.  The kinds
 * are drawn in plot_lift.c, plot_mix.c and plot_curves.c.  Invariant: on
 * any error the four files are gone.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>

#include "report/plot_int.h"
#include "tables/columns.h"
#include "util/path.h"

static const char *const kind_names[LK_PLOT_COUNT] = {
    "rate", "forest", "accrual", "mix", "power", "qini", "pressure", "segments", "matrix"};

static int (*const drawers[LK_PLOT_COUNT])(plot_ctx *, lk_error *) = {
    plot_rate, plot_forest, plot_accrual, plot_mix, plot_power, plot_qini, plot_pressure,
    plot_segments, plot_matrix};

static const tbl_desc *const kind_tables[LK_PLOT_COUNT] = {
    &tbl_lift, &tbl_lift, &tbl_accrual, &tbl_mix, &tbl_curve, &tbl_qini, &tbl_pressure,
    &tbl_lift_segment, &tbl_matrix};

/* The lift table's columns rate, forest and segments need; the other kinds need all. */
static const unsigned long long kind_needs[LK_PLOT_COUNT] = {
    TBL_COL(LIFT_METRIC) | TBL_COL(LIFT_ARM) | TBL_COL(LIFT_ROLE) | TBL_COL(LIFT_N) |
        TBL_COL(LIFT_VALUE) | TBL_COL(LIFT_VALUE_LO) | TBL_COL(LIFT_VALUE_HI),
    TBL_COL(LIFT_METRIC) | TBL_COL(LIFT_ARM) | TBL_COL(LIFT_VS) | TBL_COL(LIFT_LIFT) |
        TBL_COL(LIFT_LIFT_LO) | TBL_COL(LIFT_LIFT_HI) | TBL_COL(LIFT_P_ADJUSTED),
    TBL_ALL, TBL_ALL, TBL_ALL, TBL_ALL, TBL_ALL,
    TBL_COL(LIFTSEG_SEGMENT) | TBL_COL(1 + LIFT_METRIC) | TBL_COL(1 + LIFT_ARM) |
        TBL_COL(1 + LIFT_VS) | TBL_COL(1 + LIFT_LIFT) | TBL_COL(1 + LIFT_LIFT_LO) |
        TBL_COL(1 + LIFT_LIFT_HI),
    TBL_ALL};

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

const tbl_desc *plot_kind_table(lk_plot_kind kind)
{
    return kind_tables[kind];
}

unsigned long long plot_kind_needs(lk_plot_kind kind)
{
    return kind_needs[kind];
}

const char *lk_plot_kind_columns(lk_plot_kind kind)
{
    /* Built once from the descriptors; the texts never change after. */
    static char text[LK_PLOT_COUNT][256];
    if (kind >= LK_PLOT_COUNT)
        return "";
    if (!text[kind][0]) {
        const tbl_desc *d = kind_tables[kind];
        size_t at = 0;
        for (size_t c = 0; c < d->ncols; c++)
            if (kind_needs[kind] & TBL_COL(c))
                at += (size_t)snprintf(text[kind] + at, sizeof(text[kind]) - at, "%s%s",
                                       at ? "," : "", d->names[c]);
    }
    return text[kind];
}

/* ---- arms and their colours ---- */

int plot_role_from_name(const char *s)
{
    if (!strcmp(s, "champion"))
        return LK_ROLE_CHAMPION;
    if (!strcmp(s, "challenger"))
        return LK_ROLE_CHALLENGER;
    if (!strcmp(s, "control"))
        return LK_ROLE_CONTROL;
    if (!strcmp(s, "universal"))
        return LK_ROLE_UNIVERSAL;
    return -1;
}

static int armset_find(const armset *a, const char *name)
{
    for (size_t i = 0; i < a->n; i++)
        if (!strcmp(a->name[i], name))
            return (int)i;
    return -1;
}

void armset_init(armset *a, const lk_experiment *exp)
{
    a->n = 0;
    for (size_t i = 0; exp && i < exp->narms && i < MAX_SERIES; i++) {
        a->name[a->n] = exp->arms[i].name;
        a->role[a->n++] = (int)exp->arms[i].role;
    }
}

int armset_add(armset *a, const char *name, int role, const char *path,
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

const char *armset_colour(const armset *a, size_t i)
{
    int any_role = 0;
    for (size_t k = 0; k < a->n; k++)
        any_role |= a->role[k] >= 0;
    if (!any_role)
        return palette[i % NPALETTE];
    if (a->role[i] == LK_ROLE_CHAMPION)
        return palette[0];
    if (a->role[i] == LK_ROLE_CONTROL || a->role[i] == LK_ROLE_UNIVERSAL)
        return control_colour;
    size_t k = 0;
    for (size_t j = 0; j < i; j++)
        k += a->role[j] != LK_ROLE_CHAMPION && a->role[j] != LK_ROLE_CONTROL &&
             a->role[j] != LK_ROLE_UNIVERSAL;
    return palette[1 + k % (NPALETTE - 1)];
}

const char *lk_plot_arm_colour(const lk_experiment *exp, size_t arm)
{
    armset a;
    armset_init(&a, exp);
    return arm < a.n ? armset_colour(&a, arm) : palette[arm % NPALETTE];
}

const char *plot_palette(size_t i)
{
    return palette[i % NPALETTE];
}

/* ---- writing the script ---- */

/*
 * The one way text reaches a script.  gnuplot expands backquotes (shell
 * commands) inside double-quoted strings and never inside single-quoted
 * ones; so every text is single-quoted literals, a quote and a line
 * break the constants "'" and "\n" joined to them (gnuplot misreads a
 * literal that starts with ''), and other control bytes become '?'.  No byte of s can end the literal, the line
 * or the command.
 */
void gp_str(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '\'')
            fputs("'.\"'\".'", f);
        else if (ch == '\n')
            fputs("'.\"\\n\".'", f);
        else if (ch == '\r')
            continue;
        else if (ch < 0x20 || ch == 0x7f)
            fputc('?', f);
        else
            fputc(ch, f);
    }
    fputc('\'', f);
}

void gp_preamble(plot_ctx *c, const char *settings, ...)
{
    const char *k = c->stem;
    fprintf(c->gp,
            "# %s.gp - drawn by 'liftkit plot %s' from ",
            k, kind_names[c->kind]);
    gp_str(c->gp, c->table_path);
    fprintf(c->gp,
            "\n# Reads %s.csv beside it; rerun after editing with: gnuplot %s.gp\n"
            "set datafile separator comma\n"
            "set encoding utf8\n"
            "set border 3 lw 1.2 lc rgb '#555555'\n"
            "set tics nomirror out scale 0.6 textcolor rgb '#333333'\n"
            "set grid lw 1 lc rgb '#e3e3e3'\n"
            "set key noenhanced textcolor rgb '#333333' spacing 1.3\n"
            "set style fill solid 0.9 noborder\nset pointintervalbox 0\n"
            "set title font ',17' textcolor rgb '#222222'\n",
            k, k);
    fprintf(c->gp, "set title ");
    gp_str(c->gp, c->opt->title ? c->opt->title : c->title);
    fputc('\n', c->gp);
    if (settings) {
        va_list ap;
        va_start(ap, settings);
        vfprintf(c->gp, settings, ap);
        va_end(ap);
    }
}

void gp_begin_outputs(plot_ctx *c, int width, int height)
{
    const char *k = c->stem;
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

void gp_end_outputs(plot_ctx *c)
{
    fprintf(c->gp, "  unset output\n}\n");
}

void gp_begin_plot(plot_ctx *c, int width, int height)
{
    gp_begin_outputs(c, width, height);
    fprintf(c->gp, "  plot \\\n");
}

void gp_curve_title(plot_ctx *c, const char *name, int more)
{
    gp_str(c->gp, name);
    fprintf(c->gp, "%s\n", more ? ", \\" : "");
}

char *plot_unit_noun(const plot_ctx *c, int cap, char *buf, size_t len)
{
    lk_unit_noun(c->opt && c->opt->exp ? c->opt->exp->unit : NULL, buf, len);
    if (strpbrk(buf, "'\\"))
        snprintf(buf, len, "units");
    if (cap)
        buf[0] = (char)toupper((unsigned char)buf[0]);
    return buf;
}

void plot_set_title(plot_ctx *c, const char *what)
{
    const lk_experiment *exp = c->opt->exp;
    if (exp)
        snprintf(c->title, sizeof(c->title), "%s (%s)", what, exp->name);
    else
        snprintf(c->title, sizeof(c->title), "%s", what);
}

/* gnuplot reads a data file line by line: a line break inside a quoted field would cut its row. */
void plot_put_text(plot_ctx *c, const char *s)
{
    if (!strpbrk(s, "\r\n")) {
        lk_csv_put_str(c->csv, s);
        return;
    }
    char *t = strdup(s);
    if (!t) {
        lk_csv_put_str(c->csv, "?");
        return;
    }
    for (char *p = t; (p = strpbrk(p, "\r\n")); p++)
        *p = ' ';
    lk_csv_put_str(c->csv, t);
    free(t);
}

void plot_copy_cells(plot_ctx *c, size_t r, const int *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        plot_put_text(c, tbl_get(c->t, r, (size_t)cols[i]));
}

/* KIND.csv of plot_rows_by_arm: the rows of each arm in arms' order. */
static void put_rows_by_arm(plot_ctx *c, const int *cols, size_t n, const armset *arms,
                            const int *arm_of)
{
    const char *head[1 + 16] = {"arm_index"};
    for (size_t i = 0; i < n && i < 16; i++)
        head[i + 1] = c->t->desc->names[cols[i]];
    lk_csv_put_header(c->csv, head, n + 1);
    for (size_t a = 0; a < arms->n; a++)
        for (size_t r = 0; r < c->t->nrows; r++) {
            if (arm_of[r] != (int)a)
                continue;
            lk_csv_put_long(c->csv, (long long)a);
            plot_copy_cells(c, r, cols, n);
            lk_csv_end_row(c->csv);
        }
}

int plot_rows_by_arm(plot_ctx *c, const int *cols, size_t n, armset *arms,
                     int used[MAX_SERIES], lk_error *err)
{
    const tbl *t = c->t;
    if (t->nrows == 0)
        return lk_error_set(err, LK_EDATA, c->table_path, 0, 0, "no rows to draw");
    armset_init(arms, c->opt->exp);
    int *arm_of = malloc(t->nrows * sizeof(*arm_of));
    if (!arm_of)
        return lk_error_nomem(err);
    for (size_t r = 0; r < t->nrows; r++) {
        arm_of[r] = armset_add(arms, tbl_get(t, r, (size_t)cols[0]), -1, c->table_path, err);
        if (arm_of[r] < 0) {
            free(arm_of);
            return LK_EDATA;
        }
        used[arm_of[r]] = 1;
    }
    put_rows_by_arm(c, cols, n, arms, arm_of);
    free(arm_of);
    return LK_OK;
}

/* ---- series ---- */

int series_add(series *s, const char *name, const char *path, lk_error *err)
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

int plot_order_rows(const double *x, const int *ser, size_t n, size_t *order, lk_error *err)
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
    const char *kind = c->stem;
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
        rc = lk_output_commit_now(csv_out, err);
    else if (csv_out)
        lk_output_abort(csv_out);
    if (!rc)
        rc = lk_output_commit_now(gp_out, err);
    else if (gp_out)
        lk_output_abort(gp_out);
    free(csv_path);
    free(gp_path);
    return rc;
}

int plot_chart_start(plot_chart *ch, lk_plot_kind kind, const tbl *t, const char *source,
                     const char *dir, const lk_plot_options *opt, lk_error *err)
{
    static const lk_plot_options defaults = {0};
    ch->gp.pid = -1;
    ch->stem[0] = '\0';
    if (kind >= LK_PLOT_COUNT)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "unknown chart kind");
    plot_ctx c = {.kind = kind, .t = t, .table_path = source ? source : t->path ? t->path : "",
                  .opt = opt ? opt : &defaults, .stem = kind_names[kind]};
    if (c.opt->name) {
        size_t n = strspn(c.opt->name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                       "0123456789-_");
        if (!n || n > 40 || c.opt->name[n])
            return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "bad chart file name '%s'",
                                c.opt->name);
        c.stem = c.opt->name;
    }
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
    char script[64];
    snprintf(script, sizeof(script), "%s.gp", c.stem);
    snprintf(ch->stem, sizeof(ch->stem), "%s", c.stem);
    rc = plot_gnuplot_start(&ch->gp, dir, c.opt->gnuplot ? c.opt->gnuplot : "gnuplot", script,
                            err);
    if (rc)
        remove_outputs(dir, c.stem);
    return rc;
}

int plot_chart_finish(plot_chart *ch, lk_error *err)
{
    if (ch->gp.pid < 0)
        return LK_OK;
    int rc = plot_gnuplot_finish(&ch->gp, err);
    if (!rc)
        rc = check_outputs(ch->gp.dir, ch->stem, err);
    if (rc)
        remove_outputs(ch->gp.dir, ch->stem);
    return rc;
}

int plot_table(lk_plot_kind kind, const tbl *t, const char *source, const char *dir,
               const lk_plot_options *opt, lk_error *err)
{
    plot_chart ch;
    int rc = plot_chart_start(&ch, kind, t, source, dir, opt, err);
    return rc ? rc : plot_chart_finish(&ch, err);
}

int lk_plot(lk_plot_kind kind, const char *table_path, const char *dir,
            const lk_plot_options *opt, lk_error *err)
{
    if (kind >= LK_PLOT_COUNT)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "unknown chart kind");
    tbl *t;
    int rc = tbl_read(&t, table_path, kind_tables[kind], kind_needs[kind], err);
    if (rc)
        return rc;
    rc = plot_table(kind, t, NULL, dir, opt, err);
    tbl_free(t);
    return rc;
}
