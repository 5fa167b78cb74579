/*
 * cmd_report.c - 'liftkit report': the campaign report folder.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/experiment.h"
#include "liftkit/report.h"

#include "cli.h"

const char cmd_report_usage[] =
    "usage: liftkit report -e EXP --assignments FILE --offers FILE --openings FILE\n"
    "                      [-o DIR] [--seed S]\n"
    "       liftkit report -e EXP --lift-table FILE [--roi-table FILE] [--accrual-table FILE]\n"
    "                      [--mix-table FILE] [--power-table FILE] [--qini-table FILE]\n"
    "                      [--uplift-table FILE] [-o DIR]\n"
    "\n"
    "Write the campaign report: a folder (default reports/<experiment name>) with\n"
    "index.html, report.md, charts/ and data/.  The page opens with the verdict in\n"
    "plain words (each challenger against the champion on target response, with\n"
    "relative lift, interval and ROMI; each treated arm against the control), then\n"
    "the lift and ROI tables, the charts (response rate, lift forest, accrual,\n"
    "attribution mix, power; Qini curves when the assignments carry score_*\n"
    "columns), a loud warning when the sample-ratio check fails, and an audit\n"
    "footer with the SHA-256 and row count of every input, the liftkit version and\n"
    "the command line.  The folder is self-contained: no scripts, no external\n"
    "resources; mail it or serve it as it is.\n"
    "\n"
    "The first form computes everything (lift, ROI, attribution, power, uplift)\n"
    "from the raw files; the second renders tables already made (by liftkit or by\n"
    "SQL honouring the same formats).  The path of index.html is printed.\n"
    "\n"
    "Options:\n"
    "  -e, --experiment EXP     experiment file (required)\n"
    "      --assignments FILE   assignments.csv from 'liftkit assign'\n"
    "      --offers FILE        offers.csv\n"
    "      --openings FILE      openings.csv\n"
    "  -o, --output DIR         report folder (default reports/<experiment name>)\n"
    "      --seed S             seed of the ROMI bootstrap (default the roi default)\n"
    "      --lift-table FILE    a lift table ('liftkit lift'); selects the second form\n"
    "      --roi-table FILE     an ROI table ('liftkit roi')\n"
    "      --accrual-table FILE arm,day,n,responders,rate ('liftkit lift --accrual')\n"
    "      --mix-table FILE     by,key,response,openings,credit ('liftkit attribute --mix')\n"
    "      --power-table FILE   a power curve ('liftkit power --curve')\n"
    "      --qini-table FILE    Qini curve points ('liftkit uplift --curve')\n"
    "      --uplift-table FILE  the per-score table of 'liftkit uplift'\n"
    "  -h, --help               show this help\n"
    "\n"
    "gnuplot must be on PATH (charts are drawn as by 'liftkit plot').\n"
    "\n"
    "Exit status: 0 success, 1 usage error, 2 bad input data (located as\n"
    "file:line:column), 3 I/O error or gnuplot missing.  index.html and report.md\n"
    "are written only when everything before them succeeded.\n";

enum { O_ASSIGN = 256, O_OFFERS, O_OPENINGS, O_SEED, O_LIFT, O_ROI, O_ACCRUAL, O_MIX,
       O_POWER, O_QINI, O_UPLIFT };

typedef struct args {
    const char *exp, *dir, *assignments, *offers, *openings;
    unsigned long seed;
    lk_report_tables tables;
} args;

static int parse(int argc, char **argv, args *a)
{
    static const struct option longopts[] = {
        {"experiment", required_argument, NULL, 'e'},
        {"output", required_argument, NULL, 'o'},
        {"assignments", required_argument, NULL, O_ASSIGN},
        {"offers", required_argument, NULL, O_OFFERS},
        {"openings", required_argument, NULL, O_OPENINGS},
        {"seed", required_argument, NULL, O_SEED},
        {"lift-table", required_argument, NULL, O_LIFT},
        {"roi-table", required_argument, NULL, O_ROI},
        {"accrual-table", required_argument, NULL, O_ACCRUAL},
        {"mix-table", required_argument, NULL, O_MIX},
        {"power-table", required_argument, NULL, O_POWER},
        {"qini-table", required_argument, NULL, O_QINI},
        {"uplift-table", required_argument, NULL, O_UPLIFT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":e:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'e': a->exp = optarg; break;
        case 'o': a->dir = optarg; break;
        case O_ASSIGN: a->assignments = optarg; break;
        case O_OFFERS: a->offers = optarg; break;
        case O_OPENINGS: a->openings = optarg; break;
        case O_SEED:
            if (cli_parse_ulong(optarg, &a->seed))
                return cli_usage("report", "--seed needs a whole number, got '%s'", optarg);
            break;
        case O_LIFT: a->tables.lift = optarg; break;
        case O_ROI: a->tables.roi = optarg; break;
        case O_ACCRUAL: a->tables.accrual = optarg; break;
        case O_MIX: a->tables.mix = optarg; break;
        case O_POWER: a->tables.power = optarg; break;
        case O_QINI: a->tables.qini = optarg; break;
        case O_UPLIFT: a->tables.uplift = optarg; break;
        case 'h': return cli_help("report") ? 1 : -1;
        default: return cli_bad_option("report", c, argv);
        }
    }
    if (optind < argc)
        return cli_usage("report", "unexpected argument '%s'", argv[optind]);
    if (!a->exp)
        return cli_usage("report", "missing -e EXP (the experiment file)");
    if (!a->tables.lift && (!a->assignments || !a->offers || !a->openings))
        return cli_usage("report", "give --assignments, --offers and --openings "
                                   "(or --lift-table to render tables already made)");
    return 0;
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
        {"uplift table", a->tables.uplift, 1}};
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

int cmd_report(int argc, char **argv)
{
    args a = {0};
    int rc = parse(argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    lk_error err;
    lk_error_clear(&err);
    lk_experiment *exp;
    if (lk_experiment_load(&exp, a.exp, &err))
        return cli_fail(&err);
    lk_report_input inputs[16];
    lk_report_options opt = {.dir = a.dir, .inputs = inputs,
                             .command_line = cli_command_line()};
    if (a.tables.lift) {
        rc = audit(&a, inputs, &opt.ninputs, &err);
        if (!rc)
            rc = lk_report_render(exp, &a.tables, &opt, &err);
    } else {
        cli_progress cp;
        lk_report_run_options run = {.assignments = a.assignments, .offers = a.offers,
                                     .openings = a.openings, .seed = a.seed};
        run.progress = cli_progress_start(&cp, "report");
        rc = lk_report_run(exp, &run, &opt, &err);
        cli_progress_done(&cp);
    }
    if (!rc) {
        char *dir = lk_report_dir(exp, &opt);
        printf("%s/index.html\n", dir ? dir : ".");
        free(dir);
    }
    lk_experiment_free(exp);
    return rc ? cli_fail(&err) : 0;
}
