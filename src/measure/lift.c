/*
 * lift.c - the lift table: per-arm sums in, rows of statistics out.
 *
 * Everything here works from per-arm sufficient statistics (n, sum, sum of
 * squares), so raw units and a summary file made in a warehouse give the
 * same table.  The statistics themselves live in stats.c; this file only
 * decides which comparison each row makes, which test applies, and the
 * Holm families (one per metric and baseline).  An empty arm or an
 * undefined statistic is NaN, never a crash.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/balances.h"
#include "liftkit/cuped.h"
#include "liftkit/experiment.h"
#include "liftkit/fieller.h"
#include "liftkit/lift.h"
#include "liftkit/output.h"
#include "liftkit/sequential.h"
#include "liftkit/stats.h"
#include "liftkit/units.h"
#include "measure/lift_int.h"

const char *lk_lift_test_name(lk_lift_test t)
{
    switch (t) {
    case LK_TEST_Z: return "z";
    case LK_TEST_FISHER: return "fisher";
    case LK_TEST_WELCH: return "welch";
    case LK_TEST_SEQUENTIAL: return "sequential";
    case LK_TEST_CUPED: return "cuped";
    default: return "";
    }
}

/* ---- computing rows ---- */

static void row_clear_comparison(lk_lift_row *row)
{
    row->diff = row->diff_lo = row->diff_hi = NAN;
    row->lift = row->lift_lo = row->lift_hi = NAN;
    row->p_value = row->p_adjusted = NAN;
    row->prob_better = row->expected_loss = NAN;
    row->test = LK_TEST_NONE;
}

static void set_interval(double *est, double *lo, double *hi, lk_interval iv)
{
    *est = iv.est;
    *lo = iv.lo;
    *hi = iv.hi;
}

/* Sample variance from sums; NaN below two units. */
static double sums_var(const lk_arm_sums *s)
{
    if (s->n < 2)
        return NAN;
    double mean = s->sum / s->n;
    double v = (s->sumsq - mean * s->sum) / (s->n - 1);
    return v > 0 ? v : 0;
}

static void fill_value(lk_lift_row *row, lk_metric m, const lk_arm_sums *s, double alpha)
{
    row->n = s->n;
    row->value = row->value_lo = row->value_hi = NAN;
    if (s->n <= 0)
        return;
    if (lk_metric_is_binary(m)) {
        set_interval(&row->value, &row->value_lo, &row->value_hi,
                     lk_wilson(s->sum, s->n, alpha));
        /* The Wilson bounds are exactly 0 and 1 at the edges; keep rounding out. */
        if (s->sum == 0)
            row->value_lo = 0;
        if (s->sum == s->n)
            row->value_hi = 1;
    } else {
        row->value = s->sum / s->n;
        if (s->n >= 2) {
            lk_interval iv = lk_mean_t(s->n, row->value, sums_var(s), alpha);
            row->value_lo = iv.lo;
            row->value_hi = iv.hi;
        }
    }
}

static void compare_binary(lk_lift_row *row, const lk_arm_sums *a, const lk_arm_sums *b,
                           double alpha)
{
    set_interval(&row->diff, &row->diff_lo, &row->diff_hi,
                 lk_newcombe_diff(a->sum, a->n, b->sum, b->n, alpha));
    set_interval(&row->lift, &row->lift_lo, &row->lift_hi,
                 lk_ratio_lift(a->sum, a->n, b->sum, b->n, alpha));
    if (lk_needs_exact(a->sum, a->n, b->sum, b->n)) {
        row->test = LK_TEST_FISHER;
        row->p_value = lk_fisher_p((unsigned long)a->sum, (unsigned long)a->n,
                                   (unsigned long)b->sum, (unsigned long)b->n);
    } else {
        row->test = LK_TEST_Z;
        row->p_value = lk_ztest_p(a->sum, a->n, b->sum, b->n);
    }
    /* near 2^53 units GSL's beta distribution function can be too noisy to integrate */
    if (lk_bayes_binary(a->sum, a->n, b->sum, b->n, &row->prob_better, &row->expected_loss))
        row->note = "prob_better and expected_loss not computed: their integral did not converge";
}

/* Welch's difference, and Fieller's interval for the relative lift (which
   excludes 0 exactly when Welch's p is below alpha). */
