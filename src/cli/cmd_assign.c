/*
 * cmd_assign.c - 'liftkit assign': split a customer list into arms.
 *
 * Parses options, runs lk_assign_csv, prints the summary to stderr and
 * writes it with --summary.  Outputs are all-or-nothing: assignments,
 * summary and rejects are committed together only when the run succeeds.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/assign.h"
#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/stats.h"

#include "cli.h"
#include "options.h"

static const cli_doc doc = {
    .name = "assign",
    .usage = "usage: liftkit assign -e EXP [-o FILE] [--summary FILE] [--rejects FILE] [-q]\n"
             "                      CUSTOMERS.csv\n",
    .purpose = "Assign customers to arms by salted hash (reproducible in SQL).",
    .description =
        "Every customer gets an arm of the experiment; the output is assignments.csv:\n"
        "customer_id, unit_id, experiment, arm, role, bucket, stratum, then the customer\n"
        "file's other columns in their order.  CUSTOMERS.csv needs customer_id and the\n"
        "experiment's unit column (and its stratify column, if set); '-' reads stdin.\n"
        "\n"
        "Method hash (default): bucket = first 15 hex digits of SHA-256(salt \":\" unit_id)\n"
        "read as an integer, mod 10000; arm = the first i (file order) with\n"
        "bucket < floor(10000 * (w1+..+wi) / W + 0.5).  Every customer of a unit gets\n"
        "the unit's arm.  Streams the file in constant memory when customer ids are\n"
        "sorted (otherwise it keeps every id to catch duplicates).\n"
        "Method stratified (experiment sets 'stratify'): within each stratum, units in\n"
        "order of their hash are dealt to arms systematically from a start drawn from\n"
        "the stratum's hash, so each arm's count is within one unit of its share; a\n"
        "unit's stratum is the value on its first row.\n"
        "\n"
        "The summary (standard error) gives units and customers per arm against the\n"
        "counts the weights expect, and the sample-ratio chi-square p-value; it warns\n"
        "when p < 0.001.  A bad row (missing or empty id, duplicate customer_id, ragged\n"
        "row, invalid UTF-8, wrong delimiter) stops the run with its file:line:column\n"
        "and no output is written, unless --rejects is given.\n",
    .exit_notes = "The experiment file's own errors are bad input data (2).\n",
    .example = "  liftkit assign -e experiments/heloc-spring-2026.ini -o data/assignments.csv \\\n"
               "      --summary data/assign-summary.csv data/customers.csv\n",
    .max_args = 1,
};

typedef struct assign_args {
    const char *experiment, *output, *summary, *rejects, *input;
    int quiet;
} assign_args;

static int parse_args(void *args, int argc, char **argv)
{
    assign_args *a = args;
    const cli_option opts[] = {
        OPT_EXPERIMENT(&a->experiment),
        OPT_OUTPUT(&a->output),
        OPT_OUTFILE(0, "summary", &a->summary,
                    "write the summary CSV here: level, stratum, arm,\n"
                    "role, weight, share, units, expected_units,\n"
                    "customers, chi2, srm_p (per arm, then per stratum\n"
                    "and arm)"),
        OPT_REJECTS(&a->rejects),
        OPT_QUIET(&a->quiet),
        OPT_SAFE_CSV(),
        OPT_END(),
    };
    int nargs;
    int rc = cli_parse_options(&doc, opts, argc, argv, &nargs);
    if (rc)
        return rc;
    if (nargs == 0)
        return cli_usage("assign", "missing CUSTOMERS.csv");
    a->input = argv[1];
    return 0;
}

static void print_level(const lk_assign_summary *s, const lk_experiment *exp, long st)
{
    lk_assign_level lv;
    lk_assign_summary_level(s, exp, st, &lv);
    if (st >= 0)
        fprintf(stderr, "stratum '%s':\n", s->strata[st]);
    fprintf(stderr, "  %-16s %-10s %8s %10s %12s %10s\n", "arm", "role", "weight", "units",
            "expected", "customers");
    for (size_t i = 0; i < s->narms; i++)
        fprintf(stderr, "  %-16s %-10s %8g %10llu %12.1f %10llu\n", exp->arms[i].name,
                lk_role_name(exp->arms[i].role), exp->arms[i].weight,
                (unsigned long long)lv.units[i], lv.n * exp->arms[i].weight / lv.weight_sum,
                (unsigned long long)lv.customers[i]);
    if (isnan(lv.srm_p))
        fprintf(stderr, "  sample ratio: not testable\n");
    else
        fprintf(stderr, "  sample ratio: chi-square %.4g, p = %.4g\n", lv.chi2, lv.srm_p);
}

#define MAX_STRATA_SHOWN 20

static void print_summary(const lk_assign_summary *s, const lk_experiment *exp)
{
    unsigned long long customers = 0;
    for (size_t i = 0; i < s->narms; i++)
        customers += s->customers[i];
    fprintf(stderr, "liftkit assign: experiment '%s', method %s, %llu rows read, "
            "%llu customers assigned, %llu rejected\n",
            exp->name, s->stratified ? "stratified" : "hash", (unsigned long long)s->rows,
            customers, (unsigned long long)s->rejected);
    print_level(s, exp, -1);
    for (size_t st = 0; st < s->nstrata && st < MAX_STRATA_SHOWN; st++)
        print_level(s, exp, (long)st);
    if (s->nstrata > MAX_STRATA_SHOWN)
        fprintf(stderr, "  (%zu more strata: see --summary)\n", s->nstrata - MAX_STRATA_SHOWN);
}

static void warn_srm(const lk_assign_summary *s, const lk_experiment *exp)
{
    double p = lk_assign_summary_srm(s, exp, -1, NULL);
    char warn[256];
    if (!isnan(p) && p < LK_SRM_THRESHOLD)
        fprintf(stderr, "liftkit assign: WARNING: %s\n", lk_srm_warning(p, warn, sizeof(warn)));
}

typedef struct outputs {
    lk_output *out, *summary;
    lk_rejects *rejects;
} outputs;

static int open_outputs(const assign_args *a, outputs *o, lk_error *err)
{
    int rc = lk_output_open(&o->out, a->output, err);
    if (!rc && a->summary)
        rc = lk_output_open(&o->summary, a->summary, err);
    if (!rc && a->rejects)
        rc = lk_rejects_open(&o->rejects, a->rejects, err);
    return rc;
}

static int close_outputs(outputs *o, int rc, lk_error *err)
{
    rc = cli_output_finish(o->out, rc, err);
    rc = cli_output_finish(o->summary, rc, err);
    return cli_rejects_finish(o->rejects, rc, err);
}

static int run(void *args, lk_experiment *exp, lk_error *err)
{
    const assign_args *a = args;
    outputs o = {0};
    lk_assign_summary sum = {0};
    cli_progress cp;
    int rc = open_outputs(a, &o, err);
    if (rc == LK_OK) {
        /* big writes: the output is about twice the input */
        setvbuf(lk_output_file(o.out), NULL, _IOFBF, 1 << 20);
        lk_assign_options opt = {a->input, lk_output_file(o.out), o.rejects,
                                 cli_progress_start(&cp, "assign")};
        rc = lk_assign_csv(exp, &opt, &sum, err);
        cli_progress_done(&cp);
        if (!rc && o.summary)
            lk_assign_summary_write(&sum, exp, lk_output_file(o.summary));
    }
    rc = close_outputs(&o, rc, err);
    if (rc) {
        cli_fail(err);
    } else {
        if (!a->quiet)
            print_summary(&sum, exp);
        warn_srm(&sum, exp);
    }
    lk_assign_summary_release(&sum);
    return rc;
}

const cli_command cmd_assign = {parse_args, run, sizeof(assign_args),
                                offsetof(assign_args, experiment)};
