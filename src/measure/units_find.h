/*
 * units_find.h - a customer's unit from its id (library-internal: holdings,
 * balance snapshots and the other files joined to units by customer).
 *
 * Units loaded with find_customers answer in one of two ways: by the map
 * u->customers (units are households, or the assignments were out of
 * order), or, when units are customers whose ids came in increasing order,
 * by searching the unit ids u->id themselves.  The search starts from a
 * hint, the position the previous look-up ended at, and gallops forward
 * from there: a file in the assignments' order is then joined as a merge,
 * a step or two per row, and any other order costs a binary search.
 */
#ifndef LIFTKIT_UNITS_FIND_H
#define LIFTKIT_UNITS_FIND_H

#include <stddef.h>
#include <stdint.h>

#include "liftkit/units.h"

/* 1 when customers of u can be found (lk_units_find_customer). */
int lk_units_can_find(const lk_units *u);

/* 1 when they are found by searching the sorted unit ids (no map). */
int lk_units_find_sorted(const lk_units *u);

/*
 * The unit of customer id[0..len), or LK_STRMAP_NONE when not assigned.
 * *hint (start it at 0) is where a sorted search starts and is left where
 * it ended; it is ignored with a map.
 */
uint32_t lk_units_find_customer(const lk_units *u, const char *id, size_t len, size_t *hint);

/*
 * Sorted search only: the position of the first unit whose id is not
 * below id[0..len) (u->n when there is none).  Units before it belong to
 * customers ordered before id.
 */
size_t lk_units_customer_rank(const lk_units *u, const char *id, size_t len);

/*
 * The same searches over any sorted array of n ids, each NUL-terminated,
 * in order (LK_ORDER_BYTES or LK_ORDER_LENGTH of io/id_index.h): the first
 * position in [lo, hi) whose id is not below id[0..len); the position of
 * id[0..len) itself from *hint, or n when it is absent.
 */
size_t lk_ids_lower_bound(char *const *ids, int order, const char *id, size_t len, size_t lo,
                          size_t hi);
size_t lk_ids_find(char *const *ids, size_t n, int order, const char *id, size_t len,
                   size_t *hint);

#endif
