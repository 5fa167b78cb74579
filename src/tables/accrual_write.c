/*
 * accrual_write.c - the accrual table: per arm and day since the start,
 * the units, the cumulative target responders and their rate (columns in
 * columns.h; docs/formats.md).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "liftkit/lift.h"
#include "tables/build.h"
#include "tables/columns.h"

/* Units whose first target opening fell on each day, per arm. */
static unsigned long *first_days(const lk_units *u, size_t days)
{
    unsigned long *count = calloc(u->narms * days + 1, sizeof(*count));
    for (size_t i = 0; count && i < u->n; i++) {
        int32_t d = u->first_target_day[i];
        if (d >= 0 && (size_t)d < days)
            count[(size_t)u->arm[i] * days + (size_t)d]++;
    }
    return count;
}

typedef struct accrual {
    const lk_units *u;
    const lk_experiment *exp;
} accrual;

static int put_rows(tbl_out *o, const void *src, lk_error *err)
{
    const lk_units *u = ((const accrual *)src)->u;
    const lk_experiment *exp = ((const accrual *)src)->exp;
    size_t days = (size_t)exp->window + 1;
    unsigned long *count = first_days(u, days);
    if (!count)
        return lk_error_nomem(err);
    for (size_t a = 0; a < u->narms; a++) {
        unsigned long cum = 0;
        double n = (double)u->arm_units[a];
        for (size_t d = 0; d < days; d++) {
            cum += count[a * days + d];
            tbl_out_text(o, exp->arms[a].name);
            tbl_out_num(o, (double)d);
            tbl_out_num(o, n);
            tbl_out_num(o, (double)cum);
            tbl_out_num(o, n > 0 ? (double)cum / n : NAN);
            tbl_out_end_row(o);
        }
    }
    free(count);
    return LK_OK;
}

int lk_lift_write_accrual(const lk_units *u, const lk_experiment *exp, FILE *f,
                          lk_error *err)
{
    accrual a = {u, exp};
    int rc = tbl_stream(f, &tbl_accrual, put_rows, &a, err);
    if (!rc && ferror(f))
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot write the accrual table");
    return rc;
}

int tbl_of_accrual(tbl **out, const lk_units *u, const lk_experiment *exp, const char *path,
                   lk_error *err)
{
    accrual a = {u, exp};
    return tbl_build(out, &tbl_accrual, path, put_rows, &a, err);
}
