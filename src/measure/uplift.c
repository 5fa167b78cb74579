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
 * So a bootstrap draw costs one pass over the ranking, no sort.  The
 * ranking itself is uplift_rank.c, the bootstrap uplift_boot.c.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "liftkit/experiment.h"
#include "liftkit/stats.h"
#include "liftkit/units.h"
#include "liftkit/uplift.h"

#include "measure/uplift_private.h"
#include "util/grow.h"

double lk_uplift_qini_value(const counts *c)
{
    return c->yt - (c->nc > 0 ? c->yc * c->nt / c->nc : 0.0);
}

void lk_uplift_rates(const counts *c, double *rt, double *rc)
{
    *rt = c->nt > 0 ? c->yt / c->nt : 0.0;
    *rc = c->nc > 0 ? c->yc / c->nc : 0.0;
}

double lk_uplift_uplift_value(const counts *c)
{
    double rt, rc;
    lk_uplift_rates(c, &rt, &rc);
    return (rt - rc) * (c->nt + c->nc);
}

void lk_uplift_areas_add(areas *a, const counts *block)
{
    a->c.nt += block->nt;
    a->c.yt += block->yt;
    a->c.nc += block->nc;
    a->c.yc += block->yc;
    double k = a->c.nt + a->c.nc;
    double q = lk_uplift_qini_value(&a->c), u = lk_uplift_uplift_value(&a->c);
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

/* The perfect orderings' blocks (the comment at the top) as maps of the totals. */
static const lk_uplift_block_map TREATED_RESP = {{0, 1, 0, 0}, {0, 1, 0, 0}, {0}, {0}};
static const lk_uplift_block_map TREATED_NON = {{1, -1, 0, 0}, {0}, {0}, {0}};
static const lk_uplift_block_map CONTROL_NON = {{0}, {0}, {0, 0, 1, -1}, {0}};
static const lk_uplift_block_map CONTROL_RESP = {{0}, {0}, {0, 0, 0, 1}, {0, 0, 0, 1}};
static const lk_uplift_block_map NON_RESP = {{1, -1, 0, 0}, {0}, {0, 0, 1, -1}, {0}};

size_t lk_uplift_perfect_blocks(const counts *t, int qini, const lk_uplift_block_map *map[4])
{
    map[0] = &TREATED_RESP;
    if (qini) {
        map[1] = &NON_RESP;
        map[2] = &CONTROL_RESP;
        return 3;
    }
    int cr_first = t->yc > t->nt - t->yt;
    map[1] = &CONTROL_NON;
    map[2] = cr_first ? &CONTROL_RESP : &TREATED_NON;
    map[3] = cr_first ? &TREATED_NON : &CONTROL_RESP;
    return 4;
}

/* The area under the perfect Qini (qini set) or uplift curve of totals t. */
static double perfect_area(const counts *t, int qini)
{
    const lk_uplift_block_map *map[4];
    size_t nb = lk_uplift_perfect_blocks(t, qini, map);
    double tv[4] = {t->nt, t->yt, t->nc, t->yc};
    areas a = {0};
    for (size_t b = 0; b < nb; b++) {
        double c[4] = {0, 0, 0, 0};
        for (int m = 0; m < 4; m++)
            for (int j = 0; j < 4; j++)
                c[m] += (*map[b])[m][j] * tv[j];
        counts block = {c[0], c[1], c[2], c[3]};
        lk_uplift_areas_add(&a, &block);
    }
    return qini ? a.aq : a.au;
}

void lk_uplift_areas_coefficients(const areas *model, double *qini, double *auuc)
{
    double n = model->k;
    *qini = normalized(model->aq, perfect_area(&model->c, 1), n * model->q / 2);
    *auuc = normalized(model->au, perfect_area(&model->c, 0), n * model->u / 2);
}

/* ---- one score ---- */

void lk_uplift_add_positions(counts *c, const lk_uplift_score *r, size_t from, size_t to)
{
    size_t n[4] = {0, 0, 0, 0};
    for (size_t i = from; i < to; i++)
        n[r->code[i]]++;
    c->nt += (double)(n[2] + n[3]);
    c->yt += (double)n[3];
    c->nc += (double)(n[0] + n[1]);
    c->yc += (double)n[1];
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

static void deciles(lk_uplift_score *r, double z)
{
    size_t m = r->norder, pos = 0;
    for (size_t d = 0; d < LK_UPLIFT_DECILES; d++) {
        size_t size = m / LK_UPLIFT_DECILES + (d < m % LK_UPLIFT_DECILES ? 1 : 0);
        counts c = {0};
        lk_uplift_add_positions(&c, r, pos, pos + size);
        pos += size;
        fill_decile(&r->decile[d], &c, z);
    }
}

/* Treated minus control rate among the first floor(m * percent / 100) ranked units. */
static double uplift_top(const lk_uplift_score *r, size_t percent)
{
    counts c = {0};
    lk_uplift_add_positions(&c, r, 0, r->norder * percent / 100);
    return rate_or_nan(c.yt, c.nt) - rate_or_nan(c.yc, c.nc);
}

static int curve(lk_uplift_score *r)
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
        lk_uplift_add_positions(&block, r, pos, r->block_end[b]);
        pos = r->block_end[b];
        lk_uplift_areas_add(&a, &block);
        r->curve[r->npoints++] = (lk_uplift_point){a.k, a.q, a.u};
    }
    lk_uplift_areas_coefficients(&a, &r->qini_coefficient, &r->auuc);
    return 0;
}

