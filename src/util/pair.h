/*
 * pair.h - run the same work on two halves at once (library-internal:
 * the thread under io/parts.c, which reads a large file in two parts).
 */
#ifndef LIFTKIT_PAIR_H
#define LIFTKIT_PAIR_H

/*
 * Run fn(first) on this thread and fn(second) on a second one, and return
 * when both are done.  When no thread can be started, fn(second) runs
 * here after fn(first): the results are the same, only slower.
 */
void lk_run_pair(void *(*fn)(void *), void *first, void *second);

#endif
