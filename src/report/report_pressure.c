/*
 * report_pressure.c - what the report says about bothering customers: the
 * "Contact pressure" section (the histogram chart, the policy, the table
 * per arm) and the guardrail lines of the verdict, red when one fails.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/noninferiority.h"
#include "report/report_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

/* "opt_out" -> "opt-outs": the event as people say it. */
static void event_words(const char *metric, char *buf, size_t len)
{
    const char *e = strncmp(metric, "event_", 6) ? metric : metric + 6;
    size_t n = 0;
    for (; *e && n + 2 < len; e++)
        buf[n++] = *e == '_' ? '-' : *e;
    if (n && buf[n - 1] != 's')
        buf[n++] = 's';
    buf[n] = '\0';
}

/* The rate of metric m for arm (its first row); NaN when absent. */
static double rate_of(const tbl *t, const char *m, const char *arm, double *n)
{
    for (size_t i = 0; i < t->nrows; i++)
        if (!strcmp(tbl_get(t, i, LIFT_METRIC), m) && !strcmp(tbl_get(t, i, LIFT_ARM), arm)) {
            *n = tbl_num(t, i, LIFT_N);
            return tbl_num(t, i, LIFT_VALUE);
        }
    *n = NAN;
    return NAN;
}

/* The sentence of one guarded comparison; 1 when it failed. */
static int guard_line(const report *r, size_t row, char *buf, size_t len)
{
    const tbl *t = r->lift;
    const char *m = tbl_get(t, row, LIFT_METRIC), *arm = tbl_get(t, row, LIFT_ARM),
               *vs = tbl_get(t, row, LIFT_VS), *verdict = tbl_get(t, row, LIFT_GUARDRAIL);
    char what[96];
    event_words(m, what, sizeof(what));
    double margin = 0, na, nv;
    lk_settings_get(&r->exp->guardrails, m + 6, &margin);
    double pa = rate_of(t, m, arm, &na), pv = rate_of(t, m, vs, &nv);
    lk_noninferiority ni;
    lk_error ignored;
    if (lk_noninferiority_test(round(pa * na), na, round(pv * nv), nv, margin, r->exp->alpha,
                               &ni, &ignored))
        ni.diff = ni.upper = NAN;
    int level = (int)lround(100 * (1 - r->exp->alpha));
    int fail = !strcmp(verdict, "fail");
    const char *how = fail ? "more than"
                      : !strcmp(verdict, "pass") ? "within" : "not shown to be within";
    snprintf(buf, len, "%s %s %s vs %s by %+.2f pp (%d%% upper bound %+.2f pp), %s the "
             "%+.2f pp tolerated",
             arm, ni.diff > 0 ? "raised" : "changed", what, vs, 100 * ni.diff, level,
             100 * ni.upper, how, 100 * margin);
    return fail;
}

void rep_write_guardrails(report *r)
{
    const tbl *t = r->lift;
    int any = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const char *g = tbl_get(t, i, LIFT_GUARDRAIL);
        if (!*g || !*tbl_get(t, i, LIFT_VS))
            continue;
        char line[512];
        int fail = guard_line(r, i, line, sizeof(line));
        if (!any++) {
            fputs("<h3>Guardrails</h3>\n<ul class=\"guardrails\">\n", r->html);
            fputs("\n**Guardrails:**\n\n", r->md);
        }
        fprintf(r->html, "<li class=\"%s\">", fail ? "loss" : g[0] == 'p' ? "win" : "same");
        if (fail)
            fputs("<strong>", r->html);
        rep_html_esc(r->html, line);
        fputs(fail ? ".</strong></li>\n" : ".</li>\n", r->html);
        fputs(fail ? "- **" : "- ", r->md);
        rep_md_esc(r->md, line);
        fputs(fail ? ".**\n" : ".\n", r->md);
    }
    if (any)
        fputs("</ul>\n", r->html);
}

static void write_policy(report *r, double violations)
{
    const lk_contact_policy *p = &r->exp->policy;
    char buf[64];
    fputs("<p>Policy: ", r->html);
    fputs("Policy: ", r->md);
    for (size_t i = 0; i < p->n; i++) {
        const lk_contact_rule *k = &p->rules[i];
        char text[160];
        if (k->is_gap)
            snprintf(text, sizeof(text), "at least %d days between two contacts", k->days);
        else
            snprintf(text, sizeof(text), "at most %d contacts in any %d days%s%s", k->limit,
                     k->days, k->channel ? " on " : "", k->channel ? k->channel : "");
        fputs(i ? "; " : "", r->html);
        fputs(i ? "; " : "", r->md);
        rep_html_esc(r->html, text);
        rep_md_esc(r->md, text);
    }
    fmt_count(violations, buf, sizeof(buf));
    fprintf(r->html, ". Offers breaking it: %s.</p>\n", buf);
    fprintf(r->md, ". Offers breaking it: %s.\n\n", buf);
}

void rep_write_contacts(report *r)
{
    const tbl *t = r->contacts;
    if (!t)
        return;
    double violations = 0;
    for (size_t i = 0; i < t->nrows; i++)
        violations += tbl_num(t, i, CONTACTS_VIOLATIONS);
    rep_section(r, "Contact pressure");
    write_policy(r, violations);
    char per[96], over[96];
    snprintf(per, sizeof(per), "Contacts per %.*s", (int)strlen(r->units) - 1, r->units);
    snprintf(over, sizeof(over), "%s over policy", r->Units);
    const char *const cols[] = {"Arm", r->Units, per, "Median", "90th percentile", "Max", over,
                                "Share", "Violations"};
    fputs("<table>\n", r->html);
    rep_th(r->html, r->md, cols, "lrrrrrrrr");
    for (size_t i = 0; i < t->nrows; i++) {
        char b[64];
        rep_td_arm(r, tbl_get(t, i, CONTACTS_ARM));
        rep_td(r->html, r->md, "num", fmt_count(tbl_num(t, i, CONTACTS_UNITS), b, sizeof(b)));
        rep_td(r->html, r->md, "num", fmt_num(tbl_num(t, i, CONTACTS_PER_UNIT), 2, b, sizeof(b)));
        rep_td(r->html, r->md, "num", fmt_num(tbl_num(t, i, CONTACTS_P50), 1, b, sizeof(b)));
        rep_td(r->html, r->md, "num", fmt_num(tbl_num(t, i, CONTACTS_P90), 1, b, sizeof(b)));
        rep_td(r->html, r->md, "num", fmt_count(tbl_num(t, i, CONTACTS_MAX), b, sizeof(b)));
        rep_td(r->html, r->md, "num", fmt_count(tbl_num(t, i, CONTACTS_UNITS_OVER), b, sizeof(b)));
        rep_td(r->html, r->md, "num", fmt_pct(tbl_num(t, i, CONTACTS_SHARE_OVER), 2, 0, b, sizeof(b)));
        rep_td(r->html, r->md, "num", fmt_count(tbl_num(t, i, CONTACTS_VIOLATIONS), b, sizeof(b)));
        fputs("</tr>\n", r->html);
        fputc('\n', r->md);
    }
    fputs("</tbody></table>\n", r->html);
    fputc('\n', r->md);
    char caption[256];
    snprintf(caption, sizeof(caption), "Share of each arm's %s by the number of contacts they "
             "received (zero included). A challenger that wins by contacting more shows its "
             "bars further right.", r->units);
    rep_write_chart(r, LK_PLOT_PRESSURE, NULL, caption);
    fputs("</section>\n", r->html);
}
