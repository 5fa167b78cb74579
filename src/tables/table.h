/*
 * table.h - small CSV tables read whole, for the chart and report writers.
 *
 * Library-internal.  The tables plot and report read (lift, ROI, accrual,
 * attribution mix, power and Qini curves) are a few hundred rows at most, so
 * they are read into memory with every required column checked: a missing
 * column or a value that is not a number where one is expected is a located
 * LK_EDATA error, before anything is written.  Cells keep the text of the
 * file, so what a chart's data file holds is exactly what its table held.
 */
#ifndef LIFTKIT_TABLE_H
#define LIFTKIT_TABLE_H

#include <stddef.h>

#include "liftkit/error.h"

typedef enum tbl_kind {
    TBL_TEXT,      /* any text */
    TBL_NUM,       /* a finite number */
    TBL_OPTNUM     /* a finite number or empty */
} tbl_kind;

typedef struct tbl_column {
    const char *name;
    tbl_kind kind;
} tbl_column;

typedef struct tbl {
    char *path;
    size_t ncols, nrows;
    char **cell;              /* nrows * ncols, NUL-terminated copies */
    unsigned long *line;      /* line of each row */
} tbl;

/*
 * Read path with the columns cols[0..ncols) (found by name, any order,
 * others ignored).  The caller owns *out and frees it with tbl_free.
 */
int tbl_load(tbl **out, const char *path, const tbl_column *cols, size_t ncols,
             lk_error *err);
void tbl_free(tbl *t);

/* Cell text of row r, column c (c indexes the cols given to tbl_load). */
const char *tbl_get(const tbl *t, size_t r, size_t c);
/* The cell as a number; NaN when empty. */
double tbl_num(const tbl *t, size_t r, size_t c);

/*
 * Number formatting for people (charts and report), into buf; returns buf.
 * NaN gives "n/a".  fmt_count: whole number with thousands separators
 * ("60,012"); fmt_pct: x * 100 with digits decimals and "%", with a sign
 * when sign is set ("+18.2%", "-3.0%"); fmt_num: digits decimals with
 * thousands separators.
 */
char *fmt_count(double x, char *buf, size_t len);
char *fmt_pct(double x, int digits, int sign, char *buf, size_t len);
char *fmt_num(double x, int digits, char *buf, size_t len);

#endif
