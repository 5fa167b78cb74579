/*
 * csv.c - the pull CSV reader over libcsv.
 *
 * libcsv is push-based and reports no positions, so the reader feeds it one
 * line at a time: when a row completes we know the line it ended on, and
 * the line of its first field is its start line.  Fields are copied out of
 * libcsv's reused buffer into the row's own buffer.  Invariant: at most one
 * completed row is pending between calls; a second row completing inside
 * one line can only come from a bare carriage return, which is reported.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "liftkit/csv.h"
#include "liftkit/date.h"

#include "util/grow.h"
#include "util/strmap.h"

#define CHUNK (1u << 20)

struct lk_csv_reader {
    struct csv_parser parser;
    char path[256];
    int fd;                 /* -1 for an in-memory buffer */
    int own_fd;
    char *buf;              /* read buffer (or the caller's buffer) */
    size_t buf_len, pos;
    int eof;
    int finished;           /* csv_fini done */
    unsigned long line;     /* lines fed so far */
    uint64_t bytes;
    uint64_t left;          /* bytes still to read from fd (a range), or UINT64_MAX */

    /* the row being built */
    char *data;             /* field bytes, each NUL-terminated */
    size_t data_len, data_cap;
    size_t *off;            /* field offsets into data */
    size_t off_cap, ptr_cap;
    size_t *lens;
    char **ptr;
    size_t nfields, fields_cap;
    unsigned long row_line;
    int row_ready;          /* a row completed */
    int row_extra;          /* a second row completed in the same feed */
    int bad_utf8_col;       /* first field (1-based) with invalid UTF-8, or 0 */
    int line_ascii;         /* the bytes being fed are all ASCII */
    int row_quoted;         /* a quote character in the row's lines */
    int nul_col;            /* first field (1-based) holding a NUL byte, or 0 */
    int row_nul;            /* a NUL byte in the row's lines (fields are then looked at) */
    size_t row_bytes;       /* bytes of the row fed so far, for the line limit */

    lk_csv_row row;
    char **header;
    size_t ncols;
    unsigned long rows_read;
    int nomem;
};

/* 1 if s[0..len) is plain ASCII: eight bytes at a time. */
static int is_ascii(const char *s, size_t len)
{
    uint64_t acc = 0, w;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        memcpy(&w, s + i, 8);
        acc |= w;
    }
    for (; i < len; i++)
        acc |= (unsigned char)s[i];
    return (acc & 0x8080808080808080ull) == 0;
}

/* What one look at a line's bytes tells (scan_line). */
enum { LINE_ASCII = 1, LINE_QUOTE = 2, LINE_NUL = 4, LINE_BLANK = 8 };

/* A byte of w is zero (the classic word trick: exact, no false positives). */
static uint64_t has_zero_byte(uint64_t w)
{
    return (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
}

/*
 * LINE_ASCII if s[0..len) is plain ASCII, LINE_QUOTE if it holds a '"',
 * LINE_NUL if it holds a NUL byte, LINE_BLANK if a space or a tab: eight
 * bytes at a time, in one pass.
 */
static int scan_bytes(const char *s, size_t len)
{
    uint64_t acc = 0, quote = 0, nul = 0, blank = 0, w;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        memcpy(&w, s + i, 8);
        acc |= w;
        quote |= has_zero_byte(w ^ 0x2222222222222222ull);
        nul |= has_zero_byte(w);
        blank |= has_zero_byte(w ^ 0x2020202020202020ull) | has_zero_byte(w ^ 0x0909090909090909ull);
    }
    for (; i < len; i++) {
        acc |= (unsigned char)s[i];
        quote |= s[i] == '"';
        nul |= s[i] == '\0';
        blank |= s[i] == ' ' || s[i] == '\t';
    }
    return ((acc & 0x8080808080808080ull) == 0 ? LINE_ASCII : 0) | (quote ? LINE_QUOTE : 0) |
           (nul ? LINE_NUL : 0) | (blank ? LINE_BLANK : 0);
}

/*
 * scan_bytes of a line, most often without its byte-by-byte tests: NUL,
 * tab, space and '"' are all below '#', so a line (its line end aside)
 * with no byte below '#' and none above 0x7F is plain ASCII with none of
 * them.  The test of a word for a byte below '#' is exact (Anderson's "has
 * less than"); the last word overlaps the one before, so no byte loop.
 */
