/*
 * lift_summary_read.c - per-arm sums from summary files made elsewhere (a
 * SQL GROUP BY, or partial summaries of partitions added row by row).
 *
 * A summary is taken as given: its sums are capped upstream, if at all.
 * Its optional covariate sums (sum_x, sum_x2, sum_xy) feed CUPED; its
 * optional unit column must name the experiment's unit, because sums over
 * customers of a household test understate the variance.  Every row is
 * checked on its own, then its sums are added exactly (util/exact.h), so
 * partial summaries give the same sums in any order; completeness, one n per arm across metrics and
 * covariate sums for every arm of a metric are checked on the totals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/lift.h"
#include "liftkit/units.h"

#include "measure/lift_int.h"
#include "util/exact.h"

enum { COL_ARM, COL_METRIC, COL_N, COL_SUM, COL_SUMSQ, COL_UNIT, COL_SUM_X, COL_SUM_X2,
       COL_SUM_XY, NCOLS };

static const char *const col_names[NCOLS] = {"arm", "metric", "n", "sum", "sumsq",
                                             "unit", "sum_x", "sum_x2", "sum_xy"};

/* The columns every long-form summary has; the others are optional. */
#define NREQUIRED 5

typedef struct summary_reader {
    lk_lift_sums *s;
    const lk_experiment *exp;
    const char *const *paths;
    size_t npaths;
    lift_cells cells;            /* [metric * narms + arm] */
    unsigned *x_rows, *rows;     /* rows of each cell with covariate sums, and in all */
    int all_have_unit;           /* every file has the unit column */
    lift_events_in events;       /* the rows event_<name> */
    size_t k;                    /* the file being read: paths[k], */
    lk_csv_reader *r;            /* read by r */
    int col[NCOLS];
} summary_reader;

static int is_whole(double v)
{
    return v == floor(v);
}

/* A path as the CSV reader names it in messages. */
static const char *shown(const char *path)
{
    return !path || !strcmp(path, "-") ? "<stdin>" : path;
}

/* The row's metric, or -1 after setting err. */
static int row_metric(summary_reader *sr, const lk_csv_row *row, lk_error *err)
{
    const int *col = sr->col;
    /* the short form (arm, n, responders) is target response alone */
    int m = col[COL_METRIC] < 0 ? LK_METRIC_RESPONSE_TARGET
                                : lk_metric_from_name(row->field[col[COL_METRIC]]);
    if (m < 0 && !strncmp(row->field[col[COL_METRIC]], "event_", 6))
        lk_csv_field_error(sr->r, row, col[COL_METRIC], err,
                           "event rows ('%s') are not read per segment: read the summary "
                           "without --by", row->field[col[COL_METRIC]]);
    else if (m < 0)
        lk_csv_field_error(sr->r, row, col[COL_METRIC], err,
                           "unknown metric '%s' (expected a metric of the lift table: "
                           "response_target, response_any, balance_target, balance_any, "
                           "products_opened, products_held_start, products_held_end, "
                           "single_product, funded_target or balance_target_90)",
                           row->field[col[COL_METRIC]]);
    return m;
}

/* sumsq of the row, checked against n and sum. */
static int read_sumsq(summary_reader *sr, const lk_csv_row *row, int binary, double n,
                      double sum, double *sumsq, lk_error *err)
{
    int c = sr->col[COL_SUMSQ];
    if (binary && (c < 0 || row->len[c] == 0)) {
        *sumsq = sum;
        return LK_OK;
    }
    if (lk_csv_get_double(sr->r, row, c, sumsq, err))
        return LK_EDATA;
    if (binary && *sumsq != sum)
        return lk_csv_field_error(sr->r, row, c, err,
                                  "sum of squares of a 0/1 metric must equal its sum, got '%s'",
                                  row->field[c]);
    if (*sumsq < 0 || (n > 0 && *sumsq * n < sum * sum * (1 - 1e-12)) ||
        (n == 0 && (sum != 0 || *sumsq != 0)))
        return lk_csv_field_error(sr->r, row, c, err,
                                  "sum of squares '%s' is impossible for n and sum",
                                  row->field[c]);
    return LK_OK;
}

