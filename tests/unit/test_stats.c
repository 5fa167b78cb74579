/*
 * test_stats.c - every function of stats.h against statsmodels 0.13, scipy
 * 1.10 (run with /usr/bin/python3) or R 4.2, the command beside each
 * expected number; the undefined cases (zero counts, empty arms, one
 * observation) give NaN; and a seeded A/A simulation shows that the
 * Newcombe interval covers and the z-test keeps its level.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "liftkit/stats.h"
#include "test_helpers.h"

#define TOL 1e-6

/* Macros, so that a failure reports the caller's line. */

/* absolute tolerance */
#define assert_close(got, want, tol) assert_double_within((want), got, (tol))

/* p-values: relative tolerance 1e-4 */
#define assert_p(got, want) \
    do { double want_ = (want); assert_double_within(want_, got, 1e-4 * want_); } while (0)

#define assert_interval(r, want_est, want_lo, want_hi) \
    do { \
        lk_interval r_ = (r); \
        assert_double_within((want_est), r_.est, TOL); \
        assert_double_within((want_lo), r_.lo, TOL); \
        assert_double_within((want_hi), r_.hi, TOL); \
    } while (0)

static void assert_undefined(lk_interval r)
{
    assert_true(isnan(r.est) && isnan(r.lo) && isnan(r.hi));
}

/* ---- rates ---- */

static void test_wilson_matches_statsmodels(void **state)
{
    (void)state;
    /* /usr/bin/python3 -c "from statsmodels.stats.proportion import proportion_confint as pc;
       print(pc(12,100,alpha=.05,method='wilson'), pc(0,50,alpha=.05,method='wilson'),
             pc(50,50,alpha=.05,method='wilson'), pc(1,3,alpha=.10,method='wilson'))"
       -> (0.06999406437019488, 0.19812099426711421) (0.0, 0.07134759913335874)
          (0.9286524008666412, 1.0) (0.07826572633372836, 0.746466131718776) */
    assert_interval(lk_wilson(12, 100, 0.05), 0.12, 0.06999406437019488, 0.19812099426711421);
    assert_interval(lk_wilson(0, 50, 0.05), 0, 0.0, 0.07134759913335874);
    assert_interval(lk_wilson(50, 50, 0.05), 1, 0.9286524008666412, 1.0);
    assert_interval(lk_wilson(1, 3, 0.10), 1.0 / 3, 0.07826572633372836, 0.746466131718776);
}

static void test_wilson_undefined_for_empty_arm(void **state)
{
    (void)state;
    assert_undefined(lk_wilson(0, 0, 0.05));
    assert_undefined(lk_wilson(5, 4, 0.05));
    assert_undefined(lk_wilson(1, 10, 0));
}

static void test_newcombe_diff_matches_statsmodels(void **state)
{
    (void)state;
    /* /usr/bin/python3 -c "from statsmodels.stats.proportion import confint_proportions_2indep as ci
       for c in [(12,100,5,80),(0,50,3,60),(3,8,1,9),(0,10,0,10),(52,1000,31,400)]:
           print(c, ci(*c, method='newcomb', compare='diff'))"
       -> (-0.033143138386445545, 0.14331313527385586)
          (-0.1370051647634852, 0.02854702483316282)
          (-0.1381334560370352, 0.5959228446440941)
          (-0.27753279986288926, 0.27753279986288926)
          (-0.05823414851319214, 0.001744570779142366) */
    assert_interval(lk_newcombe_diff(12, 100, 5, 80, 0.05), 0.12 - 5.0 / 80,
                    -0.033143138386445545, 0.14331313527385586);
    assert_interval(lk_newcombe_diff(0, 50, 3, 60, 0.05), -0.05, -0.1370051647634852,
                    0.02854702483316282);
    assert_interval(lk_newcombe_diff(3, 8, 1, 9, 0.05), 3.0 / 8 - 1.0 / 9, -0.1381334560370352,
                    0.5959228446440941);
    assert_interval(lk_newcombe_diff(0, 10, 0, 10, 0.05), 0, -0.27753279986288926,
                    0.27753279986288926);
    assert_interval(lk_newcombe_diff(52, 1000, 31, 400, 0.05), 0.052 - 0.0775,
                    -0.05823414851319214, 0.001744570779142366);
    assert_undefined(lk_newcombe_diff(0, 0, 3, 60, 0.05));
}

