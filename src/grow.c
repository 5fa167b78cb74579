/*
 * grow.c - the one growth rule for the library's arrays, and the huge-page
 * hint for large ones.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "grow.h"

int lk_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return -1;
        n *= 2;
    }
    if (elem && n > SIZE_MAX / elem)
        return -1;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

void lk_advise_huge(void *p, size_t len)
{
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t hi = ((uintptr_t)p + len) & ~(huge - 1);
    if (len >= 2 * huge && hi > lo)
        madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
}
