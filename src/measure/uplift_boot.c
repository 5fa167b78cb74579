/*
 * uplift_boot.c - the paired bootstrap comparison of two rankings.
 *
 * Each draw resamples the treated and the control units separately with
 * replacement, as counts per unit, and scores both rankings on the same
 * draw, so the difference of their coefficients has the draw's noise in
 * common.  A draw then costs one pass over each ranking, no sort.  Draws
 * run on two threads, each draw seeded on its own, so the result does not
 * depend on the split.
 *
 * The counts sit in one byte per unit, treated units first, each group in
 * the first ranking's order: that ranking's pass reads them in two rising
 * runs, the second ranking's by a slot per position.  A count cannot pass
 * its group's size, so bytes hold every count of groups below 256 units;
 * a draw in which some unit of a larger group comes up 256 times (never
 * seen in practice) is counted again in full words.  The draws are
 * gsl_rng_uniform_int's, its scale worked out once per run of RAW_RUN
 * draws rather than once per draw (GSL's inline gsl_rng_get, HAVE_INLINE).  Every sum is an
 * integer and every curve value the same expression on the same doubles
 * as lk_uplift_areas_add, so the coefficients are bit for bit the ones
 * the general weighted pass gives.
 */
/* GSL's inline functions (GSL manual, "Inline functions"): gsl_rng_get
   without a call into the library */
#define HAVE_INLINE 1

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>

#include "liftkit/uplift.h"

#include "measure/uplift_private.h"
#include "util/grow.h"
#include "util/pair.h"
#include "util/prefetch.h"

/*
 * Counts read or added to at random are fetched ahead: a run of draws all
 * at once, a pass GATHER_AHEAD positions before it reads them (at 10M
 * units the counts are not in the second-level cache, and 32 positions
 * ahead measured about 5% slower than 256).
 */
#define GATHER_AHEAD 256

/* ---- the weighted pass ---- */

/*
 * Running totals of one weighted pass as integers (exact, and what the
 * doubles of lk_uplift_areas_add hold), the last point and the areas.
 */
typedef struct pass {
    int64_t nt, yt, nc, yc;
    double k, q, u, aq, au;
} pass;

/*
 * lk_uplift_areas_add of a block with weight (bt treated, byt of them
 * responders; bc, byc), without a branch: a rate over no units divides
 * 0 by 1 (the 0 the general pass takes), and a block of no weight leaves
 * every value as it was (its zero-width trapezoids add zero), the same
 * as the general pass skipping it.
 */
static inline void pass_block(pass *p, int64_t bt, int64_t byt, int64_t bc, int64_t byc)
{
    p->nt += bt;
    p->yt += byt;
    p->nc += bc;
    p->yc += byc;
    double nt = (double)p->nt, yt = (double)p->yt, nc = (double)p->nc, yc = (double)p->yc;
    double dt = nt > 1.0 ? nt : 1.0, dc = nc > 1.0 ? nc : 1.0;
    double k = nt + nc, q = yt - yc * nt / dc, u = (yt / dt - yc / dc) * k;
    p->aq += (k - p->k) * (q + p->q) / 2;
    p->au += (k - p->k) * (u + p->u) / 2;
    p->k = k;
    p->q = q;
    p->u = u;
}

static void pass_coefficients(const pass *p, double *qini, double *auuc)
{
    areas a = {{(double)p->nt, (double)p->yt, (double)p->nc, (double)p->yc},
               p->k, p->q, p->u, p->aq, p->au};
    lk_uplift_areas_coefficients(&a, qini, auuc);
}

/* Add a block's summed weights by code (treated << 1 | responder). */
static inline void pass_codes(pass *p, const uint64_t c[4])
{
    pass_block(p, (int64_t)(c[2] + c[3]), (int64_t)c[3], (int64_t)(c[0] + c[1]), (int64_t)c[1]);
}

void lk_uplift_coefficients(const lk_uplift_score *r, const uint32_t *w, double *qini,
                            double *auuc)
{
    pass p = {0};
    size_t pos = 0;
    for (size_t b = 0; b < r->nblocks; b++) {
        uint64_t c[4] = {0, 0, 0, 0};
        for (; pos < r->block_end[b]; pos++)
            c[r->code[pos]] += w ? w[r->order[pos]] : 1;
        pass_codes(&p, c);
    }
    pass_coefficients(&p, qini, auuc);
}

