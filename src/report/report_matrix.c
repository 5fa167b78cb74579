/*
 * report_matrix.c - the report's "Offer matrix" section: the heat map of
 * response rates by month, product and channel, and the matrix as a table
 * (offers, direct and halo responses, rate, cost per cell).
 */
#include <stdio.h>

#include "report/report_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

static void matrix_row(report *r, size_t i)
{
    const tbl *t = r->matrix;
    char a[64];
    fputs("<tr>", r->html);
    fputs("|", r->md);
    rep_td(r->html, r->md, NULL, tbl_get(t, i, MATRIX_MONTH));
    rep_td(r->html, r->md, NULL, tbl_get(t, i, MATRIX_PRODUCT));
    rep_td(r->html, r->md, NULL, tbl_get(t, i, MATRIX_CHANNEL));
    rep_td(r->html, r->md, "num", fmt_count(tbl_num(t, i, MATRIX_OFFERS), a, sizeof(a)));
    rep_td(r->html, r->md, "num", fmt_num(tbl_num(t, i, MATRIX_DIRECT), 1, a, sizeof(a)));
    rep_td(r->html, r->md, "num", fmt_num(tbl_num(t, i, MATRIX_HALO), 1, a, sizeof(a)));
    rep_td(r->html, r->md, "num", fmt_pct(tbl_num(t, i, MATRIX_RATE), 2, 0, a, sizeof(a)));
    rep_td(r->html, r->md, "num", rep_fmt_money(r, tbl_num(t, i, MATRIX_COST), 0, a, sizeof(a)));
    fputs("</tr>\n", r->html);
    fputc('\n', r->md);
}

void rep_write_matrix(report *r)
{
    const tbl *t = r->matrix;
    if (!t || !t->nrows)
        return;
    fputs("<section>\n<h2>Offer matrix</h2>\n", r->html);
    fputs("## Offer matrix\n\n", r->md);
    rep_write_chart(r, LK_PLOT_MATRIX, NULL,
                    "Response rate of the offers by month, offered product and channel: the "
                    "direct and halo responses credited to them, per offer.");
    fputs("<table class=\"matrix\">\n", r->html);
    const char *cols[] = {"Month", "Product", "Channel", "Offers", "Direct", "Halo",
                          "Response rate", "Cost"};
    rep_th(r->html, r->md, cols, "lllrrrrr");
    for (size_t i = 0; i < t->nrows; i++)
        matrix_row(r, i);
    fputs("</tbody></table>\n</section>\n", r->html);
    fputc('\n', r->md);
}
