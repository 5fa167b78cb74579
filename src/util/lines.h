/*
 * lines.h - memory on cache lines of its own.  What two threads each
 * write row after row (a part's counts and sums) must not share a cache
 * line with what the other reads or writes: each write would take the
 * line from the other core.  A part's struct starts with LK_LINE_ALIGN
 * and its container comes from lk_lines_calloc.
 */
#ifndef LK_UTIL_LINES_H
#define LK_UTIL_LINES_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LK_LINE 64
#define LK_LINE_ALIGN _Alignas(LK_LINE)

/* count elements of size bytes, zeroed, in whole cache lines, as calloc;
   free() releases them.  NULL when out of memory or when the size would
   overflow. */
static inline void *lk_lines_calloc(size_t count, size_t size)
{
    if (size && count > (SIZE_MAX - LK_LINE) / size)
        return NULL;
    size_t n = count * size;
    n = n ? (n + LK_LINE - 1) / LK_LINE * LK_LINE : LK_LINE;
    void *p = aligned_alloc(LK_LINE, n);
    if (p)
        memset(p, 0, n);
    return p;
}

#endif
