/*
 * cmd_report.c - 'liftkit report': the campaign report folder.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/report.h"
#include "liftkit/units.h"

#include "cli.h"
#include "options.h"

static const cli_doc doc = {
    .name = "report",
    .usage = "usage: liftkit report -e EXP --assignments FILE --offers FILE --openings FILE\n"
             "                      [--events FILE] [--holdings FILE] [--balances FILE]\n"
             "                      [--by COLUMN[,COLUMN]] [-o DIR] [--seed S] [-q]\n"
             "   or: liftkit report -e EXP --lift-table FILE [--roi-table FILE] [--accrual-table FILE]\n"
             "                      [--mix-table FILE] [--power-table FILE] [--qini-table FILE]\n"
             "                      [--uplift-table FILE] [--compare-table FILE]\n"
             "                      [--segments-table FILE --heterogeneity-table FILE]\n"
             "                      [--matrix-table FILE] [-o DIR] [-q]\n"
             "   or: liftkit report -e EXP --summary FILE [FILE...] [-o DIR] [--seed S] [-q]\n",
    .purpose = "Write the HTML report with verdict, tables and charts.",
    .description =
        "The report is a folder (default reports/<experiment name>) with index.html,\n"
        "report.md, charts/ and data/.  The page opens with the verdict in plain\n"
        "words (each challenger against the champion on target response, with\n"
        "relative lift, interval and ROMI; each treated arm against the control), then\n"
        "the lift and ROI tables, the charts (response rate, lift forest, accrual,\n"
        "attribution mix, power; Qini curves when the assignments carry score_*\n"
        "columns), the offer matrix (response rate by month, product and channel),\n"
        "the lift by segment (a chart, a table and one sentence per\n"
        "comparison: does the lift differ by segment, Cochran's Q) when the experiment\n"
        "is stratified or --by is given, the contact pressure when the experiment has\n"
        "a [contact_policy], the guardrails of [guardrails] with --events (a failed\n"
        "one in red in the verdict), the relationship (products per customer at the\n"
        "window's start and end, per arm) with --holdings, a loud warning when the\n"
        "sample-ratio check fails, and an audit footer with the SHA-256 and row count\n"
        "of every input, the liftkit version and the command line.  The folder is\n"
        "self-contained: no scripts, no external resources; mail it or serve it as\n"
        "it is.\n"
        "\n"
        "The first form computes everything (lift, ROI, attribution, power, uplift)\n"
        "from the raw files; the second renders tables already made (by liftkit or by\n"
        "SQL honouring the same formats); the third computes the lift and ROI tables\n"
        "and power from summaries (lift summaries and ROI summaries, told apart by\n"
        "their columns, each kind added row by row, as 'liftkit sql summary' and\n"
        "'liftkit sql roi' write them), without accrual, attribution mix, model\n"
        "comparison, events or contact pressure, which need rows.  The path of\n"
        "index.html is printed (not with -q).\n"
        "gnuplot must be on PATH (charts are drawn as by 'liftkit plot').\n",
    .exit_notes = "gnuplot missing is an I/O error (3).  The folder is built beside DIR and\n"
                  "replaces it whole only when everything succeeded: a failed or interrupted\n"
                  "run leaves an earlier report as it was.  A DIR holding anything a report\n"
                  "does not write is a usage error (1), never replaced.\n",
    .example = "  liftkit report -e experiments/heloc-spring-2026.ini --assignments data/assignments.csv \\\n"
               "      --offers data/offers.csv --openings data/openings.csv\n",
    .max_args = -1,
};

typedef struct args {
    const char *exp, *dir, *assignments, *offers, *openings, *events, *by;
    const char *holdings, *balances;
    cli_by by_cols;
    unsigned long seed;
    lk_report_tables tables;
    cli_as_of as_of;
    const char *summary;
    int nargs;
    cli_summaries summaries;   /* --summary and the files after it */
    int quiet;
} args;

/* The third form: summaries alone, at most CLI_LIST_MAX + 1 of them. */
static int check_summaries(args *a, char **argv)
{
    const lk_report_tables none = {0};
    if (a->assignments || a->offers || a->openings || a->events || a->holdings || a->balances ||
        memcmp(&a->tables, &none, sizeof(none)))
        return cli_usage("report", "--summary replaces the data files and the tables");
    if (a->by)
        return cli_usage("report", "--by applies to raw data, not to --summary");
    return cli_take_summaries("report", a->summary, argv + 1, a->nargs, &a->summaries);
}

