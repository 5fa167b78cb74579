/*
 * test_grow.c - the shared growth rule: capacity doubles from 16, a
 * request already met changes nothing, and a size that would overflow
 * fails without touching the array.  Arrays of 2 MB and more are placed on
 * 2 MB boundaries; their contents survive growth across that size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/grow.h"

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

static void test_big_arrays_are_aligned_zeroed_and_keep_contents(void **state)
{
    (void)state;
    const size_t mb2 = (size_t)2 << 20;
    /* small: plain allocation, zeroed on request */
    unsigned char *s = lk_alloc_big(100, 1, 1);
    assert_non_null(s);
    for (size_t i = 0; i < 100; i++)
        assert_int_equal(s[i], 0);
    free(s);
    /* large: on a 2 MB boundary, zeroed on request */
    uint32_t *b = lk_alloc_big(3 * mb2 / 4 + 5, 4, 1);
    assert_non_null(b);
    assert_int_equal((uintptr_t)b % mb2, 0);
    for (size_t i = 0; i < 3 * mb2 / 4 + 5; i += 4099)
        assert_int_equal(b[i], 0);
    free(b);
    assert_null(lk_alloc_big(SIZE_MAX / 2, 4, 0));

    /* growth from small to large and larger keeps every element */
    uint32_t *a = NULL;
    size_t cap = 0, n = 3 * mb2 / 4;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(lk_grow((void **)&a, &cap, i + 1, sizeof(*a)), 0);
        a[i] = (uint32_t)(i * 2654435761u);
    }
    assert_int_equal((uintptr_t)a % mb2, 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(a[i], (uint32_t)(i * 2654435761u));
    free(a);

    /* realloc_big keeps the first have bytes, growing or shrinking */
    char *r = lk_realloc_big(NULL, 0, mb2, 1);
    assert_non_null(r);
    memset(r, 'x', mb2);
    r = lk_realloc_big(r, mb2, 2 * mb2, 1);
    assert_non_null(r);
    assert_int_equal(r[0], 'x');
    assert_int_equal(r[mb2 - 1], 'x');
    r = lk_realloc_big(r, 2 * mb2, 16, 1);
    assert_non_null(r);
    assert_int_equal(r[15], 'x');
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow_doubles_from_sixteen),
        cmocka_unit_test(test_grow_leaves_a_large_enough_array_alone),
        cmocka_unit_test(test_grow_refuses_an_overflowing_size),
        cmocka_unit_test(test_big_arrays_are_aligned_zeroed_and_keep_contents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
