/*
 * sql.c - the SQL generator's entry point and what its three texts share:
 * options (table and column renames, checked to be plain names), literals
 * quoted per dialect, and the expressions engines spell differently.
 *
 * What stays true: no text from the options or the experiment file reaches
 * the SQL except as a checked name or a quoted literal, and every number
 * that decides an arm is written so the engine reads the very double
 * liftkit computed.
 */
#include <stdlib.h>
#include <string.h>

#include "liftkit/date.h"
#include "liftkit/sql.h"

#include "warehouse/sql_int.h"

static const char *const dialect_names[LK_SQL_DIALECT_COUNT] = {
    "duckdb", "postgres", "spark", "bigquery", "snowflake"};
static const char *const table_names[LK_SQL_TABLE_COUNT] = {
    "customers", "assignments", "offers", "openings", "holdings", "balances", "events"};

void lk_sql_options_init(lk_sql_options *opt)
{
    memset(opt, 0, sizeof(*opt));
    opt->dialect = LK_SQL_DUCKDB;
}

const char *lk_sql_dialect_name(lk_sql_dialect d)
{
    return d < LK_SQL_DIALECT_COUNT ? dialect_names[d] : "?";
}

int lk_sql_dialect_from_name(const char *name)
{
    for (int i = 0; i < LK_SQL_DIALECT_COUNT; i++)
        if (!strcmp(name, dialect_names[i]))
            return i;
    return -1;
}

const char *lk_sql_table_name(lk_sql_table t)
{
    return t < LK_SQL_TABLE_COUNT ? table_names[t] : "?";
}

int lk_sql_table_from_name(const char *name)
{
    for (int i = 0; i < LK_SQL_TABLE_COUNT; i++)
        if (!strcmp(name, table_names[i]))
            return i;
    return -1;
}

int sql_name_ok(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr("_$.-\"`", *s)))
            return 0;
    return 1;
}

/* Split "NAME=VALUE" into its parts (name copied into buf); NULL if malformed. */
static const char *split(const char *a, char *buf, size_t len, const char *what,
                         lk_error *err)
{
    const char *eq = strchr(a, '=');
    if (!eq || eq == a || (size_t)(eq - a) >= len || !eq[1]) {
        lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "%s '%s' is not NAME=VALUE", what, a);
        return NULL;
    }
    memcpy(buf, a, (size_t)(eq - a));
    buf[eq - a] = 0;
    if (!sql_name_ok(eq + 1)) {
        lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                     "%s '%s': '%s' is not a name (letters, digits, _ $ . - and quotes)",
                     what, a, eq + 1);
        return NULL;
    }
    return eq + 1;
}

int lk_sql_set_table(lk_sql_options *opt, const char *a, lk_error *err)
{
    char name[64];
    const char *value = split(a, name, sizeof(name), "table", err);
    if (!value)
        return LK_EUSAGE;
    int t = lk_sql_table_from_name(name);
    if (t < 0)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "unknown table '%s' (customers, assignments, offers, openings, "
                            "holdings, balances or events)",
                            name);
    opt->table[t] = value;
    return LK_OK;
}

int lk_sql_set_column(lk_sql_options *opt, const char *a, lk_error *err)
{
    char name[64];
    const char *value = split(a, name, sizeof(name), "column", err);
    if (!value)
        return LK_EUSAGE;
    if (opt->ncolumns == LK_SQL_MAX_NAMES)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "more than %d column renames",
                            LK_SQL_MAX_NAMES);
    opt->column_from[opt->ncolumns] = a;
    opt->column_to[opt->ncolumns++] = value;
    return LK_OK;
}

const char *sql_table(const lk_sql_options *opt, lk_sql_table t)
{
    return opt->table[t] ? opt->table[t] : table_names[t];
}

const char *sql_col(const lk_sql_options *opt, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = opt->ncolumns; i-- > 0;)
        if (!strncmp(opt->column_from[i], name, n) && opt->column_from[i][n] == '=')
            return opt->column_to[i];
    return name;
}

void sql_lit(FILE *f, lk_sql_dialect d, const char *s)
{
    /* Spark, BigQuery and Snowflake read a backslash in a literal as an escape */
    int backslash = d == LK_SQL_SPARK || d == LK_SQL_BIGQUERY || d == LK_SQL_SNOWFLAKE;
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputs(d == LK_SQL_SPARK || d == LK_SQL_BIGQUERY ? "\\'" : "''", f);
        else if (*s == '\\' && backslash)
            fputs("\\\\", f);
        else
            fputc(*s, f);
    }
    fputc('\'', f);
}

void sql_date(FILE *f, int32_t day)
{
    char buf[16];
    lk_date_format(day, buf);
    fprintf(f, "DATE '%s'", buf);
}

