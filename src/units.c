/*
 * units.c - per-unit intention-to-treat metrics (product.md section 7).
 *
 * Assignments are read first: every customer maps to a unit and every unit
 * to one arm.  Openings then stream past and update their unit's metrics
 * when they fall in [start, start + window].  Every opening row lands in
 * exactly one of: in window, outside window, customer not assigned, or
 * rejected; nothing is dropped silently.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "liftkit/units.h"


typedef struct loader {
    lk_units *u;
    const lk_experiment *exp;
    const lk_units_options *opt;
    size_t cap;                 /* capacity of the per-unit arrays */
    size_t cust_cap;
    uint32_t *cust_line;        /* line of each customer's assignment row */
    uint32_t *unit_line;        /* line a unit was first seen on */
    double **score_sum;
    uint32_t **score_cnt;
    uint64_t *product_mask;     /* products 0..63 opened, per unit */
    lk_strmap *pairs;           /* "unit\x1fproduct" for products beyond 64 */
    lk_strmap *products;
    uint8_t *product_target;    /* by product id */
    double *product_value;
    size_t products_cap;
    lk_strmap *accounts;
    int same_unit;              /* units are customers: one id map serves both */
} loader;

#define GROW(ptr, n, cap)                                                     \
    do {                                                                      \
        void *p_ = realloc((ptr), (cap) * sizeof(*(ptr)));                    \
        if (!p_)                                                              \
            return -1;                                                        \
        (ptr) = p_;                                                           \
        (void)(n);                                                            \
    } while (0)

static int grow_units(loader *ld, size_t need)
{
    if (need <= ld->cap)
        return 0;
    size_t cap = ld->cap ? ld->cap * 2 : 4096;
    while (cap < need)
        cap *= 2;
    lk_units *u = ld->u;
    GROW(u->arm, need, cap);
    GROW(u->response_target, need, cap);
    GROW(u->response_any, need, cap);
    GROW(u->balance_target, need, cap);
    GROW(u->balance_any, need, cap);
    GROW(u->products_opened, need, cap);
    GROW(u->value, need, cap);
    GROW(u->first_target_day, need, cap);
    GROW(u->first_any_day, need, cap);
    GROW(ld->unit_line, need, cap);
    GROW(ld->product_mask, need, cap);
    for (size_t s = 0; s < u->nscores; s++) {
        GROW(ld->score_sum[s], need, cap);
        GROW(ld->score_cnt[s], need, cap);
    }
    ld->cap = cap;
    return 0;
}

static int grow_customers(loader *ld, size_t need)
{
    if (need <= ld->cust_cap)
        return 0;
    size_t cap = ld->cust_cap ? ld->cust_cap * 2 : 4096;
    GROW(ld->u->customer_unit, need, cap);
    GROW(ld->cust_line, need, cap);
    ld->cust_cap = cap;
    return 0;
}

static int nomem(lk_error *err)
{
    return lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory");
}

/* A bad row: reject it and go on (return LK_OK), or stop (return rc). */
static int bad_row(loader *ld, const lk_csv_row *row, int rc, lk_error *err)
{
    if (rc != LK_EDATA || !ld->opt || !ld->opt->rejects || !row)
        return rc;
    lk_rejects_add(ld->opt->rejects, row, err);
    ld->u->rejected++;
    lk_error_clear(err);
    return LK_OK;
}

static void init_unit(loader *ld, uint32_t i, int arm, unsigned long line)
{
    lk_units *u = ld->u;
    u->arm[i] = (uint16_t)arm;
    u->response_target[i] = 0;
    u->response_any[i] = 0;
    u->balance_target[i] = 0;
    u->balance_any[i] = 0;
    u->products_opened[i] = 0;
    u->value[i] = 0;
    u->first_target_day[i] = -1;
    u->first_any_day[i] = -1;
    ld->unit_line[i] = (uint32_t)line;
    ld->product_mask[i] = 0;
    for (size_t s = 0; s < u->nscores; s++) {
        ld->score_sum[s][i] = 0;
        ld->score_cnt[s][i] = 0;
    }
}

enum { A_CUSTOMER, A_UNIT, A_EXPERIMENT, A_ARM, A_ROLE, A_NCOLS };

static void add_customer(loader *ld, uint32_t c, uint32_t i, unsigned long line,
                         const double *scores)
{
    lk_units *u = ld->u;
    u->customer_unit[c] = i;
    ld->cust_line[c] = (uint32_t)line;
    for (size_t s = 0; s < u->nscores; s++)
        if (!isnan(scores[s])) {
            ld->score_sum[s][i] += scores[s];
            ld->score_cnt[s][i]++;
        }
}

