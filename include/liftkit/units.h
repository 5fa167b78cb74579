/*
 * units.h - intention-to-treat metrics per randomized unit.
 *
 * Joins assignments.csv (one row per customer: which unit, which arm) with
 * openings.csv and sums, per unit, what docs/methods.md, "Lift" measures over
 * the window [start, start + window]: response_target, response_any,
 * balance_target, balance_any, products_opened, and the value of the
 * openings ([value] by product).  Every assigned unit counts in its arm
 * whether or not it was contacted.  lift, roi, uplift and report all start
 * here.
 */
#ifndef LIFTKIT_UNITS_H
#define LIFTKIT_UNITS_H

#include <stddef.h>
#include <stdint.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/liftkit.h"
#include "liftkit/output.h"
#include "liftkit/stats.h"

/* Opaque here: the customer map serves the library's own joins (roi, tests). */
typedef struct lk_strmap lk_strmap;

/* The metrics, in the order docs/methods.md lists them. */
typedef enum lk_metric {
    LK_METRIC_RESPONSE_TARGET,
    LK_METRIC_RESPONSE_ANY,
    LK_METRIC_BALANCE_TARGET,
    LK_METRIC_BALANCE_ANY,
    LK_METRIC_PRODUCTS_OPENED,
    /* From holdings.csv (lk_units_add_holdings, holdings.h): */
    LK_METRIC_PRODUCTS_HELD_START,
    LK_METRIC_PRODUCTS_HELD_END,
    LK_METRIC_SINGLE_PRODUCT,
    /* From balances.csv (lk_units_add_balances, holdings.h): */
    LK_METRIC_FUNDED_TARGET,
    LK_METRIC_BALANCE_TARGET_90,
    LK_METRIC_COUNT
} lk_metric;

/* The metrics of the openings alone, which every load has (the first ones). */
#define LK_METRIC_OPENINGS_COUNT (LK_METRIC_PRODUCTS_OPENED + 1)

typedef struct lk_units_options {
    const char *const *scores;  /* numeric columns of assignments.csv to keep */
    size_t nscores;
    const unsigned char *score_summed;  /* per score, 1: the sum over the unit's
                                   customers with a value (covariates, 0 when none
                                   has one); NULL or 0: their mean */
    lk_rejects *rejects;        /* NULL: the first bad row stops the load */
    lk_progress progress;
    int index_customers;        /* build customers and customer_unit (to join
                                   other files, e.g. offers, to units) */
    int find_customers;         /* customers can be found by id (to join holdings
                                   and balances): when units are customers in
                                   increasing order by their sorted ids, kept
                                   even with skip_ids, else as index_customers */
    int skip_ids;               /* keep no unit ids: u->id is then NULL (saves
                                   memory and time when nothing needs them) */
    uint64_t openings_split;    /* an openings file of this many bytes or more is
                                   read in two halves (0: LK_UNITS_OPENINGS_SPLIT) */
    int has_as_of;              /* an interim read: openings dated after as_of */
    int32_t as_of;              /* (a day number) do not count (interim.h) */
    const char *const *segments; /* columns of assignments.csv that make a unit's
                                    segment (lift --by), at most LK_SEGMENT_COLUMNS */
    size_t nsegments;
} lk_units_options;

#define LK_SEGMENT_COLUMNS 8

/* At most this many score columns are loaded (lk_units_options.nscores). */
#define LK_SCORE_COLUMNS 64

/* Joins the values of a segment's columns in its label; shown as '/'. */
#define LK_SEGMENT_SEP '\x1f'


#define LK_UNITS_OPENINGS_SPLIT ((uint64_t)32 << 20)

