/*
 * liftkit.h - the library's version and the progress hook that every
 * long-running module takes.  Each module has its own header beside this
 * one; include the ones you use.
 */
#ifndef LIFTKIT_H
#define LIFTKIT_H

#include <stdint.h>

/* The library's version, "MAJOR.MINOR.PATCH". */
const char *lk_version(void);

/*
 * Progress callback for long runs: done out of total units of work (bytes
 * of input, usually; total 0 when unknown).  The library calls it now and
 * then; the command layer decides whether to show anything.
 */
typedef void (*lk_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/*
 * A run of several long steps names each as it starts ("ROI bootstrap");
 * the reports that follow count that step's work.
 */
typedef void (*lk_progress_step_fn)(void *ctx, const char *step);

typedef struct lk_progress {
    lk_progress_fn fn;     /* NULL: no reports */
    void *ctx;
    lk_progress_step_fn step;   /* NULL: steps are not named */
} lk_progress;

/* Call p->fn if set. */
void lk_progress_report(const lk_progress *p, uint64_t done, uint64_t total);

/* Call p->step if set. */
void lk_progress_step(const lk_progress *p, const char *step);

#endif
