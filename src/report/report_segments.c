/*
 * report_segments.c - the report's "Segments" section: for each comparison
 * on target response, a chart of the lift by segment (plot segments), a
 * table, and one sentence saying whether the lift differs by segment
 * (Cochran's Q of the heterogeneity table), with a warning against the
 * largest segment lift when it does not (the winner's curse).  The same
 * figures go to report.json.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/plot_int.h"
#include "report/report_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"
#include "util/path.h"

/* A segmented table's column: the lift table's, one to the right. */
#define SC(c) ((size_t)(1 + (c)))

static const char seg_metric[] = "response_target";

static int is_all(const tbl *t, size_t r)
{
    return !strcmp(tbl_get(t, r, LIFTSEG_SEGMENT), "(all)");
}

/* The row of metric, arm and vs of the heterogeneity table, or -1. */
static long find_hetero(const tbl *h, const char *metric, const char *arm, const char *vs)
{
    for (size_t i = 0; h && i < h->nrows; i++)
        if (!strcmp(tbl_get(h, i, HETERO_METRIC), metric) &&
            !strcmp(tbl_get(h, i, HETERO_ARM), arm) && !strcmp(tbl_get(h, i, HETERO_VS), vs))
            return (long)i;
    return -1;
}

void rep_segments_find(report *r)
{
    const tbl *t = r->segments;
    r->nsegcmp = 0;
    for (size_t i = 0; t && i < t->nrows && r->nsegcmp < REP_MAX_SEGCMP; i++) {
        if (!is_all(t, i) || !*tbl_get(t, i, SC(LIFT_VS)) ||
            strcmp(tbl_get(t, i, SC(LIFT_METRIC)), seg_metric))
            continue;
        rep_segcmp *c = &r->segcmp[r->nsegcmp++];
        c->all = i;
        c->het = find_hetero(r->hetero, seg_metric, tbl_get(t, i, SC(LIFT_ARM)),
                             tbl_get(t, i, SC(LIFT_VS)));
        c->chart = 0;
    }
}

int rep_draw_segments(report *r, lk_error *err)
{
    if (!r->nsegcmp)
        return LK_OK;
    char *dir = lk_path_join(r->dir, "charts"), *source = rep_shown_path(r, r->segments->path);
    int rc = dir && source ? LK_OK : lk_error_nomem(err);
    for (size_t i = 0; !rc && i < r->nsegcmp; i++) {
        const tbl *t = r->segments;
        size_t a = r->segcmp[i].all;
        char name[32];
        snprintf(name, sizeof(name), "segments-%zu", i + 1);
        lk_plot_options po = {.exp = r->exp, .gnuplot = r->opt->gnuplot, .metric = seg_metric,
                              .arm = tbl_get(t, a, SC(LIFT_ARM)),
                              .vs = tbl_get(t, a, SC(LIFT_VS)), .name = name};
        rc = plot_queue_add(r->queue, LK_PLOT_SEGMENTS, t, source, dir, &po,
                            &r->segcmp[i].chart, err);
    }
    free(dir);
    free(source);
    return rc;
}

/* The segment rows of comparison i with a lift: the largest's row, or -1. */
static long strongest(const report *r, size_t i)
{
    const tbl *t = r->segments;
    size_t a = r->segcmp[i].all;
    long best = -1;
    for (size_t k = 0; k < t->nrows; k++) {
        double l = tbl_num(t, k, SC(LIFT_LIFT));
        if (is_all(t, k) || !isfinite(l) || strcmp(tbl_get(t, k, SC(LIFT_METRIC)), seg_metric) ||
            strcmp(tbl_get(t, k, SC(LIFT_ARM)), tbl_get(t, a, SC(LIFT_ARM))) ||
            strcmp(tbl_get(t, k, SC(LIFT_VS)), tbl_get(t, a, SC(LIFT_VS))))
            continue;
        if (best < 0 || l > tbl_num(t, (size_t)best, SC(LIFT_LIFT)))
            best = (long)k;
    }
    return best;
}

double rep_segment_q_p(const report *r, size_t i)
{
    long h = r->segcmp[i].het;
    return h >= 0 ? tbl_num(r->hetero, (size_t)h, HETERO_Q_P) : NAN;
}

