/*
 * report_sections.c - the report's sections after the verdict: warnings,
 * the lift and ROI tables, the charts with their captions, the mix table,
 * the power caption and the model comparison.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/stats.h"
#include "report/report_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

/* A warning sentence (no full stop) as an alert. */
static void warning(report *r, const char *text)
{
    rep_text(r, text, "<div class=\"srm\" role=\"alert\"><strong>Warning:</strong> ",
             ".</div>\n", "> **WARNING:** ", ".\n\n");
}

void rep_write_srm_warning(report *r)
{
    char text[256];
    if (!isfinite(r->srm_p) || r->srm_p >= LK_SRM_THRESHOLD)
        return;
    warning(r, lk_srm_warning(r->srm_p, text, sizeof(text)));
}

/* The caller's warnings (a contacted holdout, say), as alerts. */
void rep_write_warnings(report *r)
{
    for (size_t i = 0; i < r->opt->nwarnings; i++)
        warning(r, r->opt->warnings[i]);
}

/* Intervals that are always valid say so: the test may be read at any look. */
void rep_write_sequential_note(report *r)
{
    static const char note[] = "always-valid intervals: safe to read at any time";
    const tbl *t = r->lift;
    size_t i = 0;
    while (i < t->nrows && strcmp(tbl_get(t, i, LIFT_TEST), "sequential"))
        i++;
    if (i == t->nrows)
        return;
    fprintf(r->html, "<p class=\"note\">Note: %s.</p>\n", note);
    fprintf(r->md, "> Note: %s.\n\n", note);
}

/* The span of relative lifts one table's interval bars share: zero and every interval. */
typedef struct bar_scale {
    double lo, hi;
} bar_scale;

static bar_scale lift_scale(const tbl *t, const char *metric)
{
    bar_scale s = {0, 0};
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(tbl_get(t, i, LIFT_METRIC), metric) || !*tbl_get(t, i, LIFT_VS))
            continue;
        double lo = tbl_num(t, i, LIFT_LIFT_LO), hi = tbl_num(t, i, LIFT_LIFT_HI);
        if (isfinite(lo) && isfinite(hi)) {
            s.lo = fmin(s.lo, lo);
            s.hi = fmax(s.hi, hi);
        }
    }
    double pad = (s.hi - s.lo) * 0.05;
    s.lo -= pad;
    s.hi += pad;
    return s;
}

static double bar_at(const bar_scale *s, double v)
{
    return 100 * (v - s->lo) / (s->hi - s->lo);
}

/*
 * The relative lift's cell: its text, and on the page a bar under it that
 * shows the interval (the point estimate marked) against the zero line, on
 * the scale every row of the table shares.  No bar for an open interval.
 */
static void lift_cell(report *r, const char *cls, const char *text, const bar_scale *s,
                      double lift, double lo, double hi)
{
    char bar[512] = "", point[96] = "";
    if (isfinite(lift))
        snprintf(point, sizeof(point), "<span class=\"ci-point\" style=\"left:%.1f%%\"></span>",
                 bar_at(s, lift));
    if (isfinite(lo) && isfinite(hi) && s->hi > s->lo)
        snprintf(bar, sizeof(bar),
                 "<span class=\"ci\" aria-hidden=\"true\"><span class=\"ci-zero\" "
                 "style=\"left:%.1f%%\"></span><span class=\"ci-range\" style=\"left:%.1f%%;"
                 "width:%.1f%%\"></span>%s</span>", bar_at(s, 0), bar_at(s, lo),
                 fmax(bar_at(s, hi) - bar_at(s, lo), 0.5), point);
    rep_td_html(r->html, r->md, cls, text, bar);
}

