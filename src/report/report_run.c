/*
 * report_run.c - the report from raw data (see report.h).
 *
 * Computes nothing itself: the units, lift, ROI, attribution, power and
 * uplift libraries make the tables, which go to data/ in their contract
 * formats; lk_report_render then reads them back like any other tables.
 * So a report made here and one rendered from the commands' own outputs
 * are the same report.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/attribute.h"
#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/format.h"
#include "liftkit/lift.h"
#include "liftkit/output.h"
#include "liftkit/power.h"
#include "liftkit/report.h"
#include "liftkit/roi.h"
#include "liftkit/units.h"
#include "liftkit/uplift.h"

#include "util/path.h"

#define MAX_SCORES 16

typedef int (*table_fn)(FILE *f, void *ctx, lk_error *err);

typedef struct run_state {
    const lk_experiment *exp;
    const lk_report_run_options *run;
    char *data;                       /* dir/data */
    char *paths[7];
    lk_units *u;
    lk_lift_table *lift;
    lk_roi_table *roi;
    lk_attr_summary *mix;
    lk_uplift_result *uplift;
    lk_power_row *power;
    size_t npower;
    char *score_names[MAX_SCORES];
    size_t nscores;
} run_state;

/* Write data/name through fn, all or nothing; remember its path in slot. */
static int write_table(run_state *s, const char *name, table_fn fn, void *ctx, char **slot,
                       lk_error *err)
{
    char *path = lk_path_join(s->data, name);
    if (!path)
        return lk_error_nomem(err);
    lk_output *o;
    int rc = lk_output_open(&o, path, err);
    if (!rc) {
        rc = fn(lk_output_file(o), ctx, err);
        if (rc)
            lk_output_abort(o);
        else
            rc = lk_output_commit(o, err);
    }
    if (rc)
        free(path);
    else
        *slot = path;
    return rc;
}

/* The assignments' score_* columns, which uplift ranks by. */
static int find_scores(run_state *s, lk_error *err)
{
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, s->run->assignments, err);
    if (rc)
        return rc;
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

static int put_lift(FILE *f, void *ctx, lk_error *err)
{
    return lk_lift_write(((run_state *)ctx)->lift, f, LK_FORMAT_CSV, err);
}

static int put_accrual(FILE *f, void *ctx, lk_error *err)
{
    run_state *s = ctx;
    return lk_lift_write_accrual(s->u, s->exp, f, err);
}

static int put_roi(FILE *f, void *ctx, lk_error *err)
{
    return lk_roi_write(((run_state *)ctx)->roi, f, LK_FORMAT_CSV, err);
}

static int with_writer(FILE *f, void (*put)(lk_csv_writer *, const run_state *),
                       const run_state *s, lk_error *err)
{
    lk_csv_writer *w = lk_csv_writer_new(f);
    if (!w)
        return lk_error_nomem(err);
    put(w, s);
    lk_csv_writer_free(w);
    return LK_OK;
}

static void mix_rows(lk_csv_writer *w, const run_state *s)
{
    lk_attr_write_mix(w, s->mix);
}

static void curve_rows(lk_csv_writer *w, const run_state *s)
{
    lk_uplift_write_curve(w, s->uplift->scores, s->uplift->nscores);
}

static void summary_rows(lk_csv_writer *w, const run_state *s)
{
    lk_uplift_write_summary(w, s->uplift->scores, s->uplift->nscores, s->uplift->srm_p);
}

static void power_rows(lk_csv_writer *w, const run_state *s)
{
    static const char *const head[] = {"baseline", "treated", "n_baseline", "n_treated",
                                       "n_total", "power"};
    lk_csv_put_header(w, head, 6);
    for (size_t i = 0; i < s->npower; i++) {
        const lk_power_row *p = &s->power[i];
        lk_csv_put_double(w, p->baseline, 12);
        lk_csv_put_double(w, p->treated, 12);
        lk_csv_put_double(w, p->n_baseline, 15);
        lk_csv_put_double(w, p->n_treated, 15);
        lk_csv_put_double(w, p->n_total, 15);
        lk_csv_put_double(w, p->power, 12);
        lk_csv_end_row(w);
    }
}

static int put_mix(FILE *f, void *ctx, lk_error *err) { return with_writer(f, mix_rows, ctx, err); }
static int put_curve(FILE *f, void *ctx, lk_error *err) { return with_writer(f, curve_rows, ctx, err); }
static int put_summary(FILE *f, void *ctx, lk_error *err) { return with_writer(f, summary_rows, ctx, err); }
static int put_power(FILE *f, void *ctx, lk_error *err) { return with_writer(f, power_rows, ctx, err); }

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

