/*
 * uplift.c - Qini and uplift curves, their normalized areas, deciles and
 * the paired bootstrap comparison of two rankings (docs/methods.md, "Uplift").
 *
 * Everything runs on counts accumulated along a ranking cut into tie
 * blocks: a block adds (N_T, Y_T, N_C, Y_C) and the curves get one point
 * at its end.  The perfect orderings are such block sequences too, built
 * from the four totals alone (scikit-uplift's definitions):
 *  - perfect Qini (qini_auc_score, negative_effect=True): ranks by
 *    y*t - y*(1-t), i.e. treated responders, then every non-responder
 *    (treated and control tie), then control responders;
 *  - perfect uplift (uplift_auc_score): ranks by 2*(y == t) + s with
 *    s = y if control responders outnumber treated non-responders, else
 *    s = t, i.e. treated responders, control non-responders, then control
 *    responders before treated non-responders in the first case and after
 *    them in the second.
 * So a bootstrap draw costs one pass over the ranking, no sort.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_heapsort.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_sort_uint.h>
#include <gsl/gsl_sort_ulong.h>
#include <gsl/gsl_statistics_double.h>

#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/units.h"
#include "liftkit/uplift.h"

#include "util/grow.h"

/* Counts so far: treated units, treated responders, control units, control responders. */
typedef struct counts {
    double nt, yt, nc, yc;
} counts;

static double qini_value(const counts *c)
{
    return c->yt - (c->nc > 0 ? c->yc * c->nt / c->nc : 0.0);
}

static double uplift_value(const counts *c)
{
    double rt = c->nt > 0 ? c->yt / c->nt : 0.0;
    double rc = c->nc > 0 ? c->yc / c->nc : 0.0;
    return (rt - rc) * (c->nt + c->nc);
}

/* Running trapezoid areas of both curves along a block sequence. */
typedef struct areas {
    counts c;
    double k, q, u;        /* last point */
    double aq, au;         /* areas so far */
} areas;

static void areas_add(areas *a, const counts *block)
{
    a->c.nt += block->nt;
    a->c.yt += block->yt;
    a->c.nc += block->nc;
    a->c.yc += block->yc;
    double k = a->c.nt + a->c.nc, q = qini_value(&a->c), u = uplift_value(&a->c);
    a->aq += (k - a->k) * (q + a->q) / 2;
    a->au += (k - a->k) * (u + a->u) / 2;
    a->k = k;
    a->q = q;
    a->u = u;
}

static double normalized(double model, double perfect, double line)
{
    double den = perfect - line;
    return den != 0 ? (model - line) / den : NAN;
}

/*
 * Turn the model's areas (ending at the totals) into the two coefficients,
 * building the perfect block sequences from the totals.
 */
static void coefficients(const areas *model, double *qini, double *auuc)
{
    const counts *t = &model->c;
    counts tr = {t->yt, t->yt, 0, 0}, tn = {t->nt - t->yt, 0, 0, 0};
    counts cn = {0, 0, t->nc - t->yc, 0}, cr = {0, 0, t->yc, t->yc};
    counts nonresp = {tn.nt, 0, cn.nc, 0};

    areas pq = {0};
    areas_add(&pq, &tr);
    areas_add(&pq, &nonresp);
    areas_add(&pq, &cr);

    areas pu = {0};
    areas_add(&pu, &tr);
    areas_add(&pu, &cn);
    if (cr.nc > tn.nt) {
        areas_add(&pu, &cr);
        areas_add(&pu, &tn);
    } else {
        areas_add(&pu, &tn);
        areas_add(&pu, &cr);
    }

    double n = model->k;
    *qini = normalized(model->aq, pq.aq, n * model->q / 2);
    *auuc = normalized(model->au, pu.au, n * model->u / 2);
}

/* ---- ranking ---- */

typedef struct tie_item {
    const char *id;
    uint32_t unit;
} tie_item;

static int tie_cmp(const void *a, const void *b)
{
    const tie_item *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->unit > y->unit) - (x->unit < y->unit);
}

