/*
 * power_k.c - sizing each of K comparisons at alpha / K (power_k.h).
 */
#include "liftkit/power_k.h"

int lk_power_size_k(double baseline, double treated, double alpha, double power, double ratio,
                    unsigned comparisons, lk_power_row *row, lk_error *err)
{
    if (comparisons == 0)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "the number of comparisons must be at least 1");
    if (!(alpha > 0 && alpha < 1))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "alpha %g is outside (0, 1)", alpha);
    return lk_power_size(baseline, treated, alpha / comparisons, power, ratio, row, err);
}
