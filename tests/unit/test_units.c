/*
 * test_units.c - per-unit ITT metrics: households, the window's edges,
 * distinct products, row accounting and located errors.
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

#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/units.h"
#include "test_helpers.h"

#include "tmpfiles.h"
#include "util/strmap.h"

static const char exp_text[] =
    "[experiment]\nname = t\nunit = household_id\nstart = 2026-01-05\nwindow = 10\n"
    "products = heloc, card\n"
    "[arm:champ]\nrole = champion\nweight = 1\n"
    "[arm:hold]\nrole = control\nweight = 1\n"
    "[value]\ncard = 120\nheloc = 400\n";

static const char assignments[] =
    "customer_id,unit_id,experiment,arm,role,bucket,stratum,score_v1\n"
    "c1,h1,t,champ,champion,1,,0.5\n"
    "c2,h1,t,champ,champion,1,,0.7\n"
    "c3,h2,t,hold,control,2,,\n"
    "c4,h3,t,hold,control,3,,0.1\n";

static int setup(void **state)
{
    (void)state;
    return tmp_dir_make("lk_units");
}

static lk_units *load(const char *assign_text, const char *open_text, lk_error *err, int *rc,
                      const lk_units_options *opt)
{
    lk_experiment *e;
    assert_int_equal(lk_experiment_parse(&e, "t.ini", exp_text, err), LK_OK);
    char *a = write_file("assignments.csv", assign_text);
    char *o = open_text ? write_file("openings.csv", open_text) : NULL;
    lk_units *u = NULL;
    *rc = lk_units_load(&u, e, a, o, opt, err);
    lk_experiment_free(e);
    return u;
}

static size_t unit_index(const lk_units *u, const char *id)
{
    for (size_t i = 0; i < u->n; i++)
        if (!strcmp(u->id[i], id))
            return i;
    fail_msg("no unit '%s'", id);
    return 0;
}

static void test_households_and_window_edges(void **state)
{
    (void)state;
    /* start 2026-01-05, window 10: counts 01-05 .. 01-15 inclusive */
    const char *openings =
        "customer_id,account_id,product,open_date,balance\n"
        "c1,a1,card,2026-01-05,100\n"      /* first day: counts, target */
        "c2,a2,deposit,2026-01-15,50\n"    /* last day: counts, not target */
        "c2,a3,card,2026-01-16,70\n"       /* day after: outside */
        "c3,a4,heloc,2026-01-04,900\n"     /* day before: outside */
        "c4,a5,card,2026-01-10,\n"         /* empty balance = 0 */
        "c4,a6,card,2026-01-11,5\n"        /* second card: one product */
        "zz,a7,card,2026-01-10,5\n";       /* not assigned */
    const char *const scores[] = {"score_v1"};
    lk_units_options opt = {.scores = scores, .nscores = 1};
    lk_error err;
    int rc;
    lk_units *u = load(assignments, openings, &err, &rc, &opt);
    assert_int_equal(rc, LK_OK);
    assert_int_equal(u->n, 3);
    assert_int_equal(u->arm_units[0], 1);
    assert_int_equal(u->arm_units[1], 2);
    size_t h1 = unit_index(u, "h1"), h2 = unit_index(u, "h2"), h3 = unit_index(u, "h3");
    assert_int_equal(u->response_target[h1], 1);
    assert_int_equal(u->response_any[h1], 1);
    assert_true(u->balance_target[h1] == 100);
    assert_true(u->balance_any[h1] == 150);
    assert_int_equal(u->products_opened[h1], 2);
    assert_true(u->value[h1] == 120);
    assert_int_equal(u->first_target_day[h1], 0);
    assert_int_equal(u->first_any_day[h1], 0);
    assert_int_equal(u->response_any[h2], 0);
    assert_int_equal(u->first_target_day[h2], -1);
    assert_int_equal(u->products_opened[h3], 1);
    assert_true(u->value[h3] == 240);
    assert_int_equal(u->first_target_day[h3], 5);
    assert_double_near(0.6, u->score[0][h1], 1e-12);
    assert_true(isnan(u->score[0][h2]));
    assert_int_equal(u->openings_rows, 7);
    assert_int_equal(u->openings_in_window, 4);
    assert_int_equal(u->openings_outside_window, 2);
    assert_int_equal(u->openings_unassigned, 1);
    double n[2], s[2], ss[2];
    lk_units_sums(u, LK_METRIC_BALANCE_ANY, n, s, ss);
    assert_true(n[0] == 1 && n[1] == 2);
    assert_true(s[1] == 5 && ss[1] == 25);
    lk_units_free(u);
}

