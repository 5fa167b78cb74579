/*
 * report_balances.c - what the report says under a metric's table about
 * how it was measured: the cap that winsorized a balance (its value, the
 * rule that set it, the units it lowered in each arm) and how much CUPED
 * narrowed each comparison; under the ROI table, which ROMI intervals rest
 * on fewer than 30 responders.  Every figure comes from the lift and ROI
 * tables, so a report rendered from files says the same as one computed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/balances.h"
#include "report/report_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

#define FEW_RESPONDERS 30

/* A note paragraph: text escaped for each format. */
static void note(report *r, const char *text)
{
    fputs("<p class=\"note\">", r->html);
    rep_html_esc(r->html, text);
    fputs("</p>\n", r->html);
    rep_md_esc(r->md, text);
    fputs("\n\n", r->md);
}

/* Append printf-style text to buf (of len bytes), truncating safely. */
static void append(char *buf, size_t len, const char *fmt, const char *a, const char *b,
                   const char *c)
{
    size_t at = strlen(buf);
    if (at + 1 < len)
        snprintf(buf + at, len - at, fmt, a, b, c);
}

/* The experiment file's cap rule for metric m as written ("p99.9", "none"). */
static const char *cap_rule(const lk_experiment *exp, const char *m)
{
    char key[96];
    snprintf(key, sizeof(key), "cap.%s", m);
    const lk_text_setting *s = lk_text_settings_find(&exp->metrics, key);
    if (!s)
        s = lk_text_settings_find(&exp->metrics, "cap");
    return s ? s->value : LK_CAP_DEFAULT;
}

/* "the 99.9th percentile of the nonzero unit values" or "the amount set". */
static void rule_words(const char *rule, char *buf, size_t len)
{
    if (rule[0] == 'p')
        snprintf(buf, len, "the %sth percentile of the nonzero unit values of all arms, "
                 "[metrics] cap = %s", rule + 1, rule);
    else
        snprintf(buf, len, "the amount [metrics] sets");
}

/* The cap of a balance metric next to its table: value, rule, units lowered. */
static void cap_note(report *r, const char *m)
{
    const tbl *t = r->lift;
    double cap = NAN;
    for (size_t i = 0; i < t->nrows && !isfinite(cap); i++)
        if (!strcmp(tbl_get(t, i, LIFT_METRIC), m))
            cap = tbl_num(t, i, LIFT_CAP);
    const char *rule = cap_rule(r->exp, m);
    if (!isfinite(cap)) {
        if (!strcmp(rule, "none"))
            note(r, "Not capped ([metrics] cap = none): a single large balance can move an "
                    "arm's mean and its lift.");
        return;
    }
    char text[2048], v[64], words[160];
    rep_fmt_value(m, cap, v, sizeof(v));
    rule_words(rule, words, sizeof(words));
    snprintf(text, sizeof(text), "Capped: each unit's value counts at most %s%s%s (%s). "
             "Units lowered to the cap:", v, *r->exp->currency ? " " : "", r->exp->currency,
             words);
    const char *done[REP_MAX_ARMS];
    size_t ndone = 0;
    for (size_t i = 0; i < t->nrows && ndone < REP_MAX_ARMS; i++) {
        const char *arm = tbl_get(t, i, LIFT_ARM);
        size_t k = 0;
        while (k < ndone && strcmp(done[k], arm))
            k++;
        if (strcmp(tbl_get(t, i, LIFT_METRIC), m) || k < ndone)
            continue;
        done[ndone++] = arm;
        fmt_count(tbl_num(t, i, LIFT_N_CAPPED), v, sizeof(v));
        append(text, sizeof(text), "%s %s %s", ndone > 1 ? "," : "", arm, v);
    }
    append(text, sizeof(text), "%s%s%s", ".", "", "");
    note(r, text);
}

/* How much CUPED narrowed each comparison of metric m (its rows' variance_reduction). */
static void cuped_note(report *r, const char *m)
{
    const tbl *t = r->lift;
    const lk_text_setting *cov = lk_text_settings_find(&r->exp->cuped, m);
    char text[4096];
    snprintf(text, sizeof(text), "CUPED on %s (the rows marked cuped): ",
             cov ? cov->value : "its covariate");
    size_t n = 0;
    double most = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(tbl_get(t, i, LIFT_METRIC), m) || strcmp(tbl_get(t, i, LIFT_TEST), "cuped"))
            continue;
        double vr = tbl_num(t, i, LIFT_VARIANCE_REDUCTION);
        char pct[48];
        fmt_pct(-vr, 1, 1, pct, sizeof(pct));
        append(text, sizeof(text), n ? ", %s for %s" : "%s variance for %s", pct,
               tbl_get(t, i, LIFT_ARM), "");
        append(text, sizeof(text), " vs %s%s%s", tbl_get(t, i, LIFT_VS), "", "");
        if (isfinite(vr) && vr > most)
            most = vr;
        n++;
    }
    if (!n)
        return;
    char narrower[48];
    fmt_pct(1 - sqrt(1 - most), 1, 0, narrower, sizeof(narrower));
    append(text, sizeof(text), "; intervals up to %s narrower than the plain test's.",
           narrower, "", "");
    note(r, text);
}

void rep_write_metric_notes(report *r, const char *metric)
{
    if (!strncmp(metric, "balance_", 8))
        cap_note(r, metric);
    cuped_note(r, metric);
}

/* Units of arm with any opening in the window (response_any), or NaN. */
static double responders(const report *r, const char *arm)
{
    const tbl *t = r->lift;
    for (size_t i = 0; i < t->nrows; i++)
        if (!strcmp(tbl_get(t, i, LIFT_METRIC), "response_any") &&
            !strcmp(tbl_get(t, i, LIFT_ARM), arm))
            return floor(tbl_num(t, i, LIFT_VALUE) * tbl_num(t, i, LIFT_N) + 0.5);
    return NAN;
}

void rep_write_romi_note(report *r)
{
    const tbl *t = r->roi;
    if (!t || r->exp->control < 0)
        return;
    const char *control = r->exp->arms[r->exp->control].name;
    double in_control = responders(r, control);
    for (size_t i = 0; i < t->nrows; i++) {
        const char *arm = tbl_get(t, i, ROI_ARM);
        double in_arm = responders(r, arm);
        double fewest = fmin(in_arm, in_control);
        if (!isfinite(tbl_num(t, i, ROI_ROMI)) || !(fewest < FEW_RESPONDERS))
            continue;
        char text[1024], a[48], c[48];
        fmt_count(in_arm, a, sizeof(a));
        fmt_count(in_control, c, sizeof(c));
        snprintf(text, sizeof(text), "%s's ROMI rests on few responders (%s in %s, %s in %s; "
                 "fewer than %d): its interval is a rough guide only.", arm, a, arm, c, control,
                 FEW_RESPONDERS);
        note(r, text);
    }
}
