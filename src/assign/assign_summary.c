/*
 * assign_summary.c - what 'liftkit assign' reports: arm counts against the
 * weights and the sample-ratio test, overall and per stratum.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/assign.h"
#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/stats.h"

void lk_assign_summary_release(lk_assign_summary *sum)
{
    for (size_t s = 0; sum->strata && s < sum->nstrata; s++)
        free(sum->strata[s]);
    free(sum->strata);
    free(sum->units);
    free(sum->customers);
    free(sum->stratum_units);
    free(sum->stratum_customers);
    memset(sum, 0, sizeof(*sum));
}


double lk_assign_summary_srm(const lk_assign_summary *sum, const lk_experiment *exp,
                             long s, double *chi2)
{
    size_t k = sum->narms;
    const uint64_t *units = s < 0 ? sum->units : sum->stratum_units + (size_t)s * k;
    double counts[k], w[k];
    for (size_t i = 0; i < k; i++) {
        counts[i] = (double)units[i];
        w[i] = exp->arms[i].weight;
    }
    return lk_srm_p(counts, w, k, chi2);
}

void lk_assign_summary_level(const lk_assign_summary *sum, const lk_experiment *exp, long s,
                             lk_assign_level *lv)
{
    size_t k = sum->narms;
    lv->units = s < 0 ? sum->units : sum->stratum_units + (size_t)s * k;
    lv->customers = s < 0 ? sum->customers : sum->stratum_customers + (size_t)s * k;
    lv->n = lv->weight_sum = 0;
    for (size_t i = 0; i < k; i++) {
        lv->n += (double)lv->units[i];
        lv->weight_sum += exp->arms[i].weight;
    }
    lv->srm_p = lk_assign_summary_srm(sum, exp, s, &lv->chi2);
}
