/*
 * roi.h - the ROI table of docs/methods.md, "Lift".
 *
 * One row per treated arm (champion, challengers) against the control:
 * contacts and cost from offers.csv, incremental responses and value from
 * the units' intention-to-treat metrics, ROMI = (incremental value - cost)
 * / cost with a percentile bootstrap interval over units (each arm
 * resampled separately, GSL's generator seeded by the caller), and cost
 * per incremental response.  ROI needs a control: without one there is
 * nothing to be incremental to, and lk_roi_compute fails with LK_EUSAGE.
 * Undefined results are NaN (written as empty cells, null in JSON).
 */
#ifndef LIFTKIT_ROI_H
#define LIFTKIT_ROI_H

#include <stddef.h>
#include <stdio.h>

#include "liftkit/csv.h"
#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/liftkit.h"
#include "liftkit/format.h"
#include "liftkit/output.h"
#include "liftkit/units.h"

#define LK_ROI_DEFAULT_SEED 20260105UL
#define LK_ROI_DEFAULT_RESAMPLES 2000

/* Contacts and cost per arm, summed from offers.csv. */
typedef struct lk_roi_costs {
    size_t narms;
    double *contacts;           /* offers.csv rows of the arm's customers */
    double *cost;               /* their cost: the 'cost' column, else [cost] by channel */
    unsigned long rows;         /* offers.csv rows read */
    unsigned long rejected;     /* rows written to rejects */
    size_t nsegments;           /* when the units were loaded with segments: */
    double *segment_contacts;   /* contacts and cost per segment and arm, */
    double *segment_cost;       /* [segment * (narms + 1) + arm]; else NULL */
} lk_roi_costs;

/*
 * Read offers.csv (customer_id, offer_id, product, channel, offer_date,
 * optional cost) and sum contacts and cost per arm of the customers in u.
 * A row's cost is its 'cost' cell when the column exists and the cell is
 * not empty, else [cost] for its channel (or [cost] default).  Offers
 * dated after u's as_of (an interim read) are checked but not counted.  Errors
 * (LK_EDATA, located): a customer not in the assignments, a bad date, a
 * negative or non-numeric cost, a channel with no cost.  With rejects set,
 * bad rows go there instead.  u must have been loaded with find_customers
 * or index_customers (LK_EUSAGE otherwise).  The caller frees *out with lk_roi_costs_free.
 */
int lk_roi_costs_read(lk_roi_costs **out, const lk_experiment *exp, const lk_units *u,
                      const char *offers_path, lk_rejects *rejects, lk_error *err);

void lk_roi_costs_free(lk_roi_costs *c);

/*
 * The same sums from rows another reader hands over (attribution's read
 * of the offers, lk_attr_offer_fn), so offers.csv is parsed once for
 * both: lk_roi_costs_begin checks offers_path's header (the columns
 * lk_roi_costs_read needs) and makes *out; lk_roi_costs_row takes a row
 * of part 0 or 1 (each part on its own thread; r its reader), with the
 * errors lk_roi_costs_read gives, and tells the row's offer_date and cost
 * (set when the row is good); lk_roi_costs_end makes the costs of the
 * nparts parts, exactly those lk_roi_costs_read makes, and frees cr.  When
 * lk_roi_costs_read would read the file whole but the reader handed it over
 * in two parts, the second part's offers are kept and summed after the
 * first's, in file order; the file is never read again.  No rejects.
 */
typedef struct lk_roi_costs_reader lk_roi_costs_reader;
int lk_roi_costs_begin(lk_roi_costs_reader **out, const lk_experiment *exp, const lk_units *u,
                       const char *offers_path, lk_error *err);
int lk_roi_costs_row(lk_roi_costs_reader *cr, int part, lk_csv_reader *r, const lk_csv_row *row,
                     int32_t *day, double *cost, lk_error *err);
int lk_roi_costs_end(lk_roi_costs_reader *cr, int nparts, lk_roi_costs **out, lk_error *err);
void lk_roi_costs_reader_free(lk_roi_costs_reader *cr);

/*
 * The cost of one offers.csv row: its cost column (cost_col, -1: none)
 * when not empty (a non-negative amount), else [cost] for its channel
 * (channel_col), else a located LK_EDATA error naming the channel.
 */
int lk_roi_offer_cost(const lk_experiment *exp, lk_csv_reader *r, const lk_csv_row *row,
                      int cost_col, int channel_col, double *cost, lk_error *err);