static void lift_row(report *r, size_t i, const bar_scale *scale)
{
    const tbl *t = r->lift;
    const char *m = tbl_get(t, i, LIFT_METRIC);
    char a[96], b[96], c[96], buf[512], cnt[256];
    rep_td_arm(r, tbl_get(t, i, LIFT_ARM));
    rep_td(r->html, r->md, "num", fmt_count(tbl_num(t, i, LIFT_N), cnt, sizeof(cnt)));
    rep_fmt_value(m, tbl_num(t, i, LIFT_VALUE), a, sizeof(a));
    rep_fmt_value(m, tbl_num(t, i, LIFT_VALUE_LO), b, sizeof(b));
    rep_fmt_value(m, tbl_num(t, i, LIFT_VALUE_HI), c, sizeof(c));
    snprintf(buf, sizeof(buf), "%s (%s)", a, rep_fmt_range(b, c, cnt, sizeof(cnt)));
    rep_td(r->html, r->md, "num", buf);
    int has_vs = *tbl_get(t, i, LIFT_VS) != '\0';
    rep_td(r->html, r->md, NULL, has_vs ? tbl_get(t, i, LIFT_VS) : "");
    if (!has_vs) {
        for (int k = 0; k < 4; k++)
            rep_td(r->html, r->md, NULL, "");
    } else {
        double p = rep_p_of(t, i), lift = tbl_num(t, i, LIFT_LIFT);
        const char *cls = isfinite(p) && p < r->exp->alpha ? (lift > 0 || tbl_num(t, i, LIFT_DIFF) > 0 ? "num up" : "num down") : "num";
        rep_fmt_diff(m, tbl_num(t, i, LIFT_DIFF), a, sizeof(a));
        rep_fmt_diff(m, tbl_num(t, i, LIFT_DIFF_LO), b, sizeof(b));
        rep_fmt_diff(m, tbl_num(t, i, LIFT_DIFF_HI), c, sizeof(c));
        snprintf(buf, sizeof(buf), "%s (%s)", a, rep_fmt_range(b, c, cnt, sizeof(cnt)));
        rep_td(r->html, r->md, cls, buf);
        double lo = tbl_num(t, i, LIFT_LIFT_LO), hi = tbl_num(t, i, LIFT_LIFT_HI);
        fmt_pct(lift, 1, 1, a, sizeof(a));
        fmt_pct(lo, 1, 1, b, sizeof(b));
        fmt_pct(hi, 1, 1, c, sizeof(c));
        snprintf(buf, sizeof(buf), "%s (%s)", a, rep_fmt_range(b, c, cnt, sizeof(cnt)));
        lift_cell(r, cls, buf, scale, lift, lo, hi);
        snprintf(buf, sizeof(buf), "%s%s%s%s", rep_fmt_p(p, a, sizeof(a)),
                 *tbl_get(t, i, LIFT_TEST) ? " (" : "", tbl_get(t, i, LIFT_TEST),
                 *tbl_get(t, i, LIFT_TEST) ? ")" : "");
        rep_td(r->html, r->md, "num", buf);
        double pb = tbl_num(t, i, LIFT_PROB_BETTER);
        rep_td(r->html, r->md, "num", isfinite(pb) ? rep_fmt_prob(pb, a, sizeof(a)) : "");
    }
    fputs("</tr>\n", r->html);
    fputc('\n', r->md);
}

/*
 * The lift tables: with target set, the response_target table only (it
 * comes right after the verdict); else every other metric's.
 */
