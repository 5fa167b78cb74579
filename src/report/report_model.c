/*
 * report_model.c - the model comparison's conclusion in the verdict: which
 * score ranks uplift better, by how much (the Qini coefficient difference
 * and its bootstrap or delta-method interval), or that the test cannot
 * tell them apart.  A comparison table's resamples of 0 marks the delta
 * method (docs/formats.md), which the verdict then names.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

static char *signed_num(double x, char *buf, size_t len)
{
    char n[40];
    fmt_num(x, 3, n, sizeof(n));
    snprintf(buf, len, "%s%s", isfinite(x) && x >= 0 && n[0] != '-' ? "+" : "", n);
    return buf;
}

/* One comparison row as a sentence (without its full stop). */
static void conclusion(const report *r, size_t i, char *buf, size_t len)
{
    const tbl *t = r->compare;
    const char *a = tbl_get(t, i, COMPARE_SCORE), *b = tbl_get(t, i, COMPARE_VS),
               *better = tbl_get(t, i, COMPARE_BETTER);
    char d[48], lo[48], hi[48];
    signed_num(tbl_num(t, i, COMPARE_QINI_DIFF), d, sizeof(d));
    signed_num(tbl_num(t, i, COMPARE_QINI_DIFF_LO), lo, sizeof(lo));
    signed_num(tbl_num(t, i, COMPARE_QINI_DIFF_HI), hi, sizeof(hi));
    if (*better)
        snprintf(buf, len, "%s ranks uplift better than %s: Qini coefficient of %s minus %s %s, "
                 "%s %s to %s", better, !strcmp(better, a) ? b : a, a, b, d, r->level, lo, hi);
    else
        snprintf(buf, len, "no clear difference between %s and %s in ranking uplift: Qini "
                 "coefficient of %s minus %s %s, %s %s to %s", a, b, a, b, d, r->level, lo, hi);
}

/*
 * Whether some row's intervals are the delta method's rather than the
 * bootstrap's: no draws, yet an interval (a bootstrap that kept no draw
 * has none).
 */
static int delta_used(const tbl *t)
{
    for (size_t i = 0; i < t->nrows; i++)
        if (tbl_num(t, i, COMPARE_RESAMPLES) == 0 && isfinite(tbl_num(t, i, COMPARE_QINI_DIFF_LO)))
            return 1;
    return 0;
}

static const char delta_note[] =
    "With this many units these intervals come from the delta method (the normal "
    "approximation to the bootstrap distribution of the difference) rather than from "
    "resampling.";

void rep_write_model_verdict(report *r)
{
    const tbl *t = r->compare;
    if (!t || !t->nrows)
        return;
    fputs("<h3>Targeting models</h3>\n<ul class=\"models\">\n", r->html);
    fputs("\n**Targeting models:**\n\n", r->md);
    for (size_t i = 0; i < t->nrows; i++) {
        char text[768];
        conclusion(r, i, text, sizeof(text));
        text[0] = (char)(text[0] == 'n' ? 'N' : text[0]);
        fprintf(r->html, "<li class=\"%s\">", r->health.failed ? "void" : "model");
        rep_html_esc(r->html, text);
        fputs(".</li>\n", r->html);
        fputs("- ", r->md);
        rep_md_esc(r->md, text);
        fputs(".\n", r->md);
    }
    fputs("</ul>\n", r->html);
    if (delta_used(t)) {
        fprintf(r->html, "<p class=\"note\">%s</p>\n", delta_note);
        fprintf(r->md, "\n%s\n", delta_note);
    }
}
