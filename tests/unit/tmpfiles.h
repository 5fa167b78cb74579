/*
 * tmpfiles.h - a temporary folder per test program, and small files in it
 * (header-only: each test program is compiled on its own).
 */
#ifndef LIFTKIT_TEST_TMPFILES_H
#define LIFTKIT_TEST_TMPFILES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char tmp_dir[64];

/* Write text to dir/name; the path stays valid for the next 7 calls. */
static char *write_file(const char *name, const char *text)
{
    static char paths[8][128];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 128, "%s/%s", tmp_dir, name);
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

/* Make the folder: /tmp/<prefix>_XXXXXX.  0 or -1. */
static int tmp_dir_make(const char *prefix)
{
    snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/%s_XXXXXX", prefix);
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int tmp_dir_remove(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp_dir);
    return system(cmd);
}

#endif
