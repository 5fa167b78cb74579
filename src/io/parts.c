/*
 * parts.c - one large file read in two parts on two threads.
 *
 * The cut search reads the file from its start in chunks, counting lines
 * and quote characters, and from the middle on stops at the first newline
 * with an even quote count before it.  Positions are file offsets kept in
 * 64 bits and every look into the buffer stays inside the bytes read, so
 * a line of any length (a field of many megabytes across the middle) only
 * moves the cut further on, or leaves the file in one part.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/parts.h"
#include "util/pair.h"

#define SCAN_CHUNK (1u << 20)

/* The search for a cut: counts of what was read so far. */
typedef struct scan {
    uint64_t pos;               /* file offset of the buffer's first byte */
    uint64_t mid;               /* the cut lies after this offset */
    unsigned long lines;        /* newlines before the position looked at */
    uint64_t quotes;            /* quote characters before it */
    uint64_t cut;               /* the cut found, or 0 */
} scan;

#define ONES 0x0101010101010101ull
#define HIGH 0x8080808080808080ull

/* How many bytes of the word w equal c (a byte-wise zero test, exact). */
static unsigned word_count(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (ONES * c);
    uint64_t t = ((x & ~HIGH) + ~HIGH) | x;     /* a byte's high bit: it is not 0 */
    return (unsigned)((((~t & HIGH) >> 7) * ONES) >> 56);
}

size_t lk_count_byte(const char *s, size_t n, unsigned char c)
{
    size_t k = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        k += word_count(w, c);
    }
    for (; i < n; i++)
        k += (unsigned char)s[i] == c;
    return k;
}

/* Newlines and quotes in s[0..n) (quotes are rare: memchr finds them fast). */
static void count_bytes(const char *s, size_t n, scan *sc)
{
    sc->lines += lk_count_byte(s, n, '\n');
    for (const char *q = s, *e = s + n; (q = memchr(q, '"', (size_t)(e - q))); q++)
        sc->quotes++;
}

/*
 * Look through buf[from..n) (at or after the middle) newline by newline
 * for the first one with an even quote count before it.
 */
static void find_cut(const char *buf, size_t from, size_t n, scan *sc)
{
    while (from < n) {
        const char *nl = memchr(buf + from, '\n', n - from);
        size_t upto = nl ? (size_t)(nl - buf) + 1 : n;
        count_bytes(buf + from, upto - from, sc);
        from = upto;
        if (nl && sc->quotes % 2 == 0) {
            sc->cut = sc->pos + upto;
            return;
        }
    }
}

/* One chunk of n bytes at sc->pos: counted before the middle, searched after. */
static void scan_chunk(const char *buf, size_t n, scan *sc)
{
    size_t before = 0;
    if (sc->pos < sc->mid)
        before = sc->mid - sc->pos < n ? (size_t)(sc->mid - sc->pos) : n;
    count_bytes(buf, before, sc);
    find_cut(buf, before, n, sc);
}

static ssize_t read_some(int fd, char *buf, size_t n)
{
    ssize_t k;
    do
        k = read(fd, buf, n);
    while (k < 0 && errno == EINTR);
    return k;
}

/* The first safe line start after the middle of fd's size bytes, or 0. */
static uint64_t search_cut(int fd, uint64_t size, unsigned long *line)
{
    char *buf = malloc(SCAN_CHUNK);
    scan sc = {.mid = size / 2};
    while (buf && !sc.cut && sc.pos < size) {
        ssize_t k = read_some(fd, buf, SCAN_CHUNK);
        if (k <= 0)
            break;
        scan_chunk(buf, (size_t)k, &sc);
        if (!sc.cut)
            sc.pos += (uint64_t)k;
    }
    free(buf);
    *line = sc.lines + 1;
    /* part 0 holds the header and at least one row; part 1 is not empty */
    return sc.cut && sc.lines >= 2 && sc.cut < size ? sc.cut : 0;
}

void lk_parts_plan(lk_parts *pl, const char *path, uint64_t min_bytes)
{
    memset(pl, 0, sizeof(*pl));
    atomic_init(&pl->stop, 0);
    pl->path = path;
    pl->n = 1;
    struct stat st;
    if (!path || strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    pl->regular = 1;
    pl->size = (uint64_t)st.st_size;
    if (pl->size < min_bytes || min_bytes == LK_PARTS_WHOLE)
        return;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    pl->cut = search_cut(fd, pl->size, &pl->cut_line);
    close(fd);
    if (pl->cut)
        pl->n = 2;
}

uint64_t lk_parts_bytes(const lk_parts *pl, int i)
{
    if (pl->n == 1)
        return pl->size;
    return i == 0 ? pl->cut : pl->size - pl->cut;
}

int lk_parts_open(const lk_parts *pl, int i, lk_csv_reader **out, lk_error *err)
{
    if (pl->n == 1)
        return lk_csv_open(out, pl->path, err);
    if (i == 0)
        return lk_csv_open_range(out, pl->path, 0, pl->cut, 2, err);
    return lk_csv_open_range(out, pl->path, pl->cut, pl->size, pl->cut_line, err);
}

typedef struct job {
    lk_parts *pl;
    lk_parts_fn fn;
    void *arg;
    int i;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    lk_parts *pl = j->pl;
    pl->rc[j->i] = j->fn(j->arg, &pl->err[j->i]);
    if (pl->rc[j->i] && j->i == 0)
        atomic_store(&pl->stop, 1);
    return NULL;
}

int lk_parts_run(lk_parts *pl, lk_parts_fn fn, void *const arg[], lk_error *err)
{
    job j[LK_PARTS_MAX];
    for (int i = 0; i < pl->n; i++)
        j[i] = (job){pl, fn, arg[i], i};
    if (pl->n > 1)
        lk_run_pair(run_job, &j[0], &j[1]);
    else
        run_job(&j[0]);
    for (int i = 0; i < pl->n; i++)
        if (pl->rc[i]) {
            *err = pl->err[i];
            return pl->rc[i];
        }
    return LK_OK;
}

int lk_parts_stopped(const lk_parts *pl)
{
    return atomic_load_explicit(&pl->stop, memory_order_relaxed);
}
