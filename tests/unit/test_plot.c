/*
 * test_plot.c - the charts' data files and gnuplot scripts for small
 * tables, quoting of odd names, and the errors for bad tables.  gnuplot
 * itself does not run: a stand-in script writes the two images, so what
 * is checked is exactly what liftkit writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "liftkit/plot.h"
#include "tmpfiles.h"

static char fake[160];     /* the stand-in for gnuplot */

static char *slurp(const char *dir, const char *name)
{
    static char buf[16384];
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static char *out_dir(const char *name)
{
    static char dir[160];
    snprintf(dir, sizeof(dir), "%s/%s", tmp_dir, name);
    return dir;
}

static const char lift_head[] =
    "metric,arm,role,n,value,value_lo,value_hi,vs,diff,diff_lo,diff_hi,lift,lift_lo,"
    "lift_hi,p_value,p_adjusted,test,prob_better,expected_loss,srm_p\n";

static void test_plot_rate_writes_data_and_script(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof(text), "%s%s%s", lift_head,
             "response_target,champion,champion,1000,0.05,0.04,0.06,,,,,,,,,,,,,0.5\n",
             "response_target,new,challenger,60012,0.06,0.05,0.07,champion,0.01,0,0.02,0.2,"
             "0.01,0.4,0.03,0.03,z,0.9,0.001,0.5\n");
    const char *table = write_file("lift.csv", text);
    lk_plot_options opt = {.gnuplot = fake};
    lk_error err = {0};
    char *dir = out_dir("rate");
    assert_int_equal(lk_plot(LK_PLOT_RATE, table, dir, &opt, &err), LK_OK);
    assert_string_equal(slurp(dir, "rate.csv"),
                        "pos,arm,role,n,value,value_lo,value_hi\n"
                        "0,champion,champion,1000,0.05,0.04,0.06\n"
                        "1,new,challenger,60012,0.06,0.05,0.07\n");
    const char *gp = slurp(dir, "rate.gp");
    assert_non_null(strstr(gp, "set xtics scale 0 ('champion'.\"\\n\".'n = 1,000' 0, "
                               "'new'.\"\\n\".'n = 60,012' 1)\n"));
    assert_non_null(strstr(gp, "set title 'Target response rate by arm, with CI'\n"));
    assert_non_null(strstr(gp, "set ylabel 'Response rate (%)'\n"));
    assert_non_null(strstr(gp, "scale = 100\n"));
    assert_non_null(strstr(gp, "set xrange [-0.6:1.4]\n"));
    assert_non_null(strstr(gp, "set output 'rate.'.fmt\n"));
}

/* A name with quotes and a backslash stays one single-quoted gnuplot string. */
static void test_plot_quotes_odd_names(void **state)
{
    (void)state;
    const char *table = write_file("qini.csv", "score,n,fraction,qini,uplift\n"
                                               "\"a \"\"b\"\" \\c\",0,0,0,0\n"
                                               "\"a \"\"b\"\" \\c\",10,1,2.5,0.1\n");
    lk_plot_options opt = {.gnuplot = fake, .title = "it's \"mine\""};
    lk_error err = {0};
    char *dir = out_dir("qini");
    assert_int_equal(lk_plot(LK_PLOT_QINI, table, dir, &opt, &err), LK_OK);
    const char *gp = slurp(dir, "qini.gp");
    assert_non_null(strstr(gp, "set title 'it'.\"'\".'s \"mine\"'\n"));
    assert_non_null(strstr(gp, "title 'a \"b\" \\c', \\\n"));
    assert_non_null(strstr(gp, "set arrow 1 from 0, 0 to 100, 2.5 nohead"));
    assert_string_equal(slurp(dir, "qini.csv"), "series,score,n,fraction,qini,uplift\n"
                                                "0,\"a \"\"b\"\" \\c\",0,0,0,0\n"
                                                "0,\"a \"\"b\"\" \\c\",10,1,2.5,0.1\n");
}

static void test_plot_missing_column_is_located_and_leaves_nothing(void **state)
{
    (void)state;
    const char *table = write_file("short.csv", "metric,arm,role,n,value,value_lo\n"
                                                "response_target,a,champion,10,0.5,0.4\n");
    lk_plot_options opt = {.gnuplot = fake};
    lk_error err = {0};
    char *dir = out_dir("short");
    assert_int_equal(lk_plot(LK_PLOT_RATE, table, dir, &opt, &err), LK_EDATA);
    assert_string_equal(err.msg, "missing column 'value_hi' in header; "
                                 "the columns are metric, arm, role, n, value, value_lo");
    assert_string_equal(err.path, table);
    assert_int_equal(err.line, 1);
    assert_null(slurp(dir, "rate.gp"));
    assert_null(slurp(dir, "rate.csv"));
}

