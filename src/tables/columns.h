/*
 * columns.h - every output table's columns, written once (library-internal).
 *
 * Each list names a table's columns in file order with their type and the
 * significant digits a number is written with (0: a whole number).  From a
 * list come the column indices (LIFT_METRIC, ...) and the descriptor
 * (tbl_lift, ...) that the table's writer, its typed reader, the charts and
 * the report all use; docs/formats.md describes the same columns in prose.
 * Types: TEXT any text; NUM a finite number; OPTNUM a number or empty.
 */
#ifndef LIFTKIT_COLUMNS_H
#define LIFTKIT_COLUMNS_H

#include "tables/table.h"

#define TBL_LIFT_COLUMNS(X)                                                               \
    X(LIFT, METRIC, "metric", TEXT, 0) X(LIFT, ARM, "arm", TEXT, 0)                       \
    X(LIFT, ROLE, "role", TEXT, 0) X(LIFT, N, "n", NUM, 0)                                \
    X(LIFT, VALUE, "value", OPTNUM, 12) X(LIFT, VALUE_LO, "value_lo", OPTNUM, 12)         \
    X(LIFT, VALUE_HI, "value_hi", OPTNUM, 12) X(LIFT, VS, "vs", TEXT, 0)                  \
    X(LIFT, DIFF, "diff", OPTNUM, 12) X(LIFT, DIFF_LO, "diff_lo", OPTNUM, 12)             \
    X(LIFT, DIFF_HI, "diff_hi", OPTNUM, 12) X(LIFT, LIFT, "lift", OPTNUM, 12)             \
    X(LIFT, LIFT_LO, "lift_lo", OPTNUM, 12) X(LIFT, LIFT_HI, "lift_hi", OPTNUM, 12)       \
    X(LIFT, P_VALUE, "p_value", OPTNUM, 12) X(LIFT, P_ADJUSTED, "p_adjusted", OPTNUM, 12) \
    X(LIFT, TEST, "test", TEXT, 0) X(LIFT, PROB_BETTER, "prob_better", OPTNUM, 12)        \
    X(LIFT, EXPECTED_LOSS, "expected_loss", OPTNUM, 12) X(LIFT, SRM_P, "srm_p", OPTNUM, 12)  \
    X(LIFT, CAP, "cap", OPTNUM, 12) X(LIFT, N_CAPPED, "n_capped", OPTNUM, 0)              \
    X(LIFT, NOTE, "note", TEXT, 0) X(LIFT, THETA, "theta", OPTNUM, 12)                    \
    X(LIFT, VARIANCE_REDUCTION, "variance_reduction", OPTNUM, 12)                         \
    X(LIFT, AS_OF, "as_of", TEXT, 0) X(LIFT, GUARDRAIL, "guardrail", TEXT, 0)             \
    X(LIFT, P_FDR, "p_fdr", OPTNUM, 12)

/* The lift table's section-7 columns (metric .. srm_p), which a lift.csv
   made before the appended ones were added also has. */
#define LIFT_NEED_BASE (TBL_COL(LIFT_SRM_P + 1) - 1)

/* lift --by: the segment first, then the lift table's columns */
#define TBL_LIFT_SEGMENT_COLUMNS(X)                                                       \
    X(LIFTSEG, SEGMENT, "segment", TEXT, 0) TBL_LIFT_COLUMNS(X)

/* lift --heterogeneity: Cochran's Q over the segments of each comparison */
#define TBL_HETERO_COLUMNS(X)                                                             \
    X(HETERO, METRIC, "metric", TEXT, 0) X(HETERO, ARM, "arm", TEXT, 0)                   \
    X(HETERO, VS, "vs", TEXT, 0) X(HETERO, SEGMENTS, "segments", NUM, 0)                  \
    X(HETERO, Q, "q", OPTNUM, 12) X(HETERO, Q_DF, "q_df", OPTNUM, 0)                      \
    X(HETERO, Q_P, "q_p", OPTNUM, 12) X(HETERO, I2, "i2", OPTNUM, 12)

