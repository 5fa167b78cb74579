/*
 * report_run.c - the report from raw data (see report.h).
 *
 * Computes nothing itself: the units, lift, ROI, attribution, power and
 * uplift libraries make the results, which become typed tables in memory
 * through the same code that writes each table (tables/build.h).  Those
 * tables go to data/ in their contract formats and the report is rendered
 * from them as they are, so a report made here and one rendered from the
 * commands' own outputs are the same report.
 */
#include <math.h>
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/attribute.h"
#include "liftkit/balances.h"
#include "liftkit/contacts.h"
#include "liftkit/csv.h"
#include "liftkit/events.h"
#include "liftkit/holdings.h"
#include "liftkit/matrix.h"
#include "liftkit/experiment.h"
#include "liftkit/format.h"
#include "liftkit/interim.h"
#include "liftkit/lift.h"
#include "liftkit/output.h"
#include "liftkit/power.h"
#include "liftkit/report.h"
#include "liftkit/roi.h"
#include "liftkit/segments.h"
#include "liftkit/units.h"
#include "liftkit/uplift.h"

#include "report/plot_int.h"
#include "report/report_int.h"
#include "tables/build.h"
#include "util/pair.h"
#include "util/path.h"

#define MAX_SCORES 16

/* The tables made, in the order they are written; the Qini curve is not written. */
enum { T_LIFT, T_ROI, T_ACCRUAL, T_MIX, T_POWER, T_QINI, T_UPLIFT, T_CONTACTS, T_PRESSURE,
       T_COMPARE, T_SEGMENTS, T_HETERO, T_MATRIX, T_COUNT };

static const char *const table_names[T_COUNT] = {
    "lift.csv", "roi.csv", "accrual.csv", "mix.csv", "power.csv", ".qini-curve.csv",
    "uplift.csv", "contacts.csv", "contacts-histogram.csv", "compare.csv", "segments.csv",
    "heterogeneity.csv", "matrix.csv"};

typedef struct run_state {
    const lk_experiment *exp;
    const lk_report_run_options *run;
    char *data;                       /* dir/data */
    tbl *tables[T_COUNT];
    lk_units *u;
    lk_lift_table *lift;
    lk_roi_table *roi;
    lk_contacts_table *contacts;
    lk_attr_summary *mix;
    lk_roi_costs *costs;              /* from attribution's read of the offers */
    lk_roi_units *roi_units;          /* ROI's part of the units, made beside attribution */
    lk_matrix *matrix;
    lk_uplift_result *uplift;
    lk_power_row *power;
    size_t npower;
    char *score_names[MAX_SCORES];
    size_t nscores;
    const char *by[LK_SEGMENT_COLUMNS];  /* the Segments section's columns */
    size_t nby;
    lk_lift_table *seglift;           /* the lift per segment */
    lk_hetero *hetero;
    lk_interim interim;
} run_state;

/* Write t to its path, all or nothing. */
static int write_table(const tbl *t, lk_error *err)
{
    lk_output *o;
    int rc = lk_output_open(&o, t->path, err);
    if (rc)
        return rc;
    lk_csv_writer *w = lk_csv_writer_new(lk_output_file(o));
    if (!w) {
        lk_output_abort(o);
        return lk_error_nomem(err);
    }
    tbl_write_csv(t, w);
    lk_csv_writer_free(w);
    return lk_output_commit(o, err);
}

/*
 * The Segments section's columns: run->by, or a stratified experiment's
 * stratify column (its 'stratum' when assignments.csv does not copy it).
 */
static void find_by(run_state *s, lk_csv_reader *r)
{
    const lk_report_run_options *run = s->run;
    for (size_t i = 0; i < run->nby && i < LK_SEGMENT_COLUMNS; i++)
        s->by[s->nby++] = run->by[i];
    if (run->nby || !s->exp->stratify)
        return;
    s->by[s->nby++] = "stratum";
    for (size_t i = 0; i < lk_csv_ncolumns(r); i++)
        if (!strcmp(lk_csv_column_name(r, i), s->exp->stratify))
            s->by[0] = s->exp->stratify;
}

