/*
 * cmd_lift.c - 'liftkit lift': the lift table of docs/methods.md, "Lift",
 * from raw assignments and openings or from per-arm sums (--summary).
 * Every output file is all-or-nothing: nothing is written unless the whole
 * run succeeds.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/balances.h"
#include "liftkit/events.h"
#include "liftkit/experiment.h"
#include "liftkit/format.h"
#include "liftkit/holdings.h"
#include "liftkit/lift.h"
#include "liftkit/output.h"
#include "liftkit/segments.h"
#include "liftkit/units.h"

#include "cli.h"
#include "options.h"

static const cli_doc doc = {
    .name = "lift",
    .usage = "usage: liftkit lift -e EXP --assignments FILE --openings FILE [options]\n"
             "   or: liftkit lift -e EXP --summary FILE [FILE...] [options]\n"
             "   or: liftkit lift --pool [--random] [-e EXP] [-o FILE] TABLE.csv...\n",
    .purpose = "Lift table: rates, differences, relative lift, p-values per arm.",
    .description =
        "Per metric and arm, the rate (or mean) with its interval; each challenger\n"
        "against the champion and each treated arm against the control: difference,\n"
        "relative lift, p-value (z-test, Fisher's exact test when an expected cell\n"
        "is below 5, Welch for means), Holm-adjusted p-values, Bayesian prob_better\n"
        "and expected_loss, and the sample-ratio check.  Balance metrics are capped\n"
        "per unit ([metrics] cap, default p99.9); the relative lift of a mean has\n"
        "Fieller's interval; a metric with a [cuped] covariate gets a CUPED row.\n"
        "\n"
        "CSV columns: metric,arm,role,n,value,value_lo,value_hi,vs,diff,diff_lo,diff_hi,\n"
        "lift,lift_lo,lift_hi,p_value,p_adjusted,test,prob_better,expected_loss,srm_p,\n"
        "cap,n_capped,note,theta,variance_reduction,as_of,guardrail,p_fdr.\n"
        "With --events, the rows of event_<name> (share of units with the event in the\n"
        "window) follow, and 'guardrail' says pass, fail or inconclusive on each\n"
        "comparison of an event with a [guardrails] margin (one-sided non-inferiority).\n"
        "With --holdings, products_held_start and products_held_end (distinct products\n"
        "held per unit on the window's first and last day, means) and single_product\n"
        "(share of units holding one product at the end) follow products_opened; with\n"
        "--balances, funded_target (a target opening with a balance above 0 thirty\n"
        "days after opening) and balance_target_90 (its balance ninety days after).\n"
        "An experiment whose sample-ratio p-value is below 0.001 is untrustworthy: the\n"
        "warning goes to standard error and into the json and md outputs.\n",
    .example = "  liftkit lift -e experiments/heloc-spring-2026.ini --assignments data/assignments.csv \\\n"
               "      --openings data/openings.csv -o data/lift.csv --accrual data/accrual.csv\n",
    .max_args = -1,
};

typedef struct lift_args {
    const char *experiment, *assignments, *openings, *summary;
    const char *write_summary, *accrual, *output, *rejects, *events;
    const char *holdings, *balances;
    const char *by, *heterogeneity;
    cli_by by_cols;
    cli_summaries summaries;
    char **files;              /* the positional arguments, nargs of them */
    lk_format format;
    int pool, quiet, nargs, sequential, random, no_cuped;
    cli_as_of as_of;
} lift_args;

#define FORMAT_UNSET ((lk_format)-1)

static int check_pool(const lift_args *a)
{
    if (a->assignments || a->openings || a->summary || a->write_summary || a->accrual ||
        a->rejects || a->events || a->holdings || a->balances || a->format != FORMAT_UNSET ||
        a->sequential || a->as_of.has ||
        a->no_cuped || a->by || a->heterogeneity)
        return cli_usage("lift", "only -e, -o, -q and --random go with --pool");
    if (a->nargs == 0)
        return cli_usage("lift", "--pool needs one or more lift tables");
    return 0;
}

/* Split --by at commas into a->by_cols; 0 or the usage error's exit code. */
static int split_by(lift_args *a)
{
    if (!a->by)
        return a->heterogeneity ? cli_usage("lift", "--heterogeneity needs --by") : 0;
    return cli_split_by("lift", a->by, &a->by_cols);
}

