/*
 * assign_file.c - 'liftkit assign' on a customers file.
 *
 * Hash method: a row in, a row out.  The per-row path hashes the unit
 * (reusing the previous row's hash when the unit repeats, as households
 * listed together do), looks the bucket up in the plan's table and writes
 * through the CSV writer without allocating.
 *
 * Duplicate customer ids (and, for households, distinct units to count)
 * are tracked by an lk_id_index: while ids arrive in increasing order it
 * keeps only the last one, so a sorted file runs in constant memory.  Two
 * orders count as sorted: byte order (ids sorted as text) and length, then
 * byte order (numbers without zero padding: C9999999 before C10000000).
 * The first id out of both orders turns the index into a map of every id,
 * rebuilt by re-reading the rows before it (standard input, which cannot
 * be re-read, gets the map from the start).
 *
 * A large regular file is read in blocks on two threads (assign_blocks.c):
 * each block's output is written in file order, and the blocks count only
 * if every block's ids are sorted and they join in order; otherwise the
 * file is run again on one thread.  Reading and checking rows is in
 * assign_read.c.
 *
 * Stratified method: pass one checks every row and collects the units,
 * their strata and which rows are good; the deal runs on the distinct
 * units; pass two re-reads the file and writes the good rows in input
 * order.  Standard input is spooled to a temporary file so it can be read
 * twice.  A unit's stratum is the stratum value of its first good row.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assign/assign_int.h"
#include "io/csv_quote.h"
#include "util/grow.h"

#define PARALLEL_MIN_BYTES (8u << 20)

const char *const lk_assign_out_columns[NOUT] = {"customer_id", "unit_id", "experiment",
                                                 "arm", "role", "bucket", "stratum"};

/* ---- a run and its parts ---- */

int lk_assign_part_init(part *p, run *R, FILE *out, int can_rebuild, int parallel)
{
    memset(p, 0, sizeof(*p));
    p->R = R;
    p->out = parallel ? open_memstream(&p->spill, &p->spill_len) : out;
    p->can_rebuild = can_rebuild;
    p->parallel = parallel;
    p->track_units = R->hh && !R->exp->stratify;
    int ok = lk_id_index_init(&p->cust, can_rebuild || parallel) == 0;
    ok &= lk_id_index_init(&p->unit, can_rebuild || parallel) == 0;
    p->units = calloc(R->exp->narms, sizeof(uint64_t));
    p->customers = calloc(R->exp->narms, sizeof(uint64_t));
    p->w = p->out ? lk_csv_writer_new(p->out) : NULL;
    return ok && p->units && p->customers && p->w ? 0 : -1;
}

void lk_assign_part_release(part *p)
{
    lk_csv_close(p->r);
    lk_csv_writer_free(p->w);
    lk_id_index_release(&p->cust);
    lk_id_index_release(&p->unit);
    free(p->units);
    free(p->customers);
    free(p->prev);
    free(p->line_buf);
    if (p->parallel && p->out)
        fclose(p->out);
    free(p->spill);
    memset(p, 0, sizeof(*p));
}

/* ---- writing ---- */

