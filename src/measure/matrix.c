/*
 * matrix.c - the offer matrix (matrix.h): a cell per month, product and
 * channel, found through a map of "month\x1fproduct\x1fchannel" keys; the
 * cells are sorted by their keys at the end, so the table reads month by
 * month whatever the order of the files.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_heapsort.h>

#include "liftkit/attribute.h"
#include "liftkit/csv.h"
#include "liftkit/date.h"
#include "liftkit/matrix.h"
#include "liftkit/roi.h"

#include "util/grow.h"
#include "util/lines.h"
#include "util/strmap.h"

/*
 * The cell of key "month\x1fproduct\x1fchannel" (month: the first 7
 * characters of a date, the names cut at 250 bytes) among *cells of size
 * bytes each, found through keys; *added says it is new (the caller fills
 * it, *n counts it).  NULL when out of memory.
 */
static void *cell_at(lk_strmap *keys, void **cells, size_t *cap, size_t *n, size_t size,
                     const char *month, const char *product, size_t plen,
                     const char *channel, size_t clen, int *added)
{
    char key[600];
    size_t kp = plen > 250 ? 250 : plen, kc = clen > 250 ? 250 : clen;
    memcpy(key, month, 7);
    key[7] = '\x1f';
    memcpy(key + 8, product, kp);
    key[8 + kp] = '\x1f';
    memcpy(key + 9 + kp, channel, kc);
    uint32_t k = lk_strmap_intern(keys, key, 9 + kp + kc, added);
    if (k == LK_STRMAP_NONE)
        return NULL;
    if (*added && lk_grow(cells, cap, (size_t)k + 1, size))
        return NULL;
    if (*added)
        *n = (size_t)k + 1;
    return (char *)*cells + (size_t)k * size;
}

/* The cell of (day's month, product, channel), added when new; NULL out of memory. */
static lk_matrix_cell *cell_of(lk_matrix *m, int32_t day, const char *product, size_t plen,
                               const char *channel, size_t clen)
{
    char date[11];
    lk_date_format(day, date);
    int added;
    lk_matrix_cell *c = cell_at(m->names, (void **)&m->cells, &m->cap, &m->n, sizeof(*c), date,
                                product, plen, channel, clen, &added);
    if (!c || !added)
        return c;
    memset(c, 0, sizeof(*c));
    memcpy(c->month, date, 7);
    uint32_t p = lk_strmap_intern(m->words, product, plen, NULL);
    uint32_t ch = lk_strmap_intern(m->words, channel, clen, NULL);
    if (p == LK_STRMAP_NONE || ch == LK_STRMAP_NONE)
        return NULL;
    c->product = lk_strmap_key(m->words, p);
    c->channel = lk_strmap_key(m->words, ch);
    return c;
}

enum { OF_PRODUCT, OF_CHANNEL, OF_DATE, OF_CUSTOMER, OF_OFFER, OF_NCOLS };

/* The checks of an offers row, its day and its cost. */
static int check_offer(const lk_experiment *exp, lk_csv_reader *r, const lk_csv_row *row,
                       const int *col, int cost_col, int32_t *day, double *cost, lk_error *err)
{
    for (int c = 0; c < OF_NCOLS; c++)
        if (lk_csv_get_nonempty(r, row, col[c], err))
            return LK_EDATA;
    if (lk_csv_get_date(r, row, col[OF_DATE], day, err) ||
        lk_roi_offer_cost(exp, r, row, cost_col, col[OF_CHANNEL], cost, err))
        return LK_EDATA;
    return LK_OK;
}

static int offer_row(lk_matrix *m, const lk_experiment *exp, lk_csv_reader *r,
                     const lk_csv_row *row, const int *col, int cost_col, lk_error *err)
{
    int32_t day;
    double cost;
    if (check_offer(exp, r, row, col, cost_col, &day, &cost, err))
        return LK_EDATA;
    lk_matrix_cell *c = cell_of(m, day, row->field[col[OF_PRODUCT]], row->len[col[OF_PRODUCT]],
                                row->field[col[OF_CHANNEL]], row->len[col[OF_CHANNEL]]);
    if (!c)
        return lk_error_nomem(err);
    c->offers++;
    c->cost += cost;
    return LK_OK;
}

