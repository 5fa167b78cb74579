/*
 * clobber.c - no run destroys its own input: an output that is an input
 * (the same device and inode) or two outputs that are one file are usage
 * errors found before any work.  Standard output ("-") and files that are
 * not regular (devices such as /dev/null, pipes) are never compared: they
 * hold nothing to destroy.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "options.h"

/* The path with its folder resolved, so "a.csv" and "./a.csv" compare equal. */
static int canonical(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX], real[PATH_MAX];
    const char *base = slash ? slash + 1 : path;
    size_t n = !slash ? 1 : slash == path ? 1 : (size_t)(slash - path);
    if (n >= sizeof(dir))
        return -1;
    if (slash)
        memcpy(dir, path, n);
    else
        dir[0] = '.';
    dir[n] = '\0';
    if (!realpath(dir, real))
        return -1;
    return snprintf(out, size, "%s/%s", real, base) < (int)size ? 0 : -1;
}

/* 1 when a and b are one regular file (or would be, when written). */
static int same_file(const char *a, const char *b)
{
    if (!strcmp(a, "-") || !strcmp(b, "-"))
        return 0;
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if ((ea && !S_ISREG(sa.st_mode)) || (eb && !S_ISREG(sb.st_mode)))
        return 0;
    if (ea && eb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char ca[PATH_MAX], cb[PATH_MAX];
    return canonical(a, ca, sizeof(ca)) == 0 && canonical(b, cb, sizeof(cb)) == 0 &&
           !strcmp(ca, cb);
}

int cli_check_clobber(const char *cmd, const char *const *outs, size_t nout,
                      const char *const *ins, size_t nin)
{
    for (size_t i = 0; i < nout; i++) {
        if (!outs[i])
            continue;
        for (size_t j = 0; j < nin; j++) {
            struct stat st;
            if (ins[j] && stat(ins[j], &st) == 0 && same_file(outs[i], ins[j]))
                return cli_usage(cmd, "output '%s' is the input '%s'; write elsewhere",
                                 outs[i], ins[j]);
        }
        for (size_t j = i + 1; j < nout; j++)
            if (outs[j] && same_file(outs[i], outs[j]))
                return cli_usage(cmd, "outputs '%s' and '%s' are one file", outs[i], outs[j]);
    }
    return 0;
}

static int names_a_file(const cli_option *o)
{
    return o->argname && (strstr(o->argname, "FILE") || strstr(o->argname, "TABLE") ||
                          !strcmp(o->argname, "EXP"));
}

int cli_check_option_files(const cli_doc *doc, const cli_option *opts, char **args,
                           int nargs)
{
    const char *outs[CLI_LIST_MAX], *ins[2 * CLI_LIST_MAX];
    size_t nout = 0, nin = 0;
    for (int i = 0; i < nargs && nin < CLI_LIST_MAX; i++)
        ins[nin++] = args[i];
    for (const cli_option *o = opts; o->kind != CLI_OPT_END; o++) {
        if (o->kind == CLI_OPT_OUTFILE && *(const char **)o->target && nout < CLI_LIST_MAX)
            outs[nout++] = *(const char **)o->target;
        else if (o->kind == CLI_OPT_STRING && names_a_file(o) && *(const char **)o->target &&
                 nin < 2 * CLI_LIST_MAX)
            ins[nin++] = *(const char **)o->target;
        else if (o->kind == CLI_OPT_LIST && names_a_file(o)) {
            const cli_list *l = o->target;
            for (size_t k = 0; k < l->n && nin < 2 * CLI_LIST_MAX; k++)
                ins[nin++] = l->items[k];
        }
    }
    return cli_check_clobber(doc->name, outs, nout, ins, nin);
}

int cli_check_not_inside(const char *cmd, const char *dir, const char *const *ins, size_t nin)
{
    char rd[PATH_MAX], ri[PATH_MAX];
    if (!dir || !realpath(dir, rd))
        return 0;   /* a folder still to be made holds no input */
    size_t n = strlen(rd);
    for (size_t i = 0; i < nin; i++)
        if (ins[i] && realpath(ins[i], ri) && !strncmp(ri, rd, n) &&
            (ri[n] == '/' || rd[n - 1] == '/'))
            return cli_usage(cmd, "input '%s' is inside the output folder '%s'; "
                                  "write elsewhere",
                             ins[i], dir);
    return 0;
}
