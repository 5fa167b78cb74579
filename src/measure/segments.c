/*
 * segments.c - the lift table per segment: sums by segment from units or
 * from a summary file, a table per segment glued after the whole
 * experiment's, the small-segment rule, Benjamini-Hochberg over segments
 * and Cochran's Q (docs/methods.md, "Segments").
 *
 * Each segment's block is lk_lift_compute_sums on that segment's sums, so
 * a segment's rows are what its units alone give; only then are rows with
 * too few units emptied (and their Holm family adjusted again without them).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/csv.h"
#include "liftkit/fdr.h"
#include "liftkit/lift.h"
#include "liftkit/segments.h"
#include "liftkit/stats.h"

#include "measure/lift_int.h"
#include "measure/segkey.h"
#include "util/exact.h"
#include "util/strmap.h"

lk_lift_sums *lk_lift_sums_new(size_t narms)
{
    lk_lift_sums *s = lift_sums_new(narms);
    if (s && lift_sums_exact(s)) {
        lk_lift_sums_free(s);
        return NULL;
    }
    return s;
}

void lk_lift_sums_add(lk_lift_sums *dst, const lk_lift_sums *src)
{
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        dst->present[m] |= src->present[m];
        for (size_t a = 0; a < dst->narms; a++) {
            lk_arm_sums *d = &dst->at[(size_t)m * dst->narms + a];
            const lk_arm_sums *x = &src->at[(size_t)m * src->narms + a];
            d->n += x->n;
            d->sum += x->sum;
            d->sumsq += x->sumsq;
            d->sum_x += x->sum_x;
            d->sum_x2 += x->sum_x2;
            d->sum_xy += x->sum_xy;
            for (int k = 0; dst->exact && src->exact && k < LK_LIFT_EXACT_SUMS; k++)
                lk_exact_merge(&dst->exact[((size_t)m * dst->narms + a) * LK_LIFT_EXACT_SUMS + k],
                               &src->exact[((size_t)m * src->narms + a) * LK_LIFT_EXACT_SUMS + k]);
        }
    }
    if (dst->exact && src->exact)
        lift_sums_settle(dst);
}

static lk_segment_sums *segment_sums_new(const char *const *by, size_t nby, size_t n,
                                         size_t narms)
{
    lk_segment_sums *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->nby = nby;
    s->n = n;
    s->by = calloc(nby ? nby : 1, sizeof(char *));
    s->label = calloc(n ? n : 1, sizeof(char *));
    s->at = calloc(n ? n : 1, sizeof(lk_lift_sums *));
    int ok = s->by && s->label && s->at;
    for (size_t i = 0; ok && i < nby; i++)
        ok = (s->by[i] = strdup(by[i])) != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = (s->at[i] = lk_lift_sums_new(narms)) != NULL;
    if (!ok) {
        lk_segment_sums_free(s);
        return NULL;
    }
    return s;
}

void lk_segment_sums_free(lk_segment_sums *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->by && i < s->nby; i++)
        free(s->by[i]);
    for (size_t i = 0; i < s->n; i++) {
        free(s->label ? s->label[i] : NULL);
        lk_lift_sums_free(s->at ? s->at[i] : NULL);
    }
    free(s->by);
    free(s->label);
    free(s->at);
    lk_lift_sums_free(s->all);
    free(s);
}

/* ---- from units ---- */

static void add_unit_sums(lk_lift_sums *s, const lk_units *u, size_t i)
{
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        double x = lk_units_metric(u, (lk_metric)m, i);
        size_t at = (size_t)m * s->narms + u->arm[i];
        s->at[at].n += 1;
        if (x != 0 && !isnan(x))
            lk_exact_add_moments(&s->exact[at * LK_LIFT_EXACT_SUMS],
                                 &s->exact[at * LK_LIFT_EXACT_SUMS + 1], x);
    }
}