typedef struct lk_units {
    size_t n;                   /* units */
    size_t narms;               /* = the experiment's arms */
    char **id;                  /* unit id by unit index (NULL with skip_ids) */
    char *id_data;              /* the storage id points into */
    lk_strmap *customers;       /* customer id -> customer index; always with
                                   index_customers, else NULL unless the ids
                                   were out of order */
    uint32_t *customer_unit;    /* unit index per customer (with customers) */
    int id_order;               /* units are customers and id increases in this
                                   order (LK_ORDER_* of io/id_index.h); 0: unknown */
    uint16_t *arm;              /* arm index per unit */
    size_t *arm_units;          /* units per arm [narms] */

    uint8_t *response_target;   /* 0/1 per unit */
    uint8_t *response_any;
    double *balance_target;
    double *balance_any;
    uint32_t *products_opened;  /* distinct products opened in the window */
    int32_t *start_day;         /* per-unit windows (window_from): the day each unit's
                                   window starts; NULL: every one starts on exp->start */
    double *value;              /* sum of [value] over the unit's openings in the window */
    int32_t *first_target_day;  /* days from the unit's start to the first target opening,
                                   -1 none */
    int32_t *first_any_day;     /* the same for any product */

    /* Relationship metrics, NULL until their file is read (holdings.h): */
    uint32_t *held_start;       /* distinct products held on the window's first day */
    uint32_t *held_end;         /* ... and on its last day */
    uint8_t *funded_target;     /* 0/1: a target opening funded 30 days after */
    double *balance_target_90;  /* target openings' balances 90 days after opening */

    size_t nscores;
    char **score_names;
    double **score;             /* score[s][unit]: mean over the unit's customers
                                   that have a value, NaN if none (or their sum,
                                   see score_summed) */

    /* Set by lk_units_cap (balance metrics only; NaN and NULL before): */
    double cap[LK_METRIC_COUNT];        /* the cap applied, NaN: none */
    size_t *n_capped;                   /* [LK_METRIC_COUNT * narms] units lowered */

    int has_as_of;              /* loaded for an interim read (opt->as_of): */
    int32_t as_of;              /* nothing dated after it counts */
    int has_last_open;          /* some opening was read: */
    int32_t last_open_day;      /* the latest open_date of the openings file */
    /*
     * Segments (with opt->nsegments): the distinct combinations of the
     * --by columns' values, labelled by the values joined with LK_SEGMENT_SEP, in label
     * order; a unit's segment is its first customer's (in file order).
     */
    size_t nsegments;
    char **segment_labels;      /* [nsegments] */
    uint32_t *segment;          /* segment index per unit */
    unsigned long segment_conflicts; /* units whose customers' values differ */

    /* Row accounting: every opening is in exactly one of the three counts. */
    unsigned long assignment_rows;
    unsigned long openings_rows;
    unsigned long openings_in_window;
    unsigned long openings_outside_window;
    unsigned long openings_unassigned;   /* customer not in assignments.csv */
    unsigned long rejected;              /* rows written to rejects */
} lk_units;

/*
 * Openings are read first and held (they are the smaller file); the
 * assignments then stream past.  While customer ids arrive in increasing
 * order (as text, or by length then text) no map of them is needed to find
 * duplicates; the first id out of order makes the load start over with a
 * map (rejects and standard input use the map from the start).
 *
 * Load assignments (the experiment column must be exp->name, arm and role
 * must match the experiment file, customer ids unique, each unit in one
 * arm) and accumulate openings (dates valid, balance non-negative, account
 * ids unique).  The window ends at start + window, or at opt->as_of when
 * that is earlier (an opening after it counts as outside the window).
 * Bad rows are LK_EDATA errors with file:line:column, or go
 * to opt->rejects.  openings_path may be NULL (no openings: all metrics 0).
 * The caller owns *out and frees it with lk_units_free.
 */
int lk_units_load(lk_units **out, const lk_experiment *exp, const char *assignments_path,
                  const char *openings_path, const lk_units_options *opt, lk_error *err);

void lk_units_free(lk_units *u);

/* Groups of per-unit arrays lk_units_release frees. */
enum {
    LK_UNITS_LIFT_ONLY = 1,     /* read by the lift table alone: response_any,
                                   balance_target, balance_any, products_opened and
                                   the relationship metrics (21 bytes a unit and more) */
    LK_UNITS_DAYS = 2,          /* first_target_day, first_any_day (accrual, 8 bytes) */
    LK_UNITS_VALUE = 4,         /* value (ROI, 8 bytes) */
};

/*
 * Free the groups of per-unit arrays in what (LK_UNITS_* or'ed), once the
 * caller has made the last table that reads them, so that later work does
 * not come on top of them.  The arms, response_target, scores, ids,
 * segments and windows stay; a freed metric is not to be read afterwards.
 * lk_units_free frees the rest.
 */
void lk_units_release(lk_units *u, unsigned what);

const char *lk_metric_name(lk_metric m);
/* The metric called name, or -1. */
int lk_metric_from_name(const char *name);
/* 1 for 0/1 metrics (rates), 0 for means. */
int lk_metric_is_binary(lk_metric m);
/* Unit i's value of metric m (NaN when m was not loaded). */
double lk_units_metric(const lk_units *u, lk_metric m, size_t i);

/* 1 when u holds metric m: always for the openings' metrics, else once its
   file was read (holdings.h). */
int lk_units_has_metric(const lk_units *u, lk_metric m);

/*
 * Unit i's measurement window: its first day and its last day (day
 * numbers), start + window, or the interim read's as_of when earlier.
 */
void lk_units_window(const lk_units *u, const lk_experiment *exp, size_t i, int32_t *first,
                     int32_t *last);

/*
 * Sufficient statistics of metric m per arm: n, sum and sum of squares
 * (responders = sum for binary metrics).  Arrays of u->narms, caller's.
 */
void lk_units_sums(const lk_units *u, lk_metric m, double *n, double *sum, double *sumsq);


/*
 * The sample-ratio check of the units: the chi-square p-value of the
 * units per arm against the experiment's weights; NaN when out of memory
 * or the check cannot be made.
 */
double lk_units_srm_p(const lk_units *u, const lk_experiment *exp);

#endif
