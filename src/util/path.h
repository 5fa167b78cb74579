/*
 * path.h - building file names (library-internal: used by report.c and
 * report_run.c).
 */
#ifndef LIFTKIT_PATH_H
#define LIFTKIT_PATH_H

/* "dir/name" in a new string the caller frees; NULL if out of memory. */
char *lk_path_join(const char *dir, const char *name);

#endif
