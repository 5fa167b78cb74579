/*
 * cmd_power.c - 'liftkit power': customers needed per arm for a lift, or
 * the smallest treated rate a given size detects; optionally the power
 * curve table for the chart.
 */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/power.h"
#include "liftkit/power_k.h"

#include "cli.h"
#include "options.h"

/* More comparisons than this: a typo, and past 2^32 cut to an unsigned by the sizing. */
#define MAX_COMPARISONS 1000000

static const cli_doc doc = {
    .name = "power",
    .usage = "usage: liftkit power --baseline P (--lift L | --n N) [--absolute] [--alpha A]\n"
             "                     [--power B] [--ratio R] [--comparisons K] [-e EXP]\n"
             "                     [--curve FILE] [-f FORMAT] [-o FILE]\n"
             "   or: liftkit power --baseline-from LIFT.csv (--lift L | --n N) [options]\n",
    .purpose = "Size a test cell, or find the smallest lift a given size can detect.",
    .description =
        "The test is a two-sided two-proportion z-test (the normal approximation of\n"
        "R's power.prop.test, generalized to unequal arms).\n"
        "\n"
        "Output: one row with columns baseline, treated, alpha, power, ratio,\n"
        "n_baseline, n_treated, n_total.  Sizes are rounded up to whole units\n"
        "(n_treated = n_baseline * R rounded up); with --n, n_baseline is N and\n"
        "treated is the smallest detectable rate.\n"
        "\n"
        "  power = Phi((|p2 - p1| sqrt(n1) - z(1-A/2) sqrt(pbar qbar (1 + 1/R)))\n"
        "              / sqrt(p1 q1 + p2 q2 / R)),   pbar = (p1 + R p2) / (1 + R)\n"
        "\n"
        "With K comparisons judged together by Holm each is sized at A/K (the alpha\n"
        "column then holds A/K), so every true effect is found with the stated\n"
        "power.  With -e the units are the experiment's (its 'unit' column, e.g.\n"
        "households), alpha is its alpha and K its number of challengers, unless\n"
        "--alpha or --comparisons say otherwise; the baseline is then a rate per\n"
        "unit, which --baseline-from takes from the last wave's lift table.\n",
    .exit_notes = "A usage error also: a rate outside (0, 1), a missing or conflicting option,\n"
                  "a relative lift above 5, nothing detectable at that size.\n",
    .example = "  liftkit power --baseline 0.05 --lift 0.2\n"
               "  baseline,treated,alpha,power,ratio,n_baseline,n_treated,n_total\n"
               "  0.05,0.06,0.05,0.8,1,8158,8158,16316\n",
    .max_args = 0,
};

/* The largest relative lift taken as meant: above it, a percent was likely typed. */
#define MAX_RELATIVE_LIFT 5.0
/* Above it (more than doubling) a relative lift is taken, with a warning. */
#define PLAUSIBLE_RELATIVE_LIFT 1.0

typedef struct power_opts {
    double baseline, lift, alpha, power, ratio;
    unsigned long n, comparisons;
    int has_n, absolute, quiet;
    lk_format format;
    const char *curve, *output, *experiment, *baseline_from;
    char unit[64];              /* plural noun of the unit sized */
} power_opts;

static int take_n(void *ctx, const char *cmd, const char *name, const char *arg)
{
    power_opts *o = ctx;
    o->has_n = 1;
    if (cli_parse_ulong(arg, &o->n) || o->n == 0)
        return cli_usage(cmd, "%s expects a positive whole number, not '%s'", name, arg);
    return 0;
}

/* The checks that need every option; 0 or the usage error's exit code. */
static int check(const power_opts *o)
{
    int has_lift = !isnan(o->lift);
    if (isnan(o->baseline) == !o->baseline_from)
        return cli_usage("power", o->baseline_from ? "give --baseline or --baseline-from, not both"
                                                   : "--baseline (or --baseline-from) is required");
    /* unset is ULONG_MAX; 4294967297 was sized as 1 comparison */
    if (o->comparisons == 0 || (o->comparisons > MAX_COMPARISONS && o->comparisons != ULONG_MAX))
        return cli_usage("power", "--comparisons must be a whole number from 1 to %d, not '%lu'",
                         MAX_COMPARISONS, o->comparisons);
    if (has_lift == o->has_n)
        return cli_usage("power", has_lift ? "give --lift or --n, not both"
                                           : "give --lift (effect to detect) or --n "
                                             "(size to judge)");
    if (o->absolute && !has_lift)
        return cli_usage("power", "--absolute applies only with --lift");
    if (has_lift && !o->absolute && o->lift > MAX_RELATIVE_LIFT)
        return cli_usage("power", "--lift %g is a relative lift of %+.10g%%; did you mean %g? "
                                  "(relative lifts above %g are refused)",
                         o->lift, 100 * o->lift, o->lift / 100, MAX_RELATIVE_LIFT);
    return 0;
}