int lk_segment_sums_from_units(lk_segment_sums **out, const lk_units *u,
                               const char *const *by, size_t nby, lk_error *err)
{
    if (!u->segment)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "the units were loaded without segments");
    lk_segment_sums *s = segment_sums_new(by, nby, u->nsegments, u->narms);
    int ok = s != NULL;
    for (size_t g = 0; ok && g < u->nsegments; g++) {
        ok = (s->label[g] = strdup(u->segment_labels[g])) != NULL;
        for (int m = 0; ok && m < LK_METRIC_COUNT; m++)
            s->at[g]->present[m] = lk_units_has_metric(u, (lk_metric)m);
    }
    for (size_t i = 0; ok && i < u->n; i++)
        add_unit_sums(s->at[u->segment[i]], u, i);
    for (size_t g = 0; ok && g < u->nsegments; g++)
        lift_sums_settle(s->at[g]);
    /* no covariate: segment tables have no CUPED rows, nor has (all) with them */
    int rc = ok ? lk_lift_sums_from_units(&s->all, u, NULL, err) : lk_error_nomem(err);
    if (rc) {
        lk_segment_sums_free(s);
        return rc;
    }
    *out = s;
    return LK_OK;
}

/* ---- from summary files ---- */

typedef struct sreader {
    const lk_experiment *exp;
    seg_keys keys;
    lk_lift_sums **at;          /* by code */
    unsigned long **seen;       /* by code: line of each arm and metric in its file */
    size_t *seen_file;          /* by code: 1 + the file seen refers to */
    size_t cap, file;
} sreader;

static void sreader_release(sreader *sr)
{
    for (size_t i = 0; i < seg_keys_count(&sr->keys); i++) {
        lk_lift_sums_free(sr->at[i]);
        free(sr->seen[i]);
    }
    free(sr->at);
    free(sr->seen);
    free(sr->seen_file);
    seg_keys_release(&sr->keys);
}

static int grow_array(void **p, size_t cap, size_t elem)
{
    void *q = realloc(*p, cap * elem);
    if (!q)
        return -1;
    *p = q;
    return 0;
}

/* Room for one more segment in sr's arrays (new slots empty); -1 out of memory. */
static int sreader_room(sreader *sr)
{
    size_t need = seg_keys_count(&sr->keys) + 1;
    if (need <= sr->cap)
        return 0;
    size_t cap = sr->cap ? 2 * sr->cap : 16;
    if (grow_array((void **)&sr->at, cap, sizeof(*sr->at)) ||
        grow_array((void **)&sr->seen, cap, sizeof(*sr->seen)) ||
        grow_array((void **)&sr->seen_file, cap, sizeof(*sr->seen_file)))
        return -1;
    for (size_t i = sr->cap; i < cap; i++) {
        sr->at[i] = NULL;
        sr->seen[i] = NULL;
        sr->seen_file[i] = 0;
    }
    sr->cap = cap;
    return 0;
}

/*
 * The sums of the row's segment, made when new, with the lines of its rows
 * in this file (a segment's rows of an earlier file are forgotten: partial
 * summaries add up); NULL when out of memory.
 */
static lk_lift_sums *sreader_segment(sreader *sr, const lk_csv_row *row, unsigned long **seen)
{
    if (sreader_room(sr))
        return NULL;
    uint32_t c = seg_keys_code(&sr->keys, row);
    if (c == LK_STRMAP_NONE)
        return NULL;
    size_t cells = LK_METRIC_COUNT * (sr->exp->narms ? sr->exp->narms : 1);
    if (!sr->at[c])
        sr->at[c] = lk_lift_sums_new(sr->exp->narms);
    if (!sr->seen[c])
        sr->seen[c] = calloc(cells, sizeof(unsigned long));
    if (!sr->at[c] || !sr->seen[c])
        return NULL;
    if (sr->seen_file[c] != sr->file + 1) {
        memset(sr->seen[c], 0, cells * sizeof(unsigned long));
        sr->seen_file[c] = sr->file + 1;
    }
    *seen = sr->seen[c];
    return sr->at[c];
}

