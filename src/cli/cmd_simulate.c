/*
 * cmd_simulate.c - 'liftkit simulate': a synthetic campaign with known truth.
 *
 * Parses options, loads the experiment, runs lk_simulate into the output
 * directory and prints a one-line summary on standard error.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "liftkit/experiment.h"
#include "liftkit/simulate.h"

#include "cli.h"
#include "options.h"

static const cli_doc doc = {
    .name = "simulate",
    .usage = "usage: liftkit simulate -e EXP -n CUSTOMERS [--seed S] [--out-dir DIR]\n"
             "                        [--effect ARM=REL]... [--halo REL] [--base-rate P]\n"
             "                        [--other-rate P] [--segment-effect ARM:SEGMENT=FACTOR]\n"
             "                        [--latent] [-q]\n",
    .purpose = "Simulate a campaign: customers, offers and openings with known truth.",
    .description =
        "Simulate a bank cross-sell campaign for the experiment EXP and write into DIR:\n"
        "  customers.csv  customer_id, household_id, segment, tenure_months,\n"
        "                 pre_balance, score_v1, score_v2, pre_products\n"
        "                 (pre_balance and pre_products predict the outcomes:\n"
        "                 CUPED covariates)\n"
        "  offers.csv     customer_id, offer_id, product, channel, offer_date, cost\n"
        "                 (treated arms only: monthly waves by mail, email and app)\n"
        "  openings.csv   customer_id, account_id, product, open_date, balance\n"
        "                 (organic openings for everyone, in and around the window;\n"
        "                 direct and halo responses to the offers)\n"
        "  events.csv     customer_id, event, event_date (opt-outs and closures)\n"
        "  holdings.csv   customer_id, product, open_date, close_date: every account\n"
        "                 (held before the window, some closed, and the openings)\n"
        "  balances.csv   account_id, date, balance: snapshots of each opening 30,\n"
        "                 60 and 90 days after it (a few missing)\n"
        "  truth.csv      per arm: the true and expected target response rates and\n"
        "                 lifts, and the simulation's own counts of units, contacts,\n"
        "                 cost, responders, openings, balances and value\n"
        "  truth-segments.csv  per arm and segment: the effect's factor, the true\n"
        "                 lift, units, the expected target rate and lifts\n"
        "  latent.csv     with --latent: per customer its arm, control propensity,\n"
        "                 latent uplift and expected response probabilities\n"
        "Arms are exactly those 'liftkit assign' gives on customers.csv.  The same\n"
        "arguments always give byte-identical files.\n",
    .exit_notes = "The experiment file's own errors are bad input data (2).\n",
    .example = "  liftkit simulate -e experiments/heloc-spring-2026.ini -n 200000 --seed 2026 \\\n"
               "      --out-dir data\n",
    .max_args = 0,
};

#define MAX_EFFECTS CLI_LIST_MAX

typedef struct simulate_args {
    const char *experiment;
    int quiet;
    char *effect_arm[MAX_EFFECTS];
    double effect_rel[MAX_EFFECTS];
    lk_simulate_options opt;
} simulate_args;

static int take_effect(void *ctx, const char *cmd, const char *name, const char *value)
{
    simulate_args *a = ctx;
    char *arg = (char *)value; /* an argv string: writable */
    char *eq = strrchr(arg, '=');
    if (!eq || eq == arg)
        return cli_usage(cmd, "%s needs ARM=REL, not '%s'", name, arg);
    if (a->opt.neffects == MAX_EFFECTS)
        return cli_usage(cmd, "%s is allowed at most %d times", name, MAX_EFFECTS);
    double rel;
    if (cli_parse_double(eq + 1, &rel) != 0)
        return cli_usage(cmd, "%s needs a number after '=', not '%s'", name, arg);
    *eq = '\0';
    a->effect_arm[a->opt.neffects] = arg;
    a->effect_rel[a->opt.neffects] = rel;
    a->opt.neffects++;
    return 0;
}

/* --segment-effect ARM:SEGMENT=FACTOR */
static int take_segment_effect(void *ctx, const char *cmd, const char *name, const char *value)
{
    simulate_args *a = ctx;
    char *arg = (char *)value; /* an argv string: writable */
    char *colon = strchr(arg, ':'), *eq = strrchr(arg, '=');
    double f;
    if (!colon || colon == arg || !eq || eq < colon || eq == colon + 1 ||
        cli_parse_double(eq + 1, &f) != 0)
        return cli_usage(cmd, "%s needs ARM:SEGMENT=FACTOR, not '%s'", name, arg);
    *colon = *eq = '\0';
    a->opt.segment_effect_arm = arg;
    a->opt.segment_effect_segment = colon + 1;
    a->opt.segment_effect = f;
    return 0;
}

