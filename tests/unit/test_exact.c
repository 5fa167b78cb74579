/*
 * test_exact.c - order-independent sums (util/exact.h): decimal terms
 * add exactly in any order and in any partition, where a double sum in
 * two orders differs; their text carries every digit and reads back as
 * the same sum; other terms give the correctly rounded sum.
 *
 * Expected values from Python's decimal and math modules (commands beside
 * each test).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/exact.h"

#include "test_helpers.h"

#define NTERMS 1000

/* term i of the money list: (i * 7919 mod 100000) / 100, i = 1..NTERMS */
static double term(int i)
{
    return (double)((i * 7919) % 100000) / 100;
}

/*
 * /usr/bin/python3 -c "from decimal import Decimal as D
 * xs = [D(i * 7919 % 100000) / 100 for i in range(1, 1001)]
 * print(sum(xs), sum(x * x for x in xs))"      -> 498595.00 332047719.3500
 * and the same floats added first to last and last to first:
 * 498594.99999999994 and 498595.0; squares 332047719.34999967 and
 * 332047719.3500001.
 */
static void test_money_sums_do_not_depend_on_order(void **state)
{
    (void)state;
    double up = 0, down = 0;
    lk_exact fs = {0}, fq = {0}, bs = {0}, bq = {0};
    for (int i = 1; i <= NTERMS; i++) {
        up += term(i);
        down += term(NTERMS + 1 - i);
        lk_exact_add_moments(&fs, &fq, term(i));
        lk_exact_add_moments(&bs, &bq, term(NTERMS + 1 - i));
    }
    assert_true(up != down);    /* the naive sums differ */
    char a[LK_EXACT_TEXT], b[LK_EXACT_TEXT];
    lk_exact_format(&fs, a);
    lk_exact_format(&bs, b);
    assert_string_equal(a, "498595");
    assert_string_equal(b, "498595");
    lk_exact_format(&fq, a);
    lk_exact_format(&bq, b);
    assert_string_equal(a, "332047719.35");
    assert_string_equal(b, "332047719.35");
    assert_true(lk_exact_value(&fq) == 332047719.35);
    assert_true(lk_exact_is_decimal(&fq));
}

/* Four partitions summed apart, written as text, read back and added. */
static void test_partitions_written_and_added_give_the_whole(void **state)
{
    (void)state;
    lk_exact whole = {0}, part[4] = {{0}}, sumsq[4] = {{0}}, wsq = {0};
    for (int i = 1; i <= NTERMS; i++) {
        lk_exact_add_moments(&whole, &wsq, term(i));
        lk_exact_add_moments(&part[i % 4], &sumsq[i % 4], term(i));
    }
    lk_exact added = {0}, addsq = {0};
    for (int k = 3; k >= 0; k--) {
        char t[LK_EXACT_TEXT];
        lk_exact_format(&part[k], t);
        assert_int_equal(lk_exact_add_text(&added, t, strlen(t)), 0);
        lk_exact_format(&sumsq[k], t);
        assert_int_equal(lk_exact_add_text(&addsq, t, strlen(t)), 0);
    }
    char a[LK_EXACT_TEXT], b[LK_EXACT_TEXT];
    lk_exact_format(&whole, a);
    lk_exact_format(&added, b);
    assert_string_equal(a, b);
    lk_exact_format(&wsq, a);
    lk_exact_format(&addsq, b);
    assert_string_equal(a, b);
    lk_exact merged = {0};
    for (int k = 0; k < 4; k++)
        lk_exact_merge(&merged, &part[k]);
    lk_exact_format(&merged, b);
    assert_string_equal(b, "498595");
}

/*
 * python3 -c "from decimal import Decimal as D; print(D('0.1') + D('0.2') + D('0.3'))"
 * -> 0.6, where 0.1 + 0.2 + 0.3 -> 0.6000000000000001
 */
