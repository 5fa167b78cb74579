/*
 * stats.c - interval estimates, tests and power for docs/methods.md ("Power"
 * and "Lift"), on GSL.
 *
 * Every function is pure and never aborts: input that leaves a quantity
 * undefined (an empty arm, a zero count where a ratio or a logarithm needs
 * it, a variance from one value) yields NaN, which the CSV writers print as
 * an empty cell.  Each formula is the one of the reference named in
 * stats.h, so results agree with statsmodels, scipy and R to rounding.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>

#include "liftkit/stats.h"

static const lk_interval undefined = {NAN, NAN, NAN};

/* Two-sided critical value z(1 - alpha/2), NaN for alpha outside (0, 1). */
static double z_crit(double alpha)
{
    if (!(alpha > 0 && alpha < 1))
        return NAN;
    return gsl_cdf_ugaussian_Qinv(alpha / 2);
}

static int valid_count(double x, double n)
{
    return n > 0 && x >= 0 && x <= n && isfinite(n);
}

lk_interval lk_wilson(double x, double n, double alpha)
{
    double z = z_crit(alpha);
    if (!valid_count(x, n) || isnan(z))
        return undefined;
    double p = x / n, z2 = z * z;
    double denom = 1 + z2 / n;
    double center = (p + z2 / (2 * n)) / denom;
    double dist = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
    lk_interval r = {p, center - dist, center + dist};
    return r;
}

lk_interval lk_newcombe_diff(double x1, double n1, double x2, double n2, double alpha)
{
    lk_interval w1 = lk_wilson(x1, n1, alpha), w2 = lk_wilson(x2, n2, alpha);
    if (isnan(w1.est) || isnan(w2.est))
        return undefined;
    double d = w1.est - w2.est;
    double d_lo = hypot(w1.est - w1.lo, w2.hi - w2.est);
    double d_hi = hypot(w2.est - w2.lo, w1.hi - w1.est);
    lk_interval r = {d, d - d_lo, d + d_hi};
    return r;
}

lk_interval lk_ratio_lift(double x1, double n1, double x2, double n2, double alpha)
{
    double z = z_crit(alpha);
    if (!valid_count(x1, n1) || !valid_count(x2, n2) || x1 == 0 || x2 == 0 || isnan(z))
        return undefined;
    double ratio = (x1 / n1) / (x2 / n2);
    double d = z * sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
    double lr = log(ratio);
    lk_interval r = {ratio - 1, expm1(lr - d), expm1(lr + d)};
    return r;
}

double lk_ztest_p(double x1, double n1, double x2, double n2)
{
    if (!valid_count(x1, n1) || !valid_count(x2, n2))
        return NAN;
    double pooled = (x1 + x2) / (n1 + n2);
    double se = sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    if (!(se > 0))
        return NAN;
    double zstat = (x1 / n1 - x2 / n2) / se;
    return 2 * gsl_cdf_ugaussian_Q(fabs(zstat));
}

/*
 * Log of the hypergeometric probability of k successes in a draw of t from
 * a population of n1 + n2 holding n1 successes.
 */
static double log_hyper(unsigned long k, unsigned long n1, unsigned long n2, unsigned long t)
{
    return gsl_sf_lnchoose((unsigned int)n1, (unsigned int)k) +
           gsl_sf_lnchoose((unsigned int)n2, (unsigned int)(t - k)) -
           gsl_sf_lnchoose((unsigned int)(n1 + n2), (unsigned int)t);
}

/*
 * Sum exp(log_hyper) over the tables no more likely than the observed one
 * (log probability <= limit), walking from the mode to one end of the
 * support.  Probabilities fall monotonically away from the mode, so once a
 * term is below e^-50 of the observed table's probability the rest of the
 * tail cannot change the sum: stopping there keeps huge tables cheap.
 */
