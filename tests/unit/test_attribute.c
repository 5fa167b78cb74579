/*
 * test_attribute.c - offer-level attribution (docs/methods.md, "Attribution"): window
 * edges, lags, ties, direct before halo, every rule's credits on cases
 * computed by hand, row order, bad input, and the two-part offers reader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "liftkit/attribute.h"
#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "test_helpers.h"

/* Lag: mail 5 days, others 0.  Windows: card 10 days, others 30. */
static const char EXP[] =
    "[experiment]\nname = t\nstart = 2026-01-01\nwindow = 90\nproducts = heloc\n"
    "[arm:champion]\nrole = champion\nweight = 1\n"
    "[lag]\ndefault = 0\nmail = 5\n"
    "[windows]\ndefault = 30\ncard = 10\n";

/* No default window: only heloc and card may be offered. */
static const char EXP_NO_DEFAULT[] =
    "[experiment]\nname = t\nstart = 2026-01-01\nwindow = 90\nproducts = heloc\n"
    "[arm:champion]\nrole = champion\nweight = 1\n"
    "[windows]\nheloc = 30\ncard = 10\n";

#define OFFERS_HEADER "customer_id,offer_id,product,channel,offer_date\n"
#define OPENINGS_HEADER "customer_id,account_id,product,open_date,balance\n"

typedef struct got {
    char account[16];
    char offer[16];     /* "" for none */
    char response[8];
    int days;
    double credit;
} got;

static got rows[256];
static size_t nrows;

static void collect(void *ctx, const lk_attr_row *r)
{
    (void)ctx;
    if (nrows >= sizeof(rows) / sizeof(rows[0]))
        return;
    got *g = &rows[nrows++];
    snprintf(g->account, sizeof(g->account), "%s", r->account_id);
    snprintf(g->offer, sizeof(g->offer), "%s", r->offer_id ? r->offer_id : "");
    snprintf(g->response, sizeof(g->response), "%s", lk_response_name(r->response));
    g->days = r->days_since_offer;
    g->credit = r->credit;
}

