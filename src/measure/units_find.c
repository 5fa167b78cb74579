/*
 * units_find.c - a customer's unit from its id (units_find.h).
 *
 * The sorted ids are compared in the order the assignments were checked
 * in: as text, or by length then as text (numbers without zero padding).
 * A search from the hint first looks at the hint itself, then gallops
 * forward in steps that double, so the next customer of a file in the
 * same order costs one or two comparisons and a gap of g ids about
 * 2 log2(g); an id just before the hint (one the other file has and this
 * one not) is absent after two, and any other is found by bisection.
 */
#include <string.h>

#include "io/id_index.h"
#include "measure/units_find.h"
#include "util/strmap.h"

/* id[0..len) against the NUL-terminated s, in order. */
static int compare(int order, const char *id, size_t len, const char *s)
{
    size_t slen = strlen(s);
    if (order == LK_ORDER_LENGTH && len != slen)
        return len < slen ? -1 : 1;
    return lk_id_compare(id, len, s, slen);
}

size_t lk_ids_lower_bound(char *const *ids, int order, const char *id, size_t len, size_t lo,
                          size_t hi)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (compare(order, id, len, ids[mid]) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t lk_ids_find(char *const *ids, size_t n, int order, const char *id, size_t len,
                   size_t *hint)
{
    if (!n)
        return n;
    size_t h = *hint < n ? *hint : n - 1, lo, hi;
    int c = compare(order, id, len, ids[h]);
    if (c == 0)
        return h;
    if (c < 0) {
        /* in the gap just before h (a row a merge skips): absent at once */
        int before = h ? compare(order, id, len, ids[h - 1]) : 1;
        if (before >= 0) {
            *hint = before ? h : h - 1;
            return before ? n : h - 1;
        }
        lo = 0;
        hi = h - 1;
    } else {
        /* gallop: the id lies after h, most often at h + 1 */
        size_t step = 1;
        lo = h + 1;
        hi = n;
        while (lo + step - 1 < n) {
            size_t probe = lo + step - 1;
            c = compare(order, id, len, ids[probe]);
            if (c <= 0) {
                hi = probe + 1;
                break;
            }
            lo = probe + 1;
            step *= 2;
        }
    }
    size_t pos = lk_ids_lower_bound(ids, order, id, len, lo, hi);
    *hint = pos < n ? pos : n - 1;
    return pos < n && compare(order, id, len, ids[pos]) == 0 ? pos : n;
}

int lk_units_find_sorted(const lk_units *u)
{
    return !u->customers && u->id && u->id_order;
}

int lk_units_can_find(const lk_units *u)
{
    return u->customers || lk_units_find_sorted(u);
}

uint32_t lk_units_find_customer(const lk_units *u, const char *id, size_t len, size_t *hint)
{
    if (u->customers) {
        uint32_t c = lk_strmap_find(u->customers, id, len);
        return c == LK_STRMAP_NONE ? c : u->customer_unit[c];
    }
    size_t i = lk_ids_find(u->id, u->n, u->id_order, id, len, hint);
    return i < u->n ? (uint32_t)i : LK_STRMAP_NONE;
}

size_t lk_units_customer_rank(const lk_units *u, const char *id, size_t len)
{
    return lk_ids_lower_bound(u->id, u->id_order, id, len, 0, u->n);
}