/* ---- the two rankings laid out for draws ---- */

/*
 * Weight slots: treated units take 0..nt-1 and control units nt..nt+nc-1,
 * each group in ranking a's order, then the units a left unscored.  a's
 * pass takes its weights from two cursors; b's pass has a slot per
 * position.  code[] are the rankings' own (lk_uplift_score.code).
 */
typedef struct layout {
    const lk_uplift_score *a, *b;
    uint32_t *slot_b;
    size_t nt, nc;
} layout;

/* slot_of[unit] as above (UINT32_MAX: not in the comparison); *nt, *nc the group sizes. */
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

static int layout_build(layout *l, const lk_uplift_sample *s, const lk_uplift_score *a,
                        const lk_uplift_score *b)
{
    l->a = a;
    l->b = b;
    uint32_t *slot = weight_slots(s, a, &l->nt, &l->nc);
    l->slot_b = lk_alloc_big(b->norder, sizeof(*l->slot_b), 0);
    if (!slot || !l->slot_b) {
        free(slot);
        free(l->slot_b);
        l->slot_b = NULL;
        return -1;
    }
    for (size_t i = 0; i < b->norder; i++)
        l->slot_b[i] = slot[b->order[i]];
    free(slot);
    return 0;
}

/*
 * Byte weights summed by code in one word: the weight shifted into the
 * code's 16-bit lane.  256 weights of at most 255 fit a lane, so a long
 * block is summed in runs of SUM_RUN positions.
 */
#define SUM_RUN 256

static inline void lanes_add(uint64_t c[4], uint64_t lanes)
{
    c[0] += lanes & 0xffff;
    c[1] += lanes >> 16 & 0xffff;
    c[2] += lanes >> 32 & 0xffff;
    c[3] += lanes >> 48;
}

/*
 * Ranking a on byte weights w: treated weights from w[0], control from
 * w[nt], each in order (the slot picked by a mask: which group comes
 * next is a coin toss no branch predictor guesses).
 */
static void pass_a(const layout *l, const uint8_t *w, double *qini, double *auuc)
{
    const lk_uplift_score *r = l->a;
    const uint8_t *code = r->code;
    size_t ti = 0, ci = l->nt, pos = 0;
    pass p = {0};
    for (size_t b = 0; b < r->nblocks; b++) {
        size_t end = r->block_end[b];
        uint64_t c[4] = {0, 0, 0, 0};
        while (pos < end) {
            size_t stop = end - pos > SUM_RUN ? pos + SUM_RUN : end;
            uint64_t lanes = 0;
            for (; pos < stop; pos++) {
                unsigned k = code[pos], t = k >> 1;
                size_t treated = (size_t)0 - t;
                uint64_t x = w[(ti & treated) | (ci & ~treated)];
                ti += t;
                ci += t ^ 1;
                lanes += x << (k << 4);
            }
            lanes_add(c, lanes);
        }
        pass_codes(&p, c);
    }
    pass_coefficients(&p, qini, auuc);
}

/* Ranking b on byte weights w, each position's by its slot. */
static void pass_b(const layout *l, const uint8_t *w, double *qini, double *auuc)
{
    const lk_uplift_score *r = l->b;
    const uint8_t *code = r->code;
    const uint32_t *slot = l->slot_b;
    size_t pos = 0, n = r->norder;
    pass p = {0};
    for (size_t b = 0; b < r->nblocks; b++) {
        size_t end = r->block_end[b];
        uint64_t c[4] = {0, 0, 0, 0};
        while (pos < end) {
            size_t stop = end - pos > SUM_RUN ? pos + SUM_RUN : end;
            uint64_t lanes = 0;
            for (; pos < stop; pos++) {
                LK_PREFETCH_READ(w + slot[pos + GATHER_AHEAD < n ? pos + GATHER_AHEAD : pos]);
                lanes += (uint64_t)w[slot[pos]] << (code[pos] << 4);
            }
            lanes_add(c, lanes);
        }
        pass_codes(&p, c);
    }
    pass_coefficients(&p, qini, auuc);
}

/* ---- draws ---- */