static int index_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Put order[lo..hi) (equal scores) in unit id order. */
static int order_ties(uint32_t *order, size_t lo, size_t hi, char *const *ids,
                      tie_item **scratch, size_t *cap)
{
    size_t m = hi - lo;
    if (!ids) {
        gsl_heapsort(order + lo, m, sizeof(*order), index_cmp);
        return 0;
    }
    if (m > *cap) {
        tie_item *p = realloc(*scratch, m * sizeof(*p));
        if (!p)
            return -1;
        *scratch = p;
        *cap = m;
    }
    for (size_t i = 0; i < m; i++)
        (*scratch)[i] = (tie_item){ids[order[lo + i]], order[lo + i]};
    gsl_heapsort(*scratch, m, sizeof(**scratch), tie_cmp);
    for (size_t i = 0; i < m; i++)
        order[lo + i] = (*scratch)[i].unit;
    return 0;
}

/* Is position cut (units before it are "the first cut") strictly inside [lo, hi)? */
static int splits(size_t cut, size_t lo, size_t hi)
{
    return lo < cut && cut < hi;
}

/*
 * Only the deciles and the top-k cuts see the order inside a tie block,
 * and only where a cut falls inside the block; curves and coefficients
 * never do.  So only those blocks (at most 11) are put in id order.
 */
static int order_cut_blocks(lk_uplift_score *r, char *const *ids)
{
    size_t m = r->norder, cuts[LK_UPLIFT_DECILES + 2], ncuts = 0, pos = 0;
    for (size_t d = 0; d + 1 < LK_UPLIFT_DECILES; d++) {
        pos += m / LK_UPLIFT_DECILES + (d < m % LK_UPLIFT_DECILES ? 1 : 0);
        cuts[ncuts++] = pos;
    }
    cuts[ncuts++] = m * 10 / 100;
    cuts[ncuts++] = m * 30 / 100;
    tie_item *scratch = NULL;
    size_t cap = 0, lo = 0;
    int rc = 0;
    for (size_t b = 0; b < r->nblocks && !rc; b++) {
        size_t hi = r->block_end[b];
        int split = 0;
        for (size_t c = 0; c < ncuts; c++)
            split |= splits(cuts[c], lo, hi);
        if (split)
            rc = order_ties(r->order, lo, hi, ids, &scratch, &cap);
        lo = hi;
    }
    free(scratch);
    return rc;
}

/*
 * A 32-bit key that orders as the score descending: the float nearest the
 * score (rounding keeps order, though it may merge two close doubles),
 * its bits turned so that unsigned order is float order, then inverted.
 */
static uint32_t descending_key(double score)
{
    float f = (float)score;
    uint32_t b;
    memcpy(&b, &f, sizeof(b));
    b = (b & 0x80000000u) ? ~b : b | 0x80000000u;
    return ~b;
}

/*
 * Sort by packed keys: each unit's descending_key above its number, one
 * 64-bit integer (half the memory of a key array and a unit array, and
 * integer comparisons), with GSL's sort.  0 when no two different scores
 * share a float, so that the order is the scores' exact order; -1 when
 * some do (then the caller sorts the doubles themselves).
 */
static int rank_packed(uint32_t *order, size_t m, const lk_uplift_sample *s,
                       const double *score)
{
    unsigned long *k = lk_alloc_big(m, sizeof(*k), 0);
    if (!k)
        return -1;
    size_t j = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->group[i] != LK_UPLIFT_OUT && !isnan(score[i]))
            k[j++] = (unsigned long)descending_key(score[i]) << 32 | (unsigned long)i;
    gsl_sort_ulong(k, 1, m);
    int rc = 0;
    for (j = 0; j < m; j++) {
        order[j] = (uint32_t)k[j];
        if (j && k[j] >> 32 == k[j - 1] >> 32 && score[order[j]] != score[order[j - 1]])
            rc = -1;
    }
    free(k);
    return rc;
}

/*
 * The exact sort: the negated scores carrying the unit numbers along
 * (exact in a double), then equal scores by unit number.
 */
