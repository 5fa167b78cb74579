/*
 * fuzz_experiment.c - libFuzzer harness for the experiment file: any text
 * is parsed and checked, ending in an experiment or a located error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/experiment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    lk_experiment *e = NULL;
    lk_error err;
    if (lk_experiment_parse(&e, "fuzz.ini", text, &err) == LK_OK)
        lk_experiment_free(e);
    free(text);
    return 0;
}
