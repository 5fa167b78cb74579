/*
 * sql_assign.c - assignments.csv as one SELECT (docs/methods.md,
 * "Assignment"): the hash recipe row by row, or, when the experiment
 * stratifies, the systematic deal of lk_assign_deal with window functions.
 *
 * What stays true: the arm is decided by the same integers (u, bucket,
 * boundaries B_i) or the same double-precision operations ((j + r) / n
 * against (w1+..+wi) / W) as in src/assign/assign.c, so the engine's
 * result equals 'liftkit assign' row for row.  A unit's stratum is the
 * smallest of its customers' values (byte order): liftkit takes the first
 * row's, which is the same whenever a unit's customers agree.
 */
#include <string.h>

#include "liftkit/assign.h"
#include "liftkit/sql.h"

#include "warehouse/sql_int.h"

/* ", c.kI AS name" for every carried column (prefix is the row source). */
static void carried_out(FILE *f, const lk_sql_options *opt, const char *from)
{
    for (size_t i = 0; i < opt->ncarry; i++)
        fprintf(f, ", %s.k%zu AS %s", from, i, opt->carry[i]);
}

/* The customers CTE c: customer_id, unit_id, stratum_src (stratified), k0.. */
static void customers_cte(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    fprintf(f, "c AS (\n  SELECT %s AS customer_id, %s AS unit_id",
            sql_col(opt, "customer_id"), sql_col(opt, exp->unit));
    if (exp->stratify)
        fprintf(f, ",\n         COALESCE(CAST(%s AS %s), '') AS stratum_src",
                sql_col(opt, exp->stratify), sql_string_type(d));
    for (size_t i = 0; i < opt->ncarry; i++)
        fprintf(f, ", %s AS k%zu", sql_col(opt, opt->carry[i]), i);
    fprintf(f, "\n  FROM %s\n)", sql_table(opt, LK_SQL_CUSTOMERS));
}

/* CASE over the buckets: the first arm i with bucket < B_i. */
static void bucket_case(FILE *f, const lk_assign_plan *plan)
{
    fputs("CASE", f);
    for (size_t i = 0; i + 1 < plan->narms; i++)
        fprintf(f, " WHEN bucket < %u THEN %zu", plan->bound[i], i);
    fprintf(f, " ELSE %zu END", plan->narms - 1);
}

/* CASE over the deal: the first arm i with x < (w1+..+wi) / W. */
static void deal_case(FILE *f, lk_sql_dialect d, const lk_assign_plan *plan)
{
    fputs("CASE", f);
    for (size_t i = 0; i + 1 < plan->narms; i++) {
        fputs(" WHEN x < ", f);
        sql_double(f, d, plan->cum[i]);
        fprintf(f, " THEN %zu", i);
    }
    fprintf(f, " ELSE %zu END", plan->narms - 1);
}

static void select_out(FILE *f, const lk_experiment *exp, const lk_sql_options *opt,
                       const char *stratum)
{
    fputs("SELECT c.customer_id, c.unit_id, ", f);
    sql_lit(f, opt->dialect, exp->name);
    fprintf(f, " AS experiment, arms.arm, arms.role, p.bucket, %s AS stratum", stratum);
    carried_out(f, opt, "c");
    fputc('\n', f);
}

static void hash_method(FILE *f, const lk_experiment *exp, const lk_sql_options *opt,
                        const lk_assign_plan *plan)
{
    lk_sql_dialect d = opt->dialect;
    fputs(",\np AS (\n  SELECT unit_id, bucket, ", f);
    bucket_case(f, plan);
    fputs(" AS ao\n  FROM (SELECT DISTINCT unit_id, MOD(", f);
    sql_hash_u(f, d, exp->salt, "unit_id");
    fputs(", 10000) AS bucket FROM c) h\n)\n", f);
    char null_text[32];
    snprintf(null_text, sizeof(null_text), "CAST(NULL AS %s)", sql_string_type(d));
    select_out(f, exp, opt, null_text);
}

static void strata_ctes(FILE *f, const lk_experiment *exp, const lk_sql_options *opt)
{
    lk_sql_dialect d = opt->dialect;
    const char *bytes = sql_bytes_order(d);
    fprintf(f, ",\nunits AS (\n  SELECT unit_id, MIN(stratum_src%s) AS stratum, ", bytes);
    sql_hash_u(f, d, exp->salt, "unit_id");
    fputs(" AS u\n  FROM c GROUP BY unit_id\n),\nstarts AS (\n  SELECT stratum, CAST(", f);
    sql_hash_u(f, d, exp->salt, "stratum");
    fprintf(f, " AS %s) / ", sql_double_type(d));
    sql_double(f, d, 0x1p60);
    fputs(" AS r\n  FROM (SELECT DISTINCT stratum FROM units) s\n),\n", f);
    fprintf(f, "ranked AS (\n  SELECT unit_id, stratum, u,\n"
               "         ROW_NUMBER() OVER (PARTITION BY stratum ORDER BY u, unit_id%s) - 1 AS j,\n"
               "         COUNT(*) OVER (PARTITION BY stratum) AS n\n  FROM units\n)",
            bytes);
}

static void stratified_method(FILE *f, const lk_experiment *exp, const lk_sql_options *opt,
                              const lk_assign_plan *plan)
{
    lk_sql_dialect d = opt->dialect;
    const char *dbl = sql_double_type(d);
    strata_ctes(f, exp, opt);
    fprintf(f, ",\ndealt AS (\n  SELECT ranked.unit_id, ranked.stratum, MOD(ranked.u, 10000) AS bucket,\n"
               "         (CAST(ranked.j AS %s) + starts.r) / CAST(ranked.n AS %s) AS x\n"
               "  FROM ranked JOIN starts ON starts.stratum = ranked.stratum\n),\n",
            dbl, dbl);
    fputs("p AS (\n  SELECT unit_id, stratum, bucket, ", f);
    deal_case(f, d, plan);
    fputs(" AS ao FROM dealt\n)\n", f);
    select_out(f, exp, opt, "NULLIF(p.stratum, '')");
}

int sql_assign(FILE *f, const lk_experiment *exp, const lk_sql_options *opt, lk_error *err)
{
    for (size_t i = 0; i < opt->ncarry; i++)
        if (!sql_name_ok(opt->carry[i]))
            return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                                "carried column '%s' is not a name", opt->carry[i]);
    lk_assign_plan plan;
    int rc = lk_assign_plan_init(&plan, exp, err);
    if (rc)
        return rc;
    fputs("WITH ", f);
    sql_arms_cte(f, opt->dialect, exp);
    fputs(",\n", f);
    customers_cte(f, exp, opt);
    if (exp->stratify)
        stratified_method(f, exp, opt, &plan);
    else
        hash_method(f, exp, opt, &plan);
    fputs("FROM c JOIN p ON p.unit_id = c.unit_id JOIN arms ON arms.ao = p.ao\n", f);
    lk_assign_plan_release(&plan);
    return LK_OK;
}
