/*
 * cmd_power.c - 'liftkit power': customers needed per arm for a lift, or
 * the smallest treated rate a given size detects; optionally the power
 * curve table for the chart.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/output.h"
#include "liftkit/power.h"

#include "cli.h"

const char cmd_power_usage[] =
    "usage: liftkit power --baseline P (--lift L | --n N) [--absolute] [--alpha A]\n"
    "                     [--power B] [--ratio R] [--curve FILE] [--format csv|md]\n"
    "                     [-o FILE]\n"
    "\n"
    "Size a champion/challenger test cell for a two-sided two-proportion z-test\n"
    "(the normal approximation of R's power.prop.test, generalized to unequal\n"
    "arms), or find the smallest treated response rate a given size detects.\n"
    "\n"
    "Options:\n"
    "  --baseline P     response rate of the baseline arm, in (0, 1) (required)\n"
    "  --lift L         lift to detect: relative, treated = P * (1 + L)\n"
    "                   (0.1 = +10%; negative for a drop)\n"
    "  --absolute       read --lift as absolute: treated = P + L\n"
    "  --n N            baseline arm size in customers: solve for the smallest\n"
    "                   detectable treated rate above P instead\n"
    "                   (exactly one of --lift and --n)\n"
    "  --alpha A        two-sided significance level (default 0.05)\n"
    "  --power B        power wanted (default 0.8)\n"
    "  --ratio R        allocation n_treated / n_baseline (default 1)\n"
    "  --curve FILE     also write the power curve table: columns baseline,\n"
    "                   treated, n_baseline, n_treated, n_total, power; about 50\n"
    "                   rows with n_baseline from n/10 to 3n (with --n: power\n"
    "                   against the treated rate at the given size)\n"
    "  --format FMT     csv (default) or md (a Markdown table)\n"
    "  -o, --output FILE  write the result to FILE instead of standard output\n"
    "  -h, --help       show this help\n"
    "\n"
    "Output: one row with columns baseline, treated, alpha, power, ratio,\n"
    "n_baseline, n_treated, n_total.  Sizes are rounded up to whole customers\n"
    "(n_treated = n_baseline * R rounded up); with --n, n_baseline is N and\n"
    "treated is the smallest detectable rate.\n"
    "\n"
    "  power = Phi((|p2 - p1| sqrt(n1) - z(1-A/2) sqrt(pbar qbar (1 + 1/R)))\n"
    "              / sqrt(p1 q1 + p2 q2 / R)),   pbar = (p1 + R p2) / (1 + R)\n"
    "\n"
    "Example: liftkit power --baseline 0.05 --lift 0.2\n"
    "  baseline,treated,alpha,power,ratio,n_baseline,n_treated,n_total\n"
    "  0.05,0.06,0.05,0.8,1,8158,8158,16316\n"
    "\n"
    "Exit status: 0 success, 1 usage error (a rate outside (0, 1), a missing or\n"
    "conflicting option, nothing detectable at that size), 3 I/O error.\n";

typedef struct power_opts {
    double baseline, lift, alpha, power, ratio;
    unsigned long n;
    int has_baseline, has_lift, has_n, absolute, markdown;
    const char *curve, *output;
} power_opts;

enum { OPT_BASELINE = 256, OPT_LIFT, OPT_N, OPT_ABSOLUTE, OPT_ALPHA, OPT_POWER, OPT_RATIO,
       OPT_CURVE, OPT_FORMAT };

static const struct option long_options[] = {
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"lift", required_argument, NULL, OPT_LIFT},
    {"n", required_argument, NULL, OPT_N},
    {"absolute", no_argument, NULL, OPT_ABSOLUTE},
    {"alpha", required_argument, NULL, OPT_ALPHA},
    {"power", required_argument, NULL, OPT_POWER},
    {"ratio", required_argument, NULL, OPT_RATIO},
    {"curve", required_argument, NULL, OPT_CURVE},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {NULL, 0, NULL, 0},
};

static int number(const char *name, const char *s, double *v)
{
    if (cli_parse_double(s, v))
        return cli_usage("power", "--%s expects a number, not '%s'", name, s);
    return 0;
}

/* One option; 0, or the usage error's exit code. */
static int take_option(int c, const char *arg, power_opts *o)
{
    switch (c) {
    case OPT_BASELINE:
        o->has_baseline = 1;
        return number("baseline", arg, &o->baseline);
    case OPT_LIFT:
        o->has_lift = 1;
        return number("lift", arg, &o->lift);
    case OPT_N:
        o->has_n = 1;
        if (cli_parse_ulong(arg, &o->n) || o->n == 0)
            return cli_usage("power", "--n expects a positive whole number, not '%s'", arg);
        return 0;
    case OPT_ABSOLUTE:
        o->absolute = 1;
        return 0;
    case OPT_ALPHA:
        return number("alpha", arg, &o->alpha);
    case OPT_POWER:
        return number("power", arg, &o->power);
    case OPT_RATIO:
        return number("ratio", arg, &o->ratio);
    case OPT_CURVE:
        o->curve = arg;
        return 0;
    case OPT_FORMAT:
        if (strcmp(arg, "csv") && strcmp(arg, "md"))
            return cli_usage("power", "--format expects csv or md, not '%s'", arg);
        o->markdown = !strcmp(arg, "md");
        return 0;
    case 'o':
        o->output = arg;
        return 0;
    default:
        return cli_usage("power", "unknown option");
    }
}

