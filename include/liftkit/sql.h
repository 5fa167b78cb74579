/*
 * sql.h - SQL that runs where the data lives (docs/methods.md, "Running in
 * your warehouse").
 *
 * Each text is one SELECT statement for one engine whose result has
 * exactly the columns, in order, of the matching liftkit output:
 *   LK_SQL_ASSIGN     assignments.csv (the hash recipe; the stratified
 *                     deal with window functions), from customers;
 *   LK_SQL_SUMMARY    the --write-summary file of 'lift' (arm, metric, n,
 *                     sum, sumsq per arm and metric), from assignments and
 *                     openings (and events: the rows event_<name>);
 *   LK_SQL_ATTRIBUTE  attribution.csv under the last (or first) rule, from
 *                     offers and openings;
 *   LK_SQL_ROI        the ROI summary 'roi --summary' reads (per arm and
 *                     unit value: units, responders, contacts, cost), from
 *                     assignments, offers and openings.
 * The input tables are called customers, assignments, offers and openings
 * with the columns of docs/formats.md unless renamed; date columns are
 * DATE, balance a number (or text holding one).  Everything the text
 * computes is exact: the hash is SHA-256 read as a 60-bit integer, the
 * stratified deal repeats the double-precision arithmetic of lk_assign_deal
 * operation for operation, and the summary is sums of the same per-unit
 * values liftkit sums.
 */
#ifndef LIFTKIT_SQL_H
#define LIFTKIT_SQL_H

#include <stddef.h>

#include "liftkit/cap.h"
#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/units.h"

typedef enum lk_sql_dialect {
    LK_SQL_DUCKDB, LK_SQL_POSTGRES, LK_SQL_SPARK, LK_SQL_BIGQUERY, LK_SQL_SNOWFLAKE,
    LK_SQL_DIALECT_COUNT
} lk_sql_dialect;

typedef enum lk_sql_kind {
    LK_SQL_ASSIGN, LK_SQL_SUMMARY, LK_SQL_ATTRIBUTE, LK_SQL_ROI
} lk_sql_kind;

/* The input tables, in the order of their default names. */
typedef enum lk_sql_table {
    LK_SQL_CUSTOMERS, LK_SQL_ASSIGNMENTS, LK_SQL_OFFERS, LK_SQL_OPENINGS, LK_SQL_HOLDINGS,
    LK_SQL_BALANCES, LK_SQL_EVENTS, LK_SQL_TABLE_COUNT
} lk_sql_table;

#define LK_SQL_MAX_NAMES 64

typedef struct lk_sql_options {
    lk_sql_dialect dialect;
    const char *table[LK_SQL_TABLE_COUNT];  /* NULL: the default name */
    /* column renames: input column from[i] (as docs/formats.md names it,
       or the experiment's unit and stratify columns) is to[i] in the table */
    const char *column_from[LK_SQL_MAX_NAMES], *column_to[LK_SQL_MAX_NAMES];
    size_t ncolumns;
    /* customers' columns carried into the assignments, in order */
    const char *carry[LK_SQL_MAX_NAMES];
    size_t ncarry;
    int rule_set;           /* attribution: use rule instead of the experiment's */
    lk_attr_rule rule;
    /* summary: the cap of each balance metric (docs/methods.md, "Capping"),
       applied to the unit values before any sum; LK_CAP_NONE by default */
    lk_cap_spec cap[LK_METRIC_COUNT];
    /* summary: the CUPED covariate column of assignments per metric, or NULL */
    const char *covariate[LK_METRIC_COUNT];
    /* summary: also write the columns unit, sum_x, sum_x2, sum_xy (with by,
       unit alone, as lift --by --write-summary; covariates are then unused) */
    int moments;
    /* summary: the segment columns of assignments (lift --by), in order; a
       unit's segment is the smallest of its customers' values */
    const char *by[LK_SQL_MAX_NAMES];
    size_t nby;
    /* summary: the relationship metrics (docs/methods.md, "Relationship
       metrics") from the table holdings (products_held_start,
       products_held_end, single_product) and from the table balances
       (funded_target, balance_target_90), as lift --holdings --balances */
    int holdings, balances;
    /* summary: the guardrail events' rows event_<name> (docs/formats.md, "Lift
       summary input") from the table events (customer_id, event,
       event_date), as lift --events --write-summary; not with by */
    int events;
    /* summary and roi: an interim read, as --as-of: nothing dated after the
       day as_of counts (openings, offers, holdings' last day, snapshots) */
    int has_as_of;
    int32_t as_of;
} lk_sql_options;

/* Defaults: DuckDB, default table and column names, nothing carried. */
void lk_sql_options_init(lk_sql_options *opt);

/* Names as the command line spells them. */
const char *lk_sql_dialect_name(lk_sql_dialect d);
int lk_sql_dialect_from_name(const char *name);       /* -1 if unknown */
const char *lk_sql_table_name(lk_sql_table t);
int lk_sql_table_from_name(const char *name);         /* -1 if unknown */

/*
 * Set one option from "NAME=VALUE" text: a table (--table) or a column
 * (--column) rename.  The value must be an identifier, possibly qualified
 * and quoted (letters, digits, _ $ . - and the quotes " `), so that no text
 * can reach the SQL except as a name.  The strings are borrowed.  Returns
 * LK_OK or LK_EUSAGE with the reason.
 */
int lk_sql_set_table(lk_sql_options *opt, const char *assignment, lk_error *err);
int lk_sql_set_column(lk_sql_options *opt, const char *assignment, lk_error *err);

/*
 * Write the SQL text of kind for exp into *out (NUL-terminated, ending in
 * a newline, no semicolon); the caller frees it with free().  LK_EUSAGE
 * for what the text cannot express (attribution rules other than last and
 * first; a carried column with an invalid name), LK_EIO when out of memory.
 */
int lk_sql_generate(char **out, lk_sql_kind kind, const lk_experiment *exp,
                    const lk_sql_options *opt, lk_error *err);

#endif
