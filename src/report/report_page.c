/*
 * report_page.c - the page around the sections: the header, the inline
 * CSS, the audit footer (every input's SHA-256 and rows, taken in
 * report_audit.c; the version, the command line) and the order of the sections.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "liftkit/date.h"
#include "liftkit/liftkit.h"
#include "report/report_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

static void write_audit(report *r)
{
    FILE *h = r->html, *m = r->md;
    char when[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
    fputs("<footer>\n<h2>Audit</h2>\n<table class=\"audit\">\n", h);
    fputs("## Audit\n\n", m);
    const char *cols[] = {"Input", "File", "Rows", "SHA-256"};
    rep_th(h, m, cols, "llrl");
    for (size_t i = 0; i < r->opt->ninputs; i++) {
        const lk_report_input *in = &r->opt->inputs[i];
        char rows[64];
        snprintf(rows, sizeof(rows), "%s%s", fmt_count((double)in->rows, rows + 32, 32),
                 in->is_csv ? "" : " lines");
        fputs("<tr>", h);
        fputs("|", m);
        rep_td(h, m, NULL, in->role);
        rep_td(h, m, NULL, in->path);
        rep_td(h, m, "num", rows);
        rep_td(h, m, "hash", in->sha256);
        fputs("</tr>\n", h);
        fputc('\n', m);
    }
    fputs("</tbody></table>\n<p>liftkit ", h);
    rep_html_esc(h, lk_version());
    fprintf(h, " &middot; generated %s", when);
    fprintf(m, "\nliftkit %s, generated %s", lk_version(), when);
    if (r->opt->command_line) {
        fputs(" &middot; command: <code>", h);
        rep_html_esc(h, r->opt->command_line);
        fputs("</code>", h);
        fputs(", command: `", m);
        for (const char *s = r->opt->command_line; *s; s++)
            fputc(*s == '`' ? '\'' : *s, m);
        fputc('`', m);
    }
    fputs("</p>\n<p>The tables behind every number are in <a href=\"data/\">data/</a>; each "
          "chart's data and gnuplot script are beside it in <a href=\"charts/\">charts/</a>.</p>\n"
          "</footer>\n",
          h);
    fputs(". The tables are in data/, each chart's data and gnuplot script in charts/.\n", m);
}

static const char css[] =
    "body{font-family:'DejaVu Sans',system-ui,-apple-system,'Segoe UI',Helvetica,Arial,"
    "sans-serif;color:#222;background:#f6f7f9;margin:0;line-height:1.5}\n"
    "main{max-width:1200px;margin:0 auto;padding:24px 32px 48px;background:#fff;"
    "box-shadow:0 0 12px rgba(0,0,0,.06)}\n"
    "h1{font-size:30px;margin:8px 0 4px}h2{font-size:22px;margin:36px 0 10px;"
    "border-bottom:2px solid #e4e6ea;padding-bottom:4px}h3{font-size:17px;margin:22px 0 8px}\n"
    ".sub{color:#555;margin:0 0 16px}\n"
    ".verdict{background:#f3f7fb;border-left:6px solid #0072B2;padding:4px 20px 12px;"
    "margin-top:20px}\n"
    ".verdict h2{border:0;margin-top:12px}\n"
    "ul.verdicts,ul.increments{list-style:none;padding:0}\n"
    ".verdicts li{font-size:18px;margin:10px 0}.increments li{margin:6px 0}\n"
    "li.win strong{color:#1a7a35}li.loss strong{color:#b42318}li.same strong{color:#333}\n"
    ".sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:8px;"
    "vertical-align:baseline}\n"
    ".srm{background:#b42318;color:#fff;padding:16px 20px;font-size:18px;margin:18px 0;"
    "border-radius:4px}\n"
    ".note{color:#555;font-size:14px}\n"
    ".health{border:1px solid #d0d5dd;border-radius:4px;padding:6px 14px;margin:14px 0;"
    "font-size:14px}\n"
    ".health ul{list-style:none;padding:0;margin:4px 0}.health li{margin:3px 0}\n"
    ".health li::before{content:'';display:inline-block;width:10px;height:10px;"
    "border-radius:50%;margin-right:8px;background:#98a2b3}\n"
    ".health li.ok::before{background:#1a7a35}.health li.bad::before{background:#b42318}\n"
    ".health li.bad{color:#b42318}.health .state{font-weight:600;margin-right:4px}\n"
    ".health.failed{border-color:#b42318;background:#fef3f2}\n"
    "li.void,li.void strong{color:#888 !important}\n"
    "table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:13px}\n"
    "th{text-align:left;background:#eef0f3;padding:6px 8px;font-weight:600}\n"
    "th.num{text-align:right}\n"
    "td{padding:5px 8px;border-bottom:1px solid #e6e8eb}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.up{color:#1a7a35;font-weight:600}td.down{color:#b42318;font-weight:600}\n"
    "td.arm{white-space:nowrap;font-weight:600}\n"
    "tr.all td{font-weight:600}p.finding{font-size:17px}p.finding.differs{font-weight:600}\n"
    ".ci{display:block;position:relative;height:10px;margin-top:4px;min-width:72px;"
    "background:#f2f4f7;border-radius:2px}\n"
    ".ci span{position:absolute;top:0;height:10px}\n"
    ".ci .ci-zero{width:1px;background:#667085}\n"
    ".ci .ci-range{top:3px;height:4px;border-radius:2px;background:#98a2b3}\n"
    "td.up .ci-range{background:#1a7a35}td.down .ci-range{background:#b42318}\n"
    ".ci .ci-point{width:3px;margin-left:-1px;background:#344054}\n"
    "td.hash{font-family:'DejaVu Sans Mono',monospace;font-size:12px;word-break:break-all}\n"
    "figure{margin:16px 0}figure img{max-width:100%;height:auto;border:1px solid #eee}\n"
    "figcaption{color:#555;font-size:14px}.files{white-space:nowrap;margin-left:8px}\n"
    "footer{margin-top:40px;font-size:13px;color:#444}footer h2{font-size:18px}\n"
    "code{font-family:'DejaVu Sans Mono',monospace;font-size:12px;word-break:break-all}\n"
    "a{color:#0060a0}\n"
    "@media (max-width:700px){main{padding:12px 12px 32px}h1{font-size:22px}"
    "h2{font-size:19px}.verdicts li{font-size:16px}.verdict{padding:4px 12px 8px}"
    "table{display:block;overflow-x:auto;max-width:100%;white-space:nowrap}"
    "td.hash{word-break:normal}}\n"
    "@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0;"
    "box-shadow:none}.files{display:none}a{color:inherit;text-decoration:none}"
    "section,figure,tr,li{break-inside:avoid}h2,h3{break-after:avoid}"
    "table{font-size:9pt}figure img{max-width:100%;border:0}"
    ".health,.verdict,.srm,th,.ci{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* "Measurement window 2026-01-05 to 2026-04-05 (90 days)", or with per-unit
   windows "Measurement window of 90 days from each household's eligible_date
   (2026-01-05 for a household without one)". */
