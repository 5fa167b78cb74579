/*
 * cmd_sql.c - 'liftkit sql': print the SQL that computes assignments, the
 * lift summary or the attribution inside a warehouse (docs/methods.md,
 * "Running in your warehouse").
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/balances.h"
#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/sql.h"

#include "cli.h"
#include "options.h"

static const cli_doc doc = {
    .name = "sql",
    .usage = "usage: liftkit sql assign|summary|roi|attribute -e EXP --dialect DIALECT [options]\n",
    .purpose = "Print the SQL that runs an experiment's heavy work where the data lives.",
    .description =
        "One SELECT statement whose result has exactly the columns, in order, of the\n"
        "matching liftkit output:\n"
        "  assign     assignments.csv from the table customers (the hash recipe; the\n"
        "             stratified deal when the experiment stratifies)\n"
        "  summary    the --write-summary file of 'lift' from assignments and openings,\n"
        "             balances capped by [metrics] (percentiles exact, as liftkit\n"
        "             interpolates), CUPED sums of [cuped], with --events the\n"
        "             guardrail events' rows; 'lift --summary' reads it\n"
        "  roi        the ROI summary 'roi --summary' and 'report --summary' read\n"
        "             (arm,value,units,responders,contacts,cost,unit) from\n"
        "             assignments, offers and openings\n"
        "  attribute  attribution.csv (last or first rule) from offers and openings\n"
        "Tables and columns are named as in docs/formats.md unless renamed; date\n"
        "columns must be DATE.  Dialects: duckdb, postgres, spark, bigquery, snowflake.\n",
    .example = "  liftkit sql summary -e experiments/heloc-spring-2026.ini --dialect bigquery \\\n"
               "      --table assignments=crm.campaign_units --table openings=crm.accounts\n",
    .max_args = 1,
};

typedef struct sql_args {
    const char *experiment, *dialect, *carry, *rule, *by, *output, *events;
    int holdings, balances;
    cli_as_of as_of;
    cli_list tables, columns;
    int nargs;
    lk_sql_kind kind;
    lk_sql_options opt;
    char carry_copy[4096], by_copy[4096], events_table[600];
} sql_args;

static int check(sql_args *a, char **argv);

static int parse_args(void *args, int argc, char **argv)
{
    sql_args *a = args;
    const cli_option opts[] = {
        OPT_EXPERIMENT(&a->experiment),
        OPT_STRING_REQUIRED(0, "dialect", &a->dialect, "DIALECT",
                            "duckdb, postgres, spark, bigquery or snowflake"),
        OPT_LIST(0, "table", &a->tables, "NAME=TABLE",
                 "read the input table NAME (customers, assignments,\n"
                 "offers, openings, holdings, balances, events) from\n"
                 "TABLE, e.g. assignments=crm.campaign_units\n"
                 "(repeatable)"),
        OPT_LIST(0, "column", &a->columns, "NAME=COLUMN",
                 "read the input column NAME from COLUMN, e.g.\n"
                 "customer_id=cust_no (repeatable)"),
        OPT_STRING(0, "carry", &a->carry, "COLS",
                   "assign: customers' columns carried into the\n"
                   "result after stratum, comma-separated, as\n"
                   "'liftkit assign' carries the file's other columns"),
        OPT_STRING(0, "by", &a->by, "COLS",
                   "summary and roi: per segment of these\n"
                   "assignments' columns, comma-separated, as 'lift\n"
                   "--by' and 'roi --by'"),
        OPT_FLAG(0, "holdings", &a->holdings,
                 "summary: also products_held_start, products_held_end\n"
                 "and single_product from the table holdings, as\n"
                 "'lift --holdings'"),
        OPT_FLAG(0, "balances", &a->balances,
                 "summary: also funded_target and balance_target_90\n"
                 "from the table balances, as 'lift --balances'"),
        OPT_STRING(0, "events", &a->events, "TABLE",
                   "summary: also the rows event_<name> of the guardrail\n"
                   "events in TABLE (customer_id, event, event_date;\n"
                   "--column renames them), as 'lift --events'"),
        OPT_AS_OF(&a->as_of),
        OPT_STRING(0, "rule", &a->rule, "RULE",
                   "attribute: last or first (default: the experiment's)"),
        OPT_OUTPUT(&a->output),
        OPT_END(),
    };
    int rc = cli_parse_options(&doc, opts, argc, argv, &a->nargs);
    if (rc)
        return rc;
    if (a->nargs != 1)
        return cli_usage("sql", "missing what to write: assign, summary, roi or attribute");
    return check(a, argv);
}

static int kind_of(const char *s)
{
    return !strcmp(s, "assign") ? LK_SQL_ASSIGN : !strcmp(s, "summary") ? LK_SQL_SUMMARY
         : !strcmp(s, "attribute") ? LK_SQL_ATTRIBUTE : !strcmp(s, "roi") ? LK_SQL_ROI : -1;
}

/* Split a comma-separated list in place into names[], counted in *n. */
static int split_names(const char **names, size_t *n, char *list, const char *what)
{
    for (char *s = strtok(list, ","); s; s = strtok(NULL, ",")) {
        if (*n == LK_SQL_MAX_NAMES)
            return cli_usage("sql", "%s names more than %d columns", what, LK_SQL_MAX_NAMES);
        names[(*n)++] = s;
    }
    return 0;
}

