/*
 * plot_segments.c - the lift by segment (lift --by table): per comparison
 * the whole experiment's relative lift, a square, above each segment's, a
 * dot, with their intervals and the zero line, drawn as the lift forest.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/plot_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

#define SEG_MAX_ROWS 240

/* A segmented table's column: the lift table's, one to the right. */
#define SC(c) ((size_t)(1 + (c)))

typedef struct seg_chart {
    const tbl *t;
    const char *metric;
    armset arms;
    size_t ncmp;                   /* comparisons drawn */
    size_t first[MAX_SERIES];      /* each one's first row in t */
    int arm_of[MAX_SERIES];        /* its arm in arms */
    size_t k;                      /* rows drawn */
    size_t rows[SEG_MAX_ROWS];     /* their rows in t, comparison by comparison */
    size_t block[SEG_MAX_ROWS];    /* their comparison */
    size_t lw, rw;                 /* the widest label and text, in characters */
} seg_chart;

/* The metric: --metric, else response_target, else the first compared one. */
static const char *seg_metric(const plot_ctx *c, const tbl *t)
{
    if (c->opt->metric)
        return c->opt->metric;
    const char *first = NULL;
    for (size_t r = 0; r < t->nrows; r++) {
        if (!*tbl_get(t, r, SC(LIFT_VS)))
            continue;
        if (!strcmp(tbl_get(t, r, SC(LIFT_METRIC)), "response_target"))
            return "response_target";
        if (!first)
            first = tbl_get(t, r, SC(LIFT_METRIC));
    }
    return first ? first : "response_target";
}

static int same_comparison(const tbl *t, size_t a, size_t b)
{
    return !strcmp(tbl_get(t, a, SC(LIFT_ARM)), tbl_get(t, b, SC(LIFT_ARM))) &&
           !strcmp(tbl_get(t, a, SC(LIFT_VS)), tbl_get(t, b, SC(LIFT_VS)));
}

static int seg_wanted(const plot_ctx *c, const seg_chart *s, size_t r)
{
    const tbl *t = s->t;
    const char *vs = tbl_get(t, r, SC(LIFT_VS));
    return *vs && !strcmp(tbl_get(t, r, SC(LIFT_METRIC)), s->metric) &&
           (!c->opt->arm || !strcmp(c->opt->arm, tbl_get(t, r, SC(LIFT_ARM)))) &&
           (!c->opt->vs || !strcmp(c->opt->vs, vs));
}

/* The comparisons in order of first appearance, then every row of each. */
static int seg_select(plot_ctx *c, seg_chart *s, lk_error *err)
{
    const tbl *t = s->t;
    s->metric = seg_metric(c, t);
    armset_init(&s->arms, c->opt->exp);
    for (size_t r = 0; r < t->nrows; r++) {
        if (!seg_wanted(c, s, r))
            continue;
        size_t j = 0;
        while (j < s->ncmp && !same_comparison(t, s->first[j], r))
            j++;
        if (j < s->ncmp)
            continue;
        int a = plot_lift_arm(c, &s->arms, s->ncmp, r, SC(LIFT_ARM), err);
        if (a < 0)
            return err->code;
        s->arm_of[s->ncmp] = a;
        s->first[s->ncmp++] = r;
    }
    for (size_t j = 0; j < s->ncmp; j++)
        for (size_t r = 0; r < t->nrows; r++) {
            if (!seg_wanted(c, s, r) || !same_comparison(t, s->first[j], r))
                continue;
            if (s->k == SEG_MAX_ROWS)
                return lk_error_set(err, LK_EDATA, c->table_path, t->line[r], 0,
                                    "more than %d segment rows to draw; choose a comparison "
                                    "(--arm, --vs) or a metric", SEG_MAX_ROWS);
            s->block[s->k] = j;
            s->rows[s->k++] = r;
        }
    return s->k ? LK_OK : plot_no_lift(c, s->metric, err);
}

static int is_all(const tbl *t, size_t r)
{
    return !strcmp(tbl_get(t, r, LIFTSEG_SEGMENT), "(all)");
}

/* "+18.0%  (95% CI +5.1% to +32.2%, p (FDR) 0.031)"; the whole experiment's p is Holm's. */
static void seg_text(const void *chart, size_t i, const char *level, char *buf, size_t len)
{
    const seg_chart *s = chart;
    size_t r = s->rows[i];
    int all = is_all(s->t, r);
    plot_lift_text(s->t, r, SC(0), all ? "adj." : "(FDR)",
                   tbl_num(s->t, r, all ? SC(LIFT_P_ADJUSTED) : SC(LIFT_P_FDR)),
                   "n/a (too few units)", level, buf, len);
}