static double tail_sum(long mode, long end, long step, unsigned long n1, unsigned long n2,
                       unsigned long t, double lobs, double limit)
{
    double sum = 0;
    for (long k = mode;; k += step) {
        double l = log_hyper((unsigned long)k, n1, n2, t);
        if (l <= limit)
            sum += exp(l);
        if (k == end || (l < lobs - 50 && k != mode))
            break;
    }
    return sum;
}

/*
 * The two-sided p-value sums the probabilities of every table (same
 * margins) no more likely than the observed one.  Ties are judged with a
 * relative tolerance of 1e-7 (R's fisher.test; scipy 1.10 uses 1e-14), so
 * tables that are equally likely in exact arithmetic count as "as extreme"
 * despite rounding in the log-probabilities.
 */
double lk_fisher_p(unsigned long x1, unsigned long n1, unsigned long x2, unsigned long n2)
{
    if (x1 > n1 || x2 > n2 || n1 + n2 == 0 || n1 + n2 > 0xFFFFFFFFul)
        return NAN;
    unsigned long t = x1 + x2;
    long kmin = t > n2 ? (long)(t - n2) : 0, kmax = (long)(t < n1 ? t : n1);
    long mode = (long)floor((double)(t + 1) * (double)(n1 + 1) / (double)(n1 + n2 + 2));
    mode = mode < kmin ? kmin : mode > kmax ? kmax : mode;
    double lobs = log_hyper(x1, n1, n2, t);
    double limit = lobs + log1p(1e-7);
    double p = tail_sum(mode, kmin, -1, n1, n2, t, lobs, limit);
    if (mode < kmax)
        p += tail_sum(mode + 1, kmax, 1, n1, n2, t, lobs, limit);
    return p < 1 ? p : 1;
}

int lk_needs_exact(double x1, double n1, double x2, double n2)
{
    double n = n1 + n2, x = x1 + x2;
    if (!(n > 0))
        return 1;
    double e[4] = {n1 * x / n, n1 * (n - x) / n, n2 * x / n, n2 * (n - x) / n};
    for (int i = 0; i < 4; i++)
        if (e[i] < 5)
            return 1;
    return 0;
}

/*
 * Holm: sort the m defined p-values ascending, multiply the j-th (from 0)
 * by m - j, and carry the running maximum so the adjusted values keep the
 * order of the raw ones; cap at 1.
 */
int lk_holm(const double *p, size_t k, double *adjusted)
{
    size_t m = 0;
    double *vals = malloc((k ? k : 1) * sizeof(*vals));
    size_t *where = malloc((k ? k : 1) * sizeof(*where));
    size_t *order = malloc((k ? k : 1) * sizeof(*order));
    int ok = vals && where && order;
    for (size_t i = 0; i < k; i++)
        adjusted[i] = NAN;
    if (ok) {
        for (size_t i = 0; i < k; i++)
            if (!isnan(p[i])) {
                vals[m] = p[i];
                where[m++] = i;
            }
        if (m > 0)
            gsl_sort_index(order, vals, 1, m);
        double running = 0;
        for (size_t j = 0; j < m; j++) {
            double a = vals[order[j]] * (double)(m - j);
            if (a > running)
                running = a;
            adjusted[where[order[j]]] = running < 1 ? running : 1;
        }
    }
    free(vals);
    free(where);
    free(order);
    return ok ? 0 : -1;
}

/* ---- Bayesian comparison of two rates ---- */

typedef struct beta_pair {
    double a1, b1, a2, b2;
    double m2;      /* posterior mean of p2 */
    double lnbeta1; /* log B(a1, b1) */
    double tol;     /* the error estimate integrate accepts */
} beta_pair;

/* Arms past a billion units: see beta1_pdf and integrate. */
#define BETA_LARGE 1e9

/*
 * p1's posterior density.  Beyond a billion units not gsl_ran_beta_pdf: its
 * lngamma(a + b) - lngamma(a or b) loses precision as a + b grows (near 1e15 the
 * density came out e^4 off and prob_better 0.0005 for 0.0195), where
 * gsl_sf_lnbeta keeps it.  Below, where it is good to about 1e-7, it stays, so
 * results of any campaign of real size keep their digits.
 */
