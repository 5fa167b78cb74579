/*
 * assign_int.h - what the files of 'assign' on a customers file share
 * (library-internal): a run, its parts (reader-writer pipelines), the
 * reading side (assign_read.c) that assign_file.c's methods call, and the
 * run in blocks on two threads (assign_blocks.c).
 */
#ifndef LIFTKIT_ASSIGN_INT_H
#define LIFTKIT_ASSIGN_INT_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "liftkit/assign.h"
#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/output.h"

#include "io/id_index.h"
#include "util/strmap.h"

#define PROGRESS_EVERY 65536

/* The columns assign writes before the carried ones. */
#define NOUT 7
extern const char *const lk_assign_out_columns[NOUT];

typedef struct run run;

/* One reader-writer pipeline over a byte range of the input. */
typedef struct part {
    run *R;
    lk_csv_reader *r;
    FILE *out;
    lk_csv_writer *w;
    lk_id_index cust;              /* the duplicate check */
    lk_id_index unit;              /* units seen (hash method, unit not customer_id) */
    int can_rebuild;            /* the input can be re-read to fill a map */
    int parallel;               /* a block of a run on two threads: give up
                                   when unsorted */
    int unsorted;               /* gave up */
    atomic_int *stop;           /* set when the run gave up, or NULL */
    int track_units;            /* count distinct units through the unit index */
    uint64_t *units, *customers;
    uint64_t rejected;
    int first_unit_arm;         /* arm of unit.first, for joining blocks */

    char *line_buf;             /* the output row being built; in a block,
                                   the block's output so far (line_len) */
    size_t line_cap, line_len;
    char *spill;                /* in a block: the memory stream out writes to */
    size_t spill_len;
    int nomem;                  /* in a block: the output ran out of memory */

    char *prev;                 /* the previous row's unit and its hash */
    size_t prev_len, prev_cap;
    uint64_t prev_u;
} part;

struct run {
    const lk_experiment *exp;
    const lk_assign_options *opt;
    lk_assign_summary *sum;
    lk_assign_plan plan;
    lk_assign_hasher hasher;

    const char *path;           /* file actually read */
    const char *display;        /* the input as messages name it */
    int regular;                /* path is a regular file: it can be read again */
    char spool[64];             /* temporary copy of a pipe or stdin, or "" */
    uint64_t total_bytes;       /* for progress and sizing; 0 when unknown */
    int pass;                   /* 1 or 2 (stratified) */
    int hh;                     /* unit column is not customer_id */

    char **middle;              /* by arm: "experiment,arm,role," as CSV */
    size_t *middle_len;
    int col_cust, col_unit, col_strat;
    int *carry;
    size_t ncarry;
    char **carry_names;

    /* stratified only */
    lk_strmap *units;           /* every unit */
    lk_strmap *strata;
    uint32_t *row_unit;         /* by data row; LK_STRMAP_NONE: rejected */
    size_t row_cap;
    uint32_t *unit_stratum;     /* by unit */
    size_t unit_cap;
    uint64_t *unit_u;
    int *unit_arm;
    double *start;              /* by stratum */
};

/*
 * Start a part writing to out, or (parallel) to memory: line_buf with
 * line_len bytes.  Released by lk_assign_part_release (also on failure).
 */
int lk_assign_part_init(part *p, run *R, FILE *out, int can_rebuild, int parallel);
void lk_assign_part_release(part *p);

/* The header row of the output. */
void lk_assign_write_header(run *R, FILE *f);

/* The hash method on the rows of p->r, written to p->out. */
int lk_assign_hash_part(part *p, lk_error *err);

/* Add the counts of p to sum. */
void lk_assign_add_counts(lk_assign_summary *sum, const part *p);

/*
 * The hash method on R->path (a regular file) in blocks on two threads,
 * after the header the caller wrote.  LK_OK with the counts in R->sum, or
 * -1 when the blocks do not count (a bad row, ids out of order, no memory:
 * the caller rewinds the output and runs the file on one thread, which
 * reports any error at its line).
 */
int lk_assign_blocks(run *R, lk_error *err);

/*
 * Copy standard input or a pipe to a temporary file, to read it twice;
 * R->path becomes the copy.
 */
int lk_assign_spool_input(run *R, lk_error *err);

/* Open the whole input into *r (the first time, also find the columns). */
int lk_assign_open_input(run *R, lk_csv_reader **r, lk_error *err);

/* Report progress: part p's bytes, times factor parts. */
void lk_assign_progress(const part *p);

/*
 * Record a row's id in an index, falling back to maps when it is out of
 * order.  Returns an LK_IDX_ value, -1 when a part of a parallel run met
 * ids out of order, or -(code) - 10 for an error in err.
 */
int lk_assign_add_id(part *p, lk_id_index *x, const lk_csv_row *row, int col,
                     unsigned long *first, lk_error *err);

/*
 * Read the next good row into *row (NULL at the end); check (pass one)
 * checks its ids.  Bad rows go to the rejects file or are the error.
 */
int lk_assign_next_row(part *p, lk_csv_row **row, int check, lk_error *err);

#endif