static int parse(void *args, int argc, char **argv)
{
    power_opts *o = args;
    *o = (power_opts){.baseline = NAN, .lift = NAN, .alpha = NAN, .power = 0.8, .ratio = 1,
                      .comparisons = ULONG_MAX};
    const cli_option opts[] = {
        OPT_DOUBLE(0, "baseline", &o->baseline, "P",
                   "response rate of the baseline arm per unit, in\n"
                   "(0, 1) (this or --baseline-from is required)"),
        OPT_STRING(0, "baseline-from", &o->baseline_from, "LIFT.csv",
                   "take the baseline from a previous wave's lift\n"
                   "table: the champion's response_target value"),
        OPT_EXPERIMENT_OPTIONAL(&o->experiment, "the experiment file (INI)"),
        OPT_DOUBLE(0, "lift", &o->lift, "L",
                   "lift to detect: relative, treated = P * (1 + L)\n"
                   "(0.1 = +10%; negative for a drop; a likely\n"
                   "percent is warned of above 1, i.e. +100%, and\n"
                   "refused above 5)"),
        OPT_FLAG(0, "absolute", &o->absolute, "read --lift as absolute: treated = P + L"),
        OPT_CALLBACK(0, "n", take_n, o, "N",
                     "baseline arm size in units: solve for the\n"
                     "smallest detectable treated rate above P instead\n"
                     "(exactly one of --lift and --n)"),
        OPT_DOUBLE(0, "alpha", &o->alpha, "A",
                   "two-sided significance level (default the\n"
                   "experiment's, else 0.05)"),
        OPT_ULONG(0, "comparisons", &o->comparisons, "K",
                  "comparisons judged together by Holm: each is\n"
                  "sized at A/K (default the experiment's number of\n"
                  "challengers, else 1)"),
        OPT_DOUBLE(0, "power", &o->power, "B", "power wanted (default 0.8)"),
        OPT_DOUBLE(0, "ratio", &o->ratio, "R", "allocation n_treated / n_baseline (default 1)"),
        OPT_OUTFILE(0, "curve", &o->curve,
                    "also write the power curve table: columns baseline,\n"
                    "treated, n_baseline, n_treated, n_total, power; about\n"
                    "50 rows with n_baseline from n/10 to 3n (with --n:\n"
                    "power against the treated rate at the given size)"),
        OPT_FORMAT_CSV_MD(&o->format),
        OPT_OUTPUT(&o->output),
        OPT_QUIET(&o->quiet),
        OPT_SAFE_CSV(),
        OPT_END(),
    };
    int rc = cli_parse_options(&doc, opts, argc, argv, NULL);
    return rc ? rc : check(o);
}

/* Alpha, K and the unit from the experiment (or NULL) and the baseline from a lift table. */
static int resolve(power_opts *o, const lk_experiment *exp, lk_error *err)
{
    unsigned long challengers = 0;
    for (size_t a = 0; exp && a < exp->narms; a++)
        challengers += exp->arms[a].role == LK_ROLE_CHALLENGER;
    if (isnan(o->alpha))
        o->alpha = exp ? exp->alpha : 0.05;
    if (o->comparisons == ULONG_MAX)
        o->comparisons = challengers ? challengers : 1;
    lk_unit_noun(exp ? exp->unit : NULL, o->unit, sizeof(o->unit));
    if (o->baseline_from)
        return lk_power_baseline_from_lift(o->baseline_from, &o->baseline, err);
    return LK_OK;
}

static int plan(const power_opts *o, lk_power_row *row, lk_error *err)
{
    if (o->has_n) {
        double a = o->alpha / (double)o->comparisons;
        int rc = lk_power_detectable(o->baseline, (double)o->n, a, o->power, o->ratio, row, err);
        return rc;
    }
    double treated = o->absolute ? o->baseline + o->lift : o->baseline * (1 + o->lift);
    if (o->baseline > 0 && o->baseline < 1 && !(treated > 0 && treated < 1))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "treated rate %g (baseline %g with %s lift %g) is outside (0, 1)",
                            treated, o->baseline, o->absolute ? "absolute" : "relative",
                            o->lift);
    return lk_power_size_k(o->baseline, treated, o->alpha, o->power, o->ratio,
                           (unsigned)o->comparisons, row, err);
}

/* A message of the sizing library names customers; say the unit sized instead. */
static int fail_in_units(const power_opts *o, lk_error *err, int rc)
{
    char *at = strstr(err->msg, " customers");
    if (at && strcmp(o->unit, "customers")) {
        char rest[256];
        snprintf(rest, sizeof(rest), "%s", at + strlen(" customers"));
        snprintf(at, sizeof(err->msg) - (size_t)(at - err->msg), " %s%s", o->unit, rest);
    }
    return rc == LK_EUSAGE ? cli_usage("power", "%s", err->msg) : cli_fail(err);
}

/* A relative lift that more than doubles the rate was likely typed as a percent. */
static void warn_lift(const power_opts *o)
{
    if (!isnan(o->lift) && !o->absolute && o->lift > PLAUSIBLE_RELATIVE_LIFT)
        fprintf(stderr, "liftkit power: warning: --lift %g is a relative lift of %+.10g%%; "
                        "did you mean %g?\n", o->lift, 100 * o->lift, o->lift / 100);
}

static void say_plan(const power_opts *o)
{
    if (o->quiet || (!o->experiment && !o->baseline_from && o->comparisons == 1))
        return;
    fprintf(stderr, "liftkit power: sizes in %s", o->unit);
    if (o->baseline_from)
        fprintf(stderr, ", baseline %.6g from '%s'", o->baseline, o->baseline_from);
    fprintf(stderr, "; %lu comparison%s, each at alpha %g / %lu\n", o->comparisons,
            o->comparisons == 1 ? "" : "s", o->alpha, o->comparisons);
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

static int run(void *args, lk_experiment *exp, lk_error *err)
{
    power_opts *o = args;
    lk_power_row row;
    int rc = resolve(o, exp, err);
    if (rc)
        return cli_fail(err);
    warn_lift(o);
    if ((rc = plan(o, &row, err)))
        return fail_in_units(o, err, rc);
    if ((rc = write_all(o, &row, err)))
        return cli_fail(err);
    say_plan(o);
    return 0;
}

const cli_command cmd_power = {parse, run, sizeof(power_opts), offsetof(power_opts, experiment)};
