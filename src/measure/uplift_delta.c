/*
 * uplift_delta.c - the delta-method comparison of two rankings, and the
 * choice between it and the bootstrap (docs/methods.md, "Comparing two
 * scores").
 *
 * The statistic is the one the bootstrap resamples: with unit i weighted
 * by w_i, D(w) = coefficient(a ranking, w) - coefficient(b ranking, w),
 * each coefficient (A - L) / (P - L) with A the model curve's trapezoid
 * area, L the random line's and P the perfect ordering's.  Its influence
 * values U_i = dD/dw_i at w = 1 are exact derivatives:
 *  - a unit in tie block beta moves every cumulative count from beta on,
 *    so dA/dw_i = (f_beta + f_{beta-1}) / 2 + H_beta . e_i, with e_i the
 *    unit's direction in (nt, yt, nc, yc) and H_beta a suffix sum over the
 *    blocks of the curve's gradient times the half-widths around it;
 *  - L = N f(totals) / 2 and P depend on the totals only: P's gradient is
 *    carried through the perfect block sequence (whose counts are linear
 *    in the totals) by the chain rule.
 * Units of one group in one block share a value, so a ranking costs one
 * pass forward (the areas) and one backward (the values), no sort.  A
 * rate over no units is 0 as in the curves; no derivative is ever taken
 * where a unit's own group is empty, since a unit counts in its own block.
 *
 * The variance is the infinitesimal jackknife's for the bootstrap's two
 * samples: a draw's weights are multinomial within each group, so the
 * linear part sum_i U_i (w_i - 1) has variance sum over groups g of
 * sum_{i in g} (U_i - mean_g U)^2, no n/(n-1).  Units a ranking leaves
 * unscored have U = 0 in it and still count in their group.  Qini and AUUC
 * run on two threads, each over one array of a double per unit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "liftkit/uplift.h"

#include "measure/uplift_private.h"
#include "util/grow.h"
#include "util/pair.h"

enum { NT, YT, NC, YC };

/* A curve's value at cumulative counts c and its gradient g in (nt, yt, nc, yc). */
typedef double (*curve_grad)(const counts *c, double g[4]);

static double qini_grad(const counts *c, double g[4])
{
    if (!(c->nc > 0)) {
        g[NT] = g[NC] = g[YC] = 0;
        g[YT] = 1;
        return c->yt;
    }
    g[NT] = -c->yc / c->nc;
    g[YT] = 1;
    g[NC] = c->yc * c->nt / (c->nc * c->nc);
    g[YC] = -c->nt / c->nc;
    return c->yt - c->yc * c->nt / c->nc;
}

static double uplift_grad(const counts *c, double g[4])
{
    double rt = c->nt > 0 ? c->yt / c->nt : 0.0, rc = c->nc > 0 ? c->yc / c->nc : 0.0;
    double k = c->nt + c->nc, d = rt - rc;
    g[NT] = d - (c->nt > 0 ? k * rt / c->nt : 0.0);
    g[YT] = c->nt > 0 ? k / c->nt : 0.0;
    g[NC] = d + (c->nc > 0 ? k * rc / c->nc : 0.0);
    g[YC] = c->nc > 0 ? -k / c->nc : 0.0;
    return d * k;
}

/*
 * A perfect ordering's blocks as linear maps of the totals: block b's
 * count m is sum_j map[b][m][j] * total_j.
 */
typedef double block_map[4][4];

/* Area under curve f of the blocks, and its gradient in the totals t. */
static double mapped_area(const counts *t, const block_map *map, size_t nb, curve_grad f,
                          double grad[4])
{
    double tv[4] = {t->nt, t->yt, t->nc, t->yc};
    double cum[4] = {0}, dcum[4][4] = {{0}};
    double k0 = 0, f0 = 0, dk0[4] = {0}, df0[4] = {0}, area = 0;
    memset(grad, 0, 4 * sizeof(*grad));
    for (size_t b = 0; b < nb; b++) {
        for (int m = 0; m < 4; m++)
            for (int j = 0; j < 4; j++) {
                cum[m] += map[b][m][j] * tv[j];
                dcum[m][j] += map[b][m][j];
            }
        counts c = {cum[NT], cum[YT], cum[NC], cum[YC]};
        double g[4], k = cum[NT] + cum[NC], v = f(&c, g), dk[4], df[4];
        for (int j = 0; j < 4; j++) {
            dk[j] = dcum[NT][j] + dcum[NC][j];
            df[j] = g[NT] * dcum[NT][j] + g[YT] * dcum[YT][j] + g[NC] * dcum[NC][j] +
                    g[YC] * dcum[YC][j];
            grad[j] += (dk[j] - dk0[j]) * (v + f0) / 2 + (k - k0) * (df[j] + df0[j]) / 2;
            dk0[j] = dk[j];
            df0[j] = df[j];
        }
        area += (k - k0) * (v + f0) / 2;
        k0 = k;
        f0 = v;
    }
    return area;
}

