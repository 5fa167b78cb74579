/*
 * roi_summary.c - the ROI table's input from summary files made elsewhere
 * (a SQL GROUP BY, or partial summaries of partitions added row by row).
 *
 * A row is one arm's units of one unit value; rows of the same arm and
 * value from several files add up.  Every row is checked on its own, then
 * the rows are sorted by arm, value, file and line, so that equal keys
 * meet: within a file that is a duplicate, across files a sum.  With
 * segment columns (roi --summary --by) the key begins with the segment:
 * each segment's rows make its own sums, and the whole experiment's add
 * every segment's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_heapsort.h>

#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/roi.h"
#include "liftkit/segments.h"
#include "measure/segkey.h"
#include "util/grow.h"
#include "util/strmap.h"

enum { COL_ARM, COL_VALUE, COL_UNITS, COL_RESPONDERS, COL_CONTACTS, COL_COST, COL_UNIT,
       NCOLS };

static const char *const col_names[NCOLS] = {"arm", "value", "units", "responders",
                                             "contacts", "cost", "unit"};

#define NREQUIRED 6

/* A row as read, with where it was read. */
typedef struct read_row {
    lk_roi_cell cell;
    int arm;
    uint32_t seg;               /* the segment's code (its rank once all are read) */
    size_t file;
    unsigned long line;
} read_row;

typedef struct roi_reader {
    const lk_experiment *exp;
    lk_csv_reader *r;
    size_t file;
    int col[NCOLS];
    int all_have_unit;
    read_row *rows;
    size_t nrows, cap;
    const char *const *by;      /* segment columns, nby of them (none: 0) */
    size_t nby;
    seg_keys keys;
} roi_reader;

void lk_roi_sums_free(lk_roi_sums *s)
{
    if (!s)
        return;
    free(s->cells);
    free(s->start);
    free(s);
}

/* Column c of row as a whole number >= least, in *v. */
static int get_count(roi_reader *rr, const lk_csv_row *row, int c, double least, double *v,
                     lk_error *err)
{
    if (lk_csv_get_double(rr->r, row, c, v, err))
        return LK_EDATA;
    if (!(*v >= least) || *v != floor(*v))
        return lk_csv_field_error(rr->r, row, c, err, "%s must be a whole number >= %.0f, got '%s'",
                                  lk_csv_column_name(rr->r, (size_t)c), least, row->field[c]);
    /* beyond 2^53 whole numbers are not all doubles, and sums could overflow */
    if (*v > 9007199254740992.0)
        return lk_csv_field_error(rr->r, row, c, err, "%s '%s' is too large: at most 2^53",
                                  lk_csv_column_name(rr->r, (size_t)c), row->field[c]);
    return LK_OK;
}

/*
 * Column c of row as a number >= 0, in *v, at most LK_AMOUNT_MAX times per
 * (a unit's value: per 1; a cell's cost: per contact), so that adding rows
 * cannot overflow.
 */
static int get_amount(roi_reader *rr, const lk_csv_row *row, int c, double per, double *v,
                      lk_error *err)
{
    if (lk_csv_get_double(rr->r, row, c, v, err))
        return LK_EDATA;
    if (!(*v >= 0) || !isfinite(*v))
        return lk_csv_field_error(rr->r, row, c, err, "%s must be a number >= 0, got '%s'",
                                  lk_csv_column_name(rr->r, (size_t)c), row->field[c]);
    if (*v > LK_AMOUNT_MAX * (per > 1 ? per : 1))
        return lk_csv_field_error(rr->r, row, c, err,
                                  "%s '%s' is too large: at most %g%s, so that sums cannot "
                                  "overflow",
                                  lk_csv_column_name(rr->r, (size_t)c), row->field[c],
                                  LK_AMOUNT_MAX, per > 0 ? " a contact" : "");
    return LK_OK;
}

