/*
 * build.h - the computations' results as typed tables in memory, for the
 * report (library-internal).  Each builder fills the rows its table's CSV
 * writer writes, through the same code, so the table in memory and the
 * file hold the same text.  path is where the table is (or will be)
 * written, for messages and chart scripts; it may be NULL.  The caller
 * owns *out (tbl_free); on error *out may be NULL.
 */
#ifndef LIFTKIT_BUILD_H
#define LIFTKIT_BUILD_H

#include "liftkit/attribute.h"
#include "liftkit/contacts.h"
#include "liftkit/lift.h"
#include "liftkit/matrix.h"
#include "liftkit/power.h"
#include "liftkit/roi.h"
#include "liftkit/segments.h"
#include "liftkit/units.h"
#include "liftkit/uplift.h"
#include "tables/table.h"

int tbl_of_lift(tbl **out, const lk_lift_table *t, const char *path, lk_error *err);
/* lift --heterogeneity: h's rows, arm names from the segmented table t */
int tbl_of_hetero(tbl **out, const lk_hetero *h, const lk_lift_table *t, const char *path,
                  lk_error *err);
int tbl_of_roi(tbl **out, const lk_roi_table *t, const char *path, lk_error *err);
int tbl_of_accrual(tbl **out, const lk_units *u, const lk_experiment *exp, const char *path,
                   lk_error *err);
int tbl_of_mix(tbl **out, const lk_attr_summary *s, const char *path, lk_error *err);
int tbl_of_curve(tbl **out, const lk_power_row *rows, size_t n, const char *path,
                 lk_error *err);
int tbl_of_uplift(tbl **out, lk_uplift_score *const *r, size_t k, double srm_p,
                  const char *as_of, const char *path, lk_error *err);
int tbl_of_compare(tbl **out, const lk_uplift_comparison *c, size_t k, const char *path,
                   lk_error *err);
int tbl_of_qini(tbl **out, lk_uplift_score *const *r, size_t k, const char *path,
                lk_error *err);
int tbl_of_contacts(tbl **out, const lk_contacts_table *t, const char *path, lk_error *err);
int tbl_of_pressure(tbl **out, const lk_contacts_table *t, const char *path, lk_error *err);
int tbl_of_matrix(tbl **out, const lk_matrix *m, const char *path, lk_error *err);

#endif