static int scan_line(const char *s, size_t len)
{
    size_t n = len && s[len - 1] == '\n' ? len - 1 : len;
    if (n < 8)
        return scan_bytes(s, len);
    uint64_t acc = 0, low = 0, w;
    for (size_t i = 0;; i += 8) {
        if (i + 8 > n)
            i = n - 8;
        memcpy(&w, s + i, 8);
        acc |= w;
        low |= (w - 0x2323232323232323ull) & ~w;
        if (i + 8 == n)
            break;
    }
    if ((acc | low) & 0x8080808080808080ull)
        return scan_bytes(s, len);
    return LINE_ASCII;
}

int lk_utf8_valid(const char *s, size_t len)
{
    if (is_ascii(s, len))
        return 1;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        size_t n;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1; min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2; min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3; min = 0x10000;
        } else {
            return 0;
        }
        if ((size_t)(end - p) <= n)
            return 0;
        unsigned cp = c & (0x3F >> n);
        for (size_t i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += n + 1;
    }
    return 1;
}

/* memcpy for the short fields most are: two overlapping fixed-size copies, no call. */
static void copy_field(char *d, const char *s, size_t n)
{
    if (n >= 8 && n <= 16) {
        memcpy(d, s, 8);
        memcpy(d + n - 8, s + n - 8, 8);
    } else if (n >= 4 && n < 8) {
        memcpy(d, s, 4);
        memcpy(d + n - 4, s + n - 4, 4);
    } else if (n) {
        memcpy(d, s, n);
    }
}

static void on_field(void *s, size_t len, void *data)
{
    lk_csv_reader *r = data;
    if (r->row_ready) {
        r->row_extra = 1;
        return;
    }
    if (r->nfields == 0)
        r->row_line = r->line + 1;
    if ((r->nfields >= r->fields_cap || r->data_len + len + 1 > r->data_cap) &&
        (lk_grow((void **)&r->off, &r->off_cap, r->nfields + 1, sizeof(size_t)) ||
         lk_grow((void **)&r->lens, &r->fields_cap, r->nfields + 1, sizeof(size_t)) ||
         lk_grow((void **)&r->data, &r->data_cap, r->data_len + len + 1, 1))) {
        r->nomem = 1;
        return;
    }
    copy_field(r->data + r->data_len, s, len);
    r->data[r->data_len + len] = '\0';
    r->off[r->nfields] = r->data_len;
    r->lens[r->nfields] = len;
    if (r->row_nul && !r->nul_col && len && memchr(s, '\0', len))
        r->nul_col = (int)r->nfields + 1;
    if (!r->line_ascii && !r->bad_utf8_col && !lk_utf8_valid(r->data + r->data_len, len))
        r->bad_utf8_col = (int)r->nfields + 1;
    r->data_len += len + 1;
    r->nfields++;
}

static void on_row(int c, void *data)
{
    (void)c;
    lk_csv_reader *r = data;
    if (r->row_ready)
        r->row_extra = 1;
    else
        r->row_ready = 1;
}

static void reset_row(lk_csv_reader *r)
{
    r->data_len = 0;
    r->nfields = 0;
    r->row_ready = 0;
    r->row_extra = 0;
    r->row_quoted = 0;
    r->bad_utf8_col = 0;
    r->nul_col = 0;
    r->row_nul = 0;
    r->row_bytes = 0;
}

static size_t max_line = LK_CSV_MAX_LINE_DEFAULT;

void lk_csv_set_max_line(size_t bytes)
{
    max_line = bytes ? bytes : LK_CSV_MAX_LINE_DEFAULT;
}

static int fill(lk_csv_reader *r, lk_error *err)
{
    if (r->fd < 0) {
        r->eof = 1;
        return LK_OK;
    }
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->buf_len - r->pos);
        r->buf_len -= r->pos;
        r->pos = 0;
    }
    ssize_t n;
    size_t want = CHUNK - r->buf_len;
    if (r->left < want)
        want = (size_t)r->left;
    do {
        n = want ? read(r->fd, r->buf + r->buf_len, want) : 0;
    } while (n < 0 && errno == EINTR);
    if (n > 0 && r->left != UINT64_MAX)
        r->left -= (uint64_t)n;
    if (n < 0)
        return lk_error_errno(err, r->path, "cannot read");
    if (n == 0)
        r->eof = 1;
    r->buf_len += (size_t)n;
    return LK_OK;
}