/* The assignments' score_* columns, which uplift ranks by, and the segments' columns. */
static int find_scores(run_state *s, lk_error *err)
{
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, s->run->assignments, err);
    if (rc)
        return rc;
    find_by(s, r);
    for (size_t i = 0; i < lk_csv_ncolumns(r) && s->nscores < MAX_SCORES; i++) {
        const char *name = lk_csv_column_name(r, i);
        if (strncmp(name, "score_", 6))
            continue;
        if (!(s->score_names[s->nscores++] = strdup(name))) {
            lk_csv_close(r);
            return lk_error_nomem(err);
        }
    }
    lk_csv_close(r);
    return LK_OK;
}

/* The lift table's response_target row of arm (its first), or NULL. */
static const lk_lift_row *target_row(const lk_lift_table *t, int arm)
{
    for (size_t i = 0; i < t->nrows; i++)
        if (t->rows[i].metric == LK_METRIC_RESPONSE_TARGET && t->rows[i].arm == arm)
            return &t->rows[i];
    return NULL;
}

/*
 * Power against the true lift at the sizes the test had: the first
 * challenger against the champion, or the champion against the control
 * when there is no challenger.
 */
static int compute_power(run_state *s, lk_error *err)
{
    const lk_experiment *exp = s->exp;
    int base = exp->champion, treated = -1;
    for (size_t a = 0; a < exp->narms && treated < 0; a++)
        if (exp->arms[a].role == LK_ROLE_CHALLENGER)
            treated = (int)a;
    if (treated < 0) {
        treated = exp->champion;
        base = exp->control;
    }
    if (base < 0)
        return LK_OK;
    const lk_lift_row *b = target_row(s->lift, base), *t = target_row(s->lift, treated);
    if (!b || !t || !(b->value > 0 && b->value < 1) || !(b->n > 0) || !(t->n > 0))
        return LK_OK;
    lk_power_row plan;
    lk_error ignored;
    if (lk_power_detectable(b->value, b->n, exp->alpha, 0.8, t->n / b->n, &plan, &ignored))
        return LK_OK;   /* nothing detectable below a rate of 1: no chart */
    return lk_power_curve(&plan, 1, &s->power, &s->npower, err);
}

/* An interim read's day into the tables that carry it (as_of). */
static void mark_lift(lk_lift_table *t, const lk_interim *r)
{
    if (!r->interim)
        return;
    memcpy(t->as_of, r->as_of, sizeof(t->as_of));
    t->as_of_day = r->day;
    t->window = r->window;
}

static void mark_roi(lk_roi_table *t, const lk_interim *r)
{
    if (!r->interim)
        return;
    memcpy(t->as_of, r->as_of, sizeof(t->as_of));
    t->as_of_day = r->day;
    t->window = r->window;
}

/* The lift per segment and whether it differs by segment. */
static int compute_segments(run_state *s, lk_error *err)
{
    if (!s->nby)
        return LK_OK;
    lk_segment_sums *seg = NULL;
    int rc = lk_segment_sums_from_units(&seg, s->u, s->by, s->nby, err);
    if (!rc)
        rc = lk_lift_compute_segments(&s->seglift, s->exp, seg, err);
    lk_segment_sums_free(seg);
    if (!rc)
        mark_lift(s->seglift, &s->interim);
    return rc ? rc : lk_lift_heterogeneity(&s->hetero, s->seglift, err);
}

/* The guardrail events' rows, and the contact pressure when there is a policy. */
static int compute_pressure(run_state *s, lk_error *err)
{
    int rc = LK_OK;
    if (s->run->events) {
        lk_events *ev = NULL;
        rc = lk_events_read(&ev, s->exp, s->u, s->run->events, err);
        if (!rc)
            rc = lk_lift_add_events(s->lift, s->exp, s->u, ev, err);
        lk_events_free(ev);
    }
    if (!rc && s->exp->policy.n)
        rc = lk_contacts_compute(&s->contacts, s->exp, s->u, s->run->offers, NULL, NULL, err);
    return rc;
}

/* Who else sees the offers as attribution reads them. */
typedef struct offer_sinks {
    lk_roi_costs_reader *roi;   /* NULL: no ROI */
    lk_matrix *matrix;
} offer_sinks;

/* lk_attr_offer_fn: a row of offers.csv to ROI's costs and to the matrix. */
static int offer_row(void *ctx, int part, lk_csv_reader *r, const lk_csv_row *row,
                     lk_error *err)
{
    offer_sinks *o = ctx;
    if (!o->roi)
        return lk_matrix_offer_row(o->matrix, part, r, row, err);
    int32_t day;
    double cost;   /* ROI checks what the matrix would: the date and the cost parsed once */
    int rc = lk_roi_costs_row(o->roi, part, r, row, &day, &cost, err);
    return rc ? rc : lk_matrix_offer_checked(o->matrix, part, row, day, cost, err);
}