static int rank_doubles(uint32_t *order, size_t m, const lk_uplift_sample *s,
                        const double *score)
{
    double *key = lk_alloc_big(m, sizeof(*key), 0);
    double *unit = lk_alloc_big(m, sizeof(*unit), 0);
    if (!key || !unit) {
        free(key);
        free(unit);
        return -1;
    }
    size_t j = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->group[i] != LK_UPLIFT_OUT && !isnan(score[i])) {
            key[j] = -score[i];
            unit[j++] = (double)i;
        }
    gsl_sort2(key, 1, unit, 1, m);
    for (j = 0; j < m; j++)
        order[j] = (uint32_t)unit[j];
    /* equal scores by unit number, as rank_packed leaves them */
    for (size_t lo = 0; lo < m;) {
        size_t hi = lo + 1;
        while (hi < m && key[hi] == key[lo])
            hi++;
        if (hi - lo > 1)
            gsl_sort_uint(order + lo, 1, hi - lo);
        lo = hi;
    }
    free(key);
    free(unit);
    return 0;
}

/*
 * r->order: the scored units of the comparison by score descending, ties
 * by id where a cut splits them (order_cut_blocks); r->block_end: where
 * each run of equal scores ends.
 */
static int rank_units(lk_uplift_score *r, const lk_uplift_sample *s, const double *score)
{
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->group[i] == LK_UPLIFT_OUT)
            continue;
        if (isnan(score[i]))
            r->n_unscored++;
        else
            m++;
    }
    r->order = lk_alloc_big(m, sizeof(*r->order), 0);
    r->block_end = lk_alloc_big(m, sizeof(*r->block_end), 0);
    if (!r->order || !r->block_end)
        return -1;
    if (rank_packed(r->order, m, s, score) != 0 && rank_doubles(r->order, m, s, score) != 0)
        return -1;
    r->norder = m;
    const uint32_t *o = r->order;
    for (size_t lo = 0; lo < m;) {
        size_t hi = lo + 1;
        while (hi < m && score[o[hi]] == score[o[lo]])
            hi++;
        r->block_end[r->nblocks++] = (uint32_t)hi;
        lo = hi;
    }
    return order_cut_blocks(r, s->ids);
}

/* ---- one score ---- */

static void add_unit(counts *c, const lk_uplift_sample *s, uint32_t u, double w)
{
    if (s->group[u] == LK_UPLIFT_TREATED) {
        c->nt += w;
        c->yt += w * s->y[u];
    } else {
        c->nc += w;
        c->yc += w * s->y[u];
    }
}

static double rate_or_nan(double y, double n)
{
    return n > 0 ? y / n : NAN;
}

static void fill_decile(lk_uplift_decile *d, const counts *c, double z)
{
    d->n = (size_t)(c->nt + c->nc);
    d->n_treated = (size_t)c->nt;
    d->n_control = (size_t)c->nc;
    d->rate_treated = rate_or_nan(c->yt, c->nt);
    d->rate_control = rate_or_nan(c->yc, c->nc);
    d->uplift = d->rate_treated - d->rate_control;
    d->uplift_lo = d->uplift_hi = NAN;
    if (c->nt > 0 && c->nc > 0) {
        double pt = d->rate_treated, pc = d->rate_control;
        double se = sqrt(pt * (1 - pt) / c->nt + pc * (1 - pc) / c->nc);
        d->uplift_lo = d->uplift - z * se;
        d->uplift_hi = d->uplift + z * se;
    }
}

static void deciles(lk_uplift_score *r, const lk_uplift_sample *s, double z)
{
    size_t m = r->norder, pos = 0;
    for (size_t d = 0; d < LK_UPLIFT_DECILES; d++) {
        size_t size = m / LK_UPLIFT_DECILES + (d < m % LK_UPLIFT_DECILES ? 1 : 0);
        counts c = {0};
        for (size_t i = 0; i < size; i++)
            add_unit(&c, s, r->order[pos++], 1);
        fill_decile(&r->decile[d], &c, z);
    }
}

/* Treated minus control rate among the first floor(m * percent / 100) ranked units. */
static double uplift_top(const lk_uplift_score *r, const lk_uplift_sample *s, size_t percent)
{
    size_t k = r->norder * percent / 100;
    counts c = {0};
    for (size_t i = 0; i < k; i++)
        add_unit(&c, s, r->order[i], 1);
    return rate_or_nan(c.yt, c.nt) - rate_or_nan(c.yc, c.nc);
}

