/*
 * power_k.h - sizing for the verdict that is actually used: K comparisons
 * judged together by Holm (docs/methods.md, "Power for K comparisons").
 *
 * Holm's first step tests the smallest p-value at alpha / K, so a
 * comparison sized at alpha / K reaches the stated power for its true
 * effect whichever other comparisons are made (Bonferroni sizing; Holm
 * never asks more of a comparison than that).  With K = 1 this is
 * lk_power_size.
 */
#ifndef LIFTKIT_POWER_K_H
#define LIFTKIT_POWER_K_H

#include "liftkit/power.h"

/*
 * lk_power_size at alpha / comparisons (R's power.prop.test with
 * sig.level = alpha / K, rounded up, when ratio = 1).  row->alpha holds the
 * per-comparison level alpha / K.  Returns as lk_power_size, and LK_EUSAGE
 * when comparisons is 0.
 */
int lk_power_size_k(double baseline, double treated, double alpha, double power, double ratio,
                    unsigned comparisons, lk_power_row *row, lk_error *err);

/*
 * The baseline of the next wave from a previous wave's lift table at path
 * (docs/formats.md, "Lift table"): the champion's response_target value,
 * a rate per randomized unit.  Columns metric, role and value are found by
 * name.  LK_EDATA (located) when the table has no such row or its value is
 * not a rate in (0, 1); LK_EIO when the file cannot be read.
 */
int lk_power_baseline_from_lift(const char *path, double *baseline, lk_error *err);

#endif
