/*
 * cmd_uplift.c - 'liftkit uplift': Qini and uplift by model score, one
 * treated arm against the control, per score column, and which score
 * ranks uplift better.  Every output file is written in full or not at
 * all: all are committed only after every table was produced.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/balances.h"
#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/units.h"
#include "liftkit/uplift.h"

#include "cli.h"
#include "options.h"

static const cli_doc doc = {
    .name = "uplift",
    .usage = "usage: liftkit uplift -e EXP --assignments FILE --openings FILE --score COLUMN\n"
             "                      [--score COLUMN...] [--arm ARM] [--metric METRIC]\n"
             "                      [--deciles FILE] [--curve FILE] [--compare FILE]\n"
             "                      [--resamples R] [--seed S]\n"
             "                      [--compare-method auto|bootstrap|delta]\n"
             "                      [--by COLUMN[,COLUMN]] [--rejects FILE] [-o FILE] [-q]\n",
    .purpose = "Uplift and Qini by model score decile, per model version.",
    .description =
        "Where in each model score's range the offer creates uplift: one treated arm\n"
        "against the control, units ranked by score (highest first, ties kept together).\n"
        "Prints one row per score: score,n_treated,n_control,qini_coefficient,auuc,\n"
        "uplift_top10,uplift_top30,n_unscored.  The Qini coefficient and AUUC are\n"
        "normalized as scikit-uplift's qini_auc_score (negative_effect=True) and\n"
        "uplift_auc_score: 1 for the perfect ordering, 0 for a random one.\n"
        "\n"
        "With --by, the per-score table of every segment follows the whole\n"
        "experiment's, with a first column segment ('(all)' for the whole\n"
        "experiment); each segment's rows are those its units alone give.  --deciles,\n"
        "--curve and --compare stay the whole experiment's.\n",
    .exit_notes = "Bad input data is located as file:line:column.\n",
    .example = "  liftkit uplift -e experiments/heloc-spring-2026.ini --assignments data/assignments.csv \\\n"
               "      --openings data/openings.csv --score score_v1 --score score_v2 \\\n"
               "      --curve data/qini.csv --compare data/compare.csv -o data/uplift.csv\n",
    .max_args = 0,
};

typedef struct options {
    const char *experiment, *assignments, *openings, *output;
    const char *deciles, *curve, *compare, *rejects, *by, *method;
    cli_by by_cols;
    cli_list score_list;
    const char *const *scores;
    size_t nscores;
    int quiet;
    lk_uplift_options up;
    cli_as_of as_of;
} options;

/* The checks that need every option; 0 or the usage error's exit code. */
static int check(options *o)
{
    o->scores = o->score_list.items;
    o->nscores = o->score_list.n;
    for (size_t i = 0; i < o->nscores; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(o->scores[i], o->scores[j]))
                return cli_usage("uplift", "score column '%s' given twice", o->scores[i]);
    if (o->up.resamples > 1000000)
        return cli_usage("uplift", "--resamples must be from 0 to 1000000, not '%lu'",
                         o->up.resamples);
    int m = o->method ? lk_uplift_method_from_name(o->method) : LK_UPLIFT_AUTO;
    if (m < 0)
        return cli_usage("uplift", "--compare-method must be auto, bootstrap or delta, not '%s'",
                         o->method);
    o->up.method = (lk_uplift_method)m;
    /* auto with no draws would bootstrap them: only delta draws nothing */
    if (o->compare && o->up.resamples == 0 && m != LK_UPLIFT_DELTA)
        return cli_usage("uplift", "--compare needs --resamples above 0, or --compare-method "
                         "delta");
    return o->by ? cli_split_by("uplift", o->by, &o->by_cols) : 0;
}

static int parse(void *args, int argc, char **argv)
{
    options *o = args;
    o->up.resamples = 200;
    o->up.seed = 1;
    const cli_option opts[] = {
        OPT_EXPERIMENT_HELP(&o->experiment, "the experiment file (INI; needs a control arm)"),
        OPT_STRING_REQUIRED(0, "assignments", &o->assignments, "FILE",
                            "assignments.csv with the score columns"),
        OPT_STRING_REQUIRED(0, "openings", &o->openings, "FILE", "openings.csv"),
        OPT_LIST_REQUIRED(0, "score", &o->score_list, "COLUMN",
                          "a numeric score column of the assignments (repeat\n"
                          "for several model versions, up to 64); a unit's\n"
                          "score is the mean over its customers; units without\n"
                          "one are left out and counted in n_unscored"),
        OPT_STRING(0, "arm", &o->up.arm, "ARM", "the treated arm (default: the champion)"),
        OPT_STRING(0, "metric", &o->up.metric, "METRIC",
                   "a 0/1 metric: response_target (default) or\n"
                   "response_any"),
        OPT_OUTFILE(0, "deciles", &o->deciles,
                    "write score,decile,n,n_treated,n_control,\n"
                    "rate_treated,rate_control,uplift,uplift_lo,\n"
                    "uplift_hi (Wald interval)"),
        OPT_OUTFILE(0, "curve", &o->curve,
                    "write score,n,fraction,qini,uplift: every curve\n"
                    "point, starting at (0, 0) (what 'liftkit plot qini'\n"
                    "draws)"),
        OPT_OUTFILE(0, "compare", &o->compare,
                    "compare each later score with the first by a\n"
                    "paired, seeded bootstrap (or the delta method, see\n"
                    "--compare-method) of the Qini coefficient and AUUC,\n"
                    "write score,vs,qini_diff,qini_diff_lo,\n"
                    "qini_diff_hi,auuc_diff,auuc_diff_lo,auuc_diff_hi,\n"
                    "resamples,seed,better, and say on standard error\n"
                    "which score ranks uplift better"),
        OPT_ULONG(0, "resamples", &o->up.resamples, "R",
                  "bootstrap draws for --compare (default 200); the\n"
                  "delta method draws none and takes 0 too"),
        OPT_ULONG(0, "seed", &o->up.seed, "S", "bootstrap seed (default 1)"),
        OPT_STRING(0, "compare-method", &o->method, "METHOD",
                   "auto (default): the bootstrap while scored units\n"
                   "times resamples is at most 2e8, else delta;\n"
                   "bootstrap; or delta: the delta method (the\n"
                   "infinitesimal jackknife of the same differences),\n"
                   "a normal interval, resamples written as 0,\n"
                   "whatever --resamples says"),
        OPT_STRING(0, "by", &o->by, "COLUMN[,COLUMN]",
                   "the per-score table of every segment too: the units\n"
                   "whose values in these columns of assignments.csv\n"
                   "agree"),
        OPT_REJECTS(&o->rejects),
        OPT_OUTPUT(&o->output),
        OPT_AS_OF(&o->as_of),
        OPT_QUIET(&o->quiet),
        OPT_SAFE_CSV(),
        OPT_END(),
    };
    int rc = cli_parse_options(&doc, opts, argc, argv, NULL);
    return rc ? rc : check(o);
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
    if (c->method == LK_UPLIFT_DELTA)
        fprintf(stderr, "Qini coefficient difference %+.4f (%d%% CI %+.4f to %+.4f, delta "
                "method)\n", c->qini_diff, level, c->qini_lo, c->qini_hi);
    else
        fprintf(stderr, "Qini coefficient difference %+.4f (%d%% CI %+.4f to %+.4f, %zu "
                "resamples)\n", c->qini_diff, level, c->qini_lo, c->qini_hi, c->resamples);
}