void rep_write_lift_tables(report *r, int target)
{
    const tbl *t = r->lift;
    const char *seen[16];
    size_t nseen = 0, ntables = 0;
    const char *title = target ? "Lift on target response" : "Other metrics";
    for (size_t i = 0; i < t->nrows; i++)
        ntables += !strcmp(tbl_get(t, i, LIFT_METRIC), "response_target") == !!target;
    if (!ntables)
        return;
    rep_section(r, title);
    fprintf(r->html, "<p class=\"note\">Each challenger against the champion, and each "
                     "treated arm against the control. Intervals are %s; p-values are "
                     "Holm-adjusted per metric and baseline. Green: significantly better; "
                     "red: significantly worse.</p>\n", r->level);
    for (size_t i = 0; i < t->nrows; i++) {
        const char *m = tbl_get(t, i, LIFT_METRIC);
        if (!strcmp(m, "response_target") != !!target)
            continue;
        size_t k = 0;
        while (k < nseen && strcmp(seen[k], m))
            k++;
        if (k < nseen || nseen == 16)
            continue;
        seen[nseen++] = m;
        rep_text(r, rep_metric_title(m), "<h3>", "</h3>\n<table>\n", "### ", "\n\n");
        const char *rate_cols[] = {"Arm", r->Units, rep_is_rate(m) ? "Rate (CI)" : "Mean (CI)", "vs",
                                   "Difference (CI)", "Relative lift (CI)", "Adjusted p (test)",
                                   "P(better)"};
        rep_th(r->html, r->md, rate_cols, "lrrlrrrr");
        bar_scale scale = lift_scale(t, m);
        for (size_t j = i; j < t->nrows; j++)
            if (!strcmp(tbl_get(t, j, LIFT_METRIC), m))
                lift_row(r, j, &scale);
        fputs("</tbody></table>\n", r->html);
        fputc('\n', r->md);
        rep_write_metric_notes(r, m);
    }
    fputs("</section>\n", r->html);
}

void rep_write_roi_table(report *r)
{
    const tbl *t = r->roi;
    if (!t)
        return;
    rep_section(r, "Return on marketing investment");
    fprintf(r->html, "<p class=\"note\">Each treated arm against the no-contact control. "
                     "Incremental responses and value are (arm &minus; control) per unit "
                     "&times; units; ROMI = (incremental value &minus; cost) / cost, with a "
                     "bootstrap %s.</p>\n<table>\n", r->level);
    char cost[48], value[48], per[64];
    const char *cur = r->exp->currency;
    snprintf(cost, sizeof(cost), "Cost%s%s%s", *cur ? " (" : "", cur, *cur ? ")" : "");
    snprintf(value, sizeof(value), "Incremental value%s%s%s", *cur ? " (" : "", cur, *cur ? ")" : "");
    snprintf(per, sizeof(per), "Cost per incremental response%s%s%s", *cur ? " (" : "", cur,
             *cur ? ")" : "");
    const char *cols[] = {"Arm", r->Units, "Contacts", cost, "Incremental responses",
                          value, "ROMI (CI)", per};
    rep_th(r->html, r->md, cols, "lrrrrrrr");
    for (size_t i = 0; i < t->nrows; i++) {
        char a[64], b[64], c[64], buf[256];
        rep_td_arm(r, tbl_get(t, i, ROI_ARM));
        rep_td(r->html, r->md, "num", fmt_count(tbl_num(t, i, ROI_N), a, sizeof(a)));
        rep_td(r->html, r->md, "num", fmt_count(tbl_num(t, i, ROI_CONTACTS), a, sizeof(a)));
        rep_td(r->html, r->md, "num", fmt_num(tbl_num(t, i, ROI_COST), 0, a, sizeof(a)));
        rep_td(r->html, r->md, "num", fmt_num(tbl_num(t, i, ROI_INCREMENTAL_RESPONSES), 0, a, sizeof(a)));
        rep_td(r->html, r->md, "num", fmt_num(tbl_num(t, i, ROI_INCREMENTAL_VALUE), 0, a, sizeof(a)));
        double romi = tbl_num(t, i, ROI_ROMI);
        fmt_num(romi, 2, a, sizeof(a));
        fmt_num(tbl_num(t, i, ROI_ROMI_LO), 2, b, sizeof(b));
        fmt_num(tbl_num(t, i, ROI_ROMI_HI), 2, c, sizeof(c));
        if (isfinite(tbl_num(t, i, ROI_ROMI_LO)))
            snprintf(buf, sizeof(buf), "%s (%s to %s)", a, b, c);
        else
            snprintf(buf, sizeof(buf), "%s", a);
        const char *cls = isfinite(tbl_num(t, i, ROI_ROMI_LO)) && tbl_num(t, i, ROI_ROMI_LO) > 0 ? "num up"
                          : isfinite(tbl_num(t, i, ROI_ROMI_HI)) && tbl_num(t, i, ROI_ROMI_HI) < 0 ? "num down"
                                                                                        : "num";
        rep_td(r->html, r->md, cls, buf);
        rep_td(r->html, r->md, "num", fmt_num(tbl_num(t, i, ROI_COST_PER_INCREMENTAL_RESPONSE), 2, a, sizeof(a)));
        fputs("</tr>\n", r->html);
        fputc('\n', r->md);
    }
    fputs("</tbody></table>\n", r->html);
    fputc('\n', r->md);
    rep_write_romi_note(r);
    fputs("</section>\n", r->html);
}