static void compare_means(lk_lift_row *row, const lk_arm_sums *a, const lk_arm_sums *b,
                          double alpha)
{
    double ma = a->sum / a->n, mb = b->sum / b->n;
    double va = sums_var(a), vb = sums_var(b);
    row->test = LK_TEST_WELCH;
    set_interval(&row->diff, &row->diff_lo, &row->diff_hi,
                 lk_welch_diff(a->n, ma, va, b->n, mb, vb, alpha, &row->p_value));
    lk_fieller fl;
    lk_fieller_status st = lk_fieller_lift(a->n, ma, va, b->n, mb, vb, alpha, &fl);
    row->lift_lo = fl.lo;
    row->lift_hi = fl.hi;
    if (mb != 0 && st != LK_FIELLER_BOUNDED && st != LK_FIELLER_UNDEFINED)
        row->note = lk_fieller_note(st);
    /* With a single unit in an arm the estimates stand without intervals. */
    row->diff = ma - mb;
    row->lift = mb != 0 ? ma / mb - 1 : NAN;
}

/* The always-valid difference and lift (sequential.h) replace the fixed-sample ones. */
static void compare_sequential(lk_lift_row *row, lk_metric m, const lk_arm_sums *a,
                               const lk_arm_sums *b, const lk_experiment *exp)
{
    double alpha = exp->alpha, tuning = exp->sequential_tuning;
    lk_sequential d, l;
    if (lk_metric_is_binary(m)) {
        d = lk_sequential_rate_diff(a->sum, a->n, b->sum, b->n, alpha, tuning);
        l = lk_sequential_rate_lift(a->sum, a->n, b->sum, b->n, alpha, tuning);
    } else {
        double ma = a->sum / a->n, mb = b->sum / b->n, va = sums_var(a), vb = sums_var(b);
        d = lk_sequential_mean_diff(a->n, ma, va, b->n, mb, vb, alpha, tuning);
        l = lk_sequential_mean_lift(a->n, ma, va, b->n, mb, vb, alpha, tuning);
    }
    row->test = LK_TEST_SEQUENTIAL;
    if (!lk_metric_is_binary(m))
        row->note = NULL;   /* the fixed-sample Fieller interval is not shown */
    row->diff_lo = d.lo;
    row->diff_hi = d.hi;
    row->lift_lo = l.lo;
    row->lift_hi = l.hi;
    row->p_value = d.p_value;
}

static void fill_comparison(lk_lift_row *row, lk_metric m, const lk_arm_sums *a,
                            const lk_arm_sums *b, const lk_experiment *exp)
{
    if (a->n <= 0 || b->n <= 0)
        return;
    if (lk_metric_is_binary(m))
        compare_binary(row, a, b, exp->alpha);
    else
        compare_means(row, a, b, exp->alpha);
    if (exp->sequential)
        compare_sequential(row, m, a, b, exp);
}

/* The baselines arm a is compared with, in row order; returns how many. */
static int baselines(const lk_experiment *exp, size_t a, int vs[3])
{
    int k = 0;
    if (exp->arms[a].role == LK_ROLE_CHALLENGER)
        vs[k++] = exp->champion;
    if (exp->arms[a].role != LK_ROLE_CONTROL && exp->control >= 0 &&
        exp->arms[a].role != LK_ROLE_UNIVERSAL)
        vs[k++] = exp->control;
    if ((int)a != exp->universal && exp->universal >= 0)
        vs[k++] = exp->universal;
    return k;
}

/* Metric m gets CUPED rows: its sums carry a covariate's and exp names one
   (not on a sequential read, whose intervals CUPED's fixed-sample ones are not). */
static int has_cuped(const lk_experiment *exp, const lk_lift_sums *sums, lk_metric m)
{
    return sums->has_x[m] && lk_balance_covariate(exp, m) != NULL && !exp->sequential;
}

static size_t count_rows(const lk_experiment *exp, const lk_lift_sums *sums)
{
    size_t rows = 0, comparisons = 0;
    for (size_t a = 0; a < exp->narms; a++) {
        int vs[3];
        int k = baselines(exp, a, vs);
        rows += k ? (size_t)k : 1;
        comparisons += (size_t)k;
    }
    size_t total = 0;
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        if (sums->present[m])
            total += rows + (has_cuped(exp, sums, (lk_metric)m) ? comparisons : 0);
    return total;
}

/* Holm over the rows of metric m compared with baseline vs, the CUPED rows
   (cuped 1) apart from the others: they test the same comparisons again. */
static int adjust_family(lk_lift_table *t, lk_metric m, int vs, int cuped)
{
    double *p = malloc(t->nrows * 2 * sizeof(double));
    size_t *idx = malloc(t->nrows * sizeof(size_t));
    if (!p || !idx) {
        free(p);
        free(idx);
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (t->rows[i].metric == m && t->rows[i].vs == vs &&
            (t->rows[i].test == LK_TEST_CUPED) == cuped) {
            idx[k] = i;
            p[k++] = t->rows[i].p_value;
        }
    }
    int rc = k ? lk_holm(p, k, p + t->nrows) : 0;
    for (size_t j = 0; !rc && j < k; j++)
        t->rows[idx[j]].p_adjusted = p[t->nrows + j];
    free(p);
    free(idx);
    return rc;
}

