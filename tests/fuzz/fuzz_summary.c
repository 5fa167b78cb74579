/*
 * fuzz_summary.c - libFuzzer harness for the lift summary reader
 * (lk_lift_sums_read): any file, read against a fixed two-arm experiment,
 * ends in sums or a located error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "liftkit/experiment.h"
#include "liftkit/lift.h"

static const char exp_text[] =
    "[experiment]\nname = fuzz\nstart = 2026-01-05\nwindow = 90\nproducts = heloc, card\n"
    "[arm:champion]\nrole = champion\nweight = 50\n"
    "[arm:holdout]\nrole = control\nweight = 50\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static lk_experiment *exp;
    static char path[64];
    lk_error err;
    if (!exp && lk_experiment_parse(&exp, "fuzz.ini", exp_text, &err) != LK_OK)
        abort();
    if (!path[0])
        snprintf(path, sizeof(path), "/dev/shm/liftkit-fuzz-summary.%ld", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    lk_lift_sums *s = NULL;
    if (lk_lift_sums_read(&s, exp, path, &err) == LK_OK)
        lk_lift_sums_free(s);
    unlink(path);
    return 0;
}