static void test_ratio_lift_matches_statsmodels_log_method(void **state)
{
    (void)state;
    /* /usr/bin/python3 -c "from statsmodels.stats.proportion import confint_proportions_2indep as ci
       for c in [(12,100,5,80),(3,8,1,9),(52,1000,31,400)]:
           l,u = ci(*c, method='log', compare='ratio'); print(c, l-1, u-1)"
       -> -0.2943702261464979 4.224269350013771
          -0.5668343734491386 25.29623474673961
          -0.5632484857459373 0.030786834218318182 */
    assert_interval(lk_ratio_lift(12, 100, 5, 80, 0.05), 0.12 / 0.0625 - 1, -0.2943702261464979,
                    4.224269350013771);
    lk_interval r = lk_ratio_lift(3, 8, 1, 9, 0.05);
    assert_close(r.est, (3.0 / 8) / (1.0 / 9) - 1, TOL);
    assert_close(r.lo, -0.5668343734491386, TOL);
    assert_close(r.hi, 25.29623474673961, 1e-6 * 25.3);
    assert_interval(lk_ratio_lift(52, 1000, 31, 400, 0.05), 0.052 / 0.0775 - 1,
                    -0.5632484857459373, 0.030786834218318182);
}

static void test_ratio_lift_empty_when_a_count_is_zero(void **state)
{
    (void)state;
    /* statsmodels raises ZeroDivisionError for these: the spec says empty */
    assert_undefined(lk_ratio_lift(0, 50, 3, 60, 0.05));
    assert_undefined(lk_ratio_lift(3, 60, 0, 50, 0.05));
    assert_undefined(lk_ratio_lift(0, 10, 0, 10, 0.05));
    assert_undefined(lk_ratio_lift(1, 0, 1, 10, 0.05));
}

static void test_ztest_matches_statsmodels_pooled(void **state)
{
    (void)state;
    /* /usr/bin/python3 -c "from statsmodels.stats.proportion import proportions_ztest as z
       print(z([12,5],[100,80])[1], z([52,31],[1000,400])[1], z([50,40],[50,50])[1])"
       -> 0.1899310594259629 0.0679760524167506 0.0008581206663936765 */
    assert_p(lk_ztest_p(12, 100, 5, 80), 0.1899310594259629);
    assert_p(lk_ztest_p(52, 1000, 31, 400), 0.0679760524167506);
    assert_p(lk_ztest_p(50, 50, 40, 50), 0.0008581206663936765);
}

static void test_ztest_undefined_without_variance(void **state)
{
    (void)state;
    assert_true(isnan(lk_ztest_p(0, 10, 0, 10)));
    assert_true(isnan(lk_ztest_p(10, 10, 20, 20)));
    assert_true(isnan(lk_ztest_p(0, 0, 1, 10)));
}

static void test_fisher_matches_scipy_two_sided(void **state)
{
    (void)state;
    /* /usr/bin/python3 -c "from scipy.stats import fisher_exact as f
       for c in [(3,8,1,9),(0,50,3,60),(8,10,1,6),(2,10,8,10),(2,2000,9,2000)]:
           print(c, f([[c[0],c[1]-c[0]],[c[2],c[3]-c[2]]])[1])"
       -> 0.2941176470588236 0.24937447873227692 0.034965034965034975
          0.023014137565221155 0.06506722999794623 */
    assert_p(lk_fisher_p(3, 8, 1, 9), 0.2941176470588236);
    assert_p(lk_fisher_p(0, 50, 3, 60), 0.24937447873227692);
    assert_p(lk_fisher_p(8, 10, 1, 6), 0.034965034965034975);
    assert_p(lk_fisher_p(2, 10, 8, 10), 0.023014137565221155);
    assert_p(lk_fisher_p(2, 2000, 9, 2000), 0.06506722999794623);
}