int lk_uplift_score_compute(lk_uplift_score **out, const lk_uplift_sample *s,
                            const char *name, const double *score, double alpha,
                            lk_error *err)
{
    *out = NULL;
    lk_uplift_score *r = calloc(1, sizeof(*r));
    if (!r || !(r->name = strdup(name)) || lk_uplift_rank(r, s, score) != 0 ||
        curve(r) != 0) {
        lk_uplift_score_free(r);
        return lk_error_nomem(err);
    }
    counts all = {0};
    lk_uplift_add_positions(&all, r, 0, r->norder);
    r->n_treated = (size_t)all.nt;
    r->n_control = (size_t)all.nc;
    deciles(r, gsl_cdf_ugaussian_Qinv(alpha / 2));
    r->uplift_top10 = uplift_top(r, 10);
    r->uplift_top30 = uplift_top(r, 30);
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
    free(r->code);
    free(r->block_end);
    free(r);
}

/* ---- from loaded units ---- */

int lk_uplift_check(const lk_experiment *exp, const lk_uplift_options *opt, int *arm,
                    int *metric, lk_error *err)
{
    if (exp->control < 0)
        return lk_error_set(err, LK_EUSAGE, exp->path, 0, 0,
                            "uplift needs a control arm, and the experiment has none");
    *arm = opt->arm ? lk_experiment_arm(exp, opt->arm) : exp->champion;
    char arms[256];
    if (*arm < 0)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "unknown arm '%.80s': the arms are %s",
                            opt->arm, lk_experiment_arm_names(exp, arms, sizeof(arms)));
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

/* The score columns of u that opt ranks. */
static size_t ranked_scores(const lk_units *u, const lk_uplift_options *opt)
{
    return opt->nscores && opt->nscores < u->nscores ? opt->nscores : u->nscores;
}

/* Only segment g's units: the others leave the comparison; its own sample-ratio check. */
static int segment_setup(lk_uplift_result *res, const lk_experiment *exp, const lk_units *u,
                         uint32_t g, lk_error *err)
{
    if (!u->segment || g >= u->nsegments)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "no segment %u in the units",
                            (unsigned)g);
    double *buf = calloc(2 * u->narms + 1, sizeof(double));
    if (!buf)
        return lk_error_nomem(err);
    for (size_t i = 0; i < u->n; i++) {
        if (u->segment[i] != g)
            res->group[i] = LK_UPLIFT_OUT;
        else
            buf[u->arm[i]] += 1;
    }
    for (size_t a = 0; a < u->narms && a < exp->narms; a++)
        buf[u->narms + a] = exp->arms[a].weight;
    res->sample = (lk_uplift_sample){u->n, res->group, res->y, u->id};
    res->srm_p = lk_srm_p(buf, buf + u->narms, u->narms, NULL);
    res->untrustworthy = res->srm_p < LK_SRM_THRESHOLD;
    free(buf);
    return LK_OK;
}

