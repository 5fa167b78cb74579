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

#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/lift.h"
#include "liftkit/output.h"
#include "liftkit/sequential.h"
#include "liftkit/stats.h"
#include "liftkit/units.h"

const char *lk_lift_test_name(lk_lift_test t)
{
    switch (t) {
    case LK_TEST_Z: return "z";
    case LK_TEST_FISHER: return "fisher";
    case LK_TEST_WELCH: return "welch";
    case LK_TEST_SEQUENTIAL: return "sequential";
    default: return "";
    }
}

/* ---- sums ---- */

static lk_lift_sums *sums_new(size_t narms)
{
    lk_lift_sums *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->narms = narms;
    s->at = calloc(LK_METRIC_COUNT * (narms ? narms : 1), sizeof(*s->at));
    if (!s->at) {
        free(s);
        return NULL;
    }
    return s;
}

void lk_lift_sums_free(lk_lift_sums *s)
{
    if (!s)
        return;
    free(s->at);
    free(s);
}

int lk_lift_sums_from_units(lk_lift_sums **out, const lk_units *u, lk_error *err)
{
    lk_lift_sums *s = sums_new(u->narms);
    double *buf = malloc(3 * (u->narms ? u->narms : 1) * sizeof(double));
    if (!s || !buf) {
        lk_lift_sums_free(s);
        free(buf);
        return lk_error_nomem(err);
    }
    double *n = buf, *sum = buf + u->narms, *sumsq = buf + 2 * u->narms;
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        lk_units_sums(u, (lk_metric)m, n, sum, sumsq);
        for (size_t a = 0; a < u->narms; a++) {
            lk_arm_sums *as = &s->at[m * u->narms + a];
            as->n = n[a];
            as->sum = sum[a];
            as->sumsq = sumsq[a];
        }
        s->present[m] = 1;
    }
    free(buf);
    *out = s;
    return LK_OK;
}

/* ---- the summary file ---- */

enum { COL_ARM, COL_METRIC, COL_N, COL_SUM, COL_SUMSQ, NCOLS };

static int is_whole(double v)
{
    return v == floor(v);
}

static int read_summary_row(lk_lift_sums *s, unsigned long *seen_line, const lk_experiment *exp,
                            lk_csv_reader *r, const lk_csv_row *row, const int *col,
                            lk_error *err)
{
    int arm = lk_experiment_arm(exp, row->field[col[COL_ARM]]);
    if (arm < 0)
        return lk_csv_field_error(r, row, col[COL_ARM], err, "unknown arm '%s'",
                                  row->field[col[COL_ARM]]);
    /* the short form (arm, n, responders) is target response alone */
    int m = col[COL_METRIC] < 0 ? LK_METRIC_RESPONSE_TARGET
                                : lk_metric_from_name(row->field[col[COL_METRIC]]);
    if (m < 0)
        return lk_csv_field_error(r, row, col[COL_METRIC], err,
                                  "unknown metric '%s' (expected response_target, "
                                  "response_any, balance_target, balance_any or "
                                  "products_opened)",
                                  row->field[col[COL_METRIC]]);
    size_t at = (size_t)m * s->narms + (size_t)arm;
    if (seen_line[at])
        return lk_csv_field_error(r, row, col[col[COL_METRIC] < 0 ? COL_ARM : COL_METRIC], err,
                                  "duplicate row for arm '%s' and metric '%s' (first on line %lu)",
                                  exp->arms[arm].name, lk_metric_name((lk_metric)m),
                                  seen_line[at]);
    double n, sum, sumsq;
    if (lk_csv_get_double(r, row, col[COL_N], &n, err) ||
        lk_csv_get_double(r, row, col[COL_SUM], &sum, err))
        return LK_EDATA;
    if (n < 0 || !is_whole(n))
        return lk_csv_field_error(r, row, col[COL_N], err,
                                  "n must be a whole number >= 0, got '%s'", row->field[col[COL_N]]);
    int binary = lk_metric_is_binary((lk_metric)m);
    if (binary && (sum < 0 || sum > n || !is_whole(sum)))
        return lk_csv_field_error(r, row, col[COL_SUM], err,
                                  "responders must be a whole number between 0 and n, got '%s'",
                                  row->field[col[COL_SUM]]);
    if (!binary && sum < 0)
        return lk_csv_field_error(r, row, col[COL_SUM], err,
                                  "sum must be >= 0, got '%s'", row->field[col[COL_SUM]]);
    if (binary && (col[COL_SUMSQ] < 0 || row->len[col[COL_SUMSQ]] == 0)) {
        sumsq = sum;
    } else {
        if (lk_csv_get_double(r, row, col[COL_SUMSQ], &sumsq, err))
            return LK_EDATA;
        if (binary && sumsq != sum)
            return lk_csv_field_error(r, row, col[COL_SUMSQ], err,
                                      "sum of squares of a 0/1 metric must equal its sum, got '%s'",
                                      row->field[col[COL_SUMSQ]]);
        if (sumsq < 0 || (n > 0 && sumsq * n < sum * sum * (1 - 1e-12)) ||
            (n == 0 && (sum != 0 || sumsq != 0)))
            return lk_csv_field_error(r, row, col[COL_SUMSQ], err,
                                      "sum of squares '%s' is impossible for n and sum",
                                      row->field[col[COL_SUMSQ]]);
    }
    if (n == 0 && sum != 0)
        return lk_csv_field_error(r, row, col[COL_SUM], err, "sum must be 0 when n is 0");
    /* partial summaries add up; a single file starts from zero */
    s->at[at].n += n;
    s->at[at].sum += sum;
    s->at[at].sumsq += sumsq;
    s->present[m] = 1;
    seen_line[at] = row->line;
    return LK_OK;
}