static void test_fisher_handles_a_million_per_arm(void **state)
{
    (void)state;
    /* /usr/bin/python3 -c "from scipy.stats import fisher_exact as f
       print(f([[500000,500000],[501500,498500]])[1], f([[3,999997],[12,999988]])[1])"
       -> 0.03401373515775234 0.03515558350245735 */
    assert_p(lk_fisher_p(500000, 1000000, 501500, 1000000), 0.03401373515775234);
    assert_p(lk_fisher_p(3, 1000000, 12, 1000000), 0.03515558350245735);
}

static void test_fisher_counts_equally_likely_tables_as_extreme(void **state)
{
    (void)state;
    /* /usr/bin/python3 -c "from scipy.stats import fisher_exact as f
       print(f([[10,20],[10,20]])[1], f([[0,5],[0,7]])[1])"  -> 1.0 1.0 */
    assert_p(lk_fisher_p(10, 30, 10, 30), 1.0);
    assert_p(lk_fisher_p(0, 5, 0, 7), 1.0);
    assert_true(isnan(lk_fisher_p(6, 5, 0, 7)));
}

static void test_needs_exact_when_an_expected_cell_is_below_five(void **state)
{
    (void)state;
    assert_true(lk_needs_exact(3, 8, 1, 9));
    assert_false(lk_needs_exact(2, 2000, 9, 2000)); /* 5.5 responders expected per arm */
    assert_true(lk_needs_exact(2, 1000, 5, 1000));  /* 3.5 expected */
    assert_true(lk_needs_exact(2, 1000, 7, 1000));  /* 4.5 expected */
    assert_false(lk_needs_exact(4, 1000, 6, 1000)); /* exactly 5 is enough */
    assert_true(lk_needs_exact(96, 100, 99, 100));  /* 2.5 expected non-responders */
    assert_false(lk_needs_exact(12, 100, 5, 80));
    assert_true(lk_needs_exact(0, 0, 0, 0));
}

static void test_holm_matches_statsmodels_for_four_arms(void **state)
{
    (void)state;
    /* /usr/bin/python3 -c "from statsmodels.stats.multitest import multipletests as m
       print(m([0.01,0.04,0.03,0.005],method='holm')[1], m([0.02,0.5,0.03],method='holm')[1])"
       -> [0.03 0.06 0.06 0.02] [0.06 0.5  0.06] */
    double p[] = {0.01, 0.04, 0.03, 0.005}, adj[4];
    lk_holm(p, 4, adj);
    assert_close(adj[0], 0.03, 1e-12);
    assert_close(adj[1], 0.06, 1e-12);
    assert_close(adj[2], 0.06, 1e-12);
    assert_close(adj[3], 0.02, 1e-12);
    double q[] = {0.02, NAN, 0.5, 0.03}, qa[4];
    lk_holm(q, 4, qa);
    assert_close(qa[0], 0.06, 1e-12);
    assert_true(isnan(qa[1]));
    assert_close(qa[2], 0.5, 1e-12);
    assert_close(qa[3], 0.06, 1e-12);
}

static void test_holm_caps_at_one(void **state)
{
    (void)state;
    double p[] = {0.4, 0.6}, adj[2];
    lk_holm(p, 2, adj);
    assert_close(adj[0], 0.8, 1e-12);
    assert_close(adj[1], 0.8, 1e-12); /* running maximum, not 0.6 */
    double one[] = {0.7, 0.9, 0.8}, adj3[3];
    lk_holm(one, 3, adj3);
    assert_close(adj3[0], 1, 0);
    assert_close(adj3[2], 1, 0);
    lk_holm(NULL, 0, NULL);
}