typedef struct lk_roi_options {
    unsigned long seed;         /* gsl_rng (mt19937) seed */
    size_t resamples;           /* bootstrap resamples; 0 leaves romi_lo/hi empty */
    int vs_universal;           /* 1: every arm, the control too, against the universal
                                   holdout instead of the control */
    lk_progress progress;       /* arms bootstrapped out of the experiment's arms */
} lk_roi_options;

/* seed LK_ROI_DEFAULT_SEED, resamples LK_ROI_DEFAULT_RESAMPLES, no progress reports. */
void lk_roi_options_init(lk_roi_options *opt);

typedef struct lk_roi_row {
    int arm;                    /* index into the experiment's arms */
    lk_role role;
    double n;                   /* units in the arm */
    double contacts, cost;
    double incremental_responses;   /* (target rate - control's) * n */
    double incremental_value;       /* (mean value per unit - control's) * n */
    double romi, romi_lo, romi_hi;  /* (incremental_value - cost) / cost, bootstrap CI */
    double cost_per_incremental_response;   /* NaN unless incremental_responses > 0 */
    double contacts_per_unit;               /* contacts / n */
    double incremental_responses_per_1000_contacts;   /* NaN without contacts */
} lk_roi_row;

typedef struct lk_roi_table {
    size_t nrows;
    lk_roi_row *rows;           /* treated arms in file order */
    size_t narms;
    char **arm_names;
    int control;                /* the control arm's index */
    double control_n;
    double control_contacts;    /* offers to the no-contact control's customers: */
    double control_cost;        /* a contaminated holdout (see lk_roi_control_warning) */
    double universal_contacts;  /* the same for the universal holdout, when there is */
    double universal_cost;      /* one and it is not the baseline */
    int universal;              /* its arm index, or -1 */
    char *experiment;
    double alpha;               /* the interval is at 1 - alpha */
    unsigned long seed;
    size_t resamples;
    double srm_p;
    int untrustworthy;          /* srm_p < LK_SRM_THRESHOLD */
    char as_of[11];             /* an interim read's last day (interim.h), "" on a
                                   final read; the caller sets it */
    int as_of_day, window;      /* its day of the window, and the window (days) */
} lk_roi_table;

/*
 * Compute the ROI table.  LK_EUSAGE when the experiment has no control,
 * LK_EIO when out of memory.  The caller owns *out and frees it with
 * lk_roi_table_free.
 */
int lk_roi_compute(lk_roi_table **out, const lk_experiment *exp, const lk_units *u,
                   const lk_roi_costs *costs, const lk_roi_options *opt, lk_error *err);

/*
 * The same in two steps, for a caller that has the units before the costs
 * (the report, while attribution reads the offers): lk_roi_units_make
 * takes what the table needs of u (arm sizes, rates, mean values and the
 * values the bootstrap resamples; u is not kept), then
 * lk_roi_compute_units makes exactly lk_roi_compute's table from it and
 * the costs.  Errors as lk_roi_compute's; *ru belongs to the caller
 * (lk_roi_units_free), and lk_roi_compute_units may be called once.
 */
typedef struct lk_roi_units lk_roi_units;
int lk_roi_units_make(lk_roi_units **ru, const lk_experiment *exp, const lk_units *u,
                      lk_error *err);
int lk_roi_compute_units(lk_roi_table **out, const lk_experiment *exp, lk_roi_units *ru,
                         const lk_roi_costs *costs, const lk_roi_options *opt, lk_error *err);
void lk_roi_units_free(lk_roi_units *ru);

/*
 * The ROI table's input as summaries give it (roi --summary; docs/formats.md,
 * "ROI summary"): per arm, its units grouped by unit value (the sum of
 * [value] over a unit's openings in the window), with the target
 * responders, contacts and cost of each group.  Everything the table needs
 * is a sum over units, and the bootstrap resamples distinct values with
 * their frequencies, so the table is the raw path's whenever that path
 * groups too (an arm with at most 64 distinct values, or 8 units a value).
 */
typedef struct lk_roi_cell {
    double value;               /* the unit value of the group */
    double units;               /* units of the arm with that value, >= 1 */
    double responders;          /* of them, units with a target response */
    double contacts, cost;      /* offers to those units' customers and their cost */
} lk_roi_cell;

typedef struct lk_roi_sums {
    size_t narms;
    lk_roi_cell *cells;         /* arm by arm in the experiment's order, values ascending */
    size_t *start;              /* arm a's cells: cells[start[a] .. start[a + 1]) */
    int has_unit;               /* every file has the unit column */
} lk_roi_sums;

