/*
 * output.c - all-or-nothing output files, the CSV writer and rejects.
 *
 * Output is written to a temporary file beside the target (or to an
 * unlinked spool file for standard output) and reaches its destination
 * only on commit, so a run that fails half-way leaves nothing behind.
 * Fields are quoted by libcsv only when they need it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "liftkit/date.h"
#include "liftkit/output.h"

struct lk_output {
    FILE *f;
    char *path;      /* target, NULL for standard output */
    char *tmp;       /* temporary beside the target */
    char *device;    /* a target that is not a regular file (/dev/null, a pipe):
                        spooled, then copied to it; never renamed over */
};

int lk_output_open(lk_output **out, const char *path, lk_error *err)
{
    *out = NULL;
    lk_output *o = calloc(1, sizeof(*o));
    if (!o)
        return lk_error_nomem(err);
    struct stat st;
    int device = path && strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
                 !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
    if (device && !(o->device = strdup(path))) {
        free(o);
        return lk_error_nomem(err);
    }
    if (!path || strcmp(path, "-") == 0 || device) {
        o->f = tmpfile();
        if (!o->f) {
            int rc = lk_error_errno(err, device ? path : "<stdout>",
                                    "cannot create spool file for");
            free(o->device);
            free(o);
            return rc;
        }
    } else {
        size_t n = strlen(path) + 32;
        o->path = strdup(path);
        o->tmp = malloc(n);
        if (!o->path || !o->tmp) {
            lk_output_abort(o);
            return lk_error_nomem(err);
        }
        snprintf(o->tmp, n, "%s.tmp.%ld", path, (long)getpid());
        o->f = fopen(o->tmp, "w");
        if (!o->f) {
            int rc = lk_error_errno(err, path, "cannot write");
            lk_output_abort(o);
            return rc;
        }
    }
    setvbuf(o->f, NULL, _IOFBF, 1 << 16);
    *out = o;
    return LK_OK;
}

FILE *lk_output_file(lk_output *o) { return o->f; }

static int copy_spool(FILE *f, FILE *to, const char *name, lk_error *err)
{
    char buf[1 << 16];
    size_t n;
    rewind(f);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            return lk_error_errno(err, name, "cannot write");
    if (ferror(f))
        return lk_error_errno(err, name, "cannot read spool for");
    if (fflush(to) != 0)
        return lk_error_errno(err, name, "cannot write");
    return LK_OK;
}

static int copy_to_device(FILE *f, const char *device, lk_error *err)
{
    FILE *d = fopen(device, "w");
    if (!d)
        return lk_error_errno(err, device, "cannot write");
    int rc = copy_spool(f, d, device, err);
    if (fclose(d) != 0 && !rc)
        rc = lk_error_errno(err, device, "cannot write");
    return rc;
}

int lk_output_commit(lk_output *o, lk_error *err)
{
    int rc = LK_OK;
    if (fflush(o->f) != 0 || ferror(o->f))
        rc = lk_error_errno(err, o->path ? o->path : "<stdout>", "cannot write");
    else if (o->device)
        rc = copy_to_device(o->f, o->device, err);
    else if (!o->path)
        rc = copy_spool(o->f, stdout, "<stdout>", err);
    if (fclose(o->f) != 0 && !rc)
        rc = lk_error_errno(err, o->path ? o->path : "<stdout>", "cannot write");
    o->f = NULL;
    if (!rc && o->path && rename(o->tmp, o->path) != 0)
        rc = lk_error_errno(err, o->path, "cannot write");
    if (rc && o->tmp)
        unlink(o->tmp);
    free(o->path);
    free(o->tmp);
    free(o->device);
    free(o);
    return rc;
}

void lk_output_abort(lk_output *o)
{
    if (!o)
        return;
    if (o->f)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free(o->path);
    free(o->tmp);
    free(o->device);
    free(o);
}

struct lk_csv_writer {
    FILE *f;
    int first;       /* no field written yet on this row */
    char *quoted;
    size_t quoted_cap;
};

lk_csv_writer *lk_csv_writer_new(FILE *f)
{
    lk_csv_writer *w = calloc(1, sizeof(*w));
    if (w) {
        w->f = f;
        w->first = 1;
    }
    return w;
}

void lk_csv_writer_free(lk_csv_writer *w)
{
    if (w)
        free(w->quoted);
    free(w);
}

static int needs_quotes(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            return 1;
    return 0;
}