static void window_text(const lk_experiment *exp, char *buf, size_t len)
{
    char start[16], end[16], noun[64];
    lk_date_format(exp->start, start);
    lk_date_format(exp->start + exp->window, end);
    if (!exp->window_from) {
        snprintf(buf, len, "Measurement window %s to %s (%d days)", start, end, exp->window);
        return;
    }
    lk_unit_singular(exp->unit, noun, sizeof(noun));
    snprintf(buf, len, "Measurement window of %d days from each %s's %s (%s for a %s "
             "without one)", exp->window, noun, exp->window_from, start, noun);
}

static void write_header(report *r)
{
    const lk_experiment *exp = r->exp;
    char window[512], units[64];
    window_text(exp, window, sizeof(window));
    double n = 0;
    const char *first = tbl_get(r->lift, 0, LIFT_METRIC);
    for (size_t i = 0; i < r->lift->nrows; i++) {
        size_t j = 0;
        while (j < i && strcmp(tbl_get(r->lift, j, LIFT_ARM), tbl_get(r->lift, i, LIFT_ARM)))
            j++;
        if (j == i && !strcmp(tbl_get(r->lift, i, LIFT_METRIC), first))
            n += tbl_num(r->lift, i, LIFT_N);
    }
    fmt_count(n, units, sizeof(units));
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          r->html);
    rep_html_esc(r->html, exp->name);
    fprintf(r->html, " &mdash; campaign report</title>\n<style>\n%s</style>\n</head>\n<body>\n"
                     "<main>\n", css);
    if (r->interim[0]) {
        fprintf(r->html, "<div class=\"srm\" role=\"alert\"><strong>%s</strong></div>\n",
                r->interim);
        fprintf(r->md, "**%s**\n\n", r->interim);
    }
    fputs("<h1>Campaign report: ", r->html);
    rep_html_esc(r->html, exp->name);
    fputs("</h1>\n<p class=\"sub\">", r->html);
    rep_html_esc(r->html, window);
    fputs(" &middot; target products ", r->html);
    fputs("# Campaign report: ", r->md);
    rep_md_esc(r->md, exp->name);
    fputs("\n\n", r->md);
    rep_md_esc(r->md, window);
    fputs(", target products ", r->md);
    for (size_t i = 0; i < exp->nproducts; i++) {
        fputs(i ? ", " : "", r->html);
        rep_html_esc(r->html, exp->products[i]);
        fputs(i ? ", " : "", r->md);
        rep_md_esc(r->md, exp->products[i]);
    }
    fprintf(r->html, " &middot; %s ", units);
    rep_html_esc(r->html, r->units);
    fprintf(r->html, " in %zu arms &middot; &alpha; = %g</p>\n", exp->narms, exp->alpha);
    fprintf(r->md, ", %s ", units);
    rep_md_esc(r->md, r->units);
    fprintf(r->md, " in %zu arms, alpha = %g.\n\n", exp->narms, exp->alpha);
}