/* 1: the lift differs by segment, 0: no evidence, -1: cannot tell. */
int rep_segment_differs(const report *r, size_t i)
{
    double p = rep_segment_q_p(r, i);
    return !isfinite(p) || strongest(r, i) < 0 ? -1 : p < r->exp->alpha;
}

void rep_segment_sentence(const report *r, size_t i, char *buf, size_t len)
{
    const tbl *t = r->segments;
    long best = strongest(r, i);
    int differs = rep_segment_differs(r, i);
    if (differs < 0) {
        snprintf(buf, len, "Too few segments with an interval to tell whether the lift differs "
                           "by segment.");
        return;
    }
    char p[32], l[48], all[48], lo[48], hi[48], ci[112];
    size_t b = (size_t)best;
    rep_fmt_p(rep_segment_q_p(r, i), p, sizeof(p));
    fmt_pct(tbl_num(t, b, SC(LIFT_LIFT)), 1, 1, l, sizeof(l));
    fmt_pct(tbl_num(t, b, SC(LIFT_LIFT_LO)), 1, 1, lo, sizeof(lo));
    fmt_pct(tbl_num(t, b, SC(LIFT_LIFT_HI)), 1, 1, hi, sizeof(hi));
    fmt_pct(tbl_num(t, r->segcmp[i].all, SC(LIFT_LIFT)), 1, 1, all, sizeof(all));
    const char *seg = tbl_get(t, b, LIFTSEG_SEGMENT);
    rep_fmt_range(lo, hi, ci, sizeof(ci));
    if (differs)
        snprintf(buf, len, "The lift differs by segment (Q p %s%s): strongest in %s (%s, %s %s).",
                 p[0] == '<' ? "" : "= ", p, seg, l, r->level, ci);
    else
        snprintf(buf, len,
                 "No evidence that the lift differs by segment (Q p %s%s). The largest segment "
                 "lift (%s, %s) is likely an overestimate (the winner's curse): the whole "
                 "experiment's %s is the better estimate for every segment.",
                 p[0] == '<' ? "" : "= ", p, seg, l, all);
}

/* The vs arm's row of segment seg (its value), or -1. */
static long baseline_row(const tbl *t, const char *seg, const char *vs)
{
    for (size_t k = 0; k < t->nrows; k++)
        if (!strcmp(tbl_get(t, k, LIFTSEG_SEGMENT), seg) &&
            !strcmp(tbl_get(t, k, SC(LIFT_METRIC)), seg_metric) &&
            !strcmp(tbl_get(t, k, SC(LIFT_ARM)), vs))
            return (long)k;
    return -1;
}

static void segment_row(report *r, size_t k)
{
    const tbl *t = r->segments;
    char a[64], b[64], c[64], buf[256];
    int all = is_all(t, k);
    const char *seg = tbl_get(t, k, LIFTSEG_SEGMENT);
    fputs(all ? "<tr class=\"all\">" : "<tr>", r->html);
    fputc('|', r->md);
    rep_td(r->html, r->md, NULL, seg);
    rep_td(r->html, r->md, "num", fmt_count(tbl_num(t, k, SC(LIFT_N)), a, sizeof(a)));
    rep_td(r->html, r->md, "num", rep_fmt_value(seg_metric, tbl_num(t, k, SC(LIFT_VALUE)), a,
                                                sizeof(a)));
    long v = baseline_row(t, seg, tbl_get(t, k, SC(LIFT_VS)));
    rep_td(r->html, r->md, "num",
           v >= 0 ? rep_fmt_value(seg_metric, tbl_num(t, (size_t)v, SC(LIFT_VALUE)), a, sizeof(a))
                  : "");
    double lift = tbl_num(t, k, SC(LIFT_LIFT));
    double q = tbl_num(t, k, all ? SC(LIFT_P_ADJUSTED) : SC(LIFT_P_FDR));
    const char *cls = isfinite(q) && q < r->exp->alpha ? (lift > 0 ? "num up" : "num down")
                                                       : "num";
    if (isfinite(lift)) {
        fmt_pct(lift, 1, 1, a, sizeof(a));
        fmt_pct(tbl_num(t, k, SC(LIFT_LIFT_LO)), 1, 1, b, sizeof(b));
        fmt_pct(tbl_num(t, k, SC(LIFT_LIFT_HI)), 1, 1, c, sizeof(c));
        snprintf(buf, sizeof(buf), "%s (%s to %s)", a, b, c);
    } else
        snprintf(buf, sizeof(buf), "too few units");
    rep_td(r->html, r->md, cls, buf);
    rep_td(r->html, r->md, "num", rep_fmt_p(tbl_num(t, k, SC(LIFT_P_VALUE)), a, sizeof(a)));
    rep_td(r->html, r->md, "num",
           all ? "" : isfinite(q) ? rep_fmt_p(q, a, sizeof(a)) : "n/a");
    fputs("</tr>\n", r->html);
    fputc('\n', r->md);
}

