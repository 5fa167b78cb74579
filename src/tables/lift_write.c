/*
 * lift_write.c - the lift table as CSV (the contract of docs/formats.md,
 * "Lift table"), JSON (for programs) and Markdown (for people).  NaN is an empty CSV
 * cell, a JSON null and a blank Markdown cell; an untrustworthy experiment
 * carries its warning in JSON and Markdown (the CSV has srm_p on every row).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/experiment.h"
#include "liftkit/format.h"
#include "liftkit/lift.h"
#include "liftkit/output.h"
#include "liftkit/segments.h"
#include "liftkit/units.h"

#include "tables/build.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"
#include "util/exact.h"

static const char no_control_note[] =
    "the experiment has no control arm: only challenger-vs-champion comparisons are shown";
static const char sequential_note[] = "always-valid intervals: safe to read at any time";

/* The row's numbers in column order (NaN where text goes). */
static void row_numbers(const lk_lift_row *r, double v[LIFT_NCOLS])
{
    double all[LIFT_NCOLS] = {NAN, NAN, NAN, r->n, r->value, r->value_lo, r->value_hi, NAN,
                              r->diff, r->diff_lo, r->diff_hi, r->lift, r->lift_lo,
                              r->lift_hi, r->p_value, r->p_adjusted, NAN, r->prob_better,
                              r->expected_loss, r->srm_p, r->cap, r->n_capped, NAN,
                              r->theta, r->variance_reduction, NAN, NAN, r->p_fdr};
    memcpy(v, all, sizeof(all));
}

/* The text of column c (vs, test, note, ...), or NULL for a number column. */
static const char *row_text(const lk_lift_table *t, const lk_lift_row *r, size_t c)
{
    switch (c) {
    case LIFT_METRIC: return lk_lift_row_metric(t, r);
    case LIFT_ARM: return lk_lift_row_arm(t, r);
    case LIFT_ROLE: return lk_role_name(r->role);
    case LIFT_VS: return r->vs >= 0 ? lk_lift_row_vs(t, r) : "";
    case LIFT_TEST: return lk_lift_test_name(r->test);
    case LIFT_NOTE: return r->note ? r->note : "";
    case LIFT_AS_OF: return t->as_of;
    case LIFT_GUARDRAIL: return r->guardrail ? r->guardrail : "";
    default: return NULL;
    }
}

/* The row's segment as shown ("(all)" for the whole experiment). */
static const char *row_segment(const lk_lift_table *t, const lk_lift_row *r, char *buf,
                               size_t len)
{
    return lk_segment_display(r->segment >= 0 ? t->segments[r->segment] : NULL, buf, len);
}

static int put_rows(tbl_out *o, const void *src, lk_error *err)
{
    const lk_lift_table *t = src;
    (void)err;
    for (size_t i = 0; i < t->nrows; i++) {
        const lk_lift_row *r = &t->rows[i];
        double v[LIFT_NCOLS];
        char seg[512];
        row_numbers(r, v);
        if (t->segmented)
            tbl_out_text(o, row_segment(t, r, seg, sizeof(seg)));
        for (size_t c = 0; c < LIFT_NCOLS; c++) {
            const char *text = row_text(t, r, c);
            if (text)
                tbl_out_text(o, text);
            else
                tbl_out_num(o, v[c]);
        }
        tbl_out_end_row(o);
    }
    return LK_OK;
}

int tbl_of_lift(tbl **out, const lk_lift_table *t, const char *path, lk_error *err)
{
    return tbl_build(out, t->segmented ? &tbl_lift_segment : &tbl_lift, path, put_rows, t, err);
}

static void json_field_str(FILE *f, const char *key, const char *s)
{
    fprintf(f, "\"%s\": ", key);
    if (s && *s)
        lk_fmt_json_str(f, s);
    else
        fputs("null", f);
}