static void test_tenths_add_to_their_decimal(void **state)
{
    (void)state;
    lk_exact a = {0}, b = {0};
    lk_exact_add(&a, 0.1);
    lk_exact_add(&a, 0.2);
    lk_exact_add(&a, 0.3);
    lk_exact_add(&b, 0.3);
    lk_exact_add(&b, 0.2);
    lk_exact_add(&b, 0.1);
    assert_true(lk_exact_value(&a) == 0.6);
    assert_true(lk_exact_value(&b) == 0.6);
    assert_true(lk_exact_sum2(0.1, 0.2) == 0.3);
    assert_true(lk_exact_sum2(lk_exact_sum2(0.1, 0.2), 0.3) == 0.6);
    lk_exact sq = {0};
    lk_exact_add_product(&sq, 0.1, 0.3);
    lk_exact_add_product(&sq, -0.2, 0.2);
    char t[LK_EXACT_TEXT];
    lk_exact_format(&sq, t);
    assert_string_equal(t, "-0.01");   /* 0.03 - 0.04 */
}

static void test_text_reads_every_form_of_a_number(void **state)
{
    (void)state;
    static const char *const in[] = {"1234.5600", "1.5e+06", "-0.001", "0", "+7", "2.5E-3",
                                     "000120.0"};
    static const char *const out[] = {"1234.56", "1500000", "-0.001", "0", "7", "0.0025",
                                      "120"};
    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        lk_exact e = {0};
        char t[LK_EXACT_TEXT];
        assert_int_equal(lk_exact_add_text(&e, in[i], strlen(in[i])), 0);
        lk_exact_format(&e, t);
        assert_string_equal(t, out[i]);
    }
    lk_exact e = {0};
    assert_int_equal(lk_exact_add_text(&e, "abc", 3), -1);
    assert_int_equal(lk_exact_add_text(&e, "", 0), -1);
    assert_int_equal(lk_exact_add_text(&e, "1.2.3", 5), -1);
    /* 38 digits fit; a 40-digit number is read as its double */
    const char *big = "1234567890123456789012345678901234567890";
    assert_int_equal(lk_exact_add_text(&e, big, strlen(big)), 0);
    assert_false(lk_exact_is_decimal(&e));
    assert_double_near(1.2345678901234568e39, lk_exact_value(&e), 1e-15);
    /* a number of 200 characters (strtod reads it: so must the sum) */
    char longer[201];
    memset(longer, '0', 200);
    memcpy(longer, "0.", 2);
    longer[199] = '5';
    longer[200] = '\0';
    lk_exact f = {0};
    assert_int_equal(lk_exact_add_text(&f, longer, 200), 0);
    assert_int_equal(lk_exact_add_text(&f, "2", 1), 0);
    assert_double_near(2 + 5e-198, lk_exact_value(&f), 0);
}

/*
 * Terms that are no short decimal: the correctly rounded sum.
 * /usr/bin/python3 -c "import math; print(repr(math.fsum([1/3, 1e15/7, 2/3, -1e15/7, 0.1])))"
 * -> 1.0999999999999999, in any order.
 */
static void test_other_terms_give_the_correctly_rounded_sum(void **state)
{
    (void)state;
    const double x[] = {1.0 / 3, 1e15 / 7, 2.0 / 3, -1e15 / 7, 0.1};
    lk_exact a = {0}, b = {0};
    for (int i = 0; i < 5; i++) {
        lk_exact_add(&a, x[i]);
        lk_exact_add(&b, x[4 - i]);
    }
    assert_false(lk_exact_is_decimal(&a));
    assert_true(lk_exact_value(&a) == 1.0999999999999999);
    assert_true(lk_exact_value(&b) == 1.0999999999999999);
    /* python3 -c "import math; print(repr(math.fsum([1/3]*3 + [-1.0])))"
       -> -5.551115123125783e-17 (three doubles of 1/3 are not 1) */
    lk_exact c = {0};
    for (int i = 0; i < 3; i++)
        lk_exact_add(&c, 1.0 / 3);
    lk_exact_add(&c, -1.0);
    assert_true(lk_exact_value(&c) == -5.551115123125783e-17);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_sums_do_not_depend_on_order),
        cmocka_unit_test(test_partitions_written_and_added_give_the_whole),
        cmocka_unit_test(test_tenths_add_to_their_decimal),
        cmocka_unit_test(test_text_reads_every_form_of_a_number),
        cmocka_unit_test(test_other_terms_give_the_correctly_rounded_sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
