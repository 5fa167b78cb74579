/*
 * cmd_roi.c - 'liftkit roi': return on marketing investment per treated
 * arm against the control (docs/methods.md, "Lift").
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/experiment.h"
#include "liftkit/format.h"
#include "liftkit/output.h"
#include "liftkit/roi.h"
#include "liftkit/units.h"

#include "cli.h"
#include "options.h"

static const cli_doc doc = {
    .name = "roi",
    .usage = "usage: liftkit roi -e EXP --assignments FILE --offers FILE --openings FILE [options]\n"
             "   or: liftkit roi -e EXP --summary FILE [FILE...] [options]\n",
    .purpose = "Return on marketing investment per treated arm against the control.",
    .description =
        "One row per treated arm (champion, challengers) against the control.\n"
        "Contacts and cost come from offers.csv (its 'cost' column, else [cost] by\n"
        "channel); a unit's value is the sum of [value] over the openings it made in\n"
        "the measurement window.  romi = (incremental_value - cost) / cost, with a\n"
        "percentile bootstrap interval over units (each arm resampled separately).\n"
        "The experiment needs a control arm.  --summary reads the same from ROI\n"
        "summaries (arm,value,units,responders,contacts,cost: an arm's units grouped by\n"
        "value, as 'liftkit sql roi' writes them); several files are added row by row;\n"
        "with --by, their segment columns (named as in --by) give each segment's rows.\n"
        "\n"
        "CSV columns: arm,n,contacts,cost,incremental_responses,incremental_value,romi,\n"
        "romi_lo,romi_hi,cost_per_incremental_response (empty when incremental\n"
        "responses are not positive),contacts_per_unit,\n"
        "incremental_responses_per_1000_contacts.\n"
        "\n"
        "With --by, the table of every segment after the whole experiment's, each\n"
        "exactly the table of that segment's units alone (its own control, bootstrap\n"
        "and seed), with a first column segment ('(all)' for the whole experiment).\n",
    .exit_notes = "An experiment without a control arm is a usage error (1).\n",
    .example = "  liftkit roi -e experiments/heloc-spring-2026.ini --assignments data/assignments.csv \\\n"
               "      --offers data/offers.csv --openings data/openings.csv -o data/roi.csv\n",
    .max_args = -1,
};

typedef struct roi_args {
    const char *experiment, *assignments, *offers, *openings, *output, *rejects, *summary, *by;
    cli_by by_cols;
    cli_summaries summaries;
    lk_format format;
    unsigned long resamples;
    int quiet, nargs;
    lk_roi_options opt;
    cli_as_of as_of;
} roi_args;

static int parse_args(void *args, int argc, char **argv)
{
    roi_args *a = args;
    lk_roi_options_init(&a->opt);
    a->resamples = a->opt.resamples;
    const cli_option opts[] = {
        OPT_EXPERIMENT(&a->experiment),
        OPT_STRING(0, "assignments", &a->assignments, "FILE",
                   "assignments.csv (from 'liftkit assign')"),
        OPT_STRING(0, "offers", &a->offers, "FILE", "offers.csv"),
        OPT_STRING(0, "openings", &a->openings, "FILE", "openings.csv"),
        OPT_STRING(0, "summary", &a->summary, "FILE",
                   "an ROI summary instead of raw data: CSV with\n"
                   "columns arm,value,units,responders,contacts,cost\n"
                   "(optionally unit); FILEs after it are partial\n"
                   "summaries, added row by row"),
        OPT_OUTPUT(&a->output),
        OPT_FORMAT(&a->format),
        OPT_ULONG(0, "seed", &a->opt.seed, "S",
                  "seed of the bootstrap's generator (default 20260105)"),
        OPT_ULONG(0, "resamples", &a->resamples, "N",
                  "bootstrap resamples (default 2000; 0: no interval)"),
        OPT_FLAG(0, "vs-universal", &a->opt.vs_universal,
                 "every arm, the control too, against the universal holdout"),
        OPT_STRING(0, "by", &a->by, "COLUMN[,COLUMN]",
                   "the table per segment too: the units whose values\n"
                   "in these columns of assignments.csv (or of the\n"
                   "summaries) agree"),
        OPT_REJECTS(&a->rejects),
        OPT_AS_OF(&a->as_of),
        OPT_QUIET(&a->quiet),
        OPT_SAFE_CSV(),
        OPT_END(),
    };
    int rc = cli_parse_options(&doc, opts, argc, argv, &a->nargs);
    if (rc)
        return rc;
    if (a->resamples > 10000000)
        return cli_usage("roi", "--resamples must be from 0 to 10000000, not '%lu'",
                         a->resamples);
    a->opt.resamples = a->resamples;
    if (a->nargs && !a->summary)
        return cli_usage("roi", "unexpected argument '%s'", argv[1]);
    if (a->summary && (a->assignments || a->offers || a->openings || a->rejects))
        return cli_usage("roi", "--summary replaces --assignments, --offers, --openings and "
                                "--rejects");
    if (!a->summary && (!a->assignments || !a->offers || !a->openings))
        return cli_usage("roi", "missing --assignments, --offers or --openings (or --summary)");
    rc = a->by ? cli_split_by("roi", a->by, &a->by_cols) : 0;
    if (!rc && a->summary)
        rc = cli_take_summaries("roi", a->summary, argv + 1, a->nargs, &a->summaries);
    return rc;
}

/* An interim read's day into every table. */
static void mark_interim(lk_roi_table *t, lk_roi_segments *seg, const lk_interim *r)
{
    for (size_t g = 0; g <= (seg ? seg->n : 0); g++) {
        lk_roi_table *x = g ? seg->at[g - 1] : t;
        memcpy(x->as_of, r->as_of, sizeof(r->as_of));
        x->as_of_day = r->day;
        x->window = r->window;
    }
}

