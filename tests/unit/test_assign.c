/*
 * test_assign.c - the assignment recipe (docs/methods.md, "Assignment"): buckets match an
 * independent SHA-256, boundaries round as the formula says, households
 * share an arm, stratified counts follow the weights in every stratum.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "liftkit/assign.h"
#include "liftkit/experiment.h"
#include "test_helpers.h"

/* Build an experiment with the given arm weights (and stratify column). */
static lk_experiment *experiment(const char *salt, const double *w, size_t k,
                                 const char *stratify)
{
    char text[4096];
    int n = snprintf(text, sizeof(text),
                     "[experiment]\nname = t\nsalt = %s\nstart = 2026-01-05\nwindow = 90\n"
                     "products = card\n%s%s%s",
                     salt, stratify ? "stratify = " : "", stratify ? stratify : "",
                     stratify ? "\n" : "");
    for (size_t i = 0; i < k; i++)
        n += snprintf(text + n, sizeof(text) - (size_t)n, "[arm:a%zu]\nrole = %s\nweight = %.17g\n",
                      i, i == 0 ? "champion" : i == k - 1 && k > 2 ? "control" : "challenger",
                      w[i]);
    lk_experiment *e = NULL;
    lk_error err;
    if (lk_experiment_parse(&e, "t.ini", text, &err) != LK_OK)
        fail_msg("experiment: %s", err.msg);
    return e;
}

/*
 * Expected values from Python's hashlib:
 * /usr/bin/python3 -c 'import hashlib
 * for s,i in [("heloc-spring-2026","C0000001"),("heloc-spring-2026","H000042"),
 *             ("s",""),("","x"),("salt-é","ünit-42"),("a"*60,"b"*70)]:
 *   u=int(hashlib.sha256((s+":"+i).encode("utf-8")).hexdigest()[:15],16); print(u, u%10000)'
 */
static const struct {
    const char *salt, *unit;
    uint64_t u;
    uint32_t bucket;
} known[] = {
    {"heloc-spring-2026", "C0000001", 656793247435156158ull, 6158},
    {"heloc-spring-2026", "H000042", 40712288044432275ull, 2275},
    {"s", "", 26330917915086432ull, 6432},
    {"", "x", 248940239826274324ull, 4324},
    {"salt-\xc3\xa9", "\xc3\xbcnit-42", 612154996303275490ull, 5490},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
     938836315309463401ull, 3401},
};

static void test_bucket_matches_python_hashlib(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        const char *s = known[i].salt, *u = known[i].unit;
        assert_true(lk_assign_u(s, strlen(s), u, strlen(u)) == known[i].u);
        assert_int_equal(lk_assign_bucket(s, strlen(s), u, strlen(u)), known[i].bucket);
    }
}

static void test_prepared_hasher_equals_one_shot(void **state)
{
    (void)state;
    lk_assign_hasher h;
    lk_assign_hasher_init(&h, "heloc-spring-2026", 17);
    assert_true(lk_assign_hasher_u(&h, "H000042", 7) == 40712288044432275ull);
    assert_true(lk_assign_hasher_u(&h, "C0000001", 8) == 656793247435156158ull);
    assert_true(lk_assign_hasher_u(&h, "H000042", 7) == 40712288044432275ull);
}

/*
 * "salt:unit" of 54, 55 and 56 bytes: the last two sides of the one-block
 * path (55 bytes and the padding fill a block) and the first beyond it.
 * Expected: /usr/bin/python3 -c 'import hashlib
 * for n in (52,53,54): print(int.from_bytes(hashlib.sha256(("s:"+"u"*n).encode()).digest()[:8],"big")>>4)'
 */
static void test_hash_across_one_block_limit(void **state)
{
    (void)state;
    static const uint64_t expect[3] = {302046504482124187ull, 269906173744346661ull,
                                       454942500367908239ull};
    char unit[64];
    memset(unit, 'u', sizeof(unit));
    lk_assign_hasher h;
    lk_assign_hasher_init(&h, "s", 1);
    for (size_t i = 0; i < 3; i++)
        assert_true(lk_assign_hasher_u(&h, unit, 52 + i) == expect[i]);
}

