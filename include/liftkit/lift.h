/*
 * lift.h - the lift table of docs/methods.md, "Lift".
 *
 * One row per metric and arm: the arm's rate (or mean) with its interval,
 * and, when the arm is compared with a baseline, the difference, the
 * relative lift, the p-value (Holm-adjusted per metric and baseline), the
 * test used and, for rates, the Bayesian prob_better and expected_loss.
 * Each challenger is compared with the champion; champion and challengers
 * are each compared with the control, so a challenger has two rows when
 * there is a control.  Every row carries the sample-ratio-mismatch p-value
 * of the whole experiment.
 *
 * The table is computed from per-arm sufficient statistics (n, sum, sum of
 * squares per metric), whether they come from lk_units (raw data) or from
 * a summary file made elsewhere (a SQL GROUP BY), so both paths give the
 * same numbers by construction.  Undefined results are NaN and are written
 * as empty cells (null in JSON).
 */
#ifndef LIFTKIT_LIFT_H
#define LIFTKIT_LIFT_H

#include <stddef.h>
#include <stdio.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/format.h"
#include "liftkit/units.h"

/* ---- per-arm sufficient statistics ---- */

typedef struct lk_arm_sums {
    double n, sum, sumsq;       /* units, sum of the metric, sum of its squares */
    double sum_x, sum_x2, sum_xy;   /* CUPED: the covariate's sums (with has_x) */
    double n_capped;            /* units whose value was capped; NaN: no cap */
} lk_arm_sums;

/*
 * Sums per metric and arm: at[m * narms + a].  present[m] says whether the
 * metric has sums at all (a summary file may carry only some metrics);
 * has_x[m] whether they include a covariate's.  cap[m] is the cap the
 * units were given (NaN: none or not known, as for a summary file).
 */
#define LK_LIFT_EXACT_SUMS 5

typedef struct lk_lift_sums {
    size_t narms;
    lk_arm_sums *at;            /* [LK_METRIC_COUNT * narms] */
    int present[LK_METRIC_COUNT];
    int has_x[LK_METRIC_COUNT];
    double cap[LK_METRIC_COUNT];
    int has_unit;               /* a summary file named its unit (column 'unit') */
    size_t nevents;             /* guardrail events with sums (rows event_<name>): */
    char **event_names;         /* their names without the prefix ("opt_out"), in byte
                                   order, owned */
    lk_arm_sums *event_at;      /* [e * narms + a]: n = the arm's units, sum = sumsq =
                                   those with event e in the window */
    struct lk_exact *exact;     /* the exact sums behind at[] (library-internal),
                                   [(m * narms + a) * LK_LIFT_EXACT_SUMS + k], k: sum,
                                   sumsq, sum_x, sum_x2, sum_xy; NULL: at[] is all */
} lk_lift_sums;

/*
 * Sums of every metric from raw units, with the covariate exp's [cuped]
 * names for a metric when u holds it (see lk_units_covariate; an empty
 * covariate counts as 0), and the caps u was given.  The caller frees
 * with lk_lift_sums_free.
 */
int lk_lift_sums_from_units(lk_lift_sums **out, const lk_units *u, const lk_experiment *exp,
                            lk_error *err);

/*
 * Read a summary file: CSV with columns arm,metric,n,sum,sumsq, one row per
 * arm and metric (responders = sum for the binary metrics; sumsq may be
 * empty for them), and optionally unit (the column counted, which must
 * equal the experiment's unit) and sum_x,sum_x2,sum_xy (a covariate's sums
 * for CUPED; all three or none per row, and for every arm of a metric).
 * Every arm of the experiment must have a row for each metric the file
 * mentions, with the same n across metrics; arms and metrics must be
 * known, n a whole number >= 0, binary sums whole numbers in [0, n], sum
 * of squares consistent with the sum.  Rows whose metric is event_<name>
 * are a guardrail event's (units with the event: a rate, no covariate
 * sums), read into event_names and event_at; they too need every arm and
 * the arm's n.  Bad rows are LK_EDATA errors located at file:line:column.
 */
int lk_lift_sums_read(lk_lift_sums **out, const lk_experiment *exp, const char *path,
                      lk_error *err);

