/*
 * uplift_rank.c - ranking units by a score for the uplift curves.
 *
 * Scores are ranked highest first: packed with the unit number into one
 * 64-bit integer key when no two different scores round to the same
 * float (a large sample sorted in two halves on two threads, then
 * merged), else by the doubles themselves.  Equal scores form blocks;
 * inside a block that a decile or top-k cut splits, units go in id order,
 * so no result depends on how ties happened to be ordered.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_heapsort.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_sort_uint.h>
#include <gsl/gsl_sort_ulong.h>

#include "liftkit/uplift.h"

#include "measure/uplift_private.h"
#include "util/grow.h"
#include "util/pair.h"

typedef struct tie_item {
    const char *id;
    uint32_t unit;
} tie_item;

static int tie_cmp(const void *a, const void *b)
{
    const tie_item *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->unit > y->unit) - (x->unit < y->unit);
}

static int index_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Put order[lo..hi) (equal scores) in unit id order. */
static int order_ties(uint32_t *order, size_t lo, size_t hi, char *const *ids,
                      tie_item **scratch, size_t *cap)
{
    size_t m = hi - lo;
    if (!ids) {
        gsl_heapsort(order + lo, m, sizeof(*order), index_cmp);
        return 0;
    }
    if (m > *cap) {
        tie_item *p = realloc(*scratch, m * sizeof(*p));
        if (!p)
            return -1;
        *scratch = p;
        *cap = m;
    }
    for (size_t i = 0; i < m; i++)
        (*scratch)[i] = (tie_item){ids[order[lo + i]], order[lo + i]};
    gsl_heapsort(*scratch, m, sizeof(**scratch), tie_cmp);
    for (size_t i = 0; i < m; i++)
        order[lo + i] = (*scratch)[i].unit;
    return 0;
}

/* Is position cut (units before it are "the first cut") strictly inside [lo, hi)? */
static int splits(size_t cut, size_t lo, size_t hi)
{
    return lo < cut && cut < hi;
}

/*
 * Only the deciles and the top-k cuts see the order inside a tie block,
 * and only where a cut falls inside the block; curves and coefficients
 * never do.  So only those blocks (at most 11) are put in id order.
 */
static int order_cut_blocks(lk_uplift_score *r, char *const *ids)
{
    size_t m = r->norder, cuts[LK_UPLIFT_DECILES + 2], ncuts = 0, pos = 0;
    for (size_t d = 0; d + 1 < LK_UPLIFT_DECILES; d++) {
        pos += m / LK_UPLIFT_DECILES + (d < m % LK_UPLIFT_DECILES ? 1 : 0);
        cuts[ncuts++] = pos;
    }
    cuts[ncuts++] = m * 10 / 100;
    cuts[ncuts++] = m * 30 / 100;
    tie_item *scratch = NULL;
    size_t cap = 0, lo = 0;
    int rc = 0;
    for (size_t b = 0; b < r->nblocks && !rc; b++) {
        size_t hi = r->block_end[b];
        int split = 0;
        for (size_t c = 0; c < ncuts; c++)
            split |= splits(cuts[c], lo, hi);
        if (split)
            rc = order_ties(r->order, lo, hi, ids, &scratch, &cap);
        lo = hi;
    }
    free(scratch);
    return rc;
}

/*
 * A 32-bit key that orders as the score descending: the float nearest the
 * score (rounding keeps order, though it may merge two close doubles),
 * its bits turned so that unsigned order is float order, then inverted.
 */
static uint32_t descending_key(double score)
{
    float f = (float)score;
    uint32_t b;
    memcpy(&b, &f, sizeof(b));
    b = (b & 0x80000000u) ? ~b : b | 0x80000000u;
    return ~b;
}

/* Keys sorted on two threads from this many on (below, a thread costs what it saves). */
#define RANK_PAIR ((size_t)1 << 16)

typedef struct keys {
    unsigned long *k;
    size_t n;
} keys;

static void *sort_keys(void *arg)
{
    keys *h = arg;
    gsl_sort_ulong(h->k, 1, h->n);
    return NULL;
}

