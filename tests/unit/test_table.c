/*
 * test_table.c - the typed tables: columns found by name from a
 * descriptor, numbers parsed strictly with located errors, optional
 * columns, and rows built in memory holding the same text the CSV writer
 * writes.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_helpers.h"
#include "tables/columns.h"
#include "tables/table.h"
#include "tmpfiles.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_table_finds_columns_by_name_in_any_order(void **state)
{
    (void)state;
    const char *p = write_file("accrual.csv", "rate,extra,arm,n,day,responders\n"
                                              "0.25,x,champion,8,0,2\n"
                                              ",y,holdout,0,1,0\n");
    tbl *t;
    lk_error err = {0};
    assert_int_equal(tbl_read(&t, p, &tbl_accrual, TBL_ALL, &err), LK_OK);
    assert_int_equal(t->nrows, 2);
    assert_string_equal(tbl_get(t, 0, ACCRUAL_ARM), "champion");
    assert_string_equal(tbl_get(t, 0, ACCRUAL_RATE), "0.25");
    assert_double_within(0.25, tbl_num(t, 0, ACCRUAL_RATE), 0);
    assert_double_within(8, tbl_num(t, 0, ACCRUAL_N), 0);
    assert_string_equal(tbl_get(t, 1, ACCRUAL_RATE), "");
    assert_double_nan(tbl_num(t, 1, ACCRUAL_RATE));
    assert_double_nan(tbl_num(t, 1, ACCRUAL_ARM));
    assert_int_equal(t->line[1], 3);
    tbl_free(t);
}

static void test_table_missing_column_is_located(void **state)
{
    (void)state;
    const char *p = write_file("nodays.csv", "arm,n,responders,rate\nchampion,8,2,0.25\n");
    tbl *t = (tbl *)1;
    lk_error err = {0};
    assert_int_equal(tbl_read(&t, p, &tbl_accrual, TBL_ALL, &err), LK_EDATA);
    assert_null(t);
    assert_string_equal(err.msg, "missing column 'day' in header; "
                                 "the columns are arm, n, responders, rate");
    assert_string_equal(err.path, p);
    assert_int_equal(err.line, 1);
}

static void test_table_bad_number_names_line_and_column(void **state)
{
    (void)state;
    const char *p = write_file("bad.csv", "arm,day,n,responders,rate\n"
                                          "champion,0,8,2,0.25\n"
                                          "champion,1,8,2x,0.25\n");
    tbl *t;
    lk_error err = {0};
    assert_int_equal(tbl_read(&t, p, &tbl_accrual, TBL_ALL, &err), LK_EDATA);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 4);
    assert_non_null(strstr(err.msg, "responders"));
    assert_non_null(strstr(err.msg, "2x"));
}

static void test_table_empty_required_number_is_an_error(void **state)
{
    (void)state;
    const char *p = write_file("emptyn.csv", "arm,day,n,responders,rate\nchampion,0,,2,\n");
    tbl *t;
    lk_error err = {0};
    assert_int_equal(tbl_read(&t, p, &tbl_accrual, TBL_ALL, &err), LK_EDATA);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 3);
    assert_string_equal(err.msg, "empty value in column 'n', expected a number");
}

static void test_table_empty_file_is_an_error(void **state)
{
    (void)state;
    const char *p = write_file("empty.csv", "");
    tbl *t;
    lk_error err = {0};
    assert_int_equal(tbl_read(&t, p, &tbl_accrual, TBL_ALL, &err), LK_EDATA);
    assert_string_equal(err.path, p);
}

static void test_table_header_only_has_no_rows(void **state)
{
    (void)state;
    const char *p = write_file("head.csv", "arm,day,n,responders,rate\n");
    tbl *t;
    lk_error err = {0};
    assert_int_equal(tbl_read(&t, p, &tbl_accrual, TBL_ALL, &err), LK_OK);
    assert_int_equal(t->nrows, 0);
    tbl_free(t);
}

/* Columns outside the set needed may be absent, or hold anything. */
static void test_table_columns_not_needed_may_be_absent(void **state)
{
    (void)state;
    const char *p = write_file("short.csv", "metric,arm,n,value,diff\n"
                                            "response_target,champion,100,0.05,oops\n");
    tbl *t;
    lk_error err = {0};
    unsigned long long need = TBL_COL(LIFT_METRIC) | TBL_COL(LIFT_ARM) | TBL_COL(LIFT_N) |
                              TBL_COL(LIFT_VALUE);
    assert_int_equal(tbl_read(&t, p, &tbl_lift, need, &err), LK_OK);
    assert_string_equal(tbl_get(t, 0, LIFT_VS), "");
    assert_string_equal(tbl_get(t, 0, LIFT_DIFF), "oops");
    assert_double_nan(tbl_num(t, 0, LIFT_DIFF));
    assert_double_within(0.05, tbl_num(t, 0, LIFT_VALUE), 0);
    tbl_free(t);
    assert_int_equal(tbl_read(&t, p, &tbl_lift, TBL_ALL, &err), LK_EDATA);
    assert_string_equal(err.msg, "missing column 'role' in header; "
                                 "the columns are metric, arm, n, value, diff");
}

