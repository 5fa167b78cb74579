/*
 * roi.c - return on marketing investment per treated arm against the
 * control: cost from offers.csv, incremental value from the units, and a
 * percentile bootstrap interval for ROMI.
 *
 * The bootstrap resamples units within each arm.  A resample's mean only
 * depends on how often each distinct value is drawn, and those counts are
 * multinomial with the values' frequencies as probabilities; unit values
 * repeat heavily (most units open nothing), so drawing the counts with
 * gsl_ran_multinomial gives the same distribution as drawing n units, in
 * time proportional to the distinct values.  Samples with many distinct
 * values are resampled unit by unit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/roi.h"
#include "liftkit/units.h"

#include "io/id_index.h"
#include "util/lines.h"
#include "io/parts.h"
#include "measure/roi_int.h"
#include "measure/units_find.h"
#include "util/grow.h"
#include "util/strmap.h"

void lk_roi_options_init(lk_roi_options *opt)
{
    *opt = (lk_roi_options){.seed = LK_ROI_DEFAULT_SEED,
                            .resamples = LK_ROI_DEFAULT_RESAMPLES};
}

/* ---- costs from offers.csv ---- */

enum { OF_CUSTOMER, OF_OFFER, OF_PRODUCT, OF_CHANNEL, OF_DATE, OF_NCOLS };

void lk_roi_costs_free(lk_roi_costs *c)
{
    if (!c)
        return;
    free(c->segment_contacts);
    free(c->segment_cost);
    free(c->contacts);
    free(c->cost);
    free(c);
}

int lk_roi_offer_cost(const lk_experiment *exp, lk_csv_reader *r, const lk_csv_row *row,
                      int cost_col, int channel_col, double *cost, lk_error *err)
{
    if (cost_col >= 0 && row->len[cost_col] > 0) {
        if (lk_csv_get_amount(r, row, cost_col, cost, err))
            return LK_EDATA;
        if (*cost < 0)
            return lk_csv_field_error(r, row, cost_col, err, "negative cost '%s'",
                                      row->field[cost_col]);
        return LK_OK;
    }
    if (lk_settings_get(&exp->cost, row->field[channel_col], cost) == 0)
        return LK_OK;
    return lk_csv_field_error(r, row, channel_col, err,
                              "no cost for channel '%s': add it to [cost] in the experiment "
                              "file or give offers.csv a 'cost' column",
                              row->field[channel_col]);
}

/*
 * One reader of offers.csv: the whole file, or one of its two halves on
 * a thread of its own (the map of customers is only read).
 */
typedef struct offer_part {
    LK_LINE_ALIGN const lk_experiment *exp;   /* parts on lines of their own */
    const lk_units *u;
    lk_csv_reader *r;
    const int *col;
    int cost_col;
    lk_rejects *rejects;
    double *contacts, *cost;    /* per arm; cost summed with Neumaier's */
    double *cost_c;             /* compensation, so the sum hardly depends on the order */
    double *seg_contacts, *seg_cost, *seg_cost_c;  /* the same per segment and arm, when
                                   u has segments: [segment * (narms + 1) + arm] */
    size_t hint;                /* where the last customer was found (units_find.h) */
    unsigned long rows;         /* rows handed over (lk_roi_costs_row) */
    lk_id_check ids;            /* offer ids are unique (a map where the file
                                   cannot be read again, or with rejects) */
    unsigned long rejected;
    int keep;                   /* keep the rows' units and costs rather than sum
                                   them, to be summed after another part's */
    struct kept_offer { uint32_t unit; double cost; } *kept;
    size_t nkept, kept_cap;
    int rc;
    lk_error err;
} offer_part;

/* *sum += x, keeping the rounding error in *c (Neumaier's compensated sum). */
static void add_compensated(double *sum, double *c, double x)
{
    double t = *sum + x;
    *c += fabs(*sum) >= fabs(x) ? (*sum - t) + x : (x - t) + *sum;
    *sum = t;
}

/* An offer to unit of this cost into p's sums. */
static void add_offer(offer_part *p, uint32_t unit, double cost)
{
    size_t arm = p->u->arm[unit];
    p->contacts[arm] += 1;
    add_compensated(&p->cost[arm], &p->cost_c[arm], cost);
    if (p->seg_contacts) {
        size_t k = p->u->segment[unit] * (p->u->narms + 1) + arm;
        p->seg_contacts[k] += 1;
        add_compensated(&p->seg_cost[k], &p->seg_cost_c[k], cost);
    }
}