/*
 * The units of the keys in order, from the two sorted halves a and b
 * merged (the keys are distinct: each holds its unit); -1 when two
 * different scores share a float.
 */
static int merge_keys(uint32_t *order, const keys *a, const keys *b, const double *score)
{
    size_t i = 0, j = 0, m = a->n + b->n;
    unsigned long prev = 0;
    int rc = 0;
    for (size_t o = 0; o < m; o++) {
        unsigned long k = j == b->n || (i < a->n && a->k[i] < b->k[j]) ? a->k[i++] : b->k[j++];
        order[o] = (uint32_t)k;
        if (o && k >> 32 == prev >> 32 && score[order[o]] != score[order[o - 1]])
            rc = -1;
        prev = k;
    }
    return rc;
}

/*
 * Sort by packed keys: each unit's descending_key above its number, one
 * 64-bit integer (half the memory of a key array and a unit array, and
 * integer comparisons), with GSL's sort, a large sample as two halves on
 * two threads then merged.  0 when no two different scores share a float,
 * so that the order is the scores' exact order; -1 when some do (then the
 * caller sorts the doubles themselves).
 */
static int rank_packed(uint32_t *order, size_t m, const lk_uplift_sample *s,
                       const double *score)
{
    unsigned long *k = lk_alloc_big(m, sizeof(*k), 0);
    if (!k)
        return -1;
    size_t j = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->group[i] != LK_UPLIFT_OUT && !isnan(score[i]))
            k[j++] = (unsigned long)descending_key(score[i]) << 32 | (unsigned long)i;
    keys a = {k, m}, b = {k + m, 0};
    if (m >= RANK_PAIR) {
        a.n = m / 2;
        b = (keys){k + a.n, m - a.n};
        lk_run_pair(sort_keys, &a, &b);
    } else {
        sort_keys(&a);
    }
    int rc = merge_keys(order, &a, &b, score);
    free(k);
    return rc;
}

/*
 * The exact sort: the negated scores carrying the unit numbers along
 * (exact in a double), then equal scores by unit number.
 */
static int rank_doubles(uint32_t *order, size_t m, const lk_uplift_sample *s,
                        const double *score)
{
    double *key = lk_alloc_big(m, sizeof(*key), 0);
    double *unit = lk_alloc_big(m, sizeof(*unit), 0);
    if (!key || !unit) {
        free(key);
        free(unit);
        return -1;
    }
    size_t j = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->group[i] != LK_UPLIFT_OUT && !isnan(score[i])) {
            key[j] = -score[i];
            unit[j++] = (double)i;
        }
    gsl_sort2(key, 1, unit, 1, m);
    for (j = 0; j < m; j++)
        order[j] = (uint32_t)unit[j];
    /* equal scores by unit number, as rank_packed leaves them */
    for (size_t lo = 0; lo < m;) {
        size_t hi = lo + 1;
        while (hi < m && key[hi] == key[lo])
            hi++;
        if (hi - lo > 1)
            gsl_sort_uint(order + lo, 1, hi - lo);
        lo = hi;
    }
    free(key);
    free(unit);
    return 0;
}

int lk_uplift_rank(lk_uplift_score *r, const lk_uplift_sample *s, const double *score)
{
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->group[i] == LK_UPLIFT_OUT)
            continue;
        if (isnan(score[i]))
            r->n_unscored++;
        else
            m++;
    }
    r->order = lk_alloc_big(m, sizeof(*r->order), 0);
    r->block_end = lk_alloc_big(m, sizeof(*r->block_end), 0);
    if (!r->order || !r->block_end)
        return -1;
    if (rank_packed(r->order, m, s, score) != 0 && rank_doubles(r->order, m, s, score) != 0)
        return -1;
    r->norder = m;
    const uint32_t *o = r->order;
    for (size_t lo = 0; lo < m;) {
        size_t hi = lo + 1;
        while (hi < m && score[o[hi]] == score[o[lo]])
            hi++;
        r->block_end[r->nblocks++] = (uint32_t)hi;
        lo = hi;
    }
    return order_cut_blocks(r, s->ids);
}