/* The checks that need every option; 0 or the usage error's exit code. */
static int check(args *a, char **argv)
{
    if (a->nargs && !a->summary)
        return cli_usage("report", "unexpected argument '%s'", argv[1]);
    if (a->summary)
        return check_summaries(a, argv);
    if (a->tables.lift && a->as_of.has)
        return cli_usage("report", "--as-of applies to raw data; a lift table made with "
                                   "'liftkit lift --as-of' carries its as_of already");
    if (a->tables.lift && (a->holdings || a->balances))
        return cli_usage("report", "--holdings and --balances apply to raw data; a lift "
                                   "table made with them carries their rows already");
    if (!a->tables.segments != !a->tables.heterogeneity)
        return cli_usage("report", "--segments-table and --heterogeneity-table go together");
    if (a->tables.lift && a->by)
        return cli_usage("report", "--by applies to raw data; give a table of 'liftkit lift "
                                   "--by' with --segments-table");
    int rc = a->by ? cli_split_by("report", a->by, &a->by_cols) : 0;
    if (rc)
        return rc;
    if (!a->tables.lift && (!a->assignments || !a->offers || !a->openings))
        return cli_usage("report", "give --assignments, --offers and --openings "
                                   "(or --lift-table to render tables already made, or "
                                   "--summary)");
    return 0;
}

static int parse(void *argsp, int argc, char **argv)
{
    args *a = argsp;
    const cli_option opts[] = {
        OPT_EXPERIMENT(&a->exp),
        OPT_STRING(0, "assignments", &a->assignments, "FILE",
                   "assignments.csv (from 'liftkit assign')"),
        OPT_STRING(0, "offers", &a->offers, "FILE", "offers.csv"),
        OPT_STRING(0, "openings", &a->openings, "FILE", "openings.csv"),
        OPT_STRING(0, "events", &a->events, "FILE",
                   "events.csv (customer_id,event,event_date): the\n"
                   "event_<name> rates and [guardrails] verdicts"),
        OPT_STRING(0, "holdings", &a->holdings, "FILE",
                   "holdings.csv (customer_id,product,open_date,\n"
                   "close_date): products held per unit"),
        OPT_STRING(0, "balances", &a->balances, "FILE",
                   "balances.csv (account_id,date,balance): funded\n"
                   "target accounts and their balance at 90 days"),
        OPT_STRING(0, "by", &a->by, "COLUMN[,COLUMN]",
                   "the Segments section by these columns of\n"
                   "assignments.csv (default: a stratified experiment's\n"
                   "stratify column; none when not stratified)"),
        OPT_OUTPUT_DIR(&a->dir, "write the report into DIR, created if missing\n"
                                "(default reports/<experiment name>)"),
        OPT_ULONG(0, "seed", &a->seed, "S",
                  "seed of the ROMI bootstrap (default the roi default)"),
        OPT_AS_OF(&a->as_of),
        OPT_STRING(0, "summary", &a->summary, "FILE",
                   "a lift summary ('lift --summary') or an ROI\n"
                   "summary ('roi --summary'); selects the third form,\n"
                   "FILEs after it are more summaries of either kind"),
        OPT_STRING(0, "lift-table", &a->tables.lift, "FILE",
                   "a lift table ('liftkit lift'); selects the second\n"
                   "form"),
        OPT_STRING(0, "roi-table", &a->tables.roi, "FILE", "an ROI table ('liftkit roi')"),
        OPT_STRING(0, "accrual-table", &a->tables.accrual, "FILE",
                   "arm,day,n,responders,rate ('liftkit lift --accrual')"),
        OPT_STRING(0, "mix-table", &a->tables.mix, "FILE",
                   "by,key,response,openings,credit ('liftkit\n"
                   "attribute --mix')"),
        OPT_STRING(0, "power-table", &a->tables.power, "FILE",
                   "a power curve ('liftkit power --curve')"),
        OPT_STRING(0, "qini-table", &a->tables.qini, "FILE",
                   "Qini curve points ('liftkit uplift --curve')"),
        OPT_STRING(0, "uplift-table", &a->tables.uplift, "FILE",
                   "the per-score table of 'liftkit uplift'"),
        OPT_STRING(0, "compare-table", &a->tables.compare, "FILE",
                   "a model comparison ('liftkit uplift --compare')"),
        OPT_STRING(0, "segments-table", &a->tables.segments, "FILE",
                   "the lift table per segment ('liftkit lift --by')"),
        OPT_STRING(0, "heterogeneity-table", &a->tables.heterogeneity, "FILE",
                   "its Q table ('liftkit lift --heterogeneity')"),
        OPT_STRING(0, "matrix-table", &a->tables.matrix, "FILE",
                   "an offer matrix ('liftkit matrix')"),
        OPT_FLAG('q', "quiet", &a->quiet, "do not print the path of index.html"),
        OPT_END(),
    };
    int rc = cli_parse_options(&doc, opts, argc, argv, &a->nargs);
    return rc ? rc : check(a, argv);
}


