/*
 * lift_int.h - what lift.c and lift_summary.c share (library-internal).
 */
#ifndef LIFTKIT_LIFT_INT_H
#define LIFTKIT_LIFT_INT_H

#include "liftkit/lift.h"

/* Empty sums for narms arms (no metric present, caps NaN), or NULL. */
lk_lift_sums *lift_sums_new(size_t narms);

#endif