/* lift --summary: the sufficient statistics per arm and metric */
#define TBL_LIFT_SUMS_COLUMNS(X)                                                          \
    X(SUMS, ARM, "arm", TEXT, 0) X(SUMS, METRIC, "metric", TEXT, 0)                       \
    X(SUMS, N, "n", NUM, 17) X(SUMS, SUM, "sum", NUM, 17) X(SUMS, SUMSQ, "sumsq", NUM, 17) \
    X(SUMS, UNIT, "unit", TEXT, 0) X(SUMS, SUM_X, "sum_x", OPTNUM, 17)                   \
    X(SUMS, SUM_X2, "sum_x2", OPTNUM, 17) X(SUMS, SUM_XY, "sum_xy", OPTNUM, 17)

#define TBL_ACCRUAL_COLUMNS(X)                                                            \
    X(ACCRUAL, ARM, "arm", TEXT, 0) X(ACCRUAL, DAY, "day", NUM, 0)                        \
    X(ACCRUAL, N, "n", NUM, 0) X(ACCRUAL, RESPONDERS, "responders", NUM, 0)               \
    X(ACCRUAL, RATE, "rate", OPTNUM, 10)

#define TBL_POOL_COLUMNS(X)                                                               \
    X(POOL, METRIC, "metric", TEXT, 0) X(POOL, ARM, "arm", TEXT, 0)                       \
    X(POOL, VS, "vs", TEXT, 0) X(POOL, WAVES, "waves", NUM, 0)                            \
    X(POOL, FILES, "files", NUM, 0) X(POOL, LIFT, "lift", OPTNUM, 10)                     \
    X(POOL, LIFT_LO, "lift_lo", OPTNUM, 10) X(POOL, LIFT_HI, "lift_hi", OPTNUM, 10)       \
    X(POOL, P_VALUE, "p_value", OPTNUM, 10) X(POOL, LOG_LIFT, "log_lift", OPTNUM, 10)     \
    X(POOL, SE, "se", OPTNUM, 10) X(POOL, COCHRAN_Q, "cochran_q", OPTNUM, 10)             \
    X(POOL, Q_DF, "q_df", OPTNUM, 0) X(POOL, Q_P, "q_p", OPTNUM, 10)                      \
    X(POOL, I2, "i2", OPTNUM, 10) X(POOL, LIFT_RE, "lift_re", OPTNUM, 10)                 \
    X(POOL, LIFT_RE_LO, "lift_re_lo", OPTNUM, 10)                                         \
    X(POOL, LIFT_RE_HI, "lift_re_hi", OPTNUM, 10) X(POOL, TAU2, "tau2", OPTNUM, 10)

#define TBL_ROI_COLUMNS(X)                                                                \
    X(ROI, ARM, "arm", TEXT, 0) X(ROI, N, "n", NUM, 12)                                   \
    X(ROI, CONTACTS, "contacts", OPTNUM, 12) X(ROI, COST, "cost", OPTNUM, 12)             \
    X(ROI, INCREMENTAL_RESPONSES, "incremental_responses", OPTNUM, 12)                    \
    X(ROI, INCREMENTAL_VALUE, "incremental_value", OPTNUM, 12)                            \
    X(ROI, ROMI, "romi", OPTNUM, 12) X(ROI, ROMI_LO, "romi_lo", OPTNUM, 12)               \
    X(ROI, ROMI_HI, "romi_hi", OPTNUM, 12)                                                \
    X(ROI, COST_PER_INCREMENTAL_RESPONSE, "cost_per_incremental_response", OPTNUM, 12)    \
    X(ROI, AS_OF, "as_of", TEXT, 0)                                                       \
    X(ROI, CONTACTS_PER_UNIT, "contacts_per_unit", OPTNUM, 12)                            \
    X(ROI, INCREMENTAL_PER_1000, "incremental_responses_per_1000_contacts", OPTNUM, 12)