/* The same offer kept, to be added in its turn (p->keep). */
static int keep_offer(offer_part *p, uint32_t unit, double cost, lk_error *err)
{
    if (lk_grow((void **)&p->kept, &p->kept_cap, p->nkept + 1, sizeof(*p->kept)))
        return lk_error_nomem(err);
    p->kept[p->nkept++] = (struct kept_offer){unit, cost};
    return LK_OK;
}

/* One row into p's sums; *day and *cost are the row's, as checked. */
static int read_offer(offer_part *p, const lk_csv_row *row, int32_t *day_out, double *cost_out,
                      lk_error *err)
{
    const int *col = p->col;
    lk_csv_reader *r = p->r;
    int32_t day;
    double cost;
    for (int i = 0; i < OF_NCOLS; i++)
        if (lk_csv_get_nonempty(r, row, col[i], err))
            return LK_EDATA;
    uint32_t unit = lk_units_find_customer(p->u, row->field[col[OF_CUSTOMER]],
                                           row->len[col[OF_CUSTOMER]], &p->hint);
    if (unit == LK_STRMAP_NONE)
        return lk_csv_field_error(r, row, col[OF_CUSTOMER], err,
                                  "customer '%s' is not in the assignments",
                                  row->field[col[OF_CUSTOMER]]);
    if (lk_csv_get_date(r, row, col[OF_DATE], &day, err) ||
        lk_roi_offer_cost(p->exp, r, row, p->cost_col, col[OF_CHANNEL], &cost, err))
        return LK_EDATA;
    unsigned long first;
    if (lk_id_check_row(&p->ids, r, row, col[OF_OFFER], "offer_id", &first, err))
        return LK_EDATA;
    *day_out = day;
    *cost_out = cost;
    if (p->u->has_as_of && day > p->u->as_of)
        return LK_OK;   /* an interim read: this offer is not made yet */
    if (p->keep)
        return keep_offer(p, unit, cost, err);
    add_offer(p, unit, cost);
    return LK_OK;
}

/* The rows of p->r; the result is also left in p->rc and p->err. */
static int read_offer_rows(offer_part *p)
{
    lk_csv_row *row;
    int rc = LK_OK;
    while (!rc) {
        rc = lk_csv_next(p->r, &row, &p->err);
        if (!row)
            break;
        int32_t day;
        double cost;
        if (!rc)
            rc = read_offer(p, row, &day, &cost, &p->err);
        if (rc == LK_EDATA && p->rejects) {
            lk_rejects_add(p->rejects, row, &p->err);
            p->rejected++;
            rc = LK_OK;
        }
    }
    p->rc = rc;
    return rc;
}

/* lk_parts_fn: one part of offers.csv. */
static int offer_part_read(void *arg, lk_error *err)
{
    offer_part *p = arg;
    int rc = read_offer_rows(p);
    *err = p->err;
    return rc;
}

static int offer_part_init(offer_part *p, const lk_experiment *exp, const lk_units *u,
                           lk_rejects *rejects, int rereadable)
{
    memset(p, 0, sizeof(*p));
    p->exp = exp;
    p->u = u;
    p->rejects = rejects;
    p->contacts = lk_lines_calloc(u->narms + 1, sizeof(double));
    p->cost = lk_lines_calloc(u->narms + 1, sizeof(double));
    p->cost_c = lk_lines_calloc(u->narms + 1, sizeof(double));
    if (u->segment && u->nsegments) {
        size_t k = u->nsegments * (u->narms + 1);
        p->seg_contacts = lk_lines_calloc(k, sizeof(double));
        p->seg_cost = lk_lines_calloc(k, sizeof(double));
        p->seg_cost_c = lk_lines_calloc(k, sizeof(double));
        if (!p->seg_contacts || !p->seg_cost || !p->seg_cost_c)
            return -1;
    }
    return p->contacts && p->cost && p->cost_c && lk_id_check_init(&p->ids, !rereadable) == 0 ? 0 : -1;
}

static void offer_part_release(offer_part *p)
{
    lk_csv_close(p->r);
    free(p->contacts);
    free(p->cost);
    free(p->cost_c);
    free(p->seg_contacts);
    free(p->seg_cost);
    free(p->seg_cost_c);
    free(p->kept);
    lk_id_check_release(&p->ids);
    memset(p, 0, sizeof(*p));
}