/*
 * Read several summary files (partial summaries of one experiment, e.g. of
 * partitions computed apart) and add them row by row: n, sum, sumsq and the
 * covariate sums of each arm and metric are the totals over the files.
 * Each file is checked row by row as above and may not repeat an arm and
 * metric; the checks of completeness, of one n per arm across metrics and
 * of covariate sums for every arm of a metric apply to the totals.  One
 * file is exactly lk_lift_sums_read.
 */
int lk_lift_sums_read_many(lk_lift_sums **out, const lk_experiment *exp,
                           const char *const *paths, size_t npaths, lk_error *err);

/*
 * Write sums as a summary file (the format lk_lift_sums_read reads, with
 * the unit column and the covariate sums where present), with full
 * precision so that reading it back gives the same table.
 */
int lk_lift_sums_write(const lk_lift_sums *s, const lk_experiment *exp, FILE *f,
                       lk_error *err);

void lk_lift_sums_free(lk_lift_sums *s);

/*
 * Give s (made from u) the sums of the events of ev (read for u): per
 * event and arm, the arm's units and those with the event in the window,
 * which lk_lift_sums_write writes as event_<name> rows.  LK_OK, or LK_EIO
 * when out of memory.
 */
struct lk_events;
int lk_lift_sums_add_events(lk_lift_sums *s, const lk_units *u, const struct lk_events *ev,
                            lk_error *err);

/* A new all-zero sums of narms arms, or NULL when out of memory. */
lk_lift_sums *lk_lift_sums_new(size_t narms);

/*
 * Add src into dst (same arms): n, sum, sumsq and the covariate sums of
 * every arm and metric, and the metrics present in either (has_x, caps and
 * n_capped are left alone).  A moment added to lk_arm_sums is added here.
 */
void lk_lift_sums_add(lk_lift_sums *dst, const lk_lift_sums *src);

/* ---- the table ---- */

typedef enum lk_lift_test {
    LK_TEST_NONE,               /* no comparison on this row */
    LK_TEST_Z,                  /* pooled two-proportion z-test */
    LK_TEST_FISHER,             /* Fisher's exact test (an expected cell below 5) */
    LK_TEST_WELCH,              /* Welch t-test (means) */
    LK_TEST_SEQUENTIAL,         /* always-valid confidence sequence (sequential.h) */
    LK_TEST_CUPED               /* CUPED-adjusted difference, normal test (docs/methods.md) */
} lk_lift_test;

/* "z", "fisher", "welch", "sequential", "cuped", or "" for LK_TEST_NONE. */
const char *lk_lift_test_name(lk_lift_test t);

typedef struct lk_lift_row {
    lk_metric metric;
    int arm;                    /* index into the experiment's arms */
    lk_role role;
    double n;
    double value, value_lo, value_hi;   /* rate (Wilson) or mean (t interval) */
    int vs;                     /* baseline arm index, -1 on a row with no comparison */
    double diff, diff_lo, diff_hi;      /* value - baseline value (Newcombe / Welch / CUPED) */
    double lift, lift_lo, lift_hi;      /* value / baseline value - 1 (Katz / Fieller /
                                           CUPED delta) */
    double p_value, p_adjusted;         /* two-sided; Holm per metric, baseline and
                                           test kind (CUPED rows are their own family) */
    lk_lift_test test;
    double prob_better, expected_loss;  /* rates only; NaN for means */
    double srm_p;               /* the experiment's sample-ratio-mismatch p-value */
    /* The columns appended after srm_p, in the order of docs/formats.md: */
    double cap;                 /* cap applied to the metric's unit values; NaN: none */
    double n_capped;            /* units of this arm whose value was lowered; NaN: no cap */
    const char *note;           /* static text: why a bound is empty; NULL: none */
    double theta, variance_reduction;   /* CUPED rows; NaN elsewhere */
    const char *guardrail;      /* static "pass" / "fail" / "inconclusive"; NULL: none */
    double p_fdr;               /* Benjamini-Hochberg over segments; NaN without --by */
    size_t event;               /* 0 on a standard metric's row; k on the row of the
                                   metric t->event_names[k - 1] (metric LK_METRIC_COUNT) */
    int segment;                /* index into the table's segments; -1: (all) */
} lk_lift_row;

