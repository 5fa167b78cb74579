/*
 * segkey.h - segment labels of rows (library-internal: units.c, segments.c).
 *
 * A segment is the combination of a row's values in the --by columns,
 * labelled by the values joined with LK_SEGMENT_SEP (shown as '/':
 * "mass-affluent" or "mass-affluent/north").  Each reader interns the labels it meets into
 * codes in first-seen order; seg_keys_finish sorts them, so the segments
 * come out in label order whatever order or parts the file was read in.
 */
#ifndef LIFTKIT_SEGKEY_H
#define LIFTKIT_SEGKEY_H

#include <stddef.h>
#include <stdint.h>

#include "liftkit/csv.h"

#define SEG_MAX_COLS 8

typedef struct seg_keys {
    struct lk_strmap *map;      /* label -> code */
    int col[SEG_MAX_COLS];      /* the --by columns in the file */
    size_t ncols;
    char *buf;                  /* the last label made */
    size_t len, cap;
} seg_keys;

/* Ready to code rows whose --by columns are col[0..ncols); -1 out of memory. */
int seg_keys_init(seg_keys *k, const int *col, size_t ncols);
void seg_keys_release(seg_keys *k);

/* The row's code (a new label is added); LK_STRMAP_NONE when out of memory. */
uint32_t seg_keys_code(seg_keys *k, const lk_csv_row *row);

/* The row's code if its label is known, else LK_STRMAP_NONE (nothing added). */
uint32_t seg_keys_find(seg_keys *k, const lk_csv_row *row);

/* The code of label in k, added if new; LK_STRMAP_NONE when out of memory. */
uint32_t seg_keys_intern(seg_keys *k, const char *label, size_t len);

size_t seg_keys_count(const seg_keys *k);
const char *seg_keys_label(const seg_keys *k, uint32_t code);

/*
 * The labels in sorted order (*labels, count = seg_keys_count, each a copy)
 * and order[code] = the code's place among them.  Both are the caller's
 * (free the labels with seg_labels_free); -1 when out of memory.
 */
int seg_keys_finish(const seg_keys *k, char ***labels, uint32_t **order);

void seg_labels_free(char **labels, size_t n);

#endif