/*
 * The second part's sums into the first's (contacts and cost, n of them,
 * the segments' when seg), then each cost with its compensation.
 */
static void merge_sums(double *contacts, double *cost, offer_part *part, int nparts, int seg,
                       size_t n)
{
    double *c0 = seg ? part[0].seg_cost_c : part[0].cost_c;
    for (size_t a = 0; a < n; a++) {
        if (nparts > 1) {
            contacts[a] += seg ? part[1].seg_contacts[a] : part[1].contacts[a];
            add_compensated(&cost[a], &c0[a], seg ? part[1].seg_cost[a] : part[1].cost[a]);
            c0[a] += seg ? part[1].seg_cost_c[a] : part[1].cost_c[a];
        }
        cost[a] += c0[a];
    }
}

/* offers.csv of this many bytes or more is read in two parts */
#define OFFERS_SPLIT ((uint64_t)8 << 20)

/*
 * The one rule of how offers.csv is read, which a reader of rows handed
 * over must follow to sum alike: two parts when the file can be read again
 * (rereadable: no rejects kept) and is a regular file of OFFERS_SPLIT bytes
 * or more, cut where lk_parts_plan cuts any plan of the file; else whole.
 * Returns 1 for two parts; *pl is the plan when cut is set, else only the
 * file's size and kind are looked at (a file another plan has already cut
 * is cut at the same place, so the answer holds without reading to it).
 */
static int plan_offers(lk_parts *pl, const char *path, int rereadable, int cut)
{
    lk_parts_plan(pl, path, LK_PARTS_WHOLE);
    int two = rereadable && pl->regular && pl->size >= OFFERS_SPLIT;
    if (two && cut)
        lk_parts_plan(pl, path, OFFERS_SPLIT);
    return two;
}

static const char *const offer_columns[OF_NCOLS] = {"customer_id", "offer_id", "product",
                                                    "channel", "offer_date"};

/*
 * The costs of the parts read (their rows counted in rows): the second
 * part's sums into the first's, then each cost with its compensation; the
 * offer ids in order within each part and across the cut, or else the file
 * read again with a map of them.
 */
static int costs_of_parts(lk_roi_costs *c, offer_part *part, int nparts, const lk_units *u,
                          const char *offers_path, unsigned long rows, lk_error *err)
{
    c->narms = u->narms;
    c->contacts = part[0].contacts;
    c->cost = part[0].cost;
    part[0].contacts = part[0].cost = NULL;
    c->rows = rows;
    for (int i = 0; i < nparts; i++)
        c->rejected += part[i].rejected;
    merge_sums(c->contacts, c->cost, part, nparts, 0, u->narms + 1);
    if (part[0].seg_contacts) {
        c->nsegments = u->nsegments;
        c->segment_contacts = part[0].seg_contacts;
        c->segment_cost = part[0].seg_cost;
        part[0].seg_contacts = part[0].seg_cost = NULL;
        merge_sums(c->segment_contacts, c->segment_cost, part, nparts, 1,
                   u->nsegments * (u->narms + 1));
    }
    if (!lk_id_check_complete(&part[0].ids, nparts > 1 ? &part[1].ids : NULL))
        return lk_id_index_check_file(offers_path, "offer_id", err);
    return LK_OK;
}

int lk_roi_costs_read(lk_roi_costs **out, const lk_experiment *exp, const lk_units *u,
                      const char *offers_path, lk_rejects *rejects, lk_error *err)
{
    int col[OF_NCOLS];
    *out = NULL;
    if (!lk_units_can_find(u))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "roi needs units loaded with find_customers or index_customers set");
    int rereadable = offers_path && strcmp(offers_path, "-") != 0 && !rejects;
    lk_parts pl;
    plan_offers(&pl, offers_path, rereadable, 1);
    int nparts = pl.n;
    offer_part part[2];
    memset(part, 0, sizeof(part));
    lk_roi_costs *c = calloc(1, sizeof(*c));
    int rc = c ? LK_OK : lk_error_nomem(err);
    for (int i = 0; !rc && i < nparts; i++)
        if (offer_part_init(&part[i], exp, u, rejects, rereadable))
            rc = lk_error_nomem(err);
    for (int i = 0; !rc && i < nparts; i++)
        rc = lk_parts_open(&pl, i, &part[i].r, err);
    if (!rc)
        rc = lk_csv_require(part[0].r, offer_columns, OF_NCOLS, col, err);
    int cost_col = rc ? -1 : lk_csv_column(part[0].r, "cost");
    for (int i = 0; i < nparts; i++) {
        part[i].col = col;
        part[i].cost_col = cost_col;
    }
    if (!rc)
        rc = lk_parts_run(&pl, offer_part_read, (void *[]){&part[0], &part[1]}, err);
    unsigned long rows = 0;
    for (int i = 0; !rc && i < nparts; i++)
        rows += lk_csv_rows_read(part[i].r);
    if (!rc)
        rc = costs_of_parts(c, part, nparts, u, offers_path, rows, err);
    for (int i = 0; i < nparts; i++)
        offer_part_release(&part[i]);
    if (rc) {
        lk_roi_costs_free(c);
        return rc;
    }
    *out = c;
    return LK_OK;
}

