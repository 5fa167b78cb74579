/*
 * sql_attribute.c - attribution.csv as one SELECT (docs/methods.md,
 * "Attribution"), under the last or the first rule.
 *
 * What stays true: an offer is a candidate for an opening of the same
 * customer when offer_date + lag(channel) <= open_date <= offer_date +
 * window(offered product), with the lags and windows of the experiment
 * file written into the text; a direct candidate beats any halo one; among
 * those the latest (first: earliest) offer_date wins, ties to the larger
 * (first: smaller) offer_id in byte order; every opening has exactly one
 * row, unmatched ones with response none.  Rows are not sorted.
 */
#include <string.h>

#include "liftkit/sql.h"

#include "warehouse/sql_int.h"

/* CASE col WHEN key THEN value ... ELSE fallback END (fallback may be "NULL"). */
static void settings_case(FILE *f, lk_sql_dialect d, const char *col, const lk_settings *s,
                          const char *fallback)
{
    if (!s->n) {
        fputs(fallback, f);
        return;
    }
    fprintf(f, "CASE %s", col);
    for (size_t i = 0; i < s->n; i++) {
        fputs(" WHEN ", f);
        sql_lit(f, d, s->items[i].key);
        fprintf(f, " THEN %d", (int)s->items[i].value);
    }
    fprintf(f, " ELSE %s END", fallback);
}

static void offers_cte(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    char lag_default[32], win_default[32];
    snprintf(lag_default, sizeof(lag_default), "%d",
             exp->lag.has_default ? (int)exp->lag.default_value : 0);
    if (exp->windows.has_default)
        snprintf(win_default, sizeof(win_default), "%d", (int)exp->windows.default_value);
    else
        strcpy(win_default, "NULL");
    const char *channel = sql_col(opt, "channel"), *product = sql_col(opt, "product");
    fprintf(f, ",\no AS (\n  SELECT %s AS customer_id, %s AS offer_id, %s AS offered_product,\n"
               "         %s AS channel, %s AS offer_date,\n         ",
            sql_col(opt, "customer_id"), sql_col(opt, "offer_id"), product, channel,
            sql_col(opt, "offer_date"));
    settings_case(f, d, channel, &exp->lag, lag_default);
    fputs(" AS lag_days,\n         ", f);
    settings_case(f, d, product, &exp->windows, win_default);
    fprintf(f, " AS win_days\n  FROM %s\n)", sql_table(opt, LK_SQL_OFFERS));
}

int sql_attribute(FILE *f, const lk_experiment *exp, const lk_sql_options *opt, lk_error *err)
{
    lk_attr_rule rule = opt->rule_set ? opt->rule : exp->rule;
    if (rule != LK_ATTR_LAST && rule != LK_ATTR_FIRST)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "sql attribute writes the last and first rules only, not "
                            "linear or decay");
    lk_sql_dialect d = opt->dialect;
    const char *dir = rule == LK_ATTR_LAST ? "DESC" : "ASC";
    fprintf(f, "WITH op AS (\n  SELECT %s AS customer_id, %s AS account_id, %s AS product,\n"
               "         %s AS open_date, %s AS balance\n  FROM %s\n)",
            sql_col(opt, "customer_id"), sql_col(opt, "account_id"), sql_col(opt, "product"),
            sql_col(opt, "open_date"), sql_col(opt, "balance"), sql_table(opt, LK_SQL_OPENINGS));
    offers_cte(f, exp, opt);
    fputs(",\ncand AS (\n  SELECT op.customer_id, op.account_id, o.offer_id, o.offered_product,\n"
          "         o.channel, o.offer_date, o.lag_days, o.win_days,\n         ", f);
    sql_days(f, d, "op.open_date", "o.offer_date");
    fputs(" AS days,\n"
          "         CASE WHEN o.offered_product = op.product THEN 1 ELSE 0 END AS direct\n"
          "  FROM op JOIN o ON o.customer_id = op.customer_id\n),\n", f);
    fprintf(f, "best AS (\n  SELECT cand.*, ROW_NUMBER() OVER (PARTITION BY customer_id, account_id\n"
               "             ORDER BY direct DESC, offer_date %s, offer_id%s %s) AS rn\n"
               "  FROM cand WHERE days >= lag_days AND days <= win_days\n)\n",
            dir, sql_bytes_order(d), dir);
    fputs("SELECT op.customer_id, op.account_id, op.product, op.open_date, op.balance,\n"
          "       b.offer_id, b.offered_product, b.channel, b.offer_date,\n"
          "       b.days AS days_since_offer,\n"
          "       CASE WHEN b.rn IS NULL THEN 'none' WHEN b.direct = 1 THEN 'direct'\n"
          "            ELSE 'halo' END AS response,\n"
          "       1 AS credit\n"
          "FROM op LEFT JOIN best b\n"
          "  ON b.customer_id = op.customer_id AND b.account_id = op.account_id AND b.rn = 1\n",
          f);
    return LK_OK;
}
