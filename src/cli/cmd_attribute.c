/*
 * cmd_attribute.c - 'liftkit attribute': credit each opening to the offer
 * that earned it (docs/methods.md, "Attribution"), over the library in attribute.c.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/attribute.h"
#include "liftkit/experiment.h"
#include "liftkit/output.h"

#include "cli.h"
#include "options.h"

static const cli_doc doc = {
    .name = "attribute",
    .usage = "usage: liftkit attribute -e EXP --offers FILE --openings FILE [-o FILE]\n"
             "                         [--rule RULE] [--half-life DAYS] [--mix FILE]\n"
             "                         [--rejects FILE] [--threads N] [-q]\n",
    .purpose = "Credit each product opening to the offer that earned it.",
    .description =
        "An offer is a candidate for an opening of the same customer when\n"
        "  offer_date + lag(channel) <= open_date <= offer_date + window(offered product)\n"
        "with [lag] and [windows] from the experiment file.  A candidate that offered\n"
        "the opened product makes the opening 'direct' (credited among the direct\n"
        "candidates only); otherwise any candidate makes it 'halo' (credited among\n"
        "all); otherwise it is 'none'.  No opening is dropped.\n"
        "\n"
        "Rules ([attribution] rule in the experiment file, or --rule):\n"
        "  last    the latest offer_date wins, ties to the larger offer_id (byte order)\n"
        "  first   the earliest offer_date wins, ties to the smaller offer_id\n"
        "  linear  equal shares among the candidates\n"
        "  decay   shares proportional to 2^(-(open_date - offer_date) / half-life)\n"
        "\n"
        "Output (CSV, openings in input order; for linear and decay one row per\n"
        "credited offer, by offer_date then offer_id; credits sum to 1 per opening):\n"
        "  customer_id,account_id,product,open_date,balance,offer_id,offered_product,\n"
        "  channel,offer_date,days_since_offer,response,credit\n"
        "Unmatched openings have empty offer columns, response none and credit 1.\n"
        "\n"
        "A summary goes to standard error: openings by response and by channel,\n"
        "openings of customers with no offers, rows read, written and rejected.\n",
    .exit_notes =
        "Bad input (exit 2, file:line:column, nothing written): missing columns,\n"
        "ragged rows, invalid dates, empty ids, a negative or non-numeric balance,\n"
        "a duplicate account_id, an offered product with no window and no [windows]\n"
        "default.  The cost column is not read here ('liftkit roi' checks it).\n",
    .example = "  liftkit attribute -e experiments/heloc-spring-2026.ini --offers data/offers.csv \\\n"
               "      --openings data/openings.csv -o data/attribution.csv --mix data/mix.csv\n",
    .max_args = 0,
};

typedef struct attribute_args {
    const char *exp, *offers, *openings, *output, *mix, *rejects;
    const char *rule;
    double half_life;
    unsigned long threads;
    int quiet;
} attribute_args;

static int parse_args(void *args, int argc, char **argv)
{
    attribute_args *a = args;
    a->half_life = NAN;
    a->threads = 2;
    const cli_option opts[] = {
        OPT_EXPERIMENT(&a->exp),
        OPT_STRING_REQUIRED(0, "offers", &a->offers, "FILE",
                            "offers.csv: customer_id,offer_id,product,channel,\n"
                            "offer_date[,cost] ('-' for standard input)"),
        OPT_STRING_REQUIRED(0, "openings", &a->openings, "FILE",
                            "openings.csv: customer_id,account_id,product,\n"
                            "open_date[,balance]"),
        OPT_OUTPUT(&a->output),
        OPT_STRING(0, "rule", &a->rule, "RULE",
                   "last, first, linear, decay or decay=DAYS; overrides\n"
                   "the experiment file"),
        OPT_DOUBLE(0, "half-life", &a->half_life, "DAYS",
                   "half-life for decay (default [attribution] decay)"),
        OPT_OUTFILE(0, "mix", &a->mix,
                    "also write the attribution mix: by,key,response,\n"
                    "openings,credit, by channel (key 'none' for\n"
                    "unmatched openings) and by opened product"),
        OPT_REJECTS(&a->rejects),
        OPT_ULONG(0, "threads", &a->threads, "N",
                  "parse the offers in N parts in parallel, 1 or 2\n"
                  "(default 2; one part when the file is standard\n"
                  "input or under a megabyte, or with --rejects)"),
        OPT_QUIET(&a->quiet),
        OPT_SAFE_CSV(),
        OPT_END(),
    };
    int rc = cli_parse_options(&doc, opts, argc, argv, NULL);
    if (rc)
        return rc;
    if (!isnan(a->half_life) && !(a->half_life > 0))
        return cli_usage("attribute", "--half-life must be a positive number of days, "
                         "not '%g'", a->half_life);
    if (a->threads < 1 || a->threads > 2)
        return cli_usage("attribute", "--threads must be 1 or 2, not '%lu'", a->threads);
    if (strcmp(a->offers, "-") == 0 && strcmp(a->openings, "-") == 0)
        return cli_usage("attribute", "--offers and --openings cannot both be standard input");
    return 0;
}

/* Apply --rule and --half-life over the experiment's setting. */
static int apply_rule(const attribute_args *a, lk_attr_options *opt)
{
    static const char *const names[] = {"last", "first", "linear", "decay"};
    if (a->rule) {
        size_t n = strcspn(a->rule, "=");
        int found = -1;
        for (int i = 0; i < 4; i++)
            if (strlen(names[i]) == n && strncmp(a->rule, names[i], n) == 0)
                found = i;
        if (found < 0 || (a->rule[n] && found != LK_ATTR_DECAY))
            return cli_usage("attribute", "unknown rule '%s': expected last, first, "
                             "linear, decay or decay=DAYS", a->rule);
        opt->rule = (lk_attr_rule)found;
        if (a->rule[n] && (cli_parse_double(a->rule + n + 1, &opt->half_life) ||
                           !(opt->half_life > 0)))
            return cli_usage("attribute", "decay half-life must be a positive number of "
                             "days, not '%s'", a->rule + n + 1);
    }
    if (!isnan(a->half_life))
        opt->half_life = a->half_life;
    if (opt->rule == LK_ATTR_DECAY && !(opt->half_life > 0))
        return cli_usage("attribute", "rule decay needs a half-life: --half-life DAYS, "
                         "--rule decay=DAYS or 'decay = DAYS' in [attribution]");
    opt->threads = a->threads ? (int)a->threads : 2;
    return 0;
}

