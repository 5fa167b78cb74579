/*
 * test_report.c - the report's audit checksums and row counts, the number
 * formats people read, and the arm colours every chart shares.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/plot.h"
#include "liftkit/report.h"

#include "report/plot_int.h"
#include "tables/tablefmt.h"

static char *write_temp(const char *text)
{
    static char path[64];
    strcpy(path, "/tmp/lk-test-report-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_audit_sha256_matches_python_hashlib(void **state)
{
    (void)state;
    /* /usr/bin/python3 -c "import hashlib; print(hashlib.sha256(
       b'arm,note\nchampion,\"two\nlines\"\nholdout,x\n').hexdigest())"
       -> 419a134b62e93b9feeda25a6f3662fd71f9a2430e8c4d2df90c3a8c9efcf7caf */
    char *path = write_temp("arm,note\nchampion,\"two\nlines\"\nholdout,x\n");
    lk_report_input in = {.role = "t", .path = path, .is_csv = 1};
    lk_error err;
    assert_int_equal(lk_report_input_audit(&in, &err), LK_OK);
    assert_string_equal(in.sha256,
                        "419a134b62e93b9feeda25a6f3662fd71f9a2430e8c4d2df90c3a8c9efcf7caf");
    /* two data rows, although the file has four lines (a quoted newline) */
    assert_int_equal(in.rows, 2);
    in.is_csv = 0;
    assert_int_equal(lk_report_input_audit(&in, &err), LK_OK);
    assert_int_equal(in.rows, 4);
    unlink(path);
}

static void test_audit_of_empty_file_and_missing_file(void **state)
{
    (void)state;
    /* python3 -c "import hashlib; print(hashlib.sha256(b'').hexdigest())" */
    char *path = write_temp("");
    lk_report_input in = {.role = "t", .path = path, .is_csv = 1};
    lk_error err;
    assert_int_equal(lk_report_input_audit(&in, &err), LK_OK);
    assert_string_equal(in.sha256,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(in.rows, 0);
    unlink(path);
    assert_int_equal(lk_report_input_audit(&in, &err), LK_EIO);
    char msg[1024];
    assert_non_null(strstr(lk_error_format(&err, msg, sizeof(msg)), "lk-test-report"));
}

/* The rows the CSV reader returns from path (bad ones too), as the audit
   counted them before it counted from the bytes. */
static unsigned long reader_rows(const char *path)
{
    lk_csv_reader *r;
    lk_error err;
    if (lk_csv_open(&r, path, &err))
        return 0;
    lk_csv_row *row;
    do
        lk_csv_next(r, &row, &err);
    while (row);
    unsigned long n = lk_csv_rows_read(r);
    lk_csv_close(r);
    return n;
}

/* path holding text, then len bytes of 'x' lines, then tail */
static char *write_shape(const char *head, size_t len, const char *tail)
{
    static char path[64];
    strcpy(path, "/tmp/lk-test-report-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(head, f);
    for (size_t i = 0; i < len; i++)
        fputc(i % 80 == 79 ? '\n' : 'x', f);
    fputs(tail, f);
    fclose(f);
    return path;
}

static void test_audit_rows_are_the_readers_rows(void **state)
{
    (void)state;
    /* expected: worked out by hand from the reader's rules (empty lines
       skipped, a line of blanks is a row, a bare carriage return stops it,
       a header with a name twice gives none), and the reader's own count */
    static const struct { const char *text; unsigned long rows; } shapes[] = {
        {"a,b\n1,2\n3,4\n", 2},           {"a,b\n1,2\n3,4", 2},
        {"a,b\r\n1,2\r\n3,4\r\n", 2},     {"a,b\n1,2\n\n3,4\n\n", 2},
        {"\na,b\n1,2\n", 1},              {"a,b\n1,2\r3,4\n", 0},
        {"a,b\n  \n1,2\n", 2},            {"a,b\n1,\"x\ny\"\n", 1},
        {"a,b\n", 0},                     {"a,b", 0},
        {"a,a\n1,2\n", 0},                {"a,b\n1\n1,2,3\n", 2},
        {"a,b\n1,2\r", 1},                {"a,b\r\n\r\n1,2\r\n", 1},
    };
    lk_error err;
    for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        char *path = write_temp(shapes[i].text);
        lk_report_input in = {.role = "t", .path = path, .is_csv = 1};
        assert_int_equal(lk_report_input_audit(&in, &err), LK_OK);
        if (in.rows != shapes[i].rows || in.rows != reader_rows(path))
            fail_msg("shape %zu: %lu rows, expected %lu, reader %lu", i, in.rows,
                     shapes[i].rows, reader_rows(path));
        unlink(path);
    }
    /* a carriage return and a line feed on either side of a 1 MiB read,
       and a line longer than the byte count takes */
    static const struct { size_t len; const char *tail; } big[] = {
        {(1u << 20) - 5, "\r\n1,2\r\n"}, {(1u << 20) - 4, "\r\n1,2\n"}, {(1u << 20) - 4, "\r1,2\n"}};
    for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
        char *path = write_shape("a,b\n", big[i].len, big[i].tail);
        lk_report_input in = {.role = "t", .path = path, .is_csv = 1};
        assert_int_equal(lk_report_input_audit(&in, &err), LK_OK);
        assert_int_equal(in.rows, reader_rows(path));
        unlink(path);
    }
    char *path = write_shape("a\n", 10000, "\n");
    FILE *f = fopen(path, "a");
    fputs("yyyyy", f);
    for (int i = 0; i < 5000; i++)
        fputc('z', f);
    fputs("\nq\n", f);
    fclose(f);
    lk_report_input in = {.role = "t", .path = path, .is_csv = 1};
    assert_int_equal(lk_report_input_audit(&in, &err), LK_OK);
    assert_int_equal(in.rows, reader_rows(path));
    unlink(path);
}