/* ---- the same sums from rows another reader hands over ---- */

struct lk_roi_costs_reader {
    const lk_experiment *exp;
    const lk_units *u;
    const char *path;
    int col[OF_NCOLS];
    offer_part part[LK_PARTS_MAX];
};

void lk_roi_costs_reader_free(lk_roi_costs_reader *cr)
{
    if (!cr)
        return;
    for (int i = 0; i < LK_PARTS_MAX; i++) {
        cr->part[i].r = NULL;   /* borrowed */
        offer_part_release(&cr->part[i]);
    }
    free(cr);
}

int lk_roi_costs_begin(lk_roi_costs_reader **out, const lk_experiment *exp, const lk_units *u,
                       const char *offers_path, lk_error *err)
{
    *out = NULL;
    if (!lk_units_can_find(u))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "roi needs units loaded with find_customers or index_customers set");
    lk_roi_costs_reader *cr = lk_lines_calloc(1, sizeof(*cr));
    if (!cr)
        return lk_error_nomem(err);
    cr->exp = exp;
    cr->u = u;
    cr->path = offers_path;
    lk_csv_reader *r = NULL;
    int rc = lk_csv_open(&r, offers_path, err);
    if (!rc)
        rc = lk_csv_require(r, offer_columns, OF_NCOLS, cr->col, err);
    int cost_col = rc ? -1 : lk_csv_column(r, "cost");
    lk_csv_close(r);
    for (int i = 0; !rc && i < LK_PARTS_MAX; i++) {
        if (offer_part_init(&cr->part[i], exp, u, NULL, 1))
            rc = lk_error_nomem(err);
        cr->part[i].col = cr->col;
        cr->part[i].cost_col = cost_col;
    }
    /* a file lk_roi_costs_read reads whole: a second part's offers are summed
       after the first's, in file order, as that read sums them */
    lk_parts pl;
    cr->part[1].keep = !plan_offers(&pl, offers_path, 1, 0);
    if (rc) {
        lk_roi_costs_reader_free(cr);
        return rc;
    }
    *out = cr;
    return LK_OK;
}

int lk_roi_costs_row(lk_roi_costs_reader *cr, int part, lk_csv_reader *r, const lk_csv_row *row,
                     int32_t *day, double *cost, lk_error *err)
{
    offer_part *p = &cr->part[part];
    p->r = r;
    p->rows++;
    return read_offer(p, row, day, cost, err);
}

int lk_roi_costs_end(lk_roi_costs_reader *cr, int nparts, lk_roi_costs **out, lk_error *err)
{
    *out = NULL;
    int rc;
    offer_part *first = &cr->part[0], *second = &cr->part[1];
    for (size_t k = 0; nparts > 1 && k < second->nkept; k++)
        add_offer(first, second->kept[k].unit, second->kept[k].cost);
    lk_roi_costs *c = calloc(1, sizeof(*c));
    rc = c ? costs_of_parts(c, cr->part, nparts, cr->u, cr->path,
                            first->rows + second->rows, err)
           : lk_error_nomem(err);
    lk_roi_costs_reader_free(cr);
    if (rc) {
        lk_roi_costs_free(c);
        return rc;
    }
    *out = c;
    return LK_OK;
}

/* ---- the bootstrap ---- */