static const char *const offer_columns[OF_NCOLS] = {"product", "channel", "offer_date",
                                                    "customer_id", "offer_id"};

static int read_offers(lk_matrix *m, const lk_experiment *exp, const char *path, lk_error *err)
{
    const char *const *names = offer_columns;
    lk_csv_reader *r = NULL;
    int col[OF_NCOLS];
    int rc = lk_csv_open(&r, path, err);
    if (!rc)
        rc = lk_csv_require(r, names, OF_NCOLS, col, err);
    int cost_col = r ? lk_csv_column(r, "cost") : -1;
    lk_csv_row *row;
    while (!rc && !(rc = lk_csv_next(r, &row, err)) && row)
        rc = offer_row(m, exp, r, row, col, cost_col, err);
    if (r)
        m->offers_rows = lk_csv_rows_read(r);
    lk_csv_close(r);
    return rc;
}

static int add_credit(lk_matrix *m, int32_t day, const char *product, size_t plen,
                      const char *channel, size_t clen, int direct, double credit)
{
    lk_matrix_cell *c = cell_of(m, day, product, plen, channel, clen);
    if (!c)
        return -1;
    *(direct ? &c->direct : &c->halo) += credit;
    return 0;
}

void lk_matrix_add_credit(void *matrix, const lk_attr_row *row)
{
    lk_matrix *m = matrix;
    if (row->response == LK_RESPONSE_NONE || m->nomem)
        return;
    if (add_credit(m, row->offer_date, row->offered_product, strlen(row->offered_product),
                   row->channel, strlen(row->channel), row->response == LK_RESPONSE_DIRECT,
                   row->credit))
        m->nomem = 1;
}

enum { AT_PRODUCT, AT_CHANNEL, AT_DATE, AT_RESPONSE, AT_CREDIT, AT_NCOLS };

static int credit_row(lk_matrix *m, lk_csv_reader *r, const lk_csv_row *row, const int *col,
                      lk_error *err)
{
    const char *resp = row->field[col[AT_RESPONSE]];
    if (!strcmp(resp, "none"))
        return LK_OK;
    int direct = !strcmp(resp, "direct");
    if (!direct && strcmp(resp, "halo"))
        return lk_csv_field_error(r, row, col[AT_RESPONSE], err,
                                  "unknown response '%.60s': expected direct, halo or none",
                                  resp);
    int32_t day;
    double credit;
    for (int c = 0; c < AT_NCOLS; c++)
        if (lk_csv_get_nonempty(r, row, col[c], err))
            return LK_EDATA;
    if (lk_csv_get_date(r, row, col[AT_DATE], &day, err) ||
        lk_csv_get_double(r, row, col[AT_CREDIT], &credit, err))
        return LK_EDATA;
    if (!(credit >= 0 && credit <= 1))
        return lk_csv_field_error(r, row, col[AT_CREDIT], err,
                                  "credit '%s' outside [0, 1]", row->field[col[AT_CREDIT]]);
    if (add_credit(m, day, row->field[col[AT_PRODUCT]], row->len[col[AT_PRODUCT]],
                   row->field[col[AT_CHANNEL]], row->len[col[AT_CHANNEL]], direct, credit))
        return lk_error_nomem(err);
    return LK_OK;
}