/* The common case: the unit is the customer, and one map holds both. */
static int customer_unit_row(loader *ld, lk_csv_reader *r, lk_csv_row *row, const int *col,
                             int arm, const double *scores, lk_error *err)
{
    lk_units *u = ld->u;
    size_t len = row->len[col[A_CUSTOMER]];
    if (row->len[col[A_UNIT]] != len ||
        memcmp(row->field[col[A_UNIT]], row->field[col[A_CUSTOMER]], len) != 0)
        return lk_csv_field_error(r, row, col[A_UNIT], err,
                                  "unit_id '%.60s' differs from customer_id '%.60s' but the "
                                  "experiment randomizes customer_id", row->field[col[A_UNIT]],
                                  row->field[col[A_CUSTOMER]]);
    int added;
    uint32_t c = lk_strmap_intern(u->customers, row->field[col[A_CUSTOMER]], len, &added);
    if (c == LK_STRMAP_NONE || grow_customers(ld, (size_t)c + 1) ||
        grow_units(ld, (size_t)c + 1))
        return nomem(err);
    if (!added)
        return lk_csv_field_error(r, row, col[A_CUSTOMER], err,
                                  "duplicate customer_id '%.60s': first assigned on line %lu",
                                  row->field[col[A_CUSTOMER]], (unsigned long)ld->cust_line[c]);
    init_unit(ld, c, arm, row->line);
    u->n = (size_t)c + 1;
    add_customer(ld, c, c, row->line, scores);
    return LK_OK;
}

static int assignment_row(loader *ld, lk_csv_reader *r, lk_csv_row *row, const int *col,
                          const int *score_col, lk_error *err)
{
    lk_units *u = ld->u;
    const lk_experiment *exp = ld->exp;
    for (int c = 0; c < A_NCOLS; c++)
        if (lk_csv_get_nonempty(r, row, col[c], err))
            return LK_EDATA;
    if (strcmp(row->field[col[A_EXPERIMENT]], exp->name) != 0)
        return lk_csv_field_error(r, row, col[A_EXPERIMENT], err,
                                  "experiment '%.60s' does not match the experiment file's '%s'",
                                  row->field[col[A_EXPERIMENT]], exp->name);
    int arm = lk_experiment_arm(exp, row->field[col[A_ARM]]);
    if (arm < 0)
        return lk_csv_field_error(r, row, col[A_ARM], err,
                                  "unknown arm '%.60s': not in the experiment file",
                                  row->field[col[A_ARM]]);
    const char *role = lk_role_name(exp->arms[arm].role);
    if (strcmp(row->field[col[A_ROLE]], role) != 0)
        return lk_csv_field_error(r, row, col[A_ROLE], err,
                                  "role '%.30s' of arm '%s' does not match the experiment "
                                  "file's '%s'", row->field[col[A_ROLE]], exp->arms[arm].name,
                                  role);
    double scores[64];
    for (size_t s = 0; s < u->nscores; s++) {
        scores[s] = NAN;
        if (row->len[score_col[s]] &&
            lk_csv_get_double(r, row, score_col[s], &scores[s], err))
            return LK_EDATA;
    }
    if (ld->same_unit)
        return customer_unit_row(ld, r, row, col, arm, scores, err);
    /* Check everything before changing anything, so a rejected row leaves no trace. */
    uint32_t i = lk_strmap_find(u->ids, row->field[col[A_UNIT]], row->len[col[A_UNIT]]);
    if (i != LK_STRMAP_NONE && u->arm[i] != arm)
        return lk_csv_field_error(r, row, col[A_ARM], err,
                                  "unit '%.60s' is in arm '%s' on line %lu but in arm '%s' here",
                                  row->field[col[A_UNIT]], exp->arms[u->arm[i]].name,
                                  (unsigned long)ld->unit_line[i], exp->arms[arm].name);
    int added;
    uint32_t c = lk_strmap_intern(u->customers, row->field[col[A_CUSTOMER]],
                                  row->len[col[A_CUSTOMER]], &added);
    if (c == LK_STRMAP_NONE || grow_customers(ld, (size_t)c + 1))
        return nomem(err);
    if (!added)
        return lk_csv_field_error(r, row, col[A_CUSTOMER], err,
                                  "duplicate customer_id '%.60s': first assigned on line %lu",
                                  row->field[col[A_CUSTOMER]], (unsigned long)ld->cust_line[c]);
    if (i == LK_STRMAP_NONE) {
        i = lk_strmap_intern(u->ids, row->field[col[A_UNIT]], row->len[col[A_UNIT]], NULL);
        if (i == LK_STRMAP_NONE || grow_units(ld, (size_t)i + 1))
            return nomem(err);
        init_unit(ld, i, arm, row->line);
        u->n = (size_t)i + 1;
    }
    add_customer(ld, c, i, row->line, scores);
    return LK_OK;
}

