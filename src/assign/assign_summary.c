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

static void write_level(lk_csv_writer *w, const lk_assign_summary *sum,
                        const lk_experiment *exp, long s)
{
    lk_assign_level lv;
    lk_assign_summary_level(sum, exp, s, &lv);
    double n = lv.n;
    for (size_t i = 0; i < sum->narms; i++) {
        lk_csv_put_str(w, s < 0 ? "all" : "stratum");
        lk_csv_put_str(w, s < 0 ? "" : sum->strata[s]);
        lk_csv_put_str(w, exp->arms[i].name);
        lk_csv_put_str(w, lk_role_name(exp->arms[i].role));
        lk_csv_put_double(w, exp->arms[i].weight, 15);
        lk_csv_put_double(w, n > 0 ? (double)lv.units[i] / n : NAN, 6);
        lk_csv_put_long(w, (long long)lv.units[i]);
        lk_csv_put_double(w, n * exp->arms[i].weight / lv.weight_sum, 10);
        lk_csv_put_long(w, (long long)lv.customers[i]);
        lk_csv_put_double(w, lv.chi2, 6);
        lk_csv_put_double(w, lv.srm_p, 6);
        lk_csv_end_row(w);
    }
}

void lk_assign_summary_write(const lk_assign_summary *sum, const lk_experiment *exp,
                             FILE *f)
{
    static const char *const cols[] = {"level", "stratum", "arm", "role", "weight",
                                       "share", "units", "expected_units", "customers",
                                       "chi2", "srm_p"};
    lk_csv_writer *w = lk_csv_writer_new(f);
    if (!w)
        return;
    lk_csv_put_header(w, cols, sizeof(cols) / sizeof(cols[0]));
    write_level(w, sum, exp, -1);
    for (size_t s = 0; s < sum->nstrata; s++)
        write_level(w, sum, exp, (long)s);
    lk_csv_writer_free(w);
}
