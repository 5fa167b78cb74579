/*
 * assign_file.c - 'liftkit assign' on a customers file.
 *
 * Hash method: one pass, a row in and a row out; the per-row path hashes
 * the unit (reusing the previous row's hash when the unit repeats, as
 * households sorted together do), looks the bucket up in the plan's table
 * and writes through the CSV writer without allocating.  The only memory
 * that grows is the index of customer ids that catches duplicates (and,
 * when the unit is not customer_id, the index of units that counts them
 * for the sample-ratio test).
 *
 * Stratified method: pass one checks every row and collects the units,
 * their strata and which rows are good; the deal runs on the distinct
 * units; pass two re-reads the file and writes the good rows in input
 * order.  Standard input is spooled to a temporary file so it can be read
 * twice.  A unit's stratum is the stratum value of its first good row.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "liftkit/assign.h"
#include "liftkit/stats.h"
#include "liftkit/strmap.h"

#define PROGRESS_EVERY 65536

static const char *const out_columns[] = {"customer_id", "unit_id", "experiment", "arm",
                                          "role", "bucket", "stratum"};
#define NOUT (sizeof(out_columns) / sizeof(out_columns[0]))

typedef struct run {
    const lk_experiment *exp;
    const lk_assign_options *opt;
    lk_assign_summary *sum;
    lk_assign_plan plan;
    lk_assign_hasher hasher;
    lk_csv_writer *w;

    const char *path;           /* file actually read */
    char spool[64];             /* temporary copy of standard input, or "" */
    uint64_t total_bytes;       /* for progress; 0 when unknown */
    int pass;                   /* 1 or 2 (stratified) */

    lk_csv_reader *r;
    int col_cust, col_unit, col_strat;
    int *carry;
    size_t ncarry;

    lk_strmap *cust;            /* customer ids: the duplicate check */
    uint32_t *cust_line;        /* first line of each customer id */
    size_t cust_line_cap;
    lk_strmap *units;           /* NULL when the unit is customer_id (hash method) */
    lk_strmap *strata;

    /* stratified only */
    uint32_t *row_unit;         /* by data row; LK_STRMAP_NONE: rejected */
    size_t row_cap;
    uint32_t *unit_stratum;     /* by unit */
    size_t unit_cap;
    uint64_t *unit_u;
    int *unit_arm;
    double *start;              /* by stratum */

    /* the previous row's unit and its hash */
    char *prev;
    size_t prev_len, prev_cap;
    uint64_t prev_u;
} run;