static int read_attribution(lk_matrix *m, const char *path, lk_error *err)
{
    static const char *const names[AT_NCOLS] = {"offered_product", "channel", "offer_date",
                                                 "response", "credit"};
    lk_csv_reader *r = NULL;
    int col[AT_NCOLS];
    int rc = lk_csv_open(&r, path, err);
    if (!rc)
        rc = lk_csv_require(r, names, AT_NCOLS, col, err);
    lk_csv_row *row;
    while (!rc && !(rc = lk_csv_next(r, &row, err)) && row)
        rc = credit_row(m, r, row, col, err);
    if (r)
        m->attribution_rows = lk_csv_rows_read(r);
    lk_csv_close(r);
    return rc;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The cells in key order (month, product, channel). */
static int sort_cells(lk_matrix *m)
{
    if (m->n < 2)
        return 0;
    const char **keys = malloc(m->n * sizeof(char *));
    size_t *order = malloc(m->n * sizeof(size_t));
    lk_matrix_cell *sorted = malloc(m->n * sizeof(lk_matrix_cell));
    int ok = keys && order && sorted;
    for (size_t i = 0; ok && i < m->n; i++)
        keys[i] = lk_strmap_key(m->names, (uint32_t)i);
    if (ok && gsl_heapsort_index(order, keys, m->n, sizeof(char *), by_key) == 0)
        for (size_t i = 0; i < m->n; i++)
            sorted[i] = m->cells[order[i]];
    if (ok)
        memcpy(m->cells, sorted, m->n * sizeof(lk_matrix_cell));
    free(keys);
    free(order);
    free(sorted);
    return ok ? 0 : -1;
}

lk_matrix *lk_matrix_new(void)
{
    /* read on every offer by both parts' threads: kept off their lines */
    lk_matrix *m = lk_lines_calloc(1, sizeof(*m));
    if (m && (!(m->names = lk_strmap_new(0)) || !(m->words = lk_strmap_new(0)))) {
        lk_matrix_free(m);
        return NULL;
    }
    return m;
}

int lk_matrix_add_offers(lk_matrix *m, const lk_experiment *exp, const char *offers_path,
                         lk_error *err)
{
    return read_offers(m, exp, offers_path, err);
}

/* ---- offers handed over row by row, in one or two parts ---- */

/* One part's offers of a cell, summed in file order. */
typedef struct part_cell {
    int32_t day;                /* an offer's day: the cell's month */
    uint32_t product, channel;  /* in the part's words */
    double offers, cost;
    double first_cost;          /* the cell's first offer's cost in the part */
    int same_cost;              /* every other one's equals it */
} part_cell;

/*
 * A part's cells found without building a key: the first FAST_NAMES
 * products and channels the part meets (names of up to FAST_LEN bytes,
 * matched whole) and FAST_MONTHS months around its first offer's, each
 * (product, channel, month) holding its cell's index + 1 (0: not met yet).
 * Anything else goes through the map of keys, as every first meeting does.
 */
#define FAST_NAMES 8
#define FAST_LEN 31
#define FAST_MONTHS 64

typedef struct fast_names {
    size_t n;
    unsigned char len[FAST_NAMES];
    char name[FAST_NAMES][FAST_LEN];
} fast_names;

typedef struct fast_cells {
    int base;                   /* the first slot's month (year * 12 + month); -1: none */
    fast_names products, channels;
    uint32_t cell[FAST_NAMES][FAST_NAMES][FAST_MONTHS];
} fast_cells;

typedef struct offer_part {
    LK_LINE_ALIGN lk_strmap *keys, *words;   /* parts on lines of their own */
    part_cell *cells;
    size_t n, cap;
    unsigned long rows;
    fast_cells fast;
} offer_part;

typedef struct offer_parts {
    const lk_experiment *exp;
    const char *path;
    int col[OF_NCOLS];
    int cost_col;
    offer_part part[2];
} offer_parts;

static void offer_parts_free(offer_parts *op)
{
    if (!op)
        return;
    for (int i = 0; i < 2; i++) {
        lk_strmap_free(op->part[i].keys);
        lk_strmap_free(op->part[i].words);
        free(op->part[i].cells);
    }
    free(op);
}

int lk_matrix_offers_begin(lk_matrix *m, const lk_experiment *exp, const char *offers_path,
                           lk_error *err)
{
    offer_parts *op = lk_lines_calloc(1, sizeof(*op));
    if (!op)
        return lk_error_nomem(err);
    op->exp = exp;
    op->path = offers_path;
    for (int i = 0; i < 2; i++)
        op->part[i].fast.base = -1;
    for (int i = 0; i < 2; i++)
        if (!(op->part[i].keys = lk_strmap_new(0)) || !(op->part[i].words = lk_strmap_new(0))) {
            offer_parts_free(op);
            return lk_error_nomem(err);
        }
    lk_csv_reader *r = NULL;
    int rc = lk_csv_open(&r, offers_path, err);
    if (!rc)
        rc = lk_csv_require(r, offer_columns, OF_NCOLS, op->col, err);
    op->cost_col = rc ? -1 : lk_csv_column(r, "cost");
    lk_csv_close(r);
    if (rc) {
        offer_parts_free(op);
        return rc;
    }
    m->parts = op;
    return LK_OK;
}

/* The part's cell of row (as cell_of's, the month from the date's text). */
static part_cell *part_cell_of(offer_part *p, const lk_csv_row *row, const int *col,
                               int32_t day)
{
    const char *prod = row->field[col[OF_PRODUCT]], *chan = row->field[col[OF_CHANNEL]];
    size_t plen = row->len[col[OF_PRODUCT]], clen = row->len[col[OF_CHANNEL]];
    int added;   /* a valid date: YYYY-MM-DD */
    part_cell *c = cell_at(p->keys, (void **)&p->cells, &p->cap, &p->n, sizeof(*c),
                           row->field[col[OF_DATE]], prod, plen, chan, clen, &added);
    if (!c || !added)
        return c;
    *c = (part_cell){.day = day, .same_cost = 1};
    c->product = lk_strmap_intern(p->words, prod, plen, NULL);
    c->channel = lk_strmap_intern(p->words, chan, clen, NULL);
    return c->product == LK_STRMAP_NONE || c->channel == LK_STRMAP_NONE ? NULL : c;
}

/* The month of a date's text "YYYY-MM..." as year * 12 + month, or -1
   when its first 7 characters are not in that form. */
static int month_of(const char *date, size_t len)
{
    static const char form[] = "DDDD-DD";
    int y = 0, mo = 0;
    if (len < 7)
        return -1;
    for (int i = 0; i < 7; i++) {
        int digit = date[i] >= '0' && date[i] <= '9';
        if (form[i] == 'D' ? !digit : date[i] != '-')
            return -1;
        if (i < 4)
            y = y * 10 + (date[i] - '0');
        else if (i > 4)
            mo = mo * 10 + (date[i] - '0');
    }
    return y * 12 + mo;
}

/* The slot of name[0..len) among f's names, added when there is room; -1 if none. */
static int fast_name(fast_names *f, const char *name, size_t len)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->len[i] == len && !memcmp(f->name[i], name, len))
            return (int)i;
    if (f->n == FAST_NAMES || len > FAST_LEN)
        return -1;
    memcpy(f->name[f->n], name, len);
    f->len[f->n] = (unsigned char)len;
    return (int)f->n++;
}

