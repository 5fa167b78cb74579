/*
 * roi_write.c - the ROI table as CSV (docs/methods.md, "Lift"), JSON and
 * Markdown.  NaN is an empty cell / null; an untrustworthy experiment
 * carries its warning in JSON and Markdown.
 */
#include <math.h>
#include <string.h>

#include "liftkit/format.h"
#include "liftkit/output.h"
#include "liftkit/roi.h"
#include "liftkit/segments.h"

#include "tables/build.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

/* The row's numbers in column order (NaN where text goes), as lift_write.c gives them. */
static void row_numbers(const lk_roi_row *r, double v[ROI_NCOLS])
{
    double all[ROI_NCOLS] = {NAN, r->n, r->contacts, r->cost, r->incremental_responses,
                             r->incremental_value, r->romi, r->romi_lo, r->romi_hi,
                             r->cost_per_incremental_response, NAN, r->contacts_per_unit,
                             r->incremental_responses_per_1000_contacts};
    memcpy(v, all, sizeof(all));
}

/* t's rows, each after the segment's label when segment is not NULL. */
static void put_table(tbl_out *o, const lk_roi_table *t, const char *segment)
{
    for (size_t i = 0; i < t->nrows; i++) {
        double v[ROI_NCOLS];
        row_numbers(&t->rows[i], v);
        if (segment)
            tbl_out_text(o, segment);
        tbl_out_text(o, t->arm_names[t->rows[i].arm]);
        for (size_t c = ROI_N; c < ROI_NCOLS; c++) {
            if (c == ROI_AS_OF)
                tbl_out_text(o, t->as_of);
            else
                tbl_out_num(o, v[c]);
        }
        tbl_out_end_row(o);
    }
}

static int put_rows(tbl_out *o, const void *src, lk_error *err)
{
    (void)err;
    put_table(o, src, NULL);
    return LK_OK;
}

static int put_segment_rows(tbl_out *o, const void *src, lk_error *err)
{
    const lk_roi_segments *s = src;
    char label[1024];
    (void)err;
    put_table(o, s->all, lk_segment_display(NULL, label, sizeof(label)));
    for (size_t g = 0; g < s->n; g++)
        put_table(o, s->at[g], lk_segment_display(s->label[g], label, sizeof(label)));
    return LK_OK;
}

int tbl_of_roi(tbl **out, const lk_roi_table *t, const char *path, lk_error *err)
{
    return tbl_build(out, &tbl_roi, path, put_rows, t, err);
}

static void write_json(const lk_roi_table *t, FILE *f)
{
    char warn[256];
    fputs("{\n  \"experiment\": ", f);
    lk_fmt_json_str(f, t->experiment);
    fputs(",\n  \"control\": ", f);
    lk_fmt_json_str(f, t->arm_names[t->control]);
    fputs(",\n  \"control_n\": ", f);
    lk_fmt_json_num(f, t->control_n);
    fputs(",\n  \"alpha\": ", f);
    lk_fmt_json_num(f, t->alpha);
    fprintf(f, ",\n  \"bootstrap\": {\"resamples\": %zu, \"seed\": %lu},\n  \"srm_p\": ",
            t->resamples, t->seed);
    lk_fmt_json_num(f, t->srm_p);
    fputs(",\n  \"control_contacts\": ", f);
    lk_fmt_json_num(f, t->control_contacts);
    fputs(",\n  \"control_cost\": ", f);
    lk_fmt_json_num(f, t->control_cost);
    fprintf(f, ",\n  \"untrustworthy\": %s,\n  \"warnings\": [",
            t->untrustworthy ? "true" : "false");
    if (t->untrustworthy)
        lk_fmt_json_str(f, lk_srm_warning(t->srm_p, warn, sizeof(warn)));
    int any = t->untrustworthy;
    if (lk_roi_control_warning(t, warn, sizeof(warn))) {
        fputs(any++ ? ", " : "", f);
        lk_fmt_json_str(f, warn);
    }
    if (lk_roi_universal_warning(t, warn, sizeof(warn))) {
        fputs(any ? ", " : "", f);
        lk_fmt_json_str(f, warn);
    }
    fputs("],\n  \"rows\": [\n", f);
    for (size_t i = 0; i < t->nrows; i++) {
        double v[ROI_NCOLS];
        row_numbers(&t->rows[i], v);
        fputs("    {\"arm\": ", f);
        lk_fmt_json_str(f, t->arm_names[t->rows[i].arm]);
        for (size_t c = ROI_N; c < ROI_AS_OF; c++) {
            fprintf(f, ", \"%s\": ", tbl_roi.names[c]);
            lk_fmt_json_num(f, v[c]);
        }
        fputs(", \"as_of\": ", f);
        if (t->as_of[0])
            lk_fmt_json_str(f, t->as_of);
        else
            fputs("null", f);
        for (size_t c = ROI_AS_OF + 1; c < ROI_NCOLS; c++) {
            fprintf(f, ", \"%s\": ", tbl_roi.names[c]);
            lk_fmt_json_num(f, v[c]);
        }
        fputs(i + 1 < t->nrows ? "},\n" : "}\n", f);
    }
    fputs("  ]\n}\n", f);
}