static int compute(lk_roi_table **t, lk_roi_segments **seg, const roi_args *a,
                   const lk_experiment *exp, lk_rejects *rj, lk_error *err)
{
    cli_progress cp;
    lk_units *u = NULL;
    lk_roi_costs *costs = NULL;
    lk_roi_options ro = a->opt;
    ro.progress = cli_progress_start(&cp, "roi");
    lk_units_options uo = {.rejects = rj, .progress = ro.progress,
                          .find_customers = 1, .has_as_of = a->as_of.has,
                          .as_of = a->as_of.day, .segments = a->by_cols.cols,
                          .nsegments = a->by_cols.n};
    lk_progress_step(&ro.progress, "loading");
    int rc = lk_units_load(&u, exp, a->assignments, a->openings, &uo, err);
    lk_progress_step(&ro.progress, "reading the offers");
    if (!rc)
        rc = lk_roi_costs_read(&costs, exp, u, a->offers, rj, err);
    lk_progress_step(&ro.progress, "bootstrap");
    if (!rc && a->by)
        rc = lk_roi_compute_segments(seg, exp, u, costs, &ro, err);
    else if (!rc)
        rc = lk_roi_compute(t, exp, u, costs, &ro, err);
    cli_progress_done(&cp);
    if (!rc && !a->quiet) {
        fprintf(stderr, "liftkit roi: %lu offers read:", costs->rows);
        for (size_t i = 0; i < exp->narms; i++)
            fprintf(stderr, "%s %s %.0f", i ? "," : "", exp->arms[i].name, costs->contacts[i]);
        fputc('\n', stderr);
    }
    if (!rc && rj)
        fprintf(stderr, "liftkit roi: %lu rows rejected\n", u->rejected + costs->rejected);
    lk_interim r = rc ? (lk_interim){0} : lk_interim_of_units(exp, u);
    if (r.interim) {
        mark_interim(*seg ? (*seg)->all : *t, *seg, &r);
        if (!a->quiet)
            cli_say_interim("roi", &r);
    }
    lk_roi_costs_free(costs);
    lk_units_free(u);
    return rc;
}

