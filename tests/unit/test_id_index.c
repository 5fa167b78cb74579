/*
 * test_id_index.c - the duplicate check of assign: sorted input needs no
 * map, duplicates are found in either order, and anything else is
 * reported as unsorted so the caller can switch to a map.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "io/id_index.h"

static int add(lk_id_index *x, const char *s, unsigned long line, unsigned long *first)
{
    return lk_id_index_add(x, s, strlen(s), line, first);
}

static void test_byte_sorted_ids_keep_no_map(void **state)
{
    (void)state;
    lk_id_index x;
    unsigned long first = 0;
    assert_int_equal(lk_id_index_init(&x, 1), 0);
    assert_int_equal(add(&x, "A1", 2, &first), LK_IDX_NEW);
    assert_int_equal(add(&x, "A10", 3, &first), LK_IDX_NEW);
    assert_int_equal(add(&x, "A2", 4, &first), LK_IDX_NEW);    /* bytes: A10 < A2 */
    assert_int_equal(add(&x, "A2", 5, &first), LK_IDX_SEEN);
    assert_int_equal(first, 4);
    assert_null(x.map);
    assert_int_equal(x.sorted, LK_ORDER_BYTES);
    assert_int_equal(add(&x, "A1", 6, &first), LK_IDX_UNSORTED);
    lk_id_index_release(&x);
}

static void test_unpadded_numbers_count_as_sorted(void **state)
{
    (void)state;
    lk_id_index x;
    unsigned long first = 0;
    char id[16];
    assert_int_equal(lk_id_index_init(&x, 1), 0);
    for (int i = 1; i <= 1000; i++) {
        snprintf(id, sizeof(id), "C%d", i);
        assert_int_equal(add(&x, id, (unsigned long)i + 1, &first), LK_IDX_NEW);
    }
    assert_int_equal(x.sorted, LK_ORDER_LENGTH);
    assert_int_equal(add(&x, "C1000", 2000, &first), LK_IDX_SEEN);
    assert_int_equal(first, 1001);
    assert_int_equal(add(&x, "C999", 2001, &first), LK_IDX_UNSORTED);
    assert_null(x.map);
    lk_id_index_release(&x);
}

static void test_map_finds_duplicates_in_any_order(void **state)
{
    (void)state;
    lk_id_index x;
    unsigned long first = 0;
    assert_int_equal(lk_id_index_init(&x, 0), 0);
    assert_int_equal(add(&x, "b", 2, &first), LK_IDX_NEW);
    assert_int_equal(add(&x, "a", 3, &first), LK_IDX_NEW);
    assert_int_equal(add(&x, "c", 4, &first), LK_IDX_NEW);
    assert_int_equal(add(&x, "b", 5, &first), LK_IDX_SEEN);
    assert_int_equal(first, 2);
    assert_true(lk_id_index_bytes(&x) > 0);
    lk_id_index_release(&x);
}

/* Two halves join when the first's last id is below the second's first. */
static void test_halves_join_only_in_order(void **state)
{
    (void)state;
    lk_id_index a, b;
    unsigned long f;
    lk_id_index_init(&a, 1);
    lk_id_index_init(&b, 1);
    add(&a, "C8", 2, &f);
    add(&a, "C9", 3, &f);
    add(&b, "C10", 4, &f);
    add(&b, "C11", 5, &f);
    assert_true(lk_id_index_join(&a, &b, 1));      /* by length: C9 < C10 */
    assert_true(lk_id_index_join(&b, &a, 1));      /* by bytes: C11 < C8 */
    lk_id_index c;
    lk_id_index_init(&c, 1);
    add(&c, "C10", 6, &f);                         /* below C11 in both orders */
    assert_false(lk_id_index_join(&b, &c, 1));
    lk_id_index_release(&c);
    lk_id_index_release(&b);
    lk_id_index_init(&b, 1);
    add(&b, "C9", 4, &f);                          /* the same id across the halves */
    assert_false(lk_id_index_join(&a, &b, 1));
    assert_true(lk_id_index_join(&a, &b, 0));      /* allowed for households */
    lk_id_index_release(&a);
    lk_id_index_release(&b);
}

/* n sorted ids in a new index. */
static void index_of(lk_id_index *x, const char *const *ids, size_t n)
{
    unsigned long f;
    lk_id_index_init(x, 1);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(add(x, ids[i], i + 2, &f), LK_IDX_NEW);
}