/*
 * Read ROI summaries (columns arm, value, units, responders, contacts, cost,
 * optional unit) and add them: rows of one arm and value add up across
 * files; within a file an arm and value appear once.  Errors (LK_EDATA,
 * located): unknown arms, counts that are not whole or responders above
 * units, negative values or costs, a unit other than the experiment's, no
 * rows at all.  The caller frees *out with lk_roi_sums_free.
 */
int lk_roi_sums_read_many(lk_roi_sums **out, const lk_experiment *exp,
                          const char *const *paths, size_t npaths, lk_error *err);

void lk_roi_sums_free(lk_roi_sums *s);

/*
 * The ROI table from summaries, as lk_roi_compute from units and costs.
 * Errors as lk_roi_compute.
 */
int lk_roi_compute_sums(lk_roi_table **out, const lk_experiment *exp, const lk_roi_sums *s,
                        const lk_roi_options *opt, lk_error *err);

/*
 * When offers went to the control's customers, the warning sentence (into
 * buf, returned); else NULL.
 */
const char *lk_roi_control_warning(const lk_roi_table *t, char *buf, size_t len);

/*
 * When offers went to the universal holdout's customers (and it is not
 * the baseline, which lk_roi_control_warning covers), the warning
 * sentence (into buf, returned); else NULL.
 */
const char *lk_roi_universal_warning(const lk_roi_table *t, char *buf, size_t len);

void lk_roi_table_free(lk_roi_table *t);

/*
 * roi --by: the ROI table of every segment of u (units loaded with
 * segments, costs read from them), each exactly the table its units alone
 * would give (their own control, sample-ratio check and bootstrap, seeded
 * alike), after the whole experiment's.
 */
typedef struct lk_roi_segments {
    size_t n;
    char **label;               /* copied from the units (LK_SEGMENT_SEP joins values) */
    lk_roi_table *all;
    lk_roi_table **at;          /* [n] */
} lk_roi_segments;

int lk_roi_compute_segments(lk_roi_segments **out, const lk_experiment *exp,
                            const lk_units *u, const lk_roi_costs *costs,
                            const lk_roi_options *opt, lk_error *err);

void lk_roi_segments_free(lk_roi_segments *s);

/*
 * roi --summary --by: ROI summaries whose rows carry the segment columns
 * by[0..nby) (as 'liftkit sql roi --by' writes them), read as
 * lk_roi_sums_read_many reads them, per segment (an arm and value once per
 * segment and file) and for the whole experiment (every segment's rows
 * added).  Segments in label order (values joined by LK_SEGMENT_SEP), as
 * the raw path numbers them; an empty segment value is an error.
 */
typedef struct lk_roi_segment_sums {
    size_t n;
    char **label;               /* [n], owned */
    lk_roi_sums *all;
    lk_roi_sums **at;           /* [n] */
    int has_unit;               /* every file has the unit column */
} lk_roi_segment_sums;

int lk_roi_segment_sums_read_many(lk_roi_segment_sums **out, const lk_experiment *exp,
                                  const char *const *paths, size_t npaths,
                                  const char *const *by, size_t nby, lk_error *err);

void lk_roi_segment_sums_free(lk_roi_segment_sums *s);

/*
 * The table of the whole experiment and of each segment from s, each as
 * lk_roi_compute_sums gives it: what lk_roi_compute_segments gives from
 * the units whenever lk_roi_compute_sums agrees with lk_roi_compute.
 */
int lk_roi_compute_segment_sums(lk_roi_segments **out, const lk_experiment *exp,
                                const lk_roi_segment_sums *s, const lk_roi_options *opt,
                                lk_error *err);

/*
 * Write s: csv, the ROI table's columns after a first column segment
 * ("(all)" first); json, {"segments": [{"segment": ..., "table": ...}]};
 * md, a table per segment.  Returns LK_OK or LK_EIO.
 */
int lk_roi_segments_write(const lk_roi_segments *s, FILE *f, lk_format format,
                          lk_error *err);

/*
 * Percentile bootstrap of the difference of means mean(x) - mean(y), each
 * sample resampled separately with replacement (values with repeats are
 * drawn as multinomial counts, which has the same distribution), using rng
 * (a gsl_rng *).  Fills draws[0..resamples).  0, or -1 when out of memory.
 */
int lk_roi_bootstrap_diff(const double *x, size_t nx, const double *y, size_t ny,
                          size_t resamples, void *rng, double *draws);

/*
 * Write the table as csv (columns of docs/methods.md, "Lift"), json or md.
 * Returns LK_OK or LK_EIO.
 */
int lk_roi_write(const lk_roi_table *t, FILE *f, lk_format format, lk_error *err);

#endif
