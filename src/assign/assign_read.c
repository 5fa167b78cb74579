/*
 * assign_read.c - the reading side of 'assign' on a customers file:
 * opening the input (a pipe or standard input spooled to a temporary file
 * so it can be read twice), finding the columns, and checking each row's
 * ids for duplicates through an lk_id_index, rebuilt as a map by reading
 * the rows before again when an id arrives out of order.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assign/assign_int.h"
#include "util/grow.h"

/* Messages name the input the user gave, not its spool copy. */
static void fix_path(const run *R, lk_error *err)
{
    if (R->spool[0] && strcmp(err->path, R->spool) == 0)
        snprintf(err->path, sizeof(err->path), "%s", R->display);
}

/* ---- opening ---- */

/* Copy standard input or a pipe to a temporary file, to read it twice. */
int lk_assign_spool_input(run *R, lk_error *err)
{
    int in = strcmp(R->path, "-") == 0 ? STDIN_FILENO : open(R->path, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return lk_error_errno(err, R->path, "cannot open");
    const char *dir = getenv("TMPDIR");
    snprintf(R->spool, sizeof(R->spool), "%s/liftkit-assign-XXXXXX",
             dir && *dir && strlen(dir) < 32 ? dir : "/tmp");
    int fd = mkstemp(R->spool);
    if (fd < 0) {
        R->spool[0] = '\0';
        if (in != STDIN_FILENO)
            close(in);
        return lk_error_errno(err, R->display, "cannot create spool file for");
    }
    static char buf[1 << 16];
    ssize_t n;
    int rc = LK_OK;
    while ((n = read(in, buf, sizeof(buf))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || write(fd, buf, (size_t)n) != n) {
            rc = lk_error_errno(err, R->display, n < 0 ? "cannot read" : "cannot spool");
            break;
        }
    }
    if (in != STDIN_FILENO)
        close(in);
    if (close(fd) != 0 && !rc)
        rc = lk_error_errno(err, R->display, "cannot spool");
    R->path = R->spool;
    R->regular = 1;
    return rc;
}

static int find_columns(run *R, lk_csv_reader *r, lk_error *err)
{
    const lk_experiment *exp = R->exp;
    const char *names[3] = {"customer_id", exp->unit, exp->stratify};
    int idx[3];
    int rc = lk_csv_require(r, names, exp->stratify ? 3 : 2, idx, err);
    if (rc)
        return rc;
    R->col_cust = idx[0];
    R->col_unit = idx[1];
    R->col_strat = exp->stratify ? idx[2] : -1;
    size_t nc = lk_csv_ncolumns(r);
    R->carry = malloc(nc * sizeof(*R->carry));
    R->carry_names = calloc(nc, sizeof(*R->carry_names));
    if (!R->carry || !R->carry_names)
        return lk_error_nomem(err);
    R->ncarry = 0;
    for (size_t c = 0; c < nc; c++) {
        if ((int)c == R->col_cust || (int)c == R->col_unit)
            continue;
        const char *name = lk_csv_column_name(r, c);
        for (size_t k = 0; k < NOUT; k++)
            if (strcmp(name, lk_assign_out_columns[k]) == 0)
                return lk_error_set(err, LK_EDATA, lk_csv_path(r), 1, c + 1,
                                    "column '%s' clashes with the output column of that "
                                    "name: rename it or make it the unit column", name);
        if (!(R->carry_names[R->ncarry] = strdup(name)))
            return lk_error_nomem(err);
        R->carry[R->ncarry++] = (int)c;
    }
    return LK_OK;
}

/* Open the whole input into *r (the first time, also find the columns). */
int lk_assign_open_input(run *R, lk_csv_reader **r, lk_error *err)
{
    lk_csv_close(*r);
    *r = NULL;
    int rc = lk_csv_open(r, R->path, err);
    if (!rc && !R->carry) {
        struct stat st;
        if (strcmp(R->path, "-") != 0 && stat(R->path, &st) == 0 && S_ISREG(st.st_mode))
            R->total_bytes = (uint64_t)st.st_size;
        rc = find_columns(R, *r, err);
    }
    if (rc)
        fix_path(R, err);
    return rc;
}

void lk_assign_progress(const part *p)
{
    const run *R = p->R;
    uint64_t done = lk_csv_bytes_read(p->r), total = R->total_bytes;
    if (R->exp->stratify && total) {
        done += R->pass == 2 ? total : 0;
        total *= 2;
    }
    lk_progress_report(&R->opt->progress, done > total && total ? total : done, total);
}

/* ---- checking a row ---- */

/*
 * Fill both indexes of p from the rows before line, by the same rules
 * the rows passed (a row counts when the reader took it, both ids are
 * set and its customer id is new), then leave them as maps.
 */
static int rebuild(part *p, unsigned long line, lk_error *err)
{
    run *R = p->R;
    size_t rows = lk_csv_rows_read(p->r);
    uint64_t bytes = lk_csv_bytes_read(p->r);
    size_t expect = bytes && R->total_bytes ? (size_t)((double)rows * R->total_bytes / bytes)
                                            : rows;
    if (lk_id_index_to_map(&p->cust, expect) || lk_id_index_to_map(&p->unit, p->track_units ? expect : 0))
        return lk_error_nomem(err);
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, R->path, err);
    if (rc)
        return rc;
    lk_csv_row *row;
    lk_error e;
    unsigned long first;
    while ((rc = lk_csv_next(r, &row, &e)) != LK_OK || row) {
        if (!row)
            break;
        if (row->line >= line)
            break;
        if (rc || !row->len[R->col_cust] || !row->len[R->col_unit])
            continue;
        int a = lk_id_index_add(&p->cust, row->field[R->col_cust], row->len[R->col_cust],
                          row->line, &first);
        if (a == LK_IDX_NEW && p->track_units)
            a = lk_id_index_add(&p->unit, row->field[R->col_unit], row->len[R->col_unit],
                          row->line, &first);
        if (a == LK_IDX_NOMEM) {
            lk_csv_close(r);
            return lk_error_nomem(err);
        }
    }
    lk_csv_close(r);
    if (rc && !row) {
        *err = e;
        return rc;
    }
    return LK_OK;
}

