/*
 * test_matrix.c - the offer matrix from rows handed over (the report's
 * path) against the matrix read from the file itself (liftkit matrix).
 *
 * The handed-over path finds most cells through small tables of the
 * products, channels and months it has met; the file's path through the
 * map of keys.  The expected matrix is the file's own: no number here is
 * computed by hand, both paths must give the same cells bit for bit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/matrix.h"

#include "test_helpers.h"
#include "tmpfiles.h"

static const char exp_ini[] = "[experiment]\nname = m\nsalt = s\nstart = 2026-01-05\n"
                              "window = 90\nproducts = p0\n"
                              "[arm:a]\nrole = champion\nweight = 1\n"
                              "[cost]\nmail = 0.65\n";

/* offers.csv: more products and channels than the tables hold, a name
   longer than they keep, months years apart, costs from the column and
   from [cost] */
static char *offers_file(void)
{
    static char text[1 << 16];
    size_t n = (size_t)snprintf(text, sizeof(text),
                                "customer_id,offer_id,product,channel,offer_date,cost\n");
    const char *longname = "a-product-name-longer-than-thirty-one-bytes";
    for (int i = 0; i < 600; i++) {
        char product[64], channel[16];
        if (i % 37 == 5)
            snprintf(product, sizeof(product), "%s", longname);
        else
            snprintf(product, sizeof(product), "p%d", i % 11);
        snprintf(channel, sizeof(channel), i % 7 == 3 ? "mail" : "c%d", i % 10);
        int year = 2019 + (i * 7) % 8, month = 1 + (i * 5) % 12, day = 1 + i % 28;
        const char *cost = i % 7 == 3 ? "" : (i % 2 ? "0.1" : "0.3");
        n += (size_t)snprintf(text + n, sizeof(text) - n, "C%d,O%d,%s,%s,%04d-%02d-%02d,%s\n",
                              i, i, product, channel, year, month, day, cost);
    }
    return write_file("offers.csv", text);
}

static void test_offers_handed_over_match_the_file_read(void **state)
{
    (void)state;
    lk_experiment *exp = NULL;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&exp, "m.ini", exp_ini, &err), LK_OK);
    const char *path = offers_file();
    lk_matrix *want = lk_matrix_new(), *got = lk_matrix_new();
    assert_non_null(want);
    assert_non_null(got);
    assert_int_equal(lk_matrix_add_offers(want, exp, path, &err), LK_OK);
    assert_int_equal(lk_matrix_finish(want, &err), LK_OK);

    assert_int_equal(lk_matrix_offers_begin(got, exp, path, &err), LK_OK);
    lk_csv_reader *r = NULL;
    assert_int_equal(lk_csv_open(&r, path, &err), LK_OK);
    lk_csv_row *row;
    while (lk_csv_next(r, &row, &err) == LK_OK && row)
        assert_int_equal(lk_matrix_offer_row(got, 0, r, row, &err), LK_OK);
    lk_csv_close(r);
    assert_int_equal(lk_matrix_offers_end(got, 1, &err), LK_OK);
    assert_int_equal(lk_matrix_finish(got, &err), LK_OK);

    assert_true(want->n > 64);
    assert_int_equal(got->n, want->n);
    assert_int_equal(got->offers_rows, want->offers_rows);
    for (size_t i = 0; i < want->n; i++) {
        const lk_matrix_cell *a = &want->cells[i], *b = &got->cells[i];
        assert_memory_equal(a->month, b->month, sizeof(a->month));
        assert_string_equal(a->product, b->product);
        assert_string_equal(a->channel, b->channel);
        assert_double_near(a->offers, b->offers, 0);
        assert_double_near(a->cost, b->cost, 0);
    }
    lk_matrix_free(want);
    lk_matrix_free(got);
    lk_experiment_free(exp);
}

static int setup(void **state)
{
    (void)state;
    return tmp_dir_make("lk_matrix");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offers_handed_over_match_the_file_read),
    };
    return cmocka_run_group_tests(tests, setup, tmp_dir_remove);
}