static int read_row_of(roi_reader *rr, const lk_csv_row *row, read_row *out, lk_error *err)
{
    const int *col = rr->col;
    lk_roi_cell *c = &out->cell;
    if ((out->arm = lk_experiment_arm_field(rr->exp, rr->r, row, col[COL_ARM], err)) < 0)
        return LK_EDATA;
    if (col[COL_UNIT] >= 0 && strcmp(row->field[col[COL_UNIT]], rr->exp->unit))
        return lk_csv_field_error(rr->r, row, col[COL_UNIT], err,
                                  "unit '%s' differs from the experiment's unit '%s'",
                                  row->field[col[COL_UNIT]], rr->exp->unit);
    if (get_amount(rr, row, col[COL_VALUE], 0, &c->value, err) ||
        get_count(rr, row, col[COL_UNITS], 1, &c->units, err) ||
        get_count(rr, row, col[COL_RESPONDERS], 0, &c->responders, err) ||
        get_count(rr, row, col[COL_CONTACTS], 0, &c->contacts, err) ||
        get_amount(rr, row, col[COL_COST], c->contacts, &c->cost, err))
        return LK_EDATA;
    if (c->responders > c->units)
        return lk_csv_field_error(rr->r, row, col[COL_RESPONDERS], err,
                                  "responders '%s' exceed units '%s'",
                                  row->field[col[COL_RESPONDERS]], row->field[col[COL_UNITS]]);
    out->file = rr->file;
    out->line = row->line;
    out->seg = 0;
    for (size_t k = 0; k < rr->nby; k++)
        if (lk_csv_get_nonempty(rr->r, row, rr->keys.col[k], err))
            return LK_EDATA;
    if (rr->nby && (out->seg = seg_keys_code(&rr->keys, row)) == LK_STRMAP_NONE)
        return lk_error_nomem(err);
    return LK_OK;
}

/* The file's segment columns into rr->keys (made on the first file). */
static int find_by(roi_reader *rr, lk_error *err)
{
    int col[SEG_MAX_COLS];
    if (rr->nby > SEG_MAX_COLS)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "at most %d segment columns",
                            SEG_MAX_COLS);
    if (lk_csv_require(rr->r, rr->by, rr->nby, col, err))
        return LK_EDATA;
    if (!rr->keys.map && seg_keys_init(&rr->keys, col, rr->nby))
        return lk_error_nomem(err);
    memcpy(rr->keys.col, col, rr->nby * sizeof(int));
    return LK_OK;
}

static int add_file(roi_reader *rr, const char *path, lk_error *err)
{
    int rc = lk_csv_open(&rr->r, path, err);
    if (rc)
        return rc;
    rc = lk_csv_require(rr->r, col_names, NREQUIRED, rr->col, err);
    if (!rc && rr->nby)
        rc = find_by(rr, err);
    rr->col[COL_UNIT] = lk_csv_column(rr->r, "unit");
    rr->all_have_unit &= rr->col[COL_UNIT] >= 0;
    lk_csv_row *row;
    while (!rc && !(rc = lk_csv_next(rr->r, &row, err)) && row) {
        if (lk_grow((void **)&rr->rows, &rr->cap, rr->nrows + 1, sizeof(read_row)))
            rc = lk_error_nomem(err);
        else if (!(rc = read_row_of(rr, row, &rr->rows[rr->nrows], err)))
            rr->nrows++;
    }
    lk_csv_close(rr->r);
    rr->r = NULL;
    return rc;
}

static int by_key(const void *pa, const void *pb)
{
    const read_row *a = pa, *b = pb;
    if (a->seg != b->seg)
        return a->seg < b->seg ? -1 : 1;
    if (a->arm != b->arm)
        return a->arm < b->arm ? -1 : 1;
    if (a->cell.value != b->cell.value)
        return a->cell.value < b->cell.value ? -1 : 1;
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

/*
 * The sorted rows[0..n) merged into s; a key twice in one file is an error
 * unless whole (the segments' rows added for the whole experiment).
 */
static int merge(lk_roi_sums *s, const read_row *rows, size_t n, const roi_reader *rr,
                 const char *const *paths, int whole, const char *segment, lk_error *err)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const read_row *x = &rows[i];
        const read_row *prev = i ? &rows[i - 1] : NULL;
        if (prev && prev->arm == x->arm && prev->cell.value == x->cell.value) {
            if (prev->file == x->file && !whole)
                return lk_error_set(err, LK_EDATA, paths[x->file], x->line, 0,
                                    "duplicate row for arm '%s' and value %.17g%s%s%s (first "
                                    "on line %lu)", rr->exp->arms[x->arm].name, x->cell.value,
                                    segment ? " in segment '" : "", segment ? segment : "",
                                    segment ? "'" : "", prev->line);
            lk_roi_cell *to = &s->cells[k - 1];
            to->units += x->cell.units;
            to->responders += x->cell.responders;
            to->contacts += x->cell.contacts;
            to->cost += x->cell.cost;
            continue;
        }
        s->cells[k++] = x->cell;
        s->start[x->arm + 1] = k;
    }
    for (size_t a = 1; a <= s->narms; a++)
        if (s->start[a] < s->start[a - 1])
            s->start[a] = s->start[a - 1];
    return LK_OK;
}