static void expect_bounds(const double *w, size_t k, const uint32_t *bounds)
{
    lk_experiment *e = experiment("s", w, k, NULL);
    lk_assign_plan plan;
    lk_error err;
    assert_int_equal(lk_assign_plan_init(&plan, e, &err), LK_OK);
    for (size_t i = 0; i < k; i++)
        assert_int_equal(plan.bound[i], bounds[i]);
    /* the table and the one-off function agree with the boundaries */
    for (uint32_t b = 0; b < LK_ASSIGN_BUCKETS; b++) {
        size_t arm = 0;
        while (b >= bounds[arm])
            arm++;
        assert_int_equal(lk_assign_plan_arm(&plan, b), arm);
        if (b % 97 == 0 || b + 1 == bounds[arm] || b == bounds[arm])
            assert_int_equal(lk_assign_hash_arm(e, b), (int)arm);
    }
    assert_int_equal(lk_assign_hash_arm(e, LK_ASSIGN_BUCKETS), -1);
    lk_assign_plan_release(&plan);
    lk_experiment_free(e);
}

/*
 * Expected boundaries: /usr/bin/python3 -c 'import math, itertools
 * for w in [(45,45,10),(1,1,1),(2,3,7),(1,19999),(30,30,30,10)]:
 *   print([math.floor(10000*c/sum(w)+0.5) for c in itertools.accumulate(w)])'
 * -> [4500, 9000, 10000] [3333, 6667, 10000] [1667, 4167, 10000] [1, 10000]
 *    [3000, 6000, 9000, 10000]
 */
static void test_boundaries_45_45_10(void **state)
{
    (void)state;
    expect_bounds((double[]){45, 45, 10}, 3, (uint32_t[]){4500, 9000, 10000});
}

static void test_boundaries_thirds_round_half_up(void **state)
{
    (void)state;
    expect_bounds((double[]){1, 1, 1}, 3, (uint32_t[]){3333, 6667, 10000});
    expect_bounds((double[]){2, 3, 7}, 3, (uint32_t[]){1667, 4167, 10000});
    expect_bounds((double[]){30, 30, 30, 10}, 4, (uint32_t[]){3000, 6000, 9000, 10000});
}

static void test_boundary_exact_half_rounds_up(void **state)
{
    (void)state;
    /* 10000 * 1 / 20000 = 0.5 exactly: floor(1.0) = 1, so bucket 0 is arm 0 */
    expect_bounds((double[]){1, 19999}, 2, (uint32_t[]){1, 10000});
}

static void test_households_share_an_arm(void **state)
{
    (void)state;
    lk_experiment *e = experiment("hh", (double[]){45, 45, 10}, 3, NULL);
    enum { N = 3000 };
    const char **units = malloc(N * sizeof(*units));
    char (*buf)[16] = malloc(N * sizeof(*buf));
    int *arm = malloc(N * sizeof(*arm));
    for (int i = 0; i < N; i++) {
        snprintf(buf[i], sizeof(buf[i]), "H%05d", i / 3);   /* three per household */
        units[i] = buf[i];
    }
    lk_error err;
    assert_int_equal(lk_assign_units(e, units, NULL, N, arm, &err), LK_OK);
    int seen[3] = {0};
    for (int i = 0; i < N; i++) {
        assert_int_equal(arm[i], arm[i - i % 3]);
        int b = (int)lk_assign_bucket("hh", 2, units[i], strlen(units[i]));
        assert_int_equal(arm[i], b < 4500 ? 0 : b < 9000 ? 1 : 2);
        seen[arm[i]]++;
    }
    assert_true(seen[0] > 0 && seen[1] > 0 && seen[2] > 0);
    free(units);
    free(buf);
    free(arm);
    lk_experiment_free(e);
}

static lk_assign_plan plan_for(const double *w, size_t k, lk_experiment **e)
{
    *e = experiment("d", w, k, NULL);
    lk_assign_plan plan;
    lk_error err;
    assert_int_equal(lk_assign_plan_init(&plan, *e, &err), LK_OK);
    return plan;
}

/*
 * Systematic deal by hand: 10 units at 45/45/10 from start 0.5: positions
 * (j + 0.5) / 10 = .05 .15 ... .95 against cumulative .45 .90 1 give
 * 0 0 0 0 1 1 1 1 1 2 (4, 5, 1 units).
 */
static void test_deal_systematic_from_start(void **state)
{
    (void)state;
    lk_experiment *e;
    lk_assign_plan plan = plan_for((double[]){45, 45, 10}, 3, &e);
    int arm[10];
    lk_assign_deal(&plan, 0.5, 10, arm);
    const int expect[10] = {0, 0, 0, 0, 1, 1, 1, 1, 1, 2};
    for (int j = 0; j < 10; j++)
        assert_int_equal(arm[j], expect[j]);
    lk_assign_deal(&plan, 0.0, 10, arm);      /* .0 .1 ... .9: 5, 4, 1 */
    assert_int_equal(arm[4], 0);
    assert_int_equal(arm[5], 1);
    assert_int_equal(arm[8], 1);
    assert_int_equal(arm[9], 2);
    lk_assign_plan_release(&plan);
    lk_experiment_free(e);
}

