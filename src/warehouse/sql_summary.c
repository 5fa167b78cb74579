/*
 * sql_summary.c - the --write-summary file of 'lift' as one SELECT: per
 * arm and metric, n, sum and sum of squares of the per-unit metrics of
 * docs/methods.md, "Lift", over the measurement window; with the balance
 * caps of "Capping" applied to the unit values first, and, when asked, the
 * unit column and the CUPED moments (sum_x, sum_x2, sum_xy) of "CUPED".
 *
 * What stays true: units are the assignments' unit_id (a household
 * responds when any of its customers does; its balances, distinct products
 * and covariates are over all its customers), every assigned unit counts
 * in its arm (a LEFT JOIN: no opening is a zero), every arm of the
 * experiment has a row for every metric (n = 0 when it has no units), and
 * rows come in the order liftkit writes them: metric by metric, arms in
 * file order.  Amounts and every value summed are exact decimals
 * (sql_amount_type), so the sums are exact as liftkit's are, and partial
 * summaries add up to the whole; a percentile cap, computed in double
 * precision as liftkit computes it, is rounded to the decimal places of
 * the amounts where it replaces a value.
 */
#include <string.h>

#include "liftkit/sql.h"
#include "liftkit/units.h"

#include "warehouse/sql_int.h"

/* The CUPED covariate of metric m; none per segment (segment tables have no
   CUPED rows, so lift --by's summary has no covariate sums). */
static const char *covariate_of(const lk_sql_options *opt, int m)
{
    return opt->nby || !sql_has_metric(opt, m) ? NULL : opt->covariate[m];
}

static void metrics_cte(FILE *f, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    fputs("metrics AS (\n", f);
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        if (!sql_has_metric(opt, m))
            continue;
        fputs(m ? "  UNION ALL SELECT " : "  SELECT ", f);
        sql_lit(f, d, lk_metric_name((lk_metric)m));
        fprintf(f, " AS metric, %d AS mo\n", m);
    }
    fputs(")", f);
}

static void inputs_ctes(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    sql_assignments_open(f, opt);
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        if (covariate_of(opt, m))
            fprintf(f, ", CAST(%s AS %s) AS c%d", sql_col(opt, covariate_of(opt, m)),
                    sql_amount_type(d), m);
    sql_assignments_close(f, exp, opt);
    sql_openings_from(f, exp, opt, sql_amount_type(d));
}

/* Per unit: the raw metrics (u0) and the covariates summed to the unit (x). */
static void units_cte(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    int related = opt->holdings || opt->balances;
    fprintf(f, ",\n%s AS (\n  SELECT a.unit_id, a.arm,", related ? "uo" : "u0");
    for (size_t g = 0; g < opt->nby; g++)
        fprintf(f, " MIN(a.g%zu%s) AS g%zu,", g, sql_bytes_order(d), g);
    fputs("\n         MAX(CASE WHEN ", f);
    sql_is_target(f, exp, d, "o.product");
    fputs(" THEN 1 ELSE 0 END) AS response_target,\n"
          "         MAX(CASE WHEN o.customer_id IS NULL THEN 0 ELSE 1 END) AS response_any,\n"
          "         SUM(CASE WHEN ", f);
    sql_is_target(f, exp, d, "o.product");
    fputs(" THEN COALESCE(o.balance, 0) ELSE 0 END) AS balance_target,\n"
          "         SUM(COALESCE(o.balance, 0)) AS balance_any,\n"
          "         COUNT(DISTINCT o.product) AS products_opened\n", f);
    sql_openings_join(f, exp, opt);
    fputs("  GROUP BY a.unit_id, a.arm\n)", f);
    if (related)
        sql_relationship_ctes(f, exp, opt);
    int any = 0;
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        if (covariate_of(opt, m))
            fprintf(f, "%s, COALESCE(SUM(c%d), 0) AS x%d", any++ ? "" : ",\nx AS (\n  SELECT unit_id",
                    m, m);
    if (any)
        fputs("\n  FROM a GROUP BY unit_id\n)", f);
}

static int capped(const lk_sql_options *opt, int m)
{
    return sql_has_metric(opt, m) && opt->cap[m].kind != LK_CAP_NONE &&
           !lk_metric_is_binary((lk_metric)m);
}