static void put_rows(tbl_out *o)
{
    tbl_out_text(o, "a,b");
    tbl_out_num(o, 3);
    tbl_out_num(o, 60012);
    tbl_out_num(o, 7);
    tbl_out_num(o, 1.0 / 3);
    tbl_out_end_row(o);
    tbl_out_text(o, "c");
    tbl_out_num(o, 4);
    tbl_out_num(o, 0);
    tbl_out_num(o, 0);
    tbl_out_num(o, NAN);
    tbl_out_end_row(o);
}

/* The same rows to CSV and into memory: the same text, numbers as written. */
static void test_table_rows_in_memory_hold_what_the_writer_writes(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof(path), "%s/out.csv", tmp_dir);
    FILE *f = fopen(path, "w");
    lk_csv_writer *w = lk_csv_writer_new(f);
    tbl_out o;
    tbl_out_csv(&o, &tbl_accrual, w);
    put_rows(&o);
    lk_csv_writer_free(w);
    fclose(f);
    const char *want = "arm,day,n,responders,rate\n"
                       "\"a,b\",3,60012,7,0.3333333333\n"
                       "c,4,0,0,\n";
    assert_string_equal(slurp(path), want);

    tbl *t = tbl_new(&tbl_accrual, path);
    assert_non_null(t);
    tbl_out_mem(&o, t);
    put_rows(&o);
    lk_error err = {0};
    assert_int_equal(tbl_check(t, &err), LK_OK);
    assert_int_equal(t->nrows, 2);
    assert_string_equal(tbl_get(t, 0, ACCRUAL_ARM), "a,b");
    assert_string_equal(tbl_get(t, 0, ACCRUAL_RATE), "0.3333333333");
    assert_double_within(0.3333333333, tbl_num(t, 0, ACCRUAL_RATE), 0);
    assert_double_nan(tbl_num(t, 1, ACCRUAL_RATE));
    assert_int_equal(t->line[1], 3);
    f = fopen(path, "w");
    w = lk_csv_writer_new(f);
    tbl_write_csv(t, w);
    lk_csv_writer_free(w);
    fclose(f);
    assert_string_equal(slurp(path), want);
    tbl_free(t);
}

/* Every table, each numeric column holding each of vals[], as CSV at path. */
static const double round_trip_vals[] = {5e-311, 1.7976931348623157e308, -0.0};

static void write_extremes(const tbl_desc *d, const char *path, const tbl *from)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    lk_csv_writer *w = lk_csv_writer_new(f);
    tbl_out o;
    tbl_out_csv(&o, d, w);
    for (size_t r = 0; r < 3; r++) {
        for (size_t c = 0; c < d->ncols; c++) {
            if (d->cols[c].type == TBL_TEXT)
                tbl_out_text(&o, "x");
            else
                tbl_out_num(&o, from ? tbl_num(from, r, c) : round_trip_vals[(c + r) % 3]);
        }
        tbl_out_end_row(&o);
    }
    lk_csv_writer_free(w);
    fclose(f);
}

/*
 * Every table that is read again takes back what it wrote, a subnormal
 * (5e-311, which strtod flags ERANGE), the largest double and negative
 * zero included: read without error, and written again byte for byte.
 * Whole-number columns beyond a long long are written with 17 digits.
 */