static void seg_label(const void *chart, size_t i, char *buf, size_t len)
{
    const seg_chart *s = chart;
    const tbl *t = s->t;
    size_t r = s->rows[i];
    if (s->ncmp > 1)
        snprintf(buf, len, "%s vs %s: %s", tbl_get(t, r, SC(LIFT_ARM)),
                 tbl_get(t, r, SC(LIFT_VS)), tbl_get(t, r, LIFTSEG_SEGMENT));
    else
        snprintf(buf, len, "%s", tbl_get(t, r, LIFTSEG_SEGMENT));
}

/* Row i's height: rows top down, a blank line between comparisons. */
static size_t seg_y(const void *chart, size_t i)
{
    const seg_chart *s = chart;
    return i + s->block[i];
}

static const char *seg_colour(const void *chart, size_t i)
{
    const seg_chart *s = chart;
    return is_all(s->t, s->rows[i]) ? "#222222" : "#444444";
}

static void seg_axes(plot_ctx *c, seg_chart *s, const lift_forest *f)
{
    plot_forest_axes(c, f, &s->lw, &s->rw);
    /* one comparison: a dotted line at its whole-experiment lift, to read the segments by */
    double all = s->ncmp == 1 ? tbl_num(s->t, s->first[0], SC(LIFT_LIFT)) * 100 : NAN;
    if (isfinite(all) && is_all(s->t, s->first[0]))
        fprintf(c->gp,
                "set arrow 2 from first %.6g, graph 0 to first %.6g, graph 1 nohead dt 3 lw 1.5 "
                "lc rgb '%s' back\n",
                all, all, armset_colour(&s->arms, (size_t)s->arm_of[0]));
    /* the title over the whole chart, not over the plot between the margins */
    fprintf(c->gp, "set title offset %d, 0\n", ((int)s->rw + 1 - (int)s->lw - 3) / 2);
}

/* The data rows, each with its height, comparison and label. */
static void seg_rows(plot_ctx *c, const seg_chart *s)
{
    static const int cells[] = {LIFTSEG_SEGMENT, 1 + LIFT_METRIC, 1 + LIFT_ARM, 1 + LIFT_VS,
                                1 + LIFT_LIFT, 1 + LIFT_LIFT_LO, 1 + LIFT_LIFT_HI,
                                1 + LIFT_P_FDR};
    for (size_t i = 0; i < s->k; i++) {
        char label[600];
        seg_label(s, i, label, sizeof(label));
        lk_csv_put_long(c->csv, (long long)seg_y(s, i));
        lk_csv_put_long(c->csv, (long long)s->block[i]);
        lk_csv_put_long(c->csv, is_all(s->t, s->rows[i]));
        plot_put_text(c, label);
        plot_copy_cells(c, s->rows[i], cells, 8);
        lk_csv_end_row(c->csv);
    }
}

static void seg_title(plot_ctx *c, const seg_chart *s)
{
    char what[512], in[256] = "";
    if (strcmp(s->metric, "response_target"))
        snprintf(in, sizeof(in), " in %s", s->metric);
    if (s->ncmp == 1)
        snprintf(what, sizeof(what), "%s vs %s: relative lift%s by segment, with %s",
                 tbl_get(s->t, s->first[0], SC(LIFT_ARM)),
                 tbl_get(s->t, s->first[0], SC(LIFT_VS)), in, c->level);
    else
        snprintf(what, sizeof(what), "Relative lift%s by segment, with %s", in, c->level);
    plot_set_title(c, what);
}

int plot_segments(plot_ctx *c, lk_error *err)
{
    seg_chart s = {.t = c->t};
    int rc = seg_select(c, &s, err);
    if (rc)
        return rc;
    seg_title(c, &s);
    static const char *const head[] = {"pos", "block", "all", "label", "segment", "metric",
                                       "arm", "vs", "lift", "lift_lo", "lift_hi", "p_fdr"};
    lk_csv_put_header(c->csv, head, 12);
    gp_preamble(c, NULL);
    lift_forest pf = {&s, s.rows, s.k, SC(0), seg_label, seg_text, seg_y, seg_colour};
    seg_axes(c, &s, &pf);
    plot_forest_labels(c, &pf);
    seg_rows(c, &s);
    size_t width = 560 + 9 * (s.lw + s.rw);
    gp_begin_outputs(c, width < 1200 ? 1200 : (int)width, 160 + 52 * (int)seg_y(&s, s.k - 1) + 52);
    fprintf(c->gp, "  plot \\\n");
    for (size_t j = 0; j < s.ncmp; j++)
        for (int all = 1; all >= 0; all--)
            fprintf(c->gp,
                    "    '%s.csv' skip 1 using (($2 == %zu && $3 == %d) ? $9 * 100 : 1/0):1:"
                    "($10 * 100):($11 * 100) with xerrorbars pt %d ps %s lw 2.5 lc rgb '%s'%s\n",
                    c->stem, j, all, all ? 5 : 7, all ? "2.0" : "1.5",
                    armset_colour(&s.arms, (size_t)s.arm_of[j]),
                    j + 1 < s.ncmp || all ? ", \\" : "");
    gp_end_outputs(c);
    return LK_OK;
}
