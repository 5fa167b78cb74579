/*
 * uplift.h - where in a model's score range an offer creates uplift
 * (docs/methods.md, "Uplift").
 *
 * One treated arm against the control on one 0/1 metric.  Units are
 * ranked by score, highest first; units with equal scores form one block
 * and the curves are evaluated only at block ends, so the result never
 * depends on how ties happen to be ordered.  Deciles and the top-k% cuts,
 * which must split blocks, order ties by unit id.
 *
 * Curves, with Y_T(k), N_T(k), Y_C(k), N_C(k) the treated and control
 * responders and units among the first k (a rate over zero units is 0):
 *   Qini    Q(k) = Y_T(k) - Y_C(k) N_T(k) / N_C(k)
 *   uplift  U(k) = (Y_T(k)/N_T(k) - Y_C(k)/N_C(k)) k
 * Both start at (0, 0).  The Qini coefficient and the AUUC are
 * (area(model) - area(line)) / (area(perfect) - area(line)), trapezoid
 * areas, the line running from (0, 0) to (N, curve(N)); the perfect
 * orderings are scikit-uplift's (perfect_qini_curve with negative_effect,
 * perfect_uplift_curve), spelled out in uplift.c.
 *
 * The comparison of two scores is a paired, seeded percentile bootstrap:
 * each resample draws the treated and the control units separately with
 * replacement and scores both rankings on the same draw.  On large samples
 * it is the delta method instead: the infinitesimal jackknife of the same
 * statistic, a normal interval from the variance the bootstrap estimates.
 */
#ifndef LIFTKIT_UPLIFT_H
#define LIFTKIT_UPLIFT_H

#include <stddef.h>
#include <stdint.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/liftkit.h"
#include "liftkit/output.h"
#include "liftkit/units.h"

#define LK_UPLIFT_DECILES 10

/* A unit's group in the comparison. */
enum { LK_UPLIFT_CONTROL = 0, LK_UPLIFT_TREATED = 1, LK_UPLIFT_OUT = 2 };

/*
 * The units of one comparison, all arrays of n (borrowed).  group[i] is
 * LK_UPLIFT_TREATED, LK_UPLIFT_CONTROL or LK_UPLIFT_OUT (another arm: left
 * out); y[i] is the 0/1 outcome.  ids, when not NULL, holds unit i's id
 * (NUL-terminated) and orders ties; without it ties go by index.
 */
typedef struct lk_uplift_sample {
    size_t n;
    const uint8_t *group;
    const uint8_t *y;
    char *const *ids;
} lk_uplift_sample;

typedef struct lk_uplift_point {
    double n;          /* units targeted: the first n in score order */
    double qini;
    double uplift;
} lk_uplift_point;

typedef struct lk_uplift_decile {
    size_t n, n_treated, n_control;
    double rate_treated, rate_control;   /* NaN when the group is empty */
    double uplift, uplift_lo, uplift_hi; /* Wald; NaN unless both groups have units */
} lk_uplift_decile;

/* Everything computed for one score column. */
typedef struct lk_uplift_score {
    char *name;
    size_t n_treated, n_control;    /* scored units in the comparison */
    size_t n_unscored;              /* units in the comparison without a score */
    double qini_coefficient, auuc;
    double uplift_top10, uplift_top30;  /* NaN when an arm is absent from the top */
    lk_uplift_decile decile[LK_UPLIFT_DECILES];
    lk_uplift_point *curve;         /* npoints, the first (0, 0) */
    size_t npoints;

    /* The ranking, kept for the bootstrap: scored units by score, highest
       first, and the position one past the end of each tie block.  Inside a
       block units are in id order where a decile or top-k cut splits the
       block, and in an unspecified (but reproducible) order elsewhere. */
    uint32_t *order;
    uint8_t *code;                  /* per position: treated << 1 | responder */
    size_t norder;
    uint32_t *block_end;
    size_t nblocks;
} lk_uplift_score;