static char *write_temp(const char *text)
{
    char *path = strdup("/tmp/lk-attr-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

/* A run's inputs: the experiment, offers and openings in temporary files, options. */
typedef struct prepared {
    lk_experiment *exp;
    char *offers, *openings;
    lk_attr_options opt;
} prepared;

/* Parse exp_text (NULL: EXP), write the files, set the options' rule. */
static void prepare(prepared *pr, const char *exp_text, const char *offers,
                    const char *openings, lk_attr_rule rule)
{
    lk_error err;
    assert_int_equal(lk_experiment_parse(&pr->exp, "t.ini", exp_text ? exp_text : EXP, &err),
                     LK_OK);
    pr->offers = write_temp(offers);
    pr->openings = write_temp(openings);
    lk_attr_options_init(&pr->opt, pr->exp);
    pr->opt.rule = rule;
}

static int run_prepared(prepared *pr, lk_attr_summary **s, lk_error *err)
{
    return lk_attribute_run(pr->exp, pr->offers, pr->openings, &pr->opt, s, err);
}

/* Remove the files and free the experiment. */
static void finish(prepared *pr)
{
    unlink(pr->offers);
    unlink(pr->openings);
    free(pr->offers);
    free(pr->openings);
    lk_experiment_free(pr->exp);
}

typedef struct setup {
    const char *exp;        /* default EXP */
    lk_attr_rule rule;
    double half_life;
    int threads;
    lk_rejects *rejects;
} setup;

/* Run attribution on offers/openings text; rows land in rows[0..nrows). */
static int attribute(const setup *su, const char *offers, const char *openings,
                     lk_attr_summary **s, lk_error *err)
{
    prepared pr;
    prepare(&pr, su->exp, offers, openings, su->rule);
    pr.opt.half_life = su->half_life;
    pr.opt.threads = su->threads;
    pr.opt.rejects = su->rejects;
    pr.opt.row = collect;
    nrows = 0;
    int rc = run_prepared(&pr, s, err);
    finish(&pr);
    return rc;
}

static void expect_row(size_t i, const char *account, const char *offer,
                       const char *response, int days, double credit)
{
    assert_true(i < nrows);
    assert_string_equal(rows[i].account, account);
    assert_string_equal(rows[i].offer, offer);
    assert_string_equal(rows[i].response, response);
    if (offer[0])
        assert_int_equal(rows[i].days, days);
    assert_double_near(credit, rows[i].credit, 1e-12);
}

static void run_last(const char *offers, const char *openings)
{
    lk_error err;
    setup su = {.rule = LK_ATTR_LAST};
    assert_int_equal(attribute(&su, offers, openings, NULL, &err), LK_OK);
}

/* ---- window edges and lags ---- */

static void test_opening_on_offer_date_is_direct_with_zero_days(void **state)
{
    (void)state;
    run_last(OFFERS_HEADER "c1,o1,heloc,email,2026-03-01\n",
             OPENINGS_HEADER "c1,a1,heloc,2026-03-01,\n");
    assert_int_equal(nrows, 1);
    expect_row(0, "a1", "o1", "direct", 0, 1);
}

static void test_opening_on_last_day_of_window_is_credited(void **state)
{
    (void)state;
    /* card window 10: 2026-03-01 + 10 = 2026-03-11 */
    run_last(OFFERS_HEADER "c1,o1,card,email,2026-03-01\n",
             OPENINGS_HEADER "c1,a1,card,2026-03-11,\n");
    expect_row(0, "a1", "o1", "direct", 10, 1);
}

static void test_opening_day_after_window_is_none(void **state)
{
    (void)state;
    run_last(OFFERS_HEADER "c1,o1,card,email,2026-03-01\n",
             OPENINGS_HEADER "c1,a1,card,2026-03-12,\n");
    assert_int_equal(nrows, 1);
    expect_row(0, "a1", "", "none", 0, 1);
}

static void test_default_window_applies_to_products_not_listed(void **state)
{
    (void)state;
    /* heloc falls back to default = 30: day 30 counts, day 31 does not */
    run_last(OFFERS_HEADER "c1,o1,heloc,email,2026-03-01\nc2,o2,heloc,email,2026-03-01\n",
             OPENINGS_HEADER "c1,a1,heloc,2026-03-31,\nc2,a2,heloc,2026-04-01,\n");
    expect_row(0, "a1", "o1", "direct", 30, 1);
    expect_row(1, "a2", "", "none", 0, 1);
}

static void test_mail_lag_counts_from_in_home_date(void **state)
{
    (void)state;
    /* mail lag 5: opened 4 days after the mail is too early, 5 days counts;
       the same dates by email (lag 0) count both */
    run_last(OFFERS_HEADER "c1,m1,heloc,mail,2026-03-01\nc2,m2,heloc,mail,2026-03-01\n"
                           "c3,e3,heloc,email,2026-03-01\n",
             OPENINGS_HEADER "c1,a1,heloc,2026-03-05,\nc2,a2,heloc,2026-03-06,\n"
                             "c3,a3,heloc,2026-03-05,\n");
    expect_row(0, "a1", "", "none", 0, 1);
    expect_row(1, "a2", "m2", "direct", 5, 1);
    expect_row(2, "a3", "e3", "direct", 4, 1);
}

static void test_lag_moves_last_touch_to_earlier_offer(void **state)
{
    (void)state;
    /* The mail of 03-08 is not in home before 03-13, so an opening on 03-10
       goes to the email of 03-02 although the mail is later. */
    run_last(OFFERS_HEADER "c1,e1,heloc,email,2026-03-02\nc1,m1,heloc,mail,2026-03-08\n",
             OPENINGS_HEADER "c1,a1,heloc,2026-03-10,\n");
    expect_row(0, "a1", "e1", "direct", 8, 1);
}

static void test_offer_after_opening_is_not_a_candidate(void **state)
{
    (void)state;
    run_last(OFFERS_HEADER "c1,o1,heloc,email,2026-03-02\n",
             OPENINGS_HEADER "c1,a1,heloc,2026-03-01,\n");
    expect_row(0, "a1", "", "none", 0, 1);
}

/* ---- choosing among candidates ---- */

static void test_same_date_ties_go_to_larger_offer_id_bytewise(void **state)
{
    (void)state;
    /* byte order: "o10" < "o9", so last takes o9 and first takes o10 */
    const char *offers = OFFERS_HEADER "c1,o10,heloc,email,2026-03-01\n"
                                       "c1,o9,heloc,email,2026-03-01\n";
    const char *openings = OPENINGS_HEADER "c1,a1,heloc,2026-03-04,\n";
    run_last(offers, openings);
    expect_row(0, "a1", "o9", "direct", 3, 1);
    lk_error err;
    setup su = {.rule = LK_ATTR_FIRST};
    assert_int_equal(attribute(&su, offers, openings, NULL, &err), LK_OK);
    expect_row(0, "a1", "o10", "direct", 3, 1);
}

static void test_direct_preferred_over_later_halo(void **state)
{
    (void)state;
    /* the card offer is later, but the heloc offer matches the opening */
    run_last(OFFERS_HEADER "c1,h1,heloc,email,2026-03-01\nc1,k1,card,email,2026-03-05\n",
             OPENINGS_HEADER "c1,a1,heloc,2026-03-06,\n");
    expect_row(0, "a1", "h1", "direct", 5, 1);
}

static void test_halo_when_no_candidate_offered_the_product(void **state)
{
    (void)state;
    run_last(OFFERS_HEADER "c1,h1,heloc,email,2026-03-01\nc1,k1,card,email,2026-03-05\n",
             OPENINGS_HEADER "c1,a1,savings,2026-03-06,\n");
    expect_row(0, "a1", "k1", "halo", 1, 1);
}

static void test_first_takes_earliest_candidate(void **state)
{
    (void)state;
    lk_error err;
    setup su = {.rule = LK_ATTR_FIRST};
    assert_int_equal(attribute(&su,
                               OFFERS_HEADER "c1,o2,heloc,email,2026-03-05\n"
                                             "c1,o1,heloc,email,2026-03-01\n",
                               OPENINGS_HEADER "c1,a1,heloc,2026-03-06,\n", NULL, &err),
                     LK_OK);
    expect_row(0, "a1", "o1", "direct", 5, 1);
}

static void test_customers_without_openings_or_offers(void **state)
{
    (void)state;
    /* c1 has offers and no openings (no rows); c2 has openings and no offers */
    lk_error err;
    lk_attr_summary *s;
    setup su = {.rule = LK_ATTR_LAST};
    assert_int_equal(attribute(&su, OFFERS_HEADER "c1,o1,heloc,email,2026-03-01\n",
                               OPENINGS_HEADER "c2,a1,heloc,2026-03-02,\nc2,a2,card,2026-03-03,\n",
                               &s, &err),
                     LK_OK);
    assert_int_equal(nrows, 2);
    expect_row(0, "a1", "", "none", 0, 1);
    expect_row(1, "a2", "", "none", 0, 1);
    assert_int_equal(s->openings_without_offers, 2);
    assert_int_equal(s->by_response[LK_RESPONSE_NONE], 2);
    assert_int_equal(s->offers_read, 1);
    lk_attr_summary_free(s);
}

static void test_offers_of_one_customer_in_a_row_each_count(void **state)
{
    (void)state;
    /* c2 opened nothing; c1's three offers come together, the last one latest */
    run_last(OFFERS_HEADER "c2,o1,heloc,email,2026-03-01\nc2,o2,heloc,email,2026-03-02\n"
                           "c1,o3,heloc,email,2026-03-01\nc1,o4,card,email,2026-03-04\n"
                           "c1,o5,heloc,email,2026-03-03\nc2,o6,heloc,email,2026-03-03\n",
             OPENINGS_HEADER "c1,a1,heloc,2026-03-05,12.5\nc3,a2,heloc,2026-03-05,\n");
    assert_int_equal(nrows, 2);
    expect_row(0, "a1", "o5", "direct", 2, 1);
    expect_row(1, "a2", "", "none", 0, 1);
}

static void test_customers_in_length_order_are_walked(void **state)
{
    (void)state;
    /* c9 before c10: out of byte order, in length order, in both files */
    run_last(OFFERS_HEADER "c2,o1,heloc,email,2026-03-01\nc9,o2,heloc,email,2026-03-01\n"
                           "c10,o3,heloc,email,2026-03-02\nc11,o4,heloc,email,2026-03-02\n",
             OPENINGS_HEADER "c9,a1,heloc,2026-03-05,\nc10,a2,heloc,2026-03-05,\n");
    assert_int_equal(nrows, 2);
    expect_row(0, "a1", "o2", "direct", 4, 1);
    expect_row(1, "a2", "o3", "direct", 3, 1);
}

static void test_customer_seen_again_after_ids_fall_out_of_order(void **state)
{
    (void)state;
    /* c5, then c1 out of order (the ids then go to a map), then c5 again */
    run_last(OFFERS_HEADER "c1,o1,heloc,email,2026-03-01\nc5,o2,card,email,2026-03-01\n",
             OPENINGS_HEADER "c5,a1,heloc,2026-03-05,\nc1,a2,heloc,2026-03-05,\n"
                             "c5,a3,card,2026-03-06,\n");
    assert_int_equal(nrows, 3);
    expect_row(0, "a1", "o2", "halo", 4, 1);
    expect_row(1, "a2", "o1", "direct", 4, 1);
    expect_row(2, "a3", "o2", "direct", 5, 1);
}

static void test_opening_outside_windows_of_its_customers_offers_has_offers(void **state)
{
    (void)state;
    /* c1 has an offer, just not a candidate: 'none' but not 'without offers' */
    lk_error err;
    lk_attr_summary *s;
    setup su = {.rule = LK_ATTR_LAST};
    assert_int_equal(attribute(&su, OFFERS_HEADER "c1,o1,heloc,email,2026-03-01\n",
                               OPENINGS_HEADER "c1,a1,heloc,2026-02-01,\n", &s, &err),
                     LK_OK);
    assert_int_equal(s->openings_without_offers, 0);
    assert_int_equal(s->by_response[LK_RESPONSE_NONE], 1);
    lk_attr_summary_free(s);
}

static void test_customer_with_many_openings_finds_each_window(void **state)
{
    (void)state;
    /* c1 opened heloc every day 03-01..03-20, written latest first (over 8
       openings: searched by date).  o1 (heloc, 03-05) covers 03-05 on; the
       mail o3 (heloc, 03-15, lag 5) only 03-20, where it is the later
       offer; the card offer is halo and never chosen over a direct one. */
    char openings[2048], *p = openings;
    p += sprintf(p, OPENINGS_HEADER);
    for (int d = 20; d >= 1; d--)
        p += sprintf(p, "c1,a%d,heloc,2026-03-%02d,\n", d, d);
    run_last(OFFERS_HEADER "c1,o1,heloc,email,2026-03-05\nc1,k1,card,email,2026-03-10\n"
                           "c1,o3,heloc,mail,2026-03-15\n",
             openings);
    assert_int_equal(nrows, 20);
    for (int d = 20; d >= 1; d--) {
        char account[8];
        snprintf(account, sizeof(account), "a%d", d);
        size_t i = (size_t)(20 - d);
        if (d < 5)
            expect_row(i, account, "", "none", 0, 1);
        else if (d < 20)
            expect_row(i, account, "o1", "direct", d - 5, 1);
        else
            expect_row(i, account, "o3", "direct", 5, 1);
    }
}

/* ---- linear and decay credits, computed by hand ---- */

static const char SPLIT_OFFERS[] = OFFERS_HEADER
    "c1,o3,heloc,email,2026-03-15\n"
    "c1,o1,heloc,email,2026-03-01\n"
    "c1,o2,heloc,email,2026-03-08\n"
    "c1,k1,card,email,2026-03-14\n";
static const char SPLIT_OPENINGS[] = OPENINGS_HEADER "c1,a1,heloc,2026-03-15,\n";

static void test_linear_splits_equally_among_direct_in_date_order(void **state)
{
    (void)state;
    /* three direct candidates (the card offer is halo, left out): 1/3 each,
       ordered by offer_date */
    lk_error err;
    setup su = {.rule = LK_ATTR_LINEAR};
    assert_int_equal(attribute(&su, SPLIT_OFFERS, SPLIT_OPENINGS, NULL, &err), LK_OK);
    assert_int_equal(nrows, 3);
    expect_row(0, "a1", "o1", "direct", 14, 1.0 / 3);
    expect_row(1, "a1", "o2", "direct", 7, 1.0 / 3);
    expect_row(2, "a1", "o3", "direct", 0, 1.0 / 3);
}

static void test_decay_credits_halve_every_half_life(void **state)
{
    (void)state;
    /* half-life 7, days 14, 7, 0: weights 1/4, 1/2, 1, sum 7/4:
       credits 1/7, 2/7, 4/7 */
    lk_error err;
    setup su = {.rule = LK_ATTR_DECAY, .half_life = 7};
    assert_int_equal(attribute(&su, SPLIT_OFFERS, SPLIT_OPENINGS, NULL, &err), LK_OK);
    assert_int_equal(nrows, 3);
    expect_row(0, "a1", "o1", "direct", 14, 1.0 / 7);
    expect_row(1, "a1", "o2", "direct", 7, 2.0 / 7);
    expect_row(2, "a1", "o3", "direct", 0, 4.0 / 7);
}

static void test_decay_among_halo_candidates_with_uneven_days(void **state)
{
    (void)state;
    /* savings opened 2026-03-11; halo candidates at 10 days (heloc 03-01)
       and 3 days (card 03-08), half-life 14:
       w = 2^(-10/14), 2^(-3/14); credit(heloc) = 1 / (1 + 2^(7/14))
       = 1 / (1 + sqrt 2) = 0.41421356237309503 */
    lk_error err;
    setup su = {.rule = LK_ATTR_DECAY, .half_life = 14};
    assert_int_equal(attribute(&su,
                               OFFERS_HEADER "c1,k1,card,email,2026-03-08\n"
                                             "c1,h1,heloc,email,2026-03-01\n",
                               OPENINGS_HEADER "c1,a1,savings,2026-03-11,\n", NULL, &err),
                     LK_OK);
    assert_int_equal(nrows, 2);
    expect_row(0, "a1", "h1", "halo", 10, 0.41421356237309503);
    expect_row(1, "a1", "k1", "halo", 3, 1 - 0.41421356237309503);
}

static void test_linear_same_date_rows_ordered_by_offer_id(void **state)
{
    (void)state;
    lk_error err;
    setup su = {.rule = LK_ATTR_LINEAR};
    assert_int_equal(attribute(&su,
                               OFFERS_HEADER "c1,o9,heloc,email,2026-03-01\n"
                                             "c1,o10,heloc,email,2026-03-01\n",
                               OPENINGS_HEADER "c1,a1,heloc,2026-03-02,\n", NULL, &err),
                     LK_OK);
    expect_row(0, "a1", "o10", "direct", 1, 0.5);
    expect_row(1, "a1", "o9", "direct", 1, 0.5);
}

static void test_credits_sum_to_one_per_opening_under_every_rule(void **state)
{
    (void)state;
    const char *offers = OFFERS_HEADER
        "c1,o1,heloc,email,2026-03-01\nc1,o2,card,mail,2026-03-02\n"
        "c1,o3,card,app,2026-03-03\nc2,o4,card,email,2026-03-01\n";
    const char *openings = OPENINGS_HEADER
        "c1,a1,heloc,2026-03-10,1\nc1,a2,card,2026-03-09,2\nc1,a3,savings,2026-03-08,\n"
        "c2,a4,heloc,2026-03-05,\nc3,a5,heloc,2026-03-05,\n";
    for (int rule = LK_ATTR_LAST; rule <= LK_ATTR_DECAY; rule++) {
        lk_error err;
        lk_attr_summary *s;
        setup su = {.rule = (lk_attr_rule)rule, .half_life = 3};
        assert_int_equal(attribute(&su, offers, openings, &s, &err), LK_OK);
        double sum[5] = {0};
        for (size_t i = 0; i < nrows; i++)
            sum[rows[i].account[1] - '1'] += rows[i].credit;
        for (int k = 0; k < 5; k++)
            assert_double_near(1.0, sum[k], 1e-12);
        assert_int_equal(s->openings, 5);
        double mix = 0;
        for (size_t i = 0; i < s->nmix; i++)
            if (strcmp(s->mix[i].by, "product") == 0)
                mix += s->mix[i].credit;
        assert_double_near(5.0, mix, 1e-12);
        lk_attr_summary_free(s);
    }
}

static void test_rows_follow_openings_order(void **state)
{
    (void)state;
    run_last(OFFERS_HEADER "c2,o2,heloc,email,2026-03-01\nc1,o1,heloc,email,2026-03-01\n",
             OPENINGS_HEADER "c2,b,heloc,2026-03-02,\nc1,c,heloc,2026-03-02,\n"
                             "c2,a,heloc,2026-03-03,\n");
    expect_row(0, "b", "o2", "direct", 1, 1);
    expect_row(1, "c", "o1", "direct", 1, 1);
    expect_row(2, "a", "o2", "direct", 2, 1);
}

static void test_mix_counts_channels_and_products(void **state)
{
    (void)state;
    lk_error err;
    lk_attr_summary *s;
    setup su = {.rule = LK_ATTR_LINEAR};
    /* a1: direct, split over o1 (email) and o2 (email): one email opening;
       a2: none */
    assert_int_equal(attribute(&su,
                               OFFERS_HEADER "c1,o1,heloc,email,2026-03-01\n"
                                             "c1,o2,heloc,email,2026-03-02\n",
                               OPENINGS_HEADER "c1,a1,heloc,2026-03-03,\nc9,a2,card,2026-03-03,\n",
                               &s, &err),
                     LK_OK);
    assert_int_equal(s->nmix, 4);
    assert_string_equal(s->mix[0].by, "channel");
    assert_string_equal(s->mix[0].key, "email");
    assert_int_equal(s->mix[0].response, LK_RESPONSE_DIRECT);
    assert_int_equal(s->mix[0].openings, 1);
    assert_double_near(1.0, s->mix[0].credit, 1e-12);
    assert_string_equal(s->mix[1].key, "none");
    assert_string_equal(s->mix[2].by, "product");
    assert_string_equal(s->mix[2].key, "card");
    assert_int_equal(s->mix[2].response, LK_RESPONSE_NONE);
    assert_string_equal(s->mix[3].key, "heloc");
    lk_attr_summary_free(s);
}

/* ---- bad input ---- */

static void expect_error(const setup *su, const char *offers, const char *openings,
                         unsigned long line, unsigned long column, const char *msg)
{
    lk_error err;
    lk_attr_summary *s = (lk_attr_summary *)1;
    assert_int_equal(attribute(su, offers, openings, &s, &err), LK_EDATA);
    assert_null(s);
    assert_int_equal(nrows, 0);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    if (!strstr(err.msg, msg))
        fail_msg("message '%s' lacks '%s'", err.msg, msg);
}

static void test_duplicate_account_id_is_located_at_second_row(void **state)
{
    (void)state;
    setup su = {.rule = LK_ATTR_LAST};
    expect_error(&su, OFFERS_HEADER,
                 OPENINGS_HEADER "c1,a1,heloc,2026-03-01,\nc2,a1,card,2026-03-02,\n", 3, 2,
                 "duplicate account_id 'a1' (first on line 2)");
}

static void test_duplicate_account_id_among_sorted_ids_names_the_first_line(void **state)
{
    (void)state;
    setup su = {.rule = LK_ATTR_LAST};
    expect_error(&su, OFFERS_HEADER,
                 OPENINGS_HEADER "c1,a1,heloc,2026-03-01,\nc2,a2,card,2026-03-02,\n"
                                 "c3,a2,card,2026-03-03,\n",
                 4, 2, "duplicate account_id 'a2' (first on line 3)");
}

static void test_duplicate_account_id_after_ids_fall_out_of_order(void **state)
{
    (void)state;
    /* b1, then a9 out of order (every id seen is then held), then b1 again */
    setup su = {.rule = LK_ATTR_LAST};
    expect_error(&su, OFFERS_HEADER,
                 OPENINGS_HEADER "c1,b1,heloc,2026-03-01,\nc2,a9,card,2026-03-02,\n"
                                 "c3,c5,card,2026-03-03,\nc4,b1,card,2026-03-04,\n",
                 5, 2, "duplicate account_id 'b1' (first on line 2)");
}

static void test_unknown_product_without_default_window_is_an_error(void **state)
{
    (void)state;
    setup su = {.exp = EXP_NO_DEFAULT, .rule = LK_ATTR_LAST};
    expect_error(&su, OFFERS_HEADER "c1,o1,heloc,email,2026-03-01\nc1,o2,boat,email,2026-03-01\n",
                 OPENINGS_HEADER, 3, 3, "unknown product 'boat'");
}

static void test_bad_dates_and_balances_are_located(void **state)
{
    (void)state;
    setup su = {.rule = LK_ATTR_LAST};
    expect_error(&su, OFFERS_HEADER "c1,o1,heloc,email,2026-02-30\n", OPENINGS_HEADER, 2, 5,
                 "invalid date '2026-02-30'");
    expect_error(&su, OFFERS_HEADER, OPENINGS_HEADER "c1,a1,heloc,03/01/2026,\n", 2, 4,
                 "invalid date");
    expect_error(&su, OFFERS_HEADER, OPENINGS_HEADER "c1,a1,heloc,2026-03-01,-5\n", 2, 5,
                 "negative balance '-5'");
    expect_error(&su, OFFERS_HEADER, OPENINGS_HEADER "c1,a1,heloc,2026-03-01,abc\n", 2, 5,
                 "invalid number 'abc'");
    expect_error(&su, OFFERS_HEADER "c1,o1,heloc,email\n", OPENINGS_HEADER, 2, 5,
                 "expected 5 fields, found 4");
    expect_error(&su, OFFERS_HEADER ",o1,heloc,email,2026-03-01\n", OPENINGS_HEADER, 2, 1,
                 "empty value in column 'customer_id'");
    expect_error(&su, "customer_id,offer_id,product,offer_date\n", OPENINGS_HEADER, 1, 0,
                 "missing column 'channel'");
}

/* A rejects file at a new path (filled in, "/tmp/lk-rej-XXXXXX"). */
static lk_rejects *open_rejects(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    lk_error err;
    lk_rejects *rj;
    assert_int_equal(lk_rejects_open(&rj, path, &err), LK_OK);
    return rj;
}

static void test_rejects_set_bad_rows_aside_and_count_them(void **state)
{
    (void)state;
    char path[] = "/tmp/lk-rej-XXXXXX";
    lk_rejects *rj = open_rejects(path);
    lk_error err;
    lk_attr_summary *s;
    setup su = {.rule = LK_ATTR_LAST, .rejects = rj};
    assert_int_equal(attribute(&su,
                               OFFERS_HEADER "c1,o1,heloc,email,2026-03-01\n"
                                             "c1,o2,heloc,email,2026-13-01\n",
                               OPENINGS_HEADER "c1,a1,heloc,2026-03-02,\nc1,a1,heloc,2026-03-02,\n"
                                               "c1,a3,heloc,2026-03-02,-1\n",
                               &s, &err),
                     LK_OK);
    assert_int_equal(lk_rejects_count(rj), 3);
    assert_int_equal(s->openings_read, 3);
    assert_int_equal(s->openings_rejected, 2);
    assert_int_equal(s->offers_rejected, 1);
    assert_int_equal(s->openings, 1);
    assert_int_equal(nrows, 1);
    expect_row(0, "a1", "o1", "direct", 1, 1);
    assert_int_equal(lk_rejects_close(rj, 1, &err), LK_OK);
    lk_attr_summary_free(s);
    unlink(path);
}

static void test_customer_of_a_rejected_offer_still_orders_the_walk(void **state)
{
    (void)state;
    /* sorted customers: c9's bad offer is set aside, then c5's (out of
       order after c9) is still found */
    char path[] = "/tmp/lk-rej-XXXXXX";
    lk_rejects *rj = open_rejects(path);
    lk_error err;
    setup su = {.rule = LK_ATTR_LAST, .rejects = rj};
    assert_int_equal(attribute(&su,
                               OFFERS_HEADER "c1,o1,heloc,email,2026-03-01\n"
                                             "c9,o2,heloc,email,2026-13-01\n"
                                             "c5,o3,heloc,email,2026-03-01\n",
                               OPENINGS_HEADER "c1,a1,heloc,2026-03-02,\nc5,a2,heloc,2026-03-02,\n",
                               NULL, &err),
                     LK_OK);
    assert_int_equal(lk_rejects_count(rj), 1);
    assert_int_equal(nrows, 2);
    expect_row(0, "a1", "o1", "direct", 1, 1);
    expect_row(1, "a2", "o3", "direct", 1, 1);
    assert_int_equal(lk_rejects_close(rj, 1, &err), LK_OK);
    unlink(path);
}

/* ---- the two-part reader ---- */

/* A 1.5 MB offers file: customer c<i % 1000>, one offer a day. */
static char *big_offers(size_t n, const char *extra_at_end)
{
    size_t cap = n * 64 + 256;
    char *buf = malloc(cap), *p = buf;
    p += sprintf(p, OFFERS_HEADER);
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "c%zu,o%zu,%s,%s,2026-%02zu-%02zu\n", i % 1000, i,
                     i % 3 ? "heloc" : "card", i % 2 ? "mail" : "email", 1 + i % 12,
                     1 + i % 28);
    p += sprintf(p, "%s", extra_at_end);
    return buf;
}

static char *some_openings(void)
{
    char *buf = malloc(1000 * 64), *p = buf;
    p += sprintf(p, OPENINGS_HEADER);
    for (int i = 0; i < 1000; i += 3)
        p += sprintf(p, "c%d,a%d,%s,2026-%02d-15,\n", i, i, i % 2 ? "heloc" : "savings",
                     1 + i % 12);
    return buf;
}

/* Under rule, the rows of the offers read in one part and in two are the
 * same; the summary of the two-part run is the caller's. */
static lk_attr_summary *expect_two_parts_match_one(lk_attr_rule rule, const char *offers,
                                                   const char *openings)
{
    static got one[256];
    size_t none;
    lk_error err;
    lk_attr_summary *s;
    setup su = {.rule = rule, .threads = 1};
    assert_int_equal(attribute(&su, offers, openings, &s, &err), LK_OK);
    assert_int_equal(s->parts, 1);
    lk_attr_summary_free(s);
    memcpy(one, rows, sizeof(rows));
    none = nrows;
    su.threads = 2;
    assert_int_equal(attribute(&su, offers, openings, &s, &err), LK_OK);
    assert_int_equal(s->parts, 2);
    assert_int_equal(nrows, none);
    assert_memory_equal(one, rows, sizeof(rows));
    return s;
}

static void test_two_parts_give_the_same_rows_as_one(void **state)
{
    (void)state;
    char *offers = big_offers(40000, ""), *openings = some_openings();
    lk_attr_summary *s = expect_two_parts_match_one(LK_ATTR_LINEAR, offers, openings);
    assert_int_equal(s->offers_read, 40000);
    assert_true(s->candidates > 0);
    lk_attr_summary_free(s);
    free(offers);
    free(openings);
}

/* n offers, 4 a customer, customers in byte order (reversed: the rows backwards). */
static char *sorted_offers(size_t n, int reversed)
{
    char *buf = malloc(n * 64 + 256), *p = buf;
    p += sprintf(p, OFFERS_HEADER);
    for (size_t k = 0; k < n; k++) {
        size_t i = reversed ? n - 1 - k : k;
        p += sprintf(p, "c%05zu,o%06zu,%s,email,2026-03-%02zu\n", i / 4, i,
                     i % 3 ? "heloc" : "card", 1 + i % 28);
    }
    return buf;
}

static void test_sorted_customers_walked_in_two_parts_match_a_look_up(void **state)
{
    (void)state;
    /* openings of every third customer, sorted; the offers sorted (found by
       walking, the second part from its middle) or backwards (looked up) */
    size_t n = 40000;
    char *openings = malloc(4000 * 64), *q = openings;
    q += sprintf(q, OPENINGS_HEADER);
    for (size_t c = 0; c < n / 4; c += 3)
        q += sprintf(q, "c%05zu,a%05zu,heloc,2026-03-%02zu,\n", c, c, 5 + c % 20);
    char *forward = sorted_offers(n, 0), *backward = sorted_offers(n, 1);
    static got walked[256];
    lk_error err;
    lk_attr_summary *s;
    setup su = {.rule = LK_ATTR_LINEAR, .threads = 2};
    assert_int_equal(attribute(&su, forward, openings, &s, &err), LK_OK);
    assert_int_equal(s->parts, 2);
    unsigned long candidates = s->candidates;
    size_t nwalked = nrows;
    memcpy(walked, rows, sizeof(rows));
    lk_attr_summary_free(s);
    assert_int_equal(attribute(&su, backward, openings, &s, &err), LK_OK);
    assert_true(candidates > 1000);
    assert_int_equal(s->candidates, candidates);
    assert_int_equal(nrows, nwalked);
    assert_memory_equal(walked, rows, sizeof(rows));
    lk_attr_summary_free(s);
    free(forward);
    free(backward);
    free(openings);
}

static void test_error_in_second_part_has_its_file_line(void **state)
{
    (void)state;
    /* 40000 rows after the header: the bad row is line 40002 */
    char *offers = big_offers(40000, "c1,o-bad,heloc,email,2026-00-01\n");
    setup su = {.rule = LK_ATTR_LAST, .threads = 2};
    expect_error(&su, offers, OPENINGS_HEADER, 40002, 5, "invalid date '2026-00-01'");
    free(offers);
}

static void test_error_after_first_chunk_of_first_part_has_its_file_line(void **state)
{
    (void)state;
    /* 30000 good rows (over 1 MB, the chunk size) then a bad one, then
       50000 more: the bad row is line 30002, in part 0's second chunk */
    char *head = big_offers(30000, "c1,o-bad,heloc,email,2026-13-01\n");
    char *tail = big_offers(50000, "");
    char *offers = malloc(strlen(head) + strlen(tail) + 1);
    strcpy(offers, head);
    strcat(offers, tail + strlen(OFFERS_HEADER));
    setup su = {.rule = LK_ATTR_LAST, .threads = 2};
    expect_error(&su, offers, OPENINGS_HEADER, 30002, 5, "invalid date '2026-13-01'");
    free(head);
    free(tail);
    free(offers);
}

/* A quoted field (with a comma and a line break) no longer keeps the file whole. */
static void test_quoted_fields_are_read_in_two_parts(void **state)
{
    (void)state;
    char *offers = big_offers(40000, "c1,\"o,q\nr\",heloc,email,2026-01-01\n");
    char *openings = some_openings();
    lk_attr_summary *s = expect_two_parts_match_one(LK_ATTR_LAST, offers, openings);
    assert_int_equal(s->offers_read, 40001);
    lk_attr_summary_free(s);
    free(offers);
    free(openings);
}

/* The text written to f, which is closed; the text is the caller's. */
static char *read_back(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    char *text = calloc((size_t)n + 1, 1);
    assert_non_null(text);
    rewind(f);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return text;
}

/* Run with rows written as CSV into a spool; the text is the caller's. */
static char *attribute_csv_rule(const char *offers, const char *openings, int threads,
                                lk_attr_rule rule, lk_attr_summary **s)
{
    lk_error err;
    prepared pr;
    prepare(&pr, NULL, offers, openings, rule);
    pr.opt.threads = threads;
    pr.opt.csv = tmpfile();
    assert_non_null(pr.opt.csv);
    assert_int_equal(run_prepared(&pr, s, &err), LK_OK);
    finish(&pr);
    return read_back(pr.opt.csv);
}

/* 70000 openings of 1500 customers (enough for a second thread to format
 * rows); with quote_every, every quote_every-th account id needs quotes. */
static char *many_openings(int quote_every)
{
    char *openings = malloc(70000 * 48 + 64), *p = openings;
    p += sprintf(p, OPENINGS_HEADER);
    for (int i = 0; i < 70000; i++)
        p += sprintf(p, quote_every && i % quote_every == 0
                            ? "c%d,\"a,%d\",%s,2026-%02d-%02d,%d\n"
                            : "c%d,a%d,%s,2026-%02d-%02d,%d\n",
                     i % 1500, i, i % 2 ? "heloc" : "card", 1 + i % 12, 1 + i % 28, i);
    return openings;
}

/* The counts of s1 and s2 equal, their credits within tol. */
static void expect_same_summary(const lk_attr_summary *s1, const lk_attr_summary *s2,
                                double tol)
{
    assert_int_equal(s1->rows_written, s2->rows_written);
    assert_int_equal(s1->candidates, s2->candidates);
    assert_int_equal(s1->openings_without_offers, s2->openings_without_offers);
    for (int r = 0; r < LK_RESPONSE_COUNT; r++) {
        assert_int_equal(s1->by_response[r], s2->by_response[r]);
        assert_double_near(s2->credit_by_response[r], s1->credit_by_response[r], tol);
    }
    assert_int_equal(s1->nmix, s2->nmix);
    for (size_t i = 0; i < s1->nmix; i++) {
        assert_string_equal(s1->mix[i].key, s2->mix[i].key);
        assert_int_equal(s1->mix[i].openings, s2->mix[i].openings);
        assert_double_near(s2->mix[i].credit, s1->mix[i].credit, tol);
    }
}

/* 40000 offers and many_openings(quote_every) under rule, on one thread
 * and on two: the same rows (with quoted among them, when given) and the
 * same sums within tol. */
static void expect_two_threads_match_one(int quote_every, lk_attr_rule rule, double tol,
                                         const char *quoted)
{
    char *offers = big_offers(40000, ""), *openings = many_openings(quote_every);
    lk_attr_summary *s1, *s2;
    char *one = attribute_csv_rule(offers, openings, 1, rule, &s1);
    char *two = attribute_csv_rule(offers, openings, 2, rule, &s2);
    assert_true(strlen(one) > 70000 * 30);
    if (quoted)
        assert_non_null(strstr(one, quoted));
    assert_string_equal(one, two);
    expect_same_summary(s1, s2, tol);
    lk_attr_summary_free(s1);
    lk_attr_summary_free(s2);
    free(one);
    free(two);
    free(offers);
    free(openings);
}

static void test_csv_rows_formatted_on_two_threads_match_one(void **state)
{
    (void)state;
    expect_two_threads_match_one(0, LK_ATTR_LINEAR, 1e-6, NULL);
}

static void write_through(void *ctx, const lk_attr_row *row)
{
    lk_attr_write_row(ctx, row);
}

/* Rows as CSV text under rule: written by the run itself or, with via_rows,
 * by lk_attr_write_row from the row callback; the text is the caller's. */
static char *attribute_text(const char *offers, const char *openings, lk_attr_rule rule,
                            int via_rows)
{
    lk_error err;
    prepared pr;
    prepare(&pr, NULL, offers, openings, rule);
    pr.opt.half_life = 3;
    FILE *f = tmpfile();
    assert_non_null(f);
    lk_csv_writer *w = NULL;
    if (via_rows) {
        w = lk_csv_writer_new(f);
        pr.opt.row = write_through;
        pr.opt.row_ctx = w;
    } else {
        pr.opt.csv = f;
    }
    assert_int_equal(run_prepared(&pr, NULL, &err), LK_OK);
    lk_csv_writer_free(w);
    finish(&pr);
    return read_back(f);
}

/* Rules last and first with 70000 openings (blocks of them taken in turn by
 * two threads), some fields needing quotes: the rows and sums of one thread. */
static void test_csv_blocks_on_two_threads_match_one(void **state)
{
    (void)state;
    expect_two_threads_match_one(5000, LK_ATTR_LAST, 0, "\"a,5000\"");
    expect_two_threads_match_one(5000, LK_ATTR_FIRST, 0, "\"a,5000\"");
}

/* A block of rows the output refuses (a full disk) stops the run with an
 * error naming the output, not only when the output is closed. */
static void test_block_the_output_refuses_is_a_write_error(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    char *offers = big_offers(40000, ""), *openings = many_openings(0);
    prepared pr;
    prepare(&pr, NULL, offers, openings, LK_ATTR_LAST);
    pr.opt.csv = full;
    pr.opt.csv_path = "out.csv";
    lk_error err;
    lk_attr_summary *s = (lk_attr_summary *)1;
    assert_int_equal(run_prepared(&pr, &s, &err), LK_EIO);
    assert_null(s);
    assert_string_equal(err.msg, "cannot write 'out.csv': No space left on device");
    finish(&pr);
    fclose(full);
    free(offers);
    free(openings);
}

/* Fields needing quotes, empty balances, a formula-like id, fractional and
 * unmatched rows: the run's own CSV rows are lk_attr_write_row's, cells made
 * safe or not. */
static void test_csv_rows_match_the_row_writer(void **state)
{
    (void)state;
    const char *offers = OFFERS_HEADER
        "\"c,1\",o1,heloc,email,2026-01-02\n"
        "\"c,1\",o2,heloc,app,2026-01-04\n"
        "c2,o3,card,email,2026-01-03\n"
        "c2,o4,heloc,email,2026-01-05\n"
        "c3,\"o\"\"5\",heloc,email,2026-01-05\n"
        "c4,o6,heloc,email,2026-01-05\n";
    const char *openings = OPENINGS_HEADER
        "\"c,1\",a1,heloc,2026-01-10,12.50\n"
        "c2,=a2,card,2026-01-08,\n"
        "c3,\"a,3\",heloc,2026-01-09,1.5\n"
        "c4,a4,heloc,2026-01-06,7\n"
        "c5,a5,heloc,2026-01-06,0\n";
    for (int safe = 0; safe < 2; safe++) {
        lk_csv_set_safe(safe);
        for (int rule = LK_ATTR_LAST; rule <= LK_ATTR_DECAY; rule++) {
            char *own = attribute_text(offers, openings, (lk_attr_rule)rule, 0);
            char *ref = attribute_text(offers, openings, (lk_attr_rule)rule, 1);
            assert_true(strlen(own) > 100);
            assert_string_equal(own, ref);
            free(own);
            free(ref);
        }
    }
    lk_csv_set_safe(0);
}

/* Offers on 600 different days (more than the dates a part keeps parsed):
 * every day read right, each opening 3 days after its customer's offer. */
static void test_offers_on_many_days_read_each_date(void **state)
{
    (void)state;
    char *offers = malloc(600 * 48 + 64), *openings = malloc(600 * 48 + 64);
    char *p = offers, *q = openings;
    p += sprintf(p, OFFERS_HEADER);
    q += sprintf(q, OPENINGS_HEADER);
    for (int i = 0; i < 600; i++) {
        int y = 2026 + i / 300, m = 1 + i / 25 % 12, d = 1 + i % 25;
        p += sprintf(p, "c%03d,o%03d,heloc,email,%d-%02d-%02d\n", i, i, y, m, d);
        q += sprintf(q, "c%03d,a%03d,heloc,%d-%02d-%02d,1\n", i, i, y, m, d + 3);
    }
    lk_error err;
    lk_attr_summary *s;
    setup su = {.rule = LK_ATTR_LAST};
    assert_int_equal(attribute(&su, offers, openings, &s, &err), LK_OK);
    assert_int_equal(s->by_response[LK_RESPONSE_DIRECT], 600);
    assert_int_equal(s->candidates, 600);
    lk_attr_summary_free(s);
    for (size_t i = 0; i < nrows; i++) {
        char offer[32];
        snprintf(offer, sizeof(offer), "o%03u", (unsigned)i);
        expect_row(i, rows[i].account, offer, "direct", 3, 1);
    }
    free(offers);
    free(openings);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opening_on_offer_date_is_direct_with_zero_days),
        cmocka_unit_test(test_opening_on_last_day_of_window_is_credited),
        cmocka_unit_test(test_opening_day_after_window_is_none),
        cmocka_unit_test(test_default_window_applies_to_products_not_listed),
        cmocka_unit_test(test_mail_lag_counts_from_in_home_date),
        cmocka_unit_test(test_lag_moves_last_touch_to_earlier_offer),
        cmocka_unit_test(test_offer_after_opening_is_not_a_candidate),
        cmocka_unit_test(test_same_date_ties_go_to_larger_offer_id_bytewise),
        cmocka_unit_test(test_direct_preferred_over_later_halo),
        cmocka_unit_test(test_halo_when_no_candidate_offered_the_product),
        cmocka_unit_test(test_first_takes_earliest_candidate),
        cmocka_unit_test(test_customers_without_openings_or_offers),
        cmocka_unit_test(test_customer_with_many_openings_finds_each_window),
        cmocka_unit_test(test_offers_of_one_customer_in_a_row_each_count),
        cmocka_unit_test(test_customers_in_length_order_are_walked),
        cmocka_unit_test(test_customer_seen_again_after_ids_fall_out_of_order),
        cmocka_unit_test(test_opening_outside_windows_of_its_customers_offers_has_offers),
        cmocka_unit_test(test_linear_splits_equally_among_direct_in_date_order),
        cmocka_unit_test(test_decay_credits_halve_every_half_life),
        cmocka_unit_test(test_decay_among_halo_candidates_with_uneven_days),
        cmocka_unit_test(test_linear_same_date_rows_ordered_by_offer_id),
        cmocka_unit_test(test_credits_sum_to_one_per_opening_under_every_rule),
        cmocka_unit_test(test_rows_follow_openings_order),
        cmocka_unit_test(test_mix_counts_channels_and_products),
        cmocka_unit_test(test_duplicate_account_id_is_located_at_second_row),
        cmocka_unit_test(test_duplicate_account_id_among_sorted_ids_names_the_first_line),
        cmocka_unit_test(test_duplicate_account_id_after_ids_fall_out_of_order),
        cmocka_unit_test(test_unknown_product_without_default_window_is_an_error),
        cmocka_unit_test(test_bad_dates_and_balances_are_located),
        cmocka_unit_test(test_rejects_set_bad_rows_aside_and_count_them),
        cmocka_unit_test(test_customer_of_a_rejected_offer_still_orders_the_walk),
        cmocka_unit_test(test_two_parts_give_the_same_rows_as_one),
        cmocka_unit_test(test_sorted_customers_walked_in_two_parts_match_a_look_up),
        cmocka_unit_test(test_error_in_second_part_has_its_file_line),
        cmocka_unit_test(test_error_after_first_chunk_of_first_part_has_its_file_line),
        cmocka_unit_test(test_quoted_fields_are_read_in_two_parts),
        cmocka_unit_test(test_csv_rows_formatted_on_two_threads_match_one),
        cmocka_unit_test(test_csv_blocks_on_two_threads_match_one),
        cmocka_unit_test(test_block_the_output_refuses_is_a_write_error),
        cmocka_unit_test(test_csv_rows_match_the_row_writer),
        cmocka_unit_test(test_offers_on_many_days_read_each_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