/* ---- Bayesian ---- */

/*
 * Reference: the exact closed form for integer Beta parameters,
 * P(p2 > p1) = sum_{i<a2} B(a1+i, b1+b2) / ((b2+i) B(1+i, b2) B(a1, b1)),
 * and E[max(p2-p1,0)] = m2 P(Beta(a2+1,b2) > p1) - m1 P(p2 > Beta(a1+1,b1)),
 * evaluated by /usr/bin/python3 with scipy.special.betaln:
 *
 *   import numpy as np; from scipy.special import betaln
 *   def g(a1,b1,a2,b2):
 *       i=np.arange(int(a2))
 *       return np.exp(betaln(a1+i,b1+b2)-np.log(b2+i)-betaln(1+i,b2)-betaln(a1,b1)).sum()
 *   a1,b1,a2,b2 = x1+1,n1-x1+1,x2+1,n2-x2+1
 *   print(1-g(a1,b1,a2,b2), a2/(a2+b2)*g(a1,b1,a2+1,b2)-a1/(a1+b1)*g(a1+1,b1,a2,b2))
 *
 * and for (52000,1e6,50000,1e6) cross-checked with scipy.integrate.quad of
 * beta.pdf(x,a1,b1)*beta.cdf(x,a2,b2) over [0.049,0.055], points=[0.05,0.052]
 * -> 0.9999999999369225.
 */
static void check_bayes(double x1, double n1, double x2, double n2, double prob, double loss)
{
    double pb, el;
    assert_int_equal(lk_bayes_binary(x1, n1, x2, n2, &pb, &el), 0);
    assert_close(pb, prob, 1e-6);
    assert_close(el, loss, 1e-6);
}

static void test_bayes_matches_closed_form_small_counts(void **state)
{
    (void)state;
    check_bayes(12, 100, 5, 80, 0.8964243236433918, 0.0022756748096022447);
    check_bayes(3, 8, 1, 9, 0.8808049535603715, 0.011229946524064165);
    check_bayes(0, 10, 0, 10, 0.5, 0.039855072463768126);
    check_bayes(0, 0, 0, 0, 0.5, 0.16666666666666669); /* two uniform priors */
}

static void test_bayes_robust_for_a_million_per_arm(void **state)
{
    (void)state;
    check_bayes(5000, 100000, 4800, 100000, 0.9808509940262768, 6.751485491798392e-06);
    check_bayes(52000, 1000000, 50000, 1000000, 0.9999999999355529, 2.983844657067005e-15);
    check_bayes(50000, 1000000, 50000, 1000000, 0.4999999996944121, 0.0001229628510955004);
    check_bayes(1, 100, 300, 1000000, 0.9995500255412055, 4.5672678653927155e-08);
    check_bayes(0, 1000000, 3, 1000000, 0.062499814584671576, 3.06249355626194e-06);
}

/*
 * Past a billion units per arm the posterior density came from lngamma
 * differences that lose their digits: prob_better was 0.0005 for 0.0195 at
 * 1e15 units and the integration failed at 1e14.  References: the closed
 * form above, whose betaln stays exact for large arguments:
 *   for n in (1e12, 1e14, 1e15): print(n, 1-g(127,n-125,162,n-160),
 *       162/(n+2)*g(127,n-125,163,n-160)-127/(n+2)*g(128,n-125,162,n-160))
 * -> 0.01949251898913107 3.512141795732767e-11 (1e12), 0.019492518995311903
 * 3.512141795749579e-13 (1e14), 0.0194925189947871 3.512141795759017e-14 (1e15).
 */
