/*
 * heterogeneity.c - does the lift differ by segment?  Cochran's Q and I^2
 * over the segments' log relative lifts, inverse-variance weighted as
 * 'lift --pool' weighs waves (docs/methods.md, "Segments").
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "liftkit/pool.h"
#include "liftkit/segments.h"

int lk_lift_log_ratio(double lift, double lo, double hi, int means, double alpha,
                      double *theta, double *se)
{
    if (!isfinite(lift) || !isfinite(lo) || !isfinite(hi) || !(lift > -1) ||
        !(lo <= lift && lift <= hi && lo < hi) || !(alpha > 0 && alpha < 1))
        return -1;
    double z = gsl_cdf_ugaussian_Qinv(alpha / 2);
    if (means) {
        *se = (hi - lo) / (2 * z) / (1 + lift);
    } else {
        if (!(lo > -1))
            return -1;
        *se = (log1p(hi) - log1p(lo)) / (2 * z);
    }
    *theta = log1p(lift);
    return *se > 0 && isfinite(*se) ? 0 : -1;
}

/* Q of the (all) row j's comparison over the segments of t. */
static void hetero_row(const lk_lift_table *t, size_t per, size_t j, double *theta, double *se,
                       lk_hetero_row *h)
{
    const lk_lift_row *all = &t->rows[j];
    size_t k = 0;
    h->metric = all->metric;
    h->arm = all->arm;
    h->vs = all->vs;
    for (size_t g = 0; g < t->nsegments; g++) {
        const lk_lift_row *r = &t->rows[per * (g + 1) + j];
        if (!lk_lift_log_ratio(r->lift, r->lift_lo, r->lift_hi, r->test == LK_TEST_WELCH,
                               t->alpha, &theta[k], &se[k]))
            k++;
    }
    h->segments = k;
    h->q = h->q_df = h->q_p = h->i2 = NAN;
    lk_pool_estimate e;
    if (k >= 2 && !lk_pool_fixed(theta, se, k, t->alpha, &e)) {
        h->q = e.q;
        h->q_df = (double)(k - 1);
        h->q_p = e.q_p;
        h->i2 = e.i2;
    }
}

int lk_lift_heterogeneity(lk_hetero **out, const lk_lift_table *t, lk_error *err)
{
    if (!t->segmented)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "the lift table has no segments");
    size_t per = t->nrows / (t->nsegments + 1);
    lk_hetero *h = calloc(1, sizeof(*h));
    double *buf = malloc(2 * (t->nsegments + 1) * sizeof(double));
    if (h)
        h->rows = calloc(per ? per : 1, sizeof(*h->rows));
    if (!h || !h->rows || !buf) {
        free(buf);
        lk_hetero_free(h);
        return lk_error_nomem(err);
    }
    for (size_t j = 0; j < per; j++)
        if (t->rows[j].vs >= 0)
            hetero_row(t, per, j, buf, buf + t->nsegments + 1, &h->rows[h->n++]);
    free(buf);
    *out = h;
    return LK_OK;
}

void lk_hetero_free(lk_hetero *h)
{
    if (!h)
        return;
    free(h->rows);
    free(h);
}