int lk_roi_sample_init(sample *s, const double *x, size_t n)
{
    memset(s, 0, sizeof(*s));
    s->x = x;
    s->n = n;
    if (n == 0)
        return 0;
    double *sorted = malloc(n * sizeof(double));
    if (!sorted)
        return -1;
    memcpy(sorted, x, n * sizeof(double));
    gsl_sort(sorted, 1, n);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        k += sorted[i] != sorted[i - 1];
    if (LK_ROI_UNGROUPED(k, n)) {
        free(sorted);
        return 0;
    }
    s->value = malloc(k * sizeof(double));
    s->weight = malloc(k * sizeof(double));
    s->count = malloc(k * sizeof(unsigned int));
    if (!s->value || !s->weight || !s->count) {
        free(sorted);
        return -1;
    }
    s->k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || sorted[i] != sorted[i - 1]) {
            s->value[s->k] = sorted[i];
            s->weight[s->k++] = 0;
        }
        s->weight[s->k - 1] += 1;
    }
    free(sorted);
    return 0;
}

void lk_roi_sample_release(sample *s)
{
    free(s->value);
    free(s->weight);
    free(s->count);
}

/* A sample of n units given as distinct values, ascending, and their units. */
static int sample_grouped(sample *s, const lk_roi_cell *c, size_t k, double n)
{
    memset(s, 0, sizeof(*s));
    s->n = (size_t)n;
    if (k == 0)
        return 0;
    s->value = malloc(k * sizeof(double));
    s->weight = malloc(k * sizeof(double));
    s->count = malloc(k * sizeof(unsigned int));
    if (!s->value || !s->weight || !s->count)
        return -1;
    for (size_t j = 0; j < k; j++) {
        s->value[j] = c[j].value;
        s->weight[j] = c[j].units;
    }
    s->k = k;
    return 0;
}

static double resample_mean(sample *s, gsl_rng *rng)
{
    double sum = 0;
    if (s->n == 0)
        return NAN;
    if (s->k) {
        gsl_ran_multinomial(rng, s->k, (unsigned int)s->n, s->weight, s->count);
        for (size_t j = 0; j < s->k; j++)
            sum += s->count[j] * s->value[j];
    } else {
        for (size_t i = 0; i < s->n; i++)
            sum += s->x[gsl_rng_uniform_int(rng, s->n)];
    }
    return sum / (double)s->n;
}

int lk_roi_bootstrap_diff(const double *x, size_t nx, const double *y, size_t ny,
                          size_t resamples, void *rng, double *draws)
{
    sample sx, sy;
    int rc = lk_roi_sample_init(&sx, x, nx);
    if (!rc)
        rc = lk_roi_sample_init(&sy, y, ny);
    else
        memset(&sy, 0, sizeof(sy));
    for (size_t b = 0; !rc && b < resamples; b++) {
        double mx = resample_mean(&sx, rng);
        draws[b] = mx - resample_mean(&sy, rng);
    }
    lk_roi_sample_release(&sx);
    lk_roi_sample_release(&sy);
    return rc;
}

/* ---- the table ---- */

void lk_roi_table_free(lk_roi_table *t)
{
    if (!t)
        return;
    for (size_t a = 0; t->arm_names && a < t->narms; a++)
        free(t->arm_names[a]);
    free(t->arm_names);
    free(t->rows);
    free(t->experiment);
    free(t);
}

/* The ROMI interval of row against ctl from bootstrap draws of the value difference. */
static int romi_interval(lk_roi_row *row, arm_data *d, int ctl, const lk_roi_options *opt,
                         double alpha, gsl_rng *rng)
{
    size_t a = (size_t)row->arm, B = opt->resamples;
    if (B == 0 || !(row->cost > 0) || row->n <= 0 || !(d->n[ctl] > 0))
        return 0;
    double *dr = malloc(B * sizeof(double));
    if (!dr)
        return -1;
    for (size_t b = 0; b < B; b++) {
        double mx = resample_mean(&d->s[a], rng);
        dr[b] = mx - resample_mean(&d->s[ctl], rng);
    }
    for (size_t b = 0; b < B; b++)
        dr[b] = (dr[b] * row->n - row->cost) / row->cost;
    gsl_sort(dr, 1, B);
    row->romi_lo = gsl_stats_quantile_from_sorted_data(dr, 1, B, alpha / 2);
    row->romi_hi = gsl_stats_quantile_from_sorted_data(dr, 1, B, 1 - alpha / 2);
    free(dr);
    return 0;
}