/*
 * Size the maps and arrays once from the file size and the first rows'
 * average length, so a large file is not copied by repeated growth.
 */
static int reserve(loader *ld, lk_csv_reader *r, uint64_t file_size)
{
    uint64_t bytes = lk_csv_bytes_read(r);
    unsigned long rows = lk_csv_rows_read(r);
    if (!file_size || !rows || !bytes)
        return 0;
    size_t expect = (size_t)((double)file_size / ((double)bytes / (rows + 1)) * 1.05) + 1024;
    lk_units *u = ld->u;
    if (lk_strmap_reserve(u->customers, expect) || grow_customers(ld, expect) ||
        (u->ids != u->customers && lk_strmap_reserve(u->ids, expect)) || grow_units(ld, expect))
        return -1;
    return 0;
}

static int load_assignments(loader *ld, const char *path, lk_error *err)
{
    static const char *const names[] = {"customer_id", "unit_id", "experiment", "arm", "role"};
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, path, err);
    if (rc)
        return rc;
    int col[A_NCOLS];
    int score_col[64];
    rc = lk_csv_require(r, names, A_NCOLS, col, err);
    if (!rc && ld->u->nscores)
        rc = lk_csv_require(r, (const char *const *)ld->u->score_names, ld->u->nscores,
                            score_col, err);
    struct stat st;
    uint64_t size = strcmp(path, "-") && stat(path, &st) == 0 && S_ISREG(st.st_mode)
                        ? (uint64_t)st.st_size : 0;
    lk_csv_row *row;
    while (!rc) {
        rc = lk_csv_next(r, &row, err);
        if (!rc && !row)
            break;
        if (lk_csv_rows_read(r) == 4096 && reserve(ld, r, size)) {
            rc = nomem(err);
            break;
        }
        if (!rc)
            rc = assignment_row(ld, r, row, col, score_col, err);
        if (rc)
            rc = bad_row(ld, row, rc, err);
        if (!rc)
            ld->u->assignment_rows++;
        if ((ld->u->assignment_rows & 0xffff) == 0 && ld->opt)
            lk_progress_report(&ld->opt->progress, lk_csv_bytes_read(r), 0);
    }
    lk_csv_close(r);
    if (!rc && ld->u->n == 0)
        rc = lk_error_set(err, LK_EDATA, path, 0, 0, "no assignments: expected at least one row");
    return rc;
}

/* The product's id, with its target flag and value cached. */
static uint32_t product_id(loader *ld, const char *name, size_t len)
{
    int added;
    uint32_t p = lk_strmap_intern(ld->products, name, len, &added);
    if (p == LK_STRMAP_NONE || !added)
        return p;
    if (p >= ld->products_cap) {
        size_t cap = ld->products_cap ? ld->products_cap * 2 : 64;
        uint8_t *t = realloc(ld->product_target, cap);
        if (!t)
            return LK_STRMAP_NONE;
        ld->product_target = t;
        double *v = realloc(ld->product_value, cap * sizeof(double));
        if (!v)
            return LK_STRMAP_NONE;
        ld->product_value = v;
        ld->products_cap = cap;
    }
    ld->product_target[p] = (uint8_t)lk_experiment_is_target(ld->exp, name);
    if (lk_settings_get(&ld->exp->value, name, &ld->product_value[p]))
        ld->product_value[p] = 0;
    return p;
}

/* Count product p for unit i once. */
static int count_product(loader *ld, uint32_t i, uint32_t p)
{
    if (p < 64) {
        uint64_t bit = (uint64_t)1 << p;
        if (!(ld->product_mask[i] & bit)) {
            ld->product_mask[i] |= bit;
            ld->u->products_opened[i]++;
        }
        return 0;
    }
    char key[32];
    int n = snprintf(key, sizeof(key), "%u\x1f%u", i, p);
    int added;
    if (lk_strmap_intern(ld->pairs, key, (size_t)n, &added) == LK_STRMAP_NONE)
        return -1;
    if (added)
        ld->u->products_opened[i]++;
    return 0;
}

enum { O_CUSTOMER, O_ACCOUNT, O_PRODUCT, O_DATE, O_NCOLS };