static void print_summary(const lk_attr_summary *s, const lk_attr_options *opt)
{
    static const char *const rules[] = {"last", "first", "linear", "decay"};
    fprintf(stderr, "attribute: %lu openings, rule %s: %lu direct, %lu halo, %lu none\n",
            s->openings, rules[opt->rule], s->by_response[LK_RESPONSE_DIRECT],
            s->by_response[LK_RESPONSE_HALO], s->by_response[LK_RESPONSE_NONE]);
    fprintf(stderr, "attribute: by channel:");
    const char *prev = NULL;
    for (size_t i = 0; i < s->nmix; i++) {
        const lk_attr_mix *m = &s->mix[i];
        if (strcmp(m->by, "channel") != 0)
            continue;
        if (!prev || strcmp(prev, m->key) != 0)
            fprintf(stderr, "%s %s", prev ? ";" : "", m->key);
        fprintf(stderr, " %lu %s", m->openings, lk_response_name(m->response));
        prev = m->key;
    }
    fprintf(stderr, "%s\n", prev ? "" : " -");
    fprintf(stderr, "attribute: %lu openings of customers with no offers\n",
            s->openings_without_offers);
    fprintf(stderr, "attribute: %lu offers read (%d part%s), %lu openings read, "
            "%lu rows written, %lu rows rejected (%lu openings, %lu offers)\n",
            s->offers_read, s->parts, s->parts == 1 ? "" : "s", s->openings_read,
            s->rows_written, s->openings_rejected + s->offers_rejected,
            s->openings_rejected, s->offers_rejected);
}

typedef struct outputs {
    lk_output *out, *mix;
    lk_csv_writer *w;
    lk_rejects *rejects;
} outputs;

static int open_outputs(const attribute_args *a, outputs *o, lk_error *err)
{
    int rc = lk_output_open(&o->out, a->output, err);
    if (rc == LK_OK && a->mix)
        rc = lk_output_open(&o->mix, a->mix, err);
    if (rc == LK_OK && a->rejects)
        rc = lk_rejects_open(&o->rejects, a->rejects, err);
    if (rc == LK_OK && !(o->w = lk_csv_writer_new(lk_output_file(o->out))))
        rc = lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory");
    return rc;
}

/* Commit everything when ok, else abort everything; returns the status. */
static int close_outputs(outputs *o, const lk_attr_summary *s, int rc, lk_error *err)
{
    lk_csv_writer_free(o->w);
    if (rc == LK_OK && o->mix) {
        lk_csv_writer *mw = lk_csv_writer_new(lk_output_file(o->mix));
        if (!mw)
            rc = lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory");
        else {
            lk_attr_write_mix(mw, s);
            lk_csv_writer_free(mw);
        }
    }
    rc = cli_rejects_finish(o->rejects, rc, err);
    rc = cli_output_finish(o->mix, rc, err);
    return cli_output_finish(o->out, rc, err);
}

static int run(void *args, lk_experiment *exp, lk_error *err)
{
    const attribute_args *a = args;
    lk_attr_options opt;
    lk_attr_options_init(&opt, exp);
    int rc = apply_rule(a, &opt);
    if (rc)
        return rc;
    outputs o = {0};
    lk_attr_summary *s = NULL;
    rc = open_outputs(a, &o, err);
    if (rc == LK_OK) {
        lk_csv_put_header(o.w, lk_attr_columns, LK_ATTR_NCOLUMNS);
        opt.rejects = o.rejects;
        lk_csv_writer_free(o.w);   /* the header is out; rows go straight to the file */
        o.w = NULL;
        opt.csv = lk_output_file(o.out);
        opt.csv_path = a->output && strcmp(a->output, "-") != 0 ? a->output : "<stdout>";
        cli_progress cp;
        opt.progress = cli_progress_start(&cp, "attribute");
        rc = lk_attribute_run(exp, a->offers, a->openings, &opt, &s, err);
        cli_progress_done(&cp);
    }
    rc = close_outputs(&o, s, rc, err);
    if (rc == LK_OK && !a->quiet)
        print_summary(s, &opt);
    lk_attr_summary_free(s);
    return rc ? cli_fail(err) : 0;
}

const cli_command cmd_attribute = {parse_args, run, sizeof(attribute_args),
                                   offsetof(attribute_args, exp)};