const char *sql_double_type(lk_sql_dialect d)
{
    return d == LK_SQL_POSTGRES ? "DOUBLE PRECISION" : d == LK_SQL_BIGQUERY ? "FLOAT64" : "DOUBLE";
}

/*
 * Amounts (balances, covariates, every metric's values) as exact decimals
 * of 6 places, wide enough that a product of two (scale 12) and the sums
 * of products stay exact in each engine: DuckDB keeps a DECIMAL(18, s)
 * product in 18 digits and fails, so it gets 38; Spark and Snowflake give
 * a product of two 18-digit decimals 36 or 37 digits and scale 12, and
 * their sums 38 (a 38-digit operand would make Spark round the product to
 * 6 places); BigQuery's NUMERIC keeps 9 places, BIGNUMERIC 38.
 */
const char *sql_amount_type(lk_sql_dialect d)
{
    switch (d) {
    case LK_SQL_DUCKDB: return "DECIMAL(38, 6)";
    case LK_SQL_POSTGRES: return "NUMERIC(38, 6)";
    case LK_SQL_BIGQUERY: return "BIGNUMERIC";
    case LK_SQL_SNOWFLAKE: return "NUMBER(18, 6)";
    default: return "DECIMAL(18, 6)";
    }
}

void sql_amount(FILE *f, lk_sql_dialect d, double v)
{
    fprintf(f, "CAST('%.17g' AS %s)", v, sql_amount_type(d));
}

const char *sql_string_type(lk_sql_dialect d)
{
    switch (d) {
    case LK_SQL_POSTGRES: return "TEXT";
    case LK_SQL_SPARK:
    case LK_SQL_BIGQUERY: return "STRING";
    default: return "VARCHAR";
    }
}

const char *sql_bytes_order(lk_sql_dialect d)
{
    return d == LK_SQL_POSTGRES ? " COLLATE \"C\"" : "";
}

void sql_double(FILE *f, lk_sql_dialect d, double v)
{
    /* %.17g reads back as the same double; engines parse such text exactly */
    fprintf(f, "CAST('%.17g' AS %s)", v, sql_double_type(d));
}

/* salt ":" || CAST(expr AS text), as the dialect concatenates */
static void hash_input(FILE *f, lk_sql_dialect d, const char *salt, const char *expr)
{
    size_t n = strlen(salt);
    char *prefix = malloc(n + 2);
    if (!prefix)
        return; /* the memstream's own failure is reported by the caller */
    memcpy(prefix, salt, n);
    memcpy(prefix + n, ":", 2);
    fputs("CONCAT(", f);
    sql_lit(f, d, prefix);
    fprintf(f, ", CAST(%s AS %s))", expr, sql_string_type(d));
    free(prefix);
}

void sql_hash_u(FILE *f, lk_sql_dialect d, const char *salt, const char *expr)
{
    switch (d) {
    case LK_SQL_DUCKDB:
        fputs("CAST('0x' || substr(sha256(", f);
        hash_input(f, d, salt, expr);
        fputs("), 1, 15) AS BIGINT)", f);
        break;
    case LK_SQL_POSTGRES:
        fputs("CAST(CAST('x' || lpad(substr(encode(sha256(convert_to(", f);
        hash_input(f, d, salt, expr);
        fputs(", 'UTF8')), 'hex'), 1, 15), 16, '0') AS BIT(64)) AS BIGINT)", f);
        break;
    case LK_SQL_SPARK:
        fputs("CAST(conv(substr(sha2(", f);
        hash_input(f, d, salt, expr);
        fputs(", 256), 1, 15), 16, 10) AS BIGINT)", f);
        break;
    case LK_SQL_BIGQUERY:
        fputs("CAST(CONCAT('0x', SUBSTR(TO_HEX(SHA256(", f);
        hash_input(f, d, salt, expr);
        fputs(")), 1, 15)) AS INT64)", f);
        break;
    default:
        fputs("CAST(TO_NUMBER(UPPER(SUBSTR(SHA2(", f);
        hash_input(f, d, salt, expr);
        fputs(", 256), 1, 15)), 'XXXXXXXXXXXXXXX') AS BIGINT)", f);
        break;
    }
}

void sql_days(FILE *f, lk_sql_dialect d, const char *later, const char *earlier)
{
    switch (d) {
    case LK_SQL_DUCKDB: fprintf(f, "date_diff('day', %s, %s)", earlier, later); break;
    case LK_SQL_POSTGRES: fprintf(f, "(%s - %s)", later, earlier); break;
    case LK_SQL_SPARK: fprintf(f, "datediff(%s, %s)", later, earlier); break;
    case LK_SQL_BIGQUERY: fprintf(f, "DATE_DIFF(%s, %s, DAY)", later, earlier); break;
    default: fprintf(f, "DATEDIFF(day, %s, %s)", earlier, later); break;
    }
}

