/*
 * grow.c - the one growth rule for the library's arrays, and huge pages
 * for large ones.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util/grow.h"

#define HUGE_PAGE ((size_t)2 << 20)

/* n * elem, or 0 when it would overflow (n and elem are never 0 here). */
static size_t size_of(size_t n, size_t elem)
{
    return n > SIZE_MAX / elem ? 0 : n * elem;
}

/* A block of bytes (>= HUGE_PAGE) on 2 MB boundaries, marked for huge pages. */
static void *alloc_huge(size_t bytes)
{
    if (bytes > SIZE_MAX - HUGE_PAGE)
        return NULL;
    size_t whole = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    void *p;
    if (posix_memalign(&p, HUGE_PAGE, whole) != 0)
        return NULL;
    madvise(p, whole, MADV_HUGEPAGE);
    return p;
}

void *lk_alloc_big(size_t n, size_t elem, int zero)
{
    size_t bytes = size_of(n ? n : 1, elem ? elem : 1);
    if (!bytes)
        return NULL;
    if (bytes < HUGE_PAGE)
        return zero ? calloc(1, bytes) : malloc(bytes);
    void *p = alloc_huge(bytes);
    if (p && zero)
        memset(p, 0, bytes);
    return p;
}

void *lk_realloc_big(void *p, size_t have, size_t n, size_t elem)
{
    size_t bytes = size_of(n ? n : 1, elem ? elem : 1);
    if (!bytes)
        return NULL;
    if (bytes < HUGE_PAGE)
        return realloc(p, bytes);
    /* A new aligned block: realloc would keep the old pages small and may
     * move the block off its 2 MB boundary. */
    void *q = alloc_huge(bytes);
    if (!q)
        return NULL;
    if (p) {
        memcpy(q, p, have < bytes ? have : bytes);
        free(p);
    }
    return q;
}

int lk_grow_realloc(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return -1;
        n *= 2;
    }
    if (!size_of(n, elem ? elem : 1))
        return -1;
    void *q = lk_realloc_big(*p, *cap * elem, n, elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}