void lk_csv_put(lk_csv_writer *w, const char *s, size_t len)
{
    if (!w->first)
        putc_unlocked(',', w->f);
    w->first = 0;
    if (!needs_quotes(s, len)) {
        fwrite_unlocked(s, 1, len, w->f);
        return;
    }
    size_t need = 2 * len + 2;
    if (need > w->quoted_cap) {
        char *q = realloc(w->quoted, need);
        if (!q) { /* fall back to libcsv's own streaming writer */
            csv_fwrite(w->f, s, len);
            return;
        }
        w->quoted = q;
        w->quoted_cap = need;
    }
    size_t n = csv_write(w->quoted, w->quoted_cap, s, len);
    fwrite_unlocked(w->quoted, 1, n, w->f);
}

void lk_csv_put_str(lk_csv_writer *w, const char *s)
{
    lk_csv_put(w, s ? s : "", s ? strlen(s) : 0);
}

void lk_csv_put_empty(lk_csv_writer *w)
{
    lk_csv_put(w, "", 0);
}

void lk_csv_put_long(lk_csv_writer *w, long long v)
{
    char buf[32];
    int n = snprintf(buf, sizeof(buf), "%lld", v);
    lk_csv_put(w, buf, (size_t)n);
}

void lk_csv_put_double(lk_csv_writer *w, double v, int digits)
{
    if (!isfinite(v)) {
        lk_csv_put_empty(w);
        return;
    }
    char buf[64];
    if (v == 0)
        v = 0; /* no "-0" */
    int n = snprintf(buf, sizeof(buf), "%.*g", digits, v);
    lk_csv_put(w, buf, (size_t)n);
}

void lk_csv_put_date(lk_csv_writer *w, int32_t day)
{
    char buf[16];
    lk_date_format(day, buf);
    lk_csv_put(w, buf, 10);
}

void lk_csv_end_row(lk_csv_writer *w)
{
    putc_unlocked('\n', w->f);
    w->first = 1;
}

void lk_csv_put_header(lk_csv_writer *w, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        lk_csv_put_str(w, names[i]);
    lk_csv_end_row(w);
}

struct lk_rejects {
    lk_output *out;
    lk_csv_writer *w;
    unsigned long count;
};

int lk_rejects_open(lk_rejects **out, const char *path, lk_error *err)
{
    static const char *const cols[] = {"file", "line", "column", "reason", "row"};
    *out = NULL;
    lk_rejects *rj = calloc(1, sizeof(*rj));
    if (!rj)
        return lk_error_nomem(err);
    int rc = lk_output_open(&rj->out, path, err);
    if (rc) {
        free(rj);
        return rc;
    }
    rj->w = lk_csv_writer_new(lk_output_file(rj->out));
    if (!rj->w) {
        lk_output_abort(rj->out);
        free(rj);
        return lk_error_nomem(err);
    }
    lk_csv_put_header(rj->w, cols, 5);
    *out = rj;
    return LK_OK;
}

void lk_rejects_add(lk_rejects *rj, const lk_csv_row *row, const lk_error *why)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = row && row->raw ? NULL : open_memstream(&buf, &len);
    if (mem && row) {
        lk_csv_writer *w = lk_csv_writer_new(mem);
        for (size_t i = 0; w && i < row->nfields; i++)
            lk_csv_put(w, row->field[i], row->len[i]);
        lk_csv_writer_free(w);
    }
    if (mem)
        fclose(mem);
    lk_csv_put_str(rj->w, why->path);
    lk_csv_put_long(rj->w, (long long)(row ? row->line : why->line));
    if (why->column)
        lk_csv_put_long(rj->w, (long long)why->column);
    else
        lk_csv_put_empty(rj->w);
    lk_csv_put_str(rj->w, why->msg);
    if (row && row->raw && row->nfields)
        lk_csv_put(rj->w, row->field[0], row->len[0]);
    else
        lk_csv_put(rj->w, buf ? buf : "", buf ? len : 0);
    lk_csv_end_row(rj->w);
    free(buf);
    rj->count++;
}

unsigned long lk_rejects_count(const lk_rejects *rj)
{
    return rj ? rj->count : 0;
}

int lk_rejects_close(lk_rejects *rj, int ok, lk_error *err)
{
    if (!rj)
        return LK_OK;
    int rc = LK_OK;
    lk_csv_writer_free(rj->w);
    if (ok)
        rc = lk_output_commit(rj->out, err);
    else
        lk_output_abort(rj->out);
    free(rj);
    return rc;
}