/* Blocks taken one after another keep only the orders every join holds in. */
static void test_blocks_append_in_the_orders_they_keep(void **state)
{
    (void)state;
    lk_id_index all, b;
    lk_id_index_init(&all, 1);
    index_of(&b, (const char *[]){"C8", "C9"}, 2);
    assert_int_equal(lk_id_index_append(&all, &b, 1), LK_IDX_NEW);
    assert_string_equal(all.first, "C8");
    assert_int_equal(all.sorted, LK_ORDER_ANY);
    lk_id_index_release(&b);
    index_of(&b, (const char *[]){"C10", "C11"}, 2);   /* C9 < C10 by length only */
    assert_int_equal(lk_id_index_append(&all, &b, 1), LK_IDX_NEW);
    assert_string_equal(all.last, "C11");
    assert_int_equal(all.sorted, LK_ORDER_LENGTH);
    lk_id_index_release(&b);
    index_of(&b, (const char *[]){"C11"}, 1);          /* the same id across the cut */
    assert_int_equal(lk_id_index_append(&all, &b, 1), LK_IDX_UNSORTED);
    assert_int_equal(lk_id_index_append(&all, &b, 0), LK_IDX_SEEN);
    assert_string_equal(all.last, "C11");
    lk_id_index_release(&b);
    index_of(&b, (const char *[]){"C2", "C3"}, 2);     /* below C11 in length order */
    assert_int_equal(lk_id_index_append(&all, &b, 0), LK_IDX_UNSORTED);
    assert_string_equal(all.last, "C11");
    lk_id_index_release(&b);
    lk_id_index_init(&b, 1);                           /* an empty block changes nothing */
    assert_int_equal(lk_id_index_append(&all, &b, 1), LK_IDX_NEW);
    assert_string_equal(all.first, "C8");
    assert_string_equal(all.last, "C11");
    lk_id_index_release(&b);
    lk_id_index_release(&all);
}

/* A map with a limit refuses the id past it (kept, so asking again finds it),
   and the default limit is the documented one until set. */
static void test_map_refuses_past_its_limit(void **state)
{
    (void)state;
    lk_id_index x;
    unsigned long first = 0;
    assert_int_equal(lk_id_index_init(&x, 0), 0);
    x.limit = 2;
    assert_int_equal(add(&x, "B", 2, &first), LK_IDX_NEW);
    assert_int_equal(add(&x, "A", 3, &first), LK_IDX_NEW);
    assert_int_equal(add(&x, "C", 4, &first), LK_IDX_LIMIT);
    assert_int_equal(add(&x, "A", 5, &first), LK_IDX_SEEN);
    assert_int_equal(first, 3);
    assert_int_equal(add(&x, "C", 6, &first), LK_IDX_SEEN);
    assert_int_equal(first, 4);
    lk_id_index_release(&x);
    assert_int_equal(lk_id_limit(), LK_MAX_IDS_DEFAULT);
    lk_id_set_limit(5);
    assert_int_equal(lk_id_limit(), 5);
    lk_id_set_limit(0);
    assert_int_equal(lk_id_limit(), LK_MAX_IDS_DEFAULT);
}

/* The sign memcmp gives, the shorter first on a common prefix. */
static int reference_order(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c == 0)
        c = (alen > blen) - (alen < blen);
    return (c > 0) - (c < 0);
}

/* Ids of 0 to 20 bytes (high bytes too) differing anywhere: the word
 * comparison orders them as bytes do. */
static void test_compare_orders_as_bytes(void **state)
{
    (void)state;
    static const char alphabet[] = {'0', '1', '9', 'A', 'z', (char)0x80, (char)0xff};
    unsigned seed = 12345;
    for (int t = 0; t < 200000; t++) {
        char a[24], b[24];
        seed = seed * 1103515245u + 12345u;
        size_t alen = (seed >> 16) % 21, blen = alen;
        seed = seed * 1103515245u + 12345u;
        if ((seed >> 16) % 4 == 0)
            blen = (seed >> 8) % 21;
        for (size_t i = 0; i < 24; i++) {
            seed = seed * 1103515245u + 12345u;
            a[i] = b[i] = alphabet[(seed >> 16) % sizeof(alphabet)];
        }
        seed = seed * 1103515245u + 12345u;
        size_t at = (seed >> 16) % 21;      /* one byte changed, or none */
        seed = seed * 1103515245u + 12345u;
        if ((seed >> 16) % 3)
            b[at] = alphabet[(seed >> 8) % sizeof(alphabet)];
        int c = lk_id_compare(a, alen, b, blen);
        assert_int_equal((c > 0) - (c < 0), reference_order(a, alen, b, blen));
        c = lk_id_compare_in(LK_ORDER_LENGTH, a, alen, b, blen);
        int want = alen != blen ? (alen > blen) - (alen < blen)
                                : reference_order(a, alen, b, blen);
        assert_int_equal((c > 0) - (c < 0), want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_byte_sorted_ids_keep_no_map),
        cmocka_unit_test(test_unpadded_numbers_count_as_sorted),
        cmocka_unit_test(test_map_finds_duplicates_in_any_order),
        cmocka_unit_test(test_halves_join_only_in_order),
        cmocka_unit_test(test_blocks_append_in_the_orders_they_keep),
        cmocka_unit_test(test_map_refuses_past_its_limit),
        cmocka_unit_test(test_compare_orders_as_bytes),
    };
    return cmocka_run_group_tests_name("id_index", tests, NULL, NULL);
}
