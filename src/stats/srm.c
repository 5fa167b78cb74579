/*
 * srm.c - the sample-ratio-mismatch test: chi-square goodness of fit of
 * arm counts against the arm weights, and the one warning text for a
 * failed check.  Shared by assign, lift, roi, uplift and the report.
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>

#include "liftkit/stats.h"

double lk_srm_p(const double *counts, const double *weights, size_t k, double *chi2)
{
    double n = 0, w = 0, x2 = 0;
    for (size_t i = 0; i < k; i++) {
        n += counts[i];
        w += weights[i];
    }
    if (k < 2 || n <= 0 || w <= 0) {
        if (chi2)
            *chi2 = NAN;
        return NAN;
    }
    for (size_t i = 0; i < k; i++) {
        double e = n * weights[i] / w;
        x2 += (counts[i] - e) * (counts[i] - e) / e;
    }
    if (chi2)
        *chi2 = x2;
    return gsl_cdf_chisq_Q(x2, (double)(k - 1));
}

const char *lk_srm_warning(double srm_p, char *buf, size_t len)
{
    snprintf(buf, len,
             "sample ratio mismatch (p = %.3g < %g): arm sizes do not match the weights; "
             "the experiment is untrustworthy, do not act on these results",
             srm_p, LK_SRM_THRESHOLD);
    return buf;
}