/* part_cell_of, through the part's slots when the row's names and month have one. */
static part_cell *fast_cell_of(offer_part *p, const lk_csv_row *row, const int *col,
                               int32_t day)
{
    fast_cells *f = &p->fast;
    int month = month_of(row->field[col[OF_DATE]], row->len[col[OF_DATE]]);
    if (month >= 0 && f->base < 0)
        f->base = month >= FAST_MONTHS / 2 ? month - FAST_MONTHS / 2 : 0;
    if (month < 0 || month < f->base || month - f->base >= FAST_MONTHS)
        return part_cell_of(p, row, col, day);
    int pi = fast_name(&f->products, row->field[col[OF_PRODUCT]], row->len[col[OF_PRODUCT]]);
    int ci = pi < 0 ? -1
                    : fast_name(&f->channels, row->field[col[OF_CHANNEL]],
                                row->len[col[OF_CHANNEL]]);
    if (ci < 0)
        return part_cell_of(p, row, col, day);
    uint32_t *slot = &f->cell[pi][ci][month - f->base];
    if (*slot)
        return &p->cells[*slot - 1];
    part_cell *c = part_cell_of(p, row, col, day);
    if (c)
        *slot = (uint32_t)(c - p->cells) + 1;
    return c;
}

int lk_matrix_offer_row(lk_matrix *m, int part, lk_csv_reader *r, const lk_csv_row *row,
                        lk_error *err)
{
    offer_parts *op = m->parts;
    int32_t day;
    double cost;
    if (check_offer(op->exp, r, row, op->col, op->cost_col, &day, &cost, err)) {
        op->part[part].rows++;
        return LK_EDATA;
    }
    return lk_matrix_offer_checked(m, part, row, day, cost, err);
}

