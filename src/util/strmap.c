/*
 * strmap.c - open-addressing hash table over an arena of keys.
 *
 * Slots hold (hash, id); keys live in arena blocks that never move, so
 * key pointers stay valid as the table grows.  The table is kept at most
 * half full.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/strmap.h"

#define BLOCK (1u << 20)

typedef struct slot {
    uint32_t hash;
    uint32_t id;        /* LK_STRMAP_NONE: empty */
} slot;

typedef struct block {
    struct block *next;
    size_t used, cap;
    char data[];
} block;

struct lk_strmap {
    slot *slots;
    size_t mask;        /* slot count - 1 */
    char **keys;        /* by id */
    uint32_t *lens;
    size_t count, keys_cap;
    block *blocks;
    size_t bytes;
};

uint64_t lk_hash_bytes(const char *s, size_t len)
{
    /* FNV-1a, then a 64-bit finalizer to spread the low bits. */
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

lk_strmap *lk_strmap_new(size_t expect)
{
    lk_strmap *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    size_t n = 64;
    while (n < expect * 2)
        n *= 2;
    m->slots = lk_alloc_big(n, sizeof(slot), 0);
    if (!m->slots) {
        free(m);
        return NULL;
    }
    memset(m->slots, 0xff, n * sizeof(slot));
    m->mask = n - 1;
    return m;
}

void lk_strmap_free(lk_strmap *m)
{
    if (!m)
        return;
    for (block *b = m->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(m->slots);
    free(m->keys);
    free(m->lens);
    free(m);
}

static char *store(lk_strmap *m, const char *s, size_t len)
{
    block *b = m->blocks;
    if (!b || b->cap - b->used < len + 1) {
        size_t cap = len + 1 > BLOCK ? len + 1 : BLOCK;
        b = malloc(sizeof(block) + cap);
        if (!b)
            return NULL;
        b->used = 0;
        b->cap = cap;
        b->next = m->blocks;
        m->blocks = b;
        m->bytes += sizeof(block) + cap;
    }
    char *p = b->data + b->used;
    memcpy(p, s, len);
    p[len] = '\0';
    b->used += len + 1;
    return p;
}

static int rehash(lk_strmap *m, size_t n)
{
    slot *s = lk_alloc_big(n, sizeof(slot), 0);
    if (!s)
        return -1;
    memset(s, 0xff, n * sizeof(slot));
    for (size_t i = 0; i <= m->mask; i++) {
        if (m->slots[i].id == LK_STRMAP_NONE)
            continue;
        size_t j = m->slots[i].hash & (n - 1);
        while (s[j].id != LK_STRMAP_NONE)
            j = (j + 1) & (n - 1);
        s[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = s;
    m->mask = n - 1;
    return 0;
}

static int reserve_keys(lk_strmap *m, size_t cap)
{
    if (cap <= m->keys_cap)
        return 0;
    char **k = lk_realloc_big(m->keys, m->keys_cap * sizeof(char *), cap, sizeof(char *));
    if (!k)
        return -1;
    m->keys = k;
    uint32_t *l = lk_realloc_big(m->lens, m->keys_cap * sizeof(uint32_t), cap, sizeof(uint32_t));
    if (!l)
        return -1;
    m->lens = l;
    m->keys_cap = cap;
    return 0;
}

static size_t probe(const lk_strmap *m, const char *s, size_t len, uint32_t h)
{
    size_t i = h & m->mask;
    for (;;) {
        const slot *sl = &m->slots[i];
        if (sl->id == LK_STRMAP_NONE)
            return i;
        if (sl->hash == h && m->lens[sl->id] == len && memcmp(m->keys[sl->id], s, len) == 0)
            return i;
        i = (i + 1) & m->mask;
    }
}

void lk_strmap_prefetch_hashed(const lk_strmap *m, uint64_t h)
{
    __builtin_prefetch(&m->slots[(uint32_t)h & m->mask]);
}

void lk_strmap_prefetch(const lk_strmap *m, const char *s, size_t len)
{
    lk_strmap_prefetch_hashed(m, lk_hash_bytes(s, len));
}

uint32_t lk_strmap_find_hashed(const lk_strmap *m, const char *s, size_t len, uint64_t h)
{
    return m->slots[probe(m, s, len, (uint32_t)h)].id;
}

uint32_t lk_strmap_find(const lk_strmap *m, const char *s, size_t len)
{
    return lk_strmap_find_hashed(m, s, len, lk_hash_bytes(s, len));
}

uint32_t lk_strmap_intern(lk_strmap *m, const char *s, size_t len, int *added)
{
    return lk_strmap_intern_hashed(m, s, len, lk_hash_bytes(s, len), added);
}

uint32_t lk_strmap_intern_hashed(lk_strmap *m, const char *s, size_t len, uint64_t h64,
                                 int *added)
{
    uint32_t h = (uint32_t)h64;
    size_t i = probe(m, s, len, h);
    if (added)
        *added = 0;
    if (m->slots[i].id != LK_STRMAP_NONE)
        return m->slots[i].id;
    if (m->count >= UINT32_MAX - 1 || len > UINT32_MAX)
        return LK_STRMAP_NONE;
    if (m->count == m->keys_cap && reserve_keys(m, m->keys_cap ? m->keys_cap * 2 : 1024))
        return LK_STRMAP_NONE;
    char *p = store(m, s, len);
    if (!p)
        return LK_STRMAP_NONE;
    uint32_t id = (uint32_t)m->count++;
    m->keys[id] = p;
    m->lens[id] = (uint32_t)len;
    m->slots[i].hash = h;
    m->slots[i].id = id;
    if (m->count * 2 > m->mask + 1 && rehash(m, (m->mask + 1) * 2) != 0) {
        m->count--;
        m->slots[i].id = LK_STRMAP_NONE;
        return LK_STRMAP_NONE;
    }
    if (added)
        *added = 1;
    return id;
}

int lk_strmap_reserve(lk_strmap *m, size_t expect)
{
    size_t n = m->mask + 1;
    while (n < expect * 2)
        n *= 2;
    if (n > m->mask + 1 && rehash(m, n) != 0)
        return -1;
    return reserve_keys(m, expect);
}

const char *lk_strmap_key(const lk_strmap *m, uint32_t id) { return m->keys[id]; }
size_t lk_strmap_key_len(const lk_strmap *m, uint32_t id) { return m->lens[id]; }
size_t lk_strmap_count(const lk_strmap *m) { return m->count; }

size_t lk_strmap_bytes(const lk_strmap *m)
{
    return m->bytes + (m->mask + 1) * sizeof(slot) + m->keys_cap * (sizeof(char *) + 4);
}

/* ---- key filter ---- */

static uint64_t filter_bits(uint64_t h)
{
    return 1ull << (h >> 52 & 63) | 1ull << (h >> 58);
}

int lk_keyfilter_build(lk_keyfilter *f, const lk_strmap *m)
{
    size_t n = m->count, bits = 1 << 12;
    while (bits < 8 * n)
        bits *= 2;
    f->word = lk_alloc_big(bits / 64, sizeof(uint64_t), 1);
    if (!f->word)
        return -1;
    f->mask = bits / 64 - 1;
    for (size_t id = 0; id < n; id++) {
        uint64_t h = lk_hash_bytes(m->keys[id], m->lens[id]);
        f->word[h & f->mask] |= filter_bits(h);
    }
    return 0;
}

void lk_keyfilter_release(lk_keyfilter *f)
{
    free(f->word);
    f->word = NULL;
    f->mask = 0;
}

const uint64_t *lk_keyfilter_word(const lk_keyfilter *f, uint64_t h)
{
    const uint64_t *w = &f->word[h & f->mask];
    __builtin_prefetch(w);
    return w;
}

int lk_keyfilter_may_hold(const uint64_t *word, uint64_t h)
{
    uint64_t bits = filter_bits(h);
    return (*word & bits) == bits;
}