static void json_row(const lk_lift_table *t, const lk_lift_row *r, FILE *f)
{
    double v[LIFT_NCOLS];
    char seg[512];
    row_numbers(r, v);
    fputs("    {", f);
    if (t->segmented) {
        json_field_str(f, "segment", row_segment(t, r, seg, sizeof(seg)));
        fputs(", ", f);
    }
    for (size_t c = 0; c < LIFT_NCOLS; c++) {
        const char *text = row_text(t, r, c);
        if (c)
            fputs(", ", f);
        if (text) {
            json_field_str(f, tbl_lift.names[c], text);
        } else {
            fprintf(f, "\"%s\": ", tbl_lift.names[c]);
            lk_fmt_json_num(f, v[c]);
        }
    }
    fputs("}", f);
}

/* "interim read: data to DATE, day N of W" into buf, or "" on a final read. */
static const char *interim_text(const lk_lift_table *t, char *buf, size_t len)
{
    if (!t->as_of[0])
        return "";
    snprintf(buf, len, "interim read: data to %s, day %d of %d", t->as_of, t->as_of_day,
             t->window);
    return buf;
}

static void write_json(const lk_lift_table *t, FILE *f)
{
    char warn[256], interim[96];
    fputs("{\n  \"experiment\": ", f);
    lk_fmt_json_str(f, t->experiment);
    fputs(",\n  \"alpha\": ", f);
    lk_fmt_json_num(f, t->alpha);
    fputs(",\n  \"srm\": {\"p\": ", f);
    lk_fmt_json_num(f, t->srm_p);
    fputs(", \"chi2\": ", f);
    lk_fmt_json_num(f, t->srm_chi2);
    fprintf(f, ", \"threshold\": %g, \"untrustworthy\": %s, \"arms\": [", LK_SRM_THRESHOLD,
            t->untrustworthy ? "true" : "false");
    for (size_t a = 0; a < t->narms; a++) {
        fputs(a ? ", {\"arm\": " : "{\"arm\": ", f);
        lk_fmt_json_str(f, t->arm_names[a]);
        fputs(", \"n\": ", f);
        lk_fmt_json_num(f, t->arm_n[a]);
        fputs("}", f);
    }
    fputs("]},\n  \"warnings\": [", f);
    if (t->untrustworthy)
        lk_fmt_json_str(f, lk_srm_warning(t->srm_p, warn, sizeof(warn)));
    if (t->as_of[0]) {
        fputs(t->untrustworthy ? ", " : "", f);
        lk_fmt_json_str(f, interim_text(t, interim, sizeof(interim)));
    }
    fputs("],\n  \"notes\": [", f);
    if (!t->has_control)
        lk_fmt_json_str(f, no_control_note);
    if (t->sequential) {
        if (!t->has_control)
            fputs(", ", f);
        lk_fmt_json_str(f, sequential_note);
    }
    fputs("],\n  \"rows\": [\n", f);
    for (size_t i = 0; i < t->nrows; i++) {
        json_row(t, &t->rows[i], f);
        fputs(i + 1 < t->nrows ? ",\n" : "\n", f);
    }
    fputs("  ]\n}\n", f);
}

/* ---- Markdown ---- */

/* est (lo to hi), scaled by 100 when percent, with unit after each number. */
static void md_estimate(FILE *f, double est, double lo, double hi, int percent, int sign,
                        const char *unit)
{
    if (!isfinite(est))
        return;
    double k = percent ? 100 : 1;
    fprintf(f, sign ? "%+.2f%s" : "%.2f%s", est * k, unit);
    if (isfinite(lo) && isfinite(hi))
        fprintf(f, sign ? " (%+.2f%s to %+.2f%s)" : " (%.2f%s to %.2f%s)", lo * k, unit,
                hi * k, unit);
}

static void md_p(FILE *f, double p)
{
    if (!isfinite(p))
        return;
    if (p < 0.0001)
        fputs("<0.0001", f);
    else
        fprintf(f, "%.4f", p);
}

/*
 * The row's guardrail verdict and its notes: the cap of a balance and the
 * units lowered to it, CUPED's theta and variance change, the row's note.
 */
