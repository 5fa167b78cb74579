/*
 * cmd_roi.c - 'liftkit roi': return on marketing investment per treated
 * arm against the control (docs/methods.md, "Lift").
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/experiment.h"
#include "liftkit/format.h"
#include "liftkit/output.h"
#include "liftkit/roi.h"
#include "liftkit/units.h"

#include "cli.h"

const char cmd_roi_usage[] =
    "usage: liftkit roi -e EXP --assignments FILE --offers FILE --openings FILE [options]\n"
    "\n"
    "The ROI table: one row per treated arm (champion, challengers) against the\n"
    "control.  Contacts and cost come from offers.csv (its 'cost' column, else\n"
    "[cost] by channel); a unit's value is the sum of [value] over the openings it\n"
    "made in the measurement window.  romi = (incremental_value - cost) / cost,\n"
    "with a percentile bootstrap interval over units (each arm resampled\n"
    "separately).  The experiment needs a control arm.\n"
    "\n"
    "options:\n"
    "  -e, --experiment FILE   the experiment file (INI)\n"
    "      --assignments FILE  assignments.csv (from 'liftkit assign')\n"
    "      --offers FILE       offers.csv\n"
    "      --openings FILE     openings.csv\n"
    "  -o, --output FILE       write the table to FILE (default standard output)\n"
    "  -f, --format FORMAT     csv (default), json or md\n"
    "      --seed S            seed of the bootstrap's generator (default 20260105)\n"
    "      --resamples N       bootstrap resamples (default 2000; 0: no interval)\n"
    "      --rejects FILE      set bad input rows aside in FILE and go on\n"
    "  -h, --help              show this help\n"
    "\n"
    "CSV columns: arm,n,contacts,cost,incremental_responses,incremental_value,romi,\n"
    "romi_lo,romi_hi,cost_per_incremental_response (empty when incremental\n"
    "responses are not positive).\n"
    "\n"
    "exit status: 0 success, 1 usage error (also: the experiment has no control),\n"
    "2 bad input data, 3 I/O error\n";

typedef struct roi_args {
    const char *experiment, *assignments, *offers, *openings, *output, *rejects;
    lk_format format;
    lk_roi_options opt;
} roi_args;

static int parse_args(roi_args *a, int argc, char **argv)
{
    enum { O_ASSIGN = 256, O_OFFERS, O_OPEN, O_SEED, O_RESAMPLES, O_REJECTS };
    static const struct option longopts[] = {
        {"experiment", required_argument, NULL, 'e'},
        {"assignments", required_argument, NULL, O_ASSIGN},
        {"offers", required_argument, NULL, O_OFFERS},
        {"openings", required_argument, NULL, O_OPEN},
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"seed", required_argument, NULL, O_SEED},
        {"resamples", required_argument, NULL, O_RESAMPLES},
        {"rejects", required_argument, NULL, O_REJECTS},
        {NULL, 0, NULL, 0}};
    unsigned long v;
    int c;
    memset(a, 0, sizeof(*a));
    lk_roi_options_init(&a->opt);
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":e:o:f:", longopts, NULL)) != -1) {
        switch (c) {
        case 'e': a->experiment = optarg; break;
        case O_ASSIGN: a->assignments = optarg; break;
        case O_OFFERS: a->offers = optarg; break;
        case O_OPEN: a->openings = optarg; break;
        case 'o': a->output = optarg; break;
        case O_REJECTS: a->rejects = optarg; break;
        case 'f':
            if (cli_parse_format("roi", optarg, &a->format))
                return LK_EUSAGE;
            break;
        case O_SEED:
            if (cli_parse_ulong(optarg, &v))
                return cli_usage("roi", "--seed needs a whole number >= 0, got '%s'", optarg);
            a->opt.seed = v;
            break;
        case O_RESAMPLES:
            if (cli_parse_ulong(optarg, &v) || v > 10000000)
                return cli_usage("roi", "--resamples needs a whole number from 0 to "
                                        "10000000, got '%s'", optarg);
            a->opt.resamples = v;
            break;
        default: return cli_bad_option("roi", c, argv);
        }
    }
    if (optind < argc)
        return cli_usage("roi", "unexpected argument '%s'", argv[optind]);
    if (!a->experiment)
        return cli_usage("roi", "missing -e/--experiment");
    if (!a->assignments || !a->offers || !a->openings)
        return cli_usage("roi", "missing --assignments, --offers or --openings");
    return 0;
}

static int compute(lk_roi_table **t, const roi_args *a, const lk_experiment *exp,
                   lk_rejects *rj, lk_error *err)
{
    cli_progress cp;
    lk_units *u = NULL;
    lk_roi_costs *costs = NULL;
    lk_units_options uo = {.rejects = rj, .progress = cli_progress_start(&cp, "roi"),
                          .index_customers = 1};
    int rc = lk_units_load(&u, exp, a->assignments, a->openings, &uo, err);
    cli_progress_done(&cp);
    if (!rc)
        rc = lk_roi_costs_read(&costs, exp, u, a->offers, rj, err);
    if (!rc)
        rc = lk_roi_compute(t, exp, u, costs, &a->opt, err);
    if (!rc) {
        fprintf(stderr, "liftkit roi: %lu offers read:", costs->rows);
        for (size_t i = 0; i < exp->narms; i++)
            fprintf(stderr, "%s %s %.0f", i ? "," : "", exp->arms[i].name, costs->contacts[i]);
        fputc('\n', stderr);
    }
    if (!rc && rj)
        fprintf(stderr, "liftkit roi: %lu rows rejected\n", u->rejected + costs->rejected);
    lk_roi_costs_free(costs);
    lk_units_free(u);
    return rc;
}

int cmd_roi(int argc, char **argv)
{
    roi_args a;
    int rc = parse_args(&a, argc, argv);
    if (rc)
        return rc;
    lk_error err;
    lk_error_clear(&err);
    lk_experiment *exp = NULL;
    lk_roi_table *t = NULL;
    lk_rejects *rj = NULL;
    lk_output *out = NULL;
    rc = lk_experiment_load(&exp, a.experiment, &err);
    if (!rc && exp->control < 0)
        rc = lk_error_set(&err, LK_EUSAGE, a.experiment, 0, 0,
                          "experiment '%s' has no control arm: roi needs one to measure "
                          "incremental responses and value", exp->name);
    if (!rc && a.rejects)
        rc = lk_rejects_open(&rj, a.rejects, &err);
    if (!rc)
        rc = compute(&t, &a, exp, rj, &err);
    if (!rc)
        rc = lk_output_open(&out, a.output, &err);
    if (!rc)
        rc = lk_roi_write(t, lk_output_file(out), a.format, &err);
    rc = cli_rejects_finish(rj, rc, &err);
    rc = cli_output_finish(out, rc, &err);
    char warn[256];
    if (!rc && t->untrustworthy)
        fprintf(stderr, "liftkit roi: WARNING: %s\n",
                lk_srm_warning(t->srm_p, warn, sizeof(warn)));
    if (!rc && lk_roi_control_warning(t, warn, sizeof(warn)))
        fprintf(stderr, "liftkit roi: WARNING: %s\n", warn);
    lk_roi_table_free(t);
    lk_experiment_free(exp);
    return rc ? cli_fail(&err) : 0;
}
