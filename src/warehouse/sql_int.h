/*
 * sql_int.h - what the three SQL generators share: names (tables and
 * columns after renames), literals quoted for each dialect, and the few
 * expressions whose spelling differs between engines (the hash, day
 * differences, type names, byte-order collation).
 */
#ifndef LIFTKIT_SQL_INT_H
#define LIFTKIT_SQL_INT_H

#include <stdint.h>
#include <stdio.h>

#include "liftkit/experiment.h"
#include "liftkit/sql.h"

/* The table's name after --table. */
const char *sql_table(const lk_sql_options *opt, lk_sql_table t);
/* The column's name after --column. */
const char *sql_col(const lk_sql_options *opt, const char *name);

/* A string literal, quoted and escaped as the dialect reads it. */
void sql_lit(FILE *f, lk_sql_dialect d, const char *s);
/* DATE 'YYYY-MM-DD' of a day number. */
void sql_date(FILE *f, int32_t day);
/* A double-precision constant exactly equal to v (a string cast to the type). */
void sql_double(FILE *f, lk_sql_dialect d, double v);

const char *sql_double_type(lk_sql_dialect d);
const char *sql_string_type(lk_sql_dialect d);
/* The exact decimal type amounts are cast to (6 places; see sql.c). */
const char *sql_amount_type(lk_sql_dialect d);
/* An amount constant: v's 17 digits cast to the amount type (so a cap
   written "20000.5" is that decimal). */
void sql_amount(FILE *f, lk_sql_dialect d, double v);
/* " COLLATE \"C\"" where the default collation is not byte order, else "". */
const char *sql_bytes_order(lk_sql_dialect d);

/*
 * u of docs/methods.md, "Assignment", as a 64-bit integer expression: the
 * first 15 hex digits of SHA-256(salt ":" value) where value is the SQL
 * expression expr (cast to text).
 */
void sql_hash_u(FILE *f, lk_sql_dialect d, const char *salt, const char *expr);

/* Days from the DATE expression earlier to later, an integer. */
void sql_days(FILE *f, lk_sql_dialect d, const char *later, const char *earlier);

/*
 * The CTE "arms AS (...)" with columns arm, role, ao (file order from 0),
 * one SELECT per arm joined by UNION ALL (every dialect reads it).
 */
void sql_arms_cte(FILE *f, lk_sql_dialect d, const lk_experiment *exp);

/* "EXPR IN ('heloc', 'card')": the experiment's target products, or a false
   condition when it has none. */
void sql_is_target(FILE *f, const lk_experiment *exp, lk_sql_dialect d, const char *expr);

/* 1 when s is a name the options accept (see lk_sql_set_table). */
int sql_name_ok(const char *s);

int sql_assign(FILE *f, const lk_experiment *exp, const lk_sql_options *opt,
               lk_error *err);
int sql_summary(FILE *f, const lk_experiment *exp, const lk_sql_options *opt,
                lk_error *err);
/* The window's last day that counts: start + window, or as_of when earlier. */
int32_t sql_last_day(const lk_experiment *exp, const lk_sql_options *opt);

/* 1 when the summary has metric m (the openings' metrics, and the
   relationship metrics of the tables asked for). */
int sql_has_metric(const lk_sql_options *opt, int m);
/*
 * After the CTE "uo" (per unit of the assignments CTE "a": unit_id, arm,
 * the openings' metrics), the CTEs of the relationship metrics and "u0",
 * uo with those metrics as columns named as the metrics.
 */
void sql_relationship_ctes(FILE *f, const lk_experiment *exp, const lk_sql_options *opt);

/*
 * Per-unit windows ([experiment] window_from = column:COL): the assignments
 * CTE "a" selects the column as the DATE wd (an empty text is NULL), and a
 * unit's window starts on the earliest wd of its customers, else on start
 * (the CTE "w": unit_id, ws); without window_from nothing of it is written.
 */
void sql_window_date(FILE *f, const lk_experiment *exp, const lk_sql_options *opt);
/*
 * The assignments CTE "a" of the experiment: sql_assignments_open writes its
 * first columns (customer_id, unit_id, arm); the caller may add its own;
 * sql_assignments_close writes the segments g0.. (--by), the window date and
 * the FROM and WHERE, leaving the CTE's parenthesis open for sql_openings_from.
 */
void sql_assignments_open(FILE *f, const lk_sql_options *opt);
void sql_assignments_close(FILE *f, const lk_experiment *exp, const lk_sql_options *opt);
/*
 * After the CTE "a": the CTE "o" (customer_id, product, open_date and
 * balance as balance_type) of the openings that can count, in the window,
 * or to --as-of with per-unit windows, then "w" for those.
 */
void sql_openings_from(FILE *f, const lk_experiment *exp, const lk_sql_options *opt,
                       const char *balance_type);
/* "FROM a ... LEFT JOIN o": each customer's openings in the unit's window. */
void sql_openings_join(FILE *f, const lk_experiment *exp, const lk_sql_options *opt);

/*
 * Summary with events (opt->events): the CTEs "ev" (unit_id, event: each
 * unit's events in its window), "en" (the event names), "es" (per arm and
 * event, units with it) and "nu" (units per arm), after u0.  The final
 * SELECT is then head, the metrics' rows (a SELECT with the sort keys ek =
 * 0, ename, mo and ao, no ORDER BY), tail: the events' rows after them,
 * sorted as liftkit writes them.
 */
void sql_events_ctes(FILE *f, const lk_experiment *exp, const lk_sql_options *opt);
void sql_events_head(FILE *f, const lk_sql_options *opt);
void sql_events_tail(FILE *f, const lk_experiment *exp, const lk_sql_options *opt);

int sql_roi(FILE *f, const lk_experiment *exp, const lk_sql_options *opt, lk_error *err);
int sql_attribute(FILE *f, const lk_experiment *exp, const lk_sql_options *opt,
                  lk_error *err);

#endif