/* The perfect orderings of uplift.c (lk_uplift_areas_coefficients) as maps. */
static const block_map TREATED_RESP = {{0, 1, 0, 0}, {0, 1, 0, 0}, {0}, {0}};
static const block_map TREATED_NON = {{1, -1, 0, 0}, {0}, {0}, {0}};
static const block_map CONTROL_NON = {{0}, {0}, {0, 0, 1, -1}, {0}};
static const block_map CONTROL_RESP = {{0}, {0}, {0, 0, 0, 1}, {0, 0, 0, 1}};
static const block_map NON_RESP = {{1, -1, 0, 0}, {0}, {0, 0, 1, -1}, {0}};

static double perfect_area(const counts *t, int qini, double grad[4])
{
    block_map m[4];
    if (qini) {
        memcpy(m[0], TREATED_RESP, sizeof(block_map));
        memcpy(m[1], NON_RESP, sizeof(block_map));
        memcpy(m[2], CONTROL_RESP, sizeof(block_map));
        return mapped_area(t, m, 3, qini_grad, grad);
    }
    int cr_first = t->yc > t->nt - t->yt;
    memcpy(m[0], TREATED_RESP, sizeof(block_map));
    memcpy(m[1], CONTROL_NON, sizeof(block_map));
    memcpy(m[2], cr_first ? CONTROL_RESP : TREATED_NON, sizeof(block_map));
    memcpy(m[3], cr_first ? TREATED_NON : CONTROL_RESP, sizeof(block_map));
    return mapped_area(t, m, 4, uplift_grad, grad);
}

/* ---- one ranking ---- */

/* Block b's counts (the positions [from, block_end[b])). */
static counts block_counts(const lk_uplift_score *r, size_t from, size_t to)
{
    size_t n[4] = {0, 0, 0, 0};
    for (size_t i = from; i < to; i++)
        n[r->code[i]]++;
    return (counts){(double)(n[2] + n[3]), (double)n[3], (double)(n[0] + n[1]), (double)n[1]};
}

/*
 * What the backward pass of one ranking and curve needs: the totals, the
 * coefficient's denominator P - L, and the part of each unit's value that
 * does not depend on its block (c0 + K . e).
 */
typedef struct influence {
    curve_grad f;
    counts total;
    double den, c0, K[4];
} influence;

/* The forward pass: areas, the coefficient and the constants of its derivative. */
static void influence_setup(influence *in, const lk_uplift_score *r, int qini)
{
    in->f = qini ? qini_grad : uplift_grad;
    counts c = {0};
    double k0 = 0, f0 = 0, area = 0, g[4];
    size_t pos = 0;
    for (size_t b = 0; b < r->nblocks; b++) {
        counts blk = block_counts(r, pos, r->block_end[b]);
        pos = r->block_end[b];
        c.nt += blk.nt;
        c.yt += blk.yt;
        c.nc += blk.nc;
        c.yc += blk.yc;
        double k = c.nt + c.nc, v = in->f(&c, g);
        area += (k - k0) * (v + f0) / 2;
        k0 = k;
        f0 = v;
    }
    in->total = c;
    double fb = in->f(&c, g), n = c.nt + c.nc, line = n * fb / 2, dp[4];
    double perfect = perfect_area(&c, qini, dp);
    in->den = perfect - line;
    double coef = in->den != 0 ? (area - line) / in->den : NAN;
    /* dcoef = (dA - dL - coef (dP - dL)) / den, dL = fb / 2 + n g . e / 2 */
    in->c0 = -(1 - coef) * fb / 2;
    for (int j = 0; j < 4; j++)
        in->K[j] = -(1 - coef) * n * g[j] / 2 - coef * dp[j];
}

/*
 * The backward pass: each ranked unit's derivative of the coefficient,
 * times sign, added to u[unit].
 */
static void influence_add(const influence *in, const lk_uplift_score *r, double sign, double *u)
{
    counts c = in->total;
    double g[4], h[4] = {0, 0, 0, 0}, dk_next = 0;
    for (size_t b = r->nblocks; b-- > 0;) {
        size_t from = b ? r->block_end[b - 1] : 0, to = r->block_end[b];
        counts blk = block_counts(r, from, to);
        double dk = blk.nt + blk.nc;
        double fv = in->f(&c, g);
        for (int j = 0; j < 4; j++)
            h[j] += g[j] * (dk + dk_next) / 2;
        counts prev = {c.nt - blk.nt, c.yt - blk.yt, c.nc - blk.nc, c.yc - blk.yc};
        double gp[4], fp = b ? in->f(&prev, gp) : 0.0;
        double base = (fv + fp) / 2 + in->c0, v[4];
        for (int code = 0; code < 4; code++) {
            int t = code >> 1, y = code & 1;
            double e = t ? h[NT] + in->K[NT] + y * (h[YT] + in->K[YT])
                         : h[NC] + in->K[NC] + y * (h[YC] + in->K[YC]);
            v[code] = sign * (base + e) / in->den;
        }
        for (size_t pos = from; pos < to; pos++)
            u[r->order[pos]] += v[r->code[pos]];
        dk_next = dk;
        c = prev;
    }
}

