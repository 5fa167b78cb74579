/*
 * uplift_rank.c - ranking units by a score for the uplift curves.
 *
 * Scores are ranked highest first: packed with the unit number (and the
 * unit's group and outcome below it, which leaves the order as it is) into
 * one 64-bit integer key when no two different scores round to the same
 * float (distributed into buckets by the key's high bits, each bucket
 * sorted with GSL, the buckets split between two threads), else by the
 * doubles themselves.  Equal scores form blocks;
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
#include "util/prefetch.h"


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

/* The code of lk_uplift_score: treated << 1 | responder. */
static uint8_t unit_code(const lk_uplift_sample *s, size_t i)
{
    return (uint8_t)((s->group[i] == LK_UPLIFT_TREATED) << 1 | (s->y[i] != 0));
}

/* Put order[lo..hi) (equal scores) in unit id order, their codes with them. */
static int order_ties(lk_uplift_score *r, size_t lo, size_t hi, const lk_uplift_sample *s,
                      tie_item **scratch, size_t *cap)
{
    uint32_t *order = r->order;
    char *const *ids = s->ids;
    size_t m = hi - lo;
    if (ids && m > *cap) {
        tie_item *p = realloc(*scratch, m * sizeof(*p));
        if (!p)
            return -1;
        *scratch = p;
        *cap = m;
    }
    if (!ids) {
        gsl_heapsort(order + lo, m, sizeof(*order), index_cmp);
    } else {
        for (size_t i = 0; i < m; i++)
            (*scratch)[i] = (tie_item){ids[order[lo + i]], order[lo + i]};
        gsl_heapsort(*scratch, m, sizeof(**scratch), tie_cmp);
        for (size_t i = 0; i < m; i++)
            order[lo + i] = (*scratch)[i].unit;
    }
    for (size_t i = lo; i < hi; i++)
        r->code[i] = unit_code(s, order[i]);
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
static int order_cut_blocks(lk_uplift_score *r, const lk_uplift_sample *s)
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
            rc = order_ties(r, lo, hi, s, &scratch, &cap);
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

static int in_ranking(const lk_uplift_sample *s, const double *score, size_t i)
{
    return s->group[i] != LK_UPLIFT_OUT && !isnan(score[i]);
}

/* Keys per bucket aimed at: few, as GSL's heapsort of a bucket costs more per key the more keys it holds. */
#define BUCKET_KEYS 8
#define MAX_BUCKETS ((size_t)1 << 20)
/* Buckets sorted on two threads from this many keys on (below, a thread costs more). */
#define RANK_PAIR ((size_t)1 << 16)
#define PACKED_UNITS ((size_t)1 << 30)

/*
 * Packed keys (a unit's descending_key above its number, the number above
 * its code: unit << 2 | code, so the order is the units' and a packed key
 * carries the code; PACKED_UNITS units at most) distributed into
 * buckets by the key's high bits, so that every key of a bucket sorts
 * below every key of the next: bucket b holds k[end[b - 1] .. end[b]).
 */
typedef struct buckets {
    unsigned long *k;
    uint32_t *end;
    size_t n;
    uint32_t lo;                /* the smallest key */
    unsigned shift;             /* a key's bucket: (key - lo) >> shift */
} buckets;

/* In 64 bits: shift is 32 when a few keys span more than half the range. */
static size_t bucket_of(const buckets *bk, uint32_t key)
{
    return (size_t)((uint64_t)(key - bk->lo) >> bk->shift);
}

static size_t bucket_begin(const buckets *bk, size_t b)
{
    return b ? bk->end[b - 1] : 0;
}

/* The bucket width for m keys from lo to hi: about BUCKET_KEYS keys each if spread evenly. */
static void buckets_size(buckets *bk, size_t m, uint32_t lo, uint32_t hi)
{
    size_t want = m / BUCKET_KEYS;
    if (want > MAX_BUCKETS)
        want = MAX_BUCKETS;
    bk->lo = lo;
    bk->shift = 0;
    while (bk->shift < 32 && ((size_t)(hi - lo) >> bk->shift) >= (want ? want : 1))
        bk->shift++;
    bk->n = ((size_t)(hi - lo) >> bk->shift) + 1;
}

/*
 * Count each bucket's keys, then place the keys (in unit order) at their
 * bucket's next free position; end[b] moves from bucket b's start to its end.
 */
static void buckets_fill(buckets *bk, const lk_uplift_sample *s, const double *score)
{
    memset(bk->end, 0, bk->n * sizeof(*bk->end));
    for (size_t i = 0; i < s->n; i++)
        if (in_ranking(s, score, i))
            bk->end[bucket_of(bk, descending_key(score[i]))]++;
    uint32_t at = 0;
    for (size_t b = 0; b < bk->n; b++) {
        uint32_t c = bk->end[b];
        bk->end[b] = at;
        at += c;
    }
    for (size_t i = 0; i < s->n; i++)
        if (in_ranking(s, score, i)) {
            uint32_t key = descending_key(score[i]);
            bk->k[bk->end[bucket_of(bk, key)]++] =
                (unsigned long)key << 32 | (unsigned long)i << 2 | unit_code(s, i);
        }
}

typedef struct bucket_span {
    const buckets *bk;
    size_t from, to;
} bucket_span;

static void *sort_buckets(void *arg)
{
    const bucket_span *sp = arg;
    for (size_t b = sp->from; b < sp->to; b++) {
        size_t lo = bucket_begin(sp->bk, b), n = sp->bk->end[b] - lo;
        if (n > 1)
            gsl_sort_ulong(sp->bk->k + lo, 1, n);
    }
    return NULL;
}

/* Sort every bucket with GSL; a large sample's buckets in two runs of about equal keys. */
static void buckets_sort(const buckets *bk, size_t m)
{
    bucket_span a = {bk, 0, bk->n}, b = {bk, bk->n, bk->n};
    if (m < RANK_PAIR) {
        sort_buckets(&a);
        return;
    }
    size_t split = 0;
    while (split < bk->n && bk->end[split] < m / 2)
        split++;
    a.to = b.from = split;
    lk_run_pair(sort_buckets, &a, &b);
}

/* Do sorted keys a and b (a first) hold equal scores?  Only if one float, or 0 and -0. */
static int same_float(unsigned long a, unsigned long b)
{
    return a >> 32 == b >> 32 ||
           (a >> 32 == descending_key(0.0) && b >> 32 == descending_key(-0.0));
}

/* A run of equal floats reads its units' scores this many positions ahead. */
#define SCORE_AHEAD 16

/*
 * The units of the sorted keys in order with their codes, and the tie
 * blocks (runs of one float, 0 and -0 together as equal scores); 1 when
 * two different scores share a float (the order is then not the scores'
 * exact order), else 0.
 */
static int packed_order(lk_uplift_score *r, const unsigned long *k, size_t m,
                        const double *score)
{
    uint32_t *order = r->order;
    int tie = 0;
    double first = 0;
    for (size_t o = 0; o < m; o++) {
        order[o] = (uint32_t)k[o] >> 2;
        r->code[o] = (uint8_t)(k[o] & 3);
        if (o + SCORE_AHEAD < m)
            LK_PREFETCH_READ(score + ((uint32_t)k[o + SCORE_AHEAD] >> 2));
        if (o && same_float(k[o - 1], k[o])) {
            if (!tie)
                first = score[order[o - 1]];
            tie = 1;
            if (score[order[o]] != first)
                return 1;
            continue;
        }
        if (o)
            r->block_end[r->nblocks++] = (uint32_t)o;
        tie = 0;
    }
    if (m)
        r->block_end[r->nblocks++] = (uint32_t)m;
    return 0;
}

/*
 * Sort by packed keys: each unit's descending_key above its number, one
 * 64-bit integer (integer comparisons, and half the memory of a key array
 * and a unit array), distributed into buckets by their high bits and each
 * bucket sorted with GSL, the buckets split between two threads.  0: the
 * order and blocks are set, the scores' exact order; 1: two different
 * scores share a float (the caller sorts the doubles themselves); -1: out
 * of memory.
 */
static int rank_packed(lk_uplift_score *r, size_t m, const lk_uplift_sample *s,
                       const double *score, uint32_t lo, uint32_t hi)
{
    buckets bk = {0};
    buckets_size(&bk, m, lo, hi);
    bk.k = lk_alloc_big(m, sizeof(*bk.k), 0);
    bk.end = lk_alloc_big(bk.n, sizeof(*bk.end), 0);
    int rc = -1;
    if (bk.k && bk.end) {
        buckets_fill(&bk, s, score);
        buckets_sort(&bk, m);
        rc = packed_order(r, bk.k, m, score);
    }
    free(bk.k);
    free(bk.end);
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
        if (in_ranking(s, score, i)) {
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

/* The tie blocks and codes of an exact order: runs of equal scores. */
static void blocks_by_score(lk_uplift_score *r, const lk_uplift_sample *s, const double *score)
{
    const uint32_t *o = r->order;
    size_t m = r->norder;
    r->nblocks = 0;
    for (size_t lo = 0; lo < m;) {
        size_t hi = lo + 1;
        while (hi < m && score[o[hi]] == score[o[lo]])
            hi++;
        r->block_end[r->nblocks++] = (uint32_t)hi;
        lo = hi;
    }
    for (size_t i = 0; i < m; i++)
        r->code[i] = unit_code(s, o[i]);
}

int lk_uplift_rank(lk_uplift_score *r, const lk_uplift_sample *s, const double *score)
{
    size_t m = 0;
    uint32_t lo = UINT32_MAX, hi = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->group[i] == LK_UPLIFT_OUT)
            continue;
        if (isnan(score[i])) {
            r->n_unscored++;
            continue;
        }
        uint32_t key = descending_key(score[i]);
        lo = key < lo ? key : lo;
        hi = key > hi ? key : hi;
        m++;
    }
    r->order = lk_alloc_big(m, sizeof(*r->order), 0);
    r->block_end = lk_alloc_big(m, sizeof(*r->block_end), 0);
    r->code = lk_alloc_big(m, sizeof(*r->code), 0);
    if (!r->order || !r->block_end || !r->code)
        return -1;
    r->norder = m;
    int rc = s->n > PACKED_UNITS ? 1 : m ? rank_packed(r, m, s, score, lo, hi) : 0;
    if (rc < 0)
        return -1;
    if (rc > 0) {
        if (rank_doubles(r->order, m, s, score) != 0)
            return -1;
        blocks_by_score(r, s, score);
    }
    return order_cut_blocks(r, s);
}
