/*
 * cmd_uplift.c - 'liftkit uplift': Qini and uplift by model score, one
 * treated arm against the control, per score column, and which score
 * ranks uplift better.  Every output file is written in full or not at
 * all: all are committed only after every table was produced.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/units.h"
#include "liftkit/uplift.h"

#include "cli.h"

#define MAX_SCORES 64

const char cmd_uplift_usage[] =
    "usage: liftkit uplift -e EXP --assignments FILE --openings FILE --score COLUMN\n"
    "                      [--score COLUMN...] [--arm ARM] [--metric METRIC]\n"
    "                      [--deciles FILE] [--curve FILE] [--compare FILE]\n"
    "                      [--resamples R] [--seed S] [--rejects FILE] [-o FILE]\n"
    "\n"
    "Where in each model score's range the offer creates uplift: one treated arm\n"
    "against the control, units ranked by score (highest first, ties kept together).\n"
    "Prints one row per score: score,n_treated,n_control,qini_coefficient,auuc,\n"
    "uplift_top10,uplift_top30,n_unscored.  The Qini coefficient and AUUC are\n"
    "normalized as scikit-uplift's qini_auc_score (negative_effect=True) and\n"
    "uplift_auc_score: 1 for the perfect ordering, 0 for a random one.\n"
    "\n"
    "Options:\n"
    "  -e, --experiment EXP    the experiment file (needs a control arm)\n"
    "      --assignments FILE  assignments.csv with the score columns\n"
    "      --openings FILE     openings.csv\n"
    "      --score COLUMN      a numeric score column of the assignments (repeat for\n"
    "                          several model versions, up to 64); a unit's score is the\n"
    "                          mean over its customers; units without one are left out\n"
    "                          and counted in n_unscored\n"
    "      --arm ARM           the treated arm (default: the champion)\n"
    "      --metric METRIC     a 0/1 metric: response_target (default) or response_any\n"
    "      --deciles FILE      write score,decile,n,n_treated,n_control,rate_treated,\n"
    "                          rate_control,uplift,uplift_lo,uplift_hi (Wald interval)\n"
    "      --curve FILE        write score,n,fraction,qini,uplift: every curve point,\n"
    "                          starting at (0, 0) (what 'liftkit plot qini' draws)\n"
    "      --compare FILE      compare each later score with the first by a paired,\n"
    "                          seeded bootstrap of the Qini coefficient and AUUC, write\n"
    "                          score,vs,qini_diff,qini_diff_lo,qini_diff_hi,auuc_diff,\n"
    "                          auuc_diff_lo,auuc_diff_hi,resamples,seed,better, and say\n"
    "                          on stderr which score ranks uplift better\n"
    "      --resamples R       bootstrap draws for --compare (default 200)\n"
    "      --seed S            bootstrap seed (default 1)\n"
    "      --rejects FILE      write bad input rows here and go on\n"
    "  -o, --output FILE       the per-score table (default: standard output)\n"
    "  -h, --help              show this help\n"
    "\n"
    "Exit status: 0 success, 1 usage error, 2 bad input data (located as\n"
    "file:line:column), 3 I/O or system error.\n";

typedef struct options {
    const char *experiment, *assignments, *openings, *output;
    const char *deciles, *curve, *compare, *rejects;
    const char *scores[MAX_SCORES];
    size_t nscores;
    lk_uplift_options up;
} options;

enum { OPT_ASSIGNMENTS = 256, OPT_OPENINGS, OPT_SCORE, OPT_ARM, OPT_METRIC, OPT_DECILES,
       OPT_CURVE, OPT_COMPARE, OPT_RESAMPLES, OPT_SEED, OPT_REJECTS };

static int parse(options *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"experiment", required_argument, NULL, 'e'},
        {"assignments", required_argument, NULL, OPT_ASSIGNMENTS},
        {"openings", required_argument, NULL, OPT_OPENINGS},
        {"score", required_argument, NULL, OPT_SCORE},
        {"arm", required_argument, NULL, OPT_ARM},
        {"metric", required_argument, NULL, OPT_METRIC},
        {"deciles", required_argument, NULL, OPT_DECILES},
        {"curve", required_argument, NULL, OPT_CURVE},
        {"compare", required_argument, NULL, OPT_COMPARE},
        {"resamples", required_argument, NULL, OPT_RESAMPLES},
        {"seed", required_argument, NULL, OPT_SEED},
        {"rejects", required_argument, NULL, OPT_REJECTS},
        {"output", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof(*o));
    o->up.resamples = 200;
    o->up.seed = 1;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":e:o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'e': o->experiment = optarg; break;
        case 'o': o->output = optarg; break;
        case OPT_ASSIGNMENTS: o->assignments = optarg; break;
        case OPT_OPENINGS: o->openings = optarg; break;
        case OPT_ARM: o->up.arm = optarg; break;
        case OPT_METRIC: o->up.metric = optarg; break;
        case OPT_DECILES: o->deciles = optarg; break;
        case OPT_CURVE: o->curve = optarg; break;
        case OPT_COMPARE: o->compare = optarg; break;
        case OPT_REJECTS: o->rejects = optarg; break;
        case OPT_SCORE:
            if (o->nscores == MAX_SCORES)
                return cli_usage("uplift", "at most %d --score columns", MAX_SCORES);
            for (size_t i = 0; i < o->nscores; i++)
                if (!strcmp(o->scores[i], optarg))
                    return cli_usage("uplift", "score column '%s' given twice", optarg);
            o->scores[o->nscores++] = optarg;
            break;
        case OPT_RESAMPLES:
            if (cli_parse_ulong(optarg, &o->up.resamples) != 0 || o->up.resamples > 1000000)
                return cli_usage("uplift", "--resamples wants a whole number up to 1000000, "
                                           "got '%s'", optarg);
            break;
        case OPT_SEED:
            if (cli_parse_ulong(optarg, &o->up.seed) != 0)
                return cli_usage("uplift", "--seed wants a non-negative integer, got '%s'",
                                 optarg);
            break;
        default: return cli_bad_option("uplift", c, argv);
        }
    }
    if (o->compare && o->up.resamples == 0)
        return cli_usage("uplift", "--compare needs --resamples above 0");
    if (optind < argc)
        return cli_usage("uplift", "unexpected argument '%s'", argv[optind]);
    if (!o->experiment)
        return cli_usage("uplift", "missing -e EXP");
    if (!o->assignments)
        return cli_usage("uplift", "missing --assignments FILE");
    if (!o->openings)
        return cli_usage("uplift", "missing --openings FILE");
    if (!o->nscores)
        return cli_usage("uplift", "missing --score COLUMN");
    return 0;
}

/* One output file being written: NULL path means not asked for. */
typedef struct sink {
    lk_output *out;
    lk_csv_writer *w;
} sink;