typedef struct boot {
    const layout *l;
    const lk_uplift_sample *s;
    unsigned long seed;
    double *dq, *du;            /* per draw, NaN when undefined */
    const lk_progress *progress;    /* draws done, counted by one part */
    size_t resamples;
    unsigned byte_limit;        /* a count above this is counted again in words */
} boot;

/* Draws are made RAW_RUN at a time, so the bytes they add to are fetched ahead. */
#define RAW_RUN 256

void lk_uplift_uniform_ints(gsl_rng *rng, unsigned long n, uint32_t *k, size_t m)
{
    unsigned long offset = rng->type->min;
    unsigned long scale = (rng->type->max - offset) / n;
    for (size_t i = 0; i < m; i++) {
        unsigned long x;
        do
            x = (gsl_rng_get(rng) - offset) / scale;
        while (x >= n);
        k[i] = (uint32_t)x;
    }
}

/*
 * n draws of gsl_rng_uniform_int(rng, n), each adding one to its unit's
 * byte in w: a run is drawn while the run before it is added, its bytes
 * fetched in the meantime.  1 when some count went past limit, else 0.
 */
static int scatter(gsl_rng *rng, uint8_t *w, size_t n, unsigned limit)
{
    uint32_t k[2][RAW_RUN];
    size_t m[2] = {0, 0}, done = 0;
    unsigned over = 0;
    for (int cur = 0; done < n || m[!cur]; cur = !cur) {
        m[cur] = n - done < RAW_RUN ? n - done : RAW_RUN;
        lk_uplift_uniform_ints(rng, n, k[cur], m[cur]);
        done += m[cur];
        for (size_t i = 0; i < m[cur]; i++)
            LK_PREFETCH_WRITE(w + k[cur][i]);
        for (size_t i = 0; i < m[!cur]; i++) {
            over |= w[k[!cur][i]] >= limit;
            w[k[!cur][i]]++;
        }
        m[!cur] = 0;
    }
    return over != 0;
}

/* Count draw r on bytes; 0, or 1 when some count passed the byte limit (w is then wrong). */
static int draw_bytes(const boot *bt, gsl_rng *rng, size_t r, uint8_t *w)
{
    size_t nt = bt->l->nt, nc = bt->l->nc;
    gsl_rng_set(rng, bt->seed * 1000003UL + r);
    memset(w, 0, nt + nc);
    int over = scatter(rng, w, nt, bt->byte_limit);
    return scatter(rng, w + nt, nc, bt->byte_limit) | over;
}

int lk_uplift_draw_wide(const lk_uplift_sample *s, const lk_uplift_score *a,
                        const lk_uplift_score *b, unsigned long seed, size_t r,
                        double *dq, double *du)
{
    size_t nt, nc;
    uint32_t *slot = weight_slots(s, a, &nt, &nc);
    uint32_t *unit = lk_alloc_big(nt + nc, sizeof(*unit), 0);
    uint32_t *w = lk_alloc_big(s->n, sizeof(*w), 1);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = -1;
    if (slot && unit && w && rng) {
        for (size_t i = 0; i < s->n; i++)
            if (slot[i] != UINT32_MAX)
                unit[slot[i]] = (uint32_t)i;
        gsl_rng_set(rng, seed * 1000003UL + r);
        for (size_t j = 0; j < nt; j++)
            w[unit[gsl_rng_uniform_int(rng, nt)]]++;
        for (size_t j = 0; j < nc; j++)
            w[unit[nt + gsl_rng_uniform_int(rng, nc)]]++;
        double qa, ua, qb, ub;
        lk_uplift_coefficients(a, w, &qa, &ua);
        lk_uplift_coefficients(b, w, &qb, &ub);
        *dq = qa - qb;
        *du = ua - ub;
        rc = 0;
    }
    free(slot);
    free(unit);
    free(w);
    gsl_rng_free(rng);
    return rc;
}

typedef struct boot_part {
    const boot *bt;
    size_t from, to;
    int reports;                /* this part counts the draws on bt->progress */
    int failed;
} boot_part;

/* Draw r uses its own generator state, so the result is the same however
   the draws are split between threads. */