static int curve(lk_uplift_score *r, const lk_uplift_sample *s)
{
    r->curve = malloc((r->nblocks + 1) * sizeof(*r->curve));
    if (!r->curve)
        return -1;
    r->curve[0] = (lk_uplift_point){0, 0, 0};
    r->npoints = 1;
    areas a = {0};
    size_t pos = 0;
    for (size_t b = 0; b < r->nblocks; b++) {
        counts block = {0};
        for (; pos < r->block_end[b]; pos++)
            add_unit(&block, s, r->order[pos], 1);
        areas_add(&a, &block);
        r->curve[r->npoints++] = (lk_uplift_point){a.k, a.q, a.u};
    }
    coefficients(&a, &r->qini_coefficient, &r->auuc);
    return 0;
}

int lk_uplift_score_compute(lk_uplift_score **out, const lk_uplift_sample *s,
                            const char *name, const double *score, double alpha,
                            lk_error *err)
{
    *out = NULL;
    lk_uplift_score *r = calloc(1, sizeof(*r));
    if (!r || !(r->name = strdup(name)) || rank_units(r, s, score) != 0 || curve(r, s) != 0) {
        lk_uplift_score_free(r);
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory ranking score '%s'", name);
    }
    for (size_t i = 0; i < r->norder; i++) {
        if (s->group[r->order[i]] == LK_UPLIFT_TREATED)
            r->n_treated++;
        else
            r->n_control++;
    }
    deciles(r, s, gsl_cdf_ugaussian_Qinv(alpha / 2));
    r->uplift_top10 = uplift_top(r, s, 10);
    r->uplift_top30 = uplift_top(r, s, 30);
    *out = r;
    return LK_OK;
}

void lk_uplift_score_free(lk_uplift_score *r)
{
    if (!r)
        return;
    free(r->name);
    free(r->curve);
    free(r->order);
    free(r->block_end);
    free(r);
}

/*
 * A ranking laid out for repeated weighted passes: per position the
 * unit's slot in the weight array and its code (treated << 1 | y), so a
 * pass reads two arrays in order and the weights by slot.
 */
typedef struct ranked {
    uint32_t *slot;
    uint8_t *code;
    const uint32_t *block_end;
    size_t nblocks;
} ranked;

static void ranked_release(ranked *rk)
{
    free(rk->slot);
    free(rk->code);
    rk->slot = NULL;
    rk->code = NULL;
}

/* slot_of[unit] gives the weight slot; NULL: the unit number itself. */
static int ranked_build(ranked *rk, const lk_uplift_sample *s, const lk_uplift_score *r,
                        const uint32_t *slot_of)
{
    size_t m = r->norder;
    rk->slot = lk_alloc_big(m, sizeof(*rk->slot), 0);
    rk->code = lk_alloc_big(m, 1, 0);
    rk->block_end = r->block_end;
    rk->nblocks = r->nblocks;
    if (!rk->slot || !rk->code) {
        ranked_release(rk);
        return -1;
    }
    for (size_t i = 0; i < m; i++) {
        uint32_t u = r->order[i];
        rk->slot[i] = slot_of ? slot_of[u] : u;
        rk->code[i] = (uint8_t)((s->group[u] == LK_UPLIFT_TREATED) << 1 | (s->y[u] != 0));
    }
    return 0;
}

static void ranked_coefficients(const ranked *rk, const uint32_t *w, double *qini,
                                double *auuc)
{
    areas a = {0};
    size_t pos = 0;
    for (size_t b = 0; b < rk->nblocks; b++) {
        uint64_t c[4] = {0, 0, 0, 0};
        for (; pos < rk->block_end[b]; pos++)
            c[rk->code[pos]] += w ? w[rk->slot[pos]] : 1;
        if (c[0] + c[1] + c[2] + c[3] == 0)
            continue;
        counts block = {(double)(c[2] + c[3]), (double)c[3], (double)(c[0] + c[1]),
                        (double)c[1]};
        areas_add(&a, &block);
    }
    coefficients(&a, qini, auuc);
}