/* n, sum and sumsq of the row, checked, in *out. */
static int read_counts(summary_reader *sr, const lk_csv_row *row, lk_metric m,
                       lk_arm_sums *out, lk_error *err)
{
    const int *col = sr->col;
    double n, sum, sumsq;
    if (lk_csv_get_double(sr->r, row, col[COL_N], &n, err) ||
        lk_csv_get_double(sr->r, row, col[COL_SUM], &sum, err))
        return LK_EDATA;
    if (n < 0 || !is_whole(n))
        return lk_csv_field_error(sr->r, row, col[COL_N], err,
                                  "n must be a whole number >= 0, got '%s'",
                                  row->field[col[COL_N]]);
    /* beyond 2^53 whole numbers are not all doubles, as for ROI summaries */
    if (n > 9007199254740992.0)
        return lk_csv_field_error(sr->r, row, col[COL_N], err,
                                  "n '%s' is too large: at most 2^53", row->field[col[COL_N]]);
    int binary = lk_metric_is_binary(m);
    if (binary && (sum < 0 || sum > n || !is_whole(sum)))
        return lk_csv_field_error(sr->r, row, col[COL_SUM], err,
                                  "responders must be a whole number between 0 and n, got '%s'",
                                  row->field[col[COL_SUM]]);
    if (!binary && sum < 0)
        return lk_csv_field_error(sr->r, row, col[COL_SUM], err,
                                  "sum must be >= 0, got '%s'", row->field[col[COL_SUM]]);
    if (read_sumsq(sr, row, binary, n, sum, &sumsq, err))
        return LK_EDATA;
    if (n == 0 && sum != 0)
        return lk_csv_field_error(sr->r, row, col[COL_SUM], err, "sum must be 0 when n is 0");
    out->n = n;
    out->sum = sum;
    out->sumsq = sumsq;
    return LK_OK;
}

/* The covariate sums of the row into *out, all three or none; *has says which. */
static int read_covariate(summary_reader *sr, const lk_csv_row *row, lk_arm_sums *out,
                          int *has, lk_error *err)
{
    const int *col = sr->col;
    int filled = 0;
    for (int c = COL_SUM_X; c <= COL_SUM_XY; c++)
        filled += col[c] >= 0 && row->len[col[c]] > 0;
    *has = filled == 3;
    if (filled == 0)
        return LK_OK;
    if (filled < 3) {
        int c = COL_SUM_X;
        while (col[c] >= 0 && row->len[col[c]] > 0)
            c++;
        return lk_csv_field_error(sr->r, row, col[c] >= 0 ? col[c] : col[COL_ARM], err,
                                  "sum_x, sum_x2 and sum_xy go together: '%s' is missing",
                                  col_names[c]);
    }
    if (lk_csv_get_double(sr->r, row, col[COL_SUM_X], &out->sum_x, err) ||
        lk_csv_get_double(sr->r, row, col[COL_SUM_X2], &out->sum_x2, err) ||
        lk_csv_get_double(sr->r, row, col[COL_SUM_XY], &out->sum_xy, err))
        return LK_EDATA;
    if (out->sum_x2 < 0 ||
        (out->n > 0 && out->sum_x2 * out->n < out->sum_x * out->sum_x * (1 - 1e-12)))
        return lk_csv_field_error(sr->r, row, col[COL_SUM_X2], err,
                                  "sum_x2 '%s' is impossible for n and sum_x",
                                  row->field[col[COL_SUM_X2]]);
    return LK_OK;
}

static int check_unit(summary_reader *sr, const lk_csv_row *row, lk_error *err)
{
    int c = sr->col[COL_UNIT];
    if (c < 0 || !strcmp(row->field[c], sr->exp->unit))
        return LK_OK;
    return lk_csv_field_error(sr->r, row, c, err,
                              "unit '%s' differs from the experiment's unit '%s': sums "
                              "over another unit misstate the variance",
                              row->field[c], sr->exp->unit);
}

/* A checked field's text into the exact sum e (an empty one is 0). */
static void add_field(lk_exact *e, const lk_csv_row *row, int c)
{
    if (c >= 0 && row->len[c] > 0)
        lk_exact_add_text(e, row->field[c], row->len[c]);
}

void lift_summary_add_exact(const int *col, const lk_csv_row *row, lk_lift_sums *s,
                            size_t at, int has_x)
{
    lk_exact *e = &s->exact[at * LK_LIFT_EXACT_SUMS];
    add_field(&e[0], row, col[COL_SUM]);
    int sq = col[COL_SUMSQ] >= 0 && row->len[col[COL_SUMSQ]] > 0 ? col[COL_SUMSQ] : col[COL_SUM];
    add_field(&e[1], row, sq);
    if (has_x) {
        add_field(&e[2], row, col[COL_SUM_X]);
        add_field(&e[3], row, col[COL_SUM_X2]);
        add_field(&e[4], row, col[COL_SUM_XY]);
    }
    /* a row without covariate sums leaves those of the cell as they were */
    lk_arm_sums *a = &s->at[at];
    a->sum = lk_exact_value(&e[0]);
    a->sumsq = lk_exact_value(&e[1]);
    if (has_x) {
        a->sum_x = lk_exact_value(&e[2]);
        a->sum_x2 = lk_exact_value(&e[3]);
        a->sum_xy = lk_exact_value(&e[4]);
    }
}

