/*
 * holdings_int.h - the relationship files' readers with the size from
 * which a file is read in two parts (library-internal: tests set it low
 * to read small files in two parts).
 */
#ifndef LIFTKIT_HOLDINGS_INT_H
#define LIFTKIT_HOLDINGS_INT_H

#include <stdint.h>

#include "liftkit/holdings.h"

/* holdings.csv and balances.csv of this many bytes or more are read in two parts */
#define LK_RELATIONSHIP_SPLIT ((uint64_t)8 << 20)

/* lk_units_add_holdings, in two parts from split bytes on (LK_PARTS_WHOLE: never). */
int lk_units_add_holdings_split(lk_units *u, const lk_experiment *exp, const char *path,
                                uint64_t split, lk_relationship_counts *counts, lk_error *err);

/* lk_units_add_balances, each file in two parts from split bytes on. */
int lk_units_add_balances_split(lk_units *u, const lk_experiment *exp,
                                const char *openings_path, const char *balances_path,
                                uint64_t split, lk_relationship_counts *counts, lk_error *err);

#endif