static void fill_row(lk_roi_row *row, const arm_data *d, int ctl)
{
    size_t a = (size_t)row->arm;
    row->n = d->n[a];
    row->contacts = d->contacts[a];
    row->cost = d->cost[a];
    row->incremental_responses = (d->rate[a] - d->rate[ctl]) * row->n;
    row->incremental_value = (d->value[a] - d->value[ctl]) * row->n;
    row->romi = row->cost > 0 ? (row->incremental_value - row->cost) / row->cost : NAN;
    row->romi_lo = row->romi_hi = NAN;
    row->cost_per_incremental_response =
        row->incremental_responses > 0 ? row->cost / row->incremental_responses : NAN;
    row->contacts_per_unit = row->n > 0 ? row->contacts / row->n : NAN;
    row->incremental_responses_per_1000_contacts =
        row->contacts > 0 ? 1000 * row->incremental_responses / row->contacts : NAN;
}

static lk_roi_table *table_new(const lk_experiment *exp, const lk_roi_options *opt)
{
    lk_roi_table *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->narms = exp->narms;
    t->rows = calloc(exp->narms + 1, sizeof(*t->rows));
    t->arm_names = calloc(exp->narms + 1, sizeof(char *));
    t->experiment = strdup(exp->name ? exp->name : "");
    int ok = t->rows && t->arm_names && t->experiment;
    for (size_t a = 0; ok && a < exp->narms; a++)
        ok = (t->arm_names[a] = strdup(exp->arms[a].name)) != NULL;
    if (!ok) {
        lk_roi_table_free(t);
        return NULL;
    }
    t->control = exp->control;
    t->alpha = exp->alpha;
    t->seed = opt->seed;
    t->resamples = opt->resamples;
    return t;
}

static int fill_rows(lk_roi_table *t, const lk_experiment *exp, arm_data *d,
                     const lk_roi_options *opt)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = rng ? 0 : -1;
    if (rng)
        gsl_rng_set(rng, opt->seed);
    int ctl = t->control;
    for (size_t a = 0; !rc && a < exp->narms; a++) {
        lk_progress_report(&opt->progress, a, exp->narms);
        if ((int)a == ctl || (int)a == exp->universal)
            continue;
        lk_roi_row *row = &t->rows[t->nrows++];
        row->arm = (int)a;
        row->role = exp->arms[a].role;
        fill_row(row, d, ctl);
        rc = romi_interval(row, d, ctl, opt, exp->alpha, rng);
    }
    if (rng)
        gsl_rng_free(rng);
    return rc;
}

/* The arm every row is measured against: the control, else the universal holdout. */
static int roi_baseline(const lk_experiment *exp, const lk_roi_options *opt, int *ctl,
                        lk_error *err)
{
    if (opt->vs_universal && exp->universal < 0)
        return lk_error_set(err, LK_EUSAGE, exp->path, 0, 0,
                            "experiment '%s' has no universal holdout: add a [universal] "
                            "section", exp->name);
    *ctl = opt->vs_universal || exp->control < 0 ? exp->universal : exp->control;
    if (*ctl < 0)
        return lk_error_set(err, LK_EUSAGE, exp->path, 0, 0,
                            "experiment '%s' has no control arm: roi needs one to measure "
                            "incremental responses and value", exp->name);
    return LK_OK;
}

static void holdout_contacts(lk_roi_table *t, const lk_experiment *exp, const arm_data *d)
{
    int ctl = t->control;
    t->control_n = d->n[ctl];
    t->control_contacts = d->contacts[ctl];
    t->control_cost = d->cost[ctl];
    t->universal = exp->universal;
    if (exp->universal >= 0 && exp->universal != ctl) {
        t->universal_contacts = d->contacts[exp->universal];
        t->universal_cost = d->cost[exp->universal];
    }
}

/* The table from d, measured against ctl. */
static int roi_table(lk_roi_table **out, const lk_experiment *exp, arm_data *d, int ctl,
                     const lk_roi_options *opt, lk_error *err)
{
    gsl_set_error_handler_off();
    lk_roi_table *t = table_new(exp, opt);
    int rc = t ? 0 : -1;
    if (!rc) {
        t->control = ctl;
        holdout_contacts(t, exp, d);
        t->srm_p = d->srm_p;
        t->untrustworthy = t->srm_p < LK_SRM_THRESHOLD;
        rc = fill_rows(t, exp, d, opt);
    }
    if (rc) {
        lk_roi_table_free(t);
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory");
    }
    *out = t;
    return LK_OK;
}