static int opening_row(loader *ld, lk_csv_reader *r, lk_csv_row *row, const int *col,
                       int balance_col, lk_error *err)
{
    lk_units *u = ld->u;
    for (int c = 0; c < O_NCOLS; c++)
        if (lk_csv_get_nonempty(r, row, col[c], err))
            return LK_EDATA;
    int32_t day;
    if (lk_csv_get_date(r, row, col[O_DATE], &day, err))
        return LK_EDATA;
    double balance = 0;
    if (balance_col >= 0 && row->len[balance_col]) {
        if (lk_csv_get_double(r, row, balance_col, &balance, err))
            return LK_EDATA;
        if (balance < 0)
            return lk_csv_field_error(r, row, balance_col, err,
                                      "negative balance '%.40s' in column 'balance'",
                                      row->field[balance_col]);
    }
    int added;
    uint32_t a = lk_strmap_intern(ld->accounts, row->field[col[O_ACCOUNT]],
                                  row->len[col[O_ACCOUNT]], &added);
    if (a == LK_STRMAP_NONE)
        return nomem(err);
    if (!added)
        return lk_csv_field_error(r, row, col[O_ACCOUNT], err, "duplicate account_id '%.60s'",
                                  row->field[col[O_ACCOUNT]]);
    uint32_t c = lk_strmap_find(u->customers, row->field[col[O_CUSTOMER]],
                                row->len[col[O_CUSTOMER]]);
    if (c == LK_STRMAP_NONE) {
        u->openings_unassigned++;
        return LK_OK;
    }
    int32_t rel = day - ld->exp->start;
    if (rel < 0 || rel > ld->exp->window) {
        u->openings_outside_window++;
        return LK_OK;
    }
    uint32_t p = product_id(ld, row->field[col[O_PRODUCT]], row->len[col[O_PRODUCT]]);
    uint32_t i = u->customer_unit[c];
    if (p == LK_STRMAP_NONE || count_product(ld, i, p))
        return nomem(err);
    u->openings_in_window++;
    u->response_any[i] = 1;
    u->balance_any[i] += balance;
    u->value[i] += ld->product_value[p];
    if (u->first_any_day[i] < 0 || rel < u->first_any_day[i])
        u->first_any_day[i] = rel;
    if (ld->product_target[p]) {
        u->response_target[i] = 1;
        u->balance_target[i] += balance;
        if (u->first_target_day[i] < 0 || rel < u->first_target_day[i])
            u->first_target_day[i] = rel;
    }
    return LK_OK;
}

static int load_openings(loader *ld, const char *path, lk_error *err)
{
    static const char *const names[] = {"customer_id", "account_id", "product", "open_date"};
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, path, err);
    if (rc)
        return rc;
    int col[O_NCOLS];
    rc = lk_csv_require(r, names, O_NCOLS, col, err);
    int balance_col = lk_csv_column(r, "balance");
    lk_csv_row *row;
    while (!rc) {
        rc = lk_csv_next(r, &row, err);
        if (!rc && !row)
            break;
        if (!rc)
            rc = opening_row(ld, r, row, col, balance_col, err);
        if (rc)
            rc = bad_row(ld, row, rc, err);
        else
            ld->u->openings_rows++;
        if ((lk_csv_rows_read(r) & 0xffff) == 0 && ld->opt)
            lk_progress_report(&ld->opt->progress, lk_csv_bytes_read(r), 0);
    }
    lk_csv_close(r);
    return rc;
}

static void loader_release(loader *ld)
{
    free(ld->cust_line);
    free(ld->unit_line);
    for (size_t s = 0; ld->score_sum && s < ld->u->nscores; s++) {
        free(ld->score_sum[s]);
        free(ld->score_cnt[s]);
    }
    free(ld->score_sum);
    free(ld->score_cnt);
    free(ld->product_mask);
    lk_strmap_free(ld->pairs);
    lk_strmap_free(ld->products);
    free(ld->product_target);
    free(ld->product_value);
    lk_strmap_free(ld->accounts);
}

