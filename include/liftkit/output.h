/*
 * output.h - all-or-nothing outputs, the CSV writer and the rejects file.
 *
 * An output goes to a temporary file that replaces the target only on
 * commit, so a failed run never leaves partial output.  The CSV writer
 * quotes only fields that need it.
 */
#ifndef LIFTKIT_OUTPUT_H
#define LIFTKIT_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "liftkit/csv.h"
#include "liftkit/error.h"

typedef struct lk_output lk_output;

/*
 * Open path for writing ("-" or NULL: standard output).  Output goes to a
 * temporary file beside path (or a spool file for standard output) and
 * reaches its destination only in lk_output_commit.  The caller owns *out:
 * exactly one of lk_output_commit or lk_output_abort releases it.
 */
int lk_output_open(lk_output **out, const char *path, lk_error *err);
FILE *lk_output_file(lk_output *o);
/*
 * Finish o: flush and close it, then move it into place (rename the
 * temporary file over the target, or copy the spool).  While outputs are
 * held (lk_output_hold) only the first step is done here and the move
 * waits for lk_output_release.  Releases o either way.
 */
int lk_output_commit(lk_output *o, lk_error *err);
/* lk_output_commit that moves o into place now, held or not: for a file a
   later step of the same run reads (a chart's script, which gnuplot runs). */
int lk_output_commit_now(lk_output *o, lk_error *err);
void lk_output_abort(lk_output *o);

/*
 * A whole folder (a report) written at once: an empty folder is made
 * beside path (same parent, a new unpredictable name), the run writes into
 * lk_output_folder(o), and lk_output_commit puts it in place of path in one
 * rename; the folder it replaces is then removed.  Until then path is left
 * as it was, and a failure or a signal removes the new folder.  While held,
 * commit the outputs inside the folder before the folder itself.
 * path may be missing, an empty folder or one whose top holds only names
 * of own (NULL-terminated: what the run writes there); anything else (a
 * file, a folder with other files, the current folder or one above it) is
 * LK_EUSAGE before anything is written, so nothing else is ever removed.
 */
int lk_output_open_folder(lk_output **out, const char *path, const char *const *own,
                          lk_error *err);
/* The folder to write into (beside the target until commit). */
const char *lk_output_folder(const lk_output *o);

/*
 * One run's outputs all or none: after lk_output_hold, commits queue;
 * lk_output_release(1, err) copies the spools (standard output, devices)
 * and then renames every queued file into place, stopping at the first
 * failure, and lk_output_release(0, err) removes them all.  Every queued
 * output is released either way.  Not for use from several threads.
 */
void lk_output_hold(void);
int lk_output_release(int ok, lk_error *err);

/*
 * Remove every temporary file not yet moved into place; only unlink(2),
 * so a SIGINT or SIGTERM handler may call it before the process ends.
 */
void lk_output_remove_temps(void);

typedef struct lk_csv_writer lk_csv_writer;

/*
 * With on, every CSV writer of the process writes a text cell that starts
 * with = + - or @ and is not a number with a ' before it, so that a
 * spreadsheet shows it as text instead of running it as a formula
 * (--safe-csv).  Off by default: the cells are written as they are.
 */
void lk_csv_set_safe(int on);
int lk_csv_safe(void);

/* A CSV writer on an open FILE (borrowed). */
lk_csv_writer *lk_csv_writer_new(FILE *f);
void lk_csv_writer_free(lk_csv_writer *w);
void lk_csv_put(lk_csv_writer *w, const char *s, size_t len);
void lk_csv_put_str(lk_csv_writer *w, const char *s);
void lk_csv_put_empty(lk_csv_writer *w);
void lk_csv_put_long(lk_csv_writer *w, long long v);
/* %.*g with the given significant digits; NaN and infinities as empty. */
void lk_csv_put_double(lk_csv_writer *w, double v, int digits);
void lk_csv_put_date(lk_csv_writer *w, int32_t day);
void lk_csv_end_row(lk_csv_writer *w);
/* Write a whole header row from names[0..n). */
void lk_csv_put_header(lk_csv_writer *w, const char *const *names, size_t n);

/*
 * Rejects: a CSV of rows set aside with --rejects, columns
 * file,line,column,reason,row (row = the bad row's fields as one CSV line).
 */
typedef struct lk_rejects lk_rejects;
int lk_rejects_open(lk_rejects **out, const char *path, lk_error *err);
void lk_rejects_add(lk_rejects *rj, const lk_csv_row *row, const lk_error *why);
unsigned long lk_rejects_count(const lk_rejects *rj);
/* Commit (or with ok == 0 abort) and free. */
int lk_rejects_close(lk_rejects *rj, int ok, lk_error *err);

#endif
