/*
 * report_audit.c - the audit footer's figures of one input: its SHA-256
 * and its row count (see report.h).
 *
 * Both come from one read of the file.  The rows are counted from the
 * bytes as they are hashed, which gives the CSV reader's count exactly
 * when the file is plain: no quote (no field spans lines), no carriage
 * return but before a line feed, no line that is empty or starts with a
 * blank (libcsv skips empty lines), no very long line.  Anything else is
 * counted by the CSV reader itself, on a second read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "liftkit/csv.h"
#include "liftkit/report.h"

#define READ_SIZE ((size_t)1 << 20)
#define PLAIN_LINE_MAX 4096     /* far below any line limit the reader keeps */

/* The byte-level count, carried from one buffer to the next. */
typedef struct line_count {
    unsigned long lines;       /* line feeds (of a file not CSV) */
    unsigned long nonblank;    /* lines ended by a line feed (all start with text) */
    size_t run;                /* bytes since the last line feed */
    int plain;                 /* 0: only the CSV reader can count the rows */
    int cr_pending;            /* the buffer before ended in a carriage return */
} line_count;

static int blank_start(char c)
{
    return c == '\n' || c == '\r' || c == ' ' || c == '\t';
}

/* Every carriage return in b followed by a line feed. */
static int crs_before_lf(line_count *c, const char *b, size_t n)
{
    if (c->cr_pending && b[0] != '\n')
        return 0;
    c->cr_pending = 0;
    for (const char *p = b, *end = b + n; (p = memchr(p, '\r', (size_t)(end - p))); p++) {
        if (p + 1 == end)
            c->cr_pending = 1;
        else if (p[1] != '\n')
            return 0;
    }
    return 1;
}

static void count_lines(line_count *c, const char *b, size_t n)
{
    if (!c->plain)
        return;
    if (memchr(b, '"', n) || !crs_before_lf(c, b, n)) {
        c->plain = 0;
        return;
    }
    const char *p = b, *end = b + n;
    while (p < end) {
        if (c->run == 0 && blank_start(*p)) {
            c->plain = 0;
            return;
        }
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p);
        if ((c->run += len) > PLAIN_LINE_MAX) {
            c->plain = 0;
            return;
        }
        if (!nl)
            return;
        c->nonblank++;
        c->run = 0;
        p = nl + 1;
    }
}

/* The CSV reader's count: data rows, bad ones too; none without a header. */
static int count_csv_rows(lk_report_input *in, lk_error *err)
{
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, in->path, err);
    if (rc == LK_EDATA) { /* an empty or headerless file still gets a checksum */
        in->rows = 0;
        return LK_OK;
    }
    if (rc)
        return rc;
    lk_csv_row *row;
    lk_error ignored;
    for (;;) {
        rc = lk_csv_next(r, &row, &ignored);
        if (!row)
            break;
    }
    in->rows = lk_csv_rows_read(r);
    lk_csv_close(r);
    return rc == LK_EIO ? lk_error_set(err, LK_EIO, in->path, 0, 0, "cannot read") : LK_OK;
}

/* The rows of a plain file: its lines with text, less the header the
   reader takes (none when it refuses the header, as it counts). */
static int plain_rows(lk_report_input *in, const line_count *c, lk_error *err)
{
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, in->path, err);
    if (rc == LK_EDATA) {
        in->rows = 0;
        return LK_OK;
    }
    if (rc)
        return rc;
    lk_csv_close(r);
    unsigned long rows = c->nonblank + (c->run > 0);
    in->rows = rows ? rows - 1 : 0;
    return LK_OK;
}

/* SHA-256 of f into hex; the lines of a file not CSV, the plain count of a CSV file. */
static int hash_file(FILE *f, char *hex, line_count *c, int is_csv)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    char *buf = malloc(READ_SIZE);
    int ok = ctx && buf && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
    size_t n;
    while (ok && (n = fread(buf, 1, READ_SIZE, f)) > 0) {
        ok = EVP_DigestUpdate(ctx, buf, n) == 1;
        if (is_csv)
            count_lines(c, buf, n);
        else
            for (size_t i = 0; i < n; i++)
                c->lines += buf[i] == '\n';
    }
    if (c->cr_pending)
        c->plain = 0;
    ok = ok && !ferror(f);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen) == 1 && mdlen == 32;
    EVP_MD_CTX_free(ctx);
    free(buf);
    for (unsigned i = 0; ok && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return ok;
}

int lk_report_input_audit(lk_report_input *in, lk_error *err)
{
    FILE *f = fopen(in->path, "rb");
    if (!f)
        return lk_error_errno(err, in->path, "cannot open");
    line_count c = {.plain = in->is_csv};
    int ok = hash_file(f, in->sha256, &c, in->is_csv);
    fclose(f);
    if (!ok)
        return lk_error_set(err, LK_EIO, in->path, 0, 0, "cannot read");
    in->rows = c.lines;
    if (!in->is_csv)
        return LK_OK;
    return c.plain ? plain_rows(in, &c, err) : count_csv_rows(in, err);
}
