/*
 * fdr.c - Benjamini-Hochberg step-up adjustment (fdr.h), on GSL's index
 * sort: walk the p-values from the largest down, keeping the running
 * minimum of m p / rank.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>

#include "liftkit/fdr.h"

int lk_fdr_bh(const double *p, size_t k, double *adjusted, lk_error *err)
{
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        adjusted[i] = NAN;
        if (isnan(p[i]))
            continue;
        if (!(p[i] >= 0 && p[i] <= 1))
            return lk_error_set(err, LK_EDATA, NULL, 0, 0, "p-value %g is outside [0, 1]",
                                p[i]);
        m++;
    }
    if (m == 0)
        return LK_OK;
    double *v = malloc(m * sizeof(*v));
    size_t *where = malloc(m * sizeof(*where)), *order = malloc(m * sizeof(*order));
    if (!v || !where || !order) {
        free(v);
        free(where);
        free(order);
        return lk_error_nomem(err);
    }
    for (size_t i = 0, j = 0; i < k; i++)
        if (!isnan(p[i])) {
            v[j] = p[i];
            where[j++] = i;
        }
    gsl_sort_index(order, v, 1, m);
    double run = 1;
    for (size_t r = m; r-- > 0;) {
        double q = v[order[r]] * (double)m / (double)(r + 1);
        if (q < run)
            run = q;
        adjusted[where[order[r]]] = run;
    }
    free(v);
    free(where);
    free(order);
    return LK_OK;
}
