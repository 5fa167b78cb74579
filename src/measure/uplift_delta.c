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
 * pass backward (the values), no sort: its area is the coefficient its
 * curve gave (uplift.c), and only its totals are counted first.  A rate
 * over no units is 0 as in the curves; no derivative is ever taken where
 * a unit's own group is empty, since a unit counts in its own block.
 *
 * The variance is the infinitesimal jackknife's for the bootstrap's two
 * samples: a draw's weights are multinomial within each group, so the
 * linear part sum_i U_i (w_i - 1) has variance sum over groups g of
 * sum_{i in g} (U_i - mean_g U)^2, no n/(n-1).  Units a ranking leaves
 * unscored have U = 0 in it and still count in their group.  The backward
 * passes add both coefficients' values to one array of two doubles per
 * unit, a at random places in memory and then b, so they go one after the
 * other.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "liftkit/uplift.h"

#include "measure/uplift_private.h"
#include "util/grow.h"
#include "util/prefetch.h"

enum { NT, YT, NC, YC };

/*
 * The backward pass adds to u in the ranking's order, at random in memory:
 * the value of the unit AHEAD positions on is fetched meanwhile (as the
 * bootstrap's passes do, uplift_boot.c).
 */
#define AHEAD 256

/* A curve's value at cumulative counts c and its gradient g in (nt, yt, nc, yc). */
typedef double (*curve_grad)(const counts *c, double g[4]);

/* The values are uplift.c's; a rate over no units is the constant 0. */
static double qini_grad(const counts *c, double g[4])
{
    int some = c->nc > 0;
    g[NT] = some ? -c->yc / c->nc : 0;
    g[YT] = 1;
    g[NC] = some ? c->yc * c->nt / (c->nc * c->nc) : 0;
    g[YC] = some ? -c->nt / c->nc : 0;
    return lk_uplift_qini_value(c);
}

static double uplift_grad(const counts *c, double g[4])
{
    double rt, rc, k = c->nt + c->nc;
    lk_uplift_rates(c, &rt, &rc);
    g[NT] = rt - rc - (c->nt > 0 ? k * rt / c->nt : 0.0);
    g[YT] = c->nt > 0 ? k / c->nt : 0.0;
    g[NC] = rt - rc + (c->nc > 0 ? k * rc / c->nc : 0.0);
    g[YC] = c->nc > 0 ? -k / c->nc : 0.0;
    return lk_uplift_uplift_value(c);
}

