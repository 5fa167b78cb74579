/*
 * plot_mix.c - the attribution mix chart: openings credited direct, halo
 * or none, one panel by channel and one by product.
 */
#include <stdio.h>
#include <string.h>

#include "report/plot_int.h"
#include "tables/columns.h"

typedef struct mix_group {
    int by;                    /* 0 channel, 1 product */
    const char *key;
    double credit[3];          /* direct, halo, none */
} mix_group;

static const char *const mix_by[] = {"channel", "product"};
static const char *const mix_resp[] = {"direct", "halo", "none"};

static int mix_index(const char *s, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s, names[i]))
            return (int)i;
    return -1;
}

static int mix_collect(const tbl *t, const char *path, mix_group *g, size_t *ng, lk_error *err)
{
    *ng = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        int by = mix_index(tbl_get(t, r, MIX_BY), mix_by, 2);
        int resp = mix_index(tbl_get(t, r, MIX_RESPONSE), mix_resp, 3);
        if (by < 0)
            return lk_error_set(err, LK_EDATA, path, t->line[r], 0,
                                "invalid value '%.40s' in column 'by', expected channel or product",
                                tbl_get(t, r, MIX_BY));
        if (resp < 0)
            return lk_error_set(err, LK_EDATA, path, t->line[r], 0,
                                "invalid value '%.40s' in column 'response', expected direct, "
                                "halo or none",
                                tbl_get(t, r, MIX_RESPONSE));
        size_t i = 0;
        while (i < *ng && !(g[i].by == by && !strcmp(g[i].key, tbl_get(t, r, MIX_KEY))))
            i++;
        if (i == *ng) {
            if (*ng == MAX_SERIES)
                return lk_error_set(err, LK_EDATA, path, t->line[r], 0,
                                    "more than %d channels and products to draw", MAX_SERIES);
            g[i] = (mix_group){by, tbl_get(t, r, MIX_KEY), {0, 0, 0}};
            (*ng)++;
        }
        g[i].credit[resp] += tbl_num(t, r, MIX_CREDIT);
    }
    return LK_OK;
}

/* What the chart would reject, found before anything is written. */
int plot_mix_check(const tbl *t, const char *path, lk_error *err)
{
    mix_group g[MAX_SERIES];
    size_t ng;
    int rc = mix_collect(t, path, g, &ng, err);
    if (!rc && ng == 0)
        rc = lk_error_set(err, LK_EDATA, path, 0, 0, "no rows to draw");
    return rc;
}

static void mix_panel(plot_ctx *c, const mix_group *g, size_t ng, int by)
{
    size_t k = 0;
    fprintf(c->gp, "  set title '%s %s'\n  set xtics scale 0 (", "By", mix_by[by]);
    for (size_t i = 0; i < ng; i++) {
        if (g[i].by != by)
            continue;
        fprintf(c->gp, "%s", k ? ", " : "");
        int none = !*g[i].key || (by == 0 && !strcmp(g[i].key, "none"));
        gp_str(c->gp, none ? "(no offer)" : g[i].key);
        fprintf(c->gp, " %zu", k++);
    }
    fprintf(c->gp, ")\n  set xrange [-0.6:%zu.4]\n", k - 1);
    if (k > 4)
        fprintf(c->gp, "  set xtics rotate by 30 right\n");
    else
        fprintf(c->gp, "  set xtics norotate center\n");
    const char *sel = by ? "strcol(1) eq \"product\"" : "strcol(1) eq \"channel\"";
    fprintf(c->gp,
            "  plot 'mix.csv' skip 1 using (%s ? $2 : 1/0):7 with boxes lc rgb '#BDBDBD' "
            "title 'none (organic)', \\\n"
            "       'mix.csv' skip 1 using (%s ? $2 : 1/0):($4 + $5) with boxes lc rgb '#F4A582' "
            "title 'halo (other product)', \\\n"
            "       'mix.csv' skip 1 using (%s ? $2 : 1/0):4 with boxes lc rgb '#1B7837' "
            "title 'direct (offered product)'\n",
            sel, sel, sel);
}

int plot_mix(plot_ctx *c, lk_error *err)
{
    mix_group g[MAX_SERIES];
    size_t ng;
    int rc = mix_collect(c->t, c->table_path, g, &ng, err);
    if (!rc && ng == 0)
        rc = lk_error_set(err, LK_EDATA, c->table_path, 0, 0, "no rows to draw");
    if (rc)
        return rc;
    int has[2] = {0, 0};
    static const char *const head[] = {"by", "pos", "key", "direct", "halo", "none", "total"};
    lk_csv_put_header(c->csv, head, 7);
    for (int by = 0; by < 2; by++) {
        long pos = 0;
        for (size_t i = 0; i < ng; i++) {
            if (g[i].by != by)
                continue;
            has[by] = 1;
            lk_csv_put_str(c->csv, mix_by[by]);
            lk_csv_put_long(c->csv, pos++);
            plot_put_text(c, g[i].key);
            for (int k = 0; k < 3; k++)
                lk_csv_put_double(c->csv, g[i].credit[k], 12);
            lk_csv_put_double(c->csv, g[i].credit[0] + g[i].credit[1] + g[i].credit[2], 12);
            lk_csv_end_row(c->csv);
        }
    }
    plot_set_title(c, "Attribution mix: openings credited direct, halo or none");
    const char *title = c->opt->title ? c->opt->title : c->title;
    gp_preamble(c, "unset title\nset grid noxtics ytics\nset boxwidth 0.65\n"
                   "set ylabel 'Openings credited'\nset yrange [0:*]\n"
                   "set offsets 0, 0, graph 0.3, 0\n"
                   "set key top right box lc rgb '#cccccc' opaque\n");
    gp_begin_outputs(c, 1200, 600);
    fprintf(c->gp, "  set multiplot layout 1,%d title ", has[0] + has[1]);
    gp_str(c->gp, title);
    fprintf(c->gp, " font ',17'\n");
    for (int by = 0; by < 2; by++)
        if (has[by])
            mix_panel(c, g, ng, by);
    fprintf(c->gp, "  unset multiplot\n");
    gp_end_outputs(c);
    return LK_OK;
}