static void put_uint(lk_csv_writer *w, uint32_t v)
{
    char buf[12], *q = buf + sizeof(buf);
    do {
        *--q = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    lk_csv_put(w, q, (size_t)(buf + sizeof(buf) - q));
}

static void write_row_slow(part *p, const lk_csv_row *row, int arm, uint32_t bucket,
                           const char *stratum, size_t stratum_len)
{
    const run *R = p->R;
    lk_csv_writer *w = p->w;
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
    if (!p->parallel)
        return;
    /* in a block: after the rows built in place */
    if (fflush(p->out) != 0 ||
        lk_grow((void **)&p->line_buf, &p->line_cap, p->line_len + p->spill_len, 1)) {
        p->nomem = 1;
    } else {
        memcpy(p->line_buf + p->line_len, p->spill, p->spill_len);
        p->line_len += p->spill_len;
    }
    fseeko(p->out, 0, SEEK_SET);
}

static char *append(char *q, const char *s, size_t len)
{
    memcpy(q, s, len);
    q[len] = ',';
    return q + len + 1;
}

/*
 * Write one output row.  The common row (no field needs quotes) is built
 * in a buffer and written at once, with the arm's constant middle part
 * prepared at the start; any other row, and every row with --safe-csv,
 * goes field by field through the CSV writer.  Both give the same bytes for a plain row.
 * In a block the row is built in place after the block's output so far.
 */
static void write_row(part *p, const lk_csv_row *row, int arm, uint32_t bucket,
                      const char *stratum, size_t stratum_len)
{
    const run *R = p->R;
    size_t need = R->middle_len[arm] + stratum_len + 16;
    /* a row without a quote character has no field that needs quoting (the
     * stratum may come from another row of the unit: always checked) */
    int check = row->quoted;
    int ok = !lk_csv_needs_quotes(stratum, stratum_len) && !lk_csv_safe();
    const int cols[2] = {R->col_cust, R->col_unit};
    for (size_t k = 0; k < 2 && ok; k++) {
        need += row->len[cols[k]] + 1;
        ok = !check || !lk_csv_needs_quotes(row->field[cols[k]], row->len[cols[k]]);
    }
    for (size_t k = 0; k < R->ncarry && ok; k++) {
        need += row->len[R->carry[k]] + 1;
        ok = !check || !lk_csv_needs_quotes(row->field[R->carry[k]], row->len[R->carry[k]]);
    }
    size_t at = p->parallel ? p->line_len : 0;
    if (!ok || lk_grow((void **)&p->line_buf, &p->line_cap, at + need, 1)) {
        write_row_slow(p, row, arm, bucket, stratum, stratum_len);
        return;
    }
    char *q = p->line_buf + at;
    q = append(q, row->field[R->col_cust], row->len[R->col_cust]);
    q = append(q, row->field[R->col_unit], row->len[R->col_unit]);
    memcpy(q, R->middle[arm], R->middle_len[arm]);
    q += R->middle_len[arm];
    char digits[12], *d = digits + sizeof(digits);
    do {
        *--d = (char)('0' + bucket % 10);
        bucket /= 10;
    } while (bucket);
    q = append(q, d, (size_t)(digits + sizeof(digits) - d));
    q = append(q, stratum, stratum_len);
    for (size_t k = 0; k < R->ncarry; k++)
        q = append(q, row->field[R->carry[k]], row->len[R->carry[k]]);
    q[-1] = '\n';
    if (p->parallel)
        p->line_len = (size_t)(q - p->line_buf);
    else
        fwrite_unlocked(p->line_buf, 1, (size_t)(q - p->line_buf), p->out);
}

/* The CSV text "experiment,arm,role," of each arm. */
static int make_middles(run *R, lk_error *err)
{
    size_t k = R->exp->narms;
    R->middle = calloc(k, sizeof(*R->middle));
    R->middle_len = calloc(k, sizeof(*R->middle_len));
    if (!R->middle || !R->middle_len)
        return lk_error_nomem(err);
    for (size_t i = 0; i < k; i++) {
        FILE *m = open_memstream(&R->middle[i], &R->middle_len[i]);
        lk_csv_writer *w = m ? lk_csv_writer_new(m) : NULL;
        if (w) {
            lk_csv_put_str(w, R->exp->name);
            lk_csv_put_str(w, R->exp->arms[i].name);
            lk_csv_put_str(w, lk_role_name(R->exp->arms[i].role));
            lk_csv_writer_free(w);
            fputc(',', m);
        }
        if (!m || !w || fclose(m) != 0)
            return lk_error_nomem(err);
    }
    return LK_OK;
}

void lk_assign_write_header(run *R, FILE *f)
{
    lk_csv_writer *w = lk_csv_writer_new(f);
    if (!w)
        return;
    for (size_t k = 0; k < NOUT; k++)
        lk_csv_put_str(w, lk_assign_out_columns[k]);
    for (size_t k = 0; k < R->ncarry; k++)
        lk_csv_put_str(w, R->carry_names[k]);
    lk_csv_end_row(w);
    lk_csv_writer_free(w);
}

/* ---- the hash method ---- */

static uint64_t unit_u(part *p, const char *unit, size_t len)
{
    if (!p->R->hh)      /* customer ids do not repeat: nothing to reuse */
        return lk_assign_hasher_u(&p->R->hasher, unit, len);
    if (p->prev && len == p->prev_len && memcmp(unit, p->prev, len) == 0)
        return p->prev_u;
    if (len + 1 > p->prev_cap) {
        char *q = realloc(p->prev, len + 64);
        if (!q)
            return lk_assign_hasher_u(&p->R->hasher, unit, len);
        p->prev = q;
        p->prev_cap = len + 64;
    }
    memcpy(p->prev, unit, len);
    p->prev_len = len;
    p->prev_u = lk_assign_hasher_u(&p->R->hasher, unit, len);
    return p->prev_u;
}

static int count_unit(part *p, const lk_csv_row *row, int arm, lk_error *err)
{
    if (!p->track_units) {
        p->units[arm]++;
        return LK_OK;
    }
    unsigned long first;
    int had = p->unit.any;
    int a = lk_assign_add_id(p, &p->unit, row, p->R->col_unit, &first, err);
    if (a == -1)
        return LK_EDATA;
    if (a <= -10)
        return a == -LK_EIO - 10 ? lk_error_nomem(err) : -a - 10;
    if (a == LK_IDX_NEW)
        p->units[arm]++;
    if (!had && p->unit.sorted)
        p->first_unit_arm = arm;
    return LK_OK;
}

int lk_assign_hash_part(part *p, lk_error *err)
{
    run *R = p->R;
    lk_csv_row *row;
    int rc;
    unsigned long n = 0;
    while ((rc = lk_assign_next_row(p, &row, 1, err)) == LK_OK && row) {
        const char *unit = row->field[R->col_unit];
        size_t len = row->len[R->col_unit];
        uint32_t bucket = (uint32_t)(unit_u(p, unit, len) % LK_ASSIGN_BUCKETS);
        int arm = lk_assign_plan_universal(&R->plan, unit, len, &bucket)
                      ? R->plan.universal : lk_assign_plan_arm(&R->plan, bucket);
        write_row(p, row, arm, bucket, "", 0);
        p->customers[arm]++;
        if ((rc = count_unit(p, row, arm, err)) != LK_OK)
            break;
        if (++n % PROGRESS_EVERY == 0) {
            if (p->stop && atomic_load_explicit(p->stop, memory_order_relaxed))
                return LK_EDATA;
            if (!p->parallel)
                lk_assign_progress(p);
        }
    }
    return rc;
}

void lk_assign_add_counts(lk_assign_summary *sum, const part *p)
{
    for (size_t i = 0; i < sum->narms; i++) {
        sum->units[i] += p->units[i];
        sum->customers[i] += p->customers[i];
    }
    sum->rejected += p->rejected;
}

static int assign_serial(run *R, lk_error *err)
{
    part p;
    int can_rebuild = R->regular;
    if (lk_assign_part_init(&p, R, R->opt->out, can_rebuild, 0)) {
        lk_assign_part_release(&p);
        return lk_error_nomem(err);
    }
    int rc = lk_assign_open_input(R, &p.r, err);
    if (!rc) {
        lk_assign_write_header(R, R->opt->out);
        rc = lk_assign_hash_part(&p, err);
    }
    if (!rc) {
        lk_assign_add_counts(R->sum, &p);
        R->sum->rows = lk_csv_rows_read(p.r);
        R->sum->index_bytes = lk_id_index_bytes(&p.cust) + lk_id_index_bytes(&p.unit);
        lk_assign_progress(&p);
    }
    lk_assign_part_release(&p);
    return rc;
}

static int assign_hash(run *R, lk_error *err)
{
    struct stat st;
    int blocks = !R->opt->rejects && sysconf(_SC_NPROCESSORS_ONLN) >= 2 && R->regular &&
                 stat(R->path, &st) == 0 && (uint64_t)st.st_size >= PARALLEL_MIN_BYTES;
    if (!blocks)
        return assign_serial(R, err);
    long pos = ftell(R->opt->out);
    lk_assign_write_header(R, R->opt->out);
    int rc = lk_assign_blocks(R, err);
    if (rc != -1)
        return rc;
    /* start again on one thread */
    memset(R->sum->units, 0, R->sum->narms * sizeof(uint64_t));
    memset(R->sum->customers, 0, R->sum->narms * sizeof(uint64_t));
    R->sum->rejected = 0;
    R->sum->rows = 0;
    if (fflush(R->opt->out) != 0 || fseek(R->opt->out, pos, SEEK_SET) != 0 ||
        ftruncate(fileno(R->opt->out), pos) != 0)
        return lk_error_errno(err, "<output>", "cannot rewind");
    return assign_serial(R, err);
}

/* ---- the stratified method ---- */

static int collect_row(run *R, part *p, const lk_csv_row *row, lk_error *err)
{
    size_t i = lk_csv_rows_read(p->r) - 1;
    if (lk_grow((void **)&R->row_unit, &R->row_cap, i + 1, sizeof(*R->row_unit)))
        return lk_error_nomem(err);
    int added;
    uint32_t uid = lk_strmap_intern(R->units, row->field[R->col_unit],
                                    row->len[R->col_unit], &added);
    if (uid == LK_STRMAP_NONE)
        return lk_error_nomem(err);
    R->row_unit[i] = uid;
    if (!added)
        return LK_OK;
    uint32_t sid = lk_strmap_intern(R->strata, row->field[R->col_strat],
                                    row->len[R->col_strat], NULL);
    if (sid == LK_STRMAP_NONE ||
        lk_grow((void **)&R->unit_stratum, &R->unit_cap, (size_t)uid + 1,
             sizeof(*R->unit_stratum)))
        return lk_error_nomem(err);
    R->unit_stratum[uid] = sid;
    return LK_OK;
}

static int strata_starts(run *R, lk_error *err)
{
    size_t ns = lk_strmap_count(R->strata);
    R->start = malloc((ns ? ns : 1) * sizeof(*R->start));
    if (!R->start)
        return lk_error_nomem(err);
    for (size_t s = 0; s < ns; s++)
        R->start[s] = lk_assign_stratum_start(R->exp->salt, strlen(R->exp->salt),
                                              lk_strmap_key(R->strata, (uint32_t)s),
                                              lk_strmap_key_len(R->strata, (uint32_t)s));
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
        rc = lk_error_nomem(err);
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

static int write_stratified(run *R, part *p, lk_error *err)
{
    lk_assign_summary *sum = R->sum;
    lk_csv_row *row;
    int rc;
    while ((rc = lk_assign_next_row(p, &row, 0, err)) == LK_OK && row) {
        size_t i = lk_csv_rows_read(p->r) - 1;
        if (i >= R->row_cap || R->row_unit[i] == LK_STRMAP_NONE)
            continue;
        uint32_t uid = R->row_unit[i];
        uint32_t sid = R->unit_stratum[uid];
        int arm = R->unit_arm[uid];
        uint32_t bucket = (uint32_t)(R->unit_u[uid] % LK_ASSIGN_BUCKETS);
        if (arm == R->plan.universal)
            lk_assign_plan_universal(&R->plan, row->field[R->col_unit],
                                     row->len[R->col_unit], &bucket);
        write_row(p, row, arm, bucket, lk_strmap_key(R->strata, sid),
                  lk_strmap_key_len(R->strata, sid));
        sum->customers[arm]++;
        sum->stratum_customers[(size_t)sid * sum->narms + (size_t)arm]++;
        if (i % PROGRESS_EVERY == 0)
            lk_assign_progress(p);
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
        return lk_error_nomem(err);
    for (size_t s = 0; s < ns; s++)
        if (!(sum->strata[s] = strdup(lk_strmap_key(R->strata, (uint32_t)s))))
            return lk_error_nomem(err);
    size_t n = lk_strmap_count(R->units);
    for (size_t u = 0; u < n; u++) {
        sum->units[R->unit_arm[u]]++;
        sum->stratum_units[(size_t)R->unit_stratum[u] * k + (size_t)R->unit_arm[u]]++;
    }
    return LK_OK;
}

static int stratified_pass1(run *R, part *p, lk_error *err)
{
    lk_csv_row *row;
    int rc;
    while ((rc = lk_assign_next_row(p, &row, 1, err)) == LK_OK && row) {
        if ((rc = collect_row(R, p, row, err)) != LK_OK)
            return rc;
        if (lk_csv_rows_read(p->r) % PROGRESS_EVERY == 0)
            lk_assign_progress(p);
    }
    if (rc)
        return rc;
    R->sum->rows = lk_csv_rows_read(p->r);
    R->sum->rejected = p->rejected;
    R->sum->index_bytes = lk_id_index_bytes(&p->cust) + lk_strmap_bytes(R->units);
    return LK_OK;
}

static int assign_stratified(run *R, lk_error *err)
{
    part p;
    int rc;
    R->units = lk_strmap_new(0);
    R->strata = lk_strmap_new(0);
    if (!R->units || !R->strata || lk_assign_part_init(&p, R, R->opt->out, 1, 0)) {
        if (R->units && R->strata)
            lk_assign_part_release(&p);
        return lk_error_nomem(err);
    }
    if (!(rc = lk_assign_open_input(R, &p.r, err)) && !(rc = stratified_pass1(R, &p, err)) &&
        !(rc = deal_units(R, err)) && !(rc = summary_strata(R, err))) {
        R->pass = 2;
        if (!(rc = lk_assign_open_input(R, &p.r, err))) {
            lk_assign_write_header(R, R->opt->out);
            rc = write_stratified(R, &p, err);
        }
    }
    lk_assign_part_release(&p);
    return rc;
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
    if (!sum->units || !sum->customers)
        return lk_error_nomem(err);
    if ((rc = make_middles(R, err)) != LK_OK)
        return rc;
    R->hh = strcmp(exp->unit, "customer_id") != 0;
    R->path = R->opt->input ? R->opt->input : "-";
    R->display = strcmp(R->path, "-") == 0 ? "<stdin>" : R->path;
    struct stat st;
    R->regular = strcmp(R->path, "-") != 0 && stat(R->path, &st) == 0 && S_ISREG(st.st_mode);
    R->pass = 1;
    if (exp->stratify && !R->regular && (rc = lk_assign_spool_input(R, err)))
        return rc;
    /* read the header once, for the columns and the size (a pipe: later) */
    if (!R->regular)
        return LK_OK;
    lk_csv_reader *r = NULL;
    rc = lk_assign_open_input(R, &r, err);
    lk_csv_close(r);
    return rc;
}

static void teardown(run *R)
{
    for (size_t i = 0; R->middle && i < R->exp->narms; i++)
        free(R->middle[i]);
    free(R->middle);
    free(R->middle_len);
    lk_assign_plan_release(&R->plan);
    free(R->carry);
    for (size_t k = 0; R->carry_names && k < R->ncarry; k++)
        free(R->carry_names[k]);
    free(R->carry_names);
    lk_strmap_free(R->units);
    lk_strmap_free(R->strata);
    free(R->row_unit);
    free(R->unit_stratum);
    free(R->unit_u);
    free(R->unit_arm);
    free(R->start);
    if (R->spool[0])
        unlink(R->spool);
}

int lk_assign_csv(const lk_experiment *exp, const lk_assign_options *opt,
                  lk_assign_summary *sum, lk_error *err)
{
    memset(sum, 0, sizeof(*sum));
    run R = {.exp = exp, .opt = opt, .sum = sum};
    int rc = setup(&R, err);
    if (!rc)
        rc = exp->stratify ? assign_stratified(&R, err) : assign_hash(&R, err);
    if (!rc && sum->rows == 0)
        rc = lk_error_set(err, LK_EDATA, opt->input && strcmp(opt->input, "-") ? opt->input
                                                                                : "<stdin>",
                          1, 0, "no customers: expected data rows after the header");
    teardown(&R);
    if (rc)
        lk_assign_summary_release(sum);
    return rc;
}

