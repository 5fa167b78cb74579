/*
 * grow.h - capacity-doubling arrays, and huge pages for large ones
 * (library-internal: used by csv.c, units.c, assign_file.c, attribute.c
 * and strmap.c).
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

/*
 * Ask for transparent huge pages over the 2 MB-aligned inside of the block
 * p[0..len): a big table touched at random otherwise costs a page fault
 * per 4 KB, which is slow on virtual machines.  Only a hint; blocks under
 * 4 MB are left alone.
 */
void lk_advise_huge(void *p, size_t len);

#endif