/* Where each arm and metric was last seen: file index and line (0: never). */
typedef struct sums_seen {
    unsigned long *line;
    size_t *file;
} sums_seen;

/* A path as the CSV reader names it in messages. */
static const char *shown(const char *path)
{
    return !path || !strcmp(path, "-") ? "<stdin>" : path;
}

/*
 * Every present metric has every arm, with one n per arm across metrics
 * (after adding, when there are several files).
 */
static int check_summary(const lk_lift_sums *s, const sums_seen *seen, const lk_experiment *exp,
                         const char *const *paths, size_t npaths, lk_error *err)
{
    int first = -1;
    const char *after = npaths > 1 ? " after adding the summaries" : "";
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        if (!s->present[m])
            continue;
        for (size_t a = 0; a < s->narms; a++) {
            size_t at = (size_t)m * s->narms + a;
            if (!seen->line[at])
                return lk_error_set(err, LK_EDATA, npaths > 1 ? NULL : shown(paths[0]), 0, 0,
                                    "no row for arm '%s' and metric '%s'%s",
                                    exp->arms[a].name, lk_metric_name((lk_metric)m),
                                    npaths > 1 ? " in any of the summaries" : "");
            if (first >= 0 && s->at[at].n != s->at[(size_t)first * s->narms + a].n)
                return lk_error_set(err, LK_EDATA, shown(paths[seen->file[at]]), seen->line[at], 3,
                                    "n of arm '%s' differs between metrics '%s' and '%s'%s",
                                    exp->arms[a].name, lk_metric_name((lk_metric)first),
                                    lk_metric_name((lk_metric)m), after);
        }
        if (first < 0)
            first = m;
    }
    if (first < 0)
        return lk_error_set(err, LK_EDATA, npaths > 1 ? NULL : shown(paths[0]), 0, 0,
                            "no rows: the summary is empty");
    return LK_OK;
}

/* Find the columns of a summary file (the long form, or arm,n,responders). */
static int summary_columns(lk_csv_reader *r, int *col, lk_error *err)
{
    static const char *const names[NCOLS] = {"arm", "metric", "n", "sum", "sumsq"};
    static const char *const short_names[] = {"arm", "n", "responders"};
    if (lk_csv_column(r, "metric") < 0 && lk_csv_column(r, "responders") >= 0) {
        int c[3];
        int rc = lk_csv_require(r, short_names, 3, c, err);
        col[COL_ARM] = c[0];
        col[COL_N] = c[1];
        col[COL_SUM] = c[2];
        col[COL_METRIC] = col[COL_SUMSQ] = -1;
        return rc;
    }
    return lk_csv_require(r, names, NCOLS, col, err);
}

/* Add the rows of file k to s; file_line (zeroed here) finds repeats within it. */
static int add_summary_file(lk_lift_sums *s, sums_seen *seen, unsigned long *file_line,
                            const lk_experiment *exp, const char *path, size_t k,
                            lk_error *err)
{
    int col[NCOLS];
    lk_csv_reader *r = NULL;
    int rc = lk_csv_open(&r, path, err);
    if (rc)
        return rc;
    size_t cells = LK_METRIC_COUNT * s->narms;
    memset(file_line, 0, (cells ? cells : 1) * sizeof(*file_line));
    rc = summary_columns(r, col, err);
    lk_csv_row *row;
    while (!rc && !(rc = lk_csv_next(r, &row, err)) && row)
        rc = read_summary_row(s, file_line, exp, r, row, col, err);
    for (size_t at = 0; !rc && at < cells; at++)
        if (file_line[at]) {
            seen->line[at] = file_line[at];
            seen->file[at] = k;
        }
    lk_csv_close(r);
    return rc;
}

int lk_lift_sums_read_many(lk_lift_sums **out, const lk_experiment *exp,
                           const char *const *paths, size_t npaths, lk_error *err)
{
    size_t cells = LK_METRIC_COUNT * (exp->narms ? exp->narms : 1);
    lk_lift_sums *s = sums_new(exp->narms);
    sums_seen seen = {calloc(cells, sizeof(*seen.line)), calloc(cells, sizeof(*seen.file))};
    unsigned long *file_line = malloc(cells * sizeof(*file_line));
    int rc = s && seen.line && seen.file && file_line ? LK_OK : lk_error_nomem(err);
    if (!rc && npaths == 0)
        rc = lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "no summary files");
    for (size_t k = 0; !rc && k < npaths; k++)
        rc = add_summary_file(s, &seen, file_line, exp, paths[k], k, err);
    if (!rc)
        rc = check_summary(s, &seen, exp, paths, npaths, err);
    free(seen.line);
    free(seen.file);
    free(file_line);
    if (rc) {
        lk_lift_sums_free(s);
        return rc;
    }
    *out = s;
    return LK_OK;
}