static int any_capped(const lk_sql_options *opt)
{
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        if (capped(opt, m))
            return 1;
    return 0;
}

/*
 * q<m>, k<m>: the pct-th percentile of the nonzero unit values of metric m
 * as GSL's gsl_stats_quantile_from_sorted_data computes it, operation for
 * operation: with the values sorted and numbered r = 0, 1, ..., h = (count
 * - 1) * pct / 100, the value at floor(h) weighted 1 - delta plus the next
 * weighted delta = h - floor(h) (the value at floor(h) alone when it is the
 * last).  The engines' own interpolating percentiles compute lo + delta *
 * (hi - lo), which can differ in the last bit, so they are not used.  No
 * nonzero value: k<m> is NULL, nothing is capped.
 */
static void percentile_ctes(FILE *f, lk_sql_dialect d, int m, double pct)
{
    const char *name = lk_metric_name((lk_metric)m), *dbl = sql_double_type(d);
    fprintf(f, ",\nq%d AS (\n  SELECT y, ROW_NUMBER() OVER (ORDER BY y) - 1 AS r, h, FLOOR(h) AS lo\n"
               "  FROM (SELECT CAST(%s AS %s) AS y,\n"
               "               CAST(COUNT(*) OVER () - 1 AS %s) * ", m, name, dbl, dbl);
    sql_double(f, d, pct / 100);
    fprintf(f, " AS h\n        FROM u0 WHERE %s <> 0) t%d\n),\n", name, m);
    fprintf(f, "k%d AS (\n  SELECT COALESCE((1 - MAX(h - lo)) * MAX(CASE WHEN r = lo THEN y END)\n"
               "                  + MAX(h - lo) * MAX(CASE WHEN r = lo + 1 THEN y END),\n"
               "                  MAX(CASE WHEN r = lo THEN y END)) AS cap%d\n  FROM q%d\n)",
            m, m, m);
}

/* caps: one row with the cap of each capped metric (NULL: nothing to cap). */
static void caps_cte(FILE *f, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    if (!any_capped(opt))
        return;
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        if (!capped(opt, m))
            continue;
        if (opt->cap[m].kind == LK_CAP_PERCENTILE) {
            percentile_ctes(f, d, m, opt->cap[m].value);
            continue;
        }
        fprintf(f, ",\nk%d AS (\n  SELECT ", m);
        sql_amount(f, d, opt->cap[m].value);
        fprintf(f, " AS cap%d\n)", m);
    }
    fputs(",\ncaps AS (\n  SELECT * FROM ", f);
    const char *sep = "";
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        if (capped(opt, m)) {
            fprintf(f, "%sk%d", sep, m);
            sep = " CROSS JOIN ";
        }
    fputs("\n)", f);
}

static void segment_list(FILE *f, const lk_sql_options *opt, const char *prefix);

/* v: one row per unit and metric, y the (capped) value, c the covariate or NULL. */
static void values_cte(FILE *f, const lk_sql_options *opt)
{
    const char *amt = sql_amount_type(opt->dialect);
    fputs(",\nv AS (\n", f);
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        if (!sql_has_metric(opt, m))
            continue;
        const char *name = lk_metric_name((lk_metric)m);
        fprintf(f, "  %sSELECT u0.arm, %d AS mo, ", m ? "UNION ALL " : "", m);
        for (size_t g = 0; g < opt->nby; g++)
            fprintf(f, "u0.g%zu, ", g);
        if (capped(opt, m))
            fprintf(f, "CASE WHEN caps.cap%d IS NOT NULL AND u0.%s > caps.cap%d "
                       "THEN CAST(caps.cap%d AS %s) ELSE CAST(u0.%s AS %s) END",
                    m, name, m, m, amt, name, amt);
        else
            fprintf(f, "CAST(u0.%s AS %s)", name, amt);
        if (covariate_of(opt, m))
            fprintf(f, " AS y, x.x%d AS c\n    FROM u0 JOIN x ON x.unit_id = u0.unit_id", m);
        else
            fprintf(f, " AS y, CAST(NULL AS %s) AS c FROM u0", amt);
        fputs(any_capped(opt) ? " CROSS JOIN caps\n" : "\n", f);
    }
    fputs("),\ns AS (\n  SELECT arm, mo, ", f);
    segment_list(f, opt, "");
    fputs("COUNT(*) AS n, SUM(y) AS sy, SUM(y * y) AS syy,\n"
          "         SUM(c) AS sx, SUM(c * c) AS sxx, SUM(c * y) AS sxy\n"
          "  FROM v GROUP BY arm, mo", f);
    for (size_t g = 0; g < opt->nby; g++)
        fprintf(f, ", g%zu", g);
    fputs("\n)", f);
    if (opt->nby) {
        fputs(",\nsegs AS (\n  SELECT DISTINCT ", f);
        for (size_t g = 0; g < opt->nby; g++)
            fprintf(f, "%sg%zu", g ? ", " : "", g);
        fputs(" FROM u0\n)", f);
    }
    fputc('\n', f);
}

