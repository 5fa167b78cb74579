/*
 * version.c - the version string (from the VERSION file, via make) and
 * the progress hook.
 */
#include "liftkit/liftkit.h"

#ifndef LK_VERSION
#define LK_VERSION "0.0.0"
#endif

const char *lk_version(void)
{
    return LK_VERSION;
}

void lk_progress_report(const lk_progress *p, uint64_t done, uint64_t total)
{
    if (p && p->fn)
        p->fn(p->ctx, done, total);
}

void lk_progress_step(const lk_progress *p, const char *step)
{
    if (p && p->step)
        p->step(p->ctx, step);
}
