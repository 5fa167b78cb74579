/*
 * test_helpers.c - the floating-point checks of test_helpers.h can fail:
 * the predicates are false on NaN, on infinities that differ and on far
 * values, true on near ones; and assert_double_near, run in a child
 * process, makes a cmocka test fail on NaN with a message that names the
 * expected value, the actual value and the difference.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_helpers.h"

static void test_near_is_false_on_nan(void **state)
{
    (void)state;
    assert_false(double_near(1.0, NAN, 1e-9));
    assert_false(double_near(NAN, 1.0, 1e-9));
    assert_false(double_near(NAN, NAN, 1e-9));
    assert_false(double_near(0.0, NAN, INFINITY));
    assert_false(double_near(1.0, 1.0, NAN));
    assert_false(double_near(1.0, 1.0, -1));
}

static void test_near_is_false_on_far_values(void **state)
{
    (void)state;
    assert_false(double_near(0.05, 0.0501, 1e-5));        /* absolute: 1e-4 > 1e-5 */
    assert_false(double_near(1000, 1000.2, 1e-4));        /* relative: 0.2 > 0.1 */
    assert_false(double_near(1e-11, 2e-11, 1e-15));
    assert_false(double_near(0.0, 1e-300, 0));
    assert_false(double_near(-1.0, 1.0, 1.5));
    assert_false(double_near(1.0, 1.0 + 1e-8, 1e-9));     /* equal as floats */
    assert_false(double_near(1e308, -1e308, 1e-9));       /* difference overflows */
}

static void test_within_is_absolute_only(void **state)
{
    (void)state;
    assert_true(double_within(1000, 1000.05, 0.1));
    assert_false(double_within(1000, 1000.2, 0.1));       /* near would pass: 0.2 <= 100 */
    assert_true(double_near(1000, 1000.2, 0.1));
    assert_false(double_within(5.0, NAN, 1.0));
    assert_false(double_within(NAN, NAN, 1.0));
    assert_false(double_within(INFINITY, 1e308, 1e300));
    assert_true(double_within(-INFINITY, -INFINITY, 0));
}

static void test_near_handles_infinities(void **state)
{
    (void)state;
    assert_true(double_near(INFINITY, INFINITY, 0));
    assert_true(double_near(-INFINITY, -INFINITY, 1e-9));
    assert_false(double_near(INFINITY, -INFINITY, 1e-9));
    assert_false(double_near(INFINITY, 1e308, 1e-9));
    assert_false(double_near(1e308, INFINITY, 1e-9));
    assert_false(double_near(1.0, INFINITY, INFINITY));
}

static void test_near_is_true_on_near_values(void **state)
{
    (void)state;
    assert_true(double_near(0.05, 0.05, 0));
    assert_true(double_near(0.05, 0.050001, 1e-5));       /* absolute */
    assert_true(double_near(0.05, 0.049999, 1e-5));
    assert_true(double_near(1000, 1000.05, 1e-4));        /* relative: 0.05 <= 0.1 */
    assert_true(double_near(-1000, -999.95, 1e-4));
    assert_true(double_near(0.1 + 0.2, 0.3, 1e-15));
    assert_true(double_near(1.0, 1.0 + 1e-10, 1e-9));     /* finer than a float can tell */
    assert_true(double_near(0.0, -0.0, 0));
}

static void test_nan_expected_only_through_assert_double_nan(void **state)
{
    (void)state;
    assert_double_nan(NAN);
    assert_double_nan(INFINITY - INFINITY);
    assert_double_near(0.3, 0.1 + 0.2, 1e-15);
}

/* ---- the assertion makes a test fail ---- */

static void nan_against_a_number(void **state)
{
    (void)state;
    assert_double_near(0.125, NAN, 1e-9);
}

static void number_expected_to_be_nan(void **state)
{
    (void)state;
    assert_double_nan(0.125);
}

/* Run one test in a child process with its output in buf; the number of
 * failed tests the child reports, or -1 when it could not be run. */
static int run_in_child(CMUnitTestFunction fn, char *buf, size_t size)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fd[0]);
        dup2(fd[1], 1);
        dup2(fd[1], 2);
        const struct CMUnitTest one[] = {cmocka_unit_test(fn)};
        int failed = cmocka_run_group_tests_name("child", one, NULL, NULL);
        fflush(stdout);
        _exit(failed);
    }
    close(fd[1]);
    size_t n = 0;
    ssize_t r;
    while (n + 1 < size && (r = read(fd[0], buf + n, size - 1 - n)) > 0)
        n += (size_t)r;
    buf[n] = '\0';
    close(fd[0]);
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

static void test_assert_double_near_fails_on_nan(void **state)
{
    (void)state;
    char out[4096];
    assert_int_equal(run_in_child(nan_against_a_number, out, sizeof(out)), 1);
    assert_non_null(strstr(out, "NAN: expected 0.125, actual nan, difference nan"));
}

static void far_count(void **state)
{
    (void)state;
    assert_double_within(1000, 1000.2, 0.1);
}

static void test_assert_double_within_fails_on_a_far_count(void **state)
{
    (void)state;
    char out[4096];
    assert_int_equal(run_in_child(far_count, out, sizeof(out)), 1);
    assert_non_null(strstr(out, "1000.2: expected 1000, actual 1000.2"));
}

static void test_assert_double_nan_fails_on_a_number(void **state)
{
    (void)state;
    char out[4096];
    assert_int_equal(run_in_child(number_expected_to_be_nan, out, sizeof(out)), 1);
    assert_non_null(strstr(out, "0.125: expected NaN, actual 0.125"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_near_is_false_on_nan),
        cmocka_unit_test(test_near_is_false_on_far_values),
        cmocka_unit_test(test_within_is_absolute_only),
        cmocka_unit_test(test_near_handles_infinities),
        cmocka_unit_test(test_near_is_true_on_near_values),
        cmocka_unit_test(test_nan_expected_only_through_assert_double_nan),
        cmocka_unit_test(test_assert_double_near_fails_on_nan),
        cmocka_unit_test(test_assert_double_within_fails_on_a_far_count),
        cmocka_unit_test(test_assert_double_nan_fails_on_a_number),
    };
    return cmocka_run_group_tests_name("test helpers", tests, NULL, NULL);
}
