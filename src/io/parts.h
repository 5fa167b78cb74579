/*
 * parts.h - read one large CSV file in two parts on two threads
 * (library-internal: units, roi, attribute and assign read through it).
 *
 * The file is cut at a line start after its middle that no quoted field
 * spans: counting quote characters from the start of the file, a newline
 * where the count is even ends a row (in RFC 4180 an escaped quote is a
 * pair, so quoted text always holds an odd count before its closing quote).
 * A file that is not regular, is smaller than the caller's threshold, or
 * has no such line start after its middle is read in one part.  Each part
 * has its own lk_csv_reader whose rows carry their line numbers in the
 * whole file, so an error in the second part names the line a one-part
 * read would name.
 */
#ifndef LIFTKIT_IO_PARTS_H
#define LIFTKIT_IO_PARTS_H

#include <stdatomic.h>
#include <stdint.h>

#include "liftkit/csv.h"

#define LK_PARTS_MAX 2

/* A threshold that keeps every file in one part. */
#define LK_PARTS_WHOLE UINT64_MAX

typedef struct lk_parts {
    const char *path;
    int n;                      /* parts: 1 (the whole file) or 2 */
    int regular;                /* a regular file: it can be read again */
    uint64_t size;              /* its bytes; 0 when not a regular file */
    uint64_t cut;               /* part 1 starts at this byte (n == 2) */
    unsigned long cut_line;     /* ... on this line (1-based; the header is 1) */
    atomic_int stop;            /* part 0 failed: part 1 may give up early */
    int rc[LK_PARTS_MAX];       /* what each part's function returned */
    lk_error err[LK_PARTS_MAX];
} lk_parts;

/* How many bytes of s[0..n) equal c, eight at a time. */
size_t lk_count_byte(const char *s, size_t n, unsigned char c);

/*
 * Plan the reading of path ("-" or NULL: standard input): two parts when
 * it is a regular file of at least min_bytes bytes with a safe cut, else
 * one.  Reads the file up to the cut; any trouble reading it means one
 * part (whose reader then reports it).  path is borrowed for the life of
 * pl.  Safe to run on a thread of its own while other work goes on.
 */
void lk_parts_plan(lk_parts *pl, const char *path, uint64_t min_bytes);

/* Bytes of part i (of the whole file when there is one part; 0 if unknown). */
uint64_t lk_parts_bytes(const lk_parts *pl, int i);

/*
 * Open a reader of part i: the header is read from the start of the file
 * and the rows are those of the part, numbered by their lines in the whole
 * file.  The caller owns *out (lk_csv_close).
 */
int lk_parts_open(const lk_parts *pl, int i, lk_csv_reader **out, lk_error *err);

/* Reads one part: arg is the caller's state of that part. */
typedef int (*lk_parts_fn)(void *arg, lk_error *err);

/*
 * Run fn(arg[i], &pl->err[i]) for every part, the two on two threads (one
 * after the other when no thread can be started), and return when all are
 * done, with each result in pl->rc[i] and pl->err[i].  When part 0 fails,
 * pl->stop is set, so part 1 may look at lk_parts_stopped and give up.
 * Returns the first failure in file order with its error copied into
 * *err, or LK_OK.
 */
int lk_parts_run(lk_parts *pl, lk_parts_fn fn, void *const arg[], lk_error *err);

/* 1 once an earlier part failed: a later part's work no longer counts. */
int lk_parts_stopped(const lk_parts *pl);

#endif
