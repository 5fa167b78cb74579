/*
 * plot.h - the charts of docs/methods.md, "Charts and report", drawn by gnuplot.
 *
 * Each chart is made from one table whose format another command writes
 * (lift table, accrual, attribution mix, power curve, Qini curve).  For a
 * chart KIND the writer leaves four files in the output folder:
 *   KIND.csv  the numbers drawn, copied from the table as they were written;
 *   KIND.gp   a gnuplot script that reads KIND.csv from its own folder;
 *   KIND.png  and KIND.svg, drawn by running "gnuplot KIND.gp" there.
 * so an analyst can edit the script and rerun it.  gnuplot runs as a child
 * process (no shell).  Nothing is left behind when a step fails.
 *
 * Arms keep one colour everywhere (charts and report): the champion is
 * blue, challengers take the next colours in experiment-file order, the
 * control is grey.
 */
#ifndef LIFTKIT_PLOT_H
#define LIFTKIT_PLOT_H

#include <stddef.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"

typedef enum lk_plot_kind {
    LK_PLOT_RATE,      /* response rate per arm with CI bars (lift table) */
    LK_PLOT_FOREST,    /* relative lift and CI per comparison (lift table) */
    LK_PLOT_ACCRUAL,   /* cumulative response rate by day, per arm */
    LK_PLOT_MIX,       /* direct / halo / none by channel and by product */
    LK_PLOT_POWER,     /* power against size or lift */
    LK_PLOT_QINI,      /* Qini curve per model score */
    LK_PLOT_PRESSURE,  /* units by contacts per unit, per arm (contacts --histogram) */
    LK_PLOT_SEGMENTS,  /* relative lift by segment per comparison (lift --by table) */
    LK_PLOT_MATRIX,    /* response rate by month, product and channel (liftkit matrix) */
    LK_PLOT_COUNT
} lk_plot_kind;

/* "rate", "forest", ... */
const char *lk_plot_kind_name(lk_plot_kind kind);
/* The kind called name, or -1. */
int lk_plot_kind_from_name(const char *name);

/* The columns the kind's table must have, comma-separated (for help texts). */
const char *lk_plot_kind_columns(lk_plot_kind kind);

typedef struct lk_plot_options {
    const lk_experiment *exp;  /* optional: arm order and roles (colours), alpha,
                                  experiment name in titles */
    const char *metric;        /* rate, forest: metric rows to draw; NULL means
                                  response_target; "all" (forest only) draws every metric */
    const char *title;         /* NULL: the kind's own title */
    const char *gnuplot;       /* program to run; NULL: "gnuplot" on PATH */
    const char *arm, *vs;      /* segments: only the comparisons of this arm and/or
                                  against this baseline; NULL: every one */
    const char *name;          /* the four files' name instead of the kind's (letters,
                                  digits, '-' and '_', at most 40); NULL: the kind's */
} lk_plot_options;

/*
 * Draw chart kind from the table at table_path into folder dir (created if
 * missing; NULL means ".").  Errors: LK_EDATA with file:line:column for a
 * missing column, a bad number or a table with nothing to draw; LK_EIO
 * when a file cannot be written, gnuplot cannot be found ("cannot run
 * 'gnuplot'") or fails (its last message is quoted).
 */
int lk_plot(lk_plot_kind kind, const char *table_path, const char *dir,
            const lk_plot_options *opt, lk_error *err);

/*
 * The colour ("#rrggbb") of arm index arm of exp, as the charts draw it.
 * The string is static.
 */
const char *lk_plot_arm_colour(const lk_experiment *exp, size_t arm);

#endif