void rep_write_chart(report *r, lk_plot_kind k, const char *heading, const char *caption)
{
    if (!r->charts[k])
        return;
    const char *name = lk_plot_kind_name(k);
    fputs("<figure>\n", r->html);
    if (heading)
        fprintf(r->html, "<h3>%s</h3>\n", heading);
    fprintf(r->html,
            "<img src=\"charts/%s.png\" alt=\"%s\" loading=\"eager\">\n"
            "<figcaption>%s <span class=\"files\"><a href=\"charts/%s.svg\">SVG</a> &middot; "
            "<a href=\"charts/%s.csv\">data</a> &middot; <a href=\"charts/%s.gp\">gnuplot "
            "script</a></span></figcaption>\n</figure>\n",
            name, heading ? heading : name, caption, name, name, name);
    if (heading)
        fprintf(r->md, "### %s\n\n", heading);
    fprintf(r->md, "![%s](charts/%s.png)\n\n%s\n\n", heading ? heading : name, name, caption);
}

void rep_write_mix_table(report *r)
{
    const tbl *t = r->mix;
    if (!t)
        return;
    fputs("<table class=\"mix\">\n", r->html);
    const char *cols[] = {"By", "Channel or product", "Direct", "Halo", "None", "Direct share"};
    rep_th(r->html, r->md, cols, "llrrrr");
    for (size_t i = 0; i < t->nrows; i++) {
        /* one line per (by, key): the first row of each pair starts it */
        size_t j = 0;
        while (j < i && !(strcmp(tbl_get(t, j, MIX_BY), tbl_get(t, i, MIX_BY)) == 0 &&
                          strcmp(tbl_get(t, j, MIX_KEY), tbl_get(t, i, MIX_KEY)) == 0))
            j++;
        if (j < i)
            continue;
        double c[3] = {0, 0, 0};
        static const char *const resp[] = {"direct", "halo", "none"};
        for (size_t k = i; k < t->nrows; k++) {
            if (strcmp(tbl_get(t, k, MIX_BY), tbl_get(t, i, MIX_BY)) ||
                strcmp(tbl_get(t, k, MIX_KEY), tbl_get(t, i, MIX_KEY)))
                continue;
            for (int q = 0; q < 3; q++)
                if (!strcmp(tbl_get(t, k, MIX_RESPONSE), resp[q]))
                    c[q] += tbl_num(t, k, MIX_CREDIT);
        }
        char a[64];
        fputs("<tr>", r->html);
        fputs("|", r->md);
        rep_td(r->html, r->md, NULL, tbl_get(t, i, MIX_BY));
        const char *key = tbl_get(t, i, MIX_KEY);
        int none = !*key || (!strcmp(tbl_get(t, i, MIX_BY), "channel") && !strcmp(key, "none"));
        rep_td(r->html, r->md, NULL, none ? "(no offer)" : key);
        for (int q = 0; q < 3; q++)
            rep_td(r->html, r->md, "num", fmt_num(c[q], 0, a, sizeof(a)));
        double total = c[0] + c[1] + c[2];
        rep_td(r->html, r->md, "num", fmt_pct(total > 0 ? c[0] / total : NAN, 1, 0, a, sizeof(a)));
        fputs("</tr>\n", r->html);
        fputc('\n', r->md);
    }
    fputs("</tbody></table>\n", r->html);
    fputc('\n', r->md);
}

