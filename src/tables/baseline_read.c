/*
 * baseline_read.c - the next wave's baseline from the last wave's lift
 * table (power_k.h): the champion's target response rate, read with the
 * lift table's own descriptor so the columns are the ones lift writes.
 */
#include <string.h>

#include "liftkit/power_k.h"
#include "tables/columns.h"
#include "tables/table.h"

int lk_power_baseline_from_lift(const char *path, double *baseline, lk_error *err)
{
    tbl *t = NULL;
    int rc = tbl_read(&t, path, &tbl_lift,
                      TBL_COL(LIFT_METRIC) | TBL_COL(LIFT_ROLE) | TBL_COL(LIFT_VALUE), err);
    if (rc)
        return rc;
    size_t i = 0;
    while (i < t->nrows && (strcmp(tbl_get(t, i, LIFT_METRIC), "response_target") ||
                            strcmp(tbl_get(t, i, LIFT_ROLE), "champion")))
        i++;
    if (i == t->nrows) {
        rc = lk_error_set(err, LK_EDATA, path, 0, 0,
                          "no response_target row of the champion: not a lift table of "
                          "target response");
    } else {
        double v = tbl_num(t, i, LIFT_VALUE);
        if (v > 0 && v < 1)
            *baseline = v;
        else
            rc = lk_error_set(err, LK_EDATA, path, t->line[i], 0,
                              "the champion's response_target value '%s' is not a rate "
                              "between 0 and 1", tbl_get(t, i, LIFT_VALUE));
    }
    tbl_free(t);
    return rc;
}
