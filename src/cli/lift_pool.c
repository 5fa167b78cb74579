/*
 * lift_pool.c - 'liftkit lift --pool': combine the lift tables of several
 * waves of the same campaign into one fixed-effect pooled lift per metric,
 * arm and baseline, with Cochran's Q and I^2 (see liftkit/pool.h).
 * cmd_lift hands over here when --pool is on its command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/pool.h"

#include "cli.h"

int cmd_lift_pool(int argc, char **argv);

typedef struct pool_args {
    const char *experiment, *output;
    const char *const *tables;
    size_t ntables;
} pool_args;

static int parse_pool_args(pool_args *a, int argc, char **argv)
{
    enum { O_POOL = 256 };
    static const struct option longopts[] = {
        {"pool", no_argument, NULL, O_POOL},
        {"experiment", required_argument, NULL, 'e'},
        {"output", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof(*a));
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":e:o:", longopts, NULL)) != -1) {
        switch (c) {
        case O_POOL: break;
        case 'e': a->experiment = optarg; break;
        case 'o': a->output = optarg; break;
        case ':': return cli_usage("lift", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage("lift", "option '%s' does not go with --pool", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage("lift", "--pool needs one or more lift tables");
    a->tables = (const char *const *)argv + optind;
    a->ntables = (size_t)(argc - optind);
    return 0;
}

static int pool_run(const pool_args *a, lk_error *err)
{
    double alpha = 0.05;
    lk_experiment *exp = NULL;
    int rc = a->experiment ? lk_experiment_load(&exp, a->experiment, err) : LK_OK;
    if (exp)
        alpha = exp->alpha;
    lk_pool *p = NULL;
    if (!rc)
        rc = lk_pool_lift_tables(&p, a->tables, a->ntables, alpha, err);
    lk_output *out = NULL;
    if (!rc)
        rc = lk_output_open(&out, a->output, err);
    if (!rc) {
        lk_csv_writer *w = lk_csv_writer_new(lk_output_file(out));
        if (w) {
            lk_pool_write(w, p);
            lk_csv_writer_free(w);
        } else {
            rc = lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory");
        }
    }
    rc = cli_output_finish(out, rc, err);
    lk_pool_free(p);
    lk_experiment_free(exp);
    return rc;
}

int cmd_lift_pool(int argc, char **argv)
{
    pool_args a;
    int rc = parse_pool_args(&a, argc, argv);
    if (rc)
        return rc;
    lk_error err;
    lk_error_clear(&err);
    rc = pool_run(&a, &err);
    return rc ? cli_fail(&err) : 0;
}