int lk_lift_sums_read(lk_lift_sums **out, const lk_experiment *exp, const char *path,
                      lk_error *err)
{
    return lk_lift_sums_read_many(out, exp, &path, 1, err);
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

static int compare_binary(lk_lift_row *row, const lk_arm_sums *a, const lk_arm_sums *b,
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
    return lk_bayes_binary(a->sum, a->n, b->sum, b->n, &row->prob_better, &row->expected_loss);
}

static void compare_means(lk_lift_row *row, const lk_arm_sums *a, const lk_arm_sums *b,
                          double alpha)
{
    double ma = a->sum / a->n, mb = b->sum / b->n;
    double va = sums_var(a), vb = sums_var(b);
    row->test = LK_TEST_WELCH;
    set_interval(&row->diff, &row->diff_lo, &row->diff_hi,
                 lk_welch_diff(a->n, ma, va, b->n, mb, vb, alpha, &row->p_value));
    set_interval(&row->lift, &row->lift_lo, &row->lift_hi,
                 lk_mean_ratio_lift(a->n, ma, va, b->n, mb, vb, alpha));
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
    row->diff_lo = d.lo;
    row->diff_hi = d.hi;
    row->lift_lo = l.lo;
    row->lift_hi = l.hi;
    row->p_value = d.p_value;
}

static int fill_comparison(lk_lift_row *row, lk_metric m, const lk_arm_sums *a,
                           const lk_arm_sums *b, const lk_experiment *exp)
{
    if (a->n <= 0 || b->n <= 0)
        return 0;
    int rc = 0;
    if (lk_metric_is_binary(m))
        rc = compare_binary(row, a, b, exp->alpha);
    else
        compare_means(row, a, b, exp->alpha);
    if (exp->sequential)
        compare_sequential(row, m, a, b, exp);
    return rc;
}

/* The baselines arm a is compared with, in row order; returns how many. */
static int baselines(const lk_experiment *exp, size_t a, int vs[2])
{
    int k = 0;
    if (exp->arms[a].role == LK_ROLE_CHALLENGER)
        vs[k++] = exp->champion;
    if (exp->arms[a].role != LK_ROLE_CONTROL && exp->control >= 0)
        vs[k++] = exp->control;
    return k;
}

static size_t count_rows(const lk_experiment *exp, const lk_lift_sums *sums)
{
    size_t per_metric = 0, metrics = 0;
    for (size_t a = 0; a < exp->narms; a++) {
        int vs[2];
        int k = baselines(exp, a, vs);
        per_metric += k ? (size_t)k : 1;
    }
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        metrics += sums->present[m] ? 1 : 0;
    return per_metric * metrics;
}

/* Holm over the rows of metric m compared with baseline vs. */
static int adjust_family(lk_lift_table *t, lk_metric m, int vs)
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
        if (t->rows[i].metric == m && t->rows[i].vs == vs) {
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

static int fill_rows(lk_lift_table *t, const lk_experiment *exp, const lk_lift_sums *sums)
{
    size_t r = 0;
    for (int mi = 0; mi < LK_METRIC_COUNT; mi++) {
        if (!sums->present[mi])
            continue;
        lk_metric m = (lk_metric)mi;
        const lk_arm_sums *at = &sums->at[(size_t)mi * sums->narms];
        for (size_t a = 0; a < exp->narms; a++) {
            int vs[2];
            int k = baselines(exp, a, vs);
            for (int j = 0; j < (k ? k : 1); j++) {
                lk_lift_row *row = &t->rows[r++];
                row->metric = m;
                row->arm = (int)a;
                row->role = exp->arms[a].role;
                row->vs = k ? vs[j] : -1;
                row->srm_p = t->srm_p;
                fill_value(row, m, &at[a], exp->alpha);
                row_clear_comparison(row);
                if (k && fill_comparison(row, m, &at[a], &at[vs[j]], exp))
                    return -1;
            }
        }
    }
    t->nrows = r;
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
    if (compute_srm(t, exp, sums)) {
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
            if ((int)a != exp->champion && (int)a != exp->control)
                continue;
            if (adjust_family(t, (lk_metric)m, (int)a)) {
                lk_lift_table_free(t);
                return lk_error_nomem(err);
            }
        }
    }
    *out = t;
    return LK_OK;
}

int lk_lift_compute_units(lk_lift_table **out, const lk_experiment *exp, const lk_units *u,
                          lk_error *err)
{
    lk_lift_sums *s;
    int rc = lk_lift_sums_from_units(&s, u, err);
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