/* ---- the comparison ---- */

/* sum over groups of the squared deviations of u from its group's mean */
static double group_variance(const lk_uplift_sample *s, const double *u)
{
    double sum[2] = {0, 0}, n[2] = {0, 0}, ss = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->group[i] != LK_UPLIFT_OUT) {
            sum[s->group[i]] += u[i];
            n[s->group[i]] += 1;
        }
    double mean[2] = {n[0] > 0 ? sum[0] / n[0] : 0, n[1] > 0 ? sum[1] / n[1] : 0};
    for (size_t i = 0; i < s->n; i++)
        if (s->group[i] != LK_UPLIFT_OUT) {
            double d = u[i] - mean[s->group[i]];
            ss += d * d;
        }
    return ss;
}

/* One curve's standard error of D, on its own thread. */
typedef struct delta_job {
    const lk_uplift_sample *s;
    const lk_uplift_score *a, *b;
    int qini;
    double se;
    int failed;
} delta_job;

static void *delta_run(void *arg)
{
    delta_job *j = arg;
    double *u = lk_alloc_big(j->s->n, sizeof(*u), 1);
    if (!u) {
        j->failed = 1;
        return NULL;
    }
    influence ia, ib;
    influence_setup(&ia, j->a, j->qini);
    influence_setup(&ib, j->b, j->qini);
    influence_add(&ia, j->a, 1, u);
    influence_add(&ib, j->b, -1, u);
    j->se = sqrt(group_variance(j->s, u));
    free(u);
    return NULL;
}

int lk_uplift_compare_delta(lk_uplift_comparison *c, const lk_uplift_sample *s,
                            const lk_uplift_score *a, const lk_uplift_score *b,
                            double alpha, lk_error *err)
{
    memset(c, 0, sizeof(*c));
    c->method = LK_UPLIFT_DELTA;
    c->better = "";
    c->score = strdup(a->name);
    c->vs = strdup(b->name);
    delta_job jobs[2] = {{s, a, b, 1, NAN, 0}, {s, a, b, 0, NAN, 0}};
    if (c->score && c->vs)
        lk_run_pair(delta_run, &jobs[0], &jobs[1]);
    if (!c->score || !c->vs || jobs[0].failed || jobs[1].failed) {
        lk_uplift_comparison_release(c);
        return lk_error_nomem(err);
    }
    double z = gsl_cdf_ugaussian_Qinv(alpha / 2);
    c->qini_diff = a->qini_coefficient - b->qini_coefficient;
    c->auuc_diff = a->auuc - b->auuc;
    c->qini_se = jobs[0].se;
    c->auuc_se = jobs[1].se;
    c->qini_lo = c->qini_diff - z * c->qini_se;
    c->qini_hi = c->qini_diff + z * c->qini_se;
    c->auuc_lo = c->auuc_diff - z * c->auuc_se;
    c->auuc_hi = c->auuc_diff + z * c->auuc_se;
    c->better = c->qini_lo > 0 ? c->score : c->qini_hi < 0 ? c->vs : "";
    return LK_OK;
}

/* ---- the choice ---- */

int lk_uplift_method_from_name(const char *name)
{
    static const char *const names[] = {"auto", "bootstrap", "delta"};
    for (int m = 0; m < 3; m++)
        if (!strcmp(name, names[m]))
            return m;
    return -1;
}

lk_uplift_method lk_uplift_method_chosen(const lk_uplift_options *opt,
                                         const lk_uplift_score *a, const lk_uplift_score *b,
                                         double limit)
{
    if (opt->method != LK_UPLIFT_AUTO)
        return opt->method;
    size_t scored = a->norder > b->norder ? a->norder : b->norder;
    return (double)scored * (double)opt->resamples <= limit ? LK_UPLIFT_BOOTSTRAP
                                                             : LK_UPLIFT_DELTA;
}

int lk_uplift_compare_method(lk_uplift_comparison *c, const lk_uplift_sample *s,
                             const lk_uplift_score *a, const lk_uplift_score *b,
                             const lk_uplift_options *opt, double alpha, double limit,
                             lk_error *err)
{
    if (lk_uplift_method_chosen(opt, a, b, limit) == LK_UPLIFT_DELTA) {
        int rc = lk_uplift_compare_delta(c, s, a, b, alpha, err);
        if (rc == LK_OK)
            c->seed = opt->seed;
        return rc;
    }
    return lk_uplift_compare_opt(c, s, a, b, opt, alpha, err);
}
