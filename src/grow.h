/*
 * grow.h - capacity-doubling arrays (library-internal: used by the readers
 * and the loaders in csv.c, units.c, assign_file.c and attribute.c).
 */
#ifndef LIFTKIT_GROW_H
#define LIFTKIT_GROW_H

#include <stddef.h>

/*
 * Make the array *p of *cap elements of elem bytes hold at least need
 * elements, doubling the capacity (from 16 when empty) so that n appends
 * cost O(n).  On success *p and *cap are updated and 0 is returned; when
 * memory runs out, or the size would overflow, -1 is returned and *p and
 * *cap are left as they were (the caller still owns and frees *p).
 */
int lk_grow(void **p, size_t *cap, size_t need, size_t elem);

#endif