/* Add a row into its segment's sums s; a repeat within the file is an error. */
static int sreader_add(sreader *sr, lk_csv_reader *r, const lk_csv_row *row, const int *col,
                       lk_lift_sums *s, unsigned long *seen, lk_error *err)
{
    int arm, m, has_x;
    lk_arm_sums one;
    int rc = lift_summary_parse(r, sr->exp, col, row, &arm, &m, &one, &has_x, err);
    if (rc)
        return rc;
    size_t at = (size_t)m * s->narms + (size_t)arm;
    if (seen[at])
        return lk_csv_field_error(r, row, col[1] >= 0 ? col[1] : col[0], err,
                                  "duplicate row for arm '%s' and metric '%s' in segment '%s' "
                                  "(first on line %lu)", sr->exp->arms[arm].name,
                                  lk_metric_name((lk_metric)m), sr->keys.buf, seen[at]);
    seen[at] = row->line;
    s->at[at].n += one.n;
    lift_summary_add_exact(col, row, s, at, 0);
    s->present[m] = 1;
    return LK_OK;
}

static int sreader_rows(sreader *sr, lk_csv_reader *r, const int *col, lk_error *err)
{
    lk_csv_row *row;
    int rc;
    while (!(rc = lk_csv_next(r, &row, err)) && row) {
        for (size_t c = 0; c < sr->keys.ncols; c++)
            if (lk_csv_get_nonempty(r, row, sr->keys.col[c], err))
                return LK_EDATA;
        unsigned long *seen;
        lk_lift_sums *s = sreader_segment(sr, row, &seen);
        if (!s)
            return lk_error_nomem(err);
        if ((rc = sreader_add(sr, r, row, col, s, seen, err)))
            return rc;
    }
    return rc;
}

/* One summary file into sr (its by columns found by name). */
static int sreader_file(sreader *sr, const char *path, const char *const *by, size_t nby,
                        lk_error *err)
{
    int col[LIFT_SUMMARY_NCOLS], bycol[LK_SEGMENT_COLUMNS];
    lk_csv_reader *r = NULL;
    int rc = lk_csv_open(&r, path, err);
    if (rc)
        return rc;
    rc = lift_summary_columns(r, col, err);
    if (!rc)
        rc = lk_csv_require(r, by, nby, bycol, err);
    if (!rc && !sr->keys.map && seg_keys_init(&sr->keys, bycol, nby))
        rc = lk_error_nomem(err);
    if (!rc)
        memcpy(sr->keys.col, bycol, nby * sizeof(int));
    if (!rc)
        rc = sreader_rows(sr, r, col, err);
    lk_csv_close(r);
    return rc;
}

/*
 * Every segment has the same metrics, and one n per arm across them (a
 * segment's missing arm has no units).
 */
static int sreader_check(const sreader *sr, lk_error *err)
{
    size_t n = seg_keys_count(&sr->keys), narms = sr->exp->narms;
    if (!n)
        return lk_error_set(err, LK_EDATA, NULL, 0, 0, "no rows: the summary is empty");
    for (size_t c = 0; c < n; c++) {
        const lk_lift_sums *s = sr->at[c];
        int first = -1;
        for (int m = 0; m < LK_METRIC_COUNT; m++) {
            if (s->present[m] != sr->at[0]->present[m])
                return lk_error_set(err, LK_EDATA, NULL, 0, 0,
                                    "metric '%s' has rows for segment '%s' but not for '%s'",
                                    lk_metric_name((lk_metric)m),
                                    seg_keys_label(&sr->keys, s->present[m] ? c : 0),
                                    seg_keys_label(&sr->keys, s->present[m] ? 0 : c));
            for (size_t a = 0; s->present[m] && first >= 0 && a < narms; a++)
                if (s->at[(size_t)m * narms + a].n != s->at[(size_t)first * narms + a].n)
                    return lk_error_set(err, LK_EDATA, NULL, 0, 0,
                                        "n of arm '%s' in segment '%s' differs between "
                                        "metrics '%s' and '%s'", sr->exp->arms[a].name,
                                        seg_keys_label(&sr->keys, c),
                                        lk_metric_name((lk_metric)first),
                                        lk_metric_name((lk_metric)m));
            if (s->present[m] && first < 0)
                first = m;
        }
    }
    return LK_OK;
}

