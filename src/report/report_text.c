/*
 * report_text.c - the report's lookups into its tables, its numbers for
 * people, and escaping for HTML and Markdown.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

const char *rep_metric_title(const char *m)
{
    static const struct { const char *name, *title; } t[] = {
        {"response_target", "Target response rate"},
        {"response_any", "Response rate, any product"},
        {"balance_target", "Balance of target products per unit"},
        {"balance_any", "Balance of any product per unit"},
        {"products_opened", "Products opened per unit"},
        {"products_held_start", "Products held per unit at the start"},
        {"products_held_end", "Products held per unit at the end"},
        {"single_product", "Share of units holding a single product"},
        {"funded_target", "Funded target accounts (balance above 0 at 30 days)"},
        {"balance_target_90", "Balance of target products at 90 days per unit"}};
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (!strcmp(m, t[i].name))
            return t[i].title;
    return m;
}

int rep_is_rate(const char *metric)
{
    return !strncmp(metric, "response_", 9) || !strcmp(metric, "single_product") ||
           !strcmp(metric, "funded_target");
}

const char *rep_arm_colour(const report *r, const char *arm)
{
    int i = lk_experiment_arm(r->exp, arm);
    return i >= 0 ? lk_plot_arm_colour(r->exp, (size_t)i) : "#444444";
}

double rep_p_of(const tbl *t, size_t row)
{
    double p = tbl_num(t, row, LIFT_P_ADJUSTED);
    return isfinite(p) ? p : tbl_num(t, row, LIFT_P_VALUE);
}

long rep_find_lift(const tbl *t, const char *metric, const char *arm, const char *vs)
{
    for (size_t i = 0; i < t->nrows; i++)
        if (!strcmp(tbl_get(t, i, LIFT_METRIC), metric) && !strcmp(tbl_get(t, i, LIFT_ARM), arm) &&
            !strcmp(tbl_get(t, i, LIFT_VS), vs))
            return (long)i;
    return -1;
}

long rep_find_roi(const report *r, const char *arm)
{
    for (size_t i = 0; r->roi && i < r->roi->nrows; i++)
        if (!strcmp(tbl_get(r->roi, i, ROI_ARM), arm))
            return (long)i;
    return -1;
}

char *rep_fmt_p(double p, char *buf, size_t len)
{
    if (!isfinite(p))
        snprintf(buf, len, "n/a");
    else if (p < 0.0001)
        snprintf(buf, len, "< 0.0001");
    else
        snprintf(buf, len, "%.2g", p);
    if (isfinite(p) && p >= 0.0001 && p < 1 && strchr(buf, 'e'))
        snprintf(buf, len, "%.4f", p);
    return buf;
}

/* A value of metric m: a rate in percent, or a mean. */
/* Decimals of a mean: balances in whole currency units, counts finer. */
static int mean_digits(const char *m)
{
    return !strncmp(m, "balance_", 8) ? 0 : 3;
}

char *rep_fmt_value(const char *m, double v, char *buf, size_t len)
{
    return rep_is_rate(m) ? fmt_pct(v, 2, 0, buf, len) : fmt_num(v, mean_digits(m), buf, len);
}

/* A difference of metric m: percentage points, or a signed mean difference. */
char *rep_fmt_diff(const char *m, double d, char *buf, size_t len)
{
    char num[48];
    if (!isfinite(d)) {
        snprintf(buf, len, "n/a");
        return buf;
    }
    fmt_num(rep_is_rate(m) ? d * 100 : d, rep_is_rate(m) ? 2 : mean_digits(m), num, sizeof(num));
    snprintf(buf, len, "%s%s%s", d >= 0 && num[0] != '-' ? "+" : "", num, rep_is_rate(m) ? " pp" : "");
    return buf;
}

char *rep_fmt_prob(double p, char *buf, size_t len)
{
    if (!isfinite(p))
        snprintf(buf, len, "n/a");
    else if (p > 0.999)
        snprintf(buf, len, "> 99.9%%");
    else if (p < 0.001)
        snprintf(buf, len, "< 0.1%%");
    else
        snprintf(buf, len, "%.1f%%", 100 * p);
    return buf;
}