/* The checks that need every option; 0 or the usage error's exit code. */
static int check(lift_args *a)
{
    if (a->pool)
        return check_pool(a);
    int rc = split_by(a);
    if (rc)
        return rc;
    if (a->random)
        return cli_usage("lift", "--random goes with --pool");
    if (a->nargs && !a->summary)
        return cli_usage("lift", "unexpected argument '%s'", a->files[0]);
    if (a->format == FORMAT_UNSET)
        a->format = LK_FORMAT_CSV;
    if (!a->experiment)
        return cli_usage("lift", "missing -e/--experiment");   /* --pool goes without */
    if (a->summary) {
        if (a->assignments || a->openings)
            return cli_usage("lift", "--summary replaces --assignments and --openings");
        if (a->accrual || a->write_summary || a->rejects)
            return cli_usage("lift", "--accrual, --write-summary and --rejects need raw data, "
                                     "not --summary");
        if (a->events)
            return cli_usage("lift", "--events needs raw data: a summary carries its events "
                                     "as rows event_<name> (lift --events --write-summary)");
        if (a->holdings || a->balances)
            return cli_usage("lift", "--holdings and --balances need raw data, not --summary");
        return cli_take_summaries("lift", a->summary, a->files, a->nargs, &a->summaries);
    }
    if (!a->assignments || !a->openings)
        return cli_usage("lift", "missing --assignments and --openings (or --summary)");
    if (a->by && a->events && a->write_summary)
        return cli_usage("lift", "--write-summary with --by has no event rows: write the "
                                 "summary with --events without --by");
    return 0;
}

static int parse_args(void *args, int argc, char **argv)
{
    lift_args *a = args;
    a->format = FORMAT_UNSET;
    const cli_option opts[] = {
        OPT_EXPERIMENT_OPTIONAL(&a->experiment, "the experiment file (INI)"),
        OPT_STRING(0, "assignments", &a->assignments, "FILE",
                   "assignments.csv (from 'liftkit assign')"),
        OPT_STRING(0, "openings", &a->openings, "FILE", "openings.csv"),
        OPT_STRING(0, "summary", &a->summary, "FILE",
                   "per-arm sums instead of raw data: CSV with columns\n"
                   "arm,metric,n,sum,sumsq (one row per arm and metric;\n"
                   "responders = sum for response_target/response_any,\n"
                   "whose sumsq may be empty), optionally unit and the\n"
                   "covariate sums sum_x,sum_x2,sum_xy (CUPED), and rows\n"
                   "event_<name> (units with a guardrail event); FILEs\n"
                   "after it are partial summaries, added row by row"),
        OPT_OUTFILE(0, "write-summary", &a->write_summary,
                    "also write the per-arm sums of the raw data in\n"
                    "that format (with --events, its event rows too)"),
        OPT_OUTFILE(0, "accrual", &a->accrual,
                    "also write the response-accrual table\n"
                    "(arm,day,n,responders,rate; raw data only)"),
        OPT_FLAG(0, "no-cuped", &a->no_cuped,
                 "no CUPED rows, whatever [cuped] says"),
        OPT_STRING(0, "events", &a->events, "FILE",
                   "events.csv (customer_id,event,event_date): adds\n"
                   "event_<name> rates and the [guardrails] verdicts"),
        OPT_STRING(0, "holdings", &a->holdings, "FILE",
                   "holdings.csv (customer_id,product,open_date,\n"
                   "close_date): adds products_held_start,\n"
                   "products_held_end and single_product"),
        OPT_STRING(0, "balances", &a->balances, "FILE",
                   "balances.csv (account_id,date,balance snapshots):\n"
                   "adds funded_target and balance_target_90"),
        OPT_STRING(0, "by", &a->by, "COLUMN[,COLUMN]",
                   "the table per segment too: the units whose values\n"
                   "in these columns of assignments.csv (or of the\n"
                   "summary) agree; first column segment ('(all)' for\n"
                   "the whole experiment), p_fdr Benjamini-Hochberg\n"
                   "over the segments of each metric and comparison;\n"
                   "no CUPED rows"),
        OPT_OUTFILE(0, "heterogeneity", &a->heterogeneity,
                    "with --by, also write Cochran's Q and I^2 over the\n"
                    "segments per metric and comparison (metric,arm,vs,\n"
                    "segments,q,q_df,q_p,i2)"),
        OPT_OUTPUT(&a->output),
        OPT_FORMAT(&a->format),
        OPT_REJECTS(&a->rejects),
        OPT_AS_OF(&a->as_of),
        OPT_FLAG(0, "sequential", &a->sequential,
                 "always-valid intervals and p-values (as\n"
                 "'sequential = true' in the experiment file): safe\n"
                 "to read at any time; test = sequential"),
        OPT_FLAG(0, "pool", &a->pool,
                 "pool the lift tables of several waves instead: per\n"
                 "metric, arm and vs, a fixed-effect inverse-variance\n"
                 "pooled relative lift (log ratio) with its interval\n"
                 "and Cochran's Q and I^2 (alpha from -e, else 0.05);\n"
                 "columns metric,arm,vs,waves,files,lift,lift_lo,\n"
                 "lift_hi,p_value,log_lift,se,cochran_q,q_df,q_p,i2,\n"
                 "lift_re,lift_re_lo,lift_re_hi,tau2"),
        OPT_FLAG(0, "random", &a->random,
                 "with --pool: DerSimonian-Laird random effects\n"
                 "beside the fixed effect, in columns lift_re,\n"
                 "lift_re_lo, lift_re_hi and tau2 (empty without it)"),
        OPT_QUIET(&a->quiet),
        OPT_SAFE_CSV(),
        OPT_END(),
    };
    a->files = argv + 1;
    int rc = cli_parse_options(&doc, opts, argc, argv, &a->nargs);
    return rc ? rc : check(a);
}