/* Make the row handed out from the fields gathered. */
static lk_csv_row *finish_row(lk_csv_reader *r)
{
    if (lk_grow((void **)&r->ptr, &r->ptr_cap, r->nfields + 1, sizeof(char *)))
        return NULL;
    for (size_t i = 0; i < r->nfields; i++)
        r->ptr[i] = r->data + r->off[i];
    r->row.nfields = r->nfields;
    r->row.field = r->ptr;
    r->row.len = r->lens;
    r->row.line = r->row_line;
    r->row.raw = 0;
    r->row.quoted = r->row_quoted;
    return &r->row;
}

/* No byte counts as padding: RFC 4180 keeps spaces and tabs as part of a field. */
static int no_padding(unsigned char c)
{
    (void)c;
    return 0;
}

/* A strict parser that keeps every byte of a field; 0, or -1 when out of
 * memory.  libcsv grows a field's buffer by its block size (128 bytes by
 * default), copying the field each time: 64 KB blocks keep a field of
 * several MB from costing a quadratic number of copied bytes. */
static int parser_init(struct csv_parser *p)
{
    if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return -1;
    csv_set_space_func(p, no_padding);
    csv_set_blk_size(p, 1 << 16);
    return 0;
}

static void restart_parser(lk_csv_reader *r)
{
    csv_free(&r->parser);
    parser_init(&r->parser);
}

/* Skip to the end of the current line after broken quoting. */
static int skip_line(lk_csv_reader *r, lk_error *err)
{
    while (!r->eof || r->pos < r->buf_len) {
        if (r->pos >= r->buf_len) {
            int rc = fill(r, err);
            if (rc)
                return rc;
            continue;
        }
        const char *p = memchr(r->buf + r->pos, '\n', r->buf_len - r->pos);
        size_t k = p ? (size_t)(p - (r->buf + r->pos)) + 1 : r->buf_len - r->pos;
        r->pos += k;
        r->bytes += k;
        if (p) {
            r->line++;
            return LK_OK;
        }
    }
    return LK_OK;
}

/*
 * Feed the buffered bytes up to and including nl (or all of them when nl
 * is NULL: a line longer than the buffer, or the last line) to libcsv.
 * Broken quoting sets the line aside as one bad row and sets *bad.
 */
static int feed(lk_csv_reader *r, const char *nl, lk_error *err, int *bad)
{
    const char *start = r->buf + r->pos;
    size_t n = nl ? (size_t)(nl - start) + 1 : r->buf_len - r->pos;
    if ((r->row_bytes += n) > max_line)
        return lk_error_set(err, LK_EDATA, r->path, r->nfields ? r->row_line : r->line + 1, 0,
                            "line longer than %zu bytes (the limit; LIFTKIT_MAX_LINE raises "
                            "it)", max_line);
    int seen = scan_line(start, n);
    r->line_ascii = (seen & LINE_ASCII) != 0;
    r->row_quoted |= (seen & LINE_QUOTE) != 0;
    r->row_nul |= (seen & LINE_NUL) != 0;
    /* libcsv asks the space function of every byte; a line without a space
     * or a tab needs no asking (its own test then finds none either) */
    csv_set_space_func(&r->parser, seen & LINE_BLANK ? no_padding : NULL);
    size_t done = csv_parse(&r->parser, start, n, on_field, on_row, r);
    if (r->nomem)
        return lk_error_nomem(err);
    if (done == n) {
        r->pos += n;
        r->bytes += n;
        if (nl)
            r->line++;
        return LK_OK;
    }
    unsigned long at = r->line + 1;
    /* the field being parsed when the quoting broke (fields of a row that
     * started on an earlier line count too) */
    unsigned long col = r->row_ready ? 1 : (unsigned long)r->nfields + 1;
    restart_parser(r);
    reset_row(r);
    size_t raw = nl ? n - 1 : n;        /* the line as read, without its line end */
    if (raw && start[raw - 1] == '\r')
        raw--;
    r->row_nul = (seen & LINE_NUL) != 0;
    on_field((void *)start, raw, r);
    r->row_line = at;
    *bad = 1;
    int rc = skip_line(r, err);
    if (rc)
        return rc;
    return lk_error_set(err, LK_EDATA, r->path, at, col,
                        "malformed quoting: a quote inside an unquoted field or "
                        "text after a closing quote");
}

