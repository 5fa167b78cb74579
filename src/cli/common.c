/*
 * common.c - the start every command shares (options, then the experiment
 * file), printing errors and progress, and the checked exit.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "liftkit/date.h"
#include "liftkit/format.h"
#include "liftkit/liftkit.h"
#include "liftkit/output.h"

#include "cli.h"
#include "options.h"

int cli_run(const cli_command *c, int argc, char **argv)
{
    lk_error err;
    lk_error_clear(&err);
    void *args = calloc(1, c->size);
    if (!args) {
        lk_error_nomem(&err);
        return cli_fail(&err);
    }
    lk_experiment *exp = NULL;
    int rc = c->parse(args, argc, argv);
    const char *path = *(const char **)((char *)args + c->experiment);
    if (rc)
        rc = cli_parse_exit(rc);
    else if (path && lk_experiment_load(&exp, path, &err))
        rc = cli_fail(&err);
    else
        rc = c->run(args, exp, &err);
    lk_experiment_free(exp);
    free(args);
    return rc;
}

int cli_fail(const lk_error *err)
{
    char buf[1024];
    fprintf(stderr, "liftkit: %s\n", lk_error_format(err, buf, sizeof(buf)));
    return err->code ? err->code : LK_EIO;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "liftkit %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nsee 'liftkit %s --help'\n", cmd);
    return LK_EUSAGE;
}

int cli_output_finish(lk_output *out, int rc, lk_error *err)
{
    if (!out)
        return rc;
    if (rc) {
        lk_output_abort(out);
        return rc;
    }
    return lk_output_commit(out, err);
}

int cli_rejects_finish(lk_rejects *rj, int rc, lk_error *err)
{
    if (!rj)
        return rc;
    lk_error e2;
    int r = lk_rejects_close(rj, rc == LK_OK, &e2);
    if (!rc && r) {
        *err = e2;
        rc = r;
    }
    return rc;
}

int cli_not_built(const char *cmd)
{
    fprintf(stderr, "liftkit: '%s' is not built yet in this version\n", cmd);
    return LK_EUSAGE;
}

int cli_exit(int code)
{
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        /* a run that failed has said why (a full standard output too) */
        if (errno != EPIPE && code == 0)
            perror("liftkit: cannot write standard output");
        return code ? code : LK_EIO;
    }
    return code;
}

int cli_parse_ulong(const char *s, unsigned long *v)
{
    char *end;
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    unsigned long x = strtoul(s, &end, 10);
    if (*end || errno)
        return -1;
    *v = x;
    return 0;
}

int cli_parse_double(const char *s, double *v)
{
    char *end;
    if (!s || !*s)
        return -1;
    errno = 0;
    double x = strtod(s, &end);
    if (*end || (errno && !(errno == ERANGE && fabs(x) < DBL_MIN)) || !isfinite(x))
        return -1;   /* an underflow (a subnormal) is the nearest double */
    *v = x;
    return 0;
}

static void show_progress(void *ctx, uint64_t done, uint64_t total)
{
    cli_progress *cp = ctx;
    int now = total ? (int)(100.0 * (double)done / (double)total) : (int)(done >> 20);
    if (now == cp->last)
        return;
    cp->last = now;
    const char *sep = cp->step[0] ? " " : "";
    if (total)
        fprintf(stderr, "\r%s: %s%s%3d%%\033[K", cp->label, cp->step, sep, now);
    else
        fprintf(stderr, "\r%s: %s%s%d MB\033[K", cp->label, cp->step, sep, now);
}

static void show_step(void *ctx, const char *step)
{
    cli_progress *cp = ctx;
    snprintf(cp->step, sizeof(cp->step), "%s", step);
    cp->last = 0;
    fprintf(stderr, "\r%s: %s\033[K", cp->label, cp->step);
}

lk_progress cli_progress_start(cli_progress *cp, const char *label)
{
    cp->label = label;
    cp->last = -1;
    cp->step[0] = '\0';
    cp->enabled = isatty(STDERR_FILENO);
    lk_progress p = {cp->enabled ? show_progress : NULL, cp, cp->enabled ? show_step : NULL};
    return p;
}

void cli_progress_done(cli_progress *cp)
{
    if (cp->enabled && cp->last >= 0)
        fprintf(stderr, "\r%s: done\033[K\n", cp->label);
}

int cli_take_as_of(void *ctx, const char *cmd, const char *name, const char *value)
{
    cli_as_of *a = ctx;
    if (lk_date_parse(value, strlen(value), &a->day))
        return cli_usage(cmd, "%s expects a date YYYY-MM-DD, not '%s'", name, value);
    if (!lk_date_in_range(a->day))
        return cli_usage(cmd, "%s date '%s' is out of range: expected a year from %d to %d", name,
                         value, LK_DATE_MIN_YEAR, LK_DATE_MAX_YEAR);
    a->has = 1;
    return 0;
}

void cli_say_interim(const char *cmd, const lk_interim *r)
{
    char text[128];
    if (r->interim)
        fprintf(stderr, "liftkit %s: %s\n", cmd, lk_interim_notice(r, text, sizeof(text)));
}

int cli_split_by(const char *cmd, const char *by, cli_by *out)
{
    out->n = 0;
    if (strlen(by) >= sizeof(out->buf))
        return cli_usage(cmd, "--by is too long");
    strcpy(out->buf, by);
    char *save = NULL;
    for (char *tok = strtok_r(out->buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (out->n == sizeof(out->cols) / sizeof(out->cols[0]))
            return cli_usage(cmd, "--by takes at most %zu columns",
                             sizeof(out->cols) / sizeof(out->cols[0]));
        out->cols[out->n++] = tok;
    }
    return out->n ? 0 : cli_usage(cmd, "--by needs a column name");
}

int cli_take_summaries(const char *cmd, const char *summary, char *const *args, int nargs,
                       cli_summaries *out)
{
    if (nargs > CLI_LIST_MAX)
        return cli_usage(cmd, "more than %d summaries", CLI_LIST_MAX + 1);
    out->n = 0;
    out->paths[out->n++] = summary;
    for (int i = 0; i < nargs; i++)
        out->paths[out->n++] = args[i];
    return 0;
}