/* For many starts and sizes, every arm's count is floor or ceil of its share. */
static void test_deal_counts_within_one_unit_for_any_start(void **state)
{
    (void)state;
    const double w[] = {30, 30, 30, 10};
    lk_experiment *e;
    lk_assign_plan plan = plan_for(w, 4, &e);
    int arm[257];
    for (size_t n = 1; n <= 257; n += 8)
        for (int k = 0; k < 50; k++) {
            double start = k / 50.0 + 0.0037;
            int c[4] = {0};
            lk_assign_deal(&plan, start, n, arm);
            for (size_t j = 0; j < n; j++)
                c[arm[j]]++;
            for (int i = 0; i < 4; i++) {
                double share = (double)n * w[i] / 100.0;
                assert_true(c[i] > share - 1.0 && c[i] < share + 1.0);
            }
        }
    lk_assign_plan_release(&plan);
    lk_experiment_free(e);
}

/*
 * 4000 strata of one unit each at 45/45/10: a fixed remainder rule would
 * put every one of them in the first arm; the hashed start gives each arm
 * its share in expectation.  The holdout expects 400 (sd 19): accept
 * 300..500, a bound a biased deal cannot meet (it would give 0).
 */
static void test_stratified_tiny_strata_favour_no_arm(void **state)
{
    (void)state;
    lk_experiment *e = experiment("tiny", (double[]){45, 45, 10}, 3, "seg");
    enum { N = 4000 };
    const char **u = malloc(N * sizeof(*u)), **s = malloc(N * sizeof(*s));
    char (*ub)[16] = malloc(N * sizeof(*ub));
    int *arm = malloc(N * sizeof(*arm));
    for (int i = 0; i < N; i++) {
        snprintf(ub[i], sizeof(ub[i]), "U%d", i);
        u[i] = s[i] = ub[i];
    }
    lk_error err;
    assert_int_equal(lk_assign_units(e, u, s, N, arm, &err), LK_OK);
    int c[3] = {0};
    for (int i = 0; i < N; i++)
        c[arm[i]]++;
    assert_in_range(c[2], 300, 500);
    assert_in_range(c[0], 1600, 2000);
    assert_in_range(c[1], 1600, 2000);
    free(u);
    free(s);
    free(ub);
    free(arm);
    lk_experiment_free(e);
}

/*
 * Stratified: strata of sizes 1, 2, 3, 7, 10, 101 and 1000 units (several
 * customers per unit in some); each stratum's arm counts (in units) are
 * within one of n_s * w_i / W.
 */
static void test_stratified_counts_within_one_of_weights(void **state)
{
    (void)state;
    const double w[] = {30, 30, 30, 10};
    lk_experiment *e = experiment("strat", w, 4, "segment");
    const int sizes[] = {1, 2, 3, 7, 10, 101, 1000};
    const int ns = sizeof(sizes) / sizeof(sizes[0]);
    size_t n = 0;
    for (int s = 0; s < ns; s++)
        n += (size_t)sizes[s] * 2;     /* two customers per unit */
    const char **units = malloc(n * sizeof(*units));
    const char **strata = malloc(n * sizeof(*strata));
    char (*ubuf)[24] = malloc(n * sizeof(*ubuf));
    char (*sbuf)[8] = malloc(n * sizeof(*sbuf));
    int *arm = malloc(n * sizeof(*arm));
    size_t r = 0;
    for (int s = 0; s < ns; s++)
        for (int k = 0; k < sizes[s] * 2; k++, r++) {
            snprintf(ubuf[r], sizeof(ubuf[r]), "S%d-U%d", s, k / 2);
            snprintf(sbuf[r], sizeof(sbuf[r]), "seg%d", s);
            units[r] = ubuf[r];
            strata[r] = sbuf[r];
        }
    lk_error err;
    assert_int_equal(lk_assign_units(e, units, strata, n, arm, &err), LK_OK);
    r = 0;
    for (int s = 0; s < ns; s++) {
        int c[4] = {0};
        for (int k = 0; k < sizes[s] * 2; k++, r++) {
            if (k % 2 == 1)
                assert_int_equal(arm[r], arm[r - 1]);   /* same unit, same arm */
            else
                c[arm[r]]++;
        }
        for (int i = 0; i < 4; i++) {
            double expect = sizes[s] * w[i] / 100.0;
            assert_true(c[i] > expect - 1.0 && c[i] < expect + 1.0);
        }
    }
    free(units);
    free(strata);
    free(ubuf);
    free(sbuf);
    free(arm);
    lk_experiment_free(e);
}

