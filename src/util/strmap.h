/*
 * strmap.h - interning strings to dense ids (library-internal; units.h
 * names the type only, for lk_units.customers).
 *
 * The hot paths key everything by id (customer, account, product,
 * channel): a string is hashed and copied once, into an arena, and from
 * then on is a uint32_t.  Ids are dense, 0..count-1, in first-seen order.
 */
#ifndef LIFTKIT_STRMAP_H
#define LIFTKIT_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct lk_strmap lk_strmap;

#define LK_STRMAP_NONE UINT32_MAX

/* A new empty map sized for about expect keys (0: small); NULL if out of memory. */
lk_strmap *lk_strmap_new(size_t expect);
void lk_strmap_free(lk_strmap *m);

/*
 * The id of s[0..len), adding it if new; *added (may be NULL) says which.
 * Returns LK_STRMAP_NONE only when out of memory.
 */
uint32_t lk_strmap_intern(lk_strmap *m, const char *s, size_t len, int *added);

/* The id of s[0..len), or LK_STRMAP_NONE if absent. */
uint32_t lk_strmap_find(const lk_strmap *m, const char *s, size_t len);

/*
 * The same three with the key's lk_hash_bytes already at hand (h), for a
 * loop that hashed the key for a filter or a prefetch: no second hash.
 */
uint32_t lk_strmap_find_hashed(const lk_strmap *m, const char *s, size_t len, uint64_t h);
uint32_t lk_strmap_intern_hashed(lk_strmap *m, const char *s, size_t len, uint64_t h,
                                 int *added);
void lk_strmap_prefetch_hashed(const lk_strmap *m, uint64_t h);

/* Make room for about expect keys without further growth; 0, or -1 if out of memory. */
int lk_strmap_reserve(lk_strmap *m, size_t expect);

/*
 * Start fetching the slot where s[0..len) lives or would go, for a look-up
 * or intern a little later: a loop over many keys can hide the cache misses
 * of a large map this way.  Only a hint; it changes nothing.
 */
void lk_strmap_prefetch(const lk_strmap *m, const char *s, size_t len);

/* The key of id, NUL-terminated, valid while the map lives. */
const char *lk_strmap_key(const lk_strmap *m, uint32_t id);
size_t lk_strmap_key_len(const lk_strmap *m, uint32_t id);

size_t lk_strmap_count(const lk_strmap *m);

/* Bytes held, for memory reports. */
size_t lk_strmap_bytes(const lk_strmap *m);

/*
 * A key filter: a small bit table over a map's keys that answers "surely
 * absent" for most absent keys from cache, so that a loop whose keys are
 * mostly not in a large map pays for the map look-up only for the rest.
 * Eight bits per key, two of them set in one 64-bit word (one memory
 * access); a few percent of absent keys pass.  It reflects the keys at the
 * time it is built.
 */
typedef struct lk_keyfilter {
    uint64_t *word;
    uint64_t mask;      /* words - 1 */
} lk_keyfilter;

/* Build f over m's keys; 0, or -1 when out of memory.  Release with lk_keyfilter_release. */
int lk_keyfilter_build(lk_keyfilter *f, const lk_strmap *m);
void lk_keyfilter_release(lk_keyfilter *f);

/*
 * The word holding the bits of the key with hash h (lk_hash_bytes), with
 * its fetch started: get it early, test it with lk_keyfilter_may_hold after
 * other work.
 */
const uint64_t *lk_keyfilter_word(const lk_keyfilter *f, uint64_t h);

/* 0 when the key with hash h is surely not in the map; 1 when it may be. */
int lk_keyfilter_may_hold(const uint64_t *word, uint64_t h);

/*
 * The 64-bit hash the map uses for s[0..len): every bit depends on every
 * byte, so low bits can index a table and high bits pick filter bits.
 * Stable within one build only; never store it.
 */
uint64_t lk_hash_bytes(const char *s, size_t len);

#endif