/*
 * The sums so far (one row's, or several files' added) are those of
 * amounts up to LK_AMOUNT_MAX: mean squares up to its square.  Then no
 * statistic, which squares variances, can overflow to infinity.
 */
static int check_range(summary_reader *sr, const lk_csv_row *row, const lk_arm_sums *a,
                       const char *arm, lk_metric m, lk_error *err)
{
    double most = a->n * LK_AMOUNT_MAX * LK_AMOUNT_MAX;
    if (a->sumsq <= most && a->sum_x2 <= most && fabs(a->sum_xy) <= most)
        return LK_OK;
    return lk_csv_field_error(sr->r, row, sr->col[a->sumsq <= most ? COL_SUM_X2 : COL_SUMSQ],
                              err,
                              "sums of arm '%s' and metric '%s' are too large: a mean square "
                              "is at most %g (amounts up to %g)",
                              arm, lk_metric_name(m), LK_AMOUNT_MAX * LK_AMOUNT_MAX,
                              LK_AMOUNT_MAX);
}

/* A row of metric event_<name>: a rate's counts, no covariate sums. */
static int read_event_row(summary_reader *sr, const lk_csv_row *row, int arm, lk_error *err)
{
    const int *col = sr->col;
    const char *metric = row->field[col[COL_METRIC]];
    if (!metric[6])
        return lk_csv_field_error(sr->r, row, col[COL_METRIC], err,
                                  "metric 'event_' names no event");
    lk_arm_sums one = {0};
    int has_x;
    if (check_unit(sr, row, err) ||
        read_counts(sr, row, LK_METRIC_RESPONSE_TARGET, &one, err) ||
        read_covariate(sr, row, &one, &has_x, err))
        return LK_EDATA;
    if (has_x)
        return lk_csv_field_error(sr->r, row, col[COL_SUM_X], err,
                                  "an event's row has no covariate sums: sum_x, sum_x2 and "
                                  "sum_xy must be empty");
    unsigned long first;
    int rc = lift_events_in_add(&sr->events, metric + 6, (size_t)arm, &one, row->line, sr->k,
                                &first);
    if (rc < 0)
        return lk_error_nomem(err);
    if (rc > 0)
        return lk_csv_field_error(sr->r, row, col[COL_METRIC], err,
                                  "duplicate row for arm '%s' and metric '%s' (first on "
                                  "line %lu)", sr->exp->arms[arm].name, metric, first);
    return LK_OK;
}

static int read_summary_row(summary_reader *sr, const lk_csv_row *row, lk_error *err)
{
    const int *col = sr->col;
    lk_lift_sums *s = sr->s;
    int arm = lk_experiment_arm_field(sr->exp, sr->r, row, sr->col[COL_ARM], err);
    if (arm < 0)
        return LK_EDATA;
    if (col[COL_METRIC] >= 0 && !strncmp(row->field[col[COL_METRIC]], "event_", 6))
        return read_event_row(sr, row, arm, err);
    int m = row_metric(sr, row, err);
    if (m < 0)
        return LK_EDATA;
    size_t at = (size_t)m * s->narms + (size_t)arm;
    unsigned long first = lift_cells_seen(&sr->cells, at);
    if (first)
        return lk_csv_field_error(sr->r, row, col[col[COL_METRIC] < 0 ? COL_ARM : COL_METRIC],
                                  err, "duplicate row for arm '%s' and metric '%s' (first on "
                                  "line %lu)", sr->exp->arms[arm].name,
                                  lk_metric_name((lk_metric)m), first);
    lk_arm_sums one = {0};
    int has_x;
    if (check_unit(sr, row, err) || read_counts(sr, row, (lk_metric)m, &one, err) ||
        read_covariate(sr, row, &one, &has_x, err))
        return LK_EDATA;
    /* the sums' doubles come from the exact sums; n is a whole number, exact as it is */
    s->at[at].n += one.n;
    lift_summary_add_exact(sr->col, row, s, at, has_x);
    if (check_range(sr, row, &s->at[at], sr->exp->arms[arm].name, (lk_metric)m, err))
        return LK_EDATA;
    s->present[m] = 1;
    lift_cells_mark(&sr->cells, at, row->line, sr->k);
    sr->rows[at]++;
    sr->x_rows[at] += (unsigned)has_x;
    return LK_OK;
}

