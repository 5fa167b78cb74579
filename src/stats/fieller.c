/*
 * fieller.c - Fieller's interval for a ratio of two independent means,
 * with the Welch test's standard errors and degrees of freedom (fieller.h).
 *
 * The bounds are the roots of A R^2 - 2 m_a m_b R + C = 0 with
 * A = m_b^2 - t^2 v_b and C = m_a^2 - t^2 v_a; its discriminant over four is
 * D = t^2 (v_a m_b^2 + v_b m_a^2 - t^2 v_a v_b), which is positive whenever
 * A > 0 (then D = t^2 (v_a A + v_b m_a^2)).  The roots are taken in the
 * form that avoids cancellation.
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "liftkit/fieller.h"

static double welch_df(double n_a, double v_a, double n_b, double v_b)
{
    double s = v_a + v_b;
    return s * s / (v_a * v_a / (n_a - 1) + v_b * v_b / (n_b - 1));
}

/* The two roots of A R^2 - 2 B R + C (A != 0, D = B^2 - A C >= 0), ascending. */
static void roots(double a, double b, double c, double d, double *r1, double *r2)
{
    double q = b + copysign(sqrt(d), b);
    double x = q / a, y = q != 0 ? c / q : b / a;
    *r1 = fmin(x, y);
    *r2 = fmax(x, y);
}

lk_fieller_status lk_fieller_lift(double n_a, double m_a, double var_a, double n_b, double m_b,
                                  double var_b, double alpha, lk_fieller *out)
{
    *out = (lk_fieller){LK_FIELLER_UNDEFINED, NAN, NAN, NAN, NAN, NAN, 0};
    if (!(n_a >= 2 && n_b >= 2) || !(var_a >= 0 && var_b >= 0) || !(var_a + var_b > 0) ||
        !isfinite(m_a) || !isfinite(m_b) || !(alpha > 0 && alpha < 1))
        return out->status;
    double v_a = var_a / n_a, v_b = var_b / n_b;
    double t = gsl_cdf_tdist_Qinv(alpha / 2, welch_df(n_a, v_a, n_b, v_b));
    double t2 = t * t;
    out->df = welch_df(n_a, v_a, n_b, v_b);
    out->t = t;
    out->lift = m_b != 0 ? m_a / m_b - 1 : NAN;
    out->excludes_zero = (m_a - m_b) * (m_a - m_b) > t2 * (v_a + v_b);
    double a = m_b * m_b - t2 * v_b, b = m_a * m_b, c = m_a * m_a - t2 * v_a;
    double d = t2 * (v_a * m_b * m_b + v_b * m_a * m_a - t2 * v_a * v_b);
    if (a > 0) {
        double r1, r2;
        roots(a, b, c, d, &r1, &r2);
        out->lo = r1 - 1;
        out->hi = r2 - 1;
        out->status = LK_FIELLER_BOUNDED;
    } else if (a < 0 && d > 0) {
        out->status = LK_FIELLER_EXCLUSIVE;
    } else {
        out->status = LK_FIELLER_UNBOUNDED;
    }
    return out->status;
}

const char *lk_fieller_note(lk_fieller_status status)
{
    switch (status) {
    case LK_FIELLER_BOUNDED:
        return "";
    case LK_FIELLER_UNBOUNDED:
        return "baseline mean not distinguishable from 0: lift interval unbounded";
    case LK_FIELLER_EXCLUSIVE:
        return "baseline mean not distinguishable from 0: lift interval is two disjoint rays";
    default:
        return "lift interval undefined";
    }
}
