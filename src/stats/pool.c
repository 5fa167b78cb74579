/*
 * pool.c - fixed-effect inverse-variance pooling of lift tables across
 * waves, with Cochran's Q and I^2 (see pool.h for how each wave's log
 * ratio and standard error are read back from its interval).
 *
 * A comparison is keyed by (metric, arm, vs); its waves are gathered in
 * file order, so the output lists comparisons in the order first seen.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "liftkit/csv.h"
#include "liftkit/output.h"
#include "liftkit/pool.h"
#include "liftkit/pool_random.h"

#include "util/strmap.h"

int lk_pool_fixed(const double *theta, const double *se, size_t k, double alpha,
                  lk_pool_estimate *out)
{
    if (k == 0)
        return -1;
    double sw = 0, swt = 0;
    for (size_t i = 0; i < k; i++) {
        if (!(se[i] > 0) || !isfinite(se[i]) || !isfinite(theta[i]))
            return -1;
        double w = 1 / (se[i] * se[i]);
        sw += w;
        swt += w * theta[i];
    }
    lk_pool_estimate e;
    e.theta = swt / sw;
    e.se = sqrt(1 / sw);
    double z = gsl_cdf_ugaussian_Qinv(alpha / 2);
    e.lo = e.theta - z * e.se;
    e.hi = e.theta + z * e.se;
    e.p_value = 2 * gsl_cdf_ugaussian_Q(fabs(e.theta) / e.se);
    e.q = e.q_p = e.i2 = NAN;
    if (k > 1) {
        double q = 0, df = (double)(k - 1);
        for (size_t i = 0; i < k; i++) {
            double d = theta[i] - e.theta;
            q += d * d / (se[i] * se[i]);
        }
        e.q = q;
        e.q_p = gsl_cdf_chisq_Q(q, df);
        e.i2 = q > df ? (q - df) / q : 0;
    }
    *out = e;
    return 0;
}

/* The waves of one comparison, gathered while reading. */
typedef struct gathered {
    double *theta, *se;
    size_t k, cap;
    size_t rows;
    unsigned long last_file;   /* 1 + index of the last file that had the row */
} gathered;

typedef struct reader {
    lk_strmap *keys;           /* "metric\x1farm\x1fvs" -> comparison */
    gathered *g;
    size_t cap;
    double z;
} reader;

static int add_wave(gathered *g, double theta, double se)
{
    if (g->k == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 8;
        double *t = realloc(g->theta, cap * sizeof(*t));
        if (!t)
            return -1;
        g->theta = t;
        double *s = realloc(g->se, cap * sizeof(*s));
        if (!s)
            return -1;
        g->se = s;
        g->cap = cap;
    }
    g->theta[g->k] = theta;
    g->se[g->k++] = se;
    return 0;
}

enum { C_METRIC, C_ARM, C_VS, C_LIFT, C_LO, C_HI, C_TEST, NCOLS };

/* The wave's log ratio and standard error, or *pooled = 0 when the row has no lift. */
static int wave_estimate(const lk_csv_reader *r, const lk_csv_row *row, const int *col,
                         double z, double *theta, double *se, int *pooled, lk_error *err)
{
    *pooled = 0;
    if (!row->len[col[C_LIFT]] || !row->len[col[C_LO]] || !row->len[col[C_HI]])
        return LK_OK;
    double lift, lo, hi;
    int rc = lk_csv_get_double(r, row, col[C_LIFT], &lift, err);
    if (!rc)
        rc = lk_csv_get_double(r, row, col[C_LO], &lo, err);
    if (!rc)
        rc = lk_csv_get_double(r, row, col[C_HI], &hi, err);
    if (rc)
        return rc;
    if (!strcmp(row->field[col[C_TEST]], "sequential"))
        return lk_csv_field_error(r, row, col[C_TEST], err,
                                  "an always-valid (sequential) interval cannot be pooled: "
                                  "pool the waves' fixed-sample lift tables");
    int means = !strcmp(row->field[col[C_TEST]], "welch");
    /* A mean of 0 in the arm (lift -1) has no log ratio: that wave cannot
       be pooled, which the waves count shows.  A rate's ratio interval is
       empty instead whenever a count is 0, so -1 there is bad data. */
    if (means && lift == -1)
        return LK_OK;
    if (!(lift > -1))
        return lk_csv_field_error(r, row, col[C_LIFT], err,
                                  "lift must be above -1 to be pooled, got %g", lift);
    if (!(lo <= lift && lift <= hi && lo < hi))
        return lk_csv_field_error(r, row, col[C_HI], err,
                                  "interval [%g, %g] must contain the lift %g and have width",
                                  lo, hi, lift);
    if (means) {
        *se = (hi - lo) / (2 * z) / (1 + lift);
    } else {
        if (!(lo > -1))
            return lk_csv_field_error(r, row, col[C_LO], err,
                                      "lift_lo must be above -1 for a log-ratio interval, "
                                      "got %g", lo);
        *se = (log1p(hi) - log1p(lo)) / (2 * z);
    }
    *theta = log1p(lift);
    *pooled = 1;
    return LK_OK;
}

/*
 * The gathered rows of the row's comparison (metric, arm, vs) in *out:
 * LK_OK, or an LK_EDATA error at the row when its key is too long, or
 * LK_EIO when out of memory.
 */