/* rows[0..n) (sorted by key) merged into a new *out (see merge). */
static int sums_of(lk_roi_sums **out, const read_row *rows, size_t n, const roi_reader *rr,
                   const char *const *paths, int whole, const char *segment, lk_error *err)
{
    lk_roi_sums *s = calloc(1, sizeof(*s));
    if (s) {
        s->narms = rr->exp->narms;
        s->cells = malloc((n + 1) * sizeof(*s->cells));
        s->start = calloc(s->narms + 1, sizeof(*s->start));
    }
    int rc = s && s->cells && s->start ? merge(s, rows, n, rr, paths, whole, segment, err)
                                       : lk_error_nomem(err);
    if (rc) {
        lk_roi_sums_free(s);
        return rc;
    }
    s->has_unit = rr->all_have_unit;
    *out = s;
    return LK_OK;
}

/*
 * Every file's rows into rr, sorted by key; with segment columns, each
 * row's segment code made its label's rank (*labels: the labels in order).
 */
static int read_all(roi_reader *rr, const char *const *paths, size_t npaths, char ***labels,
                    lk_error *err)
{
    if (npaths == 0)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "no summary files");
    int rc = LK_OK;
    for (size_t k = 0; !rc && k < npaths; k++) {
        rr->file = k;
        rc = add_file(rr, paths[k], err);
    }
    if (!rc && rr->nrows == 0)
        rc = lk_error_set(err, LK_EDATA, npaths > 1 ? NULL : paths[0], 0, 0,
                          "no rows: the ROI summary is empty");
    uint32_t *rank = NULL;
    if (!rc && rr->nby && seg_keys_finish(&rr->keys, labels, &rank))
        rc = lk_error_nomem(err);
    for (size_t i = 0; !rc && rank && i < rr->nrows; i++)
        rr->rows[i].seg = rank[rr->rows[i].seg];
    free(rank);
    if (!rc)
        gsl_heapsort(rr->rows, rr->nrows, sizeof(read_row), by_key);
    return rc;
}

int lk_roi_sums_read_many(lk_roi_sums **out, const lk_experiment *exp,
                          const char *const *paths, size_t npaths, lk_error *err)
{
    *out = NULL;
    roi_reader rr = {.exp = exp, .all_have_unit = 1};
    int rc = read_all(&rr, paths, npaths, NULL, err);
    if (!rc)
        rc = sums_of(out, rr.rows, rr.nrows, &rr, paths, 0, NULL, err);
    free(rr.rows);
    return rc;
}

void lk_roi_segment_sums_free(lk_roi_segment_sums *s)
{
    if (!s)
        return;
    lk_roi_sums_free(s->all);
    for (size_t g = 0; s->at && g < s->n; g++)
        lk_roi_sums_free(s->at[g]);
    if (s->label)
        seg_labels_free(s->label, s->n);
    free(s->at);
    free(s);
}

/* The sums of each segment (rows sorted by segment first), then of all. */
static int segment_sums(lk_roi_segment_sums *s, roi_reader *rr, const char *const *paths,
                        lk_error *err)
{
    s->at = calloc(s->n + 1, sizeof(*s->at));
    if (!s->at)
        return lk_error_nomem(err);
    int rc = LK_OK;
    for (size_t i = 0; !rc && i < rr->nrows;) {
        size_t j = i;
        while (j < rr->nrows && rr->rows[j].seg == rr->rows[i].seg)
            j++;
        uint32_t g = rr->rows[i].seg;
        rc = sums_of(&s->at[g], rr->rows + i, j - i, rr, paths, 0, s->label[g], err);
        i = j;
    }
    for (size_t i = 0; i < rr->nrows; i++)
        rr->rows[i].seg = 0;
    if (!rc)
        gsl_heapsort(rr->rows, rr->nrows, sizeof(read_row), by_key);
    return rc ? rc : sums_of(&s->all, rr->rows, rr->nrows, rr, paths, 1, NULL, err);
}

int lk_roi_segment_sums_read_many(lk_roi_segment_sums **out, const lk_experiment *exp,
                                  const char *const *paths, size_t npaths,
                                  const char *const *by, size_t nby, lk_error *err)
{
    *out = NULL;
    roi_reader rr = {.exp = exp, .all_have_unit = 1, .by = by, .nby = nby};
    lk_roi_segment_sums *s = calloc(1, sizeof(*s));
    int rc = s ? read_all(&rr, paths, npaths, &s->label, err) : lk_error_nomem(err);
    if (s && s->label)
        s->n = seg_keys_count(&rr.keys);
    if (!rc)
        rc = segment_sums(s, &rr, paths, err);
    if (rr.keys.map)
        seg_keys_release(&rr.keys);
    free(rr.rows);
    if (rc) {
        lk_roi_segment_sums_free(s);
        return rc;
    }
    s->has_unit = rr.all_have_unit;
    *out = s;
    return LK_OK;
}