static int read_row(lk_csv_reader *r, lk_csv_row **out, lk_error *err)
{
    *out = NULL;
    reset_row(r);
    unsigned long at = r->line + 1;     /* the line being fed */
    for (;;) {
        size_t avail = r->buf_len - r->pos;
        const char *nl = avail ? memchr(r->buf + r->pos, '\n', avail) : NULL;
        if (!nl && !r->eof && avail < CHUNK) {
            int rc = fill(r, err);
            if (rc)
                return rc;
            continue;
        }
        if (avail == 0) {
            if (r->finished)
                return LK_OK;
            r->finished = 1;
            unsigned long col = (unsigned long)r->nfields + 1;
            if (csv_fini(&r->parser, on_field, on_row, r) != 0)
                return lk_error_set(err, LK_EDATA, r->path,
                                    r->nfields ? r->row_line : r->line, col,
                                    "unterminated quoted field at end of file: the "
                                    "field's closing quote is missing");
            if (r->nomem)
                return lk_error_nomem(err);
        } else {
            int bad = 0;
            at = r->line + 1;
            int rc = feed(r, nl, err, &bad);
            if (bad) {
                *out = finish_row(r);
                if (*out)
                    (*out)->raw = 1;
                r->rows_read++;
                return rc ? rc : LK_EDATA;
            }
            if (rc)
                return rc;
        }
        if (r->row_extra)
            return lk_error_set(err, LK_EDATA, r->path, at, r->nfields ? r->nfields : 1,
                                "bare carriage return inside a line (after this field): "
                                "expected LF or CRLF line endings");
        if (r->row_ready) {
            *out = finish_row(r);
            if (!*out)
                return lk_error_nomem(err);
            return LK_OK;
        }
    }
}

static int check_row(lk_csv_reader *r, lk_csv_row *row, lk_error *err)
{
    if (r->nul_col)
        return lk_error_set(err, LK_EDATA, r->path, row->line, (unsigned long)r->nul_col,
                            "NUL byte in column '%s': not a text file",
                            (size_t)r->nul_col <= r->ncols ? r->header[r->nul_col - 1] : "?");
    if (r->bad_utf8_col)
        return lk_error_set(err, LK_EDATA, r->path, row->line, (unsigned long)r->bad_utf8_col,
                            "invalid UTF-8 in column '%s'",
                            (size_t)r->bad_utf8_col <= r->ncols
                                ? r->header[r->bad_utf8_col - 1] : "?");
    if (row->nfields != r->ncols) {
        if (row->nfields == 1 && r->ncols > 1 &&
            (strchr(row->field[0], ';') || strchr(row->field[0], '\t')))
            return lk_error_set(err, LK_EDATA, r->path, row->line, 1,
                                "expected %zu comma-separated fields, found 1: "
                                "wrong delimiter?", r->ncols);
        return lk_error_set(err, LK_EDATA, r->path, row->line,
                            row->nfields < r->ncols ? row->nfields + 1 : r->ncols + 1,
                            "expected %zu fields, found %zu", r->ncols, row->nfields);
    }
    return LK_OK;
}

int lk_csv_next(lk_csv_reader *r, lk_csv_row **row, lk_error *err)
{
    int rc = read_row(r, row, err);
    if (rc || !*row)
        return rc;
    r->rows_read++;
    return check_row(r, *row, err);
}

/* Every column named, no name twice: one pass through a hash table. */
static int check_names(lk_csv_reader *r, unsigned long line, lk_error *err)
{
    lk_strmap *seen = lk_strmap_new(r->ncols);
    if (!seen)
        return lk_error_nomem(err);
    int rc = LK_OK;
    for (size_t i = 0; i < r->ncols && !rc; i++) {
        int added = 0;
        if (!r->header[i][0])
            rc = lk_error_set(err, LK_EDATA, r->path, line, i + 1, "empty column name in header");
        else if (lk_strmap_intern(seen, r->header[i], strlen(r->header[i]), &added) ==
                 LK_STRMAP_NONE)
            rc = lk_error_nomem(err);
        else if (!added)
            rc = lk_error_set(err, LK_EDATA, r->path, line, i + 1,
                              "duplicate column '%s' in header", r->header[i]);
    }
    lk_strmap_free(seen);
    return rc;
}

