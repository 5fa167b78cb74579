/*
 * error.c - filling and formatting lk_error values.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/error.h"

void lk_error_clear(lk_error *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}

int lk_error_vset(lk_error *err, int code, const char *path, unsigned long line,
                  unsigned long column, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    snprintf(err->path, sizeof(err->path), "%s", path ? path : "");
    err->line = line;
    err->column = column;
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    return code;
}

int lk_error_set(lk_error *err, int code, const char *path, unsigned long line,
                 unsigned long column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lk_error_vset(err, code, path, line, column, fmt, ap);
    va_end(ap);
    return code;
}

int lk_error_errno(lk_error *err, const char *path, const char *what)
{
    return lk_error_set(err, LK_EIO, NULL, 0, 0, "%s '%s': %s", what,
                        path ? path : "-", strerror(errno));
}

int lk_error_nomem(lk_error *err)
{
    return lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory");
}

const char *lk_error_format(const lk_error *err, char *buf, size_t len)
{
    if (!err->path[0])
        snprintf(buf, len, "%s", err->msg);
    else if (!err->line)
        snprintf(buf, len, "%s: %s", err->path, err->msg);
    else if (!err->column)
        snprintf(buf, len, "%s:%lu: %s", err->path, err->line, err->msg);
    else
        snprintf(buf, len, "%s:%lu:%lu: %s", err->path, err->line, err->column,
                 err->msg);
    return buf;
}
