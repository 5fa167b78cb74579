/*
 * output.c - all-or-nothing output files, the CSV writer and rejects.
 *
 * Output is written to a new temporary file beside the target, created
 * with O_EXCL under an unpredictable name (or to an unlinked spool file
 * for standard output and devices), and reaches its destination only on
 * commit, so a run that fails half-way leaves nothing behind.  While the
 * outputs are held (lk_output_hold) commits only queue, and
 * lk_output_release delivers all of them or none.  Every temporary file
 * not yet renamed is listed for lk_output_remove_temps, which a signal
 * handler may call.  A folder written whole (a report) is built the same
 * way: a new folder beside the target, swapped in by one rename.
 * Fields are quoted by libcsv only when they need it.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>
#include <libgen.h>

#include <csv.h>

#include "liftkit/date.h"
#include "liftkit/output.h"

#include "io/csv_quote.h"
#include "util/path.h"

struct lk_output {
    FILE *f;
    char *path;      /* target, NULL for standard output */
    char *tmp;       /* temporary beside the target */
    char *device;    /* a target that is not a regular file (/dev/null, a pipe):
                        spooled, then copied to it; never renamed over */
    int folder;      /* a whole folder: tmp is built beside path, then swapped in */
};

/* ---- the run's outputs: unique temporary files, held until all are complete ---- */

#define LIVE_MAX 256

/*
 * Every temporary file not yet renamed or removed, for the signal path: a
 * handler may unlink them (async-signal-safe) at any moment, so a slot is
 * filled and emptied with the signals it serves blocked.
 */
static char *volatile live[LIVE_MAX];
static lk_output *held[LIVE_MAX];    /* committed while holding, in order */
static size_t nheld;
static int holding;

static void live_set(const char *old, char *tmp)
{
    sigset_t all, prev;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &prev);
    for (size_t i = 0; i < LIVE_MAX; i++)
        if (live[i] == old) {
            live[i] = tmp;
            break;
        }
    pthread_sigmask(SIG_SETMASK, &prev, NULL);
}

/*
 * Remove name (a file, or a folder and all it holds) under dirfd, with
 * system calls only (getdents64, unlinkat), so a signal handler may call
 * it.  A folder is read again after each pass that removed something,
 * since removing entries while reading may skip some.  0 when name is gone.
 */
static int remove_tree_at(int dirfd, const char *name, int depth)
{
    if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
        return 0;
    if (errno != EISDIR || depth > 16)
        return -1;
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    for (int removed = 1; fd >= 0 && removed;) {
        char buf[2048];
        ssize_t n;
        removed = 0;
        lseek(fd, 0, SEEK_SET);
        while ((n = getdents64(fd, buf, sizeof(buf))) > 0)
            for (ssize_t off = 0; off < n;) {
                struct dirent64 *d = (struct dirent64 *)(void *)(buf + off);
                off += d->d_reclen;
                if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") &&
                    remove_tree_at(fd, d->d_name, depth + 1) == 0)
                    removed = 1;
            }
    }
    if (fd >= 0)
        close(fd);
    return unlinkat(dirfd, name, AT_REMOVEDIR);
}

void lk_output_remove_temps(void)
{
    for (size_t i = 0; i < LIVE_MAX; i++) {
        char *p = live[i];
        if (p)
            remove_tree_at(AT_FDCWD, p, 0);
    }
}

static unsigned long long temp_suffix(void)
{
    static unsigned long long counter;
    unsigned long long r = 0;
    if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
        r = (unsigned long long)time(NULL) * 2654435761u;
    return r ^ ++counter;
}

/*
 * A new file beside path, created with O_EXCL (never an existing file, a
 * symbolic link followed, or a name another run could guess).
 */
static FILE *open_temp(const char *path, char **tmp, lk_error *err)
{
    size_t n = strlen(path) + 48;
    if (!(*tmp = malloc(n)))
        return lk_error_nomem(err), NULL;
    for (int attempt = 0; attempt < 100; attempt++) {
        snprintf(*tmp, n, "%s.tmp.%ld.%016llx", path, (long)getpid(), temp_suffix());
        int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno == EEXIST)
            continue;
        if (fd < 0)
            break;
        FILE *f = fdopen(fd, "w");
        if (f) {
            live_set(NULL, *tmp);
            return f;
        }
        close(fd);
        unlink(*tmp);
        break;
    }
    lk_error_errno(err, path, "cannot write");
    free(*tmp);
    *tmp = NULL;
    return NULL;
}

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
        if (!(o->path = strdup(path))) {
            free(o);
            return lk_error_nomem(err);
        }
        if (!(o->f = open_temp(path, &o->tmp, err))) {
            free(o->path);
            free(o);
            return err->code;
        }
    }
    setvbuf(o->f, NULL, _IOFBF, 1 << 16);
    *out = o;
    return LK_OK;
}

FILE *lk_output_file(lk_output *o) { return o->f; }

/* ---- a whole folder, built beside its target and swapped in ---- */