static int sink_open(sink *s, const char *path, lk_error *err)
{
    s->out = NULL;
    s->w = NULL;
    int rc = lk_output_open(&s->out, path, err);
    if (rc)
        return rc;
    if (!(s->w = lk_csv_writer_new(lk_output_file(s->out)))) {
        lk_output_abort(s->out);
        s->out = NULL;
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory");
    }
    return 0;
}

static int sink_close(sink *s, int ok, lk_error *err)
{
    if (!s->out)
        return 0;
    lk_csv_writer_free(s->w);
    int rc = 0;
    if (ok)
        rc = lk_output_commit(s->out, err);
    else
        lk_output_abort(s->out);
    s->out = NULL;
    return rc;
}

static void verdict(const lk_uplift_comparison *c, double alpha)
{
    int level = (int)(100 * (1 - alpha) + 0.5);
    const char *what = !*c->better ? "neither score ranks uplift clearly better"
                                   : "ranks uplift better";
    if (*c->better)
        fprintf(stderr, "liftkit: %s %s than %s: ", c->better, what,
                c->better == c->score ? c->vs : c->score);
    else
        fprintf(stderr, "liftkit: %s vs %s: %s: ", c->score, c->vs, what);
    fprintf(stderr, "Qini coefficient difference %+.4f (%d%% CI %+.4f to %+.4f, %zu resamples)\n",
            c->qini_diff, level, c->qini_lo, c->qini_hi, c->resamples);
}

