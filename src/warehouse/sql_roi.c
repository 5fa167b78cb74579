/*
 * sql_roi.c - the ROI summary of 'roi --summary' as one SELECT (docs/formats.md,
 * "ROI summary"): per arm and unit value, the units, their target
 * responders, and the contacts and cost of the offers to their customers.
 *
 * What stays true: units are the assignments' unit_id; a unit's value is
 * summed over its customers' openings in [start, start + window], each
 * worth [value] of its product (the default, else 0) plus, with [margin],
 * margin * horizon / 365 times its balance, the amounts the units loader
 * computes written as the same doubles;
 * a unit responds when any of its customers opened a target product in the
 * window; an offer's cost is its cost column when not NULL, else [cost] of
 * its channel (or [cost] default); with window_from, each unit's openings
 * in its own window (offers are not windowed, as in 'roi').  Rows come arm
 * by arm in file order,
 * values ascending; an arm without units has no rows.  With --by, the
 * segment columns follow (a unit's segment the smallest of its customers'
 * values, as in the summary) and rows are per segment, segments first in
 * byte order.
 */
#include "liftkit/sql.h"

#include "warehouse/sql_int.h"

/* An amount of s as the units loader uses it: the setting itself, or with a
   horizon (the [margin] of an opening's balance) v * horizon / 365. */
static double amount(double v, int horizon)
{
    return horizon ? v * horizon / 365.0 : v;
}

/* CASE col WHEN key THEN amount ... ELSE default END, amounts as exact doubles
   (NULL without a default). */
static void amounts_case(FILE *f, lk_sql_dialect d, const char *col, const lk_settings *s,
                         int horizon)
{
    if (s->n)
        fprintf(f, "CASE %s", col);
    for (size_t i = 0; i < s->n; i++) {
        fputs(" WHEN ", f);
        sql_lit(f, d, s->items[i].key);
        fputs(" THEN ", f);
        sql_double(f, d, amount(s->items[i].value, horizon));
    }
    fputs(s->n ? " ELSE " : "", f);
    if (s->has_default)
        sql_double(f, d, amount(s->default_value, horizon));
    else
        fprintf(f, "CAST(NULL AS %s)", sql_double_type(d));
    fputs(s->n ? " END" : "", f);
}

/* One opening's value: [value] plus, with [margin], margin * balance. */
static void opening_value(FILE *f, const lk_experiment *exp, lk_sql_dialect d)
{
    fputs("COALESCE(", f);
    amounts_case(f, d, "o.product", &exp->value, 0);
    fputs(", 0)", f);
    if (!exp->margin.n && !exp->margin.has_default)
        return;
    fputs(" + COALESCE(", f);
    amounts_case(f, d, "o.product", &exp->margin, exp->margin_horizon);
    fputs(", 0) * COALESCE(o.balance, 0)", f);
}

static void inputs_ctes(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    sql_assignments_open(f, opt);
    sql_assignments_close(f, exp, opt);
    sql_openings_from(f, exp, opt, sql_double_type(d));
    fprintf(f, ",\nf AS (\n  SELECT %s AS customer_id, COUNT(*) AS contacts,\n"
               "         SUM(COALESCE(CAST(%s AS %s), ",
            sql_col(opt, "customer_id"), sql_col(opt, "cost"), sql_double_type(d));
    amounts_case(f, d, sql_col(opt, "channel"), &exp->cost, 0);
    fprintf(f, ")) AS cost\n  FROM %s\n", sql_table(opt, LK_SQL_OFFERS));
    if (opt->has_as_of) {
        fprintf(f, "  WHERE %s <= ", sql_col(opt, "offer_date"));
        sql_date(f, opt->as_of);
        fputc('\n', f);
    }
    fprintf(f, "  GROUP BY %s\n)", sql_col(opt, "customer_id"));
}

/* v: per unit its value and response; k: per unit its contacts and cost. */
static void units_ctes(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    fputs(",\nv AS (\n  SELECT a.unit_id, a.arm,", f);
    for (size_t g = 0; g < opt->nby; g++)
        fprintf(f, " MIN(a.g%zu%s) AS g%zu,", g, sql_bytes_order(d), g);
    fputs("\n         SUM(CASE WHEN o.customer_id IS NULL THEN 0 ELSE ", f);
    opening_value(f, exp, d);
    fputs(" END) AS value,\n         MAX(CASE WHEN ", f);
    sql_is_target(f, exp, d, "o.product");
    fputs(" THEN 1 ELSE 0 END) AS responder\n", f);
    sql_openings_join(f, exp, opt);
    fputs("  GROUP BY a.unit_id, a.arm\n),\n"
          "k AS (\n  SELECT a.unit_id, SUM(f.contacts) AS contacts, SUM(f.cost) AS cost\n"
          "  FROM a JOIN f ON f.customer_id = a.customer_id\n  GROUP BY a.unit_id\n)\n", f);
}

/* ", v.g0, v.g1" (prefix before each, suffix after); nothing without --by */
static void segments(FILE *f, const lk_sql_options *opt, const char *prefix, const char *suffix)
{
    for (size_t g = 0; g < opt->nby; g++)
        fprintf(f, ", %sg%zu%s", prefix, g, suffix);
}

int sql_roi(FILE *f, const lk_experiment *exp, const lk_sql_options *opt, lk_error *err)
{
    for (size_t g = 0; g < opt->nby; g++)
        if (!sql_name_ok(opt->by[g]))
            return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "segment column '%s' is not a name",
                                opt->by[g]);
    if (exp->window_from && !sql_name_ok(exp->window_from))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "window_from column '%s' is not a name",
                            exp->window_from);
    lk_sql_dialect d = opt->dialect;
    fputs("WITH ", f);
    sql_arms_cte(f, d, exp);
    inputs_ctes(f, exp, opt);
    units_ctes(f, exp, opt);
    fputs("SELECT v.arm, CAST(v.value AS ", f);
    fputs(sql_double_type(d), f);
    fputs(") AS value, COUNT(*) AS units, SUM(v.responder) AS responders,\n"
          "       COALESCE(SUM(k.contacts), 0) AS contacts, COALESCE(SUM(k.cost), 0) AS cost, ", f);
    sql_lit(f, d, exp->unit);
    fputs(" AS unit", f);
    for (size_t g = 0; g < opt->nby; g++)
        fprintf(f, ", NULLIF(v.g%zu, '') AS %s", g, opt->by[g]);
    fputs("\nFROM v JOIN arms ON arms.arm = v.arm LEFT JOIN k ON k.unit_id = v.unit_id\n"
          "GROUP BY arms.ao, v.arm, v.value", f);
    segments(f, opt, "v.", "");
    fputs("\nORDER BY ", f);
    for (size_t g = 0; g < opt->nby; g++)
        fprintf(f, "v.g%zu%s, ", g, sql_bytes_order(d));
    fputs("arms.ao, v.value\n", f);
    return LK_OK;
}
