/*
 * test_experiment.c - every rule of the experiment file (docs/formats.md, "The experiment file").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "liftkit/experiment.h"
#include "test_helpers.h"

static const char good[] =
    "[experiment]\n"
    "name     = heloc-spring-2026\n"
    "unit     = household_id  ; randomized column\n"
    "start    = 2026-01-05\n"
    "window   = 90\n"
    "products = heloc, card\n"
    "[arm:champion]\n"
    "role = champion\n"
    "weight = 45\n"
    "[arm:new-offer]\n"
    "role = challenger\n"
    "weight = 45\n"
    "[arm:holdout]\n"
    "role = control\n"
    "weight = 10\n"
    "[attribution]\n"
    "rule = decay\n"
    "decay = 14\n"
    "[lag]\n"
    "default = 0\n"
    "mail = 5\n"
    "[windows]\n"
    "default = 90\n"
    "card = 60\n"
    "[value]\n"
    "card = 120\n"
    "[cost]\n"
    "mail = 0.65\n";

static int parse(const char *text, lk_experiment **e, lk_error *err)
{
    return lk_experiment_parse(e, "x.ini", text, err);
}

static void test_reads_every_section(void **state)
{
    (void)state;
    lk_experiment *e;
    lk_error err;
    assert_int_equal(parse(good, &e, &err), LK_OK);
    assert_string_equal(e->name, "heloc-spring-2026");
    assert_string_equal(e->salt, "heloc-spring-2026");
    assert_string_equal(e->unit, "household_id");
    assert_int_equal(e->start, 20458);
    assert_int_equal(e->window, 90);
    assert_int_equal(e->nproducts, 2);
    assert_string_equal(e->products[1], "card");
    assert_true(lk_experiment_is_target(e, "heloc"));
    assert_false(lk_experiment_is_target(e, "deposit"));
    assert_int_equal(e->narms, 3);
    assert_string_equal(e->arms[1].name, "new-offer");
    assert_int_equal(e->champion, 0);
    assert_int_equal(e->control, 2);
    assert_true(e->arms[2].weight == 10);
    assert_int_equal(e->rule, LK_ATTR_DECAY);
    assert_true(e->half_life == 14);
    assert_int_equal(lk_experiment_lag_for(e, "mail"), 5);
    assert_int_equal(lk_experiment_lag_for(e, "email"), 0);
    assert_int_equal(lk_experiment_window_for(e, "card"), 60);
    assert_int_equal(lk_experiment_window_for(e, "heloc"), 90);
    double v;
    assert_int_equal(lk_settings_get(&e->value, "card", &v), 0);
    assert_true(v == 120);
    assert_int_equal(lk_settings_get(&e->value, "heloc", &v), -1);
    assert_true(e->alpha == 0.05);
    assert_null(e->stratify);
    lk_experiment_free(e);
}

static void test_defaults(void **state)
{
    (void)state;
    lk_experiment *e;
    lk_error err;
    assert_int_equal(parse("[experiment]\nname=a\nstart=2026-02-01\nwindow=30\nproducts=card\n"
                           "[arm:c]\nrole=champion\nweight=1\n", &e, &err), LK_OK);
    assert_string_equal(e->salt, "a");
    assert_string_equal(e->unit, "customer_id");
    assert_int_equal(e->rule, LK_ATTR_LAST);
    assert_int_equal(e->control, -1);
    /* no [windows] section: every product uses the experiment's window */
    assert_int_equal(lk_experiment_window_for(e, "mortgage"), 30);
    lk_experiment_free(e);
}

/* Replace the first occurrence of from by to in good, parse, expect failure. */
static void expect_error(const char *from, const char *to, unsigned long line,
                         const char *msg)
{
    char text[4096];
    const char *at = strstr(good, from);
    assert_non_null(at);
    size_t head = (size_t)(at - good);
    memcpy(text, good, head);
    strcpy(text + head, to);
    strcat(text, at + strlen(from));
    lk_experiment *e = NULL;
    lk_error err;
    assert_int_equal(parse(text, &e, &err), LK_EDATA);
    assert_null(e);
    assert_string_equal(err.path, "x.ini");
    assert_int_equal(err.line, line);
    assert_string_equal(err.msg, msg);
}