static void test_bayes_holds_for_a_quadrillion_per_arm(void **state)
{
    (void)state;
    const double n[3] = {1e12, 1e14, 1e15};
    const double prob[3] = {0.01949251898913107, 0.019492518995311903, 0.0194925189947871};
    const double loss[3] = {3.512141795732767e-11, 3.512141795749579e-13, 3.512141795759017e-14};
    for (int i = 0; i < 3; i++) {
        double pb, el;
        assert_int_equal(lk_bayes_binary(126, n[i], 161, n[i], &pb, &el), 0);
        assert_close(pb, prob[i], 1e-5);
        assert_close(el, loss[i], 1e-4 * loss[i]);
    }
}

static void test_bayes_rejects_impossible_counts(void **state)
{
    (void)state;
    double pb, el;
    assert_int_equal(lk_bayes_binary(5, 4, 1, 10, &pb, &el), -1);
    assert_true(isnan(pb) && isnan(el));
}

/* ---- means ---- */

/*
 * /usr/bin/python3: a=np.array([120.,0,0,350,80,0,0,410,0,95]);
 * b=np.array([0.,60,0,0,200,0,0,30]); a.mean(), a.var(ddof=1) -> 105.5
 * 23235.833333333332; b -> 36.25 4855.357142857143.
 */
#define A_N 10.0
#define A_M 105.5
#define A_V 23235.833333333332
#define B_N 8.0
#define B_M 36.25
#define B_V 4855.357142857143

static void test_mean_t_matches_scipy_interval(void **state)
{
    (void)state;
    /* /usr/bin/python3 -c "from scipy.stats import t; import numpy as np
       print(t.interval(0.95, 9, loc=105.5, scale=np.sqrt(23235.833333333332/10)),
             t.interval(0.95, 1, loc=5.0, scale=np.sqrt(2.0/2)))"
       -> (-3.5440317302848428, 214.54403173028484) (-7.706204736432095, 17.706204736432095) */
    assert_interval(lk_mean_t(A_N, A_M, A_V, 0.05), A_M, -3.5440317302848428, 214.54403173028484);
    assert_interval(lk_mean_t(2, 5, 2, 0.05), 5, -7.706204736432095, 17.706204736432095);
}

static void test_mean_t_edge_cases(void **state)
{
    (void)state;
    assert_undefined(lk_mean_t(1, 5, NAN, 0.05)); /* one value: no variance */
    assert_undefined(lk_mean_t(1, 5, 0, 0.05));
    assert_undefined(lk_mean_t(0, NAN, NAN, 0.05));
    assert_interval(lk_mean_t(50, 0, 0, 0.05), 0, 0, 0); /* all zero balances */
}

static void test_welch_matches_scipy_ttest_ind(void **state)
{
    (void)state;
    /* /usr/bin/python3 -c "import numpy as np; from scipy.stats import ttest_ind
       from statsmodels.stats.weightstats import DescrStatsW, CompareMeans
       a=np.array([120.,0,0,350,80,0,0,410,0,95]); b=np.array([0.,60,0,0,200,0,0,30])
       print(ttest_ind(a,b,equal_var=False).pvalue)
       c=CompareMeans(DescrStatsW(a),DescrStatsW(b))
       print(c.tconfint_diff(alpha=.05,usevar='unequal'), c.tconfint_diff(alpha=.10,usevar='unequal'))"
       -> 0.22290998691311656
          (-47.55425727582609, 186.0542572758261) (-26.52823480940576, 165.02823480940577) */
    double p;
    lk_interval d = lk_welch_diff(A_N, A_M, A_V, B_N, B_M, B_V, 0.05, &p);
    assert_interval(d, A_M - B_M, -47.55425727582609, 186.0542572758261);
    assert_p(p, 0.22290998691311656);
    d = lk_welch_diff(A_N, A_M, A_V, B_N, B_M, B_V, 0.10, NULL);
    assert_interval(d, A_M - B_M, -26.52823480940576, 165.02823480940577);
}

