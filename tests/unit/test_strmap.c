/*
 * test_strmap.c - interning: dense ids, stable keys across growth; the
 * key filter: every key passes, most absent keys do not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/strmap.h"

static void test_ids_are_dense_and_stable_across_growth(void **state)
{
    (void)state;
    lk_strmap *m = lk_strmap_new(0);
    char buf[32];
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(buf, sizeof(buf), "C%07d", i);
        int added;
        assert_int_equal(lk_strmap_intern(m, buf, (size_t)n, &added), (uint32_t)i);
        assert_true(added);
    }
    const char *k5 = lk_strmap_key(m, 5);
    for (int i = 0; i < 100000; i += 7) {
        int n = snprintf(buf, sizeof(buf), "C%07d", i);
        int added;
        assert_int_equal(lk_strmap_intern(m, buf, (size_t)n, &added), (uint32_t)i);
        assert_false(added);
        assert_int_equal(lk_strmap_find(m, buf, (size_t)n), (uint32_t)i);
    }
    assert_string_equal(k5, "C0000005");
    assert_int_equal(lk_strmap_find(m, "C9999999", 8), LK_STRMAP_NONE);
    assert_int_equal(lk_strmap_find(m, "C000000", 7), LK_STRMAP_NONE);
    assert_int_equal(lk_strmap_count(m), 100000);
    lk_strmap_free(m);
}

static void test_empty_key_and_embedded_bytes(void **state)
{
    (void)state;
    lk_strmap *m = lk_strmap_new(4);
    assert_int_equal(lk_strmap_intern(m, "", 0, NULL), 0);
    assert_int_equal(lk_strmap_intern(m, "a\0b", 3, NULL), 1);
    assert_int_equal(lk_strmap_intern(m, "a", 1, NULL), 2);
    assert_int_equal(lk_strmap_key_len(m, 1), 3);
    lk_strmap_free(m);
}

/*
 * FNV-1a 64 then the 64-bit finalizer, computed independently with
 * /usr/bin/python3 -c 'M=(1<<64)-1
 * def h(b):
 *     x=1469598103934665603
 *     for c in b: x^=c; x=(x*1099511628211)&M
 *     x^=x>>33; x=(x*0xff51afd7ed558ccd)&M; x^=x>>33; return x
 * for s in [b"", b"C0000001", b"\xc3\xbcnit-42"]: print(hex(h(s)))'
 */
static void test_hash_bytes_is_fnv1a_with_finalizer(void **state)
{
    (void)state;
    assert_true(lk_hash_bytes("", 0) == 0xe36f5519ee926a53ull);
    assert_true(lk_hash_bytes("C0000001", 8) == 0x1376eb7c24565b5full);
    assert_true(lk_hash_bytes("\xc3\xbcnit-42", 8) == 0x1f1cc988ea1f867aull);
}

static int filter_passes(const lk_keyfilter *f, const char *s, size_t len)
{
    uint64_t h = lk_hash_bytes(s, len);
    return lk_keyfilter_may_hold(lk_keyfilter_word(f, h), h);
}

static void test_key_filter_passes_every_key_and_few_others(void **state)
{
    (void)state;
    lk_strmap *m = lk_strmap_new(0);
    char buf[32];
    for (int i = 0; i < 200000; i += 2) {
        int n = snprintf(buf, sizeof(buf), "C%07d", i);
        lk_strmap_intern(m, buf, (size_t)n, NULL);
    }
    lk_keyfilter f;
    assert_int_equal(lk_keyfilter_build(&f, m), 0);
    unsigned passed = 0;
    for (int i = 0; i < 200000; i++) {
        int n = snprintf(buf, sizeof(buf), "C%07d", i);
        if (i % 2 == 0)
            assert_true(filter_passes(&f, buf, (size_t)n));
        else
            passed += (unsigned)filter_passes(&f, buf, (size_t)n);
    }
    /* 8 bits a key, 2 set in a 64-bit word: about 3-6% of absent keys pass */
    assert_true(passed > 500);
    assert_true(passed < 10000);
    lk_keyfilter_release(&f);
    assert_null(f.word);

    /* an empty map: nothing passes */
    lk_strmap *e = lk_strmap_new(0);
    assert_int_equal(lk_keyfilter_build(&f, e), 0);
    assert_false(filter_passes(&f, "C0000000", 8));
    lk_keyfilter_release(&f);
    lk_strmap_free(e);
    lk_strmap_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_are_dense_and_stable_across_growth),
        cmocka_unit_test(test_empty_key_and_embedded_bytes),
        cmocka_unit_test(test_hash_bytes_is_fnv1a_with_finalizer),
        cmocka_unit_test(test_key_filter_passes_every_key_and_few_others),
    };
    return cmocka_run_group_tests_name("strmap", tests, NULL, NULL);
}