static int comparison(reader *rd, const lk_csv_reader *r, const lk_csv_row *row,
                      const int *col, int *fresh, gathered **out, lk_error *err)
{
    char key[1024];
    int len = snprintf(key, sizeof(key), "%s\x1f%s\x1f%s", row->field[col[C_METRIC]],
                       row->field[col[C_ARM]], row->field[col[C_VS]]);
    if (len < 0 || (size_t)len >= sizeof(key))
        return lk_csv_field_error(r, row, col[C_METRIC], err,
                                  "metric, arm and vs too long together");
    uint32_t id = lk_strmap_intern(rd->keys, key, (size_t)len, fresh);
    if (id == LK_STRMAP_NONE)
        return lk_error_nomem(err);
    if (id >= rd->cap) {
        size_t cap = rd->cap ? 2 * rd->cap : 16;
        gathered *g = realloc(rd->g, cap * sizeof(*g));
        if (!g)
            return lk_error_nomem(err);
        memset(g + rd->cap, 0, (cap - rd->cap) * sizeof(*g));
        rd->g = g;
        rd->cap = cap;
    }
    *out = &rd->g[id];
    return LK_OK;
}

static int read_table(reader *rd, const char *path, unsigned long file, lk_error *err)
{
    static const char *const names[NCOLS] = {"metric", "arm", "vs", "lift",
                                             "lift_lo", "lift_hi", "test"};
    lk_csv_reader *r = NULL;
    int col[NCOLS];
    int rc = lk_csv_open(&r, path, err);
    if (!rc)
        rc = lk_csv_require(r, names, NCOLS, col, err);
    lk_csv_row *row;
    while (!rc && !(rc = lk_csv_next(r, &row, err)) && row) {
        /* CUPED rows repeat a comparison with another test: the plain rows
           are the ones every wave has */
        if (!row->len[col[C_VS]] || !strcmp(row->field[col[C_TEST]], "cuped"))
            continue;
        int fresh;
        gathered *g;
        if ((rc = comparison(rd, r, row, col, &fresh, &g, err)))
            break;
        if (g->last_file == file) {
            rc = lk_csv_field_error(r, row, col[C_ARM], err,
                                    "second row for metric '%s', arm '%s', vs '%s'",
                                    row->field[col[C_METRIC]], row->field[col[C_ARM]],
                                    row->field[col[C_VS]]);
            break;
        }
        g->last_file = file;
        g->rows++;
        double theta, se;
        int pooled;
        rc = wave_estimate(r, row, col, rd->z, &theta, &se, &pooled, err);
        if (!rc && pooled && add_wave(g, theta, se) != 0)
            rc = lk_error_nomem(err);
    }
    lk_csv_close(r);
    return rc;
}

static int split_key(lk_pool_row *row, const char *key)
{
    const char *a = strchr(key, '\x1f'), *b = a ? strchr(a + 1, '\x1f') : NULL;
    if (!b)
        return -1;
    row->metric = strndup(key, (size_t)(a - key));
    row->arm = strndup(a + 1, (size_t)(b - a - 1));
    row->vs = strdup(b + 1);
    return row->metric && row->arm && row->vs ? 0 : -1;
}

static int finish(lk_pool *p, const reader *rd, double alpha)
{
    size_t n = lk_strmap_count(rd->keys);
    p->rows = calloc(n ? n : 1, sizeof(*p->rows));
    if (!p->rows)
        return -1;
    for (size_t i = 0; i < n; i++) {
        lk_pool_row *row = &p->rows[p->n++];
        const gathered *g = &rd->g[i];
        if (split_key(row, lk_strmap_key(rd->keys, (uint32_t)i)) != 0)
            return -1;
        row->rows = g->rows;
        row->waves = g->k;
        row->lift = row->lift_lo = row->lift_hi = NAN;
        row->est = (lk_pool_estimate){NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
        row->lift_re = row->lift_re_lo = row->lift_re_hi = row->tau2 = NAN;
        lk_pool_random_estimate re;
        if (lk_pool_random(g->theta, g->se, g->k, alpha, &re) == 0) {
            row->est = re.fixed;
            row->lift = expm1(row->est.theta);
            row->lift_lo = expm1(row->est.lo);
            row->lift_hi = expm1(row->est.hi);
            row->lift_re = expm1(re.theta);
            row->lift_re_lo = expm1(re.lo);
            row->lift_re_hi = expm1(re.hi);
            row->tau2 = re.tau2;
        }
    }
    return 0;
}

int lk_pool_lift_tables(lk_pool **out, const char *const *paths, size_t n, double alpha,
                        lk_error *err)
{
    gsl_set_error_handler_off();
    *out = NULL;
    reader rd = {lk_strmap_new(0), NULL, 0, gsl_cdf_ugaussian_Qinv(alpha / 2)};
    lk_pool *p = calloc(1, sizeof(*p));
    int rc = rd.keys && p ? LK_OK : lk_error_nomem(err);
    for (size_t f = 0; !rc && f < n; f++)
        rc = read_table(&rd, paths[f], f + 1, err);
    if (!rc) {
        p->files = n;
        if (finish(p, &rd, alpha) != 0)
            rc = lk_error_nomem(err);
    }
    for (size_t i = 0; i < rd.cap; i++) {
        free(rd.g[i].theta);
        free(rd.g[i].se);
    }
    free(rd.g);
    lk_strmap_free(rd.keys);
    if (rc) {
        lk_pool_free(p);
        return rc;
    }
    *out = p;
    return LK_OK;
}

void lk_pool_free(lk_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->rows[i].metric);
        free(p->rows[i].arm);
        free(p->rows[i].vs);
    }
    free(p->rows);
    free(p);
}