static void expect_load_error(const char *assign_text, const char *open_text,
                              const char *file, unsigned long line, unsigned long col,
                              const char *msg)
{
    lk_error err;
    int rc;
    lk_units *u = load(assign_text, open_text, &err, &rc, NULL);
    assert_null(u);
    assert_int_equal(rc, LK_EDATA);
    assert_non_null(strstr(err.path, file));
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, col);
    assert_string_equal(err.msg, msg);
}

static void test_bad_assignments_are_located(void **state)
{
    (void)state;
    const char *h = "customer_id,unit_id,experiment,arm,role,bucket,stratum\n";
    char buf[512];
    snprintf(buf, sizeof(buf), "%sc1,h1,t,champ,champion,1,\nc2,h2,other,champ,champion,1,\n", h);
    expect_load_error(buf, NULL, "assignments.csv", 3, 3,
                      "experiment 'other' does not match the experiment file's 't'");
    snprintf(buf, sizeof(buf), "%sc1,h1,t,champion-2,champion,1,\n", h);
    expect_load_error(buf, NULL, "assignments.csv", 2, 4,
                      "unknown arm 'champion-2': the experiment file's arms are champ, hold");
    snprintf(buf, sizeof(buf), "%sc1,h1,t,champ,control,1,\n", h);
    expect_load_error(buf, NULL, "assignments.csv", 2, 5,
                      "role 'control' of arm 'champ' does not match the experiment file's "
                      "'champion'");
    snprintf(buf, sizeof(buf), "%sc1,h1,t,champ,champion,1,\nc1,h2,t,hold,control,1,\n", h);
    expect_load_error(buf, NULL, "assignments.csv", 3, 1,
                      "duplicate customer_id 'c1': first assigned on line 2");
    /* out of order: the load starts over with a map and still finds the first line */
    snprintf(buf, sizeof(buf), "%sc2,h1,t,champ,champion,1,\nc1,h2,t,hold,control,1,\n"
             "c2,h3,t,hold,control,1,\n", h);
    expect_load_error(buf, NULL, "assignments.csv", 4, 1,
                      "duplicate customer_id 'c2': first assigned on line 2");
    snprintf(buf, sizeof(buf), "%sc1,h1,t,champ,champion,1,\nc2,h1,t,hold,control,1,\n", h);
    expect_load_error(buf, NULL, "assignments.csv", 3, 4,
                      "unit 'h1' is in arm 'champ' on line 2 but in arm 'hold' here");
    snprintf(buf, sizeof(buf), "customer_id,experiment,arm,role\nc1,t,champ,champion\n");
    expect_load_error(buf, NULL, "assignments.csv", 1, 0, "missing column 'unit_id' in header; "
                      "the columns are customer_id, experiment, arm, role");
    expect_load_error(h, NULL, "assignments.csv", 0, 0, "no assignments: expected at least one row");
}

static void test_customer_units_need_matching_ids_and_any_order(void **state)
{
    (void)state;
    static const char exp2[] =
        "[experiment]\nname = t\nstart = 2026-01-05\nwindow = 10\nproducts = card\n"
        "[arm:champ]\nrole = champion\nweight = 1\n[arm:hold]\nrole = control\nweight = 1\n";
    lk_experiment *e;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&e, "t.ini", exp2, &err), LK_OK);
    const char *h = "customer_id,unit_id,experiment,arm,role\n";
    char buf[512];
    /* ids in no order, with an opening each way round */
    snprintf(buf, sizeof(buf), "%sc9,c9,t,champ,champion\nc10,c10,t,hold,control\n"
             "c1,c1,t,champ,champion\n", h);
    char *a = write_file("a.csv", buf);
    char *o = write_file("o.csv", "customer_id,account_id,product,open_date\n"
                                  "c1,x1,card,2026-01-06\nc10,x2,card,2026-01-07\n");
    lk_units *u;
    assert_int_equal(lk_units_load(&u, e, a, o, NULL, &err), LK_OK);
    assert_int_equal(u->n, 3);
    assert_string_equal(u->id[2], "c1");
    assert_int_equal(u->response_target[0], 0);
    assert_int_equal(u->response_target[1], 1);
    assert_int_equal(u->response_target[2], 1);
    assert_non_null(u->customers); /* out of order: the load fell back to a map */
    lk_units_free(u);
    lk_units_options opt = {.index_customers = 1};
    assert_int_equal(lk_units_load(&u, e, a, o, &opt, &err), LK_OK);
    assert_int_equal(u->customer_unit[lk_strmap_find(u->customers, "c10", 3)], 1);
    lk_units_free(u);
    snprintf(buf, sizeof(buf), "%sc1,c1,t,champ,champion\nc2,h2,t,hold,control\n", h);
    a = write_file("a.csv", buf);
    assert_int_equal(lk_units_load(&u, e, a, NULL, NULL, &err), LK_EDATA);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "unit_id 'h2' differs from customer_id 'c2' but the experiment "
                                 "randomizes customer_id");
    lk_experiment_free(e);
}