/* The optional side outputs of the raw path, written before anything commits. */
typedef struct side_outputs {
    lk_output *summary, *accrual, *hetero;
} side_outputs;

/*
 * The side outputs; with --write-summary (not per segment) the summary's
 * sums stay in *kept, so the events' sums taken for it serve the table too.
 */
static int write_side(side_outputs *so, const lift_args *a, const lk_experiment *exp,
                      const lk_units *u, const lk_segment_sums *seg, const lk_events *ev,
                      lk_lift_sums **kept, lk_error *err)
{
    int rc = LK_OK;
    if (a->write_summary) {
        lk_lift_sums *s = NULL;
        rc = lk_output_open(&so->summary, a->write_summary, err);
        if (!rc && seg)
            rc = lk_segment_sums_write(seg, exp, lk_output_file(so->summary), err);
        if (!rc && !seg)
            rc = lk_lift_sums_from_units(&s, u, exp, err);
        if (!rc && !seg && ev)
            rc = lk_lift_sums_add_events(s, u, ev, err);
        if (!rc && !seg)
            rc = lk_lift_sums_write(s, exp, lk_output_file(so->summary), err);
        *kept = s;
    }
    if (!rc && a->accrual) {
        rc = lk_output_open(&so->accrual, a->accrual, err);
        if (!rc)
            rc = lk_lift_write_accrual(u, exp, lk_output_file(so->accrual), err);
    }
    return rc;
}

static int commit_all(side_outputs *so, lk_output *out, int rc, lk_error *err)
{
    rc = cli_output_finish(so->summary, rc, err);
    rc = cli_output_finish(so->accrual, rc, err);
    rc = cli_output_finish(so->hetero, rc, err);
    return cli_output_finish(out, rc, err);
}

static void report_units(const lk_units *u, const lk_experiment *exp)
{
    fprintf(stderr, "liftkit lift: %zu units (", u->n);
    for (size_t a = 0; a < exp->narms; a++)
        fprintf(stderr, "%s%s %zu", a ? ", " : "", exp->arms[a].name, u->arm_units[a]);
    fprintf(stderr, "); openings: %lu in window, %lu outside, %lu of unassigned customers",
            u->openings_in_window, u->openings_outside_window, u->openings_unassigned);
    if (u->rejected)
        fprintf(stderr, ", %lu rows rejected", u->rejected);
    fputc('\n', stderr);
    if (u->segment)
        fprintf(stderr, "liftkit lift: %zu segments", u->nsegments);
    if (u->segment && u->segment_conflicts)
        fprintf(stderr, "; note: %lu customers have another segment than the first customer "
                        "of their unit, whose segment the unit takes", u->segment_conflicts);
    if (u->segment)
        fputc('\n', stderr);
}

/* The household warning of summaries that do not say what they count. */
static void check_summary_unit(const lk_lift_sums *s, const lk_experiment *exp,
                               const lift_args *a)
{
    if (!s->has_unit && strcmp(exp->unit, "customer_id") && !a->quiet)
        fprintf(stderr, "liftkit lift: warning: '%s'%s has no unit column: its sums are "
                        "taken to count %s (sums over customers would understate the "
                        "variance)\n",
                a->summary, a->nargs ? " or a partial summary" : "", exp->unit);
}