static int write_tables(const options *o, const lk_uplift_result *res, lk_error *err)
{
    sink main_out, dec = {0}, cur = {0}, cmp = {0};
    int rc = sink_open(&main_out, o->output, err);
    if (!rc && o->deciles)
        rc = sink_open(&dec, o->deciles, err);
    if (!rc && o->curve)
        rc = sink_open(&cur, o->curve, err);
    if (!rc && o->compare)
        rc = sink_open(&cmp, o->compare, err);
    if (!rc) {
        lk_uplift_write_summary(main_out.w, res->scores, res->nscores, res->srm_p);
        if (dec.w)
            lk_uplift_write_deciles(dec.w, res->scores, res->nscores);
        if (cur.w)
            lk_uplift_write_curve(cur.w, res->scores, res->nscores);
        if (cmp.w)
            lk_uplift_write_comparison(cmp.w, res->comparisons, res->ncomparisons);
    }
    int ok = rc == 0;
    sink *all[] = {&dec, &cur, &cmp, &main_out};
    for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++) {
        int r = sink_close(all[i], ok, err);
        if (r && ok) {
            rc = r;
            ok = 0;
        }
    }
    return rc;
}

static int run(const options *o, lk_error *err)
{
    lk_experiment *exp = NULL;
    lk_units *u = NULL;
    lk_uplift_result *res = NULL;
    lk_rejects *rj = NULL;
    int arm, metric;
    int rc = lk_experiment_load(&exp, o->experiment, err);
    if (!rc)
        rc = lk_uplift_check(exp, &o->up, &arm, &metric, err);
    if (!rc && o->rejects)
        rc = lk_rejects_open(&rj, o->rejects, err);
    if (!rc) {
        cli_progress cp;
        lk_units_options uo = {.scores = o->scores, .nscores = o->nscores, .rejects = rj,
                               .progress = cli_progress_start(&cp, "loading")};
        rc = lk_units_load(&u, exp, o->assignments, o->openings, &uo, err);
        cli_progress_done(&cp);
    }
    if (!rc) {
        lk_uplift_options up = o->up;
        if (!o->compare)
            up.resamples = 0;
        rc = lk_uplift_run(&res, exp, u, &up, err);
    }
    if (!rc)
        rc = write_tables(o, res, err);
    if (!rc) {
        size_t nt = 0, nc = 0;
        for (size_t i = 0; i < res->sample.n; i++) {
            nt += res->group[i] == LK_UPLIFT_TREATED;
            nc += res->group[i] == LK_UPLIFT_CONTROL;
        }
        fprintf(stderr, "liftkit uplift: %s (%zu units) against %s (%zu units) on %s\n",
                res->arm, nt, res->control, nc, res->metric);
        for (size_t i = 0; i < res->ncomparisons; i++)
            verdict(&res->comparisons[i], exp->alpha);
        char warn[256];
        if (res->untrustworthy)
            fprintf(stderr, "liftkit uplift: WARNING: %s\n",
                    lk_srm_warning(res->srm_p, warn, sizeof(warn)));
        if (rj)
            fprintf(stderr, "liftkit: %lu rows rejected, written to '%s'\n",
                    lk_rejects_count(rj), o->rejects);
    }
    rc = cli_rejects_finish(rj, rc, err);
    lk_uplift_result_free(res);
    lk_units_free(u);
    lk_experiment_free(exp);
    return rc;
}

int cmd_uplift(int argc, char **argv)
{
    options o;
    int rc = parse(&o, argc, argv);
    if (rc)
        return rc;
    lk_error err;
    lk_error_clear(&err);
    rc = run(&o, &err);
    return rc ? cli_fail(&err) : 0;
}