/*
 * Record a row's id in an index, falling back to maps when it is out of
 * order.  The rebuilt maps hold the rows before this one; when the unit
 * index triggered it, this row's customer id (already checked) goes in
 * too.
 */
int lk_assign_add_id(part *p, lk_id_index *x, const lk_csv_row *row, int col,
                  unsigned long *first, lk_error *err)
{
    const char *s = row->field[col];
    size_t len = row->len[col];
    int a = lk_id_index_add(x, s, len, row->line, first);
    if (a == LK_IDX_UNSORTED) {
        if (!p->can_rebuild) {
            p->unsorted = 1;
            return -1;
        }
        int rc = rebuild(p, row->line, err);
        if (rc)
            return -rc - 10;
        int c = p->R->col_cust;
        unsigned long f;
        if (x == &p->unit &&
            lk_id_index_add(&p->cust, row->field[c], row->len[c], row->line, &f) == LK_IDX_NOMEM)
            return -LK_EIO - 10;
        a = lk_id_index_add(x, s, len, row->line, first);
    }
    if (a == LK_IDX_NOMEM)
        return -LK_EIO - 10;
    return a;
}

static int check_ids(part *p, const lk_csv_row *row, lk_error *err)
{
    run *R = p->R;
    int rc = lk_csv_get_nonempty(p->r, row, R->col_cust, err);
    if (!rc)
        rc = lk_csv_get_nonempty(p->r, row, R->col_unit, err);
    if (rc)
        return rc;
    unsigned long first;
    int a = lk_assign_add_id(p, &p->cust, row, R->col_cust, &first, err);
    if (a == -1)
        return LK_EDATA;
    if (a <= -10)
        return a == -LK_EIO - 10 ? lk_error_nomem(err) : -a - 10;
    if (a == LK_IDX_SEEN)
        return lk_csv_field_error(p->r, row, R->col_cust, err,
                                  "duplicate customer_id '%.80s' (first on line %lu)",
                                  row->field[R->col_cust], first);
    return LK_OK;
}

/*
 * Read the next good row into *row (NULL at the end).  Bad rows go to the
 * rejects file when there is one (pass one only: pass two meets the same
 * rows again and skips them) and are otherwise the error returned.
 */
int lk_assign_next_row(part *p, lk_csv_row **row, int check, lk_error *err)
{
    run *R = p->R;
    for (;;) {
        int rc = lk_csv_next(p->r, row, err);
        if (!rc && *row && check)
            rc = check_ids(p, *row, err);
        if (p->unsorted)
            return LK_EDATA;
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
        p->rejected++;
        if (R->exp->stratify) {
            size_t i = lk_csv_rows_read(p->r) - 1;
            if (lk_grow((void **)&R->row_unit, &R->row_cap, i + 1, sizeof(*R->row_unit)))
                return lk_error_nomem(err);
            R->row_unit[i] = LK_STRMAP_NONE;
        }
    }
}
