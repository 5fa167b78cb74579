/*
 * columns.c - the descriptors of columns.h, generated from its lists.
 */
#include "tables/columns.h"

#define TBL_COLUMN(table, id, name, type, digits) {name, TBL_##type, digits},
#define TBL_NAME(table, id, name, type, digits) name,
#define TBL_DESC(var, title, LIST)                                                        \
    static const tbl_column var##_cols[] = {LIST(TBL_COLUMN)};                            \
    static const char *const var##_names[] = {LIST(TBL_NAME)};                            \
    const tbl_desc var = {title, sizeof(var##_cols) / sizeof(var##_cols[0]), var##_cols,   \
                          var##_names};

TBL_DESC(tbl_lift, "lift table", TBL_LIFT_COLUMNS)
TBL_DESC(tbl_lift_segment, "segmented lift table", TBL_LIFT_SEGMENT_COLUMNS)
TBL_DESC(tbl_hetero, "heterogeneity table", TBL_HETERO_COLUMNS)
TBL_DESC(tbl_lift_sums, "lift summary", TBL_LIFT_SUMS_COLUMNS)
TBL_DESC(tbl_accrual, "accrual table", TBL_ACCRUAL_COLUMNS)
TBL_DESC(tbl_pool, "pooled lift table", TBL_POOL_COLUMNS)
TBL_DESC(tbl_roi, "roi table", TBL_ROI_COLUMNS)
TBL_DESC(tbl_uplift, "uplift summary", TBL_UPLIFT_COLUMNS)
TBL_DESC(tbl_roi_segment, "roi table per segment", TBL_ROI_SEGMENT_COLUMNS)
TBL_DESC(tbl_uplift_segment, "uplift summary per segment", TBL_UPLIFT_SEGMENT_COLUMNS)
TBL_DESC(tbl_deciles, "uplift deciles", TBL_DECILES_COLUMNS)
TBL_DESC(tbl_qini, "uplift curve", TBL_QINI_COLUMNS)
TBL_DESC(tbl_compare, "uplift comparison", TBL_COMPARE_COLUMNS)
TBL_DESC(tbl_power, "power table", TBL_POWER_COLUMNS)
TBL_DESC(tbl_curve, "power curve", TBL_CURVE_COLUMNS)
TBL_DESC(tbl_mix, "attribution mix", TBL_MIX_COLUMNS)
TBL_DESC(tbl_assign, "assignment summary", TBL_ASSIGN_COLUMNS)
TBL_DESC(tbl_contacts, "contacts table", TBL_CONTACTS_COLUMNS)
TBL_DESC(tbl_violations, "violations", TBL_VIOLATIONS_COLUMNS)
TBL_DESC(tbl_pressure, "contact histogram", TBL_PRESSURE_COLUMNS)
TBL_DESC(tbl_matrix, "offer matrix", TBL_MATRIX_COLUMNS)