int32_t sql_last_day(const lk_experiment *exp, const lk_sql_options *opt)
{
    int32_t last = exp->start + exp->window;
    return opt->has_as_of && opt->as_of < last ? opt->as_of : last;
}

void sql_is_target(FILE *f, const lk_experiment *exp, lk_sql_dialect d, const char *expr)
{
    if (!exp->nproducts) {
        fputs("1 = 0", f);
        return;
    }
    fprintf(f, "%s IN (", expr);
    for (size_t i = 0; i < exp->nproducts; i++) {
        if (i)
            fputs(", ", f);
        sql_lit(f, d, exp->products[i]);
    }
    fputc(')', f);
}

void sql_arms_cte(FILE *f, lk_sql_dialect d, const lk_experiment *exp)
{
    fputs("arms AS (\n", f);
    for (size_t i = 0; i < exp->narms; i++) {
        fputs(i ? "  UNION ALL SELECT " : "  SELECT ", f);
        sql_lit(f, d, exp->arms[i].name);
        fputs(" AS arm, ", f);
        sql_lit(f, d, lk_role_name(exp->arms[i].role));
        fprintf(f, " AS role, %zu AS ao\n", i);
    }
    fputs(")", f);
}

int lk_sql_generate(char **out, lk_sql_kind kind, const lk_experiment *exp,
                    const lk_sql_options *opt, lk_error *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return lk_error_nomem(err);
    int rc;
    switch (kind) {
    case LK_SQL_ASSIGN: rc = sql_assign(f, exp, opt, err); break;
    case LK_SQL_SUMMARY: rc = sql_summary(f, exp, opt, err); break;
    case LK_SQL_ROI: rc = sql_roi(f, exp, opt, err); break;
    default: rc = sql_attribute(f, exp, opt, err); break;
    }
    int bad = ferror(f);
    if (fclose(f) || bad) {
        free(buf);
        return rc ? rc : lk_error_nomem(err);
    }
    if (rc) {
        free(buf);
        return rc;
    }
    *out = buf;
    return LK_OK;
}

void sql_window_date(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    if (exp->window_from)
        fprintf(f, ", CAST(NULLIF(CAST(%s AS %s), '') AS DATE) AS wd",
                sql_col(opt, exp->window_from), sql_string_type(opt->dialect));
}

void sql_assignments_open(FILE *f, const lk_sql_options *opt)
{
    fprintf(f, ",\na AS (\n  SELECT %s AS customer_id, %s AS unit_id, %s AS arm",
            sql_col(opt, "customer_id"), sql_col(opt, "unit_id"), sql_col(opt, "arm"));
}

void sql_assignments_close(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    for (size_t g = 0; g < opt->nby; g++)
        fprintf(f, ", COALESCE(CAST(%s AS %s), '') AS g%zu", sql_col(opt, opt->by[g]),
                sql_string_type(opt->dialect), g);
    sql_window_date(f, exp, opt);
    fprintf(f, "\n  FROM %s\n  WHERE %s = ", sql_table(opt, LK_SQL_ASSIGNMENTS),
            sql_col(opt, "experiment"));
    sql_lit(f, opt->dialect, exp->name);
}

void sql_openings_from(FILE *f, const lk_experiment *exp, const lk_sql_options *opt,
                       const char *balance_type)
{
    const char *open_date = sql_col(opt, "open_date");
    fprintf(f, "\n),\no AS (\n  SELECT %s AS customer_id, %s AS product, %s AS open_date, "
               "CAST(%s AS %s) AS balance\n  FROM %s\n  WHERE ",
            sql_col(opt, "customer_id"), sql_col(opt, "product"), open_date,
            sql_col(opt, "balance"), balance_type, sql_table(opt, LK_SQL_OPENINGS));
    if (!exp->window_from) {
        fprintf(f, "%s >= ", open_date);
        sql_date(f, exp->start);
        fprintf(f, " AND %s <= ", open_date);
        sql_date(f, sql_last_day(exp, opt));
    } else if (opt->has_as_of) {
        fprintf(f, "%s <= ", open_date);
        sql_date(f, opt->as_of);
    } else {
        fputs("1 = 1", f);
    }
    fputs("\n)", f);
    if (!exp->window_from)
        return;
    fputs(",\nw AS (\n  SELECT unit_id, COALESCE(MIN(wd), ", f);
    sql_date(f, exp->start);
    fputs(") AS ws FROM a GROUP BY unit_id\n)", f);
}

void sql_openings_join(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    if (!exp->window_from) {
        fputs("  FROM a LEFT JOIN o ON o.customer_id = a.customer_id\n", f);
        return;
    }
    fputs("  FROM a JOIN w ON w.unit_id = a.unit_id\n"
          "    LEFT JOIN o ON o.customer_id = a.customer_id AND ", f);
    sql_days(f, opt->dialect, "o.open_date", "w.ws");
    fprintf(f, " BETWEEN 0 AND %d\n", exp->window);
}