/* roi --by: the segment first, then the ROI table's columns */
#define TBL_ROI_SEGMENT_COLUMNS(X) X(ROISEG, SEGMENT, "segment", TEXT, 0) TBL_ROI_COLUMNS(X)

#define TBL_UPLIFT_COLUMNS(X)                                                             \
    X(UPLIFT, SCORE, "score", TEXT, 0) X(UPLIFT, N_TREATED, "n_treated", NUM, 0)          \
    X(UPLIFT, N_CONTROL, "n_control", NUM, 0)                                             \
    X(UPLIFT, QINI_COEFFICIENT, "qini_coefficient", OPTNUM, 10)                           \
    X(UPLIFT, AUUC, "auuc", OPTNUM, 10) X(UPLIFT, TOP10, "uplift_top10", OPTNUM, 10)      \
    X(UPLIFT, TOP30, "uplift_top30", OPTNUM, 10) X(UPLIFT, N_UNSCORED, "n_unscored", OPTNUM, 0) \
    X(UPLIFT, SRM_P, "srm_p", OPTNUM, 10) X(UPLIFT, AS_OF, "as_of", TEXT, 0)

/* uplift --by: the segment first, then the per-score table's columns */
#define TBL_UPLIFT_SEGMENT_COLUMNS(X)                                                     \
    X(UPSEG, SEGMENT, "segment", TEXT, 0) TBL_UPLIFT_COLUMNS(X)

#define TBL_DECILES_COLUMNS(X)                                                            \
    X(DECILES, SCORE, "score", TEXT, 0) X(DECILES, DECILE, "decile", NUM, 0)              \
    X(DECILES, N, "n", NUM, 0) X(DECILES, N_TREATED, "n_treated", NUM, 0)                 \
    X(DECILES, N_CONTROL, "n_control", NUM, 0)                                            \
    X(DECILES, RATE_TREATED, "rate_treated", OPTNUM, 10)                                  \
    X(DECILES, RATE_CONTROL, "rate_control", OPTNUM, 10)                                  \
    X(DECILES, UPLIFT, "uplift", OPTNUM, 10) X(DECILES, UPLIFT_LO, "uplift_lo", OPTNUM, 10) \
    X(DECILES, UPLIFT_HI, "uplift_hi", OPTNUM, 10)

/* the uplift curve (uplift --curve): a point per tie block of each score */
#define TBL_QINI_COLUMNS(X)                                                               \
    X(QINI, SCORE, "score", TEXT, 0) X(QINI, N, "n", NUM, 0)                              \
    X(QINI, FRACTION, "fraction", NUM, 10) X(QINI, QINI, "qini", NUM, 10)                 \
    X(QINI, UPLIFT, "uplift", OPTNUM, 10)

#define TBL_COMPARE_COLUMNS(X)                                                            \
    X(COMPARE, SCORE, "score", TEXT, 0) X(COMPARE, VS, "vs", TEXT, 0)                     \
    X(COMPARE, QINI_DIFF, "qini_diff", OPTNUM, 10)                                        \
    X(COMPARE, QINI_DIFF_LO, "qini_diff_lo", OPTNUM, 10)                                  \
    X(COMPARE, QINI_DIFF_HI, "qini_diff_hi", OPTNUM, 10)                                  \
    X(COMPARE, AUUC_DIFF, "auuc_diff", OPTNUM, 10)                                        \
    X(COMPARE, AUUC_DIFF_LO, "auuc_diff_lo", OPTNUM, 10)                                  \
    X(COMPARE, AUUC_DIFF_HI, "auuc_diff_hi", OPTNUM, 10)                                  \
    X(COMPARE, RESAMPLES, "resamples", NUM, 0) X(COMPARE, SEED, "seed", NUM, 0)           \
    X(COMPARE, BETTER, "better", TEXT, 0)

