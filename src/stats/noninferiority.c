/*
 * noninferiority.c - the one-sided guardrail z-test with unpooled variance
 * (noninferiority.h).
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "liftkit/noninferiority.h"

int lk_noninferiority_test(double x_arm, double n_arm, double x_vs, double n_vs,
                           double margin, double alpha, lk_noninferiority *out, lk_error *err)
{
    if (!(margin >= 0) || !isfinite(margin))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "guardrail margin %g is not a number >= 0", margin);
    if (!(alpha > 0 && alpha < 1))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "alpha %g is outside (0, 1)", alpha);
    if (!(n_arm > 0 && n_vs > 0 && x_arm >= 0 && x_vs >= 0 && x_arm <= n_arm &&
          x_vs <= n_vs) || !isfinite(n_arm) || !isfinite(n_vs))
        return lk_error_set(err, LK_EDATA, NULL, 0, 0,
                            "guardrail counts %g/%g and %g/%g are not counts out of units",
                            x_arm, n_arm, x_vs, n_vs);
    double pa = x_arm / n_arm, pv = x_vs / n_vs;
    lk_noninferiority r;
    r.diff = pa - pv;
    r.se = sqrt(pa * (1 - pa) / n_arm + pv * (1 - pv) / n_vs);
    double zq = gsl_cdf_ugaussian_Qinv(alpha);
    r.lower = r.diff - zq * r.se;
    r.upper = r.diff + zq * r.se;
    r.z = r.p_value = NAN;
    r.verdict = LK_GUARDRAIL_INCONCLUSIVE;
    if (r.se > 0) {
        r.z = (r.diff - margin) / r.se;
        r.p_value = gsl_cdf_ugaussian_P(r.z);
        if (r.upper < margin)
            r.verdict = LK_GUARDRAIL_PASS;
        else if (r.lower > margin)
            r.verdict = LK_GUARDRAIL_FAIL;
    }
    *out = r;
    return LK_OK;
}

const char *lk_guardrail_name(lk_guardrail verdict)
{
    switch (verdict) {
    case LK_GUARDRAIL_PASS:
        return "pass";
    case LK_GUARDRAIL_FAIL:
        return "fail";
    default:
        return "inconclusive";
    }
}