/* Write n assignment rows (about 9 MB at n = 100000: two halves are read on two threads). */
static char *write_big(const char *name, int n, int dup_at, int bad_at)
{
    static char path[128];
    snprintf(path, sizeof(path), "%s/%s", tmp_dir, name);
    FILE *f = fopen(path, "w");
    fputs("customer_id,unit_id,experiment,arm,role,score,padding\n", f);
    for (int i = 0; i < n; i++) {
        int id = i == dup_at ? i - 1 : i;
        const char *arm = i % 3 ? "champ,champion" : "hold,control";
        char score[32] = "";
        if (i % 7)
            snprintf(score, sizeof(score), "%d.25", i % 1000);
        fprintf(f, "C%07d,C%07d,t,%s,%s,%s\n", id, id, i == bad_at ? "nope,champion" : arm,
                score, "................................................................");
    }
    fclose(f);
    return path;
}

static void test_two_halves_agree_with_one_pass(void **state)
{
    (void)state;
    static const char exp2[] =
        "[experiment]\nname = t\nstart = 2026-01-05\nwindow = 10\nproducts = card\n"
        "[arm:champ]\nrole = champion\nweight = 2\n[arm:hold]\nrole = control\nweight = 1\n";
    lk_experiment *e;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&e, "t.ini", exp2, &err), LK_OK);
    char *o = write_file("o.csv", "customer_id,account_id,product,open_date\n"
                                  "C0000003,x1,card,2026-01-06\nC0099998,x2,card,2026-01-07\n"
                                  "C0050001,x3,card,2026-01-07\n");
    char *a = write_big("big.csv", 100000, -1, -1);
    lk_units *two, *one;
    const char *const scores[] = {"score"};
    lk_units_options halves = {.scores = scores, .nscores = 1};
    assert_int_equal(lk_units_load(&two, e, a, o, &halves, &err), LK_OK);
    lk_units_options serial = {.index_customers = 1, .scores = scores, .nscores = 1};
    assert_int_equal(lk_units_load(&one, e, a, o, &serial, &err), LK_OK);
    assert_null(two->customers); /* no map: the ids were in order */
    assert_int_equal(two->n, 100000);
    assert_int_equal(two->assignment_rows, 100000);
    assert_int_equal(two->n, one->n);
    assert_memory_equal(two->arm, one->arm, two->n * sizeof(uint16_t));
    for (size_t i = 0; i < two->n; i += 977)
        assert_string_equal(two->id[i], one->id[i]);
    assert_int_equal(two->response_target[3], 1);
    assert_int_equal(two->response_target[99998], 1);
    assert_int_equal(two->response_target[50001], 1);
    assert_int_equal(two->openings_in_window, 3);
    assert_int_equal(two->arm_units[1], 33334);
    /* one score a customer, missing on every seventh row */
    for (size_t i = 0; i < two->n; i += 991) {
        if (i % 7 == 0) {
            assert_true(isnan(two->score[0][i]) && isnan(one->score[0][i]));
        } else {
            assert_true(two->score[0][i] == (double)(i % 1000) + 0.25);
            assert_true(one->score[0][i] == two->score[0][i]);
        }
    }
    lk_units_free(two);
    lk_units_options no_ids = {.skip_ids = 1};
    assert_int_equal(lk_units_load(&two, e, a, o, &no_ids, &err), LK_OK);
    assert_null(two->id);
    assert_memory_equal(two->arm, one->arm, two->n * sizeof(uint16_t));
    assert_int_equal(two->response_target[50001], 1);
    lk_units_free(two);
    lk_units_free(one);
    /* a duplicate just after the middle, and a bad row late in the file */
    a = write_big("big.csv", 100000, 50000, -1);
    assert_int_equal(lk_units_load(&two, e, a, o, NULL, &err), LK_EDATA);
    assert_int_equal(err.line, 50002);
    assert_string_equal(err.msg, "duplicate customer_id 'C0049999': first assigned on line 50001");
    a = write_big("big.csv", 100000, -1, 90000);
    assert_int_equal(lk_units_load(&two, e, a, o, NULL, &err), LK_EDATA);
    assert_int_equal(err.line, 90002);
    assert_int_equal(err.column, 4);
    lk_experiment_free(e);
}