/* "g0, g1, " (prefix "segs." etc. before each), nothing without --by */
static void segment_list(FILE *f, const lk_sql_options *opt, const char *prefix)
{
    for (size_t g = 0; g < opt->nby; g++)
        fprintf(f, "%sg%zu, ", prefix, g);
}

/*
 * The metrics' rows, sorted; with events, unsorted with the sort keys ek,
 * ename, mo and ao for the SELECT around them (sql_events_head).
 */
static void metric_rows(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    fputs("SELECT arms.arm, metrics.metric, COALESCE(s.n, 0) AS n, COALESCE(s.sy, 0) AS sum,\n"
          "       COALESCE(s.syy, 0) AS sumsq", f);
    if (opt->moments) {
        fputs(", ", f);
        sql_lit(f, d, exp->unit);
        fputs(opt->nby ? " AS unit"
                       : " AS unit, s.sx AS sum_x, s.sxx AS sum_x2, s.sxy AS sum_xy", f);
    }
    for (size_t g = 0; g < opt->nby; g++)
        fprintf(f, ", NULLIF(segs.g%zu, '') AS %s", g, opt->by[g]);
    if (opt->events)
        fprintf(f, ",\n       0 AS ek, CAST('' AS %s) AS ename, metrics.mo, arms.ao",
                sql_string_type(d));
    fprintf(f, "\nFROM %sarms CROSS JOIN metrics\n"
               "LEFT JOIN s ON s.arm = arms.arm AND s.mo = metrics.mo",
            opt->nby ? "segs CROSS JOIN " : "");
    for (size_t g = 0; g < opt->nby; g++)
        fprintf(f, " AND s.g%zu = segs.g%zu", g, g);
    fputc('\n', f);
    if (opt->events)
        return;
    fputs("ORDER BY ", f);
    for (size_t g = 0; g < opt->nby; g++)
        fprintf(f, "segs.g%zu%s, ", g, sql_bytes_order(d));
    fputs("metrics.mo, arms.ao\n", f);
}

int sql_summary(FILE *f, const lk_experiment *exp, const lk_sql_options *opt, lk_error *err)
{
    for (size_t g = 0; g < opt->nby; g++)
        if (!sql_name_ok(opt->by[g]))
            return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "segment column '%s' is not a name",
                                opt->by[g]);
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        if (opt->covariate[m] && !sql_name_ok(opt->covariate[m]))
            return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "covariate column '%s' is not a name",
                                opt->covariate[m]);
    if (exp->window_from && !sql_name_ok(exp->window_from))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "window_from column '%s' is not a name",
                            exp->window_from);
    if (opt->events && opt->nby)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "--events with --by: a summary has no event rows per segment "
                            "(lift --by --write-summary neither)");
    if (exp->window_from && (opt->holdings || opt->balances))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "per-unit windows (window_from) with --holdings or --balances are "
                            "not written in SQL: run 'lift' on the rows");
    lk_sql_dialect d = opt->dialect;
    fputs("WITH ", f);
    sql_arms_cte(f, d, exp);
    fputs(",\n", f);
    metrics_cte(f, opt);
    inputs_ctes(f, exp, opt);
    units_cte(f, exp, opt);
    caps_cte(f, opt);
    if (opt->events)
        sql_events_ctes(f, exp, opt);
    values_cte(f, opt);
    if (opt->events)
        sql_events_head(f, opt);
    metric_rows(f, exp, opt);
    if (opt->events)
        sql_events_tail(f, exp, opt);
    return LK_OK;
}