/* The event rows, from the summary's event sums when it has them (s), else from u. */
static int add_events(lk_lift_table *t, const lift_args *a, const lk_experiment *exp,
                      const lk_units *u, const lk_events *ev, const lk_lift_sums *s,
                      lk_error *err)
{
    int rc = s && s->nevents ? lk_lift_add_event_sums(t, exp, s, err)
                             : lk_lift_add_events(t, exp, u, ev, err);
    if (!rc && !a->quiet)
        fprintf(stderr, "liftkit lift: events: %zu kinds; %lu in window, %lu outside, %lu of "
                        "unassigned customers\n", ev->n, ev->in_window, ev->outside_window,
                ev->unassigned);
    return rc;
}

/* The relationship metrics of --holdings and --balances, read into u. */
static int add_relationship(lk_units *u, const lift_args *a, const lk_experiment *exp,
                            lk_error *err)
{
    lk_relationship_counts c;
    int rc = a->holdings ? lk_units_add_holdings(u, exp, a->holdings, &c, err) : LK_OK;
    if (!rc && a->holdings && !a->quiet)
        fprintf(stderr, "liftkit lift: holdings: %lu rows, %lu of unassigned customers\n",
                c.rows, c.unassigned);
    if (!rc && a->balances)
        rc = lk_units_add_balances(u, exp, a->openings, a->balances, &c, err);
    if (!rc && a->balances && !a->quiet)
        fprintf(stderr, "liftkit lift: balances: %lu snapshots, %lu of target openings in "
                        "the window, %lu others\n", c.rows, c.used, c.other);
    return rc;
}

/*
 * The --summary file and the partial summaries after it, in order: the
 * sums (*s), or with --by the sums of each segment (*seg).
 */
static int read_summaries(lk_lift_sums **s, lk_segment_sums **seg, const lift_args *a,
                          const lk_experiment *exp, lk_error *err)
{
    const cli_summaries *f = &a->summaries;
    if (a->by)
        return lk_segment_sums_read_many(seg, exp, f->paths, f->n, a->by_cols.cols,
                                         a->by_cols.n, err);
    return lk_lift_sums_read_many(s, exp, f->paths, f->n, err);
}

/* The table from units, per segment with --by; the side outputs written,
   the summary's sums in *kept (see write_side). */
static int compute_tables(lk_lift_table **t, side_outputs *so, const lift_args *a,
                          const lk_experiment *exp, const lk_units *u, const lk_events *ev,
                          lk_lift_sums **kept, lk_error *err)
{
    lk_segment_sums *seg = NULL;
    int rc = a->by ? lk_segment_sums_from_units(&seg, u, a->by_cols.cols, a->by_cols.n, err)
                   : LK_OK;
    if (!rc)
        rc = seg ? lk_lift_compute_segments(t, exp, seg, err)
                 : lk_lift_compute_units(t, exp, u, err);
    if (!rc)
        rc = write_side(so, a, exp, u, seg, ev, kept, err);
    lk_segment_sums_free(seg);
    return rc;
}

/* The table from units with the rows of --events (read once, and summed
   once for the summary and the table); the side outputs written. */
static int compute_units(lk_lift_table **t, side_outputs *so, const lift_args *a,
                         const lk_experiment *exp, const lk_units *u, lk_error *err)
{
    lk_events *ev = NULL;
    lk_lift_sums *kept = NULL;
    int rc = a->events ? lk_events_read(&ev, exp, u, a->events, err) : LK_OK;
    if (!rc)
        rc = compute_tables(t, so, a, exp, u, ev, &kept, err);
    if (!rc && ev)
        rc = add_events(*t, a, exp, u, ev, kept, err);
    lk_lift_sums_free(kept);
    lk_events_free(ev);
    return rc;
}

static int write_hetero(side_outputs *so, const lift_args *a, const lk_lift_table *t,
                        lk_error *err)
{
    lk_hetero *h = NULL;
    int rc = lk_lift_heterogeneity(&h, t, err);
    if (!rc)
        rc = lk_output_open(&so->hetero, a->heterogeneity, err);
    if (!rc)
        rc = lk_hetero_write(h, t, lk_output_file(so->hetero), err);
    lk_hetero_free(h);
    return rc;
}