static void test_plot_bad_number_is_located(void **state)
{
    (void)state;
    const char *table = write_file("badpower.csv",
                                   "baseline,treated,n_baseline,n_treated,n_total,power\n"
                                   "0.05,0.06,100,100,200,0.3\n"
                                   "0.05,0.06,200,200,400,high\n");
    lk_plot_options opt = {.gnuplot = fake};
    lk_error err = {0};
    assert_int_equal(lk_plot(LK_PLOT_POWER, table, out_dir("bad"), &opt, &err), LK_EDATA);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 6);
}

static void test_plot_empty_table_has_nothing_to_draw(void **state)
{
    (void)state;
    const char *table = write_file("noacc.csv", "arm,day,n,responders,rate\n");
    lk_plot_options opt = {.gnuplot = fake};
    lk_error err = {0};
    assert_int_equal(lk_plot(LK_PLOT_ACCRUAL, table, out_dir("none"), &opt, &err), LK_EDATA);
    assert_string_equal(err.msg, "no rows to draw");
}

static void test_plot_without_gnuplot_says_how_to_install_it(void **state)
{
    (void)state;
    const char *table = write_file("acc.csv", "arm,day,n,responders,rate\na,0,10,1,0.1\n");
    lk_plot_options opt = {.gnuplot = "/nonexistent/gnuplot"};
    lk_error err = {0};
    char *dir = out_dir("nognuplot");
    assert_int_equal(lk_plot(LK_PLOT_ACCRUAL, table, dir, &opt, &err), LK_EIO);
    assert_non_null(strstr(err.msg, "gnuplot-nox"));
    assert_null(slurp(dir, "accrual.gp"));
}

/* Power by size: one series per (baseline, treated) pair, sorted by size. */
static void test_plot_power_by_size_sorts_each_series(void **state)
{
    (void)state;
    const char *table = write_file("curve.csv",
                                   "baseline,treated,n_baseline,n_treated,n_total,power\n"
                                   "0.05,0.06,200,200,400,0.5\n"
                                   "0.05,0.06,100,100,200,0.3\n");
    lk_plot_options opt = {.gnuplot = fake};
    lk_error err = {0};
    char *dir = out_dir("power");
    assert_int_equal(lk_plot(LK_PLOT_POWER, table, dir, &opt, &err), LK_OK);
    assert_string_equal(slurp(dir, "power.csv"),
                        "series,baseline,treated,n_baseline,n_treated,n_total,power\n"
                        "0,0.05,0.06,100,100,200,0.3\n"
                        "0,0.05,0.06,200,200,400,0.5\n");
    const char *gp = slurp(dir, "power.gp");
    assert_non_null(strstr(gp, "title '5.00% \u2192 6.00% (+20.0% relative)'\n"));
    assert_non_null(strstr(gp, "set title 'Power of the test by sample size'\n"));
}

static void test_plot_kind_columns_come_from_the_tables(void **state)
{
    (void)state;
    assert_string_equal(lk_plot_kind_columns(LK_PLOT_RATE),
                        "metric,arm,role,n,value,value_lo,value_hi");
    assert_string_equal(lk_plot_kind_columns(LK_PLOT_FOREST),
                        "metric,arm,vs,lift,lift_lo,lift_hi,p_adjusted");
    assert_string_equal(lk_plot_kind_columns(LK_PLOT_POWER),
                        "baseline,treated,n_baseline,n_treated,n_total,power");
    assert_string_equal(lk_plot_kind_columns(LK_PLOT_QINI), "score,n,fraction,qini,uplift");
}

static int setup(void **state)
{
    (void)state;
    if (tmp_dir_make("lk_plot"))
        return -1;
    snprintf(fake, sizeof(fake), "%s/fake-gnuplot", tmp_dir);
    FILE *f = fopen(fake, "w");
    if (!f)
        return -1;
    fputs("#!/bin/sh\nk=${1%.gp}\necho png > \"$k.png\"\necho svg > \"$k.svg\"\n", f);
    fclose(f);
    return chmod(fake, 0755);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plot_rate_writes_data_and_script),
        cmocka_unit_test(test_plot_quotes_odd_names),
        cmocka_unit_test(test_plot_missing_column_is_located_and_leaves_nothing),
        cmocka_unit_test(test_plot_bad_number_is_located),
        cmocka_unit_test(test_plot_empty_table_has_nothing_to_draw),
        cmocka_unit_test(test_plot_without_gnuplot_says_how_to_install_it),
        cmocka_unit_test(test_plot_power_by_size_sorts_each_series),
        cmocka_unit_test(test_plot_kind_columns_come_from_the_tables),
    };
    return cmocka_run_group_tests_name("plot", tests, setup, tmp_dir_remove);
}