/*
 * Openings whose customers come in increasing order are found by a merge
 * with sorted assignments (units.c): the same units respond as when their
 * customers are found by the map, in byte order (two halves) and in length
 * order (c9 before c10), with customers before, between and after the
 * assigned ones counted as unassigned.
 */
static void test_sorted_openings_merge_like_the_map(void **state)
{
    (void)state;
    static const char exp2[] =
        "[experiment]\nname = t\nstart = 2026-01-05\nwindow = 10\nproducts = card\n"
        "[arm:champ]\nrole = champion\nweight = 2\n[arm:hold]\nrole = control\nweight = 1\n";
    lk_experiment *e;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&e, "t.ini", exp2, &err), LK_OK);
    char *a = write_big("big.csv", 100000, -1, -1);
    const char *oh = "customer_id,account_id,product,open_date\n";
    char buf[1024];
    snprintf(buf, sizeof(buf), "%sB1,x1,card,2026-01-06\nC0000003,x2,card,2026-01-06\n"
             "C0000003,x3,heloc,2026-01-07\nC0050001,x4,card,2026-01-07\n"
             "C00500010,x5,card,2026-01-07\nC0099998,x6,card,2026-01-08\n"
             "C0099999,x7,card,2026-01-30\nD1,x8,card,2026-01-06\n", oh);
    char *o = write_file("sorted.csv", buf);
    lk_units *merged, *mapped;
    lk_units_options no_ids = {.skip_ids = 1};
    assert_int_equal(lk_units_load(&merged, e, a, o, &no_ids, &err), LK_OK);
    /* the same openings out of order: found by the map */
    snprintf(buf, sizeof(buf), "%sC0099998,x6,card,2026-01-08\nC0000003,x2,card,2026-01-06\n"
             "C0000003,x3,heloc,2026-01-07\nC0050001,x4,card,2026-01-07\n"
             "C00500010,x5,card,2026-01-07\nB1,x1,card,2026-01-06\n"
             "C0099999,x7,card,2026-01-30\nD1,x8,card,2026-01-06\n", oh);
    o = write_file("unsorted.csv", buf);
    assert_int_equal(lk_units_load(&mapped, e, a, o, &no_ids, &err), LK_OK);
    assert_int_equal(merged->n, mapped->n);
    assert_memory_equal(merged->response_target, mapped->response_target, merged->n);
    assert_memory_equal(merged->products_opened, mapped->products_opened,
                        merged->n * sizeof(uint32_t));
    assert_int_equal(merged->response_target[3], 1);
    assert_int_equal(merged->products_opened[3], 2);
    assert_int_equal(merged->response_target[50001], 1);
    assert_int_equal(merged->response_target[99998], 1);
    assert_int_equal(merged->response_any[99999], 0);
    assert_int_equal(merged->openings_in_window, 4);
    assert_int_equal(merged->openings_outside_window, 1);
    assert_int_equal(merged->openings_unassigned, 3);
    assert_int_equal(mapped->openings_unassigned, 3);
    lk_units_free(merged);
    lk_units_free(mapped);
    /* ids without zero padding: in length order only, in both files */
    const char *ah = "customer_id,unit_id,experiment,arm,role\n";
    size_t len = (size_t)snprintf(buf, sizeof(buf), "%s", ah);
    for (int i = 1; i <= 20; i++)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "c%d,c%d,t,%s\n", i, i,
                                i % 2 ? "champ,champion" : "hold,control");
    a = write_file("a.csv", buf);
    snprintf(buf, sizeof(buf), "%sc2,x1,card,2026-01-06\nc9,x2,card,2026-01-06\n"
             "c10,x3,card,2026-01-06\nc15,x4,card,2026-01-06\nc21,x5,card,2026-01-06\n", oh);
    o = write_file("o.csv", buf);
    assert_int_equal(lk_units_load(&merged, e, a, o, NULL, &err), LK_OK);
    assert_null(merged->customers);
    for (size_t i = 0; i < merged->n; i++)
        assert_int_equal(merged->response_target[i], i == 1 || i == 8 || i == 9 || i == 14);
    assert_int_equal(merged->openings_unassigned, 1);
    lk_units_free(merged);
    lk_experiment_free(e);
}