/* Every arm of metric m has covariate sums in all its rows, or none has. */
static int check_covariate(summary_reader *sr, int m, lk_error *err)
{
    size_t first = (size_t)m * sr->s->narms;
    int all = 1, none = 1;
    for (size_t a = 0; a < sr->s->narms; a++) {
        all &= sr->x_rows[first + a] == sr->rows[first + a];
        none &= sr->x_rows[first + a] == 0;
    }
    if (!all && !none)
        return lk_error_set(err, LK_EDATA, sr->npaths > 1 ? NULL : shown(sr->paths[0]), 0, 0,
                            "metric '%s' has covariate sums (sum_x, sum_x2, sum_xy) in some "
                            "rows only", lk_metric_name((lk_metric)m));
    sr->s->has_x[m] = all && sr->x_rows[first] > 0;
    return LK_OK;
}

/*
 * Every present metric has every arm, with one n per arm across metrics
 * (after adding, when there are several files).
 */
static int check_summary(summary_reader *sr, lk_error *err)
{
    const lk_lift_sums *s = sr->s;
    int first = -1, several = sr->npaths > 1;
    const char *after = several ? " after adding the summaries" : "";
    for (int m = 0; m < LK_METRIC_COUNT; m++) {
        if (!s->present[m])
            continue;
        for (size_t a = 0; a < s->narms; a++) {
            size_t at = (size_t)m * s->narms + a;
            if (!sr->cells.line[at])
                return lk_error_set(err, LK_EDATA, several ? NULL : shown(sr->paths[0]), 0, 0,
                                    "no row for arm '%s' and metric '%s'%s",
                                    sr->exp->arms[a].name, lk_metric_name((lk_metric)m),
                                    several ? " in any of the summaries" : "");
            if (first >= 0 && s->at[at].n != s->at[(size_t)first * s->narms + a].n)
                return lk_error_set(err, LK_EDATA, shown(sr->paths[sr->cells.file[at]]),
                                    sr->cells.line[at], 3,
                                    "n of arm '%s' differs between metrics '%s' and '%s'%s",
                                    sr->exp->arms[a].name, lk_metric_name((lk_metric)first),
                                    lk_metric_name((lk_metric)m), after);
        }
        if (check_covariate(sr, m, err))
            return LK_EDATA;
        if (first < 0)
            first = m;
    }
    if (lift_events_in_check(&sr->events, sr->exp, s, first, sr->paths, sr->npaths, err))
        return LK_EDATA;
    if (first < 0)
        return lk_error_set(err, LK_EDATA, several ? NULL : shown(sr->paths[0]), 0, 0,
                            "no rows: the summary is empty");
    return LK_OK;
}

/* Find the columns of a summary file (the long form, or arm,n,responders). */
static int find_columns(summary_reader *sr, lk_error *err)
{
    static const char *const short_names[] = {"arm", "n", "responders"};
    int *col = sr->col;
    int rc;
    if (lk_csv_column(sr->r, "metric") < 0 && lk_csv_column(sr->r, "responders") >= 0) {
        int c[3];
        rc = lk_csv_require(sr->r, short_names, 3, c, err);
        col[COL_ARM] = c[0];
        col[COL_N] = c[1];
        col[COL_SUM] = c[2];
        col[COL_METRIC] = col[COL_SUMSQ] = -1;
    } else {
        rc = lk_csv_require(sr->r, col_names, NREQUIRED, col, err);
    }
    for (int c = NREQUIRED; c < NCOLS; c++)
        col[c] = lk_csv_column(sr->r, col_names[c]);
    sr->all_have_unit &= col[COL_UNIT] >= 0;
    return rc;
}

/* Add the rows of file k to the sums. */
static int add_summary_file(summary_reader *sr, size_t k, lk_error *err)
{
    int rc = lk_csv_open(&sr->r, sr->paths[k], err);
    if (rc)
        return rc;
    lift_cells_next_file(&sr->cells);
    lift_events_in_next_file(&sr->events);
    sr->k = k;
    rc = find_columns(sr, err);
    lk_csv_row *row;
    while (!rc && !(rc = lk_csv_next(sr->r, &row, err)) && row)
        rc = read_summary_row(sr, row, err);
    lk_csv_close(sr->r);
    return rc;
}

