/*
 * csv.h - reading CSV (RFC 4180) over libcsv.
 *
 * The reader finds columns by header name, knows the file, line and field
 * number of every value, checks field counts and UTF-8, and hands rows out
 * one at a time (pull), so a command can stream a file of any size in
 * constant memory.  Fields of a row stay valid until the next call to
 * lk_csv_next.  Writing CSV is in output.h; dates and strict numbers in
 * date.h.
 */
#ifndef LIFTKIT_CSV_H
#define LIFTKIT_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "liftkit/error.h"

typedef struct lk_csv_reader lk_csv_reader;

typedef struct lk_csv_row {
    size_t nfields;
    char **field;          /* NUL-terminated, valid until the next lk_csv_next */
    const size_t *len;     /* byte length of each field */
    unsigned long line;    /* line the row starts on (1-based; the header is 1) */
    int raw;               /* the row could not be split into fields: field[0] is
                              the line as read (a malformed-quoting error) */
    int quoted;            /* a quote character in the row's text: 0 means no field
                              holds a comma, quote or line break */
} lk_csv_row;

/*
 * Limits that keep a broken or hostile file from taking all memory: a row
 * (its lines, quoted line breaks included) of more than the line limit
 * bytes, or a header of more than LK_CSV_MAX_COLUMNS columns, is a located
 * LK_EDATA error.  A NUL byte in any field is one too.
 */
#define LK_CSV_MAX_LINE_DEFAULT ((size_t)64 << 20)
#define LK_CSV_MAX_COLUMNS 100000

/* Set the line limit for every reader opened after (0: the default, 64 MiB). */
void lk_csv_set_max_line(size_t bytes);

/*
 * A file whose ids must be checked (unique, or customers together) but
 * that is not sorted by them is checked with a map of its ids, holding at
 * most this many; one more is a located LK_ELIMIT error that says how to
 * sort the file.  Sorted files need no map whatever their size.
 */
#define LK_MAX_IDS_DEFAULT ((size_t)10000000)

/* Set the id limit (0: the default, 10,000,000). */
void lk_id_set_limit(size_t ids);

/*
 * Open path ("-" for standard input) and read its header.  Fails with
 * LK_EIO if the file cannot be opened and LK_EDATA if it is empty, has no
 * usable header (a repeated or empty column name, invalid UTF-8, a NUL
 * byte, more than LK_CSV_MAX_COLUMNS columns) or looks
 * delimited by something other than commas.  The caller owns *out and
 * frees it with lk_csv_close.
 */
int lk_csv_open(lk_csv_reader **out, const char *path, lk_error *err);

/*
 * Open path, read its header, then read only the bytes [offset, end) as
 * data rows, numbering lines from first_line (the line offset starts).
 * offset must be a row start (the caller knows no quoted field spans
 * it); offset 0 means the rows right after the header (first_line is then
 * not used).  Lets two threads parse the two parts of one file (io/parts.h).
 */
int lk_csv_open_range(lk_csv_reader **out, const char *path, uint64_t offset,
                      uint64_t end, unsigned long first_line, lk_error *err);

/* Open an in-memory buffer (not copied; must outlive the reader). */
int lk_csv_open_buffer(lk_csv_reader **out, const char *name, const char *buf,
                       size_t len, lk_error *err);

void lk_csv_close(lk_csv_reader *r);

/* The path given to lk_csv_open ("-" shown as "<stdin>"). */
const char *lk_csv_path(const lk_csv_reader *r);
size_t lk_csv_ncolumns(const lk_csv_reader *r);
const char *lk_csv_column_name(const lk_csv_reader *r, size_t i);

/* Index of the column called name, or -1. */
int lk_csv_column(const lk_csv_reader *r, const char *name);

/*
 * Find each of names[0..n) in the header and store its index in idx[i].
 * A missing column is an LK_EDATA error naming it and the columns there
 * are (lk_csv_missing_column).
 */
int lk_csv_require(const lk_csv_reader *r, const char *const *names, size_t n,
                   int *idx, lk_error *err);

/*
 * The error of a column name the header lacks, at line 1 of r's file:
 * LK_EDATA, "missing column 'open_date' in header; the columns are
 * customer_id, account_id, product" (the list cut short with "..." when
 * it does not fit).
 */
int lk_csv_missing_column(const lk_csv_reader *r, const char *name, lk_error *err);

/*
 * Read the next row into *row (set to NULL at end of file).  Returns
 * LK_OK, or:
 *  - LK_EDATA with *row set: this row is bad (wrong number of fields,
 *    invalid UTF-8, broken quoting) and err says where; reading may go on
 *    with the next call, so a caller can write the row to a rejects file;
 *  - LK_EDATA or LK_EIO with *row NULL: reading cannot go on.
 */
int lk_csv_next(lk_csv_reader *r, lk_csv_row **row, lk_error *err);

/* Rows returned so far, bad ones included (the header not counted). */
unsigned long lk_csv_rows_read(const lk_csv_reader *r);

/* Bytes consumed so far (for progress reports). */
uint64_t lk_csv_bytes_read(const lk_csv_reader *r);

/*
 * Field helpers: parse row->field[col] and, on failure, fill err with the
 * file, the row's line, the field number and what was expected, naming the
 * column.  Each returns LK_OK or LK_EDATA.
 */
int lk_csv_get_date(const lk_csv_reader *r, const lk_csv_row *row, int col,
                    int32_t *day, lk_error *err);
int lk_csv_get_double(const lk_csv_reader *r, const lk_csv_row *row, int col,
                      double *v, lk_error *err);
int lk_csv_get_nonempty(const lk_csv_reader *r, const lk_csv_row *row, int col,
                        lk_error *err);

/*
 * The largest amount (a balance, a cost, a value, a score) a file may
 * hold, in absolute value: sums and sums of squares of any number of such
 * amounts stay far from overflowing a double.
 */
#define LK_AMOUNT_MAX 1e15

/* lk_csv_get_double for an amount: more than LK_AMOUNT_MAX is LK_EDATA. */
int lk_csv_get_amount(const lk_csv_reader *r, const lk_csv_row *row, int col,
                      double *v, lk_error *err);

/* Fill err with a located LK_EDATA message about field col of row. */
int lk_csv_field_error(const lk_csv_reader *r, const lk_csv_row *row, int col,
                       lk_error *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* 1 if s[0..len) is valid UTF-8, else 0. */
int lk_utf8_valid(const char *s, size_t len);

#endif