static void md_notes(const lk_lift_row *r, FILE *f)
{
    const char *sep = "";
    fprintf(f, " | %s | ", r->guardrail ? r->guardrail : "");
    if (isfinite(r->cap)) {
        fprintf(f, "cap %.2f, %.0f units capped", r->cap, r->n_capped);
        sep = "; ";
    }
    if (r->test == LK_TEST_CUPED && isfinite(r->variance_reduction)) {
        fprintf(f, "%sCUPED theta %.4g, variance %+.1f%%", sep, r->theta,
                -100 * r->variance_reduction);
        sep = "; ";
    }
    if (r->note && *r->note) {
        fputs(sep, f);
        lk_fmt_md_str(f, r->note);
    }
}

static void md_row(const lk_lift_table *t, const lk_lift_row *r, FILE *f)
{
    int binary = r->event || lk_metric_is_binary(r->metric);
    char seg[512];
    if (t->segmented) {
        fputs("| ", f);
        lk_fmt_md_str(f, row_segment(t, r, seg, sizeof(seg)));
        fputc(' ', f);
    }
    fprintf(f, "| %s | ", lk_lift_row_metric(t, r));
    lk_fmt_md_str(f, lk_lift_row_arm(t, r));
    fputs(" | ", f);
    if (r->vs >= 0)
        lk_fmt_md_str(f, lk_lift_row_vs(t, r));
    fprintf(f, " | %.0f | ", r->n);
    md_estimate(f, r->value, r->value_lo, r->value_hi, binary, 0, binary ? "%" : "");
    fputs(" | ", f);
    md_estimate(f, r->diff, r->diff_lo, r->diff_hi, binary, 1, binary ? " pts" : "");
    fputs(" | ", f);
    md_estimate(f, r->lift, r->lift_lo, r->lift_hi, 1, 1, "%");
    fputs(" | ", f);
    md_p(f, r->p_value);
    fputs(" | ", f);
    md_p(f, r->p_adjusted);
    if (t->segmented) {
        fputs(" | ", f);
        md_p(f, r->p_fdr);
    }
    fprintf(f, " | %s | ", lk_lift_test_name(r->test));
    if (isfinite(r->prob_better))
        fprintf(f, "%.1f%%", 100 * r->prob_better);
    fputs(" | ", f);
    if (isfinite(r->expected_loss))
        fprintf(f, "%.4f pts", 100 * r->expected_loss);
    md_notes(r, f);
    fputs(" |\n", f);
}

static void write_md(const lk_lift_table *t, FILE *f)
{
    char warn[256], interim[96];
    int level = (int)lround(100 * (1 - t->alpha));
    if (t->as_of[0])
        fprintf(f, "**%s**\n\n", interim_text(t, interim, sizeof(interim)));
    fputs("# Lift: ", f);
    lk_fmt_md_str(f, t->experiment);
    fputs("\n\n", f);
    if (t->untrustworthy)
        fprintf(f, "> **WARNING: %s.**\n\n", lk_srm_warning(t->srm_p, warn, sizeof(warn)));
    if (!t->has_control)
        fprintf(f, "> Note: %s.\n\n", no_control_note);
    if (t->sequential)
        fprintf(f, "> Note: %s.\n\n", sequential_note);
    fprintf(f, "Rates in %%, differences in percentage points (pts), lift relative to the "
               "baseline; intervals at %d%%; p-values two-sided, Holm-adjusted per metric "
               "and baseline.  Sample-ratio check: p = %.3g.\n\n",
            level, t->srm_p);
    if (t->segmented)
        fputs("Segments: p (FDR) is Benjamini-Hochberg over the segments of each metric and "
              "comparison; a segment with too few units in an arm shows counts and rates "
              "only.\n\n| segment ", f);
    fputs(t->segmented ? "| metric | arm | vs | n | value | difference | lift | p | p (Holm) "
                         "| p (FDR) | test | P(better) | expected loss | guardrail | notes |\n"
                         "|---|---|---|---|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|---|---|\n"
                       : "| metric | arm | vs | n | value | difference | lift | p | p (Holm) "
                         "| test | P(better) | expected loss | guardrail | notes |\n"
                         "|---|---|---|--:|--:|--:|--:|--:|--:|---|--:|--:|---|---|\n", f);
    for (size_t i = 0; i < t->nrows; i++)
        md_row(t, &t->rows[i], f);
}