static double beta1_pdf(double x, const beta_pair *bp)
{
    if (bp->a1 + bp->b1 <= BETA_LARGE)
        return gsl_ran_beta_pdf(x, bp->a1, bp->b1);
    if (!(x > 0 && x < 1))
        return 0;
    return exp((bp->a1 - 1) * log(x) + (bp->b1 - 1) * log1p(-x) - bp->lnbeta1);
}

/* f1(x) P(p2 < x): integrates to P(p1 > p2). */
static double prob_integrand(double x, void *ctx)
{
    const beta_pair *bp = ctx;
    double f = beta1_pdf(x, bp);
    return f > 0 ? f * gsl_cdf_beta_P(x, bp->a2, bp->b2) : 0;
}

/* f1(x) E[max(p2 - x, 0)]: integrates to the expected loss of choosing p1. */
static double loss_integrand(double x, void *ctx)
{
    const beta_pair *bp = ctx;
    double f = beta1_pdf(x, bp);
    if (!(f > 0))
        return 0;
    double above = bp->m2 * gsl_cdf_beta_Q(x, bp->a2 + 1, bp->b2) -
                   x * gsl_cdf_beta_Q(x, bp->a2, bp->b2);
    return f * (above > 0 ? above : 0);
}

static void add_point(double *pts, size_t *np, double x, double lo, double hi)
{
    if (x > lo && x < hi)
        pts[(*np)++] = x;
}

/*
 * Breakpoints for the integral over p1: the range holding all but a
 * negligible tail of p1's posterior (40 standard deviations each side, which
 * for the skewed Beta(1, n+1) still leaves a tail below 1e-17), and inside
 * it the means and mean +- 1 and 3 sd of both posteriors, so the adaptive
 * rule sees the peak of f1 and the step of p2's distribution function even
 * when n is in the millions.
 */
static size_t breakpoints(const beta_pair *bp, double *pts)
{
    double s1 = bp->a1 + bp->b1, s2 = bp->a2 + bp->b2;
    double m1 = bp->a1 / s1, m2 = bp->m2;
    double sd1 = sqrt(m1 * (1 - m1) / (s1 + 1)), sd2 = sqrt(m2 * (1 - m2) / (s2 + 1));
    double lo = fmax(0, m1 - 40 * sd1), hi = fmin(1, m1 + 40 * sd1);
    size_t np = 0;
    pts[np++] = lo;
    const double steps[] = {-3, -1, 0, 1, 3};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        add_point(pts, &np, m1 + steps[i] * sd1, lo, hi);
        add_point(pts, &np, m2 + steps[i] * sd2, lo, hi);
    }
    pts[np++] = hi;
    gsl_sort(pts, 1, np);
    size_t u = 1;
    for (size_t i = 1; i < np; i++)
        if (pts[i] > pts[u - 1])
            pts[u++] = pts[i];
    return u;
}

/*
 * Integrate fn piecewise between consecutive breakpoints with GSL's doubly
 * adaptive CQUAD, which copes with the flat zero tails and the steep peak
 * better than a single Gauss-Kronrod pass; the error estimates are summed.
 * They are taken up to 1e-7, or 1e-5 when an arm is past a billion units:
 * past 1e13 units GSL's beta distribution function is noisy in its last
 * digits, which swells the estimate (3e-6 at 1e15 units for a result good
 * to 5e-6); a probability that near is sound.
 */
static int integrate(double (*fn)(double, void *), beta_pair *bp, const double *pts, size_t np,
                     gsl_integration_cquad_workspace *ws, double *result)
{
    gsl_function f = {fn, bp};
    double sum = 0, err = 0;
    for (size_t i = 0; i + 1 < np; i++) {
        double r, e;
        size_t nevals;
        if (gsl_integration_cquad(&f, pts[i], pts[i + 1], 1e-11, 1e-10, ws, &r, &e, &nevals) !=
            GSL_SUCCESS)
            return -1;
        sum += r;
        err += e;
    }
    *result = sum;
    return err < bp->tol ? 0 : -1;
}

