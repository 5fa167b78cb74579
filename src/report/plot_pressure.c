/*
 * plot_pressure.c - the contact-pressure chart: for each number of
 * contacts per unit, the share of each arm's units that got that many,
 * as bars side by side (contacts --histogram).
 */
#include <stdio.h>
#include <stdlib.h>

#include "report/plot_int.h"
#include "tables/columns.h"

static const int pressure_cells[] = {PRESSURE_ARM, PRESSURE_CONTACTS, PRESSURE_UNITS,
                                     PRESSURE_SHARE};

static void pressure_script(plot_ctx *c, const armset *arms, const int *used, double xmax)
{
    size_t k = 0, left = 0;
    for (size_t a = 0; a < arms->n; a++)
        k += used[a];
    double w = 0.8 / (double)(k ? k : 1);
    gp_preamble(c);
    fprintf(c->gp, "set key top right box lc rgb '#cccccc' opaque\n"
                   "set grid noxtics ytics\nset style fill solid 0.85 noborder\n"
                   "set boxwidth %.4f absolute\n"
                   "set xlabel 'Contacts per unit'\nset ylabel 'Share of the arm''s units (%%)'\n"
                   "set xrange [-0.6:%.1f]\nset yrange [0:*]\nset xtics 1\n",
            w, xmax + 0.6);
    gp_begin_outputs(c, 1000, 600);
    fprintf(c->gp, "  plot \\\n");
    size_t at = 0;
    for (size_t a = 0; a < arms->n; a++) {
        if (!used[a])
            continue;
        double off = ((double)at++ - (double)(k - 1) / 2) * w;
        fprintf(c->gp, "    'pressure.csv' skip 1 using ($1 == %zu ? $3 + (%.4f) : 1/0):"
                       "($5 * 100) with boxes lc rgb '%s' title ",
                a, off, armset_colour(arms, a));
        gp_str(c->gp, arms->name[a]);
        fprintf(c->gp, "%s\n", ++left < k ? ", \\" : "");
    }
    gp_end_outputs(c);
}

int plot_pressure(plot_ctx *c, lk_error *err)
{
    const tbl *t = c->t;
    if (t->nrows == 0)
        return lk_error_set(err, LK_EDATA, c->table_path, 0, 0, "no rows to draw");
    armset arms;
    armset_init(&arms, c->opt->exp);
    int *arm_of = malloc(t->nrows * sizeof(*arm_of));
    if (!arm_of)
        return lk_error_nomem(err);
    int used[MAX_SERIES] = {0};
    double xmax = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        arm_of[r] = armset_add(&arms, tbl_get(t, r, PRESSURE_ARM), -1, c->table_path, err);
        if (arm_of[r] < 0) {
            free(arm_of);
            return LK_EDATA;
        }
        used[arm_of[r]] = 1;
        if (tbl_num(t, r, PRESSURE_CONTACTS) > xmax)
            xmax = tbl_num(t, r, PRESSURE_CONTACTS);
    }
    plot_set_title(c, "Contact pressure: units by contacts per unit");
    static const char *const head[] = {"arm_index", "arm", "contacts", "units", "share"};
    lk_csv_put_header(c->csv, head, 5);
    for (size_t a = 0; a < arms.n; a++)
        for (size_t r = 0; r < t->nrows; r++) {
            if (arm_of[r] != (int)a)
                continue;
            lk_csv_put_long(c->csv, (long long)a);
            plot_copy_cells(c, r, pressure_cells, 4);
            lk_csv_end_row(c->csv);
        }
    pressure_script(c, &arms, used, xmax);
    free(arm_of);
    return LK_OK;
}
