/*
 * error.h - the error value every library function fills instead of printing.
 *
 * The library never prints and never exits: a failing function returns a
 * non-zero status (one of the LK_E* codes, which are also the command's exit
 * codes) and describes the problem in an lk_error.  Only src/cli prints it,
 * GNU-style: "liftkit: offers.csv:14:4: invalid date '2026-13-45' in column
 * 'offer_date'".
 */
#ifndef LIFTKIT_ERROR_H
#define LIFTKIT_ERROR_H

#include <stdarg.h>
#include <stddef.h>

enum {
    LK_OK = 0,
    LK_EUSAGE = 1, /* bad options or a bad experiment setting for this command */
    LK_EDATA = 2,  /* bad input data: a file's content is wrong */
    LK_EIO = 3,    /* I/O or system error: cannot open, read, write, allocate */
    LK_ELIMIT = 4  /* input too large for its order: ids out of order past the
                      limit of ids held in memory to check them (sort it first) */
};

typedef struct lk_error {
    int code;              /* LK_EUSAGE, LK_EDATA, LK_EIO, LK_ELIMIT, or LK_OK */
    char path[256];        /* file the problem is in, or "" */
    unsigned long line;    /* 1-based line, 0 if not known */
    unsigned long column;  /* 1-based field number, 0 if not known */
    char msg[512];         /* lowercase, no full stop */
} lk_error;

/* Clear err to LK_OK with no location. */
void lk_error_clear(lk_error *err);

/*
 * Fill err (which may be NULL) and return code, so callers can write
 * "return lk_error_set(err, LK_EDATA, path, line, col, "...", ...)".
 * path may be NULL.
 */
int lk_error_set(lk_error *err, int code, const char *path, unsigned long line,
                 unsigned long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Fill err with "what: strerror(errno)" for path and return LK_EIO. */
int lk_error_errno(lk_error *err, const char *path, const char *what);

/* Fill err with "out of memory" and return LK_EIO. */
int lk_error_nomem(lk_error *err);

/* Like lk_error_set, from a va_list. */
int lk_error_vset(lk_error *err, int code, const char *path, unsigned long line,
                  unsigned long column, const char *fmt, va_list ap);

/*
 * Format err as "path:line:column: msg" (parts that are unknown left out)
 * into buf of size len.  Returns buf.
 */
const char *lk_error_format(const lk_error *err, char *buf, size_t len);

#endif
