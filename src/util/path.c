/*
 * path.c - building file names, and the one `mkdir -p`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/path.h"

char *lk_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

int lk_path_mkdirs(const char *dir, lk_error *err)
{
    char *path = strdup(dir);
    if (!path)
        return lk_error_nomem(err);
    int rc = LK_OK;
    for (char *p = path + 1; !rc; p++) {
        if (*p && *p != '/')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            rc = lk_error_errno(err, path, "cannot create folder");
        if (!c)
            break;
        *p = c;
    }
    free(path);
    return rc;
}