/* Audit every file given, in the order of the synopsis. */
static int audit(const args *a, lk_report_input *in, size_t *n, lk_error *err)
{
    const struct { const char *role, *path; int csv; } files[] = {
        {"experiment", a->exp, 0},           {"assignments", a->assignments, 1},
        {"offers", a->offers, 1},            {"openings", a->openings, 1},
        {"lift table", a->tables.lift, 1},   {"ROI table", a->tables.roi, 1},
        {"accrual table", a->tables.accrual, 1}, {"mix table", a->tables.mix, 1},
        {"power table", a->tables.power, 1}, {"Qini table", a->tables.qini, 1},
        {"uplift table", a->tables.uplift, 1}, {"model comparison", a->tables.compare, 1},
        {"segments table", a->tables.segments, 1},
        {"heterogeneity table", a->tables.heterogeneity, 1},
        {"offer matrix", a->tables.matrix, 1}};
    *n = 0;
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        if (!files[i].path)
            continue;
        lk_report_input *x = &in[(*n)++];
        memset(x, 0, sizeof(*x));
        x->role = files[i].role;
        x->path = files[i].path;
        x->is_csv = files[i].csv;
        int rc = lk_report_input_audit(x, err);
        if (rc)
            return rc;
    }
    return LK_OK;
}

/* No input may lie in the folder the report writes. */
static int check_inputs(const args *a, const lk_experiment *exp, const lk_report_options *opt)
{
    const char *ins[17 + CLI_LIST_MAX + 1] = {
        a->exp, a->assignments, a->offers, a->openings, a->tables.lift, a->tables.roi,
        a->tables.accrual, a->tables.mix, a->tables.power, a->tables.qini, a->tables.uplift,
        a->holdings, a->balances, a->tables.compare, a->tables.segments,
        a->tables.heterogeneity, a->tables.matrix};
    for (size_t i = 0; i < a->summaries.n; i++)
        ins[17 + i] = a->summaries.paths[i];
    char *dir = lk_report_dir(exp, opt);
    int rc = cli_check_not_inside("report", dir, ins, 17 + a->summaries.n);
    free(dir);
    return rc;
}

/*
 * Sort the summaries into ROI summaries (a value column) and lift
 * summaries (a metric column, or the short form's responders).
 */
static int sort_summaries(const args *a, const char **lift, size_t *nlift, const char **roi,
                          size_t *nroi, lk_error *err)
{
    *nlift = *nroi = 0;
    const cli_summaries *f = &a->summaries;
    for (size_t i = 0; i < f->n; i++) {
        lk_csv_reader *r;
        int rc = lk_csv_open(&r, f->paths[i], err);
        if (rc)
            return rc;
        int is_roi = lk_csv_column(r, "value") >= 0;
        int is_lift = !is_roi && (lk_csv_column(r, "metric") >= 0 ||
                                  lk_csv_column(r, "responders") >= 0);
        lk_csv_close(r);
        if (is_lift)
            lift[(*nlift)++] = f->paths[i];
        else if (is_roi)
            roi[(*nroi)++] = f->paths[i];
        else
            return lk_error_set(err, LK_EDATA, f->paths[i], 1, 0,
                                "neither a lift summary (arm,metric,n,sum,sumsq) nor an ROI "
                                "summary (arm,value,units,responders,contacts,cost)");
    }
    if (!*nlift)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "--summary needs a lift summary "
                            "('liftkit sql summary', 'lift --write-summary')");
    return LK_OK;
}

/* The report from raw data or, with --summary, from summaries. */
static int run_report(const args *a, const lk_experiment *exp, const lk_report_options *opt,
                      lk_error *err)
{
    const char *lift[CLI_LIST_MAX + 1], *roi[CLI_LIST_MAX + 1];
    cli_progress cp;
    lk_report_run_options run = {.assignments = a->assignments, .offers = a->offers,
                                 .openings = a->openings, .events = a->events,
                                 .holdings = a->holdings, .balances = a->balances,
                                 .seed = a->seed,
                                 .has_as_of = a->as_of.has, .as_of = a->as_of.day,
                                 .lift_summaries = lift, .roi_summaries = roi,
                                 .by = a->by_cols.cols, .nby = a->by_cols.n};
    if (a->summary) {
        int rc = sort_summaries(a, lift, &run.nlift, roi, &run.nroi, err);
        if (rc)
            return rc;
    }
    run.progress = cli_progress_start(&cp, "report");
    int rc = lk_report_run(exp, &run, opt, err);
    cli_progress_done(&cp);
    return rc;
}

static int run(void *argsp, lk_experiment *exp, lk_error *err)
{
    const args *a = argsp;
    lk_report_input inputs[16];
    lk_report_options opt = {.dir = a->dir, .inputs = inputs,
                             .command_line = cli_command_line()};
    int rc = check_inputs(a, exp, &opt);
    if (rc)
        return rc;
    if (a->tables.lift) {
        rc = audit(a, inputs, &opt.ninputs, err);
        if (!rc)
            rc = lk_report_render(exp, &a->tables, &opt, err);
    } else {
        rc = run_report(a, exp, &opt, err);
    }
    if (!rc && !a->quiet) {
        char *dir = lk_report_dir(exp, &opt);
        printf("%s/index.html\n", dir ? dir : ".");
        free(dir);
    }
    return rc ? cli_fail(err) : 0;
}

const cli_command cmd_report = {parse, run, sizeof(args), offsetof(args, exp)};