/*
 * Rank the units of s by score[0..s->n) (NaN: not scored) and compute the
 * curves, coefficients, deciles and top-k uplift, intervals at level
 * 1 - alpha.  name is copied.  The caller owns *out (lk_uplift_score_free).
 * Fails only for lack of memory (LK_EIO).
 */
int lk_uplift_score_compute(lk_uplift_score **out, const lk_uplift_sample *s,
                            const char *name, const double *score, double alpha,
                            lk_error *err);

void lk_uplift_score_free(lk_uplift_score *r);

/*
 * Qini coefficient and AUUC of the ranking r (which carries each ranked
 * unit's group and outcome) on its sample's units weighted by w, indexed by
 * unit (a bootstrap draw; NULL: every unit once).  NaN when the perfect
 * ordering is no better than the line.
 */
void lk_uplift_coefficients(const lk_uplift_score *r, const uint32_t *w, double *qini,
                            double *auuc);

/*
 * How two scores are compared: LK_UPLIFT_AUTO takes the bootstrap while
 * (scored units) x resamples is at most LK_UPLIFT_AUTO_LIMIT, the delta
 * method above it.
 */
typedef enum lk_uplift_method {
    LK_UPLIFT_AUTO = 0,
    LK_UPLIFT_BOOTSTRAP,
    LK_UPLIFT_DELTA
} lk_uplift_method;

/* Unit-draws up to which LK_UPLIFT_AUTO bootstraps: a million units at 200 draws. */
#define LK_UPLIFT_AUTO_LIMIT 2e8

/* "auto", "bootstrap" or "delta"; -1 for another name. */
int lk_uplift_method_from_name(const char *name);

/* score minus vs, with bootstrap percentile or delta-method intervals. */
typedef struct lk_uplift_comparison {
    char *score, *vs;
    double qini_diff, qini_lo, qini_hi;
    double auuc_diff, auuc_lo, auuc_hi;
    size_t resamples;               /* draws in which both differences were defined;
                                       0 for the delta method */
    unsigned long seed;
    const char *better;             /* score, vs, or "" when the interval spans 0 */
    lk_uplift_method method;        /* LK_UPLIFT_BOOTSTRAP or LK_UPLIFT_DELTA */
    double qini_se, auuc_se;        /* the delta method's standard errors; NaN for
                                       the bootstrap */
} lk_uplift_comparison;

/*
 * Compare rankings a and b (computed on the same s) by a paired bootstrap
 * of resamples draws, intervals at level 1 - alpha.  Draw r runs
 * gsl_rng_mt19937 seeded with seed * 1000003 + r, so the result depends
 * on seed and resamples only (draws are shared between two threads).
 * Fills *c; free it with lk_uplift_comparison_release.  Fails only for
 * lack of memory (LK_EIO).
 */
int lk_uplift_compare(lk_uplift_comparison *c, const lk_uplift_sample *s,
                      const lk_uplift_score *a, const lk_uplift_score *b,
                      size_t resamples, unsigned long seed, double alpha, lk_error *err);

/*
 * Compare rankings a and b (computed on the same s) by the delta method:
 * D = coefficient(a) - coefficient(b) as a function of unit weights (the
 * multiplicities a bootstrap draw gives), its influence values
 * U_i = dD/dw_i at w = 1, and the variance the bootstrap's treated and
 * control resampling gives to the linear part of D,
 * sum over groups g of sum_{i in g} (U_i - mean_g U)^2 (docs/methods.md,
 * "Comparing two scores").  Intervals D -+ z(1 - alpha/2) se, resamples 0.
 * Fills *c; free it with lk_uplift_comparison_release.  Fails only for
 * lack of memory (LK_EIO).
 */
int lk_uplift_compare_delta(lk_uplift_comparison *c, const lk_uplift_sample *s,
                            const lk_uplift_score *a, const lk_uplift_score *b,
                            double alpha, lk_error *err);

