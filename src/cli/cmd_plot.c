/*
 * cmd_plot.c - 'liftkit plot': draw one chart from one table with gnuplot.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/experiment.h"
#include "liftkit/plot.h"

#include "cli.h"
#include "options.h"

static const cli_doc doc = {
    .name = "plot",
    .usage = "usage: liftkit plot KIND TABLE.csv [-o DIR] [-e EXP] [--metric METRIC] [--title TEXT]\n"
             "                    [--arm ARM] [--vs ARM]\n",
    .purpose = "Draw a chart from a table with gnuplot (PNG and SVG).",
    .description =
        "The table is one another liftkit command wrote.  DIR receives four files:\n"
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
        "  pressure units by contacts per unit, bars side by side per arm;\n"
        "           arm,contacts,units,share ('liftkit contacts --histogram FILE')\n"
        "  segments the relative lift of each segment under the whole experiment's,\n"
        "           per comparison; the table of 'liftkit lift --by' (segment,metric,arm,\n"
        "           vs,lift,lift_lo,lift_hi; p_fdr shown when present), rows of one metric\n"
        "           (default response_target); --arm and --vs keep one comparison\n"
        "  matrix   heat map of the response rate by month (across) and product and\n"
        "           channel (down); month,product,channel,offers,direct,halo,\n"
        "           response_rate,cost ('liftkit matrix')\n"
        "\n"
        "gnuplot runs as a program found on PATH (no shell), with pngcairo and svg.\n"
        "The path of KIND.png is printed.\n",
    .exit_notes = "A bad table (missing column, a value that is not a number, nothing to draw;\n"
                  "reported as file:line:column) is bad input data (2); gnuplot missing or\n"
                  "failing is an I/O error (3).  On any error no files are left.\n",
    .example = "  liftkit plot forest data/lift.csv -e experiments/heloc-spring-2026.ini -o data/charts\n",
    .max_args = 2,
};

typedef struct plot_args {
    const char *dir, *exp_path, *table;
    lk_plot_kind kind;
    lk_plot_options opt;
} plot_args;

/* The four files written must not be the table or the experiment file. */
static int check_files(const char *dir, int kind, const char *table, const char *exp_path)
{
    static const char *const ext[] = {"csv", "gp", "png", "svg"};
    char path[4][4096];
    const char *outs[4], *ins[] = {table, exp_path};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path[i], sizeof(path[i]), "%s/%s.%s", dir,
                 lk_plot_kind_name((lk_plot_kind)kind), ext[i]);
        outs[i] = path[i];
    }
    return cli_check_clobber("plot", outs, 4, ins, 2);
}

/* KIND and TABLE.csv, checked with the options that go with them. */
static int check(plot_args *a, char **argv)
{
    int kind = lk_plot_kind_from_name(argv[1]);
    if (kind < 0)
        return cli_usage("plot", "unknown chart kind '%s' (rate, forest, accrual, mix, power, "
                                 "qini, pressure, segments, matrix)",
                         argv[1]);
    if (a->opt.metric && !strcmp(a->opt.metric, "all") && kind != LK_PLOT_FOREST)
        return cli_usage("plot", "--metric all is for forest charts only");
    if ((a->opt.arm || a->opt.vs) && kind != LK_PLOT_SEGMENTS)
        return cli_usage("plot", "--arm and --vs are for segments charts only");
    a->kind = (lk_plot_kind)kind;
    a->table = argv[2];
    return check_files(a->dir, kind, a->table, a->exp_path);
}

static int parse(void *args, int argc, char **argv)
{
    plot_args *a = args;
    a->dir = ".";
    const cli_option opts[] = {
        OPT_OUTPUT_DIR(&a->dir, "write the four files into DIR, created if missing\n"
                                "(default .)"),
        OPT_EXPERIMENT_OPTIONAL(&a->exp_path,
                                "the experiment file (INI): arm order and roles fix\n"
                                "the colours (champion blue, control grey), alpha\n"
                                "names the interval, the experiment's name goes in\n"
                                "the title"),
        OPT_STRING(0, "metric", &a->opt.metric, "METRIC",
                   "rate and forest: the metric drawn (default\n"
                   "response_target, or when the table has none, its\n"
                   "first metric for rate and every metric for\n"
                   "forest); forest also takes 'all'"),
        OPT_STRING(0, "title", &a->opt.title, "TEXT", "the chart's title instead of the kind's own"),
        OPT_STRING(0, "arm", &a->opt.arm, "ARM", "segments: only the comparisons of this arm"),
        OPT_STRING(0, "vs", &a->opt.vs, "ARM", "segments: only the comparisons against this arm"),
        OPT_END(),
    };
    int nargs;
    int rc = cli_parse_options(&doc, opts, argc, argv, &nargs);
    if (rc)
        return rc;
    if (nargs != 2)
        return cli_usage("plot", "expected KIND and TABLE.csv");
    return check(a, argv);
}

static int run(void *args, lk_experiment *exp, lk_error *err)
{
    plot_args *a = args;
    a->opt.exp = exp;
    if (lk_plot(a->kind, a->table, a->dir, &a->opt, err))
        return cli_fail(err);
    printf("%s/%s.png\n", a->dir, lk_plot_kind_name(a->kind));
    return 0;
}

const cli_command cmd_plot = {parse, run, sizeof(plot_args), offsetof(plot_args, exp_path)};