static int setup(loader *ld, const lk_units_options *opt)
{
    lk_units *u = ld->u;
    u->narms = ld->exp->narms;
    u->arm_units = calloc(u->narms, sizeof(size_t));
    u->customers = lk_strmap_new(0);
    ld->same_unit = !strcmp(ld->exp->unit, "customer_id");
    u->ids = ld->same_unit ? u->customers : lk_strmap_new(0);
    ld->pairs = lk_strmap_new(0);
    ld->products = lk_strmap_new(0);
    ld->accounts = lk_strmap_new(0);
    if (!u->arm_units || !u->ids || !u->customers || !ld->pairs || !ld->products ||
        !ld->accounts)
        return -1;
    size_t ns = opt ? opt->nscores : 0;
    if (ns > 64)
        ns = 64;
    u->nscores = ns;
    if (!ns)
        return 0;
    u->score_names = calloc(ns, sizeof(char *));
    u->score = calloc(ns, sizeof(double *));
    ld->score_sum = calloc(ns, sizeof(double *));
    ld->score_cnt = calloc(ns, sizeof(uint32_t *));
    if (!u->score_names || !u->score || !ld->score_sum || !ld->score_cnt)
        return -1;
    for (size_t s = 0; s < ns; s++)
        if (!(u->score_names[s] = strdup(opt->scores[s])))
            return -1;
    return 0;
}

static void finish(loader *ld)
{
    lk_units *u = ld->u;
    for (size_t i = 0; i < u->n; i++)
        u->arm_units[u->arm[i]]++;
    for (size_t s = 0; s < u->nscores; s++) {
        u->score[s] = ld->score_sum[s];
        ld->score_sum[s] = NULL;
        for (size_t i = 0; i < u->n; i++)
            u->score[s][i] = ld->score_cnt[s][i] ? u->score[s][i] / ld->score_cnt[s][i] : NAN;
    }
}

int lk_units_load(lk_units **out, const lk_experiment *exp, const char *assignments_path,
                  const char *openings_path, const lk_units_options *opt, lk_error *err)
{
    *out = NULL;
    if (opt && opt->nscores > 64)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "at most 64 score columns");
    lk_units *u = calloc(1, sizeof(*u));
    if (!u)
        return nomem(err);
    loader ld = {.u = u, .exp = exp, .opt = opt};
    int rc = setup(&ld, opt) ? nomem(err) : LK_OK;
    if (!rc)
        rc = load_assignments(&ld, assignments_path, err);
    if (!rc && openings_path)
        rc = load_openings(&ld, openings_path, err);
    if (!rc)
        finish(&ld);
    loader_release(&ld);
    if (rc) {
        lk_units_free(u);
        return rc;
    }
    *out = u;
    return LK_OK;
}

void lk_units_free(lk_units *u)
{
    if (!u)
        return;
    if (u->ids != u->customers)
        lk_strmap_free(u->ids);
    lk_strmap_free(u->customers);
    free(u->customer_unit);
    free(u->arm);
    free(u->arm_units);
    free(u->response_target);
    free(u->response_any);
    free(u->balance_target);
    free(u->balance_any);
    free(u->products_opened);
    free(u->value);
    free(u->first_target_day);
    free(u->first_any_day);
    for (size_t s = 0; s < u->nscores; s++) {
        free(u->score_names ? u->score_names[s] : NULL);
        free(u->score ? u->score[s] : NULL);
    }
    free(u->score_names);
    free(u->score);
    free(u);
}

static const char *const metric_names[LK_METRIC_COUNT] = {
    "response_target", "response_any", "balance_target", "balance_any", "products_opened",
};

const char *lk_metric_name(lk_metric m)
{
    return (unsigned)m < LK_METRIC_COUNT ? metric_names[m] : "?";
}

int lk_metric_from_name(const char *name)
{
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        if (!strcmp(metric_names[m], name))
            return m;
    return -1;
}

int lk_metric_is_binary(lk_metric m)
{
    return m == LK_METRIC_RESPONSE_TARGET || m == LK_METRIC_RESPONSE_ANY;
}

double lk_units_metric(const lk_units *u, lk_metric m, size_t i)
{
    switch (m) {
    case LK_METRIC_RESPONSE_TARGET: return u->response_target[i];
    case LK_METRIC_RESPONSE_ANY: return u->response_any[i];
    case LK_METRIC_BALANCE_TARGET: return u->balance_target[i];
    case LK_METRIC_BALANCE_ANY: return u->balance_any[i];
    case LK_METRIC_PRODUCTS_OPENED: return u->products_opened[i];
    case LK_METRIC_COUNT: break;
    }
    return NAN;
}

void lk_units_sums(const lk_units *u, lk_metric m, double *n, double *sum, double *sumsq)
{
    for (size_t a = 0; a < u->narms; a++)
        n[a] = sum[a] = sumsq[a] = 0;
    for (size_t i = 0; i < u->n; i++) {
        double x = lk_units_metric(u, m, i);
        n[u->arm[i]] += 1;
        sum[u->arm[i]] += x;
        sumsq[u->arm[i]] += x * x;
    }
}