static void md_num(FILE *f, double v, const char *fmt)
{
    if (isfinite(v))
        fprintf(f, fmt, v);
}

static void write_md(const lk_roi_table *t, FILE *f)
{
    char warn[256];
    if (t->as_of[0])
        fprintf(f, "**interim read: data to %s, day %d of %d**\n\n", t->as_of, t->as_of_day,
                t->window);
    fputs("# ROI: ", f);
    lk_fmt_md_str(f, t->experiment);
    fputs("\n\n", f);
    if (t->untrustworthy)
        fprintf(f, "> **WARNING: %s.**\n\n", lk_srm_warning(t->srm_p, warn, sizeof(warn)));
    for (int k = 0; k < 2; k++)
        if (k ? lk_roi_universal_warning(t, warn, sizeof(warn))
              : lk_roi_control_warning(t, warn, sizeof(warn))) {
            fputs("> **WARNING: ", f);
            lk_fmt_md_str(f, warn);
            fputs(".**\n\n", f);
        }
    fputs("Each treated arm against the control '", f);
    lk_fmt_md_str(f, t->arm_names[t->control]);
    fprintf(f, "' (%.0f units).  ROMI = (incremental value - cost) / cost; interval: "
               "%d%% percentile bootstrap over units, %zu resamples, seed %lu.\n\n",
            t->control_n, (int)lround(100 * (1 - t->alpha)), t->resamples, t->seed);
    fputs("| arm | n | contacts | cost | incremental responses | incremental value | ROMI "
          "| cost per incremental response |\n"
          "|---|--:|--:|--:|--:|--:|--:|--:|\n", f);
    for (size_t i = 0; i < t->nrows; i++) {
        const lk_roi_row *r = &t->rows[i];
        fputs("| ", f);
        lk_fmt_md_str(f, t->arm_names[r->arm]);
        fprintf(f, " | %.0f | %.0f | %.2f | ", r->n, r->contacts, r->cost);
        md_num(f, r->incremental_responses, "%.1f");
        fputs(" | ", f);
        md_num(f, r->incremental_value, "%.2f");
        fputs(" | ", f);
        md_num(f, r->romi, "%.2f");
        if (isfinite(r->romi_lo) && isfinite(r->romi_hi))
            fprintf(f, " (%.2f to %.2f)", r->romi_lo, r->romi_hi);
        fputs(" | ", f);
        md_num(f, r->cost_per_incremental_response, "%.2f");
        fputs(" |\n", f);
    }
}

int lk_roi_write(const lk_roi_table *t, FILE *f, lk_format format, lk_error *err)
{
    switch (format) {
    case LK_FORMAT_JSON: write_json(t, f); break;
    case LK_FORMAT_MD: write_md(t, f); break;
    default:
        if (tbl_stream(f, &tbl_roi, put_rows, t, err))
            return LK_EIO;
        break;
    }
    if (ferror(f))
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot write the roi table");
    return LK_OK;
}

int lk_roi_segments_write(const lk_roi_segments *s, FILE *f, lk_format format, lk_error *err)
{
    char label[1024];
    if (format == LK_FORMAT_CSV) {
        if (tbl_stream(f, &tbl_roi_segment, put_segment_rows, s, err))
            return LK_EIO;
    } else {
        fputs(format == LK_FORMAT_JSON ? "{\"segments\": [\n" : "", f);
        for (size_t g = 0; g <= s->n; g++) {
            const lk_roi_table *t = g ? s->at[g - 1] : s->all;
            lk_segment_display(g ? s->label[g - 1] : NULL, label, sizeof(label));
            if (format == LK_FORMAT_JSON) {
                fputs(g ? ",\n{\"segment\": " : "{\"segment\": ", f);
                lk_fmt_json_str(f, label);
                fputs(", \"table\":\n", f);
                write_json(t, f);
                fputs("}", f);
            } else {
                fputs(g ? "\n## Segment: " : "## Segment: ", f);
                lk_fmt_md_str(f, label);
                fputs("\n\n", f);
                write_md(t, f);
            }
        }
        fputs(format == LK_FORMAT_JSON ? "]}\n" : "", f);
    }
    if (ferror(f))
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot write the roi table");
    return LK_OK;
}