/* liftkit power: one plan */
#define TBL_POWER_COLUMNS(X)                                                              \
    X(POWER, BASELINE, "baseline", NUM, 10) X(POWER, TREATED, "treated", NUM, 10)         \
    X(POWER, ALPHA, "alpha", NUM, 10) X(POWER, POWER, "power", NUM, 10)                   \
    X(POWER, RATIO, "ratio", NUM, 10) X(POWER, N_BASELINE, "n_baseline", NUM, 0)          \
    X(POWER, N_TREATED, "n_treated", NUM, 0) X(POWER, N_TOTAL, "n_total", NUM, 0)

/* liftkit power --curve and the report's power chart */
#define TBL_CURVE_COLUMNS(X)                                                              \
    X(CURVE, BASELINE, "baseline", NUM, 10) X(CURVE, TREATED, "treated", NUM, 10)         \
    X(CURVE, N_BASELINE, "n_baseline", NUM, 0) X(CURVE, N_TREATED, "n_treated", NUM, 0)   \
    X(CURVE, N_TOTAL, "n_total", NUM, 0) X(CURVE, POWER, "power", NUM, 10)

/* attribute --mix: openings and credit by channel and by product */
#define TBL_MIX_COLUMNS(X)                                                                \
    X(MIX, BY, "by", TEXT, 0) X(MIX, KEY, "key", TEXT, 0)                                 \
    X(MIX, RESPONSE, "response", TEXT, 0) X(MIX, OPENINGS, "openings", NUM, 0)            \
    X(MIX, CREDIT, "credit", NUM, 15)

/* assign --summary: arm counts overall and per stratum */
#define TBL_ASSIGN_COLUMNS(X)                                                             \
    X(ASSIGN, LEVEL, "level", TEXT, 0) X(ASSIGN, STRATUM, "stratum", TEXT, 0)             \
    X(ASSIGN, ARM, "arm", TEXT, 0) X(ASSIGN, ROLE, "role", TEXT, 0)                       \
    X(ASSIGN, WEIGHT, "weight", NUM, 15) X(ASSIGN, SHARE, "share", OPTNUM, 6)             \
    X(ASSIGN, UNITS, "units", NUM, 0) X(ASSIGN, EXPECTED_UNITS, "expected_units", OPTNUM, 10) \
    X(ASSIGN, CUSTOMERS, "customers", NUM, 0) X(ASSIGN, CHI2, "chi2", OPTNUM, 6)          \
    X(ASSIGN, SRM_P, "srm_p", OPTNUM, 6)

/* liftkit contacts: contact pressure per arm */
#define TBL_CONTACTS_COLUMNS(X)                                                           \
    X(CONTACTS, ARM, "arm", TEXT, 0) X(CONTACTS, UNITS, "units", NUM, 0)                  \
    X(CONTACTS, CONTACTS, "contacts", NUM, 0)                                             \
    X(CONTACTS, PER_UNIT, "contacts_per_unit", OPTNUM, 10)                                \
    X(CONTACTS, P50, "p50", OPTNUM, 10) X(CONTACTS, P90, "p90", OPTNUM, 10)               \
    X(CONTACTS, MAX, "max", OPTNUM, 0)                                                    \
    X(CONTACTS, UNITS_OVER, "units_over_policy", NUM, 0)                                  \
    X(CONTACTS, SHARE_OVER, "share_over_policy", OPTNUM, 10)                              \
    X(CONTACTS, VIOLATIONS, "violations", NUM, 0)

/* contacts --violations: one row per offer and rule it breaks */
#define TBL_VIOLATIONS_COLUMNS(X)                                                         \
    X(VIOL, CUSTOMER, "customer_id", TEXT, 0) X(VIOL, OFFER, "offer_id", TEXT, 0)         \
    X(VIOL, CHANNEL, "channel", TEXT, 0) X(VIOL, DATE, "offer_date", TEXT, 0)             \
    X(VIOL, RULE, "rule", TEXT, 0) X(VIOL, COUNT, "count", NUM, 0)