void lk_uplift_comparison_release(lk_uplift_comparison *c);

/* ---- from loaded units ---- */

typedef struct lk_uplift_options {
    const char *arm;        /* treated arm; NULL: the champion */
    const char *metric;     /* a binary metric; NULL: response_target */
    size_t resamples;       /* bootstrap draws for comparisons; 0: none, unless
                               method is LK_UPLIFT_DELTA (which draws nothing) */
    unsigned long seed;
    size_t nscores;         /* rank the first nscores score columns of the units
                               only (0: all); the others may be covariates loaded
                               for lift's CUPED rows */
    int by_segment;         /* set: only the units of segment (u loaded with segments, */
    uint32_t segment;       /* lift --by): the result of that segment's units alone */
    lk_progress progress;   /* a step per comparison, counting its draws */
    lk_uplift_method method;    /* how comparisons are made (default: auto) */
} lk_uplift_options;

/*
 * The whole analysis of docs/methods.md, "Uplift": every score column u was loaded
 * with (the first opt->nscores when set), and, when opt->resamples > 0 or
 * opt->method is LK_UPLIFT_DELTA, each later score compared with the first by
 * opt->method.  Errors (LK_EUSAGE): unknown arm, the control as the arm, no
 * control in the experiment, a metric that is not binary, no score.
 */
typedef struct lk_uplift_result {
    char *arm, *control, *metric;
    lk_uplift_score **scores;
    size_t nscores;
    lk_uplift_comparison *comparisons;  /* nscores - 1 of them, or none */
    size_t ncomparisons;
    /* the sample the scores were computed on (owned here) */
    lk_uplift_sample sample;
    uint8_t *group, *y;
    double srm_p;               /* the sample-ratio check of all the units */
    int untrustworthy;          /* srm_p < LK_SRM_THRESHOLD */
} lk_uplift_result;

/*
 * The checks of lk_uplift_run that need no data, so a caller can fail
 * before loading: sets *arm (experiment arm index) and *metric (lk_metric).
 */
int lk_uplift_check(const lk_experiment *exp, const lk_uplift_options *opt, int *arm,
                    int *metric, lk_error *err);

int lk_uplift_run(lk_uplift_result **out, const lk_experiment *exp, const lk_units *u,
                  const lk_uplift_options *opt, lk_error *err);

void lk_uplift_result_free(lk_uplift_result *r);

/* ---- tables (header row included) ---- */

/*
 * score,n_treated,n_control,qini_coefficient,auuc,uplift_top10,uplift_top30,
 * n_unscored,srm_p (the experiment's sample-ratio p-value, on every row),
 * as_of (an interim read's last day, interim.h; NULL or "" on a final read)
 */
void lk_uplift_write_summary(lk_csv_writer *w, lk_uplift_score *const *r, size_t k,
                             double srm_p, const char *as_of);
/*
 * uplift --by: segment then the summary's columns, the rows of res[0] (the
 * whole experiment, "(all)") and then of res[g] for label[g - 1], g < n.
 */
void lk_uplift_write_segments(lk_csv_writer *w, lk_uplift_result *const *res,
                              char *const *label, size_t n, const char *as_of);
/* score,decile,n,n_treated,n_control,rate_treated,rate_control,uplift,uplift_lo,uplift_hi */
void lk_uplift_write_deciles(lk_csv_writer *w, lk_uplift_score *const *r, size_t k);
/* score,n,fraction,qini,uplift: every point of every curve */
void lk_uplift_write_curve(lk_csv_writer *w, lk_uplift_score *const *r, size_t k);
/* score,vs,qini_diff,qini_diff_lo,qini_diff_hi,auuc_diff,auuc_diff_lo,auuc_diff_hi,
   resamples,seed,better */
void lk_uplift_write_comparison(lk_csv_writer *w, const lk_uplift_comparison *c, size_t k);

#endif