/* The segments in label order into a new lk_segment_sums, the whole as their sum. */
static int sreader_finish(sreader *sr, const char *const *by, size_t nby,
                          lk_segment_sums **out)
{
    size_t n = seg_keys_count(&sr->keys);
    lk_segment_sums *s = segment_sums_new(by, nby, 0, sr->exp->narms);
    lk_lift_sums **at = calloc(n ? n : 1, sizeof(*at));
    uint32_t *order = NULL;
    if (s) {
        free(s->label);
        s->label = NULL;
    }
    if (!s || !at || !(s->all = lk_lift_sums_new(sr->exp->narms)) ||
        seg_keys_finish(&sr->keys, &s->label, &order)) {
        free(at);
        lk_segment_sums_free(s);
        return -1;
    }
    for (size_t c = 0; c < n; c++) {
        at[order[c]] = sr->at[c];
        sr->at[c] = NULL;
        lk_lift_sums_add(s->all, at[order[c]]);
    }
    free(order);
    free(s->at);
    s->at = at;
    s->n = n;
    *out = s;
    return 0;
}

int lk_segment_sums_read_many(lk_segment_sums **out, const lk_experiment *exp,
                              const char *const *paths, size_t npaths, const char *const *by,
                              size_t nby, lk_error *err)
{
    if (nby == 0 || nby > LK_SEGMENT_COLUMNS)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "from 1 to %d segment columns",
                            LK_SEGMENT_COLUMNS);
    if (npaths == 0)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "no summary files");
    sreader sr = {.exp = exp};
    int rc = LK_OK;
    for (size_t k = 0; !rc && k < npaths; k++) {
        sr.file = k;
        rc = sreader_file(&sr, paths[k], by, nby, err);
    }
    if (!rc)
        rc = sreader_check(&sr, err);
    if (!rc && sreader_finish(&sr, by, nby, out))
        rc = lk_error_nomem(err);
    sreader_release(&sr);
    return rc;
}

int lk_segment_sums_read(lk_segment_sums **out, const lk_experiment *exp, const char *path,
                         const char *const *by, size_t nby, lk_error *err)
{
    return lk_segment_sums_read_many(out, exp, &path, 1, by, nby, err);
}

/* ---- the table ---- */

static const char small_note[] = "fewer than min_segment_units units in an arm of the "
                                  "segment: counts and rates only";

static void clear_comparison(lk_lift_row *row)
{
    row->diff = row->diff_lo = row->diff_hi = NAN;
    row->lift = row->lift_lo = row->lift_hi = NAN;
    row->p_value = row->p_adjusted = NAN;
    row->prob_better = row->expected_loss = NAN;
    row->test = LK_TEST_NONE;
    row->note = small_note;
}

/* Holm again over each family of t (metric, baseline) without the emptied rows. */
static int readjust(lk_lift_table *t)
{
    double *p = malloc(2 * (t->nrows ? t->nrows : 1) * sizeof(double));
    size_t *idx = malloc((t->nrows ? t->nrows : 1) * sizeof(size_t));
    for (size_t i = 0; p && idx && i < t->nrows; i++) {
        const lk_lift_row *first = &t->rows[i];
        size_t k = 0;
        for (size_t j = 0; j < t->nrows; j++)
            if (t->rows[j].metric == first->metric && t->rows[j].vs == first->vs) {
                if (j < i)
                    break;      /* this family was adjusted at its first row */
                idx[k] = j;
                p[k++] = t->rows[j].p_value;
            }
        if (!k || idx[0] != i || first->vs < 0)
            continue;
        lk_holm(p, k, p + k);
        for (size_t j = 0; j < k; j++)
            t->rows[idx[j]].p_adjusted = p[k + j];
    }
    int ok = p && idx;
    free(p);
    free(idx);
    return ok ? 0 : -1;
}

