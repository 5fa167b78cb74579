/*
 * segments.h - the lift table per segment (docs/methods.md, "Segments").
 *
 * lift --by COLUMN[,COLUMN]: the section-7 table of every segment (the
 * units whose values in the --by columns agree), after the table of the
 * whole experiment, "(all)".  Each segment's rows are exactly the table
 * its units alone would give (their own sample-ratio check and Holm
 * families); p_fdr adjusts the segments' p-values of one metric and
 * comparison by Benjamini-Hochberg.  A row whose arm or baseline has fewer
 * than the experiment's min_segment_units units in the segment keeps its
 * counts and rate (or mean) only.  Cochran's Q and I^2 over the segments'
 * log relative lifts say whether the lift differs by segment.
 */
#ifndef LIFTKIT_SEGMENTS_H
#define LIFTKIT_SEGMENTS_H

#include <stddef.h>
#include <stdio.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/lift.h"
#include "liftkit/units.h"

/* Per-arm sums of every segment and of the whole experiment. */
typedef struct lk_segment_sums {
    size_t nby;
    char **by;                  /* the --by column names */
    size_t n;
    char **label;               /* segments in label order (values joined by
                                   LK_SEGMENT_SEP) */
    lk_lift_sums **at;          /* [n] */
    lk_lift_sums *all;          /* the whole experiment */
} lk_segment_sums;

/*
 * From units loaded with their segments (lk_units_options.segments = by):
 * the sums of each segment, and of all units exactly as
 * lk_lift_sums_from_units makes them.  The caller owns *out.
 */
int lk_segment_sums_from_units(lk_segment_sums **out, const lk_units *u,
                               const char *const *by, size_t nby, lk_error *err);

/*
 * Read a summary file whose rows also carry the by columns: one row per
 * segment, arm and metric (a missing arm of a segment has no units).  The
 * whole experiment is the sum of the segments.  Errors as lk_lift_sums_read.
 */
int lk_segment_sums_read(lk_segment_sums **out, const lk_experiment *exp, const char *path,
                         const char *const *by, size_t nby, lk_error *err);

/*
 * The same over several summary files added row by row (the partial
 * summaries of lk_lift_sums_read_many): a segment's rows in several files
 * add up; within one file a repeated segment, arm and metric is an error.
 */
int lk_segment_sums_read_many(lk_segment_sums **out, const lk_experiment *exp,
                              const char *const *paths, size_t npaths, const char *const *by,
                              size_t nby, lk_error *err);

/* Write s in the format lk_segment_sums_read reads (arm,metric,n,sum,sumsq,unit,by...). */
int lk_segment_sums_write(const lk_segment_sums *s, const lk_experiment *exp, FILE *f,
                          lk_error *err);

void lk_segment_sums_free(lk_segment_sums *s);

/*
 * The segmented table: the rows of (all), then each segment's rows, in
 * label order; p_fdr over the segments' rows of one metric, arm and vs.
 * The caller owns *out (lk_lift_table_free).
 */
int lk_lift_compute_segments(lk_lift_table **out, const lk_experiment *exp,
                             const lk_segment_sums *s, lk_error *err);

/*
 * The label as shown: the values joined by '/' (into buf of size len;
 * "(all)" for NULL).  Returns buf.
 */
const char *lk_segment_display(const char *label, char *buf, size_t len);

/*
 * A row's log relative lift and its standard error from its lift
 * interval (as pool.h reads a wave): rates the Katz log interval, means
 * (welch) the delta-method interval.  0, or -1 when the row has none.
 */
int lk_lift_log_ratio(double lift, double lo, double hi, int means, double alpha,
                      double *theta, double *se);

/* Whether the lift differs by segment, for one metric and comparison. */
typedef struct lk_hetero_row {
    lk_metric metric;
    int arm, vs;
    size_t segments;            /* segments with a log ratio (Q's k) */
    double q, q_df, q_p, i2;    /* Cochran's Q, k - 1, its chi-square p, I^2 */
} lk_hetero_row;

typedef struct lk_hetero {
    size_t n;
    lk_hetero_row *rows;        /* in the lift table's order of comparisons */
} lk_hetero;

/*
 * Cochran's Q and I^2 (lk_pool_fixed) over the segment rows of t with a
 * lift interval, per metric and comparison.  The caller owns *out.
 */
int lk_lift_heterogeneity(lk_hetero **out, const lk_lift_table *t, lk_error *err);

/* CSV: metric,arm,vs,segments,q,q_df,q_p,i2. */
int lk_hetero_write(const lk_hetero *h, const lk_lift_table *t, FILE *f, lk_error *err);

void lk_hetero_free(lk_hetero *h);

#endif
