/*
 * id_index.h - which ids a file has shown, in constant memory while they
 * come sorted (library-internal: used by assign_file.c, units.c,
 * attribute.c and roi.c).
 *
 * While ids arrive in increasing order only the first and the last are
 * kept, and an id already seen can only equal the last.  Two orders count:
 * byte order (ids sorted as text) and length, then byte order (numbers
 * without zero padding: C9999999 before C10000000).  An id out of both
 * orders is reported, and the owner turns the index into a map of every id
 * (lk_id_index_to_map) and refills it.
 */
#ifndef LIFTKIT_ID_INDEX_H
#define LIFTKIT_ID_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "liftkit/csv.h"
#include "liftkit/error.h"

#include "util/strmap.h"

enum { LK_IDX_NEW, LK_IDX_SEEN, LK_IDX_UNSORTED, LK_IDX_NOMEM, LK_IDX_LIMIT };
enum { LK_ORDER_BYTES = 1, LK_ORDER_LENGTH = 2, LK_ORDER_ANY = 3 };

typedef struct lk_id_index {
    int sorted;                 /* orders (LK_ORDER_*) the ids so far increase in:
                                   only first and last are kept; 0: a map */
    int any;                    /* an id was added */
    char *last, *first;
    size_t last_len, last_cap, first_len, first_cap;
    unsigned long last_line;    /* line last first appeared on */
    lk_strmap *map;             /* when not sorted */
    uint32_t *line;             /* first line, by map id */
    size_t line_cap;
    size_t limit;               /* most ids the map holds; 0: no limit */
} lk_id_index;

/* The most ids a map of out-of-order ids holds: LIFTKIT_MAX_IDS (lk_id_set_limit). */
size_t lk_id_limit(void);

/* Start empty: tracking order (sorted != 0) or with a map. */
int lk_id_index_init(lk_id_index *x, int sorted);
void lk_id_index_release(lk_id_index *x);

/* Drop the order tracking for an empty map sized for about expect ids. */
int lk_id_index_to_map(lk_id_index *x, size_t expect);

/*
 * Record id s[0..len) seen on line: LK_IDX_NEW, LK_IDX_SEEN (with the line
 * it was first seen on in *first_line), LK_IDX_UNSORTED when an order-
 * tracking index meets an id out of both orders (nothing recorded),
 * LK_IDX_LIMIT when a map with a limit would hold more ids, or
 * LK_IDX_NOMEM.
 */
int lk_id_index_add(lk_id_index *x, const char *s, size_t len, unsigned long line,
                    unsigned long *first_line);

/*
 * 1 if the ids of x then those of y still increase in an order both are
 * sorted in (strict: x's last below y's first; else at most equal).
 */
int lk_id_index_join(const lk_id_index *x, const lk_id_index *y, int strict);

/*
 * Take the ids of y (sorted, from the input that follows x's) after those
 * of x (sorted): x keeps its first id, y's last becomes its last and its
 * orders those in which the join holds (as lk_id_index_join).  LK_IDX_NEW;
 * LK_IDX_SEEN when y's first id is x's last (allowed unless strict: a
 * household across the cut); LK_IDX_UNSORTED, x unchanged, when no order
 * holds; LK_IDX_NOMEM.
 */
int lk_id_index_append(lk_id_index *x, const lk_id_index *y, int strict);

/* Bytes held, for memory reports. */
size_t lk_id_index_bytes(const lk_id_index *x);

/*
 * A unique-id check of a file that never holds its reader up: by the ids'
 * order while they come sorted (no memory); once they do not, nothing more
 * is checked here and recheck is set, for one more read of the file with
 * lk_id_index_check_file.  With map set, a map from the start (for a file
 * that cannot be read again, or when a repeat must be caught where it is).
 * Every map it keeps has the limit lk_id_limit().
 */
typedef struct lk_id_check {
    lk_id_index index;
    int recheck;
} lk_id_check;

int lk_id_check_init(lk_id_check *c, int map);
void lk_id_check_release(lk_id_check *c);

/*
 * The id in column col (named column) of row: LK_OK, a located LK_EDATA
 * "duplicate COLUMN '...' (first on line N)" with *first set, a located
 * LK_ELIMIT when a map would hold more than its limit (lk_id_limit_error),
 * or LK_EIO when out of memory.
 */
int lk_id_check_row(lk_id_check *c, const lk_csv_reader *r, const lk_csv_row *row, int col,
                    const char *column, unsigned long *first, lk_error *err);

/* 1 if every id was checked: a's (then b's, b may be NULL) in order throughout. */
int lk_id_check_complete(const lk_id_check *a, const lk_id_check *b);

/* The message of a repeated id (into buf, returned). */
const char *lk_id_dup_message(char *buf, size_t len, const char *column, const char *id,
                              unsigned long first);

/*
 * The check of a file whose ids were not in order: read column of the CSV
 * file at path through once with a map of its values.  LK_OK when no
 * value repeats, else the first repeat as a located LK_EDATA "duplicate
 * COLUMN '...' (first on line N)"; LK_EIO when it cannot be read.
 */
int lk_id_index_check_file(const char *path, const char *column, lk_error *err);

/*
 * The located LK_ELIMIT error at column col of row: the values of column
 * are out of order and more than the limit of them would be held to check
 * them; the message says how to sort the file by that column.
 */
int lk_id_limit_error(const lk_csv_reader *r, const lk_csv_row *row, int col,
                      const char *column, lk_error *err);

/* Bytes s[0..8) as a number in their order (big-endian). */
static inline uint64_t lk_id_word(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    return (uint64_t)u[0] << 56 | (uint64_t)u[1] << 48 | (uint64_t)u[2] << 40 |
           (uint64_t)u[3] << 32 | (uint64_t)u[4] << 24 | (uint64_t)u[5] << 16 |
           (uint64_t)u[6] << 8 | (uint64_t)u[7];
}

/*
 * Byte order of a and b, the shorter first on a common prefix: negative,
 * 0 or positive.  Ids of 8 to 16 bytes, most of them, are compared as two
 * overlapping words in place (the second only when the first are equal,
 * so the bytes both cover are equal too).
 */
static inline int lk_id_compare(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int c;
    if (n >= 8 && n <= 16) {
        uint64_t x = lk_id_word(a), y = lk_id_word(b);
        if (x == y) {
            x = lk_id_word(a + n - 8);
            y = lk_id_word(b + n - 8);
        }
        c = (x > y) - (x < y);
    } else {
        c = memcmp(a, b, n);
    }
    return c ? c : (alen > blen) - (alen < blen);
}

/* The order of a and b in order (LK_ORDER_BYTES or LK_ORDER_LENGTH). */
static inline int lk_id_compare_in(int order, const char *a, size_t alen, const char *b,
                                   size_t blen)
{
    if (order == LK_ORDER_LENGTH && alen != blen)
        return alen < blen ? -1 : 1;
    return lk_id_compare(a, alen, b, blen);
}

/* The orders of `order` that an id of length len still keeps after one of
   length last_len, c being lk_id_compare of the id with the one before. */
int lk_id_order_kept(int order, int c, size_t len, size_t last_len);

#endif