int lk_matrix_offer_checked(lk_matrix *m, int part, const lk_csv_row *row, int32_t day,
                            double cost, lk_error *err)
{
    offer_parts *op = m->parts;
    offer_part *p = &op->part[part];
    p->rows++;
    part_cell *c = fast_cell_of(p, row, op->col, day);
    if (!c)
        return lk_error_nomem(err);
    if (c->offers == 0)
        c->first_cost = cost;
    else if (cost != c->first_cost)
        c->same_cost = 0;
    c->offers++;
    c->cost += cost;
    return LK_OK;
}

/*
 * Part i's cells into the matrix.  The first part's sums are the file's
 * first sums; the second part's cost goes on from there, its one cost
 * added once per offer as a read in file order adds it.
 */
static int add_part(lk_matrix *m, const offer_part *p, int i)
{
    for (size_t k = 0; k < p->n; k++) {
        const part_cell *pc = &p->cells[k];
        lk_matrix_cell *c = cell_of(m, pc->day, lk_strmap_key(p->words, pc->product),
                                    lk_strmap_key_len(p->words, pc->product),
                                    lk_strmap_key(p->words, pc->channel),
                                    lk_strmap_key_len(p->words, pc->channel));
        if (!c)
            return -1;
        c->offers += pc->offers;
        if (i == 0)
            c->cost += pc->cost;
        else
            for (double n = 0; n < pc->offers; n++)
                c->cost += pc->first_cost;
    }
    return 0;
}

int lk_matrix_offers_end(lk_matrix *m, int nparts, lk_error *err)
{
    offer_parts *op = m->parts;
    int rc = LK_OK, in_order = 1;
    for (size_t k = 0; nparts > 1 && k < op->part[1].n; k++)
        in_order &= op->part[1].cells[k].same_cost;
    if (!in_order) {
        rc = read_offers(m, op->exp, op->path, err);
    } else {
        for (int i = 0; !rc && i < nparts; i++)
            if (add_part(m, &op->part[i], i))
                rc = lk_error_nomem(err);
        m->offers_rows = op->part[0].rows + (nparts > 1 ? op->part[1].rows : 0);
    }
    offer_parts_free(op);
    m->parts = NULL;
    return rc;
}

int lk_matrix_finish(lk_matrix *m, lk_error *err)
{
    return m->nomem || sort_cells(m) ? lk_error_nomem(err) : LK_OK;
}

int lk_matrix_compute(lk_matrix **out, const lk_experiment *exp, const char *offers_path,
                      const char *attribution_path, lk_error *err)
{
    *out = NULL;
    lk_matrix *m = lk_matrix_new();
    int rc = m ? LK_OK : lk_error_nomem(err);
    if (!rc)
        rc = read_offers(m, exp, offers_path, err);
    if (!rc)
        rc = read_attribution(m, attribution_path, err);
    if (!rc)
        rc = lk_matrix_finish(m, err);
    if (rc) {
        lk_matrix_free(m);
        return rc;
    }
    *out = m;
    return LK_OK;
}

void lk_matrix_free(lk_matrix *m)
{
    if (!m)
        return;
    lk_strmap_free(m->names);
    lk_strmap_free(m->words);
    free(m->cells);
    offer_parts_free(m->parts);
    free(m);
}

double lk_matrix_rate(const lk_matrix_cell *c)
{
    return c->offers > 0 ? (c->direct + c->halo) / c->offers : NAN;
}