int lk_bayes_binary(double x1, double n1, double x2, double n2, double *prob_better,
                    double *expected_loss)
{
    *prob_better = NAN;
    *expected_loss = NAN;
    if (!(n1 >= 0 && x1 >= 0 && x1 <= n1 && n2 >= 0 && x2 >= 0 && x2 <= n2) ||
        !isfinite(n1) || !isfinite(n2))
        return -1;
    beta_pair bp = {x1 + 1, n1 - x1 + 1, x2 + 1, n2 - x2 + 1, (x2 + 1) / (n2 + 2),
                    gsl_sf_lnbeta(x1 + 1, n1 - x1 + 1), 1e-7};
    if (fmax(bp.a1 + bp.b1, bp.a2 + bp.b2) > BETA_LARGE)
        bp.tol = 1e-5;
    double pts[16], prob, loss;
    size_t np = breakpoints(&bp, pts);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_integration_cquad_workspace *ws = gsl_integration_cquad_workspace_alloc(200);
    int rc = -1;
    if (ws && integrate(prob_integrand, &bp, pts, np, ws, &prob) == 0 &&
        integrate(loss_integrand, &bp, pts, np, ws, &loss) == 0) {
        *prob_better = fmin(fmax(prob, 0), 1);
        *expected_loss = fmax(loss, 0);
        rc = 0;
    }
    gsl_integration_cquad_workspace_free(ws);
    gsl_set_error_handler(old);
    return rc;
}

/* ---- means ---- */

lk_interval lk_mean_t(double n, double mean, double var, double alpha)
{
    if (!(n >= 2) || !(var >= 0) || !isfinite(mean) || !(alpha > 0 && alpha < 1))
        return undefined;
    double half = gsl_cdf_tdist_Qinv(alpha / 2, n - 1) * sqrt(var / n);
    lk_interval r = {mean, mean - half, mean + half};
    return r;
}

lk_interval lk_welch_diff(double n1, double m1, double v1, double n2, double m2, double v2,
                          double alpha, double *p_value)
{
    if (p_value)
        *p_value = NAN;
    if (!(n1 >= 2 && n2 >= 2 && v1 >= 0 && v2 >= 0) || !isfinite(m1) || !isfinite(m2) ||
        !(alpha > 0 && alpha < 1))
        return undefined;
    double d = m1 - m2;
    double e1 = v1 / n1, e2 = v2 / n2, se2 = e1 + e2;
    if (!(se2 > 0)) {
        lk_interval r = {d, NAN, NAN};
        return r;
    }
    double df = se2 * se2 / (e1 * e1 / (n1 - 1) + e2 * e2 / (n2 - 1));
    double se = sqrt(se2);
    if (p_value)
        *p_value = 2 * gsl_cdf_tdist_Q(fabs(d) / se, df);
    double half = gsl_cdf_tdist_Qinv(alpha / 2, df) * se;
    lk_interval r = {d, d - half, d + half};
    return r;
}

lk_interval lk_mean_ratio_lift(double n1, double m1, double v1, double n2, double m2, double v2,
                               double alpha)
{
    double z = z_crit(alpha);
    if (!(n1 > 0 && n2 > 0 && v1 >= 0 && v2 >= 0) || !isfinite(m1) || !(m2 != 0) ||
        !isfinite(m2) || isnan(z))
        return undefined;
    double m22 = m2 * m2;
    double se = sqrt(v1 / (n1 * m22) + v2 * m1 * m1 / (n2 * m22 * m22));
    double est = m1 / m2 - 1;
    lk_interval r = {est, est - z * se, est + z * se};
    return r;
}

/* ---- power ---- */

static int valid_rate(double p)
{
    return p > 0 && p < 1;
}

