/*
 * sql_summary.c - the --write-summary file of 'lift' as one SELECT: per
 * arm and metric, n, sum and sum of squares of the per-unit metrics of
 * docs/methods.md, "Lift", over the measurement window.
 *
 * What stays true: units are the assignments' unit_id (a household
 * responds when any of its customers does; its balances and distinct
 * products are over all its customers), every assigned unit counts in its
 * arm (a LEFT JOIN: no opening is a zero), every arm of the experiment has
 * a row for every metric (n = 0 when it has no units), and rows come in
 * the order liftkit writes them: metric by metric, arms in file order.
 */
#include <string.h>

#include "liftkit/sql.h"
#include "liftkit/units.h"

#include "warehouse/sql_int.h"

static void metrics_cte(FILE *f, lk_sql_dialect d)
{
    fputs("metrics AS (\n", f);
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        fputs(m ? "  UNION ALL SELECT " : "  SELECT ", f);
        sql_lit(f, d, lk_metric_name((lk_metric)m));
        fprintf(f, " AS metric, %d AS mo\n", m);
    }
    fputs(")", f);
}

/* "o.product IN ('heloc', 'card')", or a false condition without products */
static void is_target(FILE *f, const lk_experiment *exp, lk_sql_dialect d)
{
    if (!exp->nproducts) {
        fputs("1 = 0", f);
        return;
    }
    fputs("o.product IN (", f);
    for (size_t i = 0; i < exp->nproducts; i++) {
        if (i)
            fputs(", ", f);
        sql_lit(f, d, exp->products[i]);
    }
    fputc(')', f);
}

static void inputs_ctes(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    fprintf(f, ",\na AS (\n  SELECT %s AS customer_id, %s AS unit_id, %s AS arm\n  FROM %s\n"
               "  WHERE %s = ",
            sql_col(opt, "customer_id"), sql_col(opt, "unit_id"), sql_col(opt, "arm"),
            sql_table(opt, LK_SQL_ASSIGNMENTS), sql_col(opt, "experiment"));
    sql_lit(f, d, exp->name);
    const char *open_date = sql_col(opt, "open_date");
    fprintf(f, "\n),\no AS (\n  SELECT %s AS customer_id, %s AS product, CAST(%s AS %s) AS balance\n"
               "  FROM %s\n  WHERE %s >= ",
            sql_col(opt, "customer_id"), sql_col(opt, "product"), sql_col(opt, "balance"),
            sql_double_type(d), sql_table(opt, LK_SQL_OPENINGS), open_date);
    sql_date(f, exp->start);
    fprintf(f, " AND %s <= ", open_date);
    sql_date(f, exp->start + exp->window);
    fputs("\n)", f);
}

static void units_cte(FILE *f, const lk_experiment *exp, lk_sql_dialect d)
{
    fputs(",\nu AS (\n  SELECT a.unit_id, a.arm,\n         MAX(CASE WHEN ", f);
    is_target(f, exp, d);
    fputs(" THEN 1 ELSE 0 END) AS response_target,\n"
          "         MAX(CASE WHEN o.customer_id IS NULL THEN 0 ELSE 1 END) AS response_any,\n"
          "         SUM(CASE WHEN ", f);
    is_target(f, exp, d);
    fprintf(f, " THEN COALESCE(o.balance, 0) ELSE 0 END) AS balance_target,\n"
               "         SUM(COALESCE(o.balance, 0)) AS balance_any,\n"
               "         COUNT(DISTINCT o.product) AS products_opened\n"
               "  FROM a LEFT JOIN o ON o.customer_id = a.customer_id\n"
               "  GROUP BY a.unit_id, a.arm\n)");
}

static void values_cte(FILE *f, lk_sql_dialect d)
{
    fputs(",\nv AS (\n", f);
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        fprintf(f, "  %sSELECT arm, %d AS mo, CAST(%s AS %s) AS x FROM u\n",
                m ? "UNION ALL " : "", m, lk_metric_name((lk_metric)m), sql_double_type(d));
    fputs("),\ns AS (\n  SELECT arm, mo, COUNT(*) AS n, SUM(x) AS sx, SUM(x * x) AS sxx\n"
          "  FROM v GROUP BY arm, mo\n)\n", f);
}

int sql_summary(FILE *f, const lk_experiment *exp, const lk_sql_options *opt, lk_error *err)
{
    (void)err;
    lk_sql_dialect d = opt->dialect;
    fputs("WITH ", f);
    sql_arms_cte(f, d, exp);
    fputs(",\n", f);
    metrics_cte(f, d);
    inputs_ctes(f, exp, opt);
    units_cte(f, exp, d);
    values_cte(f, d);
    fputs("SELECT arms.arm, metrics.metric, COALESCE(s.n, 0) AS n, COALESCE(s.sx, 0) AS sum,\n"
          "       COALESCE(s.sxx, 0) AS sumsq\n"
          "FROM arms CROSS JOIN metrics\n"
          "LEFT JOIN s ON s.arm = arms.arm AND s.mo = metrics.mo\n"
          "ORDER BY metrics.mo, arms.ao\n", f);
    return LK_OK;
}