static int parse(int argc, char **argv, power_opts *o)
{
    *o = (power_opts){.alpha = 0.05, .power = 0.8, .ratio = 1};
    int c, rc;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:", long_options, NULL)) != -1) {
        if (c == ':')
            return cli_usage("power", "option '%s' needs a value", argv[optind - 1]);
        if (c == '?')
            return cli_usage("power", "unknown option '%s'", argv[optind - 1]);
        if ((rc = take_option(c, optarg, o)))
            return rc;
    }
    if (optind < argc)
        return cli_usage("power", "unexpected argument '%s'", argv[optind]);
    if (!o->has_baseline)
        return cli_usage("power", "--baseline is required");
    if (o->has_lift == o->has_n)
        return cli_usage("power", o->has_lift ? "give --lift or --n, not both"
                                              : "give --lift (effect to detect) or --n "
                                                "(size to judge)");
    if (o->absolute && !o->has_lift)
        return cli_usage("power", "--absolute applies only with --lift");
    return 0;
}

static int plan(const power_opts *o, lk_power_row *row, lk_error *err)
{
    if (o->has_n)
        return lk_power_detectable(o->baseline, (double)o->n, o->alpha, o->power, o->ratio, row,
                                   err);
    double treated = o->absolute ? o->baseline + o->lift : o->baseline * (1 + o->lift);
    if (o->baseline > 0 && o->baseline < 1 && !(treated > 0 && treated < 1))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "treated rate %g (baseline %g with %s lift %g) is outside (0, 1)",
                            treated, o->baseline, o->absolute ? "absolute" : "relative",
                            o->lift);
    return lk_power_size(o->baseline, treated, o->alpha, o->power, o->ratio, row, err);
}

/* Write the curve and the result, committing both only when both are written. */
static int write_all(const power_opts *o, const lk_power_row *row, lk_error *err)
{
    lk_output *out = NULL, *curve = NULL;
    lk_power_row *rows = NULL;
    size_t nrows = 0;
    int rc = lk_output_open(&out, o->output, err);
    if (!rc && o->curve) {
        rc = lk_power_curve(row, o->has_n, &rows, &nrows, err);
        if (!rc)
            rc = lk_output_open(&curve, o->curve, err);
        if (!rc)
            rc = lk_power_write_curve(rows, nrows, lk_output_file(curve), err);
    }
    if (!rc)
        rc = lk_power_write(row, lk_output_file(out), o->markdown ? LK_FORMAT_MD : LK_FORMAT_CSV,
                            err);
    free(rows);
    if (!rc && curve) {
        rc = lk_output_commit(curve, err);
        curve = NULL;
    }
    if (!rc) {
        rc = lk_output_commit(out, err);
        out = NULL;
    }
    if (curve)
        lk_output_abort(curve);
    if (out)
        lk_output_abort(out);
    return rc;
}

int cmd_power(int argc, char **argv)
{
    power_opts o;
    lk_power_row row;
    lk_error err;
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc;
    lk_error_clear(&err);
    if ((rc = plan(&o, &row, &err)))
        return rc == LK_EUSAGE ? cli_usage("power", "%s", err.msg) : cli_fail(&err);
    if ((rc = write_all(&o, &row, &err)))
        return cli_fail(&err);
    return 0;
}