/*
 * The attribution mix, the offer matrix from the same attribution and,
 * when there is a control or a universal holdout, ROI's costs (*costs):
 * all three from one read of offers.csv, whose header each checks first.
 */
static int compute_attribution(run_state *s, lk_roi_costs **costs, lk_error *err)
{
    const lk_experiment *exp = s->exp;
    lk_attr_options ao;
    lk_attr_options_init(&ao, exp);
    ao.progress = s->run->progress;
    if (!(s->matrix = lk_matrix_new()))
        return lk_error_nomem(err);
    offer_sinks o = {.matrix = s->matrix};
    ao.row = lk_matrix_add_credit;
    ao.row_ctx = s->matrix;
    ao.offer = offer_row;
    ao.offer_ctx = &o;
    int rc = LK_OK;
    if (exp->control >= 0 || exp->universal >= 0)
        rc = lk_roi_costs_begin(&o.roi, exp, s->u, s->run->offers, err);
    if (!rc)
        rc = lk_matrix_offers_begin(s->matrix, exp, s->run->offers, err);
    if (!rc)
        rc = lk_attribute_run(exp, s->run->offers, s->run->openings, &ao, &s->mix, err);
    int nparts = s->mix ? s->mix->parts : 1;
    if (!rc && o.roi) {
        rc = lk_roi_costs_end(o.roi, nparts, costs, err);
        o.roi = NULL;
    }
    lk_roi_costs_reader_free(o.roi);
    if (!rc)
        rc = lk_matrix_offers_end(s->matrix, nparts, err);
    return rc ? rc : lk_matrix_finish(s->matrix, err);
}

/* ROI from the costs and the units' part made beside attribution. */
static int compute_roi(run_state *s, lk_error *err)
{
    lk_roi_options ro;
    lk_roi_options_init(&ro);
    if (s->run->seed)
        ro.seed = s->run->seed;
    ro.progress = s->run->progress;
    lk_progress_step(&s->run->progress, "ROI bootstrap");
    int rc = lk_roi_compute_units(&s->roi, s->exp, s->roi_units, s->costs, &ro, err);
    if (!rc)
        mark_roi(s->roi, &s->interim);
    return rc;
}

/* The accrual table, made as soon as the lift table is: the days to the
   first opening are then freed. */
static int make_accrual(run_state *s, lk_error *err)
{
    char *path = lk_path_join(s->data, table_names[T_ACCRUAL]);
    int rc = path ? tbl_of_accrual(&s->tables[T_ACCRUAL], s->u, s->exp, path, err)
                  : lk_error_nomem(err);
    free(path);
    return rc;
}

