/*
 * plot_int.h - what the chart kinds share (library-internal): the arms and
 * their colours, the gnuplot script's common parts, and one drawer per
 * kind.  A drawer gets its table already read and checked against the
 * kind's columns, writes the rows it draws to c->csv and the script to
 * c->gp, and fails with a located LK_EDATA when there is nothing to draw.
 */
#ifndef LIFTKIT_PLOT_INT_H
#define LIFTKIT_PLOT_INT_H

#include <stdio.h>

#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/plot.h"
#include "tables/table.h"

#define MAX_SERIES 64

/* Arms (or series) in drawing order with their roles, for colours. */
typedef struct armset {
    size_t n;
    const char *name[MAX_SERIES];   /* borrowed from the table or experiment */
    int role[MAX_SERIES];           /* lk_role, or -1 when unknown */
} armset;

int plot_role_from_name(const char *s);
/* The experiment's arms first, in file order, so colours follow the file. */
void armset_init(armset *a, const lk_experiment *exp);
/* The index of arm name, added if new; -1 (err set) past MAX_SERIES. */
int armset_add(armset *a, const char *name, int role, const char *path, lk_error *err);
const char *armset_colour(const armset *a, size_t i);
/* The i-th colour of the palette, for series that are not arms. */
const char *plot_palette(size_t i);

/* Curves named by a text (scores, power series), in order of appearance. */
typedef struct series {
    size_t n;
    const char *name[MAX_SERIES];
} series;

int series_add(series *s, const char *name, const char *path, lk_error *err);
/* order[0..n): rows sorted by series, then by x ascending. */
int plot_order_rows(const double *x, const int *ser, size_t n, size_t *order, lk_error *err);

typedef struct plot_ctx {
    lk_plot_kind kind;
    const char *stem;          /* the files' name: the kind's, or opt->name */
    const tbl *t;              /* the table drawn */
    const char *table_path;    /* its file, for messages and the script's comment */
    const lk_plot_options *opt;
    FILE *gp;                  /* the script */
    lk_csv_writer *csv;        /* KIND.csv */
    char title[512];
    char level[32];            /* "95% CI" or "CI" */
} plot_ctx;

/* s as one gnuplot single-quoted literal: the only way text enters a script. */
void gp_str(FILE *f, const char *s);
/*
 * The script's start: its comment, the shared style and the title, then
 * the chart's own settings (printf-style; none when NULL).
 */
void gp_preamble(plot_ctx *c, const char *settings, ...)
    __attribute__((format(printf, 2, 3)));
/* Open (and close) the loop that draws the same chart as PNG and as SVG. */
void gp_begin_outputs(plot_ctx *c, int width, int height);
void gp_end_outputs(plot_ctx *c);
/* gp_begin_outputs, then the start of one plot command of several curves. */
void gp_begin_plot(plot_ctx *c, int width, int height);
/* A curve's title (name) and, when more curves follow, the continuation. */
void gp_curve_title(plot_ctx *c, const char *name, int more);
/*
 * The experiment's unit as a plural noun for axes and keys ("households";
 * "customers" without an experiment, "units" for a name that cannot stand
 * in a gnuplot string); Cap: capitalized.
 */
char *plot_unit_noun(const plot_ctx *c, int cap, char *buf, size_t len);
/* The chart's title: what, and the experiment's name when there is one. */
void plot_set_title(plot_ctx *c, const char *what);
/* A text cell of KIND.csv, its line breaks written as spaces. */
void plot_put_text(plot_ctx *c, const char *s);
/* Copy cells cols[0..n) of row r of the table to KIND.csv (no row end). */
void plot_copy_cells(plot_ctx *c, size_t r, const int *cols, size_t n);

/*
 * The charts with a curve (or bars) per arm: find the arm of each row of
 * the table in column cols[0], into arms (from the experiment, then in
 * order of appearance) with used[a] set for each arm that has rows, and
 * write KIND.csv: arm_index then the cells cols[0..n) (with the table's
 * column names as header), arm by arm.  Fails with a located LK_EDATA when
 * the table has no rows or too many arms.
 */
int plot_rows_by_arm(plot_ctx *c, const int *cols, size_t n, armset *arms,
                     int used[MAX_SERIES], lk_error *err);

/*
 * The lift forest, which the segments chart draws too: rows[0..k) of c->t
 * from the top, the lift table's columns from column off (1 in a table per
 * segment); row i at height y(chart, i), named by its label on the left,
 * its lift and interval as text on the right, in colour(chart, i).
 */
typedef struct lift_forest {
    const void *chart;
    const size_t *rows;
    size_t k, off;
    void (*label)(const void *chart, size_t i, char *buf, size_t len);
    void (*text)(const void *chart, size_t i, const char *level, char *buf, size_t len);
    size_t (*y)(const void *chart, size_t i);
    const char *(*colour)(const void *chart, size_t i);
} lift_forest;

