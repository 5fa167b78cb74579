/*
 * grow.h - capacity-doubling arrays, and huge pages for large ones
 * (library-internal: used by csv.c, units.c, uplift.c, assign_file.c,
 * attribute.c and strmap.c).
 *
 * A first touch of a 4 KB page costs a fault, and on virtual machines a
 * slow one (about 14 us measured on the project's 2-core VMs, so a 64 MB
 * array costs 0.2 s before any work is done).  Arrays of 2 MB or more are
 * therefore placed on 2 MB boundaries, rounded to whole 2 MB, and marked
 * for transparent huge pages: one fault per 2 MB.  Where the system has no
 * huge pages the hint does nothing and the arrays behave as plain ones.
 */
#ifndef LIFTKIT_GROW_H
#define LIFTKIT_GROW_H

#include <stddef.h>

/* lk_grow's reallocation, for an array that is full: call lk_grow instead. */
int lk_grow_realloc(void **p, size_t *cap, size_t need, size_t elem);

/*
 * Make the array *p of *cap elements of elem bytes hold at least need
 * elements, doubling the capacity (from 16 when empty) so that n appends
 * cost O(n).  On success *p and *cap are updated and 0 is returned; when
 * memory runs out, or the size would overflow, -1 is returned and *p and
 * *cap are left as they were (the caller still owns and frees *p).  Inline:
 * most calls, in per-row paths, find room and end at the comparison.
 */
static inline int lk_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    return need <= *cap ? 0 : lk_grow_realloc(p, cap, need, elem);
}

/*
 * An array of n elements of elem bytes (at least one element), zeroed
 * when zero is set; NULL when out of memory or when the size would
 * overflow.  Freed with free().
 */
void *lk_alloc_big(size_t n, size_t elem, int zero);

/*
 * Resize the array p, of which the first have bytes are kept, to n
 * elements of elem bytes, like realloc (p may be NULL; on failure NULL is
 * returned and p is untouched).
 */
void *lk_realloc_big(void *p, size_t have, size_t n, size_t elem);

#endif
