/*
 * test_holdings.c - the relationship files read in two parts on two threads
 * give what one pass with a map of customers gives: the unit at the cut,
 * a file out of the assignments' order, customers not assigned, more than
 * 64 products, snapshots of one opening on both sides of the cut.
 *
 * The one-pass results are those the CLI case lift_relationship checks
 * against pandas (tests/data/lift/reference.py); here the two ways of
 * reading are compared with each other on inputs made to hit the cut.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "liftkit/experiment.h"
#include "liftkit/holdings.h"
#include "liftkit/units.h"

#include "io/parts.h"
#include "measure/holdings_int.h"
#include "measure/units_find.h"
#include "tmpfiles.h"

static const char exp_text[] =
    "[experiment]\nname = t\nstart = 2026-01-05\nwindow = 60\nproducts = card, heloc\n"
    "[arm:champ]\nrole = champion\nweight = 1\n[arm:hold]\nrole = control\nweight = 1\n";

#define CUSTOMERS 40
#define BIG 17          /* the customer with most of the rows: the cut falls in them */

static int setup(void **state)
{
    (void)state;
    return tmp_dir_make("lk_holdings");
}

static char *write_assignments(void)
{
    char text[64 * (CUSTOMERS + 1)];
    size_t len = (size_t)snprintf(text, sizeof(text), "customer_id,unit_id,experiment,arm,role\n");
    for (int c = 0; c < CUSTOMERS; c++)
        len += (size_t)snprintf(text + len, sizeof(text) - len, "C%03d,C%03d,t,%s\n", c, c,
                                c % 2 ? "champ,champion" : "hold,control");
    return write_file("assignments.csv", text);
}

/*
 * Holdings of customers C000..C039 in order, with X-customers not
 * assigned; BIG holds 90 products (so past the 64th) over many rows,
 * some closed before the start or the end.  With swap, two customers'
 * rows change places (the file is then out of order).
 */
static char *write_holdings(int swap)
{
    static char path[128];
    snprintf(path, sizeof(path), "%s/holdings.csv", tmp_dir);
    FILE *f = fopen(path, "w");
    fputs("customer_id,product,open_date,close_date\n", f);
    for (int k = 0; k < CUSTOMERS; k++) {
        int c = swap && k == 3 ? 36 : swap && k == 36 ? 3 : k;
        int rows = c == BIG ? 400 : 1 + c % 4;
        for (int j = 0; j < rows; j++)
            fprintf(f, "C%03d,p%02d,2025-%02d-01,%s\n", c, (j * 7 + c) % (c == BIG ? 90 : 6),
                    1 + j % 12, j % 5 == 1 ? "2026-01-20" : j % 5 == 2 ? "2026-12-01" : "");
        if (c % 9 == 0)
            fprintf(f, "X%03d,card,2025-01-01,\n", c);
    }
    fclose(f);
    return path;
}

/* Openings: customer c's target accounts A<c>0 and A<c>1 (and a deposit). */
static char *write_openings(void)
{
    static char path[128];
    snprintf(path, sizeof(path), "%s/openings.csv", tmp_dir);
    FILE *f = fopen(path, "w");
    fputs("customer_id,account_id,product,open_date,balance\n", f);
    for (int c = 0; c < CUSTOMERS; c++)
        fprintf(f, "C%03d,A%03d0,card,2026-01-%02d,%d\nC%03d,A%03d1,deposit,2026-01-10,5\n"
                   "C%03d,A%03d2,heloc,2026-02-%02d,\n",
                c, c, 5 + c % 20, c % 3 ? 0 : 100 + c, c, c, c, c, 1 + c % 20);
    fclose(f);
    return path;
}

/*
 * Snapshots of every account in order, A<BIG>0 with 600 of them (many on
 * the same day, so the last one of the day wins across the cut); with
 * swap two accounts change places.
 */
static char *write_balances(int swap)
{
    static char path[128];
    snprintf(path, sizeof(path), "%s/balances.csv", tmp_dir);
    FILE *f = fopen(path, "w");
    fputs("account_id,date,balance\n", f);
    for (int k = 0; k < CUSTOMERS; k++) {
        int c = swap && k == 5 ? 30 : swap && k == 30 ? 5 : k;
        for (int a = 0; a < 3; a++) {
            int rows = c == BIG && a == 0 ? 600 : 3;
            for (int j = 0; j < rows; j++)
                fprintf(f, "A%03d%d,2026-%02d-%02d,%d.25\n", c, a, 2 + j % 3, 1 + (j / 3) % 28,
                        (c * 31 + j * 17) % 500);
        }
    }
    fclose(f);
    return path;
}

/* Units of the assignments, found by sorted ids (sorted) or by a map. */
static lk_units *load(const lk_experiment *e, int sorted)
{
    lk_units *u = NULL;
    lk_error err;
    lk_units_options opt = {.skip_ids = 1, .find_customers = sorted, .index_customers = !sorted};
    assert_int_equal(lk_units_load(&u, e, write_assignments(), write_openings(), &opt, &err),
                     LK_OK);
    assert_int_equal(lk_units_find_sorted(u), sorted);
    return u;
}