/* contacts --histogram and plot pressure: units by contacts per unit */
#define TBL_PRESSURE_COLUMNS(X)                                                           \
    X(PRESSURE, ARM, "arm", TEXT, 0) X(PRESSURE, CONTACTS, "contacts", NUM, 0)            \
    X(PRESSURE, UNITS, "units", NUM, 0) X(PRESSURE, SHARE, "share", OPTNUM, 10)

/* liftkit matrix and plot matrix: the offer matrix by month, product and channel */
#define TBL_MATRIX_COLUMNS(X)                                                             \
    X(MATRIX, MONTH, "month", TEXT, 0) X(MATRIX, PRODUCT, "product", TEXT, 0)             \
    X(MATRIX, CHANNEL, "channel", TEXT, 0) X(MATRIX, OFFERS, "offers", NUM, 0)            \
    X(MATRIX, DIRECT, "direct", NUM, 12) X(MATRIX, HALO, "halo", NUM, 12)                 \
    X(MATRIX, RATE, "response_rate", OPTNUM, 12) X(MATRIX, COST, "cost", NUM, 12)

#define TBL_ENUM(table, id, name, type, digits) table##_##id,
enum { TBL_LIFT_COLUMNS(TBL_ENUM) LIFT_NCOLS };
enum { TBL_LIFT_SUMS_COLUMNS(TBL_ENUM) SUMS_NCOLS };
enum { LIFTSEG_SEGMENT, LIFTSEG_NCOLS = LIFT_NCOLS + 1 };
enum { TBL_HETERO_COLUMNS(TBL_ENUM) HETERO_NCOLS };
enum { TBL_ACCRUAL_COLUMNS(TBL_ENUM) ACCRUAL_NCOLS };
enum { TBL_POOL_COLUMNS(TBL_ENUM) POOL_NCOLS };
enum { TBL_ROI_COLUMNS(TBL_ENUM) ROI_NCOLS };
enum { ROISEG_SEGMENT, ROISEG_NCOLS = ROI_NCOLS + 1 };
enum { TBL_UPLIFT_COLUMNS(TBL_ENUM) UPLIFT_NCOLS };
enum { UPSEG_SEGMENT, UPSEG_NCOLS = UPLIFT_NCOLS + 1 };
enum { TBL_DECILES_COLUMNS(TBL_ENUM) DECILES_NCOLS };
enum { TBL_QINI_COLUMNS(TBL_ENUM) QINI_NCOLS };
enum { TBL_COMPARE_COLUMNS(TBL_ENUM) COMPARE_NCOLS };
enum { TBL_POWER_COLUMNS(TBL_ENUM) POWER_NCOLS };
enum { TBL_CURVE_COLUMNS(TBL_ENUM) CURVE_NCOLS };
enum { TBL_MIX_COLUMNS(TBL_ENUM) MIX_NCOLS };
enum { TBL_ASSIGN_COLUMNS(TBL_ENUM) ASSIGN_NCOLS };
enum { TBL_CONTACTS_COLUMNS(TBL_ENUM) CONTACTS_NCOLS };
enum { TBL_VIOLATIONS_COLUMNS(TBL_ENUM) VIOL_NCOLS };
enum { TBL_PRESSURE_COLUMNS(TBL_ENUM) PRESSURE_NCOLS };
enum { TBL_MATRIX_COLUMNS(TBL_ENUM) MATRIX_NCOLS };
#undef TBL_ENUM

extern const tbl_desc tbl_roi_segment, tbl_uplift_segment;
extern const tbl_desc tbl_lift, tbl_lift_segment, tbl_hetero, tbl_lift_sums, tbl_accrual, tbl_pool,
    tbl_roi, tbl_uplift, tbl_deciles, tbl_qini, tbl_compare, tbl_power, tbl_curve, tbl_mix,
    tbl_assign, tbl_contacts, tbl_violations, tbl_pressure, tbl_matrix;

#endif