/* Axes, zero line and margins, which *lw and *rw get (characters), sized to labels and texts. */
void plot_forest_axes(plot_ctx *c, const lift_forest *f, size_t *lw, size_t *rw);
/* The labels as y tics, and the texts beside the rows. */
void plot_forest_labels(plot_ctx *c, const lift_forest *f);

/*
 * plot_lift_text: row r's "+18.0%  (95% CI +5.1% to +32.2%, p adj. 0.031)"
 * (off as in lift_forest), p its p-value named pname, na the text when it
 * has no lift.  plot_lift_arm: the arm of row r (at column arm_col) as the
 * n-th series, its index in arms; -1 with a located LK_EDATA in err past
 * MAX_SERIES.  plot_no_lift: the error when nothing of metric is left to
 * draw.
 */
void plot_lift_text(const tbl *t, size_t r, size_t off, const char *pname, double p,
                    const char *na, const char *level, char *buf, size_t len);
int plot_lift_arm(plot_ctx *c, armset *arms, size_t n, size_t r, size_t arm_col,
                  lk_error *err);
int plot_no_lift(const plot_ctx *c, const char *metric, lk_error *err);

int plot_rate(plot_ctx *c, lk_error *err);
int plot_forest(plot_ctx *c, lk_error *err);
int plot_accrual(plot_ctx *c, lk_error *err);
int plot_mix(plot_ctx *c, lk_error *err);
/* LK_OK when the mix chart can draw t: known by and response values, rows. */
int plot_mix_check(const tbl *t, const char *path, lk_error *err);
int plot_power(plot_ctx *c, lk_error *err);
int plot_qini(plot_ctx *c, lk_error *err);
/* The Qini chart keeps point at (0-based, in order of n) of a curve of
   count points when plot_qini_keeps: every plot_qini_step-th, and the
   last; a curve of the points kept keeps them all. */
size_t plot_qini_step(size_t count);
int plot_qini_keeps(size_t at, size_t count);
int plot_pressure(plot_ctx *c, lk_error *err);
int plot_segments(plot_ctx *c, lk_error *err);
int plot_matrix(plot_ctx *c, lk_error *err);

/* The table kind draws from and the columns it needs (TBL_COL bits). */
const tbl_desc *plot_kind_table(lk_plot_kind kind);
unsigned long long plot_kind_needs(lk_plot_kind kind);

/*
 * Draw kind from t, already read, into dir, as lk_plot does; source names
 * t's file in messages and the script (NULL: t->path, its file).  t must
 * hold plot_kind_table(kind) with at least the plot_kind_needs(kind) columns.
 */
int plot_table(lk_plot_kind kind, const tbl *t, const char *source, const char *dir,
               const lk_plot_options *opt, lk_error *err);

/* gnuplot (prog) running on script in dir (plot_run.c). */
typedef struct plot_gnuplot {
    int pid;                       /* -1: none running */
    int errfd, statfd;             /* its stderr, and errno when it could not start */
    char dir[4096], prog[256], script[64];
} plot_gnuplot;

/* Start gnuplot, then wait for it: its last message on failure. */
int plot_gnuplot_start(plot_gnuplot *g, const char *dir, const char *prog,
                       const char *script, lk_error *err);
int plot_gnuplot_finish(plot_gnuplot *g, lk_error *err);

/*
 * plot_table in two steps: the chart's files written and gnuplot started,
 * then gnuplot waited for and the images checked (the chart's files
 * removed when they are not all there).  plot_chart_finish of a chart
 * whose start failed does nothing.
 */
typedef struct plot_chart {
    plot_gnuplot gp;
    char stem[48];
} plot_chart;

int plot_chart_start(plot_chart *ch, lk_plot_kind kind, const tbl *t, const char *source,
                     const char *dir, const lk_plot_options *opt, lk_error *err);
int plot_chart_finish(plot_chart *ch, lk_error *err);

/*
 * Charts drawn PLOT_AT_ONCE at a time.  plot_queue_add starts a chart
 * (after waiting for the oldest when that many are running) and sets
 * *drawn to 1 once it is drawn; plot_queue_wait waits for the rest.  The
 * first error in the order the charts were added is the one returned,
 * after every chart started has been waited for.
 */
#define PLOT_AT_ONCE 2
typedef struct plot_queue {
    plot_chart chart[PLOT_AT_ONCE];
    int *drawn[PLOT_AT_ONCE];
    size_t first, n;               /* the oldest running, and how many run */
} plot_queue;

void plot_queue_init(plot_queue *q);
int plot_queue_add(plot_queue *q, lk_plot_kind kind, const tbl *t, const char *source,
                   const char *dir, const lk_plot_options *opt, int *drawn, lk_error *err);
int plot_queue_wait(plot_queue *q, lk_error *err);

#endif