static void segment_table(report *r, size_t i)
{
    const tbl *t = r->segments;
    size_t a = r->segcmp[i].all;
    const char *arm = tbl_get(t, a, SC(LIFT_ARM)), *vs = tbl_get(t, a, SC(LIFT_VS));
    char h_arm[300], h_vs[300], h_lift[64];
    snprintf(h_arm, sizeof(h_arm), "%s rate", arm);
    snprintf(h_vs, sizeof(h_vs), "%s rate", vs);
    snprintf(h_lift, sizeof(h_lift), "Lift (%s)", r->level);
    const char *cols[] = {"Segment", "Units", h_arm, h_vs, h_lift, "p", "p (FDR)"};
    fputs("<table class=\"segments\">\n", r->html);
    rep_th(r->html, r->md, cols, "lrrrrrr");
    for (size_t k = 0; k < t->nrows; k++)
        if (!strcmp(tbl_get(t, k, SC(LIFT_METRIC)), seg_metric) &&
            !strcmp(tbl_get(t, k, SC(LIFT_ARM)), arm) && !strcmp(tbl_get(t, k, SC(LIFT_VS)), vs))
            segment_row(r, k);
    fputs("</tbody></table>\n", r->html);
    fputc('\n', r->md);
}

static void segment_chart(report *r, size_t i, const char *title)
{
    if (!r->segcmp[i].chart)
        return;
    fprintf(r->html,
            "<figure>\n<img src=\"charts/segments-%zu.png\" alt=\"", i + 1);
    rep_html_esc(r->html, title);
    fprintf(r->html,
            "\" loading=\"eager\">\n<figcaption>The whole experiment's lift (square) above "
            "each segment's (dots), with %s; the dashed line is no difference, the dotted "
            "one the whole experiment's lift. "
            "<span class=\"files\"><a href=\"charts/segments-%zu.svg\">SVG</a> &middot; "
            "<a href=\"charts/segments-%zu.csv\">data</a> &middot; "
            "<a href=\"charts/segments-%zu.gp\">gnuplot script</a></span></figcaption>\n"
            "</figure>\n",
            r->level, i + 1, i + 1, i + 1);
    fputs("![", r->md);
    rep_md_esc(r->md, title);
    fprintf(r->md, "](charts/segments-%zu.png)\n\n", i + 1);
}

void rep_write_segments(report *r)
{
    if (!r->nsegcmp)
        return;
    rep_section(r, "Segments");
    fprintf(r->html,
            "<p class=\"note\">Target response per segment. p (FDR) is Benjamini-Hochberg over "
            "the segments of each comparison; whether the lift differs by segment is Cochran's "
            "Q over the segments' log relative lifts. A segment with fewer than %g units in an "
            "arm shows its rates only.</p>\n",
            r->exp->min_segment_units);
    fprintf(r->md,
            "Target response per segment. p (FDR) is Benjamini-Hochberg over the segments of "
            "each comparison; whether the lift differs by segment is Cochran's Q over the "
            "segments' log relative lifts. A segment with fewer than %g units in an arm shows "
            "its rates only.\n\n",
            r->exp->min_segment_units);
    for (size_t i = 0; i < r->nsegcmp; i++) {
        const tbl *t = r->segments;
        size_t a = r->segcmp[i].all;
        char title[600], sentence[1024];
        snprintf(title, sizeof(title), "%s vs %s", tbl_get(t, a, SC(LIFT_ARM)),
                 tbl_get(t, a, SC(LIFT_VS)));
        rep_segment_sentence(r, i, sentence, sizeof(sentence));
        fputs("<h3>", r->html);
        rep_html_esc(r->html, title);
        fprintf(r->html, "</h3>\n<p class=\"finding%s\">",
                rep_segment_differs(r, i) == 1 ? " differs" : "");
        rep_html_esc(r->html, sentence);
        fputs("</p>\n", r->html);
        fputs("### ", r->md);
        rep_md_esc(r->md, title);
        fputs("\n\n", r->md);
        rep_md_esc(r->md, sentence);
        fputs("\n\n", r->md);
        segment_chart(r, i, title);
        segment_table(r, i);
    }
    fputs("</section>\n", r->html);
}