static int read_header(lk_csv_reader *r, lk_error *err)
{
    lk_csv_row *row;
    int rc = read_row(r, &row, err);
    if (rc && row) {
        char why[sizeof(err->msg)];
        snprintf(why, sizeof(why), "%s", err->msg);
        return lk_error_set(err, LK_EDATA, r->path, 1, 0, "bad header: %s", why);
    }
    if (rc)
        return rc;
    if (!row)
        return lk_error_set(err, LK_EDATA, r->path, 0, 0, "empty file: expected a header row");
    if (r->bad_utf8_col)
        return lk_error_set(err, LK_EDATA, r->path, row->line, (unsigned long)r->bad_utf8_col,
                            "invalid UTF-8 in header");
    if (r->nul_col)
        return lk_error_set(err, LK_EDATA, r->path, row->line, (unsigned long)r->nul_col,
                            "NUL byte in header: not a text file");
    if (row->nfields > LK_CSV_MAX_COLUMNS)
        return lk_error_set(err, LK_EDATA, r->path, row->line, LK_CSV_MAX_COLUMNS + 1,
                            "header of %zu columns: at most %d", row->nfields,
                            LK_CSV_MAX_COLUMNS);
    /* A byte order mark is not part of the first column's name. */
    if (row->len[0] >= 3 && memcmp(row->field[0], "\xEF\xBB\xBF", 3) == 0)
        row->field[0] += 3;
    r->header = calloc(row->nfields, sizeof(char *));
    if (!r->header)
        return lk_error_nomem(err);
    r->ncols = row->nfields;
    for (size_t i = 0; i < row->nfields; i++) {
        r->header[i] = strdup(row->field[i]);
        if (!r->header[i])
            return lk_error_nomem(err);
    }
    if (r->ncols == 1 && (strchr(r->header[0], ';') || strchr(r->header[0], '\t') ||
                          strchr(r->header[0], '|')))
        return lk_error_set(err, LK_EDATA, r->path, row->line, 1,
                            "header '%s' is one field: expected comma-separated values "
                            "(wrong delimiter?)", r->header[0]);
    return check_names(r, row->line, err);
}

static int open_common(lk_csv_reader *r, lk_error *err)
{
    if (parser_init(&r->parser) != 0)
        return lk_error_nomem(err);
    return read_header(r, err);
}

int lk_csv_open(lk_csv_reader **out, const char *path, lk_error *err)
{
    *out = NULL;
    lk_csv_reader *r = calloc(1, sizeof(*r));
    if (!r)
        return lk_error_nomem(err);
    int is_stdin = !path || strcmp(path, "-") == 0;
    snprintf(r->path, sizeof(r->path), "%s", is_stdin ? "<stdin>" : path);
    r->fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    r->own_fd = !is_stdin;
    r->left = UINT64_MAX;
    if (r->fd < 0) {
        int rc = lk_error_errno(err, path, "cannot open");
        free(r);
        return rc;
    }
    r->buf = malloc(CHUNK);
    if (!r->buf) {
        lk_csv_close(r);
        return lk_error_nomem(err);
    }
    posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    int rc = open_common(r, err);
    if (rc) {
        lk_csv_close(r);
        return rc;
    }
    *out = r;
    return LK_OK;
}

int lk_csv_open_range(lk_csv_reader **out, const char *path, uint64_t offset,
                      uint64_t end, unsigned long first_line, lk_error *err)
{
    int rc = lk_csv_open(out, path, err);
    if (rc)
        return rc;
    lk_csv_reader *r = *out;
    if (offset == 0) {
        /* go on after the header: what is buffered starts at file offset r->bytes */
        uint64_t have = r->bytes + (r->buf_len - r->pos);
        if (end <= r->bytes)
            r->buf_len = r->pos;
        else if (have > end)
            r->buf_len = r->pos + (size_t)(end - r->bytes);
        r->left = have >= end ? 0 : end - have;
        return LK_OK;
    }
    if (lseek(r->fd, (off_t)offset, SEEK_SET) < 0) {
        rc = lk_error_errno(err, path, "cannot seek in");
        lk_csv_close(r);
        *out = NULL;
        return rc;
    }
    restart_parser(r);
    reset_row(r);
    r->pos = r->buf_len = 0;
    r->eof = r->finished = 0;
    r->left = offset < end ? end - offset : 0;
    r->line = first_line - 1;
    r->row_line = 0;
    r->bytes = 0;
    r->rows_read = 0;
    return LK_OK;
}

int lk_csv_open_buffer(lk_csv_reader **out, const char *name, const char *buf,
                       size_t len, lk_error *err)
{
    *out = NULL;
    lk_csv_reader *r = calloc(1, sizeof(*r));
    if (!r)
        return lk_error_nomem(err);
    snprintf(r->path, sizeof(r->path), "%s", name);
    r->fd = -1;
    r->buf = (char *)buf;
    r->buf_len = len;
    r->eof = 1;
    int rc = open_common(r, err);
    if (rc) {
        lk_csv_close(r);
        return rc;
    }
    *out = r;
    return LK_OK;
}

