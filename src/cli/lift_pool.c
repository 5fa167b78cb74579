/*
 * lift_pool.c - 'liftkit lift --pool': combine the lift tables of several
 * waves of the same campaign into one fixed-effect pooled lift per metric,
 * arm and baseline, with Cochran's Q and I^2 (see liftkit/pool.h), and
 * with --random the DerSimonian-Laird random effect beside it.
 * cmd_lift hands over here when --pool is on its command line, after
 * parsing the options.
 */
#include <stdio.h>
#include <string.h>

#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/pool.h"

#include "cli.h"

int cli_lift_pool(const lk_experiment *exp, const char *output, int random,
                  const char *const *tables, size_t n);

typedef struct pool_args {
    const lk_experiment *exp;
    const char *output;
    int random;
    const char *const *tables;
    size_t ntables;
} pool_args;

static int pool_run(const pool_args *a, lk_error *err)
{
    double alpha = a->exp ? a->exp->alpha : 0.05;
    lk_pool *p = NULL;
    int rc = lk_pool_lift_tables(&p, a->tables, a->ntables, alpha, err);
    lk_output *out = NULL;
    if (!rc)
        p->random = a->random;
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
    return rc;
}

int cli_lift_pool(const lk_experiment *exp, const char *output, int random,
                  const char *const *tables, size_t n)
{
    pool_args a = {exp, output, random, tables, n};
    lk_error err;
    lk_error_clear(&err);
    int rc = pool_run(&a, &err);
    return rc ? cli_fail(&err) : 0;
}