void rep_write_documents(report *r)
{
    write_header(r);
    rep_write_health(r);
    rep_write_srm_warning(r);
    rep_write_warnings(r);
    rep_write_sequential_note(r);
    rep_write_verdicts(r);
    rep_write_lift_tables(r, 1);
    rep_write_roi_table(r);
    rep_section(r, "Response by arm");
    rep_write_chart(r, LK_PLOT_RATE, NULL,
                "Target response rate per arm (share of assigned units that opened a target "
                "product in the window), with confidence-interval bars.");
    rep_write_chart(r, LK_PLOT_FOREST, "Relative lift of each comparison",
                "Relative lift with its interval; the dashed line is no difference. An interval "
                "that crosses it is not significant.");
    fputs("</section>\n", r->html);
    rep_write_segments(r);
    if (r->charts[LK_PLOT_ACCRUAL])
        rep_chart_section(r, "How responses came in", LK_PLOT_ACCRUAL,
                          "Cumulative target response rate by days since the campaign started. "
                          "Arms that separate early and stay apart show a real difference; the "
                          "gap at the right end is the one in the tables.");
    if (r->charts[LK_PLOT_MIX]) {
        rep_section(r, "Attribution mix");
        rep_write_chart(r, LK_PLOT_MIX, NULL,
                    "Openings credited to an offer of the same product (direct), to an offer of "
                    "another product (halo), or to no offer (none: organic).");
        rep_write_mix_table(r);
        fputs("</section>\n", r->html);
    }
    rep_write_matrix(r);
    rep_write_contacts(r);
    rep_write_lift_tables(r, 0);
    rep_write_power(r);
    rep_write_model(r);
    write_audit(r);
    fputs("</main>\n</body>\n</html>\n", r->html);
}