/* An interim read marks the table (as_of) and says so on stderr. */
static void mark_interim(lk_lift_table *t, const lk_interim *r, int quiet)
{
    if (!r->interim)
        return;
    memcpy(t->as_of, r->as_of, sizeof(t->as_of));
    t->as_of_day = r->day;
    t->window = r->window;
    if (!quiet)
        cli_say_interim("lift", r);
}

static int compute_summary(lk_lift_table **t, const lift_args *a, const lk_experiment *exp,
                           lk_error *err)
{
    lk_lift_sums *s = NULL;
    lk_segment_sums *seg = NULL;
    int rc = read_summaries(&s, &seg, a, exp, err);
    if (!rc && seg) {
        rc = lk_lift_compute_segments(t, exp, seg, err);
    } else if (!rc) {
        check_summary_unit(s, exp, a);
        rc = lk_lift_compute_sums(t, exp, s, err);
    }
    lk_segment_sums_free(seg);
    lk_lift_sums_free(s);
    return rc;
}

static int compute(lk_lift_table **t, side_outputs *so, const lift_args *a,
                   const lk_experiment *exp, lk_error *err)
{
    if (a->summary) {
        int rc = compute_summary(t, a, exp, err);
        lk_interim r = lk_interim_of(exp, a->as_of.has, a->as_of.day, 0, 0);
        if (!rc)
            mark_interim(*t, &r, a->quiet);
        return rc;
    }
    cli_progress cp;
    lk_rejects *rj = NULL;
    lk_units *u = NULL;
    void *scores = NULL;
    lk_units_options opt = {.progress = cli_progress_start(&cp, "lift"), .skip_ids = 1,
                            .has_as_of = a->as_of.has, .as_of = a->as_of.day,
                            .index_customers = a->events != NULL,
                            .find_customers = a->holdings || a->balances,
                            .segments = a->by_cols.cols, .nsegments = a->by_cols.n};
    int rc = a->rejects ? lk_rejects_open(&rj, a->rejects, err) : LK_OK;
    opt.rejects = rj;
    if (!rc)
        rc = lk_units_options_add_covariates(&opt, exp, &scores, err);
    if (!rc)
        rc = lk_units_load(&u, exp, a->assignments, a->openings, &opt, err);
    cli_progress_done(&cp);
    free(scores);
    if (!rc)
        rc = add_relationship(u, a, exp, err);
    if (!rc)
        rc = lk_units_cap(u, exp, err);
    if (!rc)
        rc = compute_units(t, so, a, exp, u, err);
    if (!rc && !a->quiet)
        report_units(u, exp);
    if (!rc) {
        lk_interim r = lk_interim_of_units(exp, u);
        mark_interim(*t, &r, a->quiet);
    }
    rc = cli_rejects_finish(rj, rc, err);
    lk_units_free(u);
    return rc;
}

static void warn(const lk_lift_table *t)
{
    char text[256];
    if (!t->has_control)
        fprintf(stderr, "liftkit lift: note: the experiment has no control arm: only "
                        "challenger-vs-champion comparisons are shown\n");
    if (t->untrustworthy)
        fprintf(stderr, "liftkit lift: WARNING: %s\n",
                lk_srm_warning(t->srm_p, text, sizeof(text)));
}

/* lift_pool.c: pool the lift tables tables[0..n) into output; exp may be NULL. */
int cli_lift_pool(const lk_experiment *exp, const char *output, int random,
                  const char *const *tables, size_t n);

static int run(void *args, lk_experiment *exp, lk_error *err)
{
    const lift_args *a = args;
    if (a->pool)
        return cli_lift_pool(exp, a->output, a->random, (const char *const *)a->files,
                             (size_t)a->nargs);
    lk_lift_table *t = NULL;
    lk_output *out = NULL;
    side_outputs so = {NULL, NULL, NULL};
    if (a->sequential)
        exp->sequential = 1;
    if (a->no_cuped)
        lk_text_settings_clear(&exp->cuped);
    int rc = compute(&t, &so, a, exp, err);
    if (!rc && a->heterogeneity)
        rc = write_hetero(&so, a, t, err);
    if (!rc)
        rc = lk_output_open(&out, a->output, err);
    if (!rc)
        rc = lk_lift_write(t, lk_output_file(out), a->format, err);
    rc = commit_all(&so, out, rc, err);
    if (!rc)
        warn(t);
    lk_lift_table_free(t);
    return rc ? cli_fail(err) : 0;
}

const cli_command cmd_lift = {parse_args, run, sizeof(lift_args), offsetof(lift_args, experiment)};
