/*
 * table.h - typed tables: a descriptor per output table, a reader that
 * finds its columns by name, and rows built in memory or streamed to CSV
 * (library-internal).
 *
 * A table holds each cell twice: its text, exactly as the file has it (or
 * as the table's writer writes it), and its number (NaN for text and empty
 * cells).  So a chart's data file copies what its table held, whether the
 * table came from a file or straight from a computation, and the report
 * reads numbers without parsing.  The descriptors themselves are in
 * columns.h.
 */
#ifndef LIFTKIT_TABLE_H
#define LIFTKIT_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "liftkit/error.h"
#include "liftkit/output.h"

typedef enum tbl_type {
    TBL_TEXT,      /* any text */
    TBL_NUM,       /* a finite number */
    TBL_OPTNUM     /* a finite number or empty */
} tbl_type;

typedef struct tbl_column {
    const char *name;
    tbl_type type;
    int digits;    /* significant digits written; 0: a whole number */
} tbl_column;

typedef struct tbl_desc {
    const char *title;             /* "lift table", for messages */
    size_t ncols;
    const tbl_column *cols;
    const char *const *names;      /* the columns' names, for a CSV header */
} tbl_desc;

typedef struct tbl {
    const tbl_desc *desc;
    char *path;                    /* file read or written, or NULL */
    size_t nrows;
    unsigned long *line;           /* line of each row in path */
    size_t *off;                   /* nrows * ncols offsets into text */
    double *num;                   /* nrows * ncols numbers */
    char *text;
    size_t cap, tlen, tcap, col;   /* storage; col: next cell of the last row */
    int nomem;                     /* an allocation failed while building */
} tbl;

/* Column c's bit in a set of required columns; TBL_ALL requires every one. */
#define TBL_COL(c) (1ULL << (c))
#define TBL_ALL (~0ULL)

/*
 * Read the CSV file at path as a table of d.  Columns are found by name in
 * any order (others are ignored); a column in need that is missing, or
 * one of its cells that is not a number where the type wants one, is a
 * located LK_EDATA error (file:line:column).  Columns outside need may be
 * absent (their cells are empty) and are not checked.  The caller owns
 * *out (tbl_free).
 */
int tbl_read(tbl **out, const char *path, const tbl_desc *d, unsigned long long need,
             lk_error *err);

/* An empty table of d, or NULL when memory runs out.  path may be NULL. */
tbl *tbl_new(const tbl_desc *d, const char *path);
void tbl_free(tbl *t);

/* Cell text of row r, column c ("" when empty). */
const char *tbl_get(const tbl *t, size_t r, size_t c);
/* The cell's number; NaN for text and empty cells. */
double tbl_num(const tbl *t, size_t r, size_t c);

/*
 * Rows going out, cell by cell in column order: to a CSV writer (the
 * header is written first) or into a table in memory.  A number is
 * written as its column's descriptor says; NaN is an empty cell.
 */
typedef struct tbl_out {
    const tbl_desc *desc;
    lk_csv_writer *csv;
    tbl *t;
    size_t col;
} tbl_out;

void tbl_out_csv(tbl_out *o, const tbl_desc *d, lk_csv_writer *w);
void tbl_out_mem(tbl_out *o, tbl *t);
void tbl_out_text(tbl_out *o, const char *s);
void tbl_out_num(tbl_out *o, double v);
void tbl_out_end_row(tbl_out *o);

/* Fills a table's rows from src (one of the computations' results). */
typedef int (*tbl_put_fn)(tbl_out *o, const void *src, lk_error *err);

/* The rows put makes (which cannot fail), as CSV to w after the header. */
void tbl_put_csv(lk_csv_writer *w, const tbl_desc *d, tbl_put_fn put, const void *src);

/* The rows put makes, as CSV to f: LK_OK, or the error of put or of memory. */
int tbl_stream(FILE *f, const tbl_desc *d, tbl_put_fn put, const void *src, lk_error *err);

/* The rows put makes, in a new table of d in memory (*out, the caller's). */
int tbl_build(tbl **out, const tbl_desc *d, const char *path, tbl_put_fn put, const void *src,
              lk_error *err);

/* LK_OK, or lk_error_nomem if building t ran out of memory. */
int tbl_check(const tbl *t, lk_error *err);

/* Write t as CSV (header, then every cell's text). */
void tbl_write_csv(const tbl *t, lk_csv_writer *w);

#endif
