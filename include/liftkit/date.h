/*
 * date.h - dates as day numbers since 1970-01-01, and strict numbers.
 *
 * Every date in liftkit's inputs is "YYYY-MM-DD"; it is parsed once into a
 * day number (int32_t) and stays one, so comparisons and windows are
 * integer arithmetic.  Numbers in data files are parsed strictly: the
 * whole field, finite.
 */
#ifndef LIFTKIT_DATE_H
#define LIFTKIT_DATE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Data dates (openings, offers, the experiment's start) lie in these
 * years: anything else is a typo or a placeholder (0000-01-01,
 * 9999-12-31), reported as out of range.
 */
#define LK_DATE_MIN_YEAR 1900
#define LK_DATE_MAX_YEAR 2199

/* Parse exactly "YYYY-MM-DD", a real calendar date; 0 on success, -1 if not. */
int lk_date_parse(const char *s, size_t len, int32_t *day);

/* 1 if day lies in the years LK_DATE_MIN_YEAR to LK_DATE_MAX_YEAR. */
int lk_date_in_range(int32_t day);
/* Write "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). */
void lk_date_format(int32_t day, char *buf);

/* Strict number parse of s[0..len): the whole field, finite. 0 or -1. */
int lk_parse_double(const char *s, size_t len, double *v);

#endif