static lk_lift_table *table_new(const lk_experiment *exp, size_t nrows)
{
    lk_lift_table *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->narms = exp->narms;
    t->rows = calloc(nrows ? nrows : 1, sizeof(*t->rows));
    t->arm_names = calloc(exp->narms ? exp->narms : 1, sizeof(char *));
    t->roles = calloc(exp->narms ? exp->narms : 1, sizeof(lk_role));
    t->arm_n = calloc(exp->narms ? exp->narms : 1, sizeof(double));
    t->experiment = strdup(exp->name ? exp->name : "");
    int ok = t->rows && t->arm_names && t->roles && t->arm_n && t->experiment;
    for (size_t a = 0; ok && a < exp->narms; a++) {
        t->arm_names[a] = strdup(exp->arms[a].name);
        t->roles[a] = exp->arms[a].role;
        ok = t->arm_names[a] != NULL;
    }
    if (!ok) {
        lk_lift_table_free(t);
        return NULL;
    }
    return t;
}

void lk_lift_table_free(lk_lift_table *t)
{
    if (!t)
        return;
    for (size_t a = 0; t->arm_names && a < t->narms; a++)
        free(t->arm_names[a]);
    free(t->arm_names);
    free(t->roles);
    free(t->arm_n);
    free(t->rows);
    free(t->experiment);
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        free(t->covariate[m]);
    for (size_t e = 0; e < t->nevents; e++)
        free(t->event_names[e]);
    free(t->event_names);
    for (size_t g = 0; t->segments && g < t->nsegments; g++)
        free(t->segments[g]);
    free(t->segments);
    free(t);
}

/* The sample-ratio check from the first metric's n; 0, or -1 when out of memory. */
static int compute_srm(lk_lift_table *t, const lk_experiment *exp, const lk_lift_sums *sums)
{
    int first = 0;
    while (first < LK_METRIC_COUNT && !sums->present[first])
        first++;
    t->srm_p = t->srm_chi2 = NAN;
    if (first == LK_METRIC_COUNT)
        return 0;
    double *w = malloc(exp->narms * sizeof(double) + 1);
    if (!w)
        return -1;
    for (size_t a = 0; a < exp->narms; a++) {
        t->arm_n[a] = sums->at[(size_t)first * sums->narms + a].n;
        w[a] = exp->arms[a].weight;
    }
    t->srm_p = lk_srm_p(t->arm_n, w, exp->narms, &t->srm_chi2);
    t->untrustworthy = t->srm_p < LK_SRM_THRESHOLD;
    free(w);
    return 0;
}

static void row_start(lk_lift_row *row, const lk_lift_table *t, const lk_experiment *exp,
                      const lk_lift_sums *sums, lk_metric m, size_t a)
{
    memset(row, 0, sizeof(*row));
    row->metric = m;
    row->arm = (int)a;
    row->role = exp->arms[a].role;
    row->srm_p = t->srm_p;
    row->cap = sums->cap[m];
    row->n_capped = sums->at[(size_t)m * sums->narms + a].n_capped;
    row->theta = row->variance_reduction = row->p_fdr = NAN;
    row->segment = -1;
    fill_value(row, m, &sums->at[(size_t)m * sums->narms + a], exp->alpha);
    row_clear_comparison(row);
}

/* The CUPED row of the comparison plain made: same arm and value, adjusted difference. */
static void fill_cuped(lk_lift_row *row, const lk_lift_row *plain, const lk_arm_sums *a,
                       const lk_arm_sums *b, double alpha)
{
    *row = *plain;
    row_clear_comparison(row);
    row->note = NULL;
    row->test = LK_TEST_CUPED;
    lk_cuped_arm ca = {a->n, a->sum, a->sumsq, a->sum_x, a->sum_x2, a->sum_xy};
    lk_cuped_arm cb = {b->n, b->sum, b->sumsq, b->sum_x, b->sum_x2, b->sum_xy};
    lk_cuped c;
    lk_error e;
    if (lk_cuped_compare(&ca, &cb, alpha, &c, &e))
        return;     /* fewer than 2 units in an arm: the row stays empty */
    set_interval(&row->diff, &row->diff_lo, &row->diff_hi,
                 (lk_interval){c.diff, c.diff_lo, c.diff_hi});
    set_interval(&row->lift, &row->lift_lo, &row->lift_hi,
                 (lk_interval){c.lift, c.lift_lo, c.lift_hi});
    row->p_value = c.p_value;
    row->theta = c.theta;
    row->variance_reduction = c.variance_reduction;
}