static int compute(run_state *s, lk_error *err)
{
    const lk_experiment *exp = s->exp;
    const lk_report_run_options *run = s->run;
    int rc = find_scores(s, err);
    if (rc)
        return rc;
    /* index_customers: roi joins offers.csv to units by customer id */
    lk_units_options uo = {.scores = (const char *const *)s->score_names,
                           .nscores = s->nscores,
                           .progress = run->progress,
                           .index_customers = 1};
    if ((rc = lk_units_load(&s->u, exp, run->assignments, run->openings, &uo, err)))
        return rc;
    if ((rc = lk_lift_compute_units(&s->lift, exp, s->u, err)))
        return rc;
    if (exp->control >= 0) {
        lk_roi_costs *costs;
        if ((rc = lk_roi_costs_read(&costs, exp, s->u, run->offers, NULL, err)))
            return rc;
        lk_roi_options ro;
        lk_roi_options_init(&ro);
        if (run->seed)
            ro.seed = run->seed;
        rc = lk_roi_compute(&s->roi, exp, s->u, costs, &ro, err);
        lk_roi_costs_free(costs);
        if (rc)
            return rc;
    }
    lk_attr_options ao;
    lk_attr_options_init(&ao, exp);
    if ((rc = lk_attribute_run(exp, run->offers, run->openings, &ao, &s->mix, err)))
        return rc;
    if ((rc = compute_power(s, err)))
        return rc;
    if (s->nscores && exp->control >= 0) {
        lk_uplift_options up = {0};
        rc = lk_uplift_run(&s->uplift, exp, s->u, &up, err);
    }
    return rc;
}

static int write_tables(run_state *s, lk_error *err)
{
    int rc = write_table(s, "lift.csv", put_lift, s, &s->paths[0], err);
    if (!rc && s->roi)
        rc = write_table(s, "roi.csv", put_roi, s, &s->paths[1], err);
    if (!rc)
        rc = write_table(s, "accrual.csv", put_accrual, s, &s->paths[2], err);
    if (!rc)
        rc = write_table(s, "mix.csv", put_mix, s, &s->paths[3], err);
    if (!rc && s->npower)
        rc = write_table(s, "power.csv", put_power, s, &s->paths[4], err);
    if (!rc && s->uplift)
        rc = write_table(s, ".qini-curve.csv", put_curve, s, &s->paths[5], err);
    if (!rc && s->uplift)
        rc = write_table(s, "uplift.csv", put_summary, s, &s->paths[6], err);
    return rc;
}

static int audit(const lk_experiment *exp, const lk_report_run_options *run,
                 lk_report_input *in, lk_error *err)
{
    const char *roles[] = {"experiment", "assignments", "offers", "openings"};
    const char *paths[] = {exp->path, run->assignments, run->offers, run->openings};
    for (size_t i = 0; i < 4; i++) {
        memset(&in[i], 0, sizeof(in[i]));
        in[i].role = roles[i];
        in[i].path = paths[i];
        in[i].is_csv = i > 0;
        int rc = lk_report_input_audit(&in[i], err);
        if (rc)
            return rc;
    }
    return LK_OK;
}

static void release(run_state *s)
{
    lk_units_free(s->u);
    lk_lift_table_free(s->lift);
    lk_roi_table_free(s->roi);
    lk_attr_summary_free(s->mix);
    lk_uplift_result_free(s->uplift);
    free(s->power);
    for (size_t i = 0; i < s->nscores; i++)
        free(s->score_names[i]);
    for (size_t i = 0; i < 7; i++)
        free(s->paths[i]);
    free(s->data);
}

int lk_report_run(const lk_experiment *exp, const lk_report_run_options *run,
                  const lk_report_options *opt, lk_error *err)
{
    static const lk_report_options none = {0};
    if (!opt)
        opt = &none;
    lk_report_input inputs[4];
    int rc = audit(exp, run, inputs, err);
    if (rc)
        return rc;
    run_state s = {.exp = exp, .run = run};
    rc = compute(&s, err);
    char *dir = rc ? NULL : lk_report_dir(exp, opt);
    if (!rc && (!dir || !(s.data = lk_path_join(dir, "data"))))
        rc = lk_error_nomem(err);
    if (!rc)
        rc = lk_path_mkdirs(s.data, err);
    if (!rc)
        rc = write_tables(&s, err);
    if (!rc) {
        lk_report_tables t = {s.paths[0], s.paths[1], s.paths[2], s.paths[3],
                              s.paths[4], s.paths[5], s.paths[6]};
        lk_report_options o = *opt;
        o.dir = dir;
        o.inputs = inputs;
        o.ninputs = 4;
        char warn[256];
        const char *warnings[1];
        if (s.roi && lk_roi_control_warning(s.roi, warn, sizeof(warn))) {
            warnings[0] = warn;
            o.warnings = warnings;
            o.nwarnings = 1;
        }
        if (!o.model_note && !s.uplift)
            o.model_note = s.nscores ? "The experiment has no control arm, so there is no "
                                       "uplift to rank by model score."
                                     : NULL;
        rc = lk_report_render(exp, &t, &o, err);
    }
    if (s.paths[5])
        remove(s.paths[5]);
    free(dir);
    release(&s);
    return rc;
}
