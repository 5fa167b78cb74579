/*
 * format.h - the formats an output table can be written in.
 *
 * Every table writer (lift, roi, uplift, power, ...) takes one of these, so
 * --format means the same in every command.
 */
#ifndef LIFTKIT_FORMAT_H
#define LIFTKIT_FORMAT_H

typedef enum lk_format { LK_FORMAT_CSV, LK_FORMAT_JSON, LK_FORMAT_MD } lk_format;

/* "csv", "json" or "md" to *f; 0, or -1 for anything else. */
int lk_format_from_name(const char *name, lk_format *f);

#endif