static int fill_rows(lk_lift_table *t, const lk_experiment *exp, const lk_lift_sums *sums)
{
    size_t r = 0;
    for (int mi = 0; mi < LK_METRIC_COUNT; mi++) {
        if (!sums->present[mi])
            continue;
        lk_metric m = (lk_metric)mi;
        const lk_arm_sums *at = &sums->at[(size_t)mi * sums->narms];
        int cuped = has_cuped(exp, sums, m);
        for (size_t a = 0; a < exp->narms; a++) {
            int vs[3];
            int k = baselines(exp, a, vs);
            for (int j = 0; j < (k ? k : 1); j++) {
                lk_lift_row *row = &t->rows[r++];
                row_start(row, t, exp, sums, m, a);
                row->vs = k ? vs[j] : -1;
                if (k)
                    fill_comparison(row, m, &at[a], &at[vs[j]], exp);
                if (k && cuped && at[a].n > 0 && at[vs[j]].n > 0) {
                    fill_cuped(&t->rows[r], row, &at[a], &at[vs[j]], exp->alpha);
                    r++;
                }
            }
        }
    }
    t->nrows = r;
    return 0;
}

/* The covariate named in the table for each metric with CUPED rows. */
static int name_covariates(lk_lift_table *t, const lk_experiment *exp,
                           const lk_lift_sums *sums)
{
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        if (sums->present[m] && has_cuped(exp, sums, (lk_metric)m) &&
            !(t->covariate[m] = strdup(lk_balance_covariate(exp, (lk_metric)m))))
            return -1;
    return 0;
}

int lk_lift_compute_sums(lk_lift_table **out, const lk_experiment *exp,
                         const lk_lift_sums *sums, lk_error *err)
{
    if (sums->narms != exp->narms)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "the sums have %zu arms, the experiment %zu", sums->narms,
                            exp->narms);
    lk_lift_table *t = table_new(exp, count_rows(exp, sums));
    if (!t)
        return lk_error_nomem(err);
    t->alpha = exp->alpha;
    t->sequential = exp->sequential;
    t->has_control = exp->control >= 0;
    if (compute_srm(t, exp, sums) || name_covariates(t, exp, sums)) {
        lk_lift_table_free(t);
        return lk_error_nomem(err);
    }
    if (fill_rows(t, exp, sums)) {
        lk_lift_table_free(t);
        return lk_error_set(err, LK_EIO, NULL, 0, 0,
                            "numerical integration failed for prob_better");
    }
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        for (size_t a = 0; sums->present[m] && a < exp->narms; a++) {
            if ((int)a != exp->champion && (int)a != exp->control && (int)a != exp->universal)
                continue;
            if (adjust_family(t, (lk_metric)m, (int)a, 0) ||
                adjust_family(t, (lk_metric)m, (int)a, 1)) {
                lk_lift_table_free(t);
                return lk_error_nomem(err);
            }
        }
    }
    int rc = sums->nevents ? lk_lift_add_event_sums(t, exp, sums, err) : LK_OK;
    if (rc) {
        lk_lift_table_free(t);
        return rc;
    }
    *out = t;
    return LK_OK;
}

int lk_lift_compute_units(lk_lift_table **out, const lk_experiment *exp, const lk_units *u,
                          lk_error *err)
{
    lk_lift_sums *s;
    int rc = lk_lift_sums_from_units(&s, u, exp, err);
    if (rc)
        return rc;
    rc = lk_lift_compute_sums(out, exp, s, err);
    lk_lift_sums_free(s);
    return rc;
}

const char *lk_lift_row_arm(const lk_lift_table *t, const lk_lift_row *row)
{
    return t->arm_names[row->arm];
}

const char *lk_lift_row_vs(const lk_lift_table *t, const lk_lift_row *row)
{
    return row->vs >= 0 ? t->arm_names[row->vs] : NULL;
}

const char *lk_lift_row_metric(const lk_lift_table *t, const lk_lift_row *row)
{
    return row->event ? t->event_names[row->event - 1] : lk_metric_name(row->metric);
}

int lift_baselines(const lk_experiment *exp, size_t a, int vs[3])
{
    return baselines(exp, a, vs);
}

void lift_fill_row(lk_lift_row *row, lk_metric m, const lk_arm_sums *at, size_t a, int vs,
                   const lk_experiment *exp, double srm_p)
{
    row->metric = m;
    row->arm = (int)a;
    row->role = exp->arms[a].role;
    row->vs = vs;
    row->srm_p = srm_p;
    row->cap = row->n_capped = row->theta = row->variance_reduction = row->p_fdr = NAN;
    row->note = NULL;
    row->segment = -1;
    fill_value(row, m, &at[a], exp->alpha);
    row_clear_comparison(row);
    if (vs >= 0)
        fill_comparison(row, m, &at[a], &at[vs], exp);
}