void lk_uplift_coefficients(const lk_uplift_sample *s, const lk_uplift_score *r,
                            const uint32_t *w, double *qini, double *auuc)
{
    ranked rk;
    if (ranked_build(&rk, s, r, NULL) != 0) {
        *qini = *auuc = NAN;
        return;
    }
    ranked_coefficients(&rk, w, qini, auuc);
    ranked_release(&rk);
}

/* ---- bootstrap comparison ---- */

/*
 * Weight slots: treated units take 0..nt-1 and control units nt..nt+nc-1,
 * so a draw is nt uniform slots below nt and nc above, and the weights of
 * a draw sit in one small array.
 */
typedef struct boot {
    const ranked *a, *b;
    size_t nt, nc;
    unsigned long seed;
    double *dq, *du;            /* per draw, NaN when undefined */
} boot;

typedef struct boot_part {
    const boot *bt;
    size_t from, to;
    int failed;
} boot_part;

/* Draw r uses its own generator state, so the result is the same however
   the draws are split between threads. */
static void *boot_run(void *arg)
{
    boot_part *part = arg;
    const boot *bt = part->bt;
    size_t m = bt->nt + bt->nc;
    uint32_t *w = lk_alloc_big(m, sizeof(*w), 0);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!w || !rng) {
        part->failed = 1;
        free(w);
        gsl_rng_free(rng);
        return NULL;
    }
    for (size_t r = part->from; r < part->to; r++) {
        gsl_rng_set(rng, bt->seed * 1000003UL + r);
        memset(w, 0, m * sizeof(*w));
        for (size_t j = 0; j < bt->nt; j++)
            w[gsl_rng_uniform_int(rng, bt->nt)]++;
        for (size_t j = 0; j < bt->nc; j++)
            w[bt->nt + gsl_rng_uniform_int(rng, bt->nc)]++;
        double qa, ua, qb, ub;
        ranked_coefficients(bt->a, w, &qa, &ua);
        ranked_coefficients(bt->b, w, &qb, &ub);
        bt->dq[r] = qa - qb;
        bt->du[r] = ua - ub;
    }
    free(w);
    gsl_rng_free(rng);
    return NULL;
}

/* Run draws [0, resamples) on two threads (one if a thread cannot start). */
static int boot_all(const boot *bt, size_t resamples)
{
    boot_part parts[2] = {{bt, 0, resamples / 2, 0}, {bt, resamples / 2, resamples, 0}};
    pthread_t th;
    int threaded = resamples > 1 && pthread_create(&th, NULL, boot_run, &parts[1]) == 0;
    boot_run(&parts[0]);
    if (threaded)
        pthread_join(th, NULL);
    else
        boot_run(&parts[1]);
    return parts[0].failed || parts[1].failed ? -1 : 0;
}

/* Keep the draws where both differences are defined at the front; how many. */
static size_t defined(double *x, double *y, size_t k)
{
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        if (!isnan(x[i]) && !isnan(y[i])) {
            x[m] = x[i];
            y[m++] = y[i];
        }
    return m;
}

/* Percentile interval of x[0..k) (sorted here); NaN when empty. */
static void percentile(double *x, size_t k, double alpha, double *lo, double *hi)
{
    if (k == 0) {
        *lo = *hi = NAN;
        return;
    }
    gsl_sort(x, 1, k);
    *lo = gsl_stats_quantile_from_sorted_data(x, 1, k, alpha / 2);
    *hi = gsl_stats_quantile_from_sorted_data(x, 1, k, 1 - alpha / 2);
}

static const char *verdict(const lk_uplift_comparison *c)
{
    if (c->qini_lo > 0)
        return c->score;
    if (c->qini_hi < 0)
        return c->vs;
    return "";
}

/*
 * slot_of[unit]: treated units first, then control; *nt, *nc their counts.
 * Within each group slots follow ranking a (then the units a left
 * unscored), so a's pass reads the weights in two rising runs instead of
 * at random.
 */
