/*
 * pair.c - two halves of one job on two threads.
 */
#include <pthread.h>

#include "util/pair.h"

void lk_run_pair(void *(*fn)(void *), void *first, void *second)
{
    pthread_t t;
    int started = pthread_create(&t, NULL, fn, second) == 0;
    fn(first);
    if (started)
        pthread_join(t, NULL);
    else
        fn(second);
}