/* Freed memory handed back to the system, so what comes next reuses it. */
static void trim(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

/* The attribution mix, the offer matrix and ROI's costs (the units read
   only); progress is the run's. */
static int compute_offers(run_state *s, lk_progress progress, lk_error *err)
{
    lk_progress_step(&progress, "attribution");
    return compute_attribution(s, &s->costs, err);
}

/* Once attribution and the units' side are done: ROI, then power. */
static int compute_after(run_state *s, lk_error *err)
{
    int rc = s->costs ? compute_roi(s, err) : LK_OK;
    lk_roi_costs_free(s->costs);
    lk_roi_units_free(s->roi_units);
    s->costs = NULL;
    s->roi_units = NULL;
    if (rc)
        return rc;
    lk_units_release(s->u, LK_UNITS_VALUE);
    trim();
    lk_progress_step(&s->run->progress, "power");
    return compute_power(s, err);
}

/*
 * Uplift's progress while the offers' side reports on the same line: its
 * steps are kept, in order, and told once the offers are done (relay_open),
 * after which its reports pass straight on.
 */
#define RELAY_STEPS 8
typedef struct relay {
    pthread_mutex_t lock;
    const lk_progress *to;
    int open;
    char steps[RELAY_STEPS][128];
    size_t nsteps;
} relay;

static void relay_report(void *ctx, uint64_t done, uint64_t total)
{
    relay *r = ctx;
    pthread_mutex_lock(&r->lock);
    if (r->open)
        lk_progress_report(r->to, done, total);
    pthread_mutex_unlock(&r->lock);
}

static void relay_step(void *ctx, const char *step)
{
    relay *r = ctx;
    pthread_mutex_lock(&r->lock);
    if (r->open) {
        lk_progress_step(r->to, step);
    } else {
        if (r->nsteps == RELAY_STEPS) {   /* the latest steps are kept */
            memmove(r->steps[0], r->steps[1], sizeof(r->steps[0]) * (RELAY_STEPS - 1));
            r->nsteps--;
        }
        snprintf(r->steps[r->nsteps++], sizeof(r->steps[0]), "%s", step);
    }
    pthread_mutex_unlock(&r->lock);
}

static void relay_open(relay *r)
{
    pthread_mutex_lock(&r->lock);
    r->open = 1;
    for (size_t i = 0; i < r->nsteps; i++)
        lk_progress_step(r->to, r->steps[i]);
    pthread_mutex_unlock(&r->lock);
}

/* One of the two computations that share the units once the lift is made:
   the one that leads reports to the run's progress and opens the relay
   when done, the other through the relay. */
typedef struct job {
    int (*fn)(run_state *s, lk_progress progress, lk_error *err);
    run_state *s;
    relay *relay;
    int leads;
    int rc;
    lk_error err;
} job;

/* The model comparison, as uplift --compare does by default: the score
   columns only, not the [cuped] covariates loaded after them. */
static int compute_uplift(run_state *s, lk_progress progress, lk_error *err)
{
    if (!s->nscores || s->exp->control < 0)
        return LK_OK;
    lk_uplift_options up = {.resamples = 200, .seed = 1, .nscores = s->nscores,
                            .progress = progress, .method = LK_UPLIFT_AUTO};
    return lk_uplift_run(&s->uplift, s->exp, s->u, &up, err);
}

/*
 * The units' side beside attribution: uplift, then what ROI takes of the
 * units (sizes, rates, values grouped for its bootstrap), which only the
 * costs wait for.
 */
static int compute_units_side(run_state *s, lk_progress progress, lk_error *err)
{
    int rc = compute_uplift(s, progress, err);
    if (!rc && (s->exp->control >= 0 || s->exp->universal >= 0))
        rc = lk_roi_units_make(&s->roi_units, s->exp, s->u, err);
    return rc;
}

/* The leading job reports to the run's progress, the other through the relay. */
static void *run_job(void *arg)
{
    job *j = arg;
    lk_progress own = j->s->run->progress;
    lk_progress relayed = {own.fn ? relay_report : NULL, j->relay, own.step ? relay_step : NULL};
    j->rc = j->fn(j->s, j->leads ? own : relayed, &j->err);
    if (j->leads)
        relay_open(j->relay);
    return NULL;
}

/*
 * Uplift and ROI's part of the units on a thread of their own beside
 * attribution: they read only the arms, the responses, the values and
 * the scores, which nothing changes any more, and they overlap the
 * offers' read; ROI and power follow once both are done.  The first error
 * in the order the steps ran in before is the one returned.
 */
static int compute_both(run_state *s, lk_error *err)
{
    relay r = {.to = &s->run->progress};
    if (pthread_mutex_init(&r.lock, NULL))
        return lk_error_nomem(err);
    job offers = {compute_offers, s, &r, 1, LK_OK, {0}};
    job uplift = {compute_units_side, s, &r, 0, LK_OK, {0}};
    lk_run_pair(run_job, &offers, &uplift);
    pthread_mutex_destroy(&r.lock);
    const job *failed = offers.rc ? &offers : uplift.rc ? &uplift : NULL;
    if (!failed)
        return compute_after(s, err);
    *err = failed->err;
    return failed->rc;
}

static int compute(run_state *s, lk_error *err)
{
    const lk_experiment *exp = s->exp;
    const lk_report_run_options *run = s->run;
    int rc = find_scores(s, err);
    if (rc)
        return rc;
    /* roi, contacts, holdings and balances join their files to units by
       customer id: found in the sorted unit ids when units are customers in
       order, else through a map; the guardrail events need the map */
    lk_units_options uo = {.scores = (const char *const *)s->score_names,
                           .nscores = s->nscores,
                           .progress = run->progress,
                           .index_customers = run->events != NULL,
                           .find_customers = 1,
                           .has_as_of = run->has_as_of,
                           .as_of = run->as_of,
                           .segments = s->by,
                           .nsegments = s->nby};
    void *scores = NULL;
    if ((rc = lk_units_options_add_covariates(&uo, exp, &scores, err)))
        return rc;
    lk_progress_step(&run->progress, "loading");
    rc = lk_units_load(&s->u, exp, run->assignments, run->openings, &uo, err);
    free(scores);
    if (!rc && run->holdings)
        rc = lk_units_add_holdings(s->u, exp, run->holdings, NULL, err);
    if (!rc && run->balances)
        rc = lk_units_add_balances(s->u, exp, run->openings, run->balances, NULL, err);
    if (rc || (rc = lk_units_cap(s->u, exp, err)))
        return rc;
    s->interim = lk_interim_of_units(exp, s->u);
    lk_progress_step(&run->progress, "lift");
    if ((rc = lk_lift_compute_units(&s->lift, exp, s->u, err)))
        return rc;
    mark_lift(s->lift, &s->interim);
    lk_progress_step(&run->progress, "guardrails and contact pressure");
    if ((rc = compute_segments(s, err)) || (rc = compute_pressure(s, err)) ||
        (rc = make_accrual(s, err)))
        return rc;
    /* the lift and accrual tables were these arrays' last readers */
    lk_units_release(s->u, LK_UNITS_LIFT_ONLY | LK_UNITS_DAYS);
    return compute_both(s, err);
}

/*
 * The Qini curves as the chart draws them: each score's points that
 * plot_qini_keeps, in a copy of the score (the rest borrowed).  The chart
 * keeps them all again, so it is the chart of the whole curves, without a
 * table row per tie block (up to one per unit).
 */
static int qini_table(tbl **out, const lk_uplift_result *up, const char *path, lk_error *err)
{
    size_t k = up->nscores;
    lk_uplift_score *copy = calloc(k ? k : 1, sizeof(*copy));
    lk_uplift_score **score = calloc(k ? k : 1, sizeof(*score));
    lk_uplift_point *kept = NULL;
    size_t total = 0;
    for (size_t i = 0; i < k; i++)
        total += up->scores[i]->npoints;
    /* a point a step, and the last: no more than total */
    if (copy && score)
        kept = malloc((total ? total : 1) * sizeof(*kept));
    int rc = copy && score && kept ? LK_OK : lk_error_nomem(err);
    for (size_t i = 0, n = 0; !rc && i < k; i++) {
        const lk_uplift_score *s = up->scores[i];
        size_t first = n;
        for (size_t p = 0; p < s->npoints; p++)
            if (plot_qini_keeps(p, s->npoints))
                kept[n++] = s->curve[p];
        copy[i] = *s;
        copy[i].curve = kept + first;
        copy[i].npoints = n - first;
        score[i] = &copy[i];
    }
    if (!rc)
        rc = tbl_of_qini(out, score, k, path, err);
    free(kept);
    free(score);
    free(copy);
    return rc;
}

/* Each result as a typed table, named by the file it goes to in data/. */
static int make_tables(run_state *s, lk_error *err)
{
    char *path[T_COUNT] = {0};
    int rc = LK_OK;
    for (size_t i = 0; !rc && i < T_COUNT; i++)
        if (!(path[i] = lk_path_join(s->data, table_names[i])))
            rc = lk_error_nomem(err);
    tbl **t = s->tables;
    if (!rc)
        rc = tbl_of_lift(&t[T_LIFT], s->lift, path[T_LIFT], err);
    if (!rc && s->roi)
        rc = tbl_of_roi(&t[T_ROI], s->roi, path[T_ROI], err);
    if (!rc && s->mix)
        rc = tbl_of_mix(&t[T_MIX], s->mix, path[T_MIX], err);
    if (!rc && s->npower)
        rc = tbl_of_curve(&t[T_POWER], s->power, s->npower, path[T_POWER], err);
    if (!rc && s->uplift)
        rc = qini_table(&t[T_QINI], s->uplift, path[T_QINI], err);
    if (!rc && s->uplift)
        rc = tbl_of_uplift(&t[T_UPLIFT], s->uplift->scores, s->uplift->nscores,
                           s->uplift->srm_p, s->interim.as_of, path[T_UPLIFT], err);
    if (!rc && s->contacts)
        rc = tbl_of_contacts(&t[T_CONTACTS], s->contacts, path[T_CONTACTS], err);
    if (!rc && s->contacts)
        rc = tbl_of_pressure(&t[T_PRESSURE], s->contacts, path[T_PRESSURE], err);
    if (!rc && s->matrix)
        rc = tbl_of_matrix(&t[T_MATRIX], s->matrix, path[T_MATRIX], err);
    if (!rc && s->uplift && s->uplift->ncomparisons)
        rc = tbl_of_compare(&t[T_COMPARE], s->uplift->comparisons, s->uplift->ncomparisons,
                            path[T_COMPARE], err);
    if (!rc && s->seglift)
        rc = tbl_of_lift(&t[T_SEGMENTS], s->seglift, path[T_SEGMENTS], err);
    if (!rc && s->hetero)
        rc = tbl_of_hetero(&t[T_HETERO], s->hetero, s->seglift, path[T_HETERO], err);
    for (size_t i = 0; i < T_COUNT; i++)
        free(path[i]);
    return rc;
}

/* data/: every table but the Qini curve (the chart keeps the points drawn). */
static int write_tables(run_state *s, lk_error *err)
{
    int rc = lk_path_mkdirs(s->data, err);
    for (size_t i = 0; !rc && i < T_COUNT; i++)
        if (s->tables[i] && i != T_QINI)
            rc = write_table(s->tables[i], err);
    return rc;
}

/* The lift table, the ROI table and power from summaries (run->nlift > 0). */
static int compute_summaries(run_state *s, lk_error *err)
{
    const lk_experiment *exp = s->exp;
    const lk_report_run_options *run = s->run;
    lk_lift_sums *ls = NULL;
    int rc = lk_lift_sums_read_many(&ls, exp, run->lift_summaries, run->nlift, err);
    if (!rc)
        rc = lk_lift_compute_sums(&s->lift, exp, ls, err);
    lk_lift_sums_free(ls);
    if (!rc && run->nroi) {
        lk_roi_sums *rs = NULL;
        lk_roi_options ro;
        lk_roi_options_init(&ro);
        if (run->seed)
            ro.seed = run->seed;
        rc = lk_roi_sums_read_many(&rs, exp, run->roi_summaries, run->nroi, err);
        if (!rc)
            rc = lk_roi_compute_sums(&s->roi, exp, rs, &ro, err);
        lk_roi_sums_free(rs);
    }
    s->interim = lk_interim_of(exp, run->has_as_of, run->as_of, 0, 0);
    if (!rc) {
        mark_lift(s->lift, &s->interim);
        if (s->roi)
            mark_roi(s->roi, &s->interim);
        rc = compute_power(s, err);
    }
    return rc;
}

/* The experiment file and the data files, or the summaries, for the footer. */
static int audit(const lk_experiment *exp, const lk_report_run_options *run,
                 lk_report_input *in, size_t *n, lk_error *err)
{
    const char *roles[LK_REPORT_MAX_INPUTS] = {"experiment", "assignments", "offers",
                                               "openings", "events", "holdings", "balances"};
    const char *paths[LK_REPORT_MAX_INPUTS] = {exp->path, run->assignments, run->offers,
                                               run->openings, run->events, run->holdings,
                                               run->balances};
    size_t npaths = 7;
    *n = 0;
    if (run->nlift) {
        if (1 + run->nlift + run->nroi > LK_REPORT_MAX_INPUTS)
            return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "more than %d summaries",
                                LK_REPORT_MAX_INPUTS - 1);
        for (size_t i = 0; i < run->nlift + run->nroi; i++) {
            int lift = i < run->nlift;
            roles[1 + i] = lift ? "lift summary" : "ROI summary";
            paths[1 + i] = lift ? run->lift_summaries[i] : run->roi_summaries[i - run->nlift];
        }
        npaths = 1 + run->nlift + run->nroi;
    }
    for (size_t i = 0; i < npaths; i++) {
        if (!paths[i])
            continue;
        lk_report_input *x = &in[(*n)++];
        memset(x, 0, sizeof(*x));
        x->role = roles[i];
        x->path = paths[i];
        x->is_csv = i > 0;
        int rc = lk_report_input_audit(x, err);
        if (rc)
            return rc;
    }
    return LK_OK;
}