/* The tables per segment (--by) from the summaries; *has_unit as they say. */
static int compute_summary_segments(lk_roi_segments **seg, const roi_args *a,
                                    const lk_experiment *exp, int *has_unit, lk_error *err)
{
    lk_roi_segment_sums *s = NULL;
    int rc = lk_roi_segment_sums_read_many(&s, exp, a->summaries.paths, a->summaries.n,
                                           a->by_cols.cols, a->by_cols.n, err);
    if (!rc)
        rc = lk_roi_compute_segment_sums(seg, exp, s, &a->opt, err);
    *has_unit = rc || s->has_unit;
    lk_roi_segment_sums_free(s);
    return rc;
}

/*
 * The table from the --summary file and the partial summaries after it,
 * or with --by the tables per segment.
 */
static int compute_summary(lk_roi_table **t, lk_roi_segments **seg, const roi_args *a,
                           const lk_experiment *exp, lk_error *err)
{
    lk_roi_sums *s = NULL;
    int rc, has_unit = 1;
    if (a->by) {
        rc = compute_summary_segments(seg, a, exp, &has_unit, err);
    } else {
        rc = lk_roi_sums_read_many(&s, exp, a->summaries.paths, a->summaries.n, err);
        if (!rc)
            rc = lk_roi_compute_sums(t, exp, s, &a->opt, err);
        has_unit = rc || s->has_unit;
    }
    if (!rc && !has_unit && strcmp(exp->unit, "customer_id") && !a->quiet)
        fprintf(stderr, "liftkit roi: warning: '%s'%s has no unit column: its rows are taken "
                        "to count %s\n", a->summary, a->nargs ? " or a partial summary" : "",
                exp->unit);
    lk_roi_sums_free(s);
    lk_interim r = lk_interim_of(exp, a->as_of.has, a->as_of.day, 0, 0);
    if (!rc && r.interim) {
        mark_interim(*seg ? (*seg)->all : *t, *seg, &r);
        if (!a->quiet)
            cli_say_interim("roi", &r);
    }
    return rc;
}

static int run(void *args, lk_experiment *exp, lk_error *err)
{
    const roi_args *a = args;
    lk_roi_table *t = NULL;
    lk_roi_segments *seg = NULL;
    lk_rejects *rj = NULL;
    lk_output *out = NULL;
    int rc = LK_OK;
    if (exp->control < 0 && exp->universal < 0)
        rc = lk_error_set(err, LK_EUSAGE, a->experiment, 0, 0,
                          "experiment '%s' has no control arm: roi needs one to measure "
                          "incremental responses and value", exp->name);
    if (!rc && a->rejects)
        rc = lk_rejects_open(&rj, a->rejects, err);
    if (!rc)
        rc = a->summary ? compute_summary(&t, &seg, a, exp, err)
                        : compute(&t, &seg, a, exp, rj, err);
    if (!rc)
        rc = lk_output_open(&out, a->output, err);
    if (!rc && seg)
        rc = lk_roi_segments_write(seg, lk_output_file(out), a->format, err);
    else if (!rc)
        rc = lk_roi_write(t, lk_output_file(out), a->format, err);
    const lk_roi_table *whole = seg ? seg->all : t;
    rc = cli_rejects_finish(rj, rc, err);
    rc = cli_output_finish(out, rc, err);
    char warn[256];
    if (!rc && whole->untrustworthy)
        fprintf(stderr, "liftkit roi: WARNING: %s\n",
                lk_srm_warning(whole->srm_p, warn, sizeof(warn)));
    if (!rc && lk_roi_control_warning(whole, warn, sizeof(warn)))
        fprintf(stderr, "liftkit roi: WARNING: %s\n", warn);
    if (!rc && lk_roi_universal_warning(whole, warn, sizeof(warn)))
        fprintf(stderr, "liftkit roi: WARNING: %s\n", warn);
    lk_roi_table_free(t);
    lk_roi_segments_free(seg);
    return rc ? cli_fail(err) : 0;
}

const cli_command cmd_roi = {parse_args, run, sizeof(roi_args), offsetof(roi_args, experiment)};
