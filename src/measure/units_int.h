/*
 * units_int.h - what units.c and units_openings.c share (library-internal):
 * the loader of a units run, the readers of its two files, and the
 * openings' half of the load.
 */
#ifndef LIFTKIT_UNITS_INT_H
#define LIFTKIT_UNITS_INT_H

#include <stdint.h>

#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/units.h"

#include "io/id_index.h"
#include "measure/segkey.h"
#include "util/lines.h"
#include "util/strmap.h"

typedef struct opening {
    uint32_t cust;              /* index into the openings' customer map */
    uint32_t product;
    int32_t day;
    double balance;
} opening;

enum { A_CUSTOMER, A_UNIT, A_EXPERIMENT, A_ARM, A_ROLE, A_NCOLS };

struct loader;

/*
 * What one reader of the openings gathers: the whole file, or one of its
 * two halves read on two threads (then the second is merged into the first).
 */
typedef struct oread {
    LK_LINE_ALIGN struct loader *ld;   /* two readers on lines of their own */
    lk_csv_reader *r;
    uint64_t size;              /* bytes it reads (0: unknown), to size its arrays */
    int progress;               /* this reader reports progress */
    lk_strmap *cust;            /* customers with openings */
    opening *op;
    size_t nop, op_cap;
    lk_strmap *products;
    uint8_t *product_target;    /* by product id */
    double *product_value;
    double *product_margin;     /* [margin] x horizon / 365: value per unit of balance */
    size_t products_cap;
    lk_id_index accounts;       /* the duplicate check of account ids */
    unsigned long rows;         /* rows kept */
    int rc;
    lk_error err;
} oread;

/*
 * What one reader of the assignments gathers, with units numbered from 0:
 * the whole file, or one of its two halves read on two threads.
 */
typedef struct part {
    LK_LINE_ALIGN struct loader *ld;   /* two parts on lines of their own */
    lk_csv_reader *r;
    uint64_t size;              /* bytes this part reads */
    uint64_t room;              /* bytes whose units its arrays are sized for
                                   (the first half: the whole file, as the
                                   second is appended to it) */
    int progress;               /* this part reports progress */
    size_t n, cap;              /* units, and capacity of the arrays by unit */
    uint16_t *arm;
    uint32_t *unit_line;        /* line a unit was first seen on (households) */
    double **score_sum;         /* a unit's score (the sum over its customers */
    uint32_t **score_cnt;       /* with score_cnt, for households) */
    char *id_data;              /* unit ids, NUL-terminated, by id_off */
    size_t id_len, id_cap;
    size_t *id_off;
    uint32_t *segment;          /* segment code per unit (codes of seg) */
    int32_t *start_day;         /* window_from: a unit's earliest date (units_windows.c) */
    seg_keys seg;
    unsigned long seg_conflicts;
    size_t ohint;               /* where the last search of the openings' sorted
                                   customers ended (lk_ids_find) */
    uint32_t *match;            /* pairs: a customer with openings, its unit */
    size_t nmatch, match_cap;
    lk_id_index customers;      /* the duplicate check (and map, if any) */
    unsigned long rows;         /* rows kept */
    int rc;
    lk_error err;
} part;

typedef struct loader {
    lk_units *u;
    const lk_experiment *exp;
    const lk_units_options *opt;
    int use_map;                /* customers map instead of the order check */
    int same_unit;              /* units are customers */
    int keep_ids;               /* keep unit ids (u->id) */
    int col[A_NCOLS];
    int score_col[LK_SCORE_COLUMNS];
    unsigned char summed[LK_SCORE_COLUMNS];   /* score s is summed over a unit's customers
                                   (opt->score_summed), else averaged */
    int seg_col[LK_SEGMENT_COLUMNS];
    size_t nseg;                /* --by columns */
    int start_col;              /* the window_from column, or -1 */
    lk_strmap *units;           /* unit ids (households; one part only) */
    size_t cu_cap;              /* capacity of u->customer_unit */
    part part[2];
    size_t nparts;

    oread open;                 /* the openings, read */
    int ocol[4], obalance;      /* their columns (obalance -1: none) */
    lk_strmap *ocust;           /* = open.cust: customers with openings */
    lk_keyfilter ofilter;       /* most assigned customers have none */
    char **oids;                /* their ids by customer index, when increasing */
    int oorders;                /* in these orders (LK_ORDER_*; 0: no oids) */
    uint32_t *ocust_unit;       /* their unit, or LK_STRMAP_NONE */
} loader;

#define RESTART (-100)

/* A bad row: reject it and go on (return LK_OK), or stop (return rc). */
int lk_units_bad_row(loader *ld, const lk_csv_row *row, int rc, lk_error *err);

/*
 * About how many rows size bytes of the file hold, from the average length
 * of the rows r has read; 0 when the size is unknown.
 */
size_t lk_units_expect_rows(const lk_csv_reader *r, uint64_t size);

int lk_units_oread_init(oread *o, loader *ld, int use_map);
void lk_units_oread_release(oread *o);

/*
 * Read openings.csv into ld->open (in two parts when large and its account
 * ids are in order), then index its customers: ld->ocust, ld->ofilter and
 * ld->ocust_unit (all LK_STRMAP_NONE), and when the customers came in
 * increasing order, ld->oids and ld->oorders (sorted assignments then find
 * them by a merge, units.c).
 */
int lk_units_load_openings(loader *ld, const char *path, lk_error *err);

/*
 * units_segments.c: a new unit (fresh) takes the row's segment; a later
 * customer of a unit whose value differs is counted in p->seg_conflicts
 * (the unit keeps its first customer's segment).  -1 out of memory.
 */
int lk_units_set_segment(part *p, const lk_csv_row *row, uint32_t unit, int fresh);

/*
 * The parts' segment codes as u->segment in unit order (u->n set),
 * renumbered so the segments are in label order (u->segment_labels).
 */
int lk_units_join_segments(loader *ld);

/*
 * units_windows.c: the row's window_from date (INT32_MIN when empty or no
 * such column), kept as its unit's start when earliest; the parts' starts
 * joined into u->start_day (empty ones the experiment's start).
 */
int lk_units_start_of_row(part *p, const lk_csv_row *row, int32_t *day, lk_error *err);
void lk_units_keep_start(part *p, uint32_t unit, int fresh, int32_t day);
int lk_units_join_starts(loader *ld);

#endif
