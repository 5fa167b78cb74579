/*
 * plot_pressure.c - the contact-pressure chart: for each number of
 * contacts per unit, the share of each arm's units that got that many,
 * as bars side by side (contacts --histogram).
 */
#include <stdio.h>
#include <string.h>

#include "report/plot_int.h"
#include "tables/columns.h"

static const int pressure_cells[] = {PRESSURE_ARM, PRESSURE_CONTACTS, PRESSURE_UNITS,
                                     PRESSURE_SHARE};

static void pressure_script(plot_ctx *c, const armset *arms, const int *used, double xmax)
{
    char units[64];
    plot_unit_noun(c, 0, units, sizeof(units));
    size_t k = 0, left = 0;
    for (size_t a = 0; a < arms->n; a++)
        k += used[a];
    double w = 0.8 / (double)(k ? k : 1);
    gp_preamble(c, "set key top right box lc rgb '#cccccc' opaque\n"
                   "set grid noxtics ytics\nset style fill solid 0.85 noborder\n"
                   "set boxwidth %.4f absolute\n"
                   "set xlabel 'Contacts per %.*s'\nset ylabel 'Share of the arm''s %s (%%)'\n"
                   "set xrange [-0.6:%.1f]\nset yrange [0:*]\nset xtics 1\n",
                w, (int)strlen(units) - 1, units, units, xmax + 0.6);
    gp_begin_plot(c, 1000, 600);
    size_t at = 0;
    for (size_t a = 0; a < arms->n; a++) {
        if (!used[a])
            continue;
        double off = ((double)at++ - (double)(k - 1) / 2) * w;
        fprintf(c->gp, "    'pressure.csv' skip 1 using ($1 == %zu ? $3 + (%.4f) : 1/0):"
                       "($5 * 100) with boxes lc rgb '%s' title ",
                a, off, armset_colour(arms, a));
        gp_curve_title(c, arms->name[a], ++left < k);
    }
    gp_end_outputs(c);
}

int plot_pressure(plot_ctx *c, lk_error *err)
{
    armset arms;
    int used[MAX_SERIES] = {0};
    int rc = plot_rows_by_arm(c, pressure_cells, 4, &arms, used, err);
    if (rc)
        return rc;
    double xmax = 0;
    for (size_t r = 0; r < c->t->nrows; r++)
        if (tbl_num(c->t, r, PRESSURE_CONTACTS) > xmax)
            xmax = tbl_num(c->t, r, PRESSURE_CONTACTS);
    char units[64], title[160];
    plot_unit_noun(c, 0, units, sizeof(units));
    snprintf(title, sizeof(title), "Contact pressure: %s by contacts per %.*s", units,
             (int)strlen(units) - 1, units);
    plot_set_title(c, title);
    pressure_script(c, &arms, used, xmax);
    return LK_OK;
}
