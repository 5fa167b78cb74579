/*
 * test_sql.c - the SQL texts of sql.h.  DuckDB and PostgreSQL run them in
 * the end-to-end cases sql_duckdb and sql_postgres; no engine here runs the
 * Spark, BigQuery or Snowflake texts, so this test holds every function a
 * text calls to the dialect's documented function list, and checks the
 * spellings that differ: the hash, day differences, literals and names
 * (and, for the guardrail events and the ROI per segment, the texts' shape:
 * which names, windows, groups and orders they write in each dialect).
 *
 * The function lists come from each engine's SQL reference:
 *   Spark SQL built-in functions: sha2(expr, bitLength) returns hex text,
 *     conv(str, fromBase, toBase), substr, datediff(end, start), mod, concat;
 *   BigQuery (GoogleSQL): SHA256(STRING) returns BYTES, TO_HEX, SUBSTR,
 *     CAST('0x...' AS INT64), DATE_DIFF(end, start, DAY), MOD, CONCAT;
 *   Snowflake: SHA2(msg, 256) returns hex VARCHAR, TO_NUMBER(expr, format)
 *     with the format element X for a hex digit, UPPER, SUBSTR,
 *     DATEDIFF(day, start, end), MOD, CONCAT;
 *   DuckDB: sha256 (hex text), substr, date_diff('day', start, end);
 *   PostgreSQL: sha256(bytea), convert_to, encode(.., 'hex'), lpad, substr.
 * The cap's percentile is written with ROW_NUMBER, COUNT(*) OVER () and
 * FLOOR (standard in all five) so that it interpolates as GSL does; the
 * engines' own PERCENTILE_CONT and quantile_cont interpolate as lo + d *
 * (hi - lo), which may differ in the last bit.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "test_helpers.h"

#include "liftkit/assign.h"
#include "liftkit/experiment.h"
#include "liftkit/sql.h"

static const char *const exp_text =
    "[experiment]\nname = spring\nsalt = o'k\\x\nunit = household_id\nstart = 2026-01-05\n"
    "window = 90\nproducts = heloc, card\nstratify = segment\n"
    "[arm:champion]\nrole = champion\nweight = 30\n"
    "[arm:new]\nrole = challenger\nweight = 30\n"
    "[arm:hold]\nrole = control\nweight = 10\n"
    "[lag]\nmail = 5\n[windows]\ndefault = 90\ncard = 60\n";

/* Functions every dialect has (SQL standard aggregates and expressions). */
static const char *const common[] = {"CAST", "COALESCE", "MAX", "MIN", "SUM", "COUNT",
                                     "ROW_NUMBER", "NULLIF", "MOD", "CONCAT", "FLOOR", NULL};
static const char *const documented[LK_SQL_DIALECT_COUNT][8] = {
    [LK_SQL_DUCKDB] = {"sha256", "substr", "date_diff", NULL},
    [LK_SQL_POSTGRES] = {"sha256", "convert_to", "encode", "lpad", "substr", "BIT", NULL},
    [LK_SQL_SPARK] = {"sha2", "conv", "substr", "datediff", NULL},
    [LK_SQL_BIGQUERY] = {"SHA256", "TO_HEX", "SUBSTR", "DATE_DIFF", NULL},
    [LK_SQL_SNOWFLAKE] = {"SHA2", "TO_NUMBER", "UPPER", "SUBSTR", "DATEDIFF", NULL},
};

static lk_experiment *load(const char *text)
{
    lk_experiment *exp = NULL;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&exp, "t.ini", text, &err), LK_OK);
    return exp;
}

/* Summaries with caps and CUPED moments, so that their functions are checked too. */
static char *text_of(lk_sql_kind kind, const lk_experiment *exp, lk_sql_dialect d)
{
    lk_sql_options opt;
    lk_sql_options_init(&opt);
    opt.dialect = d;
    opt.cap[LK_METRIC_BALANCE_TARGET] = (lk_cap_spec){LK_CAP_PERCENTILE, 99.9};
    opt.cap[LK_METRIC_BALANCE_ANY] = (lk_cap_spec){LK_CAP_AMOUNT, 25000};
    opt.covariate[LK_METRIC_BALANCE_TARGET] = "pre_balance";
    opt.moments = 1;
    opt.holdings = opt.balances = 1;
    opt.events = kind == LK_SQL_SUMMARY;
    char *sql = NULL;
    lk_error err;
    assert_int_equal(lk_sql_generate(&sql, kind, exp, &opt, &err), LK_OK);
    return sql;
}