/* 1 when folder path holds only names of own; else 0 and the first other in *other. */
static int holds_only(const char *path, const char *const *own, char *other, size_t len)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    struct dirent *e;
    int ok = 1;
    while (ok && (e = readdir(d))) {
        size_t i = 0;
        while (own[i] && strcmp(own[i], e->d_name))
            i++;
        if (!own[i] && strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(other, len, "%s", e->d_name);
            ok = 0;
        }
    }
    closedir(d);
    return ok;
}

/* 1 when the current folder is folder path or lies inside it. */
static int holds_cwd(const char *path)
{
    char *cwd = getcwd(NULL, 0), *real = realpath(path, NULL);
    size_t n = real ? strlen(real) : 0;
    int in = cwd && real && !strncmp(cwd, real, n) &&
             (cwd[n] == '/' || cwd[n] == '\0' || (n == 1 && real[0] == '/'));
    free(cwd);
    free(real);
    return in;
}

/* An existing target: a folder, not above us, holding nothing but own's names. */
static int check_folder(const char *t, const char *const *own, lk_error *err)
{
    struct stat st;
    char other[256];
    if (stat(t, &st) != 0)
        return lk_error_errno(err, t, "cannot open");
    if (!S_ISDIR(st.st_mode))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "'%s' is not a folder", t);
    if (holds_cwd(t))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "cannot replace '%s': the current folder is in it", t);
    int only = holds_only(t, own, other, sizeof(other));
    if (only < 0)
        return lk_error_errno(err, t, "cannot open");
    if (!only)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "'%s' holds '%s', which this command does not write: remove "
                            "it or choose another folder",
                            t, other);
    return LK_OK;
}

/* The folder to replace: path without trailing slashes, a link or "." resolved. */
static int folder_target(const char *path, const char *const *own, char **target,
                         lk_error *err)
{
    struct stat st;
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    char *t = strndup(path, n);
    if (!t)
        return lk_error_nomem(err);
    if (lstat(t, &st) != 0 && errno == ENOENT) {
        *target = t;
        return LK_OK;
    }
    const char *base = strrchr(t, '/') ? strrchr(t, '/') + 1 : t;
    if (S_ISLNK(st.st_mode) || !strcmp(base, ".") || !strcmp(base, "..")) {
        char *real = realpath(t, NULL);
        if (!real) {
            int rc = lk_error_errno(err, t, "cannot open");
            free(t);
            return rc;
        }
        free(t);
        t = real;
    }
    int rc = check_folder(t, own, err);
    if (rc)
        free(t);
    else
        *target = t;
    return rc;
}

/* An empty folder beside o->path, under a new unpredictable name. */
static int make_stage(lk_output *o, lk_error *err)
{
    const char *slash = strrchr(o->path, '/');
    size_t dirlen = slash ? (size_t)(slash - o->path) + 1 : 0;
    if (dirlen > 1) {
        char *parent = strndup(o->path, dirlen - 1);
        int rc = parent ? lk_path_mkdirs(parent, err) : lk_error_nomem(err);
        free(parent);
        if (rc)
            return rc;
    }
    size_t n = strlen(o->path) + 48;
    if (!(o->tmp = malloc(n)))
        return lk_error_nomem(err);
    for (int attempt = 0; attempt < 100; attempt++) {
        snprintf(o->tmp, n, "%.*s.%s.tmp.%ld.%016llx", (int)dirlen, o->path,
                 o->path + dirlen, (long)getpid(), temp_suffix());
        if (mkdir(o->tmp, 0777) == 0) {
            live_set(NULL, o->tmp);
            return LK_OK;
        }
        if (errno != EEXIST)
            break;
    }
    lk_error_errno(err, o->tmp, "cannot create folder");
    free(o->tmp);
    o->tmp = NULL;
    return err->code;
}

int lk_output_open_folder(lk_output **out, const char *path, const char *const *own,
                          lk_error *err)
{
    *out = NULL;
    lk_output *o = calloc(1, sizeof(*o));
    if (!o)
        return lk_error_nomem(err);
    o->folder = 1;
    int rc = folder_target(path, own, &o->path, err);
    if (!rc && (rc = make_stage(o, err)))
        free(o->path);
    if (rc)
        free(o);
    else
        *out = o;
    return rc;
}

const char *lk_output_folder(const lk_output *o) { return o->tmp; }

/*
 * Put the new folder in place of the old in one step (an exchange of
 * names), so there is always a whole report at the target; o->tmp then
 * names the old one, removed when o is freed.  Where the file system
 * cannot exchange, the old folder is moved aside first.
 */