int lk_lift_write(const lk_lift_table *t, FILE *f, lk_format format, lk_error *err)
{
    switch (format) {
    case LK_FORMAT_JSON: write_json(t, f); break;
    case LK_FORMAT_MD: write_md(t, f); break;
    default:
        if (tbl_stream(f, t->segmented ? &tbl_lift_segment : &tbl_lift, put_rows, t, err))
            return LK_EIO;
        break;
    }
    if (ferror(f))
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot write the lift table");
    return LK_OK;
}

/* Sum k of a summary row: every digit of its exact sum e[k], or v (NaN: empty). */
static void put_sum(tbl_out *o, const lk_exact *e, int k, double v)
{
    if (!e || isnan(v)) {
        tbl_out_num(o, v);
        return;
    }
    char text[LK_EXACT_TEXT];
    lk_exact_format(&e[k], text);
    tbl_out_text(o, text);
}

/* The rows event_<name> after the metrics: units, units with the event (a rate's sums). */
static int put_event_sums(tbl_out *o, const lk_lift_sums *s, const lk_experiment *exp)
{
    for (size_t e = 0; e < s->nevents; e++) {
        size_t len = strlen(s->event_names[e]) + 7;
        char *metric = malloc(len);
        if (!metric)
            return -1;
        snprintf(metric, len, "event_%s", s->event_names[e]);
        for (size_t a = 0; a < s->narms; a++) {
            const lk_arm_sums *as = &s->event_at[e * s->narms + a];
            tbl_out_text(o, exp->arms[a].name);
            tbl_out_text(o, metric);
            tbl_out_num(o, as->n);
            tbl_out_num(o, as->sum);
            tbl_out_num(o, as->sumsq);
            tbl_out_text(o, exp->unit);
            for (int k = 0; k < 3; k++)
                tbl_out_num(o, NAN);
            tbl_out_end_row(o);
        }
        free(metric);
    }
    return 0;
}

int lk_lift_sums_write(const lk_lift_sums *s, const lk_experiment *exp, FILE *f,
                       lk_error *err)
{
    lk_csv_writer *w = lk_csv_writer_new(f);
    if (!w)
        return lk_error_nomem(err);
    tbl_out o;
    tbl_out_csv(&o, &tbl_lift_sums, w);
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        if (!s->present[m])
            continue;
        for (size_t a = 0; a < s->narms; a++) {
            const lk_arm_sums *as = &s->at[(size_t)m * s->narms + a];
            tbl_out_text(&o, exp->arms[a].name);
            tbl_out_text(&o, lk_metric_name((lk_metric)m));
            size_t cell = ((size_t)m * s->narms + a) * LK_LIFT_EXACT_SUMS;
            const lk_exact *e = s->exact ? &s->exact[cell] : NULL;
            tbl_out_num(&o, as->n);
            put_sum(&o, e, 0, as->sum);
            put_sum(&o, e, 1, as->sumsq);
            tbl_out_text(&o, exp->unit);
            put_sum(&o, e, 2, s->has_x[m] ? as->sum_x : NAN);
            put_sum(&o, e, 3, s->has_x[m] ? as->sum_x2 : NAN);
            put_sum(&o, e, 4, s->has_x[m] ? as->sum_xy : NAN);
            tbl_out_end_row(&o);
        }
    }
    int nomem = put_event_sums(&o, s, exp);
    lk_csv_writer_free(w);
    if (nomem)
        return lk_error_nomem(err);
    if (ferror(f))
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot write the summary");
    return LK_OK;
}