/* The deal depends on the set of units, not on the order rows come in. */
static void test_stratified_ignores_row_order(void **state)
{
    (void)state;
    lk_experiment *e = experiment("order", (double[]){1, 1, 1}, 3, "seg");
    enum { N = 500 };
    const char *u1[N], *u2[N], *s1[N], *s2[N];
    char ub[N][12];
    int a1[N], a2[N];
    for (int i = 0; i < N; i++) {
        snprintf(ub[i], sizeof(ub[i]), "U%d", i);
        u1[i] = ub[i];
        s1[i] = i % 2 ? "odd" : "even";
        u2[N - 1 - i] = ub[i];
        s2[N - 1 - i] = s1[i];
    }
    lk_error err;
    assert_int_equal(lk_assign_units(e, u1, s1, N, a1, &err), LK_OK);
    assert_int_equal(lk_assign_units(e, u2, s2, N, a2, &err), LK_OK);
    for (int i = 0; i < N; i++)
        assert_int_equal(a1[i], a2[N - 1 - i]);
    lk_experiment_free(e);
}

static void test_stratified_without_strata_is_an_error(void **state)
{
    (void)state;
    lk_experiment *e = experiment("x", (double[]){1, 1}, 2, "seg");
    const char *u[] = {"a"};
    int arm[1];
    lk_error err;
    assert_int_equal(lk_assign_units(e, u, NULL, 1, arm, &err), LK_EUSAGE);
    lk_experiment_free(e);
}

/*
 * Chi-square references from
 * /usr/bin/python3 -c 'from scipy.stats import chisquare
 * print(chisquare([50,40,10],[45,45,10])); print(chisquare([5,3,2],[4.5,4.5,1]))'
 */
static void test_summary_level_totals_each_stratum(void **state)
{
    (void)state;
    const double w[] = {45, 45, 10};
    lk_experiment *e = experiment("s", w, 3, NULL);
    uint64_t units[] = {50, 40, 10}, customers[] = {60, 41, 10};
    uint64_t s_units[] = {1, 1, 1, 5, 3, 2}, s_customers[] = {1, 2, 3, 7, 3, 2};
    lk_assign_summary sum = {.narms = 3, .stratified = 1, .nstrata = 2,
                             .units = units, .customers = customers,
                             .stratum_units = s_units, .stratum_customers = s_customers};
    lk_assign_level lv;
    lk_assign_summary_level(&sum, e, -1, &lv);
    assert_ptr_equal(lv.units, units);
    assert_ptr_equal(lv.customers, customers);
    assert_double_near(100, lv.n, 0);
    assert_double_near(100, lv.weight_sum, 0);
    assert_double_near(1.1111111111111112, lv.chi2, 1e-12);
    assert_double_near(0.5737534207374329, lv.srm_p, 1e-12);
    lk_assign_summary_level(&sum, e, 1, &lv);
    assert_ptr_equal(lv.units, s_units + 3);
    assert_ptr_equal(lv.customers, s_customers + 3);
    assert_double_near(10, lv.n, 0);
    assert_double_near(1.5555555555555556, lv.chi2, 1e-12);
    assert_double_near(0.4594258240359268, lv.srm_p, 1e-12);
    lk_experiment_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bucket_matches_python_hashlib),
        cmocka_unit_test(test_prepared_hasher_equals_one_shot),
        cmocka_unit_test(test_hash_across_one_block_limit),
        cmocka_unit_test(test_boundaries_45_45_10),
        cmocka_unit_test(test_boundaries_thirds_round_half_up),
        cmocka_unit_test(test_boundary_exact_half_rounds_up),
        cmocka_unit_test(test_households_share_an_arm),
        cmocka_unit_test(test_deal_systematic_from_start),
        cmocka_unit_test(test_deal_counts_within_one_unit_for_any_start),
        cmocka_unit_test(test_stratified_tiny_strata_favour_no_arm),
        cmocka_unit_test(test_stratified_counts_within_one_of_weights),
        cmocka_unit_test(test_stratified_ignores_row_order),
        cmocka_unit_test(test_stratified_without_strata_is_an_error),
        cmocka_unit_test(test_summary_level_totals_each_stratum),
    };
    return cmocka_run_group_tests_name("assign", tests, NULL, NULL);
}
