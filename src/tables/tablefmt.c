/*
 * tablefmt.c - JSON and Markdown cells for the table writers, and numbers
 * for people (charts and report).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tables/table.h"
#include "tables/tablefmt.h"

void lk_fmt_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

void lk_fmt_json_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.12g", v);
    else
        fputs("null", f);
}

void lk_fmt_md_str(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else if (*s == '\n' || *s == '\r')
            fputc(' ', f);
        else
            fputc(*s, f);
    }
}

/* Insert thousands separators into the integer part of a plain number. */
static char *group_digits(const char *plain, char *buf, size_t len)
{
    const char *p = plain;
    size_t at = 0;
    if (*p == '-' || *p == '+')
        if (at + 1 < len)
            buf[at++] = *p++;
    size_t ndig = strspn(p, "0123456789");
    for (size_t i = 0; i < ndig && at + 2 < len; i++) {
        buf[at++] = p[i];
        size_t left = ndig - i - 1;
        if (left && left % 3 == 0)
            buf[at++] = ',';
    }
    p += ndig;
    while (*p && at + 1 < len)
        buf[at++] = *p++;
    buf[at] = '\0';
    return buf;
}

char *fmt_num(double x, int digits, char *buf, size_t len)
{
    char plain[64];
    if (!isfinite(x)) {
        snprintf(buf, len, "n/a");
        return buf;
    }
    snprintf(plain, sizeof(plain), "%.*f", digits, x);
    if (!strcmp(plain, "-0") || (plain[0] == '-' && strspn(plain + 1, "0.") == strlen(plain + 1)))
        memmove(plain, plain + 1, strlen(plain));
    return group_digits(plain, buf, len);
}

char *fmt_count(double x, char *buf, size_t len)
{
    return fmt_num(x, 0, buf, len);
}

char *fmt_pct(double x, int digits, int sign, char *buf, size_t len)
{
    char num[64];
    if (!isfinite(x)) {
        snprintf(buf, len, "n/a");
        return buf;
    }
    fmt_num(x * 100, digits, num, sizeof(num));
    snprintf(buf, len, "%s%s%%", sign && num[0] != '-' && strspn(num, "0.,") != strlen(num) ? "+" : "", num);
    return buf;
}
