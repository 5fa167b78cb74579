/*
 * path.h - building file names and creating folders (library-internal).
 */
#ifndef LIFTKIT_PATH_H
#define LIFTKIT_PATH_H

#include "liftkit/error.h"

/* "dir/name" in a new string the caller frees; NULL if out of memory. */
char *lk_path_join(const char *dir, const char *name);

/*
 * Create dir and every missing folder above it, as `mkdir -p` does (one
 * that exists already is fine).  LK_EIO naming the folder that could not
 * be made.
 */
int lk_path_mkdirs(const char *dir, lk_error *err);

#endif