static void test_welch_edge_cases(void **state)
{
    (void)state;
    double p = 0;
    /* both arms constant: no standard error, the difference alone is defined */
    lk_interval d = lk_welch_diff(10, 3, 0, 12, 1, 0, 0.05, &p);
    assert_close(d.est, 2, 0);
    assert_true(isnan(d.lo) && isnan(d.hi) && isnan(p));
    d = lk_welch_diff(1, 3, NAN, 12, 1, 2, 0.05, &p);
    assert_undefined(d);
    assert_true(isnan(p));
    /* one constant arm: the other carries all the variance, df = n - 1 */
    d = lk_welch_diff(A_N, A_M, A_V, 20, 0, 0, 0.05, &p);
    lk_interval t = lk_mean_t(A_N, A_M, A_V, 0.05);
    assert_close(d.lo, t.lo, 1e-9);
    assert_close(d.hi, t.hi, 1e-9);
}

static void test_mean_ratio_lift_delta_method(void **state)
{
    (void)state;
    /* /usr/bin/python3 -c "import numpy as np; from scipy.stats import norm
       def dm(n1,m1,v1,n2,m2,v2):
           se=np.sqrt(v1/(n1*m2**2)+v2*m1**2/(n2*m2**4)); z=norm.isf(.025); e=m1/m2-1
           print(e, e-z*se, e+z*se)
       dm(10,105.5,23235.833333333332,8,36.25,4855.357142857143)
       dm(50000,412.3,810000.0,48000,388.9,765000.0)"
       -> 1.910344827586207 -2.760908188839105 6.581597844011519
          0.060169709436873386 0.03073425112931088 0.08960516774443589 */
    assert_interval(lk_mean_ratio_lift(A_N, A_M, A_V, B_N, B_M, B_V, 0.05), 1.910344827586207,
                    -2.760908188839105, 6.581597844011519);
    assert_interval(lk_mean_ratio_lift(50000, 412.3, 810000.0, 48000, 388.9, 765000.0, 0.05),
                    0.060169709436873386, 0.03073425112931088, 0.08960516774443589);
    assert_undefined(lk_mean_ratio_lift(10, 5, 1, 10, 0, 0, 0.05)); /* baseline mean 0 */
    assert_undefined(lk_mean_ratio_lift(0, NAN, NAN, 10, 2, 1, 0.05));
}

/* ---- power ---- */

/*
 * Rscript -e 'for (a in list(c(0.05,0.06,0.8,0.05), c(0.05,0.10,0.8,0.05),
 *   c(0.2,0.4,0.9,0.05), c(0.01,0.011,0.8,0.05), c(0.5,0.45,0.8,0.01),
 *   c(0.03,0.033,0.9,0.1))) { r <- power.prop.test(p1=a[1], p2=a[2],
 *   power=a[3], sig.level=a[4]); cat(sprintf("%.10f %d\n", r$n, ceiling(r$n))) }'
 * -> 8157.7314478496 8158, 434.4320227702 435, 108.2355406411 109,
 *    163094.6174981420 163095, 2328.5153895577 2329, 58056.7279248416 58057
 * R's uniroot stops at tol = 1.2e-4 by default; the same command with
 * power.prop.test(..., tol=1e-12) gives the n to compare at 1e-6:
 * -> 8157.7314478493 434.4320224395 108.2355393801 163094.6174981420
 *    2328.5153711691 58056.7279248416
 */
static void test_power_n_matches_r_power_prop_test(void **state)
{
    (void)state;
    static const double cases[][6] = {
        {0.05, 0.06, 0.05, 0.8, 8157.7314478493, 8158},
        {0.05, 0.10, 0.05, 0.8, 434.4320224395, 435},
        {0.2, 0.4, 0.05, 0.9, 108.2355393801, 109},
        {0.01, 0.011, 0.05, 0.8, 163094.6174981420, 163095},
        {0.5, 0.45, 0.01, 0.8, 2328.5153711691, 2329},
        {0.03, 0.033, 0.1, 0.9, 58056.7279248416, 58057},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const double *c = cases[i];
        double n = lk_power_n(c[0], c[1], c[2], c[3], 1);
        assert_close(n, c[4], 1e-6 * c[4]);
        assert_close(ceil(n), c[5], 0);
    }
}

