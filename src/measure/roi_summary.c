/*
 * roi_summary.c - the ROI table's input from summary files made elsewhere
 * (a SQL GROUP BY, or partial summaries of partitions added row by row).
 *
 * A row is one arm's units of one unit value; rows of the same arm and
 * value from several files add up.  Every row is checked on its own, then
 * the rows are sorted by arm, value, file and line, so that equal keys
 * meet: within a file that is a duplicate, across files a sum.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_heapsort.h>

#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/roi.h"
#include "util/grow.h"

enum { COL_ARM, COL_VALUE, COL_UNITS, COL_RESPONDERS, COL_CONTACTS, COL_COST, COL_UNIT,
       NCOLS };

static const char *const col_names[NCOLS] = {"arm", "value", "units", "responders",
                                             "contacts", "cost", "unit"};

#define NREQUIRED 6

/* A row as read, with where it was read. */
typedef struct read_row {
    lk_roi_cell cell;
    int arm;
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
    return LK_OK;
}

static int add_file(roi_reader *rr, const char *path, lk_error *err)
{
    int rc = lk_csv_open(&rr->r, path, err);
    if (rc)
        return rc;
    rc = lk_csv_require(rr->r, col_names, NREQUIRED, rr->col, err);
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
    if (a->arm != b->arm)
        return a->arm < b->arm ? -1 : 1;
    if (a->cell.value != b->cell.value)
        return a->cell.value < b->cell.value ? -1 : 1;
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* The sorted rows merged into s; a key twice in one file is an error. */
static int merge(lk_roi_sums *s, const roi_reader *rr, const char *const *paths,
                 lk_error *err)
{
    size_t k = 0;
    for (size_t i = 0; i < rr->nrows; i++) {
        const read_row *x = &rr->rows[i];
        const read_row *prev = i ? &rr->rows[i - 1] : NULL;
        if (prev && prev->arm == x->arm && prev->cell.value == x->cell.value) {
            if (prev->file == x->file)
                return lk_error_set(err, LK_EDATA, paths[x->file], x->line, 0,
                                    "duplicate row for arm '%s' and value %.17g (first on "
                                    "line %lu)", rr->exp->arms[x->arm].name, x->cell.value,
                                    prev->line);
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

int lk_roi_sums_read_many(lk_roi_sums **out, const lk_experiment *exp,
                          const char *const *paths, size_t npaths, lk_error *err)
{
    *out = NULL;
    roi_reader rr = {.exp = exp, .all_have_unit = 1};
    lk_roi_sums *s = calloc(1, sizeof(*s));
    int rc = s ? LK_OK : lk_error_nomem(err);
    if (!rc && npaths == 0)
        rc = lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "no summary files");
    for (size_t k = 0; !rc && k < npaths; k++) {
        rr.file = k;
        rc = add_file(&rr, paths[k], err);
    }
    if (!rc && rr.nrows == 0)
        rc = lk_error_set(err, LK_EDATA, npaths > 1 ? NULL : paths[0], 0, 0,
                          "no rows: the ROI summary is empty");
    if (!rc) {
        s->narms = exp->narms;
        s->cells = malloc(rr.nrows * sizeof(*s->cells));
        s->start = calloc(exp->narms + 1, sizeof(*s->start));
        rc = s->cells && s->start ? LK_OK : lk_error_nomem(err);
    }
    if (!rc) {
        gsl_heapsort(rr.rows, rr.nrows, sizeof(read_row), by_key);
        rc = merge(s, &rr, paths, err);
    }
    free(rr.rows);
    if (rc) {
        lk_roi_sums_free(s);
        return rc;
    }
    s->has_unit = rr.all_have_unit;
    *out = s;
    return LK_OK;
}
