/*
 * cmd_matrix.c - 'liftkit matrix': the offer matrix of a program, by month,
 * product and channel (docs/methods.md, "The offer matrix").
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/experiment.h"
#include "liftkit/matrix.h"
#include "liftkit/output.h"

#include "cli.h"
#include "options.h"

static const cli_doc doc = {
    .name = "matrix",
    .usage = "usage: liftkit matrix -e EXP --offers FILE --attribution FILE [-o FILE] [-q]\n",
    .purpose = "The offer matrix: offers and responses by month, product and channel.",
    .description =
        "One row per month of the offer date, offered product and channel: the offers\n"
        "(rows of offers.csv), the direct and halo responses credited to them (the\n"
        "credit of attribution.csv, from 'liftkit attribute'), the response rate\n"
        "(direct + halo) / offers, and their cost (the offers' cost column, else\n"
        "[cost] by channel).  Rows are in order of month, product and channel.\n"
        "\n"
        "CSV columns: month,product,channel,offers,direct,halo,response_rate,cost.\n"
        "'liftkit plot matrix' draws it as a heat map.\n",
    .example = "  liftkit matrix -e experiments/heloc-spring-2026.ini --offers data/offers.csv \\\n"
               "      --attribution data/attribution.csv -o data/matrix.csv\n",
    .max_args = 0,
};

typedef struct matrix_args {
    const char *experiment, *offers, *attribution, *output;
    int quiet;
} matrix_args;

static int parse_args(void *args, int argc, char **argv)
{
    matrix_args *a = args;
    const cli_option opts[] = {
        OPT_EXPERIMENT(&a->experiment),
        OPT_STRING_REQUIRED(0, "offers", &a->offers, "FILE", "offers.csv"),
        OPT_STRING_REQUIRED(0, "attribution", &a->attribution, "FILE",
                            "attribution.csv (from 'liftkit attribute')"),
        OPT_OUTPUT(&a->output),
        OPT_QUIET(&a->quiet),
        OPT_END(),
    };
    return cli_parse_options(&doc, opts, argc, argv, NULL);
}

static int run(void *args, lk_experiment *exp, lk_error *err)
{
    const matrix_args *a = args;
    lk_matrix *m = NULL;
    lk_output *out = NULL;
    int rc = lk_matrix_compute(&m, exp, a->offers, a->attribution, err);
    if (!rc)
        rc = lk_output_open(&out, a->output, err);
    if (!rc)
        rc = lk_matrix_write(m, lk_output_file(out), err);
    rc = cli_output_finish(out, rc, err);
    if (!rc && !a->quiet)
        fprintf(stderr, "liftkit matrix: %lu offers, %lu attribution rows, %zu cells\n",
                m->offers_rows, m->attribution_rows, m->n);
    lk_matrix_free(m);
    return rc ? cli_fail(err) : 0;
}

const cli_command cmd_matrix = {parse_args, run, sizeof(matrix_args),
                                offsetof(matrix_args, experiment)};