static void release(run_state *s)
{
    lk_units_free(s->u);
    lk_lift_table_free(s->lift);
    lk_lift_table_free(s->seglift);
    lk_hetero_free(s->hetero);
    lk_roi_table_free(s->roi);
    lk_contacts_table_free(s->contacts);
    lk_attr_summary_free(s->mix);
    lk_roi_costs_free(s->costs);
    lk_roi_units_free(s->roi_units);
    lk_matrix_free(s->matrix);
    lk_uplift_result_free(s->uplift);
    free(s->power);
    for (size_t i = 0; i < s->nscores; i++)
        free(s->score_names[i]);
    for (size_t i = 0; i < T_COUNT; i++)
        tbl_free(s->tables[i]);
    free(s->data);
}

/* The report from s's results, into folder (the report's folder being built). */
static int render(run_state *s, const char *folder, const char *dir,
                  const lk_report_options *opt, lk_error *err)
{
    tbl **t = s->tables;
    report_data d = {t[T_LIFT], t[T_ROI], t[T_ACCRUAL], t[T_MIX], t[T_POWER],
                     t[T_QINI], t[T_UPLIFT], t[T_CONTACTS], t[T_PRESSURE], t[T_COMPARE],
                     t[T_SEGMENTS], t[T_HETERO], t[T_MATRIX]};
    lk_report_options o = *opt;
    char warn[2][256];
    const char *warnings[2];
    size_t nw = 0;
    if (s->roi) {
        o.control_checked = 1;
        o.control_contacts = s->roi->control_contacts;
    }
    if (s->roi && lk_roi_control_warning(s->roi, warn[nw], sizeof(warn[nw])))
        warnings[nw] = warn[nw], nw++;
    if (s->roi && lk_roi_universal_warning(s->roi, warn[nw], sizeof(warn[nw])))
        warnings[nw] = warn[nw], nw++;
    if (nw) {
        o.warnings = warnings;
        o.nwarnings = nw;
    }
    if (!o.model_note && !s->uplift)
        o.model_note = s->nscores ? "The experiment has no control arm, so there is no "
                                    "uplift to rank by model score."
                                  : NULL;
    return report_render(s->exp, &d, folder, dir, &o, err);
}