static int run_setup(lk_uplift_result *res, const lk_experiment *exp, const lk_units *u,
                     const lk_uplift_options *opt, lk_error *err)
{
    int arm, m;
    int rc = lk_uplift_check(exp, opt, &arm, &m, err);
    if (rc)
        return rc;
    size_t ns = ranked_scores(u, opt);
    if (ns == 0)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "no score column given");
    if (!lk_units_has_metric(u, (lk_metric)m))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "metric '%s' needs holdings or balances, which were not read",
                            lk_metric_name((lk_metric)m));

    res->arm = strdup(exp->arms[arm].name);
    res->control = strdup(exp->arms[exp->control].name);
    res->metric = strdup(lk_metric_name((lk_metric)m));
    res->group = lk_alloc_big(u->n, sizeof(*res->group), 0);
    res->y = lk_alloc_big(u->n, sizeof(*res->y), 0);
    res->scores = calloc(ns, sizeof(*res->scores));
    res->comparisons = calloc(ns, sizeof(*res->comparisons));
    if (!res->arm || !res->control || !res->metric || !res->group || !res->y ||
        !res->scores || !res->comparisons)
        return lk_error_nomem(err);
    for (size_t i = 0; i < u->n; i++) {
        res->group[i] = u->arm[i] == arm ? LK_UPLIFT_TREATED
                        : u->arm[i] == exp->control ? LK_UPLIFT_CONTROL : LK_UPLIFT_OUT;
        res->y[i] = lk_units_metric(u, (lk_metric)m, i) > 0;
    }
    if (opt->by_segment)
        return segment_setup(res, exp, u, opt->segment, err);
    res->sample = (lk_uplift_sample){u->n, res->group, res->y, u->id};
    res->srm_p = lk_units_srm_p(u, exp);
    res->untrustworthy = res->srm_p < LK_SRM_THRESHOLD;
    return LK_OK;
}

/* One score's computation, run on its own thread. */
typedef struct score_job {
    const lk_uplift_result *res;
    const lk_units *u;
    size_t nscores;
    size_t first, step;
    double alpha;
    int rc;
    lk_error err;
} score_job;

static void *score_jobs(void *arg)
{
    score_job *j = arg;
    for (size_t s = j->first; s < j->nscores && !j->rc; s += j->step)
        j->rc = lk_uplift_score_compute(&j->res->scores[s], &j->res->sample,
                                        j->u->score_names[s], j->u->score[s], j->alpha,
                                        &j->err);
    return NULL;
}

/* Rank the scores two at a time: each is independent of the others. */
static int compute_scores(lk_uplift_result *res, const lk_units *u, size_t ns, double alpha,
                          lk_error *err)
{
    score_job jobs[2] = {{res, u, ns, 0, 2, alpha, 0, {0}}, {res, u, ns, 1, 2, alpha, 0, {0}}};
    pthread_t th;
    int threaded = ns > 1 && pthread_create(&th, NULL, score_jobs, &jobs[1]) == 0;
    if (!threaded)
        jobs[0].step = 1;
    score_jobs(&jobs[0]);
    if (threaded)
        pthread_join(th, NULL);
    for (size_t s = 0; s < ns; s++)
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
        return lk_error_nomem(err);
    int rc = run_setup(res, exp, u, opt, err);
    lk_progress_step(&opt->progress, "ranking the scores");
    if (rc == LK_OK)
        rc = compute_scores(res, u, ranked_scores(u, opt), exp->alpha, err);
    int compare = opt->resamples > 0 || opt->method == LK_UPLIFT_DELTA;
    for (size_t s = 1; rc == LK_OK && compare && s < res->nscores; s++) {
        char step[64];
        snprintf(step, sizeof(step), "%.20s against %.20s", res->scores[s]->name,
                 res->scores[0]->name);
        lk_progress_step(&opt->progress, step);
        rc = lk_uplift_compare_method(&res->comparisons[s - 1], &res->sample, res->scores[s],
                                      res->scores[0], opt, exp->alpha, LK_UPLIFT_AUTO_LIMIT,
                                      err);
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