void lk_csv_close(lk_csv_reader *r)
{
    if (!r)
        return;
    csv_free(&r->parser);
    if (r->fd >= 0) {
        free(r->buf);
        if (r->own_fd)
            close(r->fd);
    }
    for (size_t i = 0; r->header && i < r->ncols; i++)
        free(r->header[i]);
    free(r->header);
    free(r->data);
    free(r->off);
    free(r->lens);
    free(r->ptr);
    free(r);
}

const char *lk_csv_path(const lk_csv_reader *r) { return r->path; }
size_t lk_csv_ncolumns(const lk_csv_reader *r) { return r->ncols; }
const char *lk_csv_column_name(const lk_csv_reader *r, size_t i) { return r->header[i]; }
unsigned long lk_csv_rows_read(const lk_csv_reader *r) { return r->rows_read; }
uint64_t lk_csv_bytes_read(const lk_csv_reader *r) { return r->bytes; }

int lk_csv_column(const lk_csv_reader *r, const char *name)
{
    for (size_t i = 0; i < r->ncols; i++)
        if (strcmp(r->header[i], name) == 0)
            return (int)i;
    return -1;
}

int lk_csv_require(const lk_csv_reader *r, const char *const *names, size_t n,
                   int *idx, lk_error *err)
{
    for (size_t i = 0; i < n; i++) {
        idx[i] = lk_csv_column(r, names[i]);
        if (idx[i] < 0)
            return lk_csv_missing_column(r, names[i], err);
    }
    return LK_OK;
}

int lk_csv_missing_column(const lk_csv_reader *r, const char *name, lk_error *err)
{
    char found[320];
    size_t len = 0;
    found[0] = '\0';
    for (size_t i = 0; i < r->ncols; i++) {
        int n = snprintf(found + len, sizeof(found) - len, "%s%.60s", i ? ", " : "",
                         r->header[i]);
        if (n < 0 || (size_t)n >= sizeof(found) - len - 5) {
            snprintf(found + len, sizeof(found) - len, "%s...", i ? ", " : "");
            break;
        }
        len += (size_t)n;
    }
    return lk_error_set(err, LK_EDATA, r->path, 1, 0,
                        "missing column '%.80s' in header; the columns are %s", name,
                        r->ncols && r->header[0][0] ? found : "(none)");
}

int lk_csv_field_error(const lk_csv_reader *r, const lk_csv_row *row, int col,
                       lk_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lk_error_vset(err, LK_EDATA, r->path, row->line, (unsigned long)col + 1, fmt, ap);
    va_end(ap);
    return LK_EDATA;
}

int lk_csv_get_date(const lk_csv_reader *r, const lk_csv_row *row, int col,
                    int32_t *day, lk_error *err)
{
    if (lk_date_parse(row->field[col], row->len[col], day) != 0)
        return lk_csv_field_error(r, row, col, err,
                                  "invalid date '%.40s' in column '%s': expected YYYY-MM-DD",
                                  row->field[col], r->header[col]);
    if (!lk_date_in_range(*day))
        return lk_csv_field_error(r, row, col, err,
                                  "date '%s' in column '%s' is out of range: expected a year "
                                  "from %d to %d", row->field[col], r->header[col],
                                  LK_DATE_MIN_YEAR, LK_DATE_MAX_YEAR);
    return LK_OK;
}

int lk_csv_get_double(const lk_csv_reader *r, const lk_csv_row *row, int col,
                      double *v, lk_error *err)
{
    if (lk_parse_double(row->field[col], row->len[col], v) == 0)
        return LK_OK;
    return lk_csv_field_error(r, row, col, err,
                              "invalid number '%.40s' in column '%s'",
                              row->field[col], r->header[col]);
}

int lk_csv_get_amount(const lk_csv_reader *r, const lk_csv_row *row, int col,
                      double *v, lk_error *err)
{
    int rc = lk_csv_get_double(r, row, col, v, err);
    if (!rc && fabs(*v) > LK_AMOUNT_MAX)
        return lk_csv_field_error(r, row, col, err,
                                  "number '%.40s' in column '%s' is too large: at most %g, "
                                  "so that sums cannot overflow",
                                  row->field[col], r->header[col], LK_AMOUNT_MAX);
    return rc;
}

int lk_csv_get_nonempty(const lk_csv_reader *r, const lk_csv_row *row, int col,
                        lk_error *err)
{
    if (row->len[col] > 0)
        return LK_OK;
    return lk_csv_field_error(r, row, col, err, "empty value in column '%s'",
                              r->header[col]);
}