/* The report thins its Qini curves before the chart thins them again:
   the chart must keep every point of a thinned curve. */
static void test_qini_points_kept_are_kept_again(void **state)
{
    (void)state;
    static const size_t counts[] = {1, 2, 999, 1000, 1001, 1002, 2001, 999999, 1000000, 1000001};
    for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
        size_t c = counts[i], kept = 0;
        for (size_t at = 0; at < c; at++)
            kept += (size_t)plot_qini_keeps(at, c);
        assert_true(kept <= 1001);
        assert_true(plot_qini_keeps(0, c) && plot_qini_keeps(c - 1, c));
        for (size_t at = 0; at < kept; at++)
            assert_true(plot_qini_keeps(at, kept));
    }
    /* a million points: every 1000th (0 .. 999000) and the last */
    assert_int_equal(plot_qini_step(1000000), 1000);
    assert_int_equal(plot_qini_step(1001), 1);
}

static void test_percentages_carry_sign_and_round(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(fmt_pct(0.18, 1, 1, b, sizeof(b)), "+18.0%");
    assert_string_equal(fmt_pct(-0.0404, 1, 1, b, sizeof(b)), "-4.0%");
    assert_string_equal(fmt_pct(0.04836, 2, 0, b, sizeof(b)), "4.84%");
    assert_string_equal(fmt_pct(-0.00001, 1, 1, b, sizeof(b)), "0.0%");
    assert_string_equal(fmt_pct(12.5, 0, 1, b, sizeof(b)), "+1,250%");
    assert_string_equal(fmt_pct(NAN, 1, 1, b, sizeof(b)), "n/a");
}

static void test_counts_group_thousands(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(fmt_count(60012, b, sizeof(b)), "60,012");
    assert_string_equal(fmt_count(999, b, sizeof(b)), "999");
    assert_string_equal(fmt_count(1000000, b, sizeof(b)), "1,000,000");
    assert_string_equal(fmt_count(-1234.4, b, sizeof(b)), "-1,234");
    assert_string_equal(fmt_num(1024.9449, 2, b, sizeof(b)), "1,024.94");
    assert_string_equal(fmt_num(-0.0004, 3, b, sizeof(b)), "0.000");
    assert_string_equal(fmt_num(INFINITY, 2, b, sizeof(b)), "n/a");
}

static void test_arm_colours_follow_roles(void **state)
{
    (void)state;
    lk_experiment *exp;
    lk_error err;
    const char *ini = "[experiment]\nname = t\nstart = 2026-01-05\nwindow = 30\nproducts = card\n"
                      "[arm:holdout]\nrole = control\nweight = 10\n"
                      "[arm:b]\nrole = challenger\nweight = 30\n"
                      "[arm:a]\nrole = champion\nweight = 30\n"
                      "[arm:c]\nrole = challenger\nweight = 30\n";
    assert_int_equal(lk_experiment_parse(&exp, "t.ini", ini, &err), LK_OK);
    /* the champion is blue and the control grey wherever they are listed */
    assert_string_equal(lk_plot_arm_colour(exp, 2), "#0072B2");
    assert_string_equal(lk_plot_arm_colour(exp, 0), "#8C8C8C");
    const char *b = lk_plot_arm_colour(exp, 1), *c = lk_plot_arm_colour(exp, 3);
    assert_string_not_equal(b, c);
    assert_string_not_equal(b, "#0072B2");
    assert_string_not_equal(c, "#8C8C8C");
    lk_experiment_free(exp);
}

static void test_report_folder_stays_under_reports(void **state)
{
    (void)state;
    lk_experiment exp = {.name = "../../etc/x"};
    char *dir = lk_report_dir(&exp, NULL);
    assert_string_equal(dir, "reports/_._.._etc_x");
    free(dir);
    exp.name = "heloc-spring-2026";
    dir = lk_report_dir(&exp, NULL);
    assert_string_equal(dir, "reports/heloc-spring-2026");
    free(dir);
    lk_report_options opt = {.dir = "out/r"};
    dir = lk_report_dir(&exp, &opt);
    assert_string_equal(dir, "out/r");
    free(dir);
}

static void test_plot_kind_names_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k < LK_PLOT_COUNT; k++)
        assert_int_equal(lk_plot_kind_from_name(lk_plot_kind_name((lk_plot_kind)k)), k);
    assert_int_equal(lk_plot_kind_from_name("pie"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_audit_sha256_matches_python_hashlib),
        cmocka_unit_test(test_audit_of_empty_file_and_missing_file),
        cmocka_unit_test(test_audit_rows_are_the_readers_rows),
        cmocka_unit_test(test_qini_points_kept_are_kept_again),
        cmocka_unit_test(test_percentages_carry_sign_and_round),
        cmocka_unit_test(test_counts_group_thousands),
        cmocka_unit_test(test_arm_colours_follow_roles),
        cmocka_unit_test(test_report_folder_stays_under_reports),
        cmocka_unit_test(test_plot_kind_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