/* The checks of lk_roi_units_make and lk_roi_compute_units are those of this table too. */
int lk_roi_compute(lk_roi_table **out, const lk_experiment *exp, const lk_units *u,
                   const lk_roi_costs *costs, const lk_roi_options *opt, lk_error *err)
{
    lk_roi_units *ru = NULL;
    int rc = lk_roi_units_make(&ru, exp, u, err);
    if (!rc)
        rc = lk_roi_compute_units(out, exp, ru, costs, opt, err);
    lk_roi_units_free(ru);
    return rc;
}

int lk_roi_compute_units(lk_roi_table **out, const lk_experiment *exp, lk_roi_units *ru,
                         const lk_roi_costs *costs, const lk_roi_options *opt, lk_error *err)
{
    int ctl = -1;
    int status = roi_baseline(exp, opt, &ctl, err);
    if (status)
        return status;
    arm_data *d = lk_roi_units_data(ru, exp->narms);
    if (costs->narms != exp->narms || !d)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "units, costs and experiment disagree "
                            "on the number of arms");
    for (size_t a = 0; a < exp->narms; a++) {
        d->contacts[a] = costs->contacts[a];
        d->cost[a] = costs->cost[a];
    }
    return roi_table(out, exp, d, ctl, opt, err);
}

/* d from summaries: the samples are the arms' distinct values and their units. */
static int arm_data_of_sums(arm_data *d, const lk_roi_sums *s, const lk_experiment *exp)
{
    double *weights = malloc((exp->narms ? exp->narms : 1) * sizeof(double));
    if (!weights)
        return -1;
    for (size_t a = 0; a < s->narms; a++) {
        const lk_roi_cell *c = s->cells + s->start[a];
        size_t k = s->start[a + 1] - s->start[a];
        double n = 0, resp = 0, value = 0;
        for (size_t j = 0; j < k; j++) {
            n += c[j].units;
            resp += c[j].responders;
            value += c[j].value * c[j].units;
            d->contacts[a] += c[j].contacts;
            d->cost[a] += c[j].cost;
        }
        d->n[a] = n;
        d->rate[a] = n > 0 ? resp / n : NAN;
        d->value[a] = n > 0 ? value / n : NAN;
        weights[a] = exp->arms[a].weight;
        if (sample_grouped(&d->s[a], c, k, n)) {
            free(weights);
            return -1;
        }
    }
    d->srm_p = lk_srm_p(d->n, weights, s->narms, NULL);
    free(weights);
    return 0;
}

int lk_roi_compute_sums(lk_roi_table **out, const lk_experiment *exp, const lk_roi_sums *s,
                        const lk_roi_options *opt, lk_error *err)
{
    int ctl = -1;
    int status = roi_baseline(exp, opt, &ctl, err);
    if (status)
        return status;
    if (s->narms != exp->narms)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "summary and experiment disagree on "
                            "the number of arms");
    arm_data d;
    int rc = lk_roi_arm_data_init(&d, exp->narms) || arm_data_of_sums(&d, s, exp)
                 ? lk_error_nomem(err) : roi_table(out, exp, &d, ctl, opt, err);
    lk_roi_arm_data_release(&d, exp->narms);
    return rc;
}

const char *lk_roi_universal_warning(const lk_roi_table *t, char *buf, size_t len)
{
    if (t->universal < 0 || t->universal == t->control || !(t->universal_contacts > 0))
        return NULL;
    snprintf(buf, len,
             "%.0f offer%s (cost %.2f) went to customers of the universal holdout '%s': "
             "the program's holdout was contacted, so comparisons against it are biased low",
             t->universal_contacts, t->universal_contacts == 1 ? "" : "s", t->universal_cost,
             t->arm_names[t->universal]);
    return buf;
}

const char *lk_roi_control_warning(const lk_roi_table *t, char *buf, size_t len)
{
    if (!(t->control_contacts > 0))
        return NULL;
    snprintf(buf, len,
             "%.0f offer%s (cost %.2f) went to customers of the no-contact control '%s': "
             "the holdout was contacted, so incremental responses and ROMI against it are "
             "biased low", t->control_contacts, t->control_contacts == 1 ? "" : "s",
             t->control_cost, t->arm_names[t->control]);
    return buf;
}