static void test_power_matches_r_at_given_n(void **state)
{
    (void)state;
    /* Rscript -e 'cat(sprintf("%.12f\n", power.prop.test(n=3000,p1=0.05,p2=0.06)$power))'
       -> 0.396968044067 */
    assert_close(lk_power(0.05, 0.06, 3000, 0.05, 1), 0.396968044067, 1e-9);
    assert_close(lk_power(0.06, 0.05, 3000, 0.05, 1), 0.396968044067, 1e-9);
}

/*
 * Unequal allocation, against a direct evaluation of docs/methods.md, "Power"
 * formula in R:
 * Rscript -e 'pw <- function(n1,p1,p2,a,r){pb<-(p1+r*p2)/(1+r);
 *   pnorm((abs(p2-p1)*sqrt(n1)-qnorm(1-a/2)*sqrt(pb*(1-pb)*(1+1/r)))/
 *   sqrt(p1*(1-p1)+p2*(1-p2)/r))}
 *   f <- function(p1,p2,a,b,r) cat(sprintf("%.8f\n", uniroot(function(n)
 *   pw(n,p1,p2,a,r)-b, c(2,1e9), tol=1e-10)$root))
 *   f(0.05,0.06,0.05,0.8,2); f(0.05,0.06,0.05,0.8,0.25); f(0.2,0.15,0.05,0.9,3)
 *   cat(sprintf("%.12f\n", pw(4000,0.05,0.06,0.05,2)))'
 * -> 6186.71834775 19962.32873263 797.04833105 0.610848079582
 */
static void test_power_unequal_ratio_matches_formula(void **state)
{
    (void)state;
    assert_close(lk_power_n(0.05, 0.06, 0.05, 0.8, 2), 6186.71834775, 1e-5);
    assert_close(lk_power_n(0.05, 0.06, 0.05, 0.8, 0.25), 19962.32873263, 1e-5);
    assert_close(lk_power_n(0.2, 0.15, 0.05, 0.9, 3), 797.04833105, 1e-5);
    assert_close(lk_power(0.05, 0.06, 4000, 0.05, 2), 0.610848079582, 1e-9);
    double n = lk_power_n(0.05, 0.06, 0.05, 0.8, 2);
    assert_close(lk_power(0.05, 0.06, n, 0.05, 2), 0.8, 1e-12);
}

static void test_power_mde_matches_r(void **state)
{
    (void)state;
    /* Rscript -e 'cat(sprintf("%.12f\n",
         power.prop.test(n=5000,p1=0.05,power=0.8,tol=1e-12)$p2))'
       -> 0.062931660891 (the default tol=1.2e-4 gives 0.0629519388)
       and with ratio 2 (pw as above):
       uniroot(function(p) pw(5000,0.05,p,0.05,2)-0.8, c(0.05,0.5), tol=1e-12)$root
       -> 0.0611861081 */
    assert_close(lk_power_mde(0.05, 5000, 0.05, 0.8, 1), 0.062931660891, 1e-9);
    assert_close(lk_power_mde(0.05, 5000, 0.05, 0.8, 2), 0.0611861081, 1e-9);
}

