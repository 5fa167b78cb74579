/*
 * roi_int.h - what ROI's files share (library-internal): a sample the
 * bootstrap resamples, and what the ROI table is made of per arm.
 */
#ifndef LIFTKIT_ROI_INT_H
#define LIFTKIT_ROI_INT_H

#include <stddef.h>

#include "liftkit/roi.h"

/* A sample as distinct values and their counts (or the raw values). */
typedef struct sample {
    const double *x;
    size_t n;
    double *value;          /* distinct values, ascending, when grouped */
    double *weight;         /* their frequencies */
    unsigned int *count;    /* a resample's counts */
    size_t k;               /* distinct values; 0: resample unit by unit */
} sample;

/* The most distinct values a sample of n values is grouped by; with more,
   it is resampled unit by unit (LK_ROI_UNGROUPED). */
#define LK_ROI_GROUPED_MAX(n) ((n) / 8 > 64 ? (n) / 8 : 64)
#define LK_ROI_UNGROUPED(k, n) ((k) > LK_ROI_GROUPED_MAX(n))

/*
 * s from the n values x (borrowed: kept for a sample resampled unit by
 * unit), grouped by a sort unless LK_ROI_UNGROUPED.  0, or -1 when out of
 * memory.  lk_roi_sample_release frees what it holds.
 */
int lk_roi_sample_init(sample *s, const double *x, size_t n);
void lk_roi_sample_release(sample *s);

/*
 * What the table is made of, per arm: units, target response rate, mean
 * value per unit, contacts, cost, and the unit values to resample; from
 * units and offers (lk_roi_compute) or from summaries (lk_roi_compute_sums).
 */
typedef struct arm_data {
    double *n, *rate, *value, *contacts, *cost;
    sample *s;
    double srm_p;
} arm_data;

int lk_roi_arm_data_init(arm_data *d, size_t narms);
void lk_roi_arm_data_release(arm_data *d, size_t narms);

/* The arm data of ru (contacts and cost left to the caller), or NULL when
   ru was made for another number of arms than narms. */
arm_data *lk_roi_units_data(lk_roi_units *ru, size_t narms);

#endif
