/*
 * sql_relationship.c - the relationship metrics of the summary
 * (docs/methods.md, "Relationship metrics"): products held per unit at the
 * window's first and last day from the table holdings, and from the table
 * balances the balance of each target opening 30 and 90 days after it.
 *
 * What stays true: an account is held on day D when open_date <= D and
 * close_date is NULL or after D; a product two customers of a unit hold
 * counts once; an opening's balance on day open_date + k is its last
 * snapshot dated in [open_date, open_date + k], else its balance at
 * opening (0 when NULL); the target openings are those of the window, as
 * for response_target; a unit with no rows has zeros.
 */
#include "liftkit/sql.h"
#include "liftkit/units.h"

#include "warehouse/sql_int.h"

int sql_has_metric(const lk_sql_options *opt, int m)
{
    if (m < LK_METRIC_OPENINGS_COUNT)
        return 1;
    if (m <= LK_METRIC_SINGLE_PRODUCT)
        return opt->holdings;
    return m < LK_METRIC_COUNT && opt->balances;
}

/* "(h.open_date <= DATE 'D' AND (h.close_date IS NULL OR h.close_date > DATE 'D'))" */
static void held_on(FILE *f, int32_t day)
{
    fputs("h.open_date <= ", f);
    sql_date(f, day);
    fputs(" AND (h.close_date IS NULL OR h.close_date > ", f);
    sql_date(f, day);
    fputc(')', f);
}

static void holdings_cte(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    fputs(",\nhd AS (\n  SELECT a.unit_id,\n         COUNT(DISTINCT CASE WHEN ", f);
    held_on(f, exp->start);
    fputs(" THEN h.product END) AS held_start,\n         COUNT(DISTINCT CASE WHEN ", f);
    held_on(f, sql_last_day(exp, opt));
    fprintf(f, " THEN h.product END) AS held_end\n"
               "  FROM a JOIN (SELECT %s AS customer_id, %s AS product, %s AS open_date,\n"
               "                      %s AS close_date FROM %s) h\n"
               "    ON h.customer_id = a.customer_id\n  GROUP BY a.unit_id\n)",
            sql_col(opt, "customer_id"), sql_col(opt, "product"), sql_col(opt, "open_date"),
            sql_col(opt, "close_date"), sql_table(opt, LK_SQL_HOLDINGS));
}

/* bK: per target opening, the balance of its last snapshot at most K days after it. */
static void snapshot_cte(FILE *f, int k)
{
    fprintf(f, ",\nb%d AS (\n  SELECT account_id, balance FROM (\n"
               "    SELECT account_id, balance,\n"
               "           ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY snap_date DESC) AS rn\n"
               "    FROM sn WHERE days <= %d) t\n  WHERE rn = 1\n)", k, k);
}

static void balances_ctes(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    const char *dbl = sql_amount_type(d);
    fprintf(f, ",\ntg AS (\n  SELECT a.unit_id, op.account_id, op.open_date,\n"
               "         COALESCE(CAST(op.balance AS %s), 0) AS b0\n"
               "  FROM a JOIN (SELECT %s AS customer_id, %s AS account_id, %s AS product,\n"
               "                      %s AS open_date, %s AS balance FROM %s) op\n"
               "    ON op.customer_id = a.customer_id\n  WHERE ",
            dbl, sql_col(opt, "customer_id"), sql_col(opt, "account_id"),
            sql_col(opt, "product"), sql_col(opt, "open_date"), sql_col(opt, "balance"),
            sql_table(opt, LK_SQL_OPENINGS));
    sql_is_target(f, exp, d, "op.product");
    fputs(" AND op.open_date >= ", f);
    sql_date(f, exp->start);
    fputs(" AND op.open_date <= ", f);
    sql_date(f, sql_last_day(exp, opt));
    fprintf(f, "\n),\nsn AS (\n  SELECT tg.account_id, s.snap_date, CAST(s.balance AS %s) AS balance, ",
            dbl);
    sql_days(f, d, "s.snap_date", "tg.open_date");
    fprintf(f, " AS days\n  FROM tg JOIN (SELECT %s AS account_id, %s AS snap_date, %s AS balance\n"
               "                FROM %s) s\n"
               "    ON s.account_id = tg.account_id AND s.snap_date >= tg.open_date",
            sql_col(opt, "account_id"), sql_col(opt, "date"), sql_col(opt, "balance"),
            sql_table(opt, LK_SQL_BALANCES));
    if (opt->has_as_of) {
        fputs(" AND s.snap_date <= ", f);
        sql_date(f, opt->as_of);
    }
    fputs("\n)", f);
    snapshot_cte(f, 30);
    snapshot_cte(f, 90);
    fputs(",\nbl AS (\n  SELECT tg.unit_id,\n"
          "         MAX(CASE WHEN COALESCE(b30.balance, tg.b0) > 0 THEN 1 ELSE 0 END)"
          " AS funded_target,\n"
          "         SUM(COALESCE(b90.balance, tg.b0)) AS balance_target_90\n"
          "  FROM tg LEFT JOIN b30 ON b30.account_id = tg.account_id\n"
          "          LEFT JOIN b90 ON b90.account_id = tg.account_id\n"
          "  GROUP BY tg.unit_id\n)", f);
}

void sql_relationship_ctes(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    if (opt->holdings)
        holdings_cte(f, exp, opt);
    if (opt->balances)
        balances_ctes(f, exp, opt);
    fputs(",\nu0 AS (\n  SELECT uo.*", f);
    if (opt->holdings)
        fputs(",\n         COALESCE(hd.held_start, 0) AS products_held_start,\n"
              "         COALESCE(hd.held_end, 0) AS products_held_end,\n"
              "         CASE WHEN hd.held_end = 1 THEN 1 ELSE 0 END AS single_product", f);
    if (opt->balances)
        fputs(",\n         COALESCE(bl.funded_target, 0) AS funded_target,\n"
              "         COALESCE(bl.balance_target_90, 0) AS balance_target_90", f);
    fputs("\n  FROM uo", f);
    if (opt->holdings)
        fputs(" LEFT JOIN hd ON hd.unit_id = uo.unit_id", f);
    if (opt->balances)
        fputs(" LEFT JOIN bl ON bl.unit_id = uo.unit_id", f);
    fputs("\n)", f);
}
