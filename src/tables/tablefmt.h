/*
 * tablefmt.h - small formatting helpers shared by the lift and roi writers
 * (JSON strings and numbers, Markdown cells).  Internal to the library.
 */
#ifndef LIFTKIT_TABLEFMT_H
#define LIFTKIT_TABLEFMT_H

#include <stdio.h>

/* s as a JSON string literal, quotes included. */
void lk_fmt_json_str(FILE *f, const char *s);
/* v with 12 significant digits, or null when not finite. */
void lk_fmt_json_num(FILE *f, double v);
/* s in a Markdown table cell ('|' escaped). */
void lk_fmt_md_str(FILE *f, const char *s);

#endif