/* The smallest relative lift reaching 80% power, from a power-by-lift table. */
double rep_power_mde(const tbl *t)
{
    double best = NAN;
    for (size_t i = 0; t && i < t->nrows; i++) {
        double p1 = tbl_num(t, i, CURVE_BASELINE), p2 = tbl_num(t, i, CURVE_TREATED);
        double l = p1 > 0 ? p2 / p1 - 1 : NAN;
        if (tbl_num(t, i, CURVE_POWER) >= 0.8 && l > 0 && !(l >= best))
            best = l;
    }
    return best;
}

void rep_write_power(report *r)
{
    if (!r->charts[LK_PLOT_POWER])
        return;
    char caption[512], l[64];
    double mde = rep_power_mde(r->power);
    if (isfinite(mde))
        snprintf(caption, sizeof(caption),
                 "Power of the champion/challenger comparison at the sizes this test had. With "
                 "these sizes the test had an 80%% chance to detect a true relative lift of "
                 "about %s in target response; smaller true effects can easily read as &ldquo;no "
                 "significant difference&rdquo;.",
                 fmt_pct(mde, 0, 1, l, sizeof(l)));
    else
        snprintf(caption, sizeof(caption), "Power of the comparison against the true effect.");
    rep_chart_section(r, "Could the test have seen it?", LK_PLOT_POWER, caption);
}

void rep_write_model(report *r)
{
    if (!r->charts[LK_PLOT_QINI] && !r->opt->model_note)
        return;
    rep_section(r, "Model comparison");
    if (!r->charts[LK_PLOT_QINI]) {
        rep_text(r, r->opt->model_note, "<p class=\"note\">", "</p>\n</section>\n", "",
                 "\n\n");
        return;
    }
    char caption[512], unit[64];
    lk_unit_noun(r->exp->unit, unit, sizeof(unit));
    snprintf(caption, sizeof(caption),
             "Qini curves of the champion against the no-contact control: incremental "
             "responders gained by offering first to the %s each model scores highest, "
             "against random targeting (dotted). The higher the curve above the dotted line, "
             "the better the model finds the %s the offer moves.", unit, unit);
    rep_write_chart(r, LK_PLOT_QINI, NULL, caption);
    if (r->uplift) {
        const tbl *t = r->uplift;
        fputs("<table>\n", r->html);
        const char *cols[] = {"Score", "Treated", "Control", "Qini coefficient", "AUUC",
                              "Uplift, top 10%", "Uplift, top 30%"};
        rep_th(r->html, r->md, cols, "lrrrrrr");
        for (size_t i = 0; i < t->nrows; i++) {
            char a[64];
            fputs("<tr>", r->html);
            fputs("|", r->md);
            rep_td(r->html, r->md, NULL, tbl_get(t, i, UPLIFT_SCORE));
            rep_td(r->html, r->md, "num", fmt_count(tbl_num(t, i, UPLIFT_N_TREATED), a, sizeof(a)));
            rep_td(r->html, r->md, "num", fmt_count(tbl_num(t, i, UPLIFT_N_CONTROL), a, sizeof(a)));
            rep_td(r->html, r->md, "num", fmt_num(tbl_num(t, i, UPLIFT_QINI_COEFFICIENT), 3, a, sizeof(a)));
            rep_td(r->html, r->md, "num", fmt_num(tbl_num(t, i, UPLIFT_AUUC), 3, a, sizeof(a)));
            rep_td(r->html, r->md, "num", fmt_pct(tbl_num(t, i, UPLIFT_TOP10), 2, 1, a, sizeof(a)));
            rep_td(r->html, r->md, "num", fmt_pct(tbl_num(t, i, UPLIFT_TOP30), 2, 1, a, sizeof(a)));
            fputs("</tr>\n", r->html);
            fputc('\n', r->md);
        }
        fputs("</tbody></table>\n", r->html);
        fputc('\n', r->md);
    }
    fputs("</section>\n", r->html);
}