static void *boot_run(void *arg)
{
    boot_part *part = arg;
    const boot *bt = part->bt;
    const layout *l = bt->l;
    uint8_t *w = lk_alloc_big(l->nt + l->nc, 1, 0);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    for (size_t r = part->from; r < part->to && w && rng && !part->failed; r++) {
        if (draw_bytes(bt, rng, r, w)) {
            part->failed = lk_uplift_draw_wide(bt->s, l->a, l->b, bt->seed, r, &bt->dq[r],
                                               &bt->du[r]) != 0;
        } else {
            double qa, ua, qb, ub;
            pass_a(l, w, &qa, &ua);
            pass_b(l, w, &qb, &ub);
            bt->dq[r] = qa - qb;
            bt->du[r] = ua - ub;
        }
        if (part->reports) {    /* the other part is no larger: twice this part's draws */
            size_t done = 2 * (r + 1 - part->from);
            lk_progress_report(bt->progress, done < bt->resamples ? done : bt->resamples,
                               bt->resamples);
        }
    }
    if (!w || !rng)
        part->failed = 1;
    free(w);
    gsl_rng_free(rng);
    return NULL;
}

/* Run draws [0, resamples) on two threads (one after the other if a thread cannot start). */
static int boot_all(const boot *bt, size_t resamples)
{
    boot_part parts[2] = {{bt, 0, resamples / 2, 0, 0}, {bt, resamples / 2, resamples, 1, 0}};
    lk_run_pair(boot_run, &parts[0], &parts[1]);
    return parts[0].failed || parts[1].failed ? -1 : 0;
}

int lk_uplift_boot_draws(const lk_uplift_sample *s, const lk_uplift_score *a,
                         const lk_uplift_score *b, size_t resamples, unsigned long seed,
                         double *dq, double *du)
{
    layout l = {0};
    lk_progress none = {0};
    boot bt = {.l = &l, .s = s, .seed = seed, .dq = dq, .du = du, .progress = &none,
               .resamples = resamples, .byte_limit = UINT8_MAX};
    int rc = layout_build(&l, s, a, b) != 0 || boot_all(&bt, resamples) != 0 ? -1 : 0;
    free(l.slot_b);
    return rc;
}

/* ---- the comparison ---- */

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

const char *lk_uplift_better(const lk_uplift_comparison *c)
{
    if (c->qini_lo > 0)
        return c->score;
    if (c->qini_hi < 0)
        return c->vs;
    return "";
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
    return lk_uplift_compare_limit(c, s, a, b, opt, alpha, UINT8_MAX, err);
}

int lk_uplift_compare_limit(lk_uplift_comparison *c, const lk_uplift_sample *s,
                            const lk_uplift_score *a, const lk_uplift_score *b,
                            const lk_uplift_options *opt, double alpha, unsigned byte_limit,
                            lk_error *err)
{
    size_t resamples = opt->resamples;
    memset(c, 0, sizeof(*c));
    c->seed = opt->seed;
    c->better = "";
    c->method = LK_UPLIFT_BOOTSTRAP;
    c->qini_se = c->auuc_se = NAN;
    c->score = strdup(a->name);
    c->vs = strdup(b->name);
    layout l = {0};
    boot bt = {.l = &l, .s = s, .seed = opt->seed, .progress = &opt->progress,
               .resamples = resamples, .byte_limit = byte_limit};
    bt.dq = malloc((resamples ? resamples : 1) * sizeof(double));
    bt.du = malloc((resamples ? resamples : 1) * sizeof(double));
    int rc = LK_OK;
    if (!c->score || !c->vs || !bt.dq || !bt.du || layout_build(&l, s, a, b) != 0) {
        rc = lk_error_nomem(err);
        goto done;
    }
    /* every unit once: the coefficients each ranking's curve gave, to the last bit */
    c->qini_diff = a->qini_coefficient - b->qini_coefficient;
    c->auuc_diff = a->auuc - b->auuc;
    if (boot_all(&bt, resamples) != 0) {
        rc = lk_error_nomem(err);
        goto done;
    }
    size_t k = defined(bt.dq, bt.du, resamples);
    c->resamples = k;
    percentile(bt.dq, k, alpha, &c->qini_lo, &c->qini_hi);
    percentile(bt.du, k, alpha, &c->auuc_lo, &c->auuc_hi);
    c->better = lk_uplift_better(c);
done:
    free(l.slot_b);
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
