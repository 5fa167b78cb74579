/*
 * assign_write.c - the assignment summary: per arm, overall and per
 * stratum, the weight, the units against the expected and the sample-ratio
 * test (columns in columns.h; docs/formats.md).
 */
#include <math.h>

#include "liftkit/assign.h"
#include "liftkit/experiment.h"
#include "tables/columns.h"

static void put_level(tbl_out *o, const lk_assign_summary *sum, const lk_experiment *exp,
                      long s)
{
    lk_assign_level lv;
    lk_assign_summary_level(sum, exp, s, &lv);
    double n = lv.n;
    for (size_t i = 0; i < sum->narms; i++) {
        tbl_out_text(o, s < 0 ? "all" : "stratum");
        tbl_out_text(o, s < 0 ? "" : sum->strata[s]);
        tbl_out_text(o, exp->arms[i].name);
        tbl_out_text(o, lk_role_name(exp->arms[i].role));
        tbl_out_num(o, exp->arms[i].weight);
        tbl_out_num(o, n > 0 ? (double)lv.units[i] / n : NAN);
        tbl_out_num(o, (double)lv.units[i]);
        tbl_out_num(o, n * exp->arms[i].weight / lv.weight_sum);
        tbl_out_num(o, (double)lv.customers[i]);
        tbl_out_num(o, lv.chi2);
        tbl_out_num(o, lv.srm_p);
        tbl_out_end_row(o);
    }
}

void lk_assign_summary_write(const lk_assign_summary *sum, const lk_experiment *exp,
                             FILE *f)
{
    lk_csv_writer *w = lk_csv_writer_new(f);
    if (!w)
        return;
    tbl_out o;
    tbl_out_csv(&o, &tbl_assign, w);
    put_level(&o, sum, exp, -1);
    for (size_t s = 0; s < sum->nstrata; s++)
        put_level(&o, sum, exp, (long)s);
    lk_csv_writer_free(w);
}