typedef struct lk_lift_table {
    size_t nrows;
    lk_lift_row *rows;          /* metric order of docs/methods.md, arms in file order,
                                   vs champion before vs control */
    size_t narms;
    char **arm_names;           /* copies of the experiment's arm names */
    lk_role *roles;
    double *arm_n;              /* units per arm (for SRM) */
    char *experiment;           /* the experiment's name */
    double alpha;
    int sequential;             /* intervals and p-values are always-valid */
    char as_of[11];             /* an interim read's last day (YYYY-MM-DD, interim.h);
                                   "" on a final read; the caller sets it */
    int as_of_day, window;      /* its day of the window, and the window (days) */
    int has_control;
    double srm_p, srm_chi2;
    int untrustworthy;          /* srm_p < LK_SRM_THRESHOLD */
    char *covariate[LK_METRIC_COUNT];   /* CUPED's covariate per metric with CUPED rows */
    size_t nevents;
    char **event_names;         /* "event_opt_out", for rows with event > 0 */
    int segmented;              /* made by lift --by: the segment column is written */
    size_t nsegments;
    char **segments;            /* segment labels (values joined by LK_SEGMENT_SEP) */
} lk_lift_table;

/*
 * Compute the table from sums.  Rows are made for every metric present in
 * sums.  With exp->sequential the difference and the relative lift carry
 * GrowthBook's always-valid intervals (tuning exp->sequential_tuning), the
 * p-value is the difference's always-valid p-value (Holm-adjusted as
 * usual) and test is LK_TEST_SEQUENTIAL; prob_better stays Bayesian.  A
 * metric with a covariate's sums (has_x) and a covariate in exp's [cuped]
 * also gets a CUPED row (test cuped) after each comparison row; event
 * sums (nevents) add their rows after the metrics (lk_lift_add_event_sums).  Fails
 * with LK_EIO when out of memory or when GSL's integration
 * fails.  The caller owns *out and frees it with lk_lift_table_free.
 */
int lk_lift_compute_sums(lk_lift_table **out, const lk_experiment *exp,
                         const lk_lift_sums *sums, lk_error *err);

/* The same from raw units (every metric). */
int lk_lift_compute_units(lk_lift_table **out, const lk_experiment *exp, const lk_units *u,
                          lk_error *err);

void lk_lift_table_free(lk_lift_table *t);

/* The metric's name of a row: lk_metric_name, or "event_<name>". */
const char *lk_lift_row_metric(const lk_lift_table *t, const lk_lift_row *row);

/*
 * Append to t the rows of the metric event_<name> for every event of ev
 * (share of units with the event in the window; rows made as a rate's,
 * Holm-adjusted per event and baseline), and on every comparison row of
 * an event with a [guardrails] margin the non-inferiority verdict
 * (noninferiority.h, at the experiment's alpha).  ev is an lk_events
 * (events.h) read for u.  LK_OK, or LK_EIO (memory, integration).
 */
int lk_lift_add_events(lk_lift_table *t, const lk_experiment *exp, const lk_units *u,
                       const struct lk_events *ev, lk_error *err);

/*
 * The same rows from the event sums of s (s->nevents of them, from a
 * summary): lk_lift_compute_sums appends them, so a table from a summary
 * carries the events its sums carry.
 */
int lk_lift_add_event_sums(lk_lift_table *t, const lk_experiment *exp, const lk_lift_sums *s,
                           lk_error *err);

/* The arm name of a row (t->arm_names[row->arm]); vs name or NULL. */
const char *lk_lift_row_arm(const lk_lift_table *t, const lk_lift_row *row);
const char *lk_lift_row_vs(const lk_lift_table *t, const lk_lift_row *row);

/*
 * Write the table: csv (the columns of docs/methods.md, "Lift", numbers with
 * 12 significant digits, NaN empty), json (an object with the experiment,
 * the SRM check, notes and the rows; NaN as null) or md (a table a person
 * reads, with a warning line when the experiment is untrustworthy and a
 * note when there is no control).  Returns LK_OK or LK_EIO.
 */
int lk_lift_write(const lk_lift_table *t, FILE *f, lk_format format, lk_error *err);

/*
 * The response-accrual table: for each arm and day 0..window, the units,
 * the cumulative target responders by days since start (from
 * first_target_day), and their rate.  CSV columns arm,day,n,responders,rate.
 */
int lk_lift_write_accrual(const lk_units *u, const lk_experiment *exp, FILE *f,
                          lk_error *err);

#endif