static uint32_t *weight_slots(const lk_uplift_sample *s, const lk_uplift_score *a,
                              size_t *nt, size_t *nc)
{
    uint32_t *slot = lk_alloc_big(s->n, sizeof(*slot), 0);
    if (!slot)
        return NULL;
    *nt = 0;
    for (size_t i = 0; i < s->n; i++) {
        *nt += s->group[i] == LK_UPLIFT_TREATED;
        slot[i] = UINT32_MAX;
    }
    uint32_t next[2] = {(uint32_t)*nt, 0}; /* indexed by group: control, treated */
    for (size_t i = 0; i < a->norder; i++) {
        uint32_t u = a->order[i];
        slot[u] = next[s->group[u]]++;
    }
    for (size_t i = 0; i < s->n; i++)
        if (slot[i] == UINT32_MAX && s->group[i] != LK_UPLIFT_OUT)
            slot[i] = next[s->group[i]]++;
    *nc = next[LK_UPLIFT_CONTROL] - *nt;
    return slot;
}

int lk_uplift_compare(lk_uplift_comparison *c, const lk_uplift_sample *s,
                      const lk_uplift_score *a, const lk_uplift_score *b,
                      size_t resamples, unsigned long seed, double alpha, lk_error *err)
{
    memset(c, 0, sizeof(*c));
    c->seed = seed;
    c->better = "";
    c->score = strdup(a->name);
    c->vs = strdup(b->name);
    boot bt = {0};
    bt.seed = seed;
    ranked ra = {0}, rb = {0};
    uint32_t *slot = weight_slots(s, a, &bt.nt, &bt.nc);
    bt.dq = malloc((resamples ? resamples : 1) * sizeof(double));
    bt.du = malloc((resamples ? resamples : 1) * sizeof(double));
    int rc = LK_OK;
    if (!c->score || !c->vs || !slot || !bt.dq || !bt.du ||
        ranked_build(&ra, s, a, slot) != 0 || ranked_build(&rb, s, b, slot) != 0) {
        rc = lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory for the bootstrap");
        goto done;
    }
    bt.a = &ra;
    bt.b = &rb;
    double qa, ua, qb, ub;
    ranked_coefficients(&ra, NULL, &qa, &ua);
    ranked_coefficients(&rb, NULL, &qb, &ub);
    c->qini_diff = qa - qb;
    c->auuc_diff = ua - ub;
    if (boot_all(&bt, resamples) != 0) {
        rc = lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory for the bootstrap");
        goto done;
    }
    size_t k = defined(bt.dq, bt.du, resamples);
    c->resamples = k;
    percentile(bt.dq, k, alpha, &c->qini_lo, &c->qini_hi);
    percentile(bt.du, k, alpha, &c->auuc_lo, &c->auuc_hi);
    c->better = verdict(c);
done:
    ranked_release(&ra);
    ranked_release(&rb);
    free(slot);
    free(bt.dq);
    free(bt.du);
    if (rc != LK_OK)
        lk_uplift_comparison_release(c);
    return rc;
}

void lk_uplift_comparison_release(lk_uplift_comparison *c)
{
    free(c->score);
    free(c->vs);
    c->score = c->vs = NULL;
    c->better = "";
}

/* ---- from loaded units ---- */

int lk_uplift_check(const lk_experiment *exp, const lk_uplift_options *opt, int *arm,
                    int *metric, lk_error *err)
{
    if (exp->control < 0)
        return lk_error_set(err, LK_EUSAGE, exp->path, 0, 0,
                            "uplift needs a control arm, and the experiment has none");
    *arm = opt->arm ? lk_experiment_arm(exp, opt->arm) : exp->champion;
    if (*arm < 0)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "unknown arm '%s'", opt->arm);
    if (*arm == exp->control)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "arm '%s' is the control; choose a treated arm", opt->arm);
    const char *name = opt->metric ? opt->metric : "response_target";
    *metric = lk_metric_from_name(name);
    if (*metric < 0)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "unknown metric '%s'", name);
    if (!lk_metric_is_binary((lk_metric)*metric))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "metric '%s' is not a 0/1 response; uplift needs one", name);
    return LK_OK;
}