/*
 * n openings (about 13 MB at n = 240000: two halves on two threads): customer
 * C<i / 2> (two openings each, products card and heloc in turn), account
 * A<i> (swapped with its neighbour at swap_at, repeated at dup_at).
 */
static char *write_big_openings(int n, int dup_at, int swap_at)
{
    static char path[128];
    snprintf(path, sizeof(path), "%s/big-openings.csv", tmp_dir);
    FILE *f = fopen(path, "w");
    fputs("customer_id,account_id,product,open_date,balance,padding\n", f);
    for (int i = 0; i < n; i++) {
        int acc = i == dup_at ? i - 1 : i == swap_at ? i + 1 : i == swap_at + 1 ? i - 1 : i;
        fprintf(f, "C%07d,A%07d,%s,2026-01-%02d,%d.5,%s\n", i / 2, acc, i % 2 ? "heloc" : "card",
                6 + i % 5, i % 100, "..............................");
    }
    fclose(f);
    return path;
}

static void test_openings_in_two_halves_agree_with_one_pass(void **state)
{
    (void)state;
    static const char exp2[] =
        "[experiment]\nname = t\nstart = 2026-01-05\nwindow = 10\nproducts = card\n"
        "[arm:champ]\nrole = champion\nweight = 2\n[arm:hold]\nrole = control\nweight = 1\n"
        "[value]\ncard = 100\nheloc = 7\n";
    lk_experiment *e;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&e, "t.ini", exp2, &err), LK_OK);
    char *a = write_big("big.csv", 100000, -1, -1);
    char *o = write_big_openings(240000, -1, -1);
    lk_units *two;
    lk_units_options halves = {.openings_split = 1 << 20};
    assert_int_equal(lk_units_load(&two, e, a, o, &halves, &err), LK_OK);
    assert_int_equal(two->openings_rows, 240000);
    /* customers C0 .. C119999 opened a card and a heloc each; from C100000 on
       they are not assigned */
    assert_int_equal(two->openings_in_window, 200000);
    assert_int_equal(two->openings_unassigned, 40000);
    for (size_t i = 0; i < 100000; i += 997) {
        assert_int_equal(two->response_target[i], 1);
        assert_int_equal(two->products_opened[i], 2);
        assert_true(two->value[i] == 107);
    }

    /* the same through one pass with a map (rejects force it) */
    lk_rejects *rj;
    char rpath[160];
    snprintf(rpath, sizeof(rpath), "%s/rejects.csv", tmp_dir);
    assert_int_equal(lk_rejects_open(&rj, rpath, &err), LK_OK);
    lk_units_options serial = {.rejects = rj};
    lk_units *one;
    assert_int_equal(lk_units_load(&one, e, a, o, &serial, &err), LK_OK);
    assert_int_equal(one->openings_in_window, two->openings_in_window);
    assert_memory_equal(one->balance_any, two->balance_any, two->n * sizeof(double));
    assert_memory_equal(one->first_any_day, two->first_any_day, two->n * sizeof(int32_t));
    lk_units_free(one);
    lk_rejects_close(rj, 0, &err);
    lk_units_free(two);
    /* a repeated account late in the second half: its line and the first's */
    o = write_big_openings(240000, 230001, -1);
    assert_int_equal(lk_units_load(&two, e, a, o, &halves, &err), LK_EDATA);
    assert_int_equal(err.line, 230003);
    assert_int_equal(err.column, 2);
    assert_string_equal(err.msg, "duplicate account_id 'A0230000' (first on line 230002)");
    /* accounts out of order: read again with a map, same counts */
    o = write_big_openings(240000, -1, 70000);
    assert_int_equal(lk_units_load(&two, e, a, o, &halves, &err), LK_OK);
    assert_int_equal(two->openings_in_window, 200000);
    lk_units_free(two);
    lk_experiment_free(e);
}