static int swap_folder(lk_output *o, lk_error *err)
{
    if (rename(o->tmp, o->path) == 0) {
        live_set(o->tmp, NULL);
        free(o->tmp);
        o->tmp = NULL;
        return LK_OK;
    }
    if (errno != ENOTEMPTY && errno != EEXIST)
        return lk_error_errno(err, o->path, "cannot write");
    if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->path, RENAME_EXCHANGE) == 0)
        return LK_OK;
    if (errno != EINVAL && errno != ENOSYS)
        return lk_error_errno(err, o->path, "cannot write");
    size_t n = strlen(o->tmp) + 8;
    char *aside = malloc(n);
    if (!aside)
        return lk_error_nomem(err);
    snprintf(aside, n, "%s.old", o->tmp);
    int rc = LK_OK;
    if (rename(o->path, aside) != 0)
        rc = lk_error_errno(err, o->path, "cannot write");
    else if (rename(o->tmp, o->path) != 0) {
        rc = lk_error_errno(err, o->path, "cannot write");
        rename(aside, o->path);
    } else
        rename(aside, o->tmp);
    free(aside);
    return rc;
}

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

/* Flush (and for a file, close) what was written; a spool stays open to be copied. */
static int finish_writing(lk_output *o, lk_error *err)
{
    if (o->folder)
        return LK_OK;
    const char *name = o->path ? o->path : o->device ? o->device : "<stdout>";
    if (fflush(o->f) != 0 || ferror(o->f))
        return lk_error_errno(err, name, "cannot write");
    if (!o->path)
        return LK_OK;
    int bad = fclose(o->f) != 0;
    o->f = NULL;
    return bad ? lk_error_errno(err, name, "cannot write") : LK_OK;
}

/* Copy a spool to its device or standard output, or rename the file into place. */
static int deliver(lk_output *o, lk_error *err)
{
    if (o->folder)
        return swap_folder(o, err);
    if (o->device)
        return copy_to_device(o->f, o->device, err);
    if (!o->path)
        return copy_spool(o->f, stdout, "<stdout>", err);
    if (rename(o->tmp, o->path) != 0)
        return lk_error_errno(err, o->path, "cannot write");
    live_set(o->tmp, NULL);
    free(o->tmp);
    o->tmp = NULL;
    return LK_OK;
}

/* Release o; a temporary file not delivered is removed. */
static void output_free(lk_output *o)
{
    if (o->f)
        fclose(o->f);
    if (o->tmp) {
        if (o->folder)
            remove_tree_at(AT_FDCWD, o->tmp, 0);
        else
            unlink(o->tmp);
        live_set(o->tmp, NULL);
    }
    free(o->path);
    free(o->tmp);
    free(o->device);
    free(o);
}

int lk_output_commit_now(lk_output *o, lk_error *err)
{
    int rc = finish_writing(o, err);
    if (!rc)
        rc = deliver(o, err);
    output_free(o);
    return rc;
}

int lk_output_commit(lk_output *o, lk_error *err)
{
    if (!holding || nheld == LIVE_MAX)
        return lk_output_commit_now(o, err);
    int rc = finish_writing(o, err);
    if (rc)
        output_free(o);
    else
        held[nheld++] = o;
    return rc;
}

void lk_output_abort(lk_output *o)
{
    if (o)
        output_free(o);
}

void lk_output_hold(void)
{
    holding = 1;
}

int lk_output_release(int ok, lk_error *err)
{
    int rc = LK_OK;
    holding = 0;
    /* Spools first: a device that refuses its copy (a full disk) stops the renames. */
    for (size_t i = 0; ok && !rc && i < nheld; i++)
        if (!held[i]->path)
            rc = deliver(held[i], err);
    for (size_t i = 0; ok && !rc && i < nheld; i++)
        if (held[i]->path)
            rc = deliver(held[i], err);
    for (size_t i = 0; i < nheld; i++)
        output_free(held[i]);
    nheld = 0;
    return rc;
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

static const unsigned char quote_byte[256] = {[','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};

int lk_csv_needs_quotes(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (quote_byte[(unsigned char)s[i]])
            return 1;
    return 0;
}

static int safe_cells;

void lk_csv_set_safe(int on)
{
    safe_cells = on;
}

int lk_csv_safe(void)
{
    return safe_cells;
}

/* A cell a spreadsheet would take for a formula: = + - @ first, and not a number. */
static int formula_like(const char *s, size_t len)
{
    if (!len || !strchr("=+-@", s[0]))
        return 0;
    char buf[64], *end;
    if (len >= sizeof(buf) || memchr(s, '\0', len))
        return 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    strtod(buf, &end);
    return end == buf || *end;
}

static void put_field(lk_csv_writer *w, const char *s, size_t len);

void lk_csv_put(lk_csv_writer *w, const char *s, size_t len)
{
    char *p;
    if (!safe_cells || !formula_like(s, len) || !(p = malloc(len + 1))) {
        put_field(w, s, len);
        return;
    }
    p[0] = '\'';
    memcpy(p + 1, s, len);
    put_field(w, p, len + 1);
    free(p);
}

static void put_field(lk_csv_writer *w, const char *s, size_t len)
{
    if (!w->first)
        putc_unlocked(',', w->f);
    w->first = 0;
    if (!lk_csv_needs_quotes(s, len)) {
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
    /* near the largest double, rounding up would read back as infinity */
    if (fabs(v) > 1e308 && !isfinite(strtod(buf, NULL)))
        n = snprintf(buf, sizeof(buf), "%.17g", v);
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