/* No comparisons: no draws, and not the delta method (lk_uplift_run). */
static void without_comparisons(lk_uplift_options *up)
{
    up->resamples = 0;
    up->method = LK_UPLIFT_AUTO;
}

/* The results of segments, after the whole experiment's. */
typedef struct seg_results {
    lk_uplift_result **r;      /* [0]: the whole experiment's, then each segment's */
    char *const *label;
    size_t n;                  /* 1 + segments; 0 without --by */
} seg_results;

/* uplift --by: each segment's scores (no comparisons), after res. */
static int run_segments(const options *o, const lk_experiment *exp, const lk_units *u,
                        lk_uplift_result *res, seg_results *s, lk_error *err)
{
    if (!o->by)
        return LK_OK;
    if (!(s->r = calloc(u->nsegments + 1, sizeof(*s->r))))
        return lk_error_nomem(err);
    s->r[0] = res;
    s->label = u->segment_labels;
    s->n = 1;
    lk_uplift_options up = o->up;
    without_comparisons(&up);
    up.by_segment = 1;
    int rc = LK_OK;
    for (size_t g = 0; !rc && g < u->nsegments; g++, s->n++) {
        up.segment = (uint32_t)g;
        rc = lk_uplift_run(&s->r[g + 1], exp, u, &up, err);
    }
    return rc;
}

static int write_tables(const options *o, const lk_uplift_result *res, const seg_results *seg,
                        const char *as_of, lk_error *err)
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
        if (seg->n)
            lk_uplift_write_segments(main_out.w, seg->r, seg->label, seg->n, as_of);
        else
            lk_uplift_write_summary(main_out.w, res->scores, res->nscores, res->srm_p, as_of);
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

static int run(void *args, lk_experiment *exp, lk_error *err)
{
    const options *o = args;
    lk_units *u = NULL;
    lk_uplift_result *res = NULL;
    seg_results seg = {0};
    lk_rejects *rj = NULL;
    int arm, metric;
    int rc = lk_uplift_check(exp, &o->up, &arm, &metric, err);
    if (!rc && o->rejects)
        rc = lk_rejects_open(&rj, o->rejects, err);
    cli_progress cp;
    lk_progress progress = cli_progress_start(&cp, "uplift");
    if (!rc) {
        lk_units_options uo = {.scores = o->scores, .nscores = o->nscores, .rejects = rj,
                               .progress = progress,
                               .has_as_of = o->as_of.has, .as_of = o->as_of.day,
                               .segments = o->by_cols.cols, .nsegments = o->by_cols.n};
        lk_progress_step(&progress, "loading");
        rc = lk_units_load(&u, exp, o->assignments, o->openings, &uo, err);
        if (!rc)
            rc = lk_units_cap(u, exp, err);
    }
    if (!rc) {
        lk_uplift_options up = o->up;
        up.progress = progress;
        if (!o->compare)
            without_comparisons(&up);
        rc = lk_uplift_run(&res, exp, u, &up, err);
    }
    if (!rc)
        rc = run_segments(o, exp, u, res, &seg, err);
    cli_progress_done(&cp);
    lk_interim interim = rc ? (lk_interim){0} : lk_interim_of_units(exp, u);
    if (!rc)
        rc = write_tables(o, res, &seg, interim.as_of, err);
    if (!rc && !o->quiet)
        cli_say_interim("uplift", &interim);
    if (!rc) {
        size_t nt = 0, nc = 0;
        for (size_t i = 0; i < res->sample.n; i++) {
            nt += res->group[i] == LK_UPLIFT_TREATED;
            nc += res->group[i] == LK_UPLIFT_CONTROL;
        }
        if (!o->quiet)
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
    for (size_t g = 1; g < seg.n; g++)
        lk_uplift_result_free(seg.r[g]);
    free(seg.r);
    lk_uplift_result_free(res);
    lk_units_free(u);
    return rc ? cli_fail(err) : 0;
}

const cli_command cmd_uplift = {parse, run, sizeof(options), offsetof(options, experiment)};