/*
 * The two parts of the power formula: power = Phi((|p2 - p1| sqrt(n1) - a) / b)
 * with a = z(1-alpha/2) sqrt(pbar qbar (1 + 1/r)) and b = sqrt(p1 q1 + p2 q2 / r).
 */
static void power_terms(double p1, double p2, double alpha, double ratio, double *a, double *b)
{
    double pbar = (p1 + ratio * p2) / (1 + ratio);
    *a = z_crit(alpha) * sqrt(pbar * (1 - pbar) * (1 + 1 / ratio));
    *b = sqrt(p1 * (1 - p1) + p2 * (1 - p2) / ratio);
}

static int valid_design(double p1, double alpha, double ratio)
{
    return valid_rate(p1) && alpha > 0 && alpha < 1 && ratio > 0 && isfinite(ratio);
}

double lk_power(double p1, double p2, double n1, double alpha, double ratio)
{
    if (!valid_design(p1, alpha, ratio) || !(p2 >= 0 && p2 <= 1) || !(n1 >= 0))
        return NAN;
    double a, b;
    power_terms(p1, p2, alpha, ratio, &a, &b);
    return gsl_cdf_ugaussian_P((fabs(p2 - p1) * sqrt(n1) - a) / b);
}

/*
 * The formula is explicit in sqrt(n1), so the sample size solves exactly:
 * sqrt(n1) = (a + z(power) b) / |p2 - p1|.  No iteration, hence no solver
 * tolerance to disturb the rounding up to whole customers.
 */
double lk_power_n(double p1, double p2, double alpha, double power, double ratio)
{
    if (!valid_design(p1, alpha, ratio) || !valid_rate(p2) || p1 == p2 ||
        !(power > 0 && power < 1))
        return NAN;
    double a, b;
    power_terms(p1, p2, alpha, ratio, &a, &b);
    double root = (a + gsl_cdf_ugaussian_Pinv(power) * b) / fabs(p2 - p1);
    return root > 0 ? root * root : 0;
}

typedef struct mde_problem {
    double p1, n1, alpha, ratio, power;
} mde_problem;

static double mde_gap(double p2, void *ctx)
{
    const mde_problem *m = ctx;
    return lk_power(m->p1, p2, m->n1, m->alpha, m->ratio) - m->power;
}

static double brent(gsl_function *f, double lo, double hi)
{
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    double root = NAN;
    if (!s || gsl_root_fsolver_set(s, f, lo, hi) != GSL_SUCCESS) {
        gsl_root_fsolver_free(s);
        return NAN;
    }
    for (int i = 0; i < 200; i++) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
            break;
        lo = gsl_root_fsolver_x_lower(s);
        hi = gsl_root_fsolver_x_upper(s);
        if (gsl_root_test_interval(lo, hi, 1e-14, 1e-12) == GSL_SUCCESS) {
            root = gsl_root_fsolver_root(s);
            break;
        }
    }
    gsl_root_fsolver_free(s);
    return root;
}

/*
 * Scan (p1, 1] on a grid for the first rate whose power reaches the target,
 * then let Brent's method pin it down inside that grid cell: the smallest
 * detectable rate even if power were not monotone in p2.
 */
double lk_power_mde(double p1, double n1, double alpha, double power, double ratio)
{
    if (!valid_design(p1, alpha, ratio) || !(n1 > 0) || !isfinite(n1) ||
        !(power > 0 && power < 1))
        return NAN;
    mde_problem m = {p1, n1, alpha, ratio, power};
    gsl_function f = {mde_gap, &m};
    const int cells = 400;
    double lo = p1;
    if (mde_gap(lo, &m) >= 0)
        return NAN;
    for (int i = 1; i <= cells; i++) {
        double hi = p1 + (1 - p1) * i / cells;
        if (mde_gap(hi, &m) >= 0) {
            gsl_error_handler_t *old = gsl_set_error_handler_off();
            double root = brent(&f, lo, hi);
            gsl_set_error_handler(old);
            return root;
        }
        lo = hi;
    }
    return NAN;
}