static void assert_same_units(const lk_units *a, const lk_units *b)
{
    assert_int_equal(a->n, b->n);
    assert_memory_equal(a->held_start, b->held_start, a->n * sizeof(uint32_t));
    assert_memory_equal(a->held_end, b->held_end, a->n * sizeof(uint32_t));
    assert_memory_equal(a->funded_target, b->funded_target, a->n);
    assert_memory_equal(a->balance_target_90, b->balance_target_90, a->n * sizeof(double));
}

static void assert_same_counts(const lk_relationship_counts *a,
                               const lk_relationship_counts *b)
{
    assert_int_equal(a->rows, b->rows);
    assert_int_equal(a->used, b->used);
    assert_int_equal(a->unassigned, b->unassigned);
    assert_int_equal(a->other, b->other);
}

/* Both files read in two parts (sorted ids) and in one with a map: the same. */
static void check_both_ways(int swap)
{
    lk_experiment *e;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&e, "t.ini", exp_text, &err), LK_OK);
    char *h = write_holdings(swap);
    char *b = write_balances(swap);
    lk_units *two = load(e, 1), *one = load(e, 0);
    lk_relationship_counts c2, c1;
    assert_int_equal(lk_units_add_holdings_split(two, e, h, 1, &c2, &err), LK_OK);
    assert_int_equal(lk_units_add_holdings_split(one, e, h, LK_PARTS_WHOLE, &c1, &err), LK_OK);
    assert_same_counts(&c2, &c1);
    assert_int_equal(c1.unassigned, 5);
    assert_int_equal(lk_units_add_balances_split(two, e, write_openings(), b, 1, &c2, &err),
                     LK_OK);
    assert_int_equal(lk_units_add_balances_split(one, e, write_openings(), b, LK_PARTS_WHOLE,
                                                 &c1, &err), LK_OK);
    assert_same_counts(&c2, &c1);
    assert_same_units(two, one);
    /* the customer at the cut: 90 products started before 2026 */
    assert_true(one->held_start[BIG] > 64);
    lk_units_free(two);
    lk_units_free(one);
    lk_experiment_free(e);
}

static void test_two_parts_agree_with_one_pass(void **state)
{
    (void)state;
    check_both_ways(0);
}

static void test_files_out_of_order_are_read_again_in_one_part(void **state)
{
    (void)state;
    check_both_ways(1);
}

/* An error in the second part is located as a one-part read locates it. */
static void test_bad_row_after_the_cut_is_located(void **state)
{
    (void)state;
    lk_experiment *e;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&e, "t.ini", exp_text, &err), LK_OK);
    char *h = write_holdings(0);
    FILE *f = fopen(h, "a");
    fputs("C039,card,2026-13-01,\n", f);
    fclose(f);
    lk_units *u = load(e, 1);
    assert_int_equal(lk_units_add_holdings_split(u, e, h, 1, NULL, &err), LK_EDATA);
    assert_string_equal(err.msg,
                        "invalid date '2026-13-01' in column 'open_date': expected YYYY-MM-DD");
    assert_int_equal(err.line, 505); /* the header, 498 rows, 5 not assigned, this one */
    assert_int_equal(err.column, 3);
    assert_null(u->held_end);
    lk_units_free(u);
    lk_experiment_free(e);
}

/* The sorted search: a hint ahead of or behind the id, absent ids. */
static void test_sorted_search_finds_from_any_hint(void **state)
{
    (void)state;
    char *ids[] = {"a", "b", "bb", "c", "d", "e", "f", "g"};
    size_t hint = 0;
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(lk_ids_find(ids, 8, 1, ids[i], strlen(ids[i]), &hint), i);
    hint = 7;
    assert_int_equal(lk_ids_find(ids, 8, 1, "bb", 2, &hint), 2);
    assert_int_equal(hint, 2);
    assert_int_equal(lk_ids_find(ids, 8, 1, "ba", 2, &hint), 8);
    assert_int_equal(lk_ids_find(ids, 8, 1, "z", 1, &hint), 8);
    assert_int_equal(lk_ids_find(ids, 8, 1, "0", 1, &hint), 8);
    assert_int_equal(lk_ids_lower_bound(ids, 1, "ba", 2, 0, 8), 2);
    /* just before the hint: the id there, in the gap, or further back */
    hint = 3;
    assert_int_equal(lk_ids_find(ids, 8, 1, "bb", 2, &hint), 2);
    hint = 3;
    assert_int_equal(lk_ids_find(ids, 8, 1, "bc", 2, &hint), 8);
    assert_int_equal(hint, 3);
    assert_int_equal(lk_ids_find(ids, 8, 1, "a", 1, &hint), 0);
    hint = 0;
    assert_int_equal(lk_ids_find(ids, 8, 1, "0", 1, &hint), 8);
    /* length, then text: numbers without zero padding */
    char *nums[] = {"C9", "C10", "C11", "C100"};
    hint = 0;
    assert_int_equal(lk_ids_find(nums, 4, 2, "C100", 4, &hint), 3);
    assert_int_equal(lk_ids_find(nums, 4, 2, "C10", 3, &hint), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_parts_agree_with_one_pass),
        cmocka_unit_test(test_files_out_of_order_are_read_again_in_one_part),
        cmocka_unit_test(test_bad_row_after_the_cut_is_located),
        cmocka_unit_test(test_sorted_search_finds_from_any_hint),
    };
    return cmocka_run_group_tests(tests, setup, tmp_dir_remove);
}
