/*
 * report_run.c - the report from raw data: compute every table with the
 * analysis libraries into data/, then render (see report.h).
 */
#include "liftkit/report.h"

int lk_report_run(const lk_experiment *exp, const lk_report_run_options *run,
                  const lk_report_options *opt, lk_error *err)
{
    (void)exp;
    (void)run;
    (void)opt;
    return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                        "computing the tables needs the lift and roi libraries; "
                        "give them with --lift-table and the other --*-table options");
}