/* Area under curve f of the blocks map[0..nb), and its gradient in the totals t. */
static double mapped_area(const counts *t, const lk_uplift_block_map *const *map, size_t nb,
                          curve_grad f, double grad[4])
{
    double tv[4] = {t->nt, t->yt, t->nc, t->yc};
    double cum[4] = {0}, dcum[4][4] = {{0}};
    double k0 = 0, f0 = 0, dk0[4] = {0}, df0[4] = {0}, area = 0;
    memset(grad, 0, 4 * sizeof(*grad));
    for (size_t b = 0; b < nb; b++) {
        for (int m = 0; m < 4; m++)
            for (int j = 0; j < 4; j++) {
                cum[m] += (*map[b])[m][j] * tv[j];
                dcum[m][j] += (*map[b])[m][j];
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

/* The perfect ordering's area (uplift.c's blocks) and its gradient in the totals t. */
static double perfect_area(const counts *t, int qini, double grad[4])
{
    const lk_uplift_block_map *map[4];
    size_t nb = lk_uplift_perfect_blocks(t, qini, map);
    return mapped_area(t, map, nb, qini ? qini_grad : uplift_grad, grad);
}

/* ---- one ranking ---- */

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

/*
 * The constants of the coefficient's derivative, from the ranking's totals
 * c and the coefficient its curve gave (uplift.c).
 */
static void influence_setup(influence *in, const lk_uplift_score *r, const counts *c, int qini)
{
    in->f = qini ? qini_grad : uplift_grad;
    in->total = *c;
    double g[4], fb = in->f(c, g), n = c->nt + c->nc, line = n * fb / 2, dp[4];
    in->den = perfect_area(c, qini, dp) - line;
    double coef = qini ? r->qini_coefficient : r->auuc;
    /* dcoef = (dA - dL - coef (dP - dL)) / den, dL = fb / 2 + n g . e / 2 */
    in->c0 = -(1 - coef) * fb / 2;
    for (int j = 0; j < 4; j++)
        in->K[j] = -(1 - coef) * n * g[j] / 2 - coef * dp[j];
}

/* One curve's running state in the backward pass: H and f, grad f at the block's end. */
typedef struct backward {
    double h[4], f, g[4];
} backward;

/*
 * Move bw from the end of a block to prev, the counts before it (dkw the
 * block's units plus the next block's), setting v[code] to sign times the
 * derivative of the coefficient in the weight of a unit of that code in
 * the block.
 */
static void backward_block(backward *bw, const influence *in, const counts *prev, double dkw,
                           double sign, double v[4])
{
    for (int j = 0; j < 4; j++)
        bw->h[j] += bw->g[j] * dkw / 2;
    double fp = in->f(prev, bw->g); /* 0 before the first block: no units */
    double base = (bw->f + fp) / 2 + in->c0;
    for (int code = 0; code < 4; code++) {
        int t = code >> 1, y = code & 1;
        double e = t ? bw->h[NT] + in->K[NT] + y * (bw->h[YT] + in->K[YT])
                     : bw->h[NC] + in->K[NC] + y * (bw->h[YC] + in->K[YC]);
        v[code] = sign * (base + e) / in->den;
    }
    bw->f = fp;
}

/*
 * The backward pass of ranking r, in[0] its Qini and in[1] its AUUC: each
 * ranked unit's derivatives of the two coefficients, times sign, added to
 * uv[2 unit] and uv[2 unit + 1].
 */
static void influence_add(const influence in[2], const lk_uplift_score *r, double sign,
                          double *uv)
{
    counts c = in[0].total;
    backward bw[2] = {{{0}, 0, {0}}, {{0}, 0, {0}}};
    for (int k = 0; k < 2; k++)
        bw[k].f = in[k].f(&c, bw[k].g);
    double dk_next = 0;
    for (size_t b = r->nblocks; b-- > 0;) {
        size_t from = b ? r->block_end[b - 1] : 0, to = r->block_end[b];
        counts blk = {0};
        lk_uplift_add_positions(&blk, r, from, to);
        double dk = blk.nt + blk.nc, v[2][4];
        counts prev = {c.nt - blk.nt, c.yt - blk.yt, c.nc - blk.nc, c.yc - blk.yc};
        for (int k = 0; k < 2; k++)
            backward_block(&bw[k], &in[k], &prev, dk + dk_next, sign, v[k]);
        for (size_t pos = to; pos-- > from;) {
            LK_PREFETCH_WRITE(uv + 2 * (size_t)r->order[pos >= AHEAD ? pos - AHEAD : 0]);
            double *p = uv + 2 * (size_t)r->order[pos];
            p[0] += v[0][r->code[pos]];
            p[1] += v[1][r->code[pos]];
        }
        dk_next = dk;
        c = prev;
    }
}

/* ---- the comparison ---- */

/*
 * se[k], k = 0 (Qini), 1 (AUUC): the square root of the sum over groups of
 * the squared deviations of uv[2 i + k] from its group's mean.
 */
static void group_se(const lk_uplift_sample *s, const double *uv, double se[2])
{
    double sum[2][2] = {{0, 0}, {0, 0}}, n[2] = {0, 0}, ss[2] = {0, 0};
    for (size_t i = 0; i < s->n; i++) {
        unsigned g = s->group[i];
        if (g != LK_UPLIFT_OUT) {
            sum[g][0] += uv[2 * i];
            sum[g][1] += uv[2 * i + 1];
            n[g] += 1;
        }
    }
    double mean[2][2];
    for (int g = 0; g < 2; g++)
        for (int k = 0; k < 2; k++)
            mean[g][k] = n[g] > 0 ? sum[g][k] / n[g] : 0;
    for (size_t i = 0; i < s->n; i++) {
        unsigned g = s->group[i];
        if (g != LK_UPLIFT_OUT)
            for (int k = 0; k < 2; k++) {
                double d = uv[2 * i + k] - mean[g][k];
                ss[k] += d * d;
            }
    }
    se[0] = sqrt(ss[0]);
    se[1] = sqrt(ss[1]);
}

/* Ranking r's Qini (in[0]) and AUUC (in[1]) derivative constants. */
static void ranking_setup(influence in[2], const lk_uplift_score *r)
{
    counts total = {0};
    lk_uplift_add_positions(&total, r, 0, r->norder);
    influence_setup(&in[0], r, &total, 1);
    influence_setup(&in[1], r, &total, 0);
}

/* se[0], se[1] of D's Qini and AUUC differences; -1 when out of memory. */
static int delta_se(const lk_uplift_sample *s, const lk_uplift_score *a,
                    const lk_uplift_score *b, double se[2])
{
    double *uv = lk_alloc_big(s->n, 2 * sizeof(*uv), 1);
    if (!uv)
        return -1;
    influence ia[2], ib[2];
    ranking_setup(ia, a);
    ranking_setup(ib, b);
    influence_add(ia, a, 1, uv);
    influence_add(ib, b, -1, uv);
    group_se(s, uv, se);
    free(uv);
    return 0;
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
    double se[2];
    if (!c->score || !c->vs || delta_se(s, a, b, se) != 0) {
        lk_uplift_comparison_release(c);
        return lk_error_nomem(err);
    }
    double z = gsl_cdf_ugaussian_Qinv(alpha / 2);
    c->qini_diff = a->qini_coefficient - b->qini_coefficient;
    c->auuc_diff = a->auuc - b->auuc;
    c->qini_se = se[0];
    c->auuc_se = se[1];
    c->qini_lo = c->qini_diff - z * c->qini_se;
    c->qini_hi = c->qini_diff + z * c->qini_se;
    c->auuc_lo = c->auuc_diff - z * c->auuc_se;
    c->auuc_hi = c->auuc_diff + z * c->auuc_se;
    c->better = lk_uplift_better(c);
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
