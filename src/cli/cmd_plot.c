/*
 * cmd_plot.c - 'liftkit plot': draw one chart from one table with gnuplot.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/experiment.h"
#include "liftkit/plot.h"

#include "cli.h"

const char cmd_plot_usage[] =
    "usage: liftkit plot KIND TABLE.csv [-o DIR] [-e EXP] [--metric METRIC] [--title TEXT]\n"
    "\n"
    "Draw a chart with gnuplot from a table another liftkit command wrote.  DIR\n"
    "(default: the current folder, created if missing) receives four files:\n"
    "KIND.csv (the numbers drawn, as the table had them), KIND.gp (the gnuplot\n"
    "script; edit it and rerun 'gnuplot KIND.gp' there), KIND.png and KIND.svg.\n"
    "\n"
    "Kinds and the tables they read (columns by name, any order):\n"
    "  rate     response rate per arm with confidence-interval bars; the lift\n"
    "           table of 'liftkit lift' (metric,arm,role,n,value,value_lo,value_hi),\n"
    "           rows of one metric (default response_target), one bar per arm\n"
    "  forest   each comparison's relative lift with its interval and a zero\n"
    "           line; the lift table (metric,arm,vs,lift,lift_lo,lift_hi,p_adjusted),\n"
    "           rows with a non-empty 'vs'\n"
    "  accrual  cumulative response rate by days since the start, per arm;\n"
    "           arm,day,n,responders,rate ('liftkit lift --accrual FILE')\n"
    "  mix      openings credited direct, halo or none, by channel and by\n"
    "           product; by,key,response,openings,credit ('liftkit attribute --mix FILE')\n"
    "  power    power by sample size (or by true lift at one size), 80% line;\n"
    "           baseline,treated,n_baseline,n_treated,n_total,power\n"
    "           ('liftkit power --curve FILE')\n"
    "  qini     Qini curve per model score with the random-targeting line;\n"
    "           score,n,fraction,qini,uplift ('liftkit uplift --curve FILE')\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR     folder for the four files (default .)\n"
    "  -e, --experiment EXP experiment file: arm order and roles fix the colours\n"
    "                       (champion blue, control grey), alpha names the interval,\n"
    "                       the experiment's name goes in the title\n"
    "      --metric METRIC  rate and forest: the metric drawn (default\n"
    "                       response_target, or when the table has none, its\n"
    "                       first metric for rate and every metric for forest);\n"
    "                       forest also takes 'all'\n"
    "      --title TEXT     the chart's title instead of the kind's own\n"
    "  -h, --help           show this help\n"
    "\n"
    "gnuplot runs as a program found on PATH (no shell), with pngcairo and svg.\n"
    "\n"
    "Exit status: 0 success, 1 usage error, 2 bad table (missing column, a value\n"
    "that is not a number, nothing to draw; reported as file:line:column),\n"
    "3 I/O error or gnuplot missing or failing.  On any error no files are left.\n";

int cmd_plot(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"experiment", required_argument, NULL, 'e'},
        {"metric", required_argument, NULL, 'm'},
        {"title", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *dir = ".", *exp_path = NULL;
    lk_plot_options opt = {0};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:e:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': dir = optarg; break;
        case 'e': exp_path = optarg; break;
        case 'm': opt.metric = optarg; break;
        case 't': opt.title = optarg; break;
        case 'h': return cli_help("plot");
        default: return cli_bad_option("plot", c, argv);
        }
    }
    if (argc - optind != 2)
        return cli_usage("plot", "expected KIND and TABLE.csv");
    int kind = lk_plot_kind_from_name(argv[optind]);
    if (kind < 0)
        return cli_usage("plot", "unknown chart kind '%s' (rate, forest, accrual, mix, power, qini)",
                         argv[optind]);
    if (opt.metric && !strcmp(opt.metric, "all") && kind != LK_PLOT_FOREST)
        return cli_usage("plot", "--metric all is for forest charts only");
    lk_error err;
    lk_error_clear(&err);
    lk_experiment *exp = NULL;
    if (exp_path && lk_experiment_load(&exp, exp_path, &err))
        return cli_fail(&err);
    opt.exp = exp;
    int rc = lk_plot((lk_plot_kind)kind, argv[optind + 1], dir, &opt, &err);
    lk_experiment_free(exp);
    if (rc)
        return cli_fail(&err);
    printf("%s/%s.png\n", dir, lk_plot_kind_name((lk_plot_kind)kind));
    return 0;
}