static int nomem(lk_error *err)
{
    return lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory");
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 1024;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

/* Messages name the file the user gave, not the spool copy of stdin. */
static void fix_path(const run *R, lk_error *err)
{
    if (R->spool[0] && strcmp(err->path, R->spool) == 0)
        snprintf(err->path, sizeof(err->path), "<stdin>");
}

/* ---- opening ---- */

static int spool_stdin(run *R, lk_error *err)
{
    const char *dir = getenv("TMPDIR");
    snprintf(R->spool, sizeof(R->spool), "%s/liftkit-assign-XXXXXX",
             dir && *dir && strlen(dir) < 32 ? dir : "/tmp");
    int fd = mkstemp(R->spool);
    if (fd < 0) {
        R->spool[0] = '\0';
        return lk_error_errno(err, "<stdin>", "cannot create spool file for");
    }
    static char buf[1 << 16];
    ssize_t n;
    int rc = LK_OK;
    while ((n = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || write(fd, buf, (size_t)n) != n) {
            rc = lk_error_errno(err, "<stdin>", n < 0 ? "cannot read" : "cannot spool");
            break;
        }
    }
    if (close(fd) != 0 && !rc)
        rc = lk_error_errno(err, "<stdin>", "cannot spool");
    R->path = R->spool;
    return rc;
}

static int carried(const run *R, int c)
{
    return c != R->col_cust && c != R->col_unit;
}

static int find_columns(run *R, lk_error *err)
{
    const lk_experiment *exp = R->exp;
    const char *names[3] = {"customer_id", exp->unit, exp->stratify};
    int idx[3];
    int rc = lk_csv_require(R->r, names, exp->stratify ? 3 : 2, idx, err);
    if (rc)
        return rc;
    R->col_cust = idx[0];
    R->col_unit = idx[1];
    R->col_strat = exp->stratify ? idx[2] : -1;
    size_t nc = lk_csv_ncolumns(R->r);
    R->carry = malloc(nc * sizeof(*R->carry));
    if (!R->carry)
        return nomem(err);
    R->ncarry = 0;
    for (size_t c = 0; c < nc; c++) {
        if (!carried(R, (int)c))
            continue;
        const char *name = lk_csv_column_name(R->r, c);
        for (size_t k = 0; k < NOUT; k++)
            if (strcmp(name, out_columns[k]) == 0)
                return lk_error_set(err, LK_EDATA, lk_csv_path(R->r), 1, c + 1,
                                    "column '%s' clashes with the output column of that "
                                    "name: rename it or make it the unit column", name);
        R->carry[R->ncarry++] = (int)c;
    }
    return LK_OK;
}

static int open_input(run *R, lk_error *err)
{
    lk_csv_close(R->r);
    R->r = NULL;
    int rc = lk_csv_open(&R->r, R->path, err);
    if (rc)
        return rc;
    if (R->pass == 1) {
        struct stat st;
        if (strcmp(R->path, "-") != 0 && stat(R->path, &st) == 0 && S_ISREG(st.st_mode))
            R->total_bytes = (uint64_t)st.st_size;
        return find_columns(R, err);
    }
    return LK_OK;
}

static void progress(const run *R)
{
    uint64_t done = lk_csv_bytes_read(R->r), total = R->total_bytes;
    if (R->exp->stratify && total) {
        done += R->pass == 2 ? total : 0;
        total *= 2;
    }
    lk_progress_report(&R->opt->progress, done, total);
}

/* ---- checking a row ---- */

static int check_ids(run *R, const lk_csv_row *row, lk_error *err)
{
    int rc = lk_csv_get_nonempty(R->r, row, R->col_cust, err);
    if (!rc)
        rc = lk_csv_get_nonempty(R->r, row, R->col_unit, err);
    if (rc)
        return rc;
    int added;
    uint32_t id = lk_strmap_intern(R->cust, row->field[R->col_cust], row->len[R->col_cust],
                                   &added);
    if (id == LK_STRMAP_NONE || grow((void **)&R->cust_line, &R->cust_line_cap,
                                     (size_t)id + 1, sizeof(*R->cust_line)))
        return nomem(err);
    if (!added)
        return lk_csv_field_error(R->r, row, R->col_cust, err,
                                  "duplicate customer_id '%.80s' (first on line %lu)",
                                  row->field[R->col_cust], (unsigned long)R->cust_line[id]);
    R->cust_line[id] = (uint32_t)row->line;
    return LK_OK;
}

/*
 * Read the next good row into *row (NULL at the end).  Bad rows go to the
 * rejects file when there is one (pass one only: pass two meets the same
 * rows again and skips them) and are otherwise the error returned.
 */
static int next_row(run *R, lk_csv_row **row, int check, lk_error *err)
{
    for (;;) {
        int rc = lk_csv_next(R->r, row, err);
        if (!rc && *row && check)
            rc = check_ids(R, *row, err);
        if (rc == LK_OK || !*row) {
            if (rc)
                fix_path(R, err);
            return rc;
        }
        if (R->pass == 2)
            continue;
        fix_path(R, err);
        if (rc != LK_EDATA || !R->opt->rejects)
            return rc;
        lk_rejects_add(R->opt->rejects, *row, err);
        R->sum->rejected++;
        if (R->exp->stratify) {
            size_t i = lk_csv_rows_read(R->r) - 1;
            if (grow((void **)&R->row_unit, &R->row_cap, i + 1, sizeof(*R->row_unit)))
                return nomem(err);
            R->row_unit[i] = LK_STRMAP_NONE;
        }
    }
}

/* ---- writing ---- */

static void put_uint(lk_csv_writer *w, uint32_t v)
{
    char buf[12], *p = buf + sizeof(buf);
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    lk_csv_put(w, p, (size_t)(buf + sizeof(buf) - p));
}

static void write_row(run *R, const lk_csv_row *row, int arm, uint32_t bucket,
                      const char *stratum, size_t stratum_len)
{
    lk_csv_writer *w = R->w;
    const lk_arm *a = &R->exp->arms[arm];
    lk_csv_put(w, row->field[R->col_cust], row->len[R->col_cust]);
    lk_csv_put(w, row->field[R->col_unit], row->len[R->col_unit]);
    lk_csv_put_str(w, R->exp->name);
    lk_csv_put_str(w, a->name);
    lk_csv_put_str(w, lk_role_name(a->role));
    put_uint(w, bucket);
    lk_csv_put(w, stratum, stratum_len);
    for (size_t k = 0; k < R->ncarry; k++)
        lk_csv_put(w, row->field[R->carry[k]], row->len[R->carry[k]]);
    lk_csv_end_row(w);
}

static void write_header(run *R)
{
    for (size_t k = 0; k < NOUT; k++)
        lk_csv_put_str(R->w, out_columns[k]);
    for (size_t k = 0; k < R->ncarry; k++)
        lk_csv_put_str(R->w, lk_csv_column_name(R->r, (size_t)R->carry[k]));
    lk_csv_end_row(R->w);
}

/* ---- the hash method ---- */

static uint64_t unit_u(run *R, const char *unit, size_t len)
{
    if (R->prev && len == R->prev_len && memcmp(unit, R->prev, len) == 0)
        return R->prev_u;
    if (len + 1 > R->prev_cap) {
        char *p = realloc(R->prev, len + 64);
        if (!p)
            return lk_assign_hasher_u(&R->hasher, unit, len);
        R->prev = p;
        R->prev_cap = len + 64;
    }
    memcpy(R->prev, unit, len);
    R->prev_len = len;
    R->prev_u = lk_assign_hasher_u(&R->hasher, unit, len);
    return R->prev_u;
}

static int assign_hash(run *R, lk_error *err)
{
    lk_assign_summary *sum = R->sum;
    lk_csv_row *row;
    int rc;
    while ((rc = next_row(R, &row, 1, err)) == LK_OK && row) {
        const char *unit = row->field[R->col_unit];
        size_t len = row->len[R->col_unit];
        uint32_t bucket = (uint32_t)(unit_u(R, unit, len) % LK_ASSIGN_BUCKETS);
        int arm = lk_assign_plan_arm(&R->plan, bucket);
        write_row(R, row, arm, bucket, "", 0);
        sum->customers[arm]++;
        if (!R->units) {
            sum->units[arm]++;
        } else {
            int added;
            if (lk_strmap_intern(R->units, unit, len, &added) == LK_STRMAP_NONE)
                return nomem(err);
            sum->units[arm] += (uint64_t)added;
        }
        if (sum->customers[arm] % PROGRESS_EVERY == 0)
            progress(R);
    }
    return rc;
}

/* ---- the stratified method ---- */

static int collect_row(run *R, const lk_csv_row *row, lk_error *err)
{
    size_t i = lk_csv_rows_read(R->r) - 1;
    if (grow((void **)&R->row_unit, &R->row_cap, i + 1, sizeof(*R->row_unit)))
        return nomem(err);
    int added;
    uint32_t uid = lk_strmap_intern(R->units, row->field[R->col_unit],
                                    row->len[R->col_unit], &added);
    if (uid == LK_STRMAP_NONE)
        return nomem(err);
    R->row_unit[i] = uid;
    if (!added)
        return LK_OK;
    uint32_t sid = lk_strmap_intern(R->strata, row->field[R->col_strat],
                                    row->len[R->col_strat], NULL);
    if (sid == LK_STRMAP_NONE ||
        grow((void **)&R->unit_stratum, &R->unit_cap, (size_t)uid + 1,
             sizeof(*R->unit_stratum)))
        return nomem(err);
    R->unit_stratum[uid] = sid;
    return LK_OK;
}

static int strata_starts(run *R, lk_error *err)
{
    size_t ns = lk_strmap_count(R->strata);
    R->start = malloc((ns ? ns : 1) * sizeof(*R->start));
    if (!R->start)
        return nomem(err);
    for (size_t s = 0; s < ns; s++)
        R->start[s] = (double)lk_assign_hasher_u(&R->hasher,
                                                 lk_strmap_key(R->strata, (uint32_t)s),
                                                 lk_strmap_key_len(R->strata, (uint32_t)s)) /
                      0x1p60;
    return LK_OK;
}

static int deal_units(run *R, lk_error *err)
{
    size_t n = lk_strmap_count(R->units), alloc = n ? n : 1;
    const char **ids = malloc(alloc * sizeof(*ids));
    size_t *lens = malloc(alloc * sizeof(*lens));
    R->unit_u = malloc(alloc * sizeof(*R->unit_u));
    R->unit_arm = malloc(alloc * sizeof(*R->unit_arm));
    int rc;
    if (!ids || !lens || !R->unit_u || !R->unit_arm) {
        rc = nomem(err);
    } else {
        for (size_t k = 0; k < n; k++) {
            ids[k] = lk_strmap_key(R->units, (uint32_t)k);
            lens[k] = lk_strmap_key_len(R->units, (uint32_t)k);
            R->unit_u[k] = lk_assign_hasher_u(&R->hasher, ids[k], lens[k]);
        }
        rc = strata_starts(R, err);
        if (!rc)
            rc = lk_assign_stratified(&R->plan, R->unit_u, ids, lens, R->unit_stratum,
                                      R->start, n, R->unit_arm, err);
    }
    free(ids);
    free(lens);
    return rc;
}

static int write_stratified(run *R, lk_error *err)
{
    lk_assign_summary *sum = R->sum;
    lk_csv_row *row;
    int rc;
    while ((rc = next_row(R, &row, 0, err)) == LK_OK && row) {
        size_t i = lk_csv_rows_read(R->r) - 1;
        if (i >= R->row_cap || R->row_unit[i] == LK_STRMAP_NONE)
            continue;
        uint32_t uid = R->row_unit[i];
        uint32_t sid = R->unit_stratum[uid];
        int arm = R->unit_arm[uid];
        write_row(R, row, arm, (uint32_t)(R->unit_u[uid] % LK_ASSIGN_BUCKETS),
                  lk_strmap_key(R->strata, sid), lk_strmap_key_len(R->strata, sid));
        sum->customers[arm]++;
        sum->stratum_customers[(size_t)sid * sum->narms + (size_t)arm]++;
        if (i % PROGRESS_EVERY == 0)
            progress(R);
    }
    return rc;
}

static int summary_strata(run *R, lk_error *err)
{
    lk_assign_summary *sum = R->sum;
    size_t ns = lk_strmap_count(R->strata), k = sum->narms;
    sum->nstrata = ns;
    sum->strata = calloc(ns ? ns : 1, sizeof(*sum->strata));
    sum->stratum_units = calloc(ns ? ns * k : 1, sizeof(uint64_t));
    sum->stratum_customers = calloc(ns ? ns * k : 1, sizeof(uint64_t));
    if (!sum->strata || !sum->stratum_units || !sum->stratum_customers)
        return nomem(err);
    for (size_t s = 0; s < ns; s++)
        if (!(sum->strata[s] = strdup(lk_strmap_key(R->strata, (uint32_t)s))))
            return nomem(err);
    size_t n = lk_strmap_count(R->units);
    for (size_t u = 0; u < n; u++) {
        sum->units[R->unit_arm[u]]++;
        sum->stratum_units[(size_t)R->unit_stratum[u] * k + (size_t)R->unit_arm[u]]++;
    }
    return LK_OK;
}

static int assign_stratified(run *R, lk_error *err)
{
    lk_csv_row *row;
    int rc;
    while ((rc = next_row(R, &row, 1, err)) == LK_OK && row) {
        if ((rc = collect_row(R, row, err)) != LK_OK)
            return rc;
        if (lk_csv_rows_read(R->r) % PROGRESS_EVERY == 0)
            progress(R);
    }
    if (rc)
        return rc;
    R->sum->rows = lk_csv_rows_read(R->r);
    if ((rc = deal_units(R, err)) || (rc = summary_strata(R, err)))
        return rc;
    R->pass = 2;
    if ((rc = open_input(R, err)) != LK_OK) {
        fix_path(R, err);
        return rc;
    }
    write_header(R);
    return write_stratified(R, err);
}

/* ---- the run ---- */

static int setup(run *R, lk_error *err)
{
    const lk_experiment *exp = R->exp;
    lk_assign_summary *sum = R->sum;
    int rc = lk_assign_plan_init(&R->plan, exp, err);
    if (rc)
        return rc;
    lk_assign_hasher_init(&R->hasher, exp->salt, strlen(exp->salt));
    sum->narms = exp->narms;
    sum->stratified = exp->stratify != NULL;
    sum->units = calloc(exp->narms, sizeof(uint64_t));
    sum->customers = calloc(exp->narms, sizeof(uint64_t));
    R->w = lk_csv_writer_new(R->opt->out);
    R->cust = lk_strmap_new(0);
    if (!sum->units || !sum->customers || !R->w || !R->cust)
        return nomem(err);
    R->path = R->opt->input ? R->opt->input : "-";
    R->pass = 1;
    if (exp->stratify && strcmp(R->path, "-") == 0 && (rc = spool_stdin(R, err)))
        return rc;
    if ((rc = open_input(R, err)) != LK_OK) {
        fix_path(R, err);
        return rc;
    }
    if (exp->stratify || strcmp(exp->unit, "customer_id") != 0) {
        R->units = lk_strmap_new(0);
        if (!R->units)
            return nomem(err);
    }
    if (exp->stratify && !(R->strata = lk_strmap_new(0)))
        return nomem(err);
    return LK_OK;
}

static void teardown(run *R)
{
    lk_csv_close(R->r);
    lk_assign_plan_release(&R->plan);
    lk_csv_writer_free(R->w);
    free(R->carry);
    lk_strmap_free(R->cust);
    lk_strmap_free(R->units);
    lk_strmap_free(R->strata);
    free(R->cust_line);
    free(R->row_unit);
    free(R->unit_stratum);
    free(R->unit_u);
    free(R->unit_arm);
    free(R->start);
    free(R->prev);
    if (R->spool[0])
        unlink(R->spool);
}

static size_t index_bytes(const run *R)
{
    size_t b = lk_strmap_bytes(R->cust) + R->cust_line_cap * sizeof(*R->cust_line);
    if (R->units)
        b += lk_strmap_bytes(R->units);
    return b;
}

int lk_assign_csv(const lk_experiment *exp, const lk_assign_options *opt,
                  lk_assign_summary *sum, lk_error *err)
{
    memset(sum, 0, sizeof(*sum));
    run R = {.exp = exp, .opt = opt, .sum = sum};
    int rc = setup(&R, err);
    if (!rc && !exp->stratify) {
        write_header(&R);
        rc = assign_hash(&R, err);
        sum->rows = R.r ? lk_csv_rows_read(R.r) : 0;
    } else if (!rc) {
        rc = assign_stratified(&R, err);
    }
    if (!rc && sum->rows == 0)
        rc = lk_error_set(err, LK_EDATA, opt->input && strcmp(opt->input, "-") ? opt->input
                                                                                : "<stdin>",
                          1, 0, "no customers: expected data rows after the header");
    if (!rc && R.r)
        progress(&R);
    sum->index_bytes = index_bytes(&R);
    teardown(&R);
    if (rc)
        lk_assign_summary_release(sum);
    return rc;
}

void lk_assign_summary_release(lk_assign_summary *sum)
{
    for (size_t s = 0; sum->strata && s < sum->nstrata; s++)
        free(sum->strata[s]);
    free(sum->strata);
    free(sum->units);
    free(sum->customers);
    free(sum->stratum_units);
    free(sum->stratum_customers);
    memset(sum, 0, sizeof(*sum));
}

/* ---- the summary ---- */

double lk_assign_summary_srm(const lk_assign_summary *sum, const lk_experiment *exp,
                             long s, double *chi2)
{
    size_t k = sum->narms;
    const uint64_t *units = s < 0 ? sum->units : sum->stratum_units + (size_t)s * k;
    double counts[k], w[k];
    for (size_t i = 0; i < k; i++) {
        counts[i] = (double)units[i];
        w[i] = exp->arms[i].weight;
    }
    return lk_srm_p(counts, w, k, chi2);
}

static void write_level(lk_csv_writer *w, const lk_assign_summary *sum,
                        const lk_experiment *exp, long s)
{
    size_t k = sum->narms;
    const uint64_t *units = s < 0 ? sum->units : sum->stratum_units + (size_t)s * k;
    const uint64_t *cust = s < 0 ? sum->customers : sum->stratum_customers + (size_t)s * k;
    double n = 0, W = 0, chi2;
    for (size_t i = 0; i < k; i++) {
        n += (double)units[i];
        W += exp->arms[i].weight;
    }
    double p = lk_assign_summary_srm(sum, exp, s, &chi2);
    for (size_t i = 0; i < k; i++) {
        lk_csv_put_str(w, s < 0 ? "all" : "stratum");
        lk_csv_put_str(w, s < 0 ? "" : sum->strata[s]);
        lk_csv_put_str(w, exp->arms[i].name);
        lk_csv_put_str(w, lk_role_name(exp->arms[i].role));
        lk_csv_put_double(w, exp->arms[i].weight, 15);
        lk_csv_put_double(w, n > 0 ? (double)units[i] / n : NAN, 6);
        lk_csv_put_long(w, (long long)units[i]);
        lk_csv_put_double(w, n * exp->arms[i].weight / W, 10);
        lk_csv_put_long(w, (long long)cust[i]);
        lk_csv_put_double(w, chi2, 6);
        lk_csv_put_double(w, p, 6);
        lk_csv_end_row(w);
    }
}

void lk_assign_summary_write(const lk_assign_summary *sum, const lk_experiment *exp,
                             FILE *f)
{
    static const char *const cols[] = {"level", "stratum", "arm", "role", "weight",
                                       "share", "units", "expected_units", "customers",
                                       "chi2", "srm_p"};
    lk_csv_writer *w = lk_csv_writer_new(f);
    if (!w)
        return;
    lk_csv_put_header(w, cols, sizeof(cols) / sizeof(cols[0]));
    write_level(w, sum, exp, -1);
    for (size_t s = 0; s < sum->nstrata; s++)
        write_level(w, sum, exp, (long)s);
    lk_csv_writer_free(w);
}