int lift_cells_grow(lift_cells *c, size_t n)
{
    size_t k = n ? n : 1;
    unsigned long *file_line = realloc(c->file_line, k * sizeof(*file_line));
    if (file_line)
        c->file_line = file_line;
    unsigned long *line = realloc(c->line, k * sizeof(*line));
    if (line)
        c->line = line;
    size_t *file = realloc(c->file, k * sizeof(*file));
    if (file)
        c->file = file;
    if (!file_line || !line || !file)
        return -1;
    for (size_t at = c->n; at < n; at++) {
        file_line[at] = line[at] = 0;
        file[at] = 0;
    }
    c->n = n;
    return 0;
}

void lift_cells_free(lift_cells *c)
{
    free(c->file_line);
    free(c->line);
    free(c->file);
    memset(c, 0, sizeof(*c));
}

void lift_cells_next_file(lift_cells *c)
{
    for (size_t at = 0; at < c->n; at++)
        c->file_line[at] = 0;
}

unsigned long lift_cells_seen(const lift_cells *c, size_t at)
{
    return c->file_line[at];
}

void lift_cells_mark(lift_cells *c, size_t at, unsigned long line, size_t file)
{
    c->file_line[at] = c->line[at] = line;
    c->file[at] = file;
}

static void reader_free(summary_reader *sr)
{
    lift_cells_free(&sr->cells);
    free(sr->rows);
    free(sr->x_rows);
    lift_events_in_free(&sr->events);
}

int lk_lift_sums_read_many(lk_lift_sums **out, const lk_experiment *exp,
                           const char *const *paths, size_t npaths, lk_error *err)
{
    size_t cells = LK_METRIC_COUNT * (exp->narms ? exp->narms : 1);
    summary_reader sr = {.exp = exp, .paths = paths, .npaths = npaths, .all_have_unit = 1,
                         .events = {.narms = exp->narms}};
    sr.s = lift_sums_new(exp->narms);
    if (sr.s && lift_sums_exact(sr.s)) {
        lk_lift_sums_free(sr.s);
        sr.s = NULL;
    }
    sr.rows = calloc(cells, sizeof(*sr.rows));
    sr.x_rows = calloc(cells, sizeof(*sr.x_rows));
    int rc = sr.s && !lift_cells_grow(&sr.cells, cells) && sr.rows && sr.x_rows
                 ? LK_OK : lk_error_nomem(err);
    if (!rc && npaths == 0)
        rc = lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "no summary files");
    for (size_t k = 0; !rc && k < npaths; k++)
        rc = add_summary_file(&sr, k, err);
    if (!rc)
        rc = check_summary(&sr, err);
    if (!rc && lift_events_in_move(&sr.events, sr.s))
        rc = lk_error_nomem(err);
    reader_free(&sr);
    if (rc) {
        lk_lift_sums_free(sr.s);
        return rc;
    }
    sr.s->has_unit = sr.all_have_unit;
    *out = sr.s;
    return LK_OK;
}

int lk_lift_sums_read(lk_lift_sums **out, const lk_experiment *exp, const char *path,
                      lk_error *err)
{
    return lk_lift_sums_read_many(out, exp, &path, 1, err);
}

int lift_summary_columns(lk_csv_reader *r, int *col, lk_error *err)
{
    summary_reader sr = {.r = r, .all_have_unit = 1};
    int rc = find_columns(&sr, err);
    memcpy(col, sr.col, sizeof(sr.col));
    return rc;
}

int lift_summary_parse(lk_csv_reader *r, const lk_experiment *exp, const int *col,
                       const lk_csv_row *row, int *arm, int *metric, lk_arm_sums *one,
                       int *has_x, lk_error *err)
{
    summary_reader sr = {.r = r, .exp = exp};
    memcpy(sr.col, col, sizeof(sr.col));
    *arm = lk_experiment_arm_field(exp, r, row, col[COL_ARM], err);
    if (*arm < 0)
        return LK_EDATA;
    *metric = row_metric(&sr, row, err);
    if (*metric < 0)
        return LK_EDATA;
    memset(one, 0, sizeof(*one));
    if (check_unit(&sr, row, err) || read_counts(&sr, row, (lk_metric)*metric, one, err) ||
        read_covariate(&sr, row, one, has_x, err))
        return LK_EDATA;
    return LK_OK;
}