static void test_bad_openings_are_located(void **state)
{
    (void)state;
    const char *h = "customer_id,account_id,product,open_date,balance\n";
    char buf[512];
    snprintf(buf, sizeof(buf), "%sc1,a1,card,2026-01-05,1\nc2,a2,card,2026-02-30,1\n", h);
    expect_load_error(assignments, buf, "openings.csv", 3, 4,
                      "invalid date '2026-02-30' in column 'open_date': expected YYYY-MM-DD");
    snprintf(buf, sizeof(buf), "%sc1,a1,card,2026-01-05,-1\n", h);
    expect_load_error(assignments, buf, "openings.csv", 2, 5,
                      "negative balance '-1' in column 'balance'");
    snprintf(buf, sizeof(buf), "%sc1,a1,card,2026-01-05,1\nc2,a1,card,2026-01-06,1\n", h);
    expect_load_error(assignments, buf, "openings.csv", 3, 2,
                      "duplicate account_id 'a1' (first on line 2)");
    /* out of order: read again with a map, which still finds the first line */
    snprintf(buf, sizeof(buf), "%sc1,a2,card,2026-01-05,1\nc2,a1,card,2026-01-06,1\n"
             "c2,a2,card,2026-01-06,1\n", h);
    expect_load_error(assignments, buf, "openings.csv", 4, 2,
                      "duplicate account_id 'a2' (first on line 2)");
    snprintf(buf, sizeof(buf), "%sc1,a1,card,2026-01-05,x1\n", h);
    expect_load_error(assignments, buf, "openings.csv", 2, 5,
                      "invalid number 'x1' in column 'balance'");
}

static void test_rejects_set_bad_rows_aside_and_count_them(void **state)
{
    (void)state;
    const char *openings =
        "customer_id,account_id,product,open_date,balance\n"
        "c1,a1,card,2026-01-05,1\n"
        "c2,a2,card,2026-01-32,1\n"
        "c2,a3,card\n"
        "c4,a4,heloc,2026-01-06,2\n";
    lk_error err;
    lk_rejects *rj;
    char path[128];
    snprintf(path, sizeof(path), "%s/rejects.csv", tmp_dir);
    assert_int_equal(lk_rejects_open(&rj, path, &err), LK_OK);
    lk_units_options opt = {.rejects = rj};
    int rc;
    lk_units *u = load(assignments, openings, &err, &rc, &opt);
    assert_int_equal(rc, LK_OK);
    assert_int_equal(u->rejected, 2);
    assert_int_equal(u->openings_rows, 2);
    assert_int_equal(u->openings_in_window, 2);
    assert_int_equal(lk_rejects_count(rj), 2);
    assert_int_equal(lk_rejects_close(rj, 1, &err), LK_OK);
    FILE *f = fopen(path, "r");
    char line[512];
    assert_non_null(fgets(line, sizeof(line), f));
    assert_string_equal(line, "file,line,column,reason,row\n");
    assert_non_null(fgets(line, sizeof(line), f));
    assert_non_null(strstr(line, "openings.csv,3,4,invalid date '2026-01-32'"));
    assert_non_null(fgets(line, sizeof(line), f));
    assert_non_null(strstr(line, ",4,4,\"expected 5 fields, found 3\",\"c2,a3,card\""));
    fclose(f);
    lk_units_free(u);
}

static void test_metric_names_round_trip(void **state)
{
    (void)state;
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        assert_int_equal(lk_metric_from_name(lk_metric_name((lk_metric)m)), m);
    assert_int_equal(lk_metric_from_name("nope"), -1);
    assert_true(lk_metric_is_binary(LK_METRIC_RESPONSE_ANY));
    assert_false(lk_metric_is_binary(LK_METRIC_PRODUCTS_OPENED));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_households_and_window_edges),
        cmocka_unit_test(test_bad_assignments_are_located),
        cmocka_unit_test(test_customer_units_need_matching_ids_and_any_order),
        cmocka_unit_test(test_two_halves_agree_with_one_pass),
        cmocka_unit_test(test_openings_in_two_halves_agree_with_one_pass),
        cmocka_unit_test(test_sorted_openings_merge_like_the_map),
        cmocka_unit_test(test_bad_openings_are_located),
        cmocka_unit_test(test_rejects_set_bad_rows_aside_and_count_them),
        cmocka_unit_test(test_metric_names_round_trip),
    };
    return cmocka_run_group_tests_name("units", tests, setup, tmp_dir_remove);
}
