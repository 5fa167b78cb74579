/*
 * lift_int.h - what lift.c shares with lift_summary.c, and lends the other
 * row makers of the lift table (events.c): the baselines of an arm and one
 * row's statistics, so that every row of the table is made the same way
 * (library-internal).
 */
#ifndef LIFTKIT_LIFT_INT_H
#define LIFTKIT_LIFT_INT_H

#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/lift.h"

/* Empty sums for narms arms (no metric present, caps NaN), or NULL. */
lk_lift_sums *lift_sums_new(size_t narms);
/* Give s its exact sums, all zero; -1 when out of memory. */
int lift_sums_exact(lk_lift_sums *s);
/* Set the doubles of s->at from its exact sums (nothing without them). */
void lift_sums_settle(lk_lift_sums *s);
/* The baselines arm a is compared with, in row order; returns how many (0 to 3). */
int lift_baselines(const lk_experiment *exp, size_t a, int vs[3]);

/*
 * Fill row (arm a, compared with vs, or -1) for metric m from the arms'
 * sums at[], as the standard rows are; row->p_adjusted is left NaN.
 */
void lift_fill_row(lk_lift_row *row, lk_metric m, const lk_arm_sums *at, size_t a, int vs,
                   const lk_experiment *exp, double srm_p);

/* lift_summary_read.c, for the summaries of segments (segments.c): */

/* Columns of a summary file as lift_summary_parse takes them. */
#define LIFT_SUMMARY_NCOLS 9

/* Find the summary's columns (col[LIFT_SUMMARY_NCOLS]; -1: absent). */
int lift_summary_columns(lk_csv_reader *r, int *col, lk_error *err);

/*
 * One row, checked as lk_lift_sums_read checks it: its arm, metric, counts
 * and covariate sums (*has_x: all three given) into *one.  Adds nothing.
 */
int lift_summary_parse(lk_csv_reader *r, const lk_experiment *exp, const int *col,
                       const lk_csv_row *row, int *arm, int *metric, lk_arm_sums *one,
                       int *has_x, lk_error *err);

/*
 * Add the sums of a row lift_summary_parse accepted to cell at of s
 * exactly (s has exact sums), and set the cell's doubles from them.
 */
void lift_summary_add_exact(const int *col, const lk_csv_row *row, lk_lift_sums *s,
                            size_t at, int has_x);

/*
 * Where the cells of summary files (an arm of a metric, or of an event)
 * were read: a cell appears once per file, and a check of the totals
 * names the last row that added to the cell.
 */
typedef struct lift_cells {
    size_t n;
    unsigned long *file_line;   /* the cell's line in the file being read; 0: none */
    unsigned long *line;        /* its line in the last file that had it; 0: none */
    size_t *file;               /* and that file */
} lift_cells;

/* n cells, those added empty; -1 when out of memory. */
int lift_cells_grow(lift_cells *c, size_t n);
void lift_cells_free(lift_cells *c);
/* A new file begins: no cell read in it yet. */
void lift_cells_next_file(lift_cells *c);
/* Where the file being read had cell at already, or 0. */
unsigned long lift_cells_seen(const lift_cells *c, size_t at);
/* Cell at read on line of file. */
void lift_cells_mark(lift_cells *c, size_t at, unsigned long line, size_t file);

/* ---- lift_summary_events.c: the event_<name> rows of summary files ---- */

typedef struct lift_events_in {
    size_t n, narms;
    char **names;               /* without the prefix, in order of first sight */
    lk_arm_sums *at;            /* [e * narms + a]: n and sums added over the files */
    lift_cells cells;           /* [e * narms + a] */
} lift_events_in;

void lift_events_in_free(lift_events_in *ei);
/* A new file begins: no cell seen in it yet. */
void lift_events_in_next_file(lift_events_in *ei);
/*
 * Add a checked row of event name (after "event_") and arm, read on line
 * of file: 0; 1 when the file had the cell already (*first_line: where);
 * -1 when out of memory.
 */
int lift_events_in_add(lift_events_in *ei, const char *name, size_t arm,
                       const lk_arm_sums *one, unsigned long line, size_t file,
                       unsigned long *first_line);
/*
 * After the last file: every event has every arm, with the n of the arm's
 * metric first (-1: the summary has no metric's rows, an error when it has
 * events).  LK_OK or LK_EDATA.
 */
int lift_events_in_check(const lift_events_in *ei, const lk_experiment *exp,
                         const lk_lift_sums *s, int first, const char *const *paths,
                         size_t npaths, lk_error *err);
/* Hand the events to s in byte order of their names; -1 when out of memory. */
int lift_events_in_move(lift_events_in *ei, lk_lift_sums *s);

#endif