static int set_options(lk_sql_options *opt, const sql_args *a, char *carry, char *by)
{
    lk_sql_options_init(opt);
    int d = lk_sql_dialect_from_name(a->dialect);
    if (d < 0)
        return cli_usage("sql", "unknown dialect '%s' (duckdb, postgres, spark, bigquery or "
                                "snowflake)", a->dialect);
    opt->dialect = (lk_sql_dialect)d;
    opt->holdings = a->holdings;
    opt->balances = a->balances;
    opt->has_as_of = a->as_of.has;
    opt->as_of = a->as_of.day;
    lk_error err;
    for (size_t i = 0; i < a->tables.n; i++)
        if (lk_sql_set_table(opt, a->tables.items[i], &err))
            return cli_usage("sql", "--table: %s", err.msg);
    for (size_t i = 0; i < a->columns.n; i++)
        if (lk_sql_set_column(opt, a->columns.items[i], &err))
            return cli_usage("sql", "--column: %s", err.msg);
    if (a->rule) {
        if (strcmp(a->rule, "last") && strcmp(a->rule, "first"))
            return cli_usage("sql", "--rule must be last or first, not '%s'", a->rule);
        opt->rule_set = 1;
        opt->rule = strcmp(a->rule, "last") ? LK_ATTR_FIRST : LK_ATTR_LAST;
    }
    if (a->events && lk_sql_set_table(opt, a->events_table, &err))
        return cli_usage("sql", "--events: %s", err.msg);
    opt->events = a->events != NULL;
    int rc = carry ? split_names(opt->carry, &opt->ncarry, carry, "--carry") : 0;
    return !rc && by ? split_names(opt->by, &opt->nby, by, "--by") : rc;
}

/*
 * A summary as 'lift --write-summary' writes it for exp: the caps of
 * [metrics], the covariates of [cuped] and the columns unit, sum_x, sum_x2
 * and sum_xy.
 */
static int summary_options(lk_sql_options *opt, const lk_experiment *exp, lk_error *err)
{
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        int rc = lk_balance_cap_spec(exp, (lk_metric)m, &opt->cap[m], err);
        if (rc)
            return rc;
        opt->covariate[m] = lk_balance_covariate(exp, (lk_metric)m);
    }
    opt->moments = 1;
    return LK_OK;
}

/* The kind to write and the options that go with it; 0 or the usage error's exit code. */
static int check(sql_args *a, char **argv)
{
    int kind = kind_of(argv[1]);
    if (kind < 0)
        return cli_usage("sql", "unknown kind '%s' (assign, summary, roi or attribute)", argv[1]);
    a->kind = (lk_sql_kind)kind;
    if (a->as_of.has && kind != LK_SQL_SUMMARY && kind != LK_SQL_ROI)
        return cli_usage("sql", "--as-of goes with summary and roi");
    if (a->by && kind != LK_SQL_SUMMARY && kind != LK_SQL_ROI)
        return cli_usage("sql", "--by goes with summary and roi");
    if (a->events && kind != LK_SQL_SUMMARY)
        return cli_usage("sql", "--events goes with summary");
    if (a->events && snprintf(a->events_table, sizeof(a->events_table), "events=%s",
                              a->events) >= (int)sizeof(a->events_table))
        return cli_usage("sql", "--events is too long");
    char *carry = a->carry_copy, *by = a->by_copy;
    if ((a->carry && snprintf(carry, sizeof(a->carry_copy), "%s", a->carry) >=
                         (int)sizeof(a->carry_copy)) ||
        (a->by && snprintf(by, sizeof(a->by_copy), "%s", a->by) >= (int)sizeof(a->by_copy)))
        return cli_usage("sql", "--carry or --by is too long");
    return set_options(&a->opt, a, a->carry ? carry : NULL, a->by ? by : NULL);
}

static int run(void *args, lk_experiment *exp, lk_error *err)
{
    sql_args *a = args;
    lk_output *out = NULL;
    char *text = NULL;
    int rc = a->kind == LK_SQL_SUMMARY ? summary_options(&a->opt, exp, err) : LK_OK;
    if (!rc)
        rc = lk_sql_generate(&text, a->kind, exp, &a->opt, err);
    if (!rc)
        rc = lk_output_open(&out, a->output, err);
    if (!rc && fputs(text, lk_output_file(out)) == EOF)
        rc = lk_error_set(err, LK_EIO, a->output, 0, 0, "cannot write the SQL");
    rc = cli_output_finish(out, rc, err);
    free(text);
    return rc ? cli_fail(err) : 0;
}

const cli_command cmd_sql = {parse_args, run, sizeof(sql_args), offsetof(sql_args, experiment)};