static int take_customers(void *ctx, const char *cmd, const char *name, const char *value)
{
    simulate_args *a = ctx;
    unsigned long v;
    if (cli_parse_ulong(value, &v) != 0 || v < 1 || v > 100000000UL)
        return cli_usage(cmd, "%s expects a number of customers from 1 to "
                         "100000000, not '%s'", name, value);
    a->opt.customers = v;
    return 0;
}

static int parse_args(void *args, int argc, char **argv)
{
    simulate_args *a = args;
    lk_simulate_options_init(&a->opt);
    const cli_option opts[] = {
        OPT_EXPERIMENT_HELP(&a->experiment,
                            "the experiment file (INI); its unit must be\n"
                            "customer_id or household_id, its stratify (if any)\n"
                            "segment"),
        OPT_CALLBACK_REQUIRED('n', "customers", take_customers, a, "N",
                              "number of customers, 1 to 100000000 (required)"),
        OPT_ULONG('s', "seed", &a->opt.seed, "S",
                  "random seed, a non-negative integer (default 1)"),
        OPT_STRING('d', "out-dir", &a->opt.out_dir, "DIR",
                   "output directory, created if missing (default .)"),
        OPT_CALLBACK(0, "effect", take_effect, a, "ARM=REL",
                     "true relative lift of ARM's target response rate\n"
                     "over the control, in (-1, 10]; repeatable.\n"
                     "Defaults: champion 0.25, first challenger 0.40,\n"
                     "others 0.25"),
        OPT_CALLBACK(0, "segment-effect", take_segment_effect, a, "ARM:SEGMENT=FACTOR",
                     "ARM's effect times FACTOR, in (0, 10], in SEGMENT\n"
                     "(mass, affluent, young, senior, small-business);\n"
                     "truth-segments.csv has the truth per segment"),
        OPT_DOUBLE(0, "halo", &a->opt.halo, "REL",
                   "relative lift of non-target openings among\n"
                   "contacted customers, in [0, 10] (default 0.05)"),
        OPT_DOUBLE(0, "base-rate", &a->opt.base_rate, "P",
                   "the control's target response rate over the\n"
                   "window, in (0, 0.5] (default 0.03)"),
        OPT_DOUBLE(0, "other-rate", &a->opt.other_rate, "P",
                   "the control's rate of opening a non-target product\n"
                   "over the window, in (0, 0.5] (default 0.06)"),
        OPT_FLAG(0, "latent", &a->opt.latent, "also write latent.csv"),
        OPT_QUIET(&a->quiet),
        OPT_SAFE_CSV(),
        OPT_END(),
    };
    return cli_parse_options(&doc, opts, argc, argv, NULL);
}

static int make_out_dir(const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "liftkit: cannot create directory '%s': %s\n", dir, strerror(errno));
        return LK_EIO;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "liftkit: '%s' is not a directory\n", dir);
        return LK_EIO;
    }
    return 0;
}

static void print_summary(const lk_experiment *exp, const simulate_args *a,
                          const lk_sim_result *res)
{
    fprintf(stderr, "simulate: %llu customers in %llu households, %llu offers, %llu "
                    "openings in '%s'\n",
            (unsigned long long)res->customers, (unsigned long long)res->households,
            (unsigned long long)res->offers, (unsigned long long)res->openings,
            a->opt.out_dir ? a->opt.out_dir : ".");
    for (size_t i = 0; i < res->narms; i++) {
        const lk_sim_arm_truth *t = &res->arm[i];
        fprintf(stderr, "  %-14s %-10s units %9llu  true lift %+6.1f%%  expected rate "
                        "%.4f  realized %.4f\n",
                exp->arms[i].name, lk_role_name(exp->arms[i].role),
                (unsigned long long)t->units, 100.0 * t->rel,
                t->units ? t->expected_target / (double)t->units : 0.0,
                t->units ? (double)t->target_units / (double)t->units : 0.0);
    }
}

static int run(void *args, lk_experiment *exp, lk_error *err)
{
    simulate_args *a = args;
    a->opt.effect_arm = (const char *const *)a->effect_arm;
    a->opt.effect_rel = a->effect_rel;
    int rc = lk_simulate_check(exp, &a->opt, err);
    if (!rc && a->opt.out_dir)
        rc = make_out_dir(a->opt.out_dir);
    cli_progress cp;
    a->opt.progress = cli_progress_start(&cp, "simulate");
    lk_sim_result res = {0};
    if (!rc)
        rc = lk_simulate(exp, &a->opt, &res, err);
    cli_progress_done(&cp);
    if (rc == LK_OK && !a->quiet)
        print_summary(exp, a, &res);
    else if (rc && err->code == LK_EUSAGE && !err->path[0])
        rc = cli_usage("simulate", "%s", err->msg);
    else if (rc && err->code)
        rc = cli_fail(err);
    lk_sim_result_release(&res);
    return rc;
}

const cli_command cmd_simulate = {parse_args, run, sizeof(simulate_args),
                                  offsetof(simulate_args, experiment)};