char *rep_fmt_loss(const char *m, double loss, char *buf, size_t len)
{
    int rate = rep_is_rate(m);
    double x = rate ? 100 * loss : loss, floor = rate ? 0.01 : 0.001;
    if (!isfinite(x))
        snprintf(buf, len, "n/a");
    else if (x < floor)
        snprintf(buf, len, "< %g%s", floor, rate ? " pp" : "");
    else
        snprintf(buf, len, rate ? "%.2f pp" : "%.3f", x);
    return buf;
}

char *rep_fmt_money(const report *r, double x, int sign, char *buf, size_t len)
{
    char num[64];
    fmt_num(x, 0, num, sizeof(num));
    const char *cur = r->exp->currency[0] ? r->exp->currency : "";
    snprintf(buf, len, "%s%s%s%s", sign && x >= 0 && num[0] != '-' ? "+" : "", num,
             *cur ? " " : "", cur);
    return buf;
}

char *rep_fmt_range(const char *a, const char *b, char *buf, size_t len)
{
    snprintf(buf, len, "%s to %s", a, b);
    return buf;
}

void rep_html_esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

void rep_md_esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (strchr("\\`*_[]|", *s) || (*s == '<' && s[1] && s[1] != ' '))
            fputc('\\', f);
        if (*s == '\n' || *s == '\r')
            fputc(' ', f);
        else
            fputc(*s, f);
    }
}

void rep_th(FILE *h, FILE *m, const char *const *cols, const char *align)
{
    size_t n = strlen(align);
    fputs("<thead><tr>", h);
    for (size_t i = 0; i < n; i++) {
        fputs(align[i] == 'r' ? "<th class=\"num\">" : "<th>", h);
        rep_html_esc(h, cols[i]);
        fputs("</th>", h);
    }
    fputs("</tr></thead>\n<tbody>\n", h);
    fputs("|", m);
    for (size_t i = 0; i < n; i++) {
        fputc(' ', m);
        rep_md_esc(m, cols[i]);
        fputs(" |", m);
    }
    fputs("\n|", m);
    for (size_t i = 0; i < n; i++)
        fputs(align[i] == 'r' ? "---:|" : "---|", m);
    fputc('\n', m);
}

void rep_section(report *r, const char *title)
{
    fprintf(r->html, "<section>\n<h2>%s</h2>\n", title);
    fprintf(r->md, "## %s\n\n", title);
}

void rep_chart_section(report *r, const char *title, lk_plot_kind kind, const char *caption)
{
    rep_section(r, title);
    rep_write_chart(r, kind, NULL, caption);
    fputs("</section>\n", r->html);
}

void rep_text(report *r, const char *text, const char *hb, const char *ha, const char *mb,
              const char *ma)
{
    fputs(hb, r->html);
    rep_html_esc(r->html, text);
    fputs(ha, r->html);
    fputs(mb, r->md);
    rep_md_esc(r->md, text);
    fputs(ma, r->md);
}

/* One cell: text (escaped) in both formats. */
void rep_td(FILE *h, FILE *m, const char *cls, const char *text)
{
    rep_td_html(h, m, cls, text, "");
}

void rep_td_html(FILE *h, FILE *m, const char *cls, const char *text, const char *html)
{
    if (cls)
        fprintf(h, "<td class=\"%s\">", cls);
    else
        fputs("<td>", h);
    rep_html_esc(h, text);
    fprintf(h, "%s</td>", html);
    fputc(' ', m);
    rep_md_esc(m, text);
    fputs(" |", m);
}

void rep_td_arm(const report *r, const char *arm)
{
    fprintf(r->html, "<tr><td class=\"arm\"><span class=\"sw\" style=\"background:%s\"></span>",
            rep_arm_colour(r, arm));
    rep_html_esc(r->html, arm);
    fputs("</td>", r->html);
    fputs("| ", r->md);
    rep_md_esc(r->md, arm);
    fputs(" |", r->md);
}
