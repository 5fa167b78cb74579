/*
 * tablefmt.c - JSON and Markdown cell formatting for the table writers.
 */
#include <math.h>
#include <stdio.h>

#include "tables/tablefmt.h"

void lk_fmt_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
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
