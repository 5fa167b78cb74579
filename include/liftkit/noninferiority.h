/*
 * noninferiority.h - the guardrail test (docs/methods.md, "Guardrails").
 *
 * A guardrail event (opt-out, complaint, closure) must not rise by more
 * than a tolerated margin: with d = p_arm - p_vs and the unpooled standard
 * error se = sqrt(p_arm q_arm / n_arm + p_vs q_vs / n_vs), the one-sided
 * z-test of H0: d >= margin against H1: d < margin has z = (d - margin) / se
 * and p = Phi(z) (statsmodels test_proportions_2indep(method="wald",
 * compare="diff", value=margin, alternative="smaller")).  With
 * zq = z(1 - alpha) the one-sided bounds are upper = d + zq se and
 * lower = d - zq se.  The decision:
 *   pass          upper < margin  (equivalently p < alpha: the rise is shown
 *                                  to be smaller than the margin)
 *   fail          lower > margin  (the rise is shown to exceed the margin)
 *   inconclusive  otherwise, and whenever se is 0 (no events in either arm,
 *                 or events for every unit) since then nothing was tested.
 */
#ifndef LIFTKIT_NONINFERIORITY_H
#define LIFTKIT_NONINFERIORITY_H

#include "liftkit/error.h"

typedef enum lk_guardrail {
    LK_GUARDRAIL_PASS = 0,
    LK_GUARDRAIL_FAIL,
    LK_GUARDRAIL_INCONCLUSIVE
} lk_guardrail;

typedef struct lk_noninferiority {
    double diff, se;      /* p_arm - p_vs and its unpooled standard error */
    double z, p_value;    /* (diff - margin) / se and Phi(z); NaN when se = 0 */
    double lower, upper;  /* one-sided bounds at 1 - alpha */
    lk_guardrail verdict;
} lk_noninferiority;

/*
 * The guardrail test of x_arm events in n_arm units against x_vs in n_vs,
 * with margin >= 0 the largest tolerated increase of the rate (absolute) and
 * alpha the one-sided level.  Returns LK_OK, or LK_EUSAGE (bad margin or
 * alpha) / LK_EDATA (counts outside 0 <= x <= n, n > 0) with err filled and
 * *out untouched.
 */
int lk_noninferiority_test(double x_arm, double n_arm, double x_vs, double n_vs,
                           double margin, double alpha, lk_noninferiority *out, lk_error *err);

/* "pass", "fail" or "inconclusive". */
const char *lk_guardrail_name(lk_guardrail verdict);

#endif