static void test_tables_read_back_extreme_numbers(void **state)
{
    (void)state;
    const tbl_desc *all[] = {&tbl_lift, &tbl_lift_segment, &tbl_hetero, &tbl_lift_sums,
                             &tbl_accrual, &tbl_pool, &tbl_roi, &tbl_uplift, &tbl_deciles,
                             &tbl_qini, &tbl_compare, &tbl_power, &tbl_curve, &tbl_mix,
                             &tbl_assign, &tbl_contacts, &tbl_violations, &tbl_pressure};
    char first[128], again[128];
    snprintf(first, sizeof(first), "%s/extreme.csv", tmp_dir);
    snprintf(again, sizeof(again), "%s/extreme-again.csv", tmp_dir);
    for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++) {
        const tbl_desc *d = all[k];
        unsigned long long need = 0;
        for (size_t c = 0; c < d->ncols; c++)
            if (d->cols[c].type != TBL_TEXT)
                need |= TBL_COL(c);
        write_extremes(d, first, NULL);
        tbl *t = NULL;
        lk_error err = {0};
        if (tbl_read(&t, first, d, need, &err) != LK_OK)
            fail_msg("%s: %s", d->title, err.msg);
        for (size_t r = 0; r < 3; r++)
            for (size_t c = 0; c < d->ncols; c++) {
                double v = round_trip_vals[(c + r) % 3], got = tbl_num(t, r, c);
                if (d->cols[c].type == TBL_TEXT)
                    continue;
                if (v == 5e-311 && d->cols[c].digits)
                    assert_true(got == v);
                if (v > 1 && (d->cols[c].digits == 17 || d->cols[c].digits == 0))
                    assert_true(got == v);
                assert_true(isfinite(got));
            }
        write_extremes(d, again, t);
        char *a = strdup(slurp(first));
        assert_string_equal(slurp(again), a);
        free(a);
        tbl_free(t);
    }
}

/* Every descriptor's names match its columns, with no name twice. */
static void test_descriptors_name_each_column_once(void **state)
{
    (void)state;
    const tbl_desc *all[] = {&tbl_lift, &tbl_lift_segment, &tbl_hetero, &tbl_lift_sums,
                             &tbl_accrual, &tbl_pool, &tbl_roi,
                             &tbl_uplift, &tbl_deciles, &tbl_qini, &tbl_compare,
                             &tbl_power, &tbl_curve, &tbl_mix, &tbl_assign, &tbl_contacts,
                             &tbl_violations, &tbl_pressure};
    for (size_t d = 0; d < sizeof(all) / sizeof(all[0]); d++)
        for (size_t i = 0; i < all[d]->ncols; i++) {
            assert_string_equal(all[d]->names[i], all[d]->cols[i].name);
            for (size_t j = i + 1; j < all[d]->ncols; j++)
                assert_string_not_equal(all[d]->names[i], all[d]->names[j]);
        }
    /* the section-7 columns, then the appended ones ending with p_fdr */
    assert_int_equal(tbl_lift.ncols, 28);
    assert_string_equal(tbl_lift.names[LIFT_SRM_P], "srm_p");
    assert_string_equal(tbl_lift.names[LIFT_GUARDRAIL], "guardrail");
    assert_string_equal(tbl_lift.names[LIFT_P_FDR], "p_fdr");
    assert_int_equal(tbl_lift_segment.ncols, LIFTSEG_NCOLS);
    assert_string_equal(tbl_lift_segment.names[LIFTSEG_SEGMENT], "segment");
    assert_string_equal(tbl_lift_segment.names[1 + LIFT_METRIC], "metric");
    assert_string_equal(tbl_curve.names[CURVE_POWER], "power");
}

static int setup(void **state)
{
    (void)state;
    return tmp_dir_make("lk_table");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_finds_columns_by_name_in_any_order),
        cmocka_unit_test(test_table_missing_column_is_located),
        cmocka_unit_test(test_table_bad_number_names_line_and_column),
        cmocka_unit_test(test_table_empty_required_number_is_an_error),
        cmocka_unit_test(test_table_empty_file_is_an_error),
        cmocka_unit_test(test_table_header_only_has_no_rows),
        cmocka_unit_test(test_table_columns_not_needed_may_be_absent),
        cmocka_unit_test(test_table_rows_in_memory_hold_what_the_writer_writes),
        cmocka_unit_test(test_descriptors_name_each_column_once),
        cmocka_unit_test(test_tables_read_back_extreme_numbers),
    };
    return cmocka_run_group_tests_name("table", tests, setup, tmp_dir_remove);
}