static void test_power_undefined_cases(void **state)
{
    (void)state;
    assert_true(isnan(lk_power_n(0.05, 0.05, 0.05, 0.8, 1)));
    assert_true(isnan(lk_power_n(0, 0.05, 0.05, 0.8, 1)));
    assert_true(isnan(lk_power_n(0.05, 1, 0.05, 0.8, 1)));
    assert_true(isnan(lk_power_n(0.05, 0.06, 0.05, 0.8, 0)));
    assert_true(isnan(lk_power(1.5, 0.06, 100, 0.05, 1)));
    /* 10 customers cannot detect anything below a rate of 1 at 99.99% power */
    assert_true(isnan(lk_power_mde(0.5, 10, 0.05, 0.9999, 1)));
}

/* ---- the acceptance simulation ---- */

/*
 * 10,000 seeded A/A experiments, 2,000 units per arm, true rate 5%: the
 * 95% Newcombe interval of the difference must cover 0 in 94-96% of them
 * and the pooled z-test must reject at 5% in 4-6% (10,000 runs put the
 * binomial standard error of either rate near 0.2%).
 */
static void test_aa_simulation_newcombe_covers_and_ztest_keeps_level(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20260105);
    const int runs = 10000;
    const unsigned n = 2000;
    int covered = 0, rejected = 0;
    for (int i = 0; i < runs; i++) {
        double x1 = gsl_ran_binomial(rng, 0.05, n), x2 = gsl_ran_binomial(rng, 0.05, n);
        lk_interval d = lk_newcombe_diff(x1, n, x2, n, 0.05);
        covered += d.lo <= 0 && 0 <= d.hi;
        rejected += lk_ztest_p(x1, n, x2, n) < 0.05;
    }
    gsl_rng_free(rng);
    double coverage = (double)covered / runs, fpr = (double)rejected / runs;
    if (!(coverage >= 0.94 && coverage <= 0.96))
        fail_msg("coverage %.4f outside [0.94, 0.96]", coverage);
    if (!(fpr >= 0.04 && fpr <= 0.06))
        fail_msg("false positive rate %.4f outside [0.04, 0.06]", fpr);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wilson_matches_statsmodels),
        cmocka_unit_test(test_wilson_undefined_for_empty_arm),
        cmocka_unit_test(test_newcombe_diff_matches_statsmodels),
        cmocka_unit_test(test_ratio_lift_matches_statsmodels_log_method),
        cmocka_unit_test(test_ratio_lift_empty_when_a_count_is_zero),
        cmocka_unit_test(test_ztest_matches_statsmodels_pooled),
        cmocka_unit_test(test_ztest_undefined_without_variance),
        cmocka_unit_test(test_fisher_matches_scipy_two_sided),
        cmocka_unit_test(test_fisher_handles_a_million_per_arm),
        cmocka_unit_test(test_fisher_counts_equally_likely_tables_as_extreme),
        cmocka_unit_test(test_needs_exact_when_an_expected_cell_is_below_five),
        cmocka_unit_test(test_holm_matches_statsmodels_for_four_arms),
        cmocka_unit_test(test_holm_caps_at_one),
        cmocka_unit_test(test_bayes_matches_closed_form_small_counts),
        cmocka_unit_test(test_bayes_robust_for_a_million_per_arm),
        cmocka_unit_test(test_bayes_holds_for_a_quadrillion_per_arm),
        cmocka_unit_test(test_bayes_rejects_impossible_counts),
        cmocka_unit_test(test_mean_t_matches_scipy_interval),
        cmocka_unit_test(test_mean_t_edge_cases),
        cmocka_unit_test(test_welch_matches_scipy_ttest_ind),
        cmocka_unit_test(test_welch_edge_cases),
        cmocka_unit_test(test_mean_ratio_lift_delta_method),
        cmocka_unit_test(test_power_n_matches_r_power_prop_test),
        cmocka_unit_test(test_power_matches_r_at_given_n),
        cmocka_unit_test(test_power_unequal_ratio_matches_formula),
        cmocka_unit_test(test_power_mde_matches_r),
        cmocka_unit_test(test_power_undefined_cases),
        cmocka_unit_test(test_aa_simulation_newcombe_covers_and_ztest_keeps_level),
    };
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