/* report.json: "segments", one object per comparison. */
void rep_json_segments(FILE *f, const report *r)
{
    static const struct { const char *key; int col; } num[] = {
        {"n", LIFT_N}, {"value", LIFT_VALUE}, {"lift", LIFT_LIFT}, {"lift_lo", LIFT_LIFT_LO},
        {"lift_hi", LIFT_LIFT_HI}, {"p_value", LIFT_P_VALUE}, {"p_fdr", LIFT_P_FDR}};
    const tbl *t = r->segments;
    fputs(",\n\"segments\":[", f);
    for (size_t i = 0; i < r->nsegcmp; i++) {
        size_t a = r->segcmp[i].all;
        long h = r->segcmp[i].het, best = strongest(r, i);
        int differs = rep_segment_differs(r, i);
        char sentence[1024], chart[64];
        rep_segment_sentence(r, i, sentence, sizeof(sentence));
        fputs(i ? ",\n {\"metric\":" : "\n {\"metric\":", f);
        rep_json_str(f, seg_metric);
        fputs(",\"arm\":", f);
        rep_json_str(f, tbl_get(t, a, SC(LIFT_ARM)));
        fputs(",\"vs\":", f);
        rep_json_str(f, tbl_get(t, a, SC(LIFT_VS)));
        fputs(",\"chart\":", f);
        snprintf(chart, sizeof(chart), "charts/segments-%zu.png", i + 1);
        if (r->segcmp[i].chart)
            rep_json_str(f, chart);
        else
            fputs("null", f);
        static const int hcols[] = {HETERO_Q, HETERO_Q_DF, HETERO_Q_P, HETERO_I2};
        static const char *const hkeys[] = {"q", "q_df", "q_p", "i2"};
        for (size_t k = 0; k < 4; k++) {
            fprintf(f, ",\"%s\":", hkeys[k]);
            rep_json_num(f, h >= 0 ? tbl_num(r->hetero, (size_t)h, (size_t)hcols[k]) : NAN);
        }
        fprintf(f, ",\"differs\":%s,\"strongest\":",
                differs < 0 ? "null" : differs ? "true" : "false");
        if (best >= 0)
            rep_json_str(f, tbl_get(t, (size_t)best, LIFTSEG_SEGMENT));
        else
            fputs("null", f);
        fputs(",\"sentence\":", f);
        rep_json_str(f, sentence);
        fputs(",\"rows\":[", f);
        size_t n = 0;
        for (size_t k = 0; k < t->nrows; k++) {
            if (strcmp(tbl_get(t, k, SC(LIFT_METRIC)), seg_metric) ||
                strcmp(tbl_get(t, k, SC(LIFT_ARM)), tbl_get(t, a, SC(LIFT_ARM))) ||
                strcmp(tbl_get(t, k, SC(LIFT_VS)), tbl_get(t, a, SC(LIFT_VS))))
                continue;
            fputs(n++ ? ",{\"segment\":" : "{\"segment\":", f);
            rep_json_str(f, tbl_get(t, k, LIFTSEG_SEGMENT));
            for (size_t c = 0; c < sizeof(num) / sizeof(num[0]); c++) {
                fprintf(f, ",\"%s\":", num[c].key);
                rep_json_num(f, tbl_num(t, k, SC(num[c].col)));
            }
            fputc('}', f);
        }
        fputs("]}", f);
    }
    fputc(']', f);
}
