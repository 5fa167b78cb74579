/*
 * sql_events.c - the guardrail events' rows of the summary (docs/methods.md,
 * "Guardrails"): per event and arm, the arm's units and those with at
 * least one such event in their window, as rows event_<name> after the
 * metrics' (docs/formats.md, "Lift summary input").
 *
 * What stays true: the events are every non-empty name of the table events
 * and every [guardrails] event (zeros where none counts), as lift --events
 * reads them; a unit has an event when one of its customers has it dated
 * in the unit's window (start to start + window, or per unit with
 * window_from, and not after --as-of); rows come events in byte order of
 * their names, arms in file order.  The counts are integers, so partial
 * summaries add up exactly.
 */
#include "liftkit/sql.h"

#include "warehouse/sql_int.h"

/* The condition that e.event_date is in the unit's window (w.ws with window_from). */
static void in_window(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    if (!exp->window_from) {
        fputs("e.event_date >= ", f);
        sql_date(f, exp->start);
        fputs(" AND e.event_date <= ", f);
        sql_date(f, sql_last_day(exp, opt));
        return;
    }
    sql_days(f, opt->dialect, "e.event_date", "w.ws");
    fprintf(f, " BETWEEN 0 AND %d", exp->window);
    if (opt->has_as_of) {
        fputs(" AND e.event_date <= ", f);
        sql_date(f, opt->as_of);
    }
}

void sql_events_ctes(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    const char *str = sql_string_type(d), *event = sql_col(opt, "event");
    const char *table = sql_table(opt, LK_SQL_EVENTS);
    fputs(",\nev AS (\n  SELECT DISTINCT a.unit_id, e.event\n  FROM a", f);
    if (exp->window_from)
        fputs(" JOIN w ON w.unit_id = a.unit_id", f);
    fprintf(f, "\n    JOIN (SELECT %s AS customer_id, CAST(%s AS %s) AS event, %s AS event_date\n"
               "          FROM %s) e\n    ON e.customer_id = a.customer_id AND ",
            sql_col(opt, "customer_id"), event, str, sql_col(opt, "event_date"), table);
    in_window(f, exp, opt);
    fprintf(f, "\n),\nen AS (\n  SELECT DISTINCT event FROM (\n"
               "    SELECT CAST(%s AS %s) AS event FROM %s", event, str, table);
    for (size_t g = 0; g < exp->guardrails.n; g++) {
        fputs("\n    UNION ALL SELECT ", f);
        sql_lit(f, d, exp->guardrails.items[g].key);
    }
    fputs(") t\n  WHERE event IS NOT NULL AND event <> ''\n),\n"
          "es AS (\n  SELECT u0.arm, ev.event, COUNT(*) AS k\n"
          "  FROM u0 JOIN ev ON ev.unit_id = u0.unit_id\n  GROUP BY u0.arm, ev.event\n),\n"
          "nu AS (\n  SELECT arm, COUNT(*) AS n FROM u0 GROUP BY arm\n)", f);
}

void sql_events_head(FILE *f, const lk_sql_options *opt)
{
    fputs("SELECT r.arm, r.metric, r.n, r.sum, r.sumsq", f);
    if (opt->moments)
        fputs(", r.unit, r.sum_x, r.sum_x2, r.sum_xy", f);
    fputs(" FROM (\n", f);
}

void sql_events_tail(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    const char *amt = sql_amount_type(d);
    fprintf(f, "UNION ALL\nSELECT arms.arm, CONCAT('event_', en.event) AS metric, "
               "COALESCE(nu.n, 0) AS n,\n       CAST(COALESCE(es.k, 0) AS %s) AS sum, "
               "CAST(COALESCE(es.k, 0) AS %s) AS sumsq", amt, amt);
    if (opt->moments) {
        fputs(", ", f);
        sql_lit(f, d, exp->unit);
        fprintf(f, " AS unit,\n       CAST(NULL AS %s) AS sum_x, CAST(NULL AS %s) AS sum_x2, "
                   "CAST(NULL AS %s) AS sum_xy", amt, amt, amt);
    }
    fprintf(f, ",\n       1 AS ek, en.event AS ename, 0 AS mo, arms.ao\n"
               "FROM arms CROSS JOIN en\nLEFT JOIN nu ON nu.arm = arms.arm\n"
               "LEFT JOIN es ON es.arm = arms.arm AND es.event = en.event\n"
               ") r\nORDER BY r.ek, r.ename%s, r.mo, r.ao\n", sql_bytes_order(d));
}
