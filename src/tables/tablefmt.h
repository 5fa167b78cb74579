/*
 * tablefmt.h - small formatting helpers: JSON strings and numbers and
 * Markdown cells for the table writers, numbers for people for the charts
 * and the report.  Internal to the library.
 */
#ifndef LIFTKIT_TABLEFMT_H
#define LIFTKIT_TABLEFMT_H

#include <stddef.h>
#include <stdio.h>

/* s as a JSON string literal, quotes included (a line break as \n, other
   control characters and DEL as \uXXXX). */
void lk_fmt_json_str(FILE *f, const char *s);
/* v with 12 significant digits, or null when not finite. */
void lk_fmt_json_num(FILE *f, double v);
/* s in a Markdown table cell ('|' escaped). */
void lk_fmt_md_str(FILE *f, const char *s);

/*
 * Number formatting for people (charts and report), into buf; returns buf.
 * NaN gives "n/a".  fmt_count: whole number with thousands separators
 * ("60,012"); fmt_pct: x * 100 with digits decimals and "%", with a sign
 * when sign is set ("+18.2%", "-3.0%"); fmt_num: digits decimals with
 * thousands separators.
 */
char *fmt_count(double x, char *buf, size_t len);
char *fmt_pct(double x, int digits, int sign, char *buf, size_t len);
char *fmt_num(double x, int digits, char *buf, size_t len);

#endif