/* The audit of the inputs, or the computation, with its result. */
typedef struct side {
    const lk_experiment *exp;
    const lk_report_run_options *run;
    lk_report_input *inputs;    /* the audit's */
    size_t ninputs;
    run_state *s;               /* the computation's */
    const char *dir;
    lk_output **folder;
    int rc;
    lk_error err;
} side;

/* lk_run_pair: the audit (inputs set) or the report's folder and results. */
static void *run_side(void *arg)
{
    side *d = arg;
    if (d->inputs) {
        d->rc = audit(d->exp, d->run, d->inputs, &d->ninputs, &d->err);
        return NULL;
    }
    run_state *s = d->s;
    d->rc = d->dir ? rep_folder_open(d->folder, d->dir, &d->err) : lk_error_nomem(&d->err);
    if (!d->rc && !(s->data = lk_path_join(lk_output_folder(*d->folder), "data")))
        d->rc = lk_error_nomem(&d->err);
    if (!d->rc)
        d->rc = d->run->nlift ? compute_summaries(s, &d->err) : compute(s, &d->err);
    return NULL;
}

int lk_report_run(const lk_experiment *exp, const lk_report_run_options *run,
                  const lk_report_options *opt, lk_error *err)
{
    static const lk_report_options none = {0};
    if (!opt)
        opt = &none;
    lk_report_input inputs[LK_REPORT_MAX_INPUTS];
    run_state s = {.exp = exp, .run = run};
    char *dir = lk_report_dir(exp, opt);
    lk_output *folder = NULL;
    /* the checksums on a thread of their own while the results are made;
       an input the audit cannot read is the error, as when it came first */
    lk_progress_step(&run->progress, "checksums of the inputs");
    side a = {.exp = exp, .run = run, .inputs = inputs};
    side c = {.exp = exp, .run = run, .s = &s, .dir = dir, .folder = &folder};
    lk_run_pair(run_side, &c, &a);
    const side *failed = a.rc ? &a : c.rc ? &c : NULL;
    int rc = failed ? failed->rc : LK_OK;
    if (failed)
        *err = failed->err;
    lk_report_options o = *opt;
    o.inputs = inputs;
    o.ninputs = a.ninputs;
    o.progress = run->progress;
    if (!rc)
        rc = make_tables(&s, err);
    if (!rc)
        rc = write_tables(&s, err);
    if (!rc)
        rc = render(&s, lk_output_folder(folder), dir, &o, err);
    rc = rep_folder_close(folder, rc, err);
    free(dir);
    release(&s);
    return rc;
}
