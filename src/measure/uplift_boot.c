/*
 * uplift_boot.c - the paired bootstrap comparison of two rankings.
 *
 * Each draw resamples the treated and the control units separately with
 * replacement, as counts per unit, and scores both rankings on the same
 * draw, so the difference of their coefficients has the draw's noise in
 * common.  A ranking is laid out once for these weighted passes; a draw
 * then costs one pass over each ranking, no sort.  Draws run on two
 * threads, each draw seeded on its own, so the result does not depend on
 * the split.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>

#include "liftkit/uplift.h"

#include "measure/uplift_private.h"
#include "util/grow.h"

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
        lk_uplift_areas_add(&a, &block);
    }
    lk_uplift_areas_coefficients(&a, qini, auuc);
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
    const lk_progress *progress;    /* draws done, counted by the first part */
    size_t resamples;
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
        if (part->from == 0)   /* the parts are of one size: twice this part's draws */
            lk_progress_report(bt->progress, 2 * (r + 1), bt->resamples);
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
    lk_uplift_options opt = {.resamples = resamples, .seed = seed};
    return lk_uplift_compare_opt(c, s, a, b, &opt, alpha, err);
}

int lk_uplift_compare_opt(lk_uplift_comparison *c, const lk_uplift_sample *s,
                          const lk_uplift_score *a, const lk_uplift_score *b,
                          const lk_uplift_options *opt, double alpha, lk_error *err)
{
    size_t resamples = opt->resamples;
    memset(c, 0, sizeof(*c));
    c->seed = opt->seed;
    c->better = "";
    c->score = strdup(a->name);
    c->vs = strdup(b->name);
    boot bt = {.seed = opt->seed, .progress = &opt->progress, .resamples = resamples};
    ranked ra = {0}, rb = {0};
    uint32_t *slot = weight_slots(s, a, &bt.nt, &bt.nc);
    bt.dq = malloc((resamples ? resamples : 1) * sizeof(double));
    bt.du = malloc((resamples ? resamples : 1) * sizeof(double));
    int rc = LK_OK;
    if (!c->score || !c->vs || !slot || !bt.dq || !bt.du ||
        ranked_build(&ra, s, a, slot) != 0 || ranked_build(&rb, s, b, slot) != 0) {
        rc = lk_error_nomem(err);
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
        rc = lk_error_nomem(err);
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