/* Empty the comparisons of rows whose arm or baseline has too few units. */
static int small_rule(lk_lift_table *t, const lk_experiment *exp, const lk_lift_sums *s)
{
    int emptied = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        lk_lift_row *row = &t->rows[i];
        if (row->vs < 0)
            continue;
        const lk_arm_sums *at = &s->at[(size_t)row->metric * s->narms];
        if (at[row->arm].n < exp->min_segment_units || at[row->vs].n < exp->min_segment_units) {
            clear_comparison(row);
            emptied = 1;
        }
    }
    return emptied ? readjust(t) : 0;
}

/* Segment g's table into rows[0..per) of the glued table. */
static int segment_block(lk_lift_row *rows, size_t per, int g, const lk_experiment *exp,
                         const lk_lift_sums *s, lk_error *err)
{
    lk_lift_table *t;
    int rc = lk_lift_compute_sums(&t, exp, s, err);
    if (rc)
        return rc;
    if (t->nrows != per)
        rc = lk_error_set(err, LK_EDATA, NULL, 0, 0, "segment %d has other metrics", g);
    if (!rc && small_rule(t, exp, s))
        rc = lk_error_nomem(err);
    for (size_t i = 0; !rc && i < per; i++) {
        rows[i] = t->rows[i];
        rows[i].segment = g;
    }
    lk_lift_table_free(t);
    return rc;
}

/* p_fdr of every segment row: BH over the segments of each (all) row's comparison. */
static int adjust_fdr(lk_lift_table *t, size_t per, lk_error *err)
{
    size_t k = t->nsegments;
    double *p = malloc(2 * (k ? k : 1) * sizeof(double));
    if (!p)
        return lk_error_nomem(err);
    int rc = LK_OK;
    for (size_t j = 0; !rc && j < per; j++) {
        if (t->rows[j].vs < 0)
            continue;
        for (size_t g = 0; g < k; g++)
            p[g] = t->rows[per * (g + 1) + j].p_value;
        rc = lk_fdr_bh(p, k, p + k, err);
        for (size_t g = 0; !rc && g < k; g++)
            t->rows[per * (g + 1) + j].p_fdr = p[k + g];
    }
    free(p);
    return rc;
}

static int copy_labels(lk_lift_table *t, const lk_segment_sums *s)
{
    t->segmented = 1;
    t->segments = calloc(s->n ? s->n : 1, sizeof(char *));
    if (!t->segments)
        return -1;
    t->nsegments = s->n;
    for (size_t g = 0; g < s->n; g++)
        if (!(t->segments[g] = strdup(s->label[g])))
            return -1;
    return 0;
}

int lk_lift_compute_segments(lk_lift_table **out, const lk_experiment *exp,
                             const lk_segment_sums *s, lk_error *err)
{
    lk_lift_table *t;
    int rc = lk_lift_compute_sums(&t, exp, s->all, err);
    if (rc)
        return rc;
    size_t per = t->nrows;
    lk_lift_row *rows = realloc(t->rows, per * (s->n + 1) * sizeof(*rows) + 1);
    if (rows)
        t->rows = rows;
    if (!rows || copy_labels(t, s))
        rc = lk_error_nomem(err);
    for (size_t g = 0; !rc && g < s->n; g++)
        rc = segment_block(t->rows + per * (g + 1), per, (int)g, exp, s->at[g], err);
    if (!rc) {
        t->nrows = per * (s->n + 1);
        rc = adjust_fdr(t, per, err);
    }
    if (rc) {
        lk_lift_table_free(t);
        return rc;
    }
    *out = t;
    return LK_OK;
}

const char *lk_segment_display(const char *label, char *buf, size_t len)
{
    if (!len)
        return buf;
    if (!label)
        label = "(all)";
    size_t i = 0;
    for (; label[i] && i + 1 < len; i++)
        buf[i] = label[i] == LK_SEGMENT_SEP ? '/' : label[i];
    buf[i] = '\0';
    return buf;
}