static int listed(const char *const *list, const char *name)
{
    for (; *list; list++)
        if (!strcasecmp(*list, name))
            return 1;
    return 0;
}

/* Fail on any NAME( outside quotes that neither list holds. */
static void check_calls(const char *sql, lk_sql_dialect d)
{
    char name[64];
    for (const char *p = sql; *p; p++) {
        if (*p == '\'') {
            for (p++; *p && *p != '\''; p++)
                if (*p == '\\' && p[1])
                    p++;
            continue;
        }
        if (!(isalpha((unsigned char)*p) || *p == '_') ||
            (p > sql && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
            continue;
        size_t n = 0;
        while ((isalnum((unsigned char)p[n]) || p[n] == '_') && n + 1 < sizeof(name))
            n++;
        /* CAST(x AS DECIMAL(38, 6)): a type's precision, not a call */
        int type = p - sql >= 3 && !strncmp(p - 3, "AS ", 3);
        if (p[n] == '(' && !type) {
            memcpy(name, p, n);
            name[n] = 0;
            if (!listed(common, name) && !listed(documented[d], name))
                fail_msg("%s text calls %s(), not in its documented list",
                         lk_sql_dialect_name(d), name);
        }
        p += n - 1;
    }
}

static void test_every_text_calls_only_documented_functions(void **state)
{
    (void)state;
    lk_experiment *exp = load(exp_text);
    for (int d = 0; d < LK_SQL_DIALECT_COUNT; d++)
        for (int k = LK_SQL_ASSIGN; k <= LK_SQL_ROI; k++) {
            char *sql = text_of((lk_sql_kind)k, exp, (lk_sql_dialect)d);
            check_calls(sql, (lk_sql_dialect)d);
            assert_null(strchr(sql, ';'));
            assert_int_equal(strncmp(sql, "WITH ", 5), 0);
            free(sql);
        }
    lk_experiment_free(exp);
}

/*
 * window_from: a unit's window starts on its customers' earliest date (an
 * empty text is none), else on start; openings join in [ws, ws + window].
 */
static void test_window_from_starts_each_units_window(void **state)
{
    (void)state;
    static const char *const days[LK_SQL_DIALECT_COUNT] = {
        "date_diff('day', w.ws, o.open_date) BETWEEN 0 AND 90",
        "(o.open_date - w.ws) BETWEEN 0 AND 90", "datediff(o.open_date, w.ws) BETWEEN 0 AND 90",
        "DATE_DIFF(o.open_date, w.ws, DAY) BETWEEN 0 AND 90",
        "DATEDIFF(day, w.ws, o.open_date) BETWEEN 0 AND 90"};
    static const char *const text =
        "[experiment]\nname = spring\nunit = household_id\nstart = 2026-01-05\nwindow = 90\n"
        "products = heloc, card\nwindow_from = column:eligible_date\n"
        "[arm:champion]\nrole = champion\nweight = 30\n"
        "[arm:hold]\nrole = control\nweight = 10\n";
    lk_experiment *exp = load(text);
    for (int d = 0; d < LK_SQL_DIALECT_COUNT; d++)
        for (int k = LK_SQL_SUMMARY; k <= LK_SQL_ROI; k += LK_SQL_ROI - LK_SQL_SUMMARY) {
            lk_sql_options opt;
            lk_sql_options_init(&opt);
            opt.dialect = (lk_sql_dialect)d;
            char *sql = NULL;
            lk_error err;
            assert_int_equal(lk_sql_generate(&sql, (lk_sql_kind)k, exp, &opt, &err), LK_OK);
            check_calls(sql, (lk_sql_dialect)d);
            assert_non_null(strstr(sql, "CAST(NULLIF(CAST(eligible_date AS "));
            assert_non_null(strstr(sql, "SELECT unit_id, COALESCE(MIN(wd), DATE '2026-01-05') "
                                        "AS ws FROM a GROUP BY unit_id"));
            if (!strstr(sql, days[d]))
                fail_msg("%s: no '%s' in\n%s", lk_sql_dialect_name((lk_sql_dialect)d), days[d],
                         sql);
            free(sql);
        }
    lk_experiment_free(exp);
}

static void test_hash_is_spelled_per_dialect(void **state)
{
    (void)state;
    static const char *const hash[LK_SQL_DIALECT_COUNT] = {
        "CAST('0x' || substr(sha256(CONCAT('o''k\\x:', CAST(unit_id AS VARCHAR))), 1, 15) AS BIGINT)",
        "CAST(CAST('x' || lpad(substr(encode(sha256(convert_to(CONCAT('o''k\\x:', "
        "CAST(unit_id AS TEXT)), 'UTF8')), 'hex'), 1, 15), 16, '0') AS BIT(64)) AS BIGINT)",
        "CAST(conv(substr(sha2(CONCAT('o\\'k\\\\x:', CAST(unit_id AS STRING)), 256), 1, 15), "
        "16, 10) AS BIGINT)",
        "CAST(CONCAT('0x', SUBSTR(TO_HEX(SHA256(CONCAT('o\\'k\\\\x:', CAST(unit_id AS STRING)))), "
        "1, 15)) AS INT64)",
        "CAST(TO_NUMBER(UPPER(SUBSTR(SHA2(CONCAT('o''k\\\\x:', CAST(unit_id AS VARCHAR)), 256), "
        "1, 15)), 'XXXXXXXXXXXXXXX') AS BIGINT)",
    };
    lk_experiment *exp = load(exp_text);
    for (int d = 0; d < LK_SQL_DIALECT_COUNT; d++) {
        char *sql = text_of(LK_SQL_ASSIGN, exp, (lk_sql_dialect)d);
        if (!strstr(sql, hash[d]))
            fail_msg("%s: no '%s' in\n%s", lk_sql_dialect_name((lk_sql_dialect)d), hash[d], sql);
        free(sql);
    }
    lk_experiment_free(exp);
}

static void test_day_differences_per_dialect(void **state)
{
    (void)state;
    static const char *const days[LK_SQL_DIALECT_COUNT] = {
        "date_diff('day', o.offer_date, op.open_date)", "(op.open_date - o.offer_date)",
        "datediff(op.open_date, o.offer_date)", "DATE_DIFF(op.open_date, o.offer_date, DAY)",
        "DATEDIFF(day, o.offer_date, op.open_date)"};
    lk_experiment *exp = load(exp_text);
    for (int d = 0; d < LK_SQL_DIALECT_COUNT; d++) {
        char *sql = text_of(LK_SQL_ATTRIBUTE, exp, (lk_sql_dialect)d);
        assert_non_null(strstr(sql, days[d]));
        /* byte order for the offer_id tie only where the default may differ */
        assert_int_equal(strstr(sql, "COLLATE \"C\"") != NULL, d == LK_SQL_POSTGRES);
        assert_non_null(strstr(sql, "CASE channel WHEN 'mail' THEN 5 ELSE 0 END"));
        assert_non_null(strstr(sql, "CASE product WHEN 'card' THEN 60 ELSE 90 END"));
        free(sql);
    }
    lk_experiment_free(exp);
}

/* The deal's thresholds are written so that the engine reads liftkit's doubles. */
static void test_deal_thresholds_read_back_exactly(void **state)
{
    (void)state;
    lk_experiment *exp = load(exp_text);
    lk_assign_plan plan;
    lk_error err;
    assert_int_equal(lk_assign_plan_init(&plan, exp, &err), LK_OK);
    char *sql = text_of(LK_SQL_ASSIGN, exp, LK_SQL_BIGQUERY);
    const char *p = sql;
    for (size_t i = 0; i + 1 < plan.narms; i++) {
        p = strstr(p, "WHEN x < CAST('");
        assert_non_null(p);
        p += strlen("WHEN x < CAST('");
        assert_true(strtod(p, NULL) == plan.cum[i]);
    }
    assert_null(strstr(p, "WHEN x < "));
    assert_non_null(strstr(sql, "AS FLOAT64)"));
    free(sql);
    lk_assign_plan_release(&plan);
    lk_experiment_free(exp);
}

static void test_names_are_checked(void **state)
{
    (void)state;
    lk_sql_options opt;
    lk_sql_options_init(&opt);
    lk_error err;
    assert_int_equal(lk_sql_set_table(&opt, "assignments=crm.campaign_units", &err), LK_OK);
    assert_int_equal(lk_sql_set_table(&opt, "offers=`proj-1.crm.offers`", &err), LK_OK);
    assert_int_equal(lk_sql_set_table(&opt, "offers=x; DROP TABLE y", &err), LK_EUSAGE);
    assert_int_equal(lk_sql_set_table(&opt, "offers=a'b", &err), LK_EUSAGE);
    assert_int_equal(lk_sql_set_table(&opt, "accounts=x", &err), LK_EUSAGE);
    assert_string_equal(err.msg,
                        "unknown table 'accounts' (customers, assignments, offers, openings, "
                        "holdings, balances or events)");
    assert_int_equal(lk_sql_set_table(&opt, "customers", &err), LK_EUSAGE);
    assert_int_equal(lk_sql_set_column(&opt, "open_date=opened_on", &err), LK_OK);
    assert_int_equal(lk_sql_set_column(&opt, "open_date=", &err), LK_EUSAGE);
    lk_experiment *exp = load(exp_text);
    char *sql = NULL;
    assert_int_equal(lk_sql_generate(&sql, LK_SQL_SUMMARY, exp, &opt, &err), LK_OK);
    assert_non_null(strstr(sql, "FROM crm.campaign_units\n"));
    assert_non_null(strstr(sql, "WHERE opened_on >= DATE '2026-01-05' AND opened_on <= "
                                "DATE '2026-04-05'"));
    free(sql);
    lk_experiment_free(exp);
}

static void test_attribute_writes_last_and_first_only(void **state)
{
    (void)state;
    lk_experiment *exp = load(exp_text);
    lk_sql_options opt;
    lk_sql_options_init(&opt);
    opt.rule_set = 1;
    opt.rule = LK_ATTR_LINEAR;
    char *sql = NULL;
    lk_error err;
    assert_int_equal(lk_sql_generate(&sql, LK_SQL_ATTRIBUTE, exp, &opt, &err), LK_EUSAGE);
    assert_null(sql);
    opt.rule = LK_ATTR_FIRST;
    assert_int_equal(lk_sql_generate(&sql, LK_SQL_ATTRIBUTE, exp, &opt, &err), LK_OK);
    assert_non_null(strstr(sql, "ORDER BY direct DESC, offer_date ASC, offer_id ASC"));
    free(sql);
    lk_experiment_free(exp);
}

static void test_caps_and_moments_per_dialect(void **state)
{
    (void)state;
    /* h = (m - 1) * 0.999 over the m nonzero values; GSL's (1 - delta) * x[lo]
       + delta * x[lo + 1]; the last value alone when there is no next */
    static const char *const pct[] = {
        "SELECT y, ROW_NUMBER() OVER (ORDER BY y) - 1 AS r, h, FLOOR(h) AS lo\n",
        " - 1 AS %s) * CAST('0.99900000000000011' AS %s) AS h\n"
        "        FROM u0 WHERE balance_target <> 0) t2\n",
        "SELECT COALESCE((1 - MAX(h - lo)) * MAX(CASE WHEN r = lo THEN y END)\n"
        "                  + MAX(h - lo) * MAX(CASE WHEN r = lo + 1 THEN y END),\n"
        "                  MAX(CASE WHEN r = lo THEN y END)) AS cap2\n  FROM q2\n",
        "caps AS (\n  SELECT * FROM k2 CROSS JOIN k3\n)"};
    lk_experiment *exp = load(exp_text);
    for (int d = 0; d < LK_SQL_DIALECT_COUNT; d++) {
        char *sql = text_of(LK_SQL_SUMMARY, exp, (lk_sql_dialect)d);
        for (size_t i = 0; i < sizeof(pct) / sizeof(pct[0]); i++) {
            char want[512];
            const char *dbl = d == LK_SQL_POSTGRES ? "DOUBLE PRECISION"
                            : d == LK_SQL_BIGQUERY ? "FLOAT64" : "DOUBLE";
            snprintf(want, sizeof(want), pct[i], dbl, dbl);
            if (!strstr(sql, want))
                fail_msg("%s: no '%s' in\n%s", lk_sql_dialect_name((lk_sql_dialect)d), want, sql);
        }
        /* values are exact decimals; the percentile cap joins them rounded to their places */
        static const char *const amount[] = {"DECIMAL(38, 6)", "NUMERIC(38, 6)", "DECIMAL(18, 6)",
                                             "BIGNUMERIC", "NUMBER(18, 6)"};
        char want[512];
        snprintf(want, sizeof(want), "CASE WHEN caps.cap2 IS NOT NULL AND u0.balance_target > "
                 "caps.cap2 THEN CAST(caps.cap2 AS %s) ELSE CAST(u0.balance_target AS %s) END",
                 amount[d], amount[d]);
        if (!strstr(sql, want))
            fail_msg("%s: no '%s' in\n%s", lk_sql_dialect_name((lk_sql_dialect)d), want, sql);
        snprintf(want, sizeof(want), "CAST(%s AS %s) AS balance", "balance", amount[d]);
        assert_non_null(strstr(sql, want));
        snprintf(want, sizeof(want), "SELECT CAST('25000' AS %s) AS cap3", amount[d]);
        assert_non_null(strstr(sql, want));
        assert_non_null(strstr(sql, " AS cap3\n"));
        assert_non_null(strstr(sql, "COALESCE(SUM(c2), 0) AS x2"));
        assert_non_null(strstr(sql, "'household_id' AS unit, s.sx AS sum_x, s.sxx AS sum_x2, "
                                    "s.sxy AS sum_xy"));
        assert_null(strstr(sql, "cap0"));
        free(sql);
    }
    lk_experiment_free(exp);
}

static void test_summary_by_segment_groups_and_orders_by_it(void **state)
{
    (void)state;
    lk_experiment *exp = load(exp_text);
    lk_sql_options opt;
    lk_sql_options_init(&opt);
    opt.dialect = LK_SQL_POSTGRES;
    opt.by[0] = "segment";
    opt.nby = 1;
    char *sql = NULL;
    lk_error err;
    assert_int_equal(lk_sql_generate(&sql, LK_SQL_SUMMARY, exp, &opt, &err), LK_OK);
    assert_non_null(strstr(sql, "COALESCE(CAST(segment AS TEXT), '') AS g0"));
    assert_non_null(strstr(sql, "MIN(a.g0 COLLATE \"C\") AS g0,"));
    assert_non_null(strstr(sql, "FROM v GROUP BY arm, mo, g0\n"));
    assert_non_null(strstr(sql, ", NULLIF(segs.g0, '') AS segment\n"
                                "FROM segs CROSS JOIN arms CROSS JOIN metrics\n"));
    assert_non_null(strstr(sql, "ORDER BY segs.g0 COLLATE \"C\", metrics.mo, arms.ao\n"));
    free(sql);
    /* lift --by --write-summary: the unit, no covariate sums */
    opt.moments = 1;
    opt.covariate[LK_METRIC_BALANCE_TARGET] = "pre_balance";
    assert_int_equal(lk_sql_generate(&sql, LK_SQL_SUMMARY, exp, &opt, &err), LK_OK);
    assert_non_null(strstr(sql, "'household_id' AS unit, NULLIF(segs.g0, '') AS segment\n"));
    assert_null(strstr(sql, "pre_balance"));
    free(sql);
    opt.nby = 0;
    opt.covariate[LK_METRIC_BALANCE_TARGET] = "pre balance";
    assert_int_equal(lk_sql_generate(&sql, LK_SQL_SUMMARY, exp, &opt, &err), LK_EUSAGE);
    opt.nby = 1;
    opt.by[0] = "seg; DROP TABLE x";
    assert_int_equal(lk_sql_generate(&sql, LK_SQL_SUMMARY, exp, &opt, &err), LK_EUSAGE);
    lk_experiment_free(exp);
}

static void test_roi_summary_values_and_costs(void **state)
{
    (void)state;
    lk_experiment *exp = load("[experiment]\nname = spring\nunit = household_id\n"
                              "start = 2026-01-05\nwindow = 90\nproducts = heloc\n"
                              "[arm:a]\nrole = champion\nweight = 1\n"
                              "[arm:h]\nrole = control\nweight = 1\n"
                              "[value]\nheloc = 400\ndefault = 10\n[cost]\nmail = 0.65\n");
    char *sql = text_of(LK_SQL_ROI, exp, LK_SQL_BIGQUERY);
    /* an offer's own cost first, else its channel's; no default: NULL */
    assert_non_null(strstr(sql, "SUM(COALESCE(CAST(cost AS FLOAT64), CASE channel WHEN 'mail' "
                                "THEN CAST('0.65000000000000002' AS FLOAT64) ELSE "
                                "CAST(NULL AS FLOAT64) END)) AS cost"));
    /* a unit without openings is worth 0, a product not listed the default */
    assert_non_null(strstr(sql, "SUM(CASE WHEN o.customer_id IS NULL THEN 0 ELSE COALESCE(CASE "
                                "o.product WHEN 'heloc' THEN CAST('400' AS FLOAT64) ELSE "
                                "CAST('10' AS FLOAT64) END, 0) END) AS value"));
    assert_non_null(strstr(sql, "MAX(CASE WHEN o.product IN ('heloc') THEN 1 ELSE 0 END)"));
    assert_non_null(strstr(sql, "'household_id' AS unit\n"));
    assert_non_null(strstr(sql, "ORDER BY arms.ao, v.value\n"));
    free(sql);
    lk_experiment_free(exp);
}

/*
 * --events: the names of the table and of [guardrails] (quoted as
 * literals), each unit's events in its own window (per dialect's day
 * difference) and not after --as-of, rows after the metrics' in byte order
 * of the names.
 */
static void test_summary_events_per_dialect(void **state)
{
    (void)state;
    static const char *const days[LK_SQL_DIALECT_COUNT] = {
        "date_diff('day', w.ws, e.event_date) BETWEEN 0 AND 90",
        "(e.event_date - w.ws) BETWEEN 0 AND 90", "datediff(e.event_date, w.ws) BETWEEN 0 AND 90",
        "DATE_DIFF(e.event_date, w.ws, DAY) BETWEEN 0 AND 90",
        "DATEDIFF(day, w.ws, e.event_date) BETWEEN 0 AND 90"};
    static const char *const quoted[LK_SQL_DIALECT_COUNT] = {
        "UNION ALL SELECT 'it''s'", "UNION ALL SELECT 'it''s'", "UNION ALL SELECT 'it\\'s'",
        "UNION ALL SELECT 'it\\'s'", "UNION ALL SELECT 'it''s'"};
    lk_experiment *exp = load("[experiment]\nname = spring\nunit = household_id\n"
                              "start = 2026-01-05\nwindow = 90\nproducts = heloc\n"
                              "window_from = column:eligible_date\n"
                              "[arm:a]\nrole = champion\nweight = 1\n"
                              "[arm:h]\nrole = control\nweight = 1\n"
                              "[guardrails]\nopt_out = 0.002\nit's = 0.01\n");
    for (int d = 0; d < LK_SQL_DIALECT_COUNT; d++) {
        lk_sql_options opt;
        lk_sql_options_init(&opt);
        opt.dialect = (lk_sql_dialect)d;
        opt.moments = opt.events = 1;
        opt.has_as_of = 1;
        opt.as_of = exp->start + 30;
        lk_error err;
        assert_int_equal(lk_sql_set_table(&opt, "events=crm.opt_outs", &err), LK_OK);
        assert_int_equal(lk_sql_set_column(&opt, "event_date=happened_on", &err), LK_OK);
        char *sql = NULL;
        assert_int_equal(lk_sql_generate(&sql, LK_SQL_SUMMARY, exp, &opt, &err), LK_OK);
        check_calls(sql, (lk_sql_dialect)d);
        const char *want[] = {days[d], quoted[d], "UNION ALL SELECT 'opt_out'",
                              "happened_on AS event_date\n          FROM crm.opt_outs) e",
                              "AND e.event_date <= DATE '2026-02-04'",
                              "WHERE event IS NOT NULL AND event <> ''",
                              "SELECT r.arm, r.metric, r.n, r.sum, r.sumsq, r.unit, r.sum_x, "
                              "r.sum_x2, r.sum_xy FROM (\n",
                              "CONCAT('event_', en.event) AS metric",
                              d == LK_SQL_POSTGRES ? "ORDER BY r.ek, r.ename COLLATE \"C\", r.mo, r.ao\n"
                                                   : "ORDER BY r.ek, r.ename, r.mo, r.ao\n"};
        for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++)
            if (!strstr(sql, want[i]))
                fail_msg("%s: no '%s' in\n%s", lk_sql_dialect_name((lk_sql_dialect)d), want[i],
                         sql);
        free(sql);
        opt.by[0] = "segment";
        opt.nby = 1;
        assert_int_equal(lk_sql_generate(&sql, LK_SQL_SUMMARY, exp, &opt, &err), LK_EUSAGE);
    }
    lk_experiment_free(exp);
}

/* roi --by: a unit's segment is the smallest of its customers' values; rows per segment. */
static void test_roi_by_segment_per_dialect(void **state)
{
    (void)state;
    lk_experiment *exp = load(exp_text);
    for (int d = 0; d < LK_SQL_DIALECT_COUNT; d++) {
        lk_sql_options opt;
        lk_sql_options_init(&opt);
        opt.dialect = (lk_sql_dialect)d;
        opt.by[0] = "segment";
        opt.by[1] = "region";
        opt.nby = 2;
        char *sql = NULL;
        lk_error err;
        assert_int_equal(lk_sql_generate(&sql, LK_SQL_ROI, exp, &opt, &err), LK_OK);
        check_calls(sql, (lk_sql_dialect)d);
        const char *c = d == LK_SQL_POSTGRES ? " COLLATE \"C\"" : "";
        char want[4][160];
        snprintf(want[0], sizeof(want[0]), "COALESCE(CAST(segment AS %s), '') AS g0",
                 d == LK_SQL_POSTGRES ? "TEXT" : d == LK_SQL_SPARK || d == LK_SQL_BIGQUERY
                                                      ? "STRING" : "VARCHAR");
        snprintf(want[1], sizeof(want[1]), "SELECT a.unit_id, a.arm, MIN(a.g0%s) AS g0, "
                                           "MIN(a.g1%s) AS g1,", c, c);
        snprintf(want[2], sizeof(want[2]), "AS unit, NULLIF(v.g0, '') AS segment, "
                                           "NULLIF(v.g1, '') AS region\n");
        snprintf(want[3], sizeof(want[3]), "GROUP BY arms.ao, v.arm, v.value, v.g0, v.g1\n"
                                           "ORDER BY v.g0%s, v.g1%s, arms.ao, v.value\n", c, c);
        for (int i = 0; i < 4; i++)
            if (!strstr(sql, want[i]))
                fail_msg("%s: no '%s' in\n%s", lk_sql_dialect_name((lk_sql_dialect)d), want[i],
                         sql);
        free(sql);
        opt.by[1] = "region; DROP TABLE x";
        assert_int_equal(lk_sql_generate(&sql, LK_SQL_ROI, exp, &opt, &err), LK_EUSAGE);
    }
    lk_experiment_free(exp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_text_calls_only_documented_functions),
        cmocka_unit_test(test_window_from_starts_each_units_window),
        cmocka_unit_test(test_hash_is_spelled_per_dialect),
        cmocka_unit_test(test_day_differences_per_dialect),
        cmocka_unit_test(test_deal_thresholds_read_back_exactly),
        cmocka_unit_test(test_names_are_checked),
        cmocka_unit_test(test_attribute_writes_last_and_first_only),
        cmocka_unit_test(test_caps_and_moments_per_dialect),
        cmocka_unit_test(test_summary_by_segment_groups_and_orders_by_it),
        cmocka_unit_test(test_roi_summary_values_and_costs),
        cmocka_unit_test(test_summary_events_per_dialect),
        cmocka_unit_test(test_roi_by_segment_per_dialect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
