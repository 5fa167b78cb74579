/*
 * cmd_contacts.c - 'liftkit contacts': contact pressure per arm and the
 * offers that break the experiment's [contact_policy] (docs/methods.md,
 * "Contact pressure").  Every output is all-or-nothing.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/contacts.h"
#include "liftkit/experiment.h"
#include "liftkit/format.h"
#include "liftkit/output.h"
#include "liftkit/units.h"

#include "cli.h"
#include "options.h"

static const cli_doc doc = {
    .name = "contacts",
    .usage = "usage: liftkit contacts -e EXP --offers FILE [--assignments FILE] [options]\n",
    .purpose = "Contact pressure per arm and breaches of the contact policy.",
    .description =
        "Counts the contacts (offers.csv rows) of every unit and checks each offer\n"
        "against [contact_policy]: max_<N>d = K (at most K contacts in the N days\n"
        "ending on the offer's date, all channels), <channel>.max_<N>d = K (the same\n"
        "for one channel) and min_gap = G (days since the customer's previous\n"
        "contact).  The offers must be sorted by customer_id, then offer_date, as\n"
        "'liftkit simulate' writes them; they are read once, in memory that does not\n"
        "grow with their number.  Without --assignments the units are the customers\n"
        "found in the offers, in one row '(all)'.\n"
        "\n"
        "CSV columns: arm,units,contacts,contacts_per_unit,p50,p90,max,\n"
        "units_over_policy,share_over_policy,violations.\n"
        "--violations: customer_id,offer_id,channel,offer_date,rule,count.\n"
        "--histogram: arm,contacts,units,share (units by contacts per unit).\n",
    .exit_notes = "Offers not sorted by customer_id, then offer_date, are bad input (2),\n"
                  "named at the first row out of order.  Customers together but not in\n"
                  "order are checked with one more read and a map of at most\n"
                  "LIFTKIT_MAX_IDS customers (default 10000000); past it, exit 4.\n",
    .example = "  liftkit contacts -e experiments/heloc-spring-2026.ini --offers data/offers.csv \\\n"
               "      --assignments data/assignments.csv --violations data/violations.csv\n",
    .max_args = 0,
};

typedef struct contacts_args {
    const char *experiment, *assignments, *offers, *output, *violations, *histogram;
    lk_format format;
    int quiet;
} contacts_args;

static int parse_args(void *args, int argc, char **argv)
{
    contacts_args *a = args;
    const cli_option opts[] = {
        OPT_EXPERIMENT(&a->experiment),
        OPT_STRING_REQUIRED(0, "offers", &a->offers, "FILE",
                            "offers.csv, sorted by customer_id, then offer_date"),
        OPT_STRING(0, "assignments", &a->assignments, "FILE",
                   "assignments.csv (from 'liftkit assign'): rows per arm"),
        OPT_OUTPUT(&a->output),
        OPT_FORMAT(&a->format),
        OPT_OUTFILE(0, "violations", &a->violations,
                    "write one row per offer and rule it breaks to FILE"),
        OPT_OUTFILE(0, "histogram", &a->histogram,
                    "write the units by contacts per unit to FILE (for 'plot pressure')"),
        OPT_QUIET(&a->quiet),
        OPT_END(),
    };
    return cli_parse_options(&doc, opts, argc, argv, NULL);
}

static int compute(lk_contacts_table **t, const contacts_args *a, const lk_experiment *exp,
                   lk_output *vout, lk_error *err)
{
    lk_units *u = NULL;
    int rc = LK_OK;
    if (a->assignments) {
        cli_progress cp;
        lk_units_options uo = {.progress = cli_progress_start(&cp, "contacts"),
                               .find_customers = 1, .skip_ids = 1};
        rc = lk_units_load(&u, exp, a->assignments, NULL, &uo, err);
        cli_progress_done(&cp);
    }
    lk_violations_writer *vw = NULL;
    if (!rc && vout && !(vw = lk_violations_writer_new(lk_output_file(vout))))
        rc = lk_error_nomem(err);
    if (!rc)
        rc = lk_contacts_compute(t, exp, u, a->offers, vw ? lk_violations_put : NULL, vw, err);
    lk_violations_writer_free(vw);
    lk_units_free(u);
    return rc;
}

static void summary(const lk_contacts_table *t, const lk_experiment *exp)
{
    fprintf(stderr, "liftkit contacts: %lu offers read, %zu policy rules, %lu violations:",
            t->offers, exp->policy.n, t->violations);
    for (size_t k = 0; k < t->narms; k++)
        fprintf(stderr, "%s %s %.0f", k ? "," : "", t->arm_names[k], t->arms[k].violations);
    fputc('\n', stderr);
}

static int write_outputs(const contacts_args *a, const lk_contacts_table *t, lk_error *err)
{
    lk_output *out = NULL, *hist = NULL;
    int rc = lk_output_open(&out, a->output, err);
    if (!rc)
        rc = lk_contacts_write(t, lk_output_file(out), a->format, err);
    if (!rc && a->histogram)
        rc = lk_output_open(&hist, a->histogram, err);
    if (!rc && hist)
        rc = lk_contacts_write_histogram(t, lk_output_file(hist), err);
    rc = cli_output_finish(hist, rc, err);
    return cli_output_finish(out, rc, err);
}

static int run(void *args, lk_experiment *exp, lk_error *err)
{
    const contacts_args *a = args;
    lk_contacts_table *t = NULL;
    lk_output *vout = NULL;
    int rc = a->violations ? lk_output_open(&vout, a->violations, err) : LK_OK;
    if (!rc)
        rc = compute(&t, a, exp, vout, err);
    if (!rc)
        rc = write_outputs(a, t, err);
    rc = cli_output_finish(vout, rc, err);
    if (!rc && !a->quiet)
        summary(t, exp);
    lk_contacts_table_free(t);
    return rc ? cli_fail(err) : 0;
}

const cli_command cmd_contacts = {parse_args, run, sizeof(contacts_args),
                                  offsetof(contacts_args, experiment)};