static void test_bad_files_are_located(void **state)
{
    (void)state;
    expect_error("weight = 45\n[arm:new", "weight = -3\n[arm:new", 9,
                 "weight of arm 'champion' must be a positive number, got '-3'");
    expect_error("weight = 10", "weight = ten", 15,
                 "weight of arm 'holdout' must be a positive number, got 'ten'");
    expect_error("weight = 10", "weight = 0", 15,
                 "weight of arm 'holdout' must be a positive number, got '0'");
    expect_error("window   = 90", "windows  = 90", 5, "unknown key 'windows' in [experiment]");
    expect_error("role = challenger", "role = champion", 0,
                 "two champions: 'champion' and 'new-offer'; expected exactly one");
    expect_error("role = champion", "role = challenger", 0,
                 "no champion: one arm needs 'role = champion'");
    expect_error("role = control", "role = boss", 14,
                 "unknown role 'boss' for arm 'holdout': expected champion, challenger or control");
    expect_error("start    = 2026-01-05", "start    = 2026-02-30", 4,
                 "invalid date '2026-02-30' for 'start': expected YYYY-MM-DD");
    expect_error("rule = decay\ndecay = 14\n", "rule = decay\n", 0,
                 "rule 'decay' needs a half-life: 'decay = DAYS' in [attribution]");
    expect_error("rule = decay", "rule = newest", 17,
                 "unknown attribution rule 'newest': expected last, first, linear or decay");
    expect_error("[cost]", "[costs]", 28, "unknown section [costs]");
    expect_error("mail = 5", "mail = -5", 21, "'mail' in [lag] must be a whole number of days, got '-5'");
    expect_error("card = 60", "card = 60\ncard = 61", 25, "key 'card' set twice in [windows]");
    expect_error("[lag]\n", "[lag]\njust text\n", 20,
                 "syntax error: expected '[section]' or 'key = value'");
    expect_error("name     = heloc-spring-2026\n", "", 0, "missing key 'name' in [experiment]");
    expect_error("window   = 90\n", "", 0, "missing key 'window' in [experiment]");
}

/* [universal]: its arm is appended last; errors name the key. */
static void test_universal_section(void **state)
{
    (void)state;
    lk_experiment *e;
    lk_error err;
    assert_int_equal(parse("[experiment]\nname=a\nstart=2026-02-01\nwindow=30\nproducts=card\n"
                           "[arm:c]\nrole=champion\nweight=1\n[arm:h]\nrole=control\nweight=1\n"
                           "[universal]\nsalt=prog\n", &e, &err), LK_OK);
    assert_int_equal(e->narms, 3);
    assert_int_equal(e->universal, 2);
    assert_int_equal(lk_experiment_drawn_arms(e), 2);
    assert_string_equal(e->universal_salt, "prog");
    assert_true(e->universal_share == 0.05);
    /* weight 2 * 0.05 / 0.95: the holdout's expected share is 0.05 */
    assert_double_near(2 * 0.05 / 0.95, e->arms[2].weight, 1e-12);
    assert_string_equal(lk_role_name(e->arms[2].role), "universal");
    lk_experiment_free(e);
    expect_error("[cost]", "[universal]\nshare = 0.05\n[cost]", 0,
                 "missing key 'salt' in [universal]");
    expect_error("[cost]", "[universal]\nsalt = p\nshare = 1\n[cost]", 29,
                 "'share' in [universal] must be a number between 0 and 1, got '1'");
    expect_error("[cost]", "[universal]\nsalt = p\nseed = 1\n[cost]", 29,
                 "unknown key 'seed' in [universal]");
    expect_error("[arm:holdout]", "[universal]\nsalt = p\n[arm:universal-holdout]", 0,
                 "arm name 'universal-holdout' is kept for the universal holdout");
}

static void test_contact_policy_and_guardrails(void **state)
{
    (void)state;
    static const char text[] =
        "[experiment]\nname = x\nstart = 2026-01-05\nwindow = 30\nproducts = heloc\n"
        "[arm:a]\nrole = champion\nweight = 1\n"
        "[contact_policy]\nmax_30d = 4\nmin_gap = 3\nmail.max_7d = 1\n"
        "[guardrails]\nopt_out = 0.002\n";
    lk_experiment *e = NULL;
    lk_error err;
    assert_int_equal(lk_experiment_parse(&e, "p.ini", text, &err), LK_OK);
    assert_int_equal(e->policy.n, 3);
    const lk_contact_rule *r = e->policy.rules;
    assert_string_equal(r[0].name, "max_30d");
    assert_null(r[0].channel);
    assert_int_equal(r[0].days, 30);
    assert_int_equal(r[0].limit, 4);
    assert_true(r[1].is_gap);
    assert_int_equal(r[1].days, 3);
    assert_string_equal(r[2].channel, "mail");
    assert_int_equal(r[2].days, 7);
    double m = 0;
    assert_int_equal(lk_settings_get(&e->guardrails, "opt_out", &m), 0);
    assert_true(m == 0.002);
    lk_experiment_free(e);
    static const char *const bad[] = {"max_0d = 1", "max_07d = 1", "max_7 = 1", ".max_7d = 1",
                                      "mail.min_gap = 2", "max_7d = -1", "max_7d = 1.5"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char t[512];
        snprintf(t, sizeof(t), "[experiment]\nname = x\n[contact_policy]\n%s\n", bad[i]);
        assert_int_equal(lk_experiment_parse(&e, "p.ini", t, &err), LK_EDATA);
        assert_int_equal(err.line, 4);
    }
}

static void test_missing_file(void **state)
{
    (void)state;
    lk_experiment *e;
    lk_error err;
    assert_int_equal(lk_experiment_load(&e, "/nonexistent.ini", &err), LK_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_every_section),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_bad_files_are_located),
        cmocka_unit_test(test_contact_policy_and_guardrails),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_universal_section),
    };
    return cmocka_run_group_tests_name("experiment", tests, NULL, NULL);
}
