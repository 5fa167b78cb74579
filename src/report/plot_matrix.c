/*
 * plot_matrix.c - the offer matrix as a heat map: months across, one row
 * per product and channel, each cell coloured by its response rate and
 * labelled with it (liftkit matrix).  Cells are boxes, so a month without
 * offers of a product on a channel stays blank.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/plot_int.h"
#include "tables/columns.h"

typedef struct axes {
    series months, rows;       /* distinct months; distinct "product / channel" */
    char rowname[MAX_SERIES][160];
} axes;

/* The row label of table row r: "product / channel". */
static void row_label(const tbl *t, size_t r, char *buf, size_t len)
{
    snprintf(buf, len, "%.70s / %.70s", tbl_get(t, r, MATRIX_PRODUCT),
             tbl_get(t, r, MATRIX_CHANNEL));
}

static int collect(const plot_ctx *c, axes *ax, int *x, int *y, lk_error *err)
{
    const tbl *t = c->t;
    for (size_t r = 0; r < t->nrows; r++) {
        char label[160];
        row_label(t, r, label, sizeof(label));
        size_t k = 0;
        while (k < ax->rows.n && strcmp(ax->rowname[k], label))
            k++;
        if (k == ax->rows.n) {
            if (k == MAX_SERIES)
                return lk_error_set(err, LK_EDATA, c->table_path, t->line[r], 0,
                                    "more than %d products and channels to draw", MAX_SERIES);
            memcpy(ax->rowname[k], label, sizeof(label));
            ax->rows.name[ax->rows.n++] = ax->rowname[k];
        }
        y[r] = (int)k;
        x[r] = series_add(&ax->months, tbl_get(t, r, MATRIX_MONTH), c->table_path, err);
        if (x[r] < 0)
            return LK_EDATA;
    }
    return LK_OK;
}

static void tics(FILE *gp, const char *axis, const series *s)
{
    fprintf(gp, "set %s (", axis);
    for (size_t i = 0; i < s->n; i++) {
        fputs(i ? ", " : "", gp);
        gp_str(gp, s->name[i]);
        fprintf(gp, " %zu", i);
    }
    fputs(")\n", gp);
}

static void matrix_script(plot_ctx *c, const axes *ax)
{
    gp_preamble(c, NULL);
    tics(c->gp, "xtics", &ax->months);
    tics(c->gp, "ytics", &ax->rows);
    fprintf(c->gp, "set xrange [-0.5:%.1f]\nset yrange [%.1f:-0.5]\nunset key\n"
                   "set palette defined (0 '#f7fbff', 1 '#9ecae1', 2 '#4292c6')\n"
                   "set cblabel 'Response rate (%%)'\nset cbrange [0:*]\n"
                   "set style fill solid 1.0 noborder\nset xlabel 'Month of the offer'\n",
            (double)ax->months.n - 0.5, (double)ax->rows.n - 0.5);
    gp_begin_outputs(c, 1000, 200 + 40 * (int)ax->rows.n);
    fputs("  plot 'matrix.csv' skip 1 using 1:2:(0.5):(0.5):($9 * 100) "
          "with boxxyerror lc palette, \\\n"
          "    '' skip 1 using 1:2:(sprintf('%.1f%%', $9 * 100)) with labels\n", c->gp);
    gp_end_outputs(c);
}

int plot_matrix(plot_ctx *c, lk_error *err)
{
    static const int cells[] = {MATRIX_MONTH, MATRIX_PRODUCT, MATRIX_CHANNEL, MATRIX_OFFERS,
                                MATRIX_DIRECT, MATRIX_HALO, MATRIX_RATE};
    const tbl *t = c->t;
    if (t->nrows == 0)
        return lk_error_set(err, LK_EDATA, c->table_path, 0, 0, "no rows to draw");
    axes ax;
    memset(&ax, 0, sizeof(ax));
    int x[4096], y[4096];
    if (t->nrows > 4096)
        return lk_error_set(err, LK_EDATA, c->table_path, 0, 0, "more than 4096 cells to draw");
    int rc = collect(c, &ax, x, y, err);
    if (rc)
        return rc;
    plot_set_title(c, "Offer matrix: response rate by month, product and channel");
    static const char *const head[] = {"x", "y", "month", "product", "channel", "offers",
                                       "direct", "halo", "response_rate"};
    lk_csv_put_header(c->csv, head, 9);
    for (size_t r = 0; r < t->nrows; r++) {
        if (!isfinite(tbl_num(t, r, MATRIX_RATE)))
            continue;   /* credit without offers: nothing to colour */
        lk_csv_put_long(c->csv, x[r]);
        lk_csv_put_long(c->csv, y[r]);
        plot_copy_cells(c, r, cells, 7);
        lk_csv_end_row(c->csv);
    }
    matrix_script(c, &ax);
    return LK_OK;
}