static int run_setup(lk_uplift_result *res, const lk_experiment *exp, const lk_units *u,
                     const lk_uplift_options *opt, lk_error *err)
{
    int arm, m;
    int rc = lk_uplift_check(exp, opt, &arm, &m, err);
    if (rc)
        return rc;
    if (u->nscores == 0)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "no score column given");

    res->arm = strdup(exp->arms[arm].name);
    res->control = strdup(exp->arms[exp->control].name);
    res->metric = strdup(lk_metric_name((lk_metric)m));
    res->group = lk_alloc_big(u->n, sizeof(*res->group), 0);
    res->y = lk_alloc_big(u->n, sizeof(*res->y), 0);
    res->scores = calloc(u->nscores, sizeof(*res->scores));
    res->comparisons = calloc(u->nscores, sizeof(*res->comparisons));
    if (!res->arm || !res->control || !res->metric || !res->group || !res->y ||
        !res->scores || !res->comparisons)
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < u->n; i++) {
        res->group[i] = u->arm[i] == arm ? LK_UPLIFT_TREATED
                        : u->arm[i] == exp->control ? LK_UPLIFT_CONTROL : LK_UPLIFT_OUT;
        res->y[i] = lk_units_metric(u, (lk_metric)m, i) > 0;
    }
    res->sample = (lk_uplift_sample){u->n, res->group, res->y, u->id};
    res->srm_p = lk_units_srm_p(u, exp);
    res->untrustworthy = res->srm_p < LK_SRM_THRESHOLD;
    return LK_OK;
}

/* One score's computation, run on its own thread. */
typedef struct score_job {
    const lk_uplift_result *res;
    const lk_units *u;
    size_t first, step;
    double alpha;
    int rc;
    lk_error err;
} score_job;

static void *score_jobs(void *arg)
{
    score_job *j = arg;
    for (size_t s = j->first; s < j->u->nscores && !j->rc; s += j->step)
        j->rc = lk_uplift_score_compute(&j->res->scores[s], &j->res->sample,
                                        j->u->score_names[s], j->u->score[s], j->alpha,
                                        &j->err);
    return NULL;
}

/* Rank the scores two at a time: each is independent of the others. */
static int compute_scores(lk_uplift_result *res, const lk_units *u, double alpha,
                          lk_error *err)
{
    score_job jobs[2] = {{res, u, 0, 2, alpha, 0, {0}}, {res, u, 1, 2, alpha, 0, {0}}};
    pthread_t th;
    int threaded = u->nscores > 1 && pthread_create(&th, NULL, score_jobs, &jobs[1]) == 0;
    if (!threaded)
        jobs[0].step = 1;
    score_jobs(&jobs[0]);
    if (threaded)
        pthread_join(th, NULL);
    for (size_t s = 0; s < u->nscores; s++)
        if (res->scores[s])
            res->nscores = s + 1;
    for (int j = 0; j < 2; j++)
        if (jobs[j].rc) {
            *err = jobs[j].err;
            return jobs[j].rc;
        }
    return LK_OK;
}

int lk_uplift_run(lk_uplift_result **out, const lk_experiment *exp, const lk_units *u,
                  const lk_uplift_options *opt, lk_error *err)
{
    gsl_set_error_handler_off();
    *out = NULL;
    lk_uplift_result *res = calloc(1, sizeof(*res));
    if (!res)
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "out of memory");
    int rc = run_setup(res, exp, u, opt, err);
    if (rc == LK_OK)
        rc = compute_scores(res, u, exp->alpha, err);
    for (size_t s = 1; rc == LK_OK && opt->resamples > 0 && s < res->nscores; s++) {
        rc = lk_uplift_compare(&res->comparisons[s - 1], &res->sample, res->scores[s],
                               res->scores[0], opt->resamples, opt->seed, exp->alpha, err);
        if (rc == LK_OK)
            res->ncomparisons++;
    }
    if (rc != LK_OK) {
        lk_uplift_result_free(res);
        return rc;
    }
    *out = res;
    return LK_OK;
}

void lk_uplift_result_free(lk_uplift_result *r)
{
    if (!r)
        return;
    for (size_t s = 0; s < r->nscores; s++)
        lk_uplift_score_free(r->scores[s]);
    for (size_t c = 0; c < r->ncomparisons; c++)
        lk_uplift_comparison_release(&r->comparisons[c]);
    free(r->scores);
    free(r->comparisons);
    free(r->arm);
    free(r->control);
    free(r->metric);
    free(r->group);
    free(r->y);
    free(r);
}
