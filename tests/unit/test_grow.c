/*
 * test_grow.c - the shared growth rule: capacity doubles from 16, a
 * request already met changes nothing, and a size that would overflow
 * fails without touching the array.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "grow.h"

static void test_grow_doubles_from_sixteen(void **state)
{
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    assert_int_equal(lk_grow((void **)&a, &cap, 1, sizeof(*a)), 0);
    assert_int_equal(cap, 16);
    a[15] = 7;
    assert_int_equal(lk_grow((void **)&a, &cap, 17, sizeof(*a)), 0);
    assert_int_equal(cap, 32);
    assert_int_equal(a[15], 7);
    assert_int_equal(lk_grow((void **)&a, &cap, 100, sizeof(*a)), 0);
    assert_int_equal(cap, 128);
    free(a);
}

static void test_grow_leaves_a_large_enough_array_alone(void **state)
{
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    assert_int_equal(lk_grow((void **)&a, &cap, 20, sizeof(*a)), 0);
    int *was = a;
    assert_int_equal(lk_grow((void **)&a, &cap, 32, sizeof(*a)), 0);
    assert_ptr_equal(a, was);
    assert_int_equal(cap, 32);
    free(a);
}

static void test_grow_refuses_an_overflowing_size(void **state)
{
    (void)state;
    char *a = NULL;
    size_t cap = 0;
    assert_int_equal(lk_grow((void **)&a, &cap, 8, 1), 0);
    char *was = a;
    assert_int_equal(lk_grow((void **)&a, &cap, SIZE_MAX / 2, 4), -1);
    assert_int_equal(lk_grow((void **)&a, &cap, SIZE_MAX, 1), -1);
    assert_ptr_equal(a, was);
    assert_int_equal(cap, 16);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow_doubles_from_sixteen),
        cmocka_unit_test(test_grow_leaves_a_large_enough_array_alone),
        cmocka_unit_test(test_grow_refuses_an_overflowing_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
