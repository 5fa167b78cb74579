/*
 * fuzz_csv.c - libFuzzer harness for the CSV reader: the input is read as
 * an in-memory buffer, then as a file cut in two parts (io/parts.c) with
 * each part read to its end.  Any input must end in rows or located
 * errors, never a crash, a leak or undefined behaviour.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "io/parts.h"
#include "liftkit/csv.h"

/* Read every row; rejected rows are skipped as --rejects would. */
static void drain(lk_csv_reader *r)
{
    lk_csv_row *row;
    lk_error err;
    for (int n = 0; n < 100000; n++) {
        int rc = lk_csv_next(r, &row, &err);
        if (rc && !row)
            return;
        if (!rc && !row)
            return;
    }
}

static void read_parts(const char *path)
{
    lk_parts pl;
    lk_parts_plan(&pl, path, 1);
    for (int i = 0; i < pl.n; i++) {
        lk_csv_reader *r;
        lk_error err;
        if (lk_parts_open(&pl, i, &r, &err) == LK_OK) {
            drain(r);
            lk_csv_close(r);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lk_csv_reader *r;
    lk_error err;
    if (lk_csv_open_buffer(&r, "fuzz.csv", (const char *)data, size, &err) == LK_OK) {
        drain(r);
        lk_csv_close(r);
    }
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof(path), "/dev/shm/liftkit-fuzz-csv.%ld", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    read_parts(path);
    unlink(path);
    return 0;
}
