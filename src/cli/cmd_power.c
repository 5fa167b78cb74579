/*
 * cmd_power.c - 'liftkit power': customers needed per arm for a lift, or
 * the smallest treated rate a given size detects; optionally the power
 * curve table for the chart.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/output.h"
#include "liftkit/power.h"

#include "cli.h"
#include "options.h"

static const cli_doc doc = {
    .name = "power",
    .usage = "usage: liftkit power --baseline P (--lift L | --n N) [--absolute] [--alpha A]\n"
             "                     [--power B] [--ratio R] [--curve FILE] [-f FORMAT]\n"
             "                     [-o FILE]\n",
    .purpose = "Size a test cell, or find the smallest lift a given size can detect.",
    .description =
        "The test is a two-sided two-proportion z-test (the normal approximation of\n"
        "R's power.prop.test, generalized to unequal arms).\n"
        "\n"
        "Output: one row with columns baseline, treated, alpha, power, ratio,\n"
        "n_baseline, n_treated, n_total.  Sizes are rounded up to whole customers\n"
        "(n_treated = n_baseline * R rounded up); with --n, n_baseline is N and\n"
        "treated is the smallest detectable rate.\n"
        "\n"
        "  power = Phi((|p2 - p1| sqrt(n1) - z(1-A/2) sqrt(pbar qbar (1 + 1/R)))\n"
        "              / sqrt(p1 q1 + p2 q2 / R)),   pbar = (p1 + R p2) / (1 + R)\n",
    .exit_notes = "A usage error also: a rate outside (0, 1), a missing or conflicting option,\n"
                  "a relative lift above 5, nothing detectable at that size.\n",
    .example = "  liftkit power --baseline 0.05 --lift 0.2\n"
               "  baseline,treated,alpha,power,ratio,n_baseline,n_treated,n_total\n"
               "  0.05,0.06,0.05,0.8,1,8158,8158,16316\n",
    .max_args = 0,
};

/* The largest relative lift taken as meant: above it, a percent was likely typed. */
#define MAX_RELATIVE_LIFT 5.0

typedef struct power_opts {
    double baseline, lift, alpha, power, ratio;
    unsigned long n;
    int has_n, absolute;
    lk_format format;
    const char *curve, *output;
} power_opts;

static int take_n(void *ctx, const char *name, const char *arg)
{
    power_opts *o = ctx;
    o->has_n = 1;
    if (cli_parse_ulong(arg, &o->n) || o->n == 0)
        return cli_usage("power", "%s expects a positive whole number, not '%s'", name, arg);
    return 0;
}

/* The checks that need every option; 0 or the usage error's exit code. */
static int check(const power_opts *o)
{
    int has_lift = !isnan(o->lift);
    if (isnan(o->baseline))
        return cli_usage("power", "--baseline is required");
    if (has_lift == o->has_n)
        return cli_usage("power", has_lift ? "give --lift or --n, not both"
                                           : "give --lift (effect to detect) or --n "
                                             "(size to judge)");
    if (o->absolute && !has_lift)
        return cli_usage("power", "--absolute applies only with --lift");
    if (has_lift && !o->absolute && o->lift > MAX_RELATIVE_LIFT)
        return cli_usage("power", "--lift %g is a relative lift of %+.0f%%; did you mean %g? "
                                  "(relative lifts above %g are refused)",
                         o->lift, 100 * o->lift, o->lift / 100, MAX_RELATIVE_LIFT);
    return 0;
}

static int parse(int argc, char **argv, power_opts *o)
{
    *o = (power_opts){.baseline = NAN, .lift = NAN, .alpha = 0.05, .power = 0.8, .ratio = 1};
    const cli_option opts[] = {
        OPT_DOUBLE(0, "baseline", &o->baseline, "P",
                   "response rate of the baseline arm, in (0, 1) (required)"),
        OPT_DOUBLE(0, "lift", &o->lift, "L",
                   "lift to detect: relative, treated = P * (1 + L)\n"
                   "(0.1 = +10%; negative for a drop; above 5, i.e.\n"
                   "+500%, is refused as a likely percent)"),
        OPT_FLAG(0, "absolute", &o->absolute, "read --lift as absolute: treated = P + L"),
        OPT_CALLBACK(0, "n", take_n, o, "N",
                     "baseline arm size in customers: solve for the\n"
                     "smallest detectable treated rate above P instead\n"
                     "(exactly one of --lift and --n)"),
        OPT_DOUBLE(0, "alpha", &o->alpha, "A", "two-sided significance level (default 0.05)"),
        OPT_DOUBLE(0, "power", &o->power, "B", "power wanted (default 0.8)"),
        OPT_DOUBLE(0, "ratio", &o->ratio, "R", "allocation n_treated / n_baseline (default 1)"),
        OPT_OUTFILE(0, "curve", &o->curve,
                    "also write the power curve table: columns baseline,\n"
                    "treated, n_baseline, n_treated, n_total, power; about\n"
                    "50 rows with n_baseline from n/10 to 3n (with --n:\n"
                    "power against the treated rate at the given size)"),
        OPT_FORMAT_CSV_MD(&o->format),
        OPT_OUTPUT(&o->output),
        OPT_HELP(),
        OPT_END(),
    };
    int nargs;
    int rc = cli_parse_options(&doc, opts, argc, argv, &nargs);
    return rc ? rc : check(o);
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
        rc = lk_power_write(row, lk_output_file(out), o->format, err);
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
        return cli_parse_exit(rc);
    lk_error_clear(&err);
    if ((rc = plan(&o, &row, &err)))
        return rc == LK_EUSAGE ? cli_usage("power", "%s", err.msg) : cli_fail(&err);
    if ((rc = write_all(&o, &row, &err)))
        return cli_fail(&err);
    return 0;
}
