/*
 * cuped.c - the CUPED comparison from per-arm sufficient statistics
 * (cuped.h).
 *
 * Centred moments come from raw sums, which loses digits when the mean is
 * large against the spread; a variance that comes out slightly negative from
 * that rounding is taken as 0, a clearly negative one means the sums are
 * not from one set of units and is an error.
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "liftkit/cuped.h"

/* Sample moments of one arm (or of the pooled units), ddof 1. */
typedef struct moments {
    double n, my, mx, vy, vx, cxy;
} moments;

static int centred(double n, double sum_sq, double sum_a, double sum_b, double *out)
{
    double raw = sum_sq - sum_a * sum_b / n;
    double scale = fabs(sum_sq) + fabs(sum_a * sum_b / n);
    if (raw < 0 && sum_a == sum_b) {
        if (raw < -1e-9 * scale)
            return -1;
        raw = 0;
    }
    *out = raw / (n - 1);
    return 0;
}

static int arm_moments(const lk_cuped_arm *s, moments *m)
{
    const double v[] = {s->n, s->sum_y, s->sum_y2, s->sum_x, s->sum_x2, s->sum_xy};
    for (int i = 0; i < 6; i++)
        if (!isfinite(v[i]))
            return -1;
    if (!(s->n >= 2))
        return -1;
    m->n = s->n;
    m->my = s->sum_y / s->n;
    m->mx = s->sum_x / s->n;
    if (centred(s->n, s->sum_y2, s->sum_y, s->sum_y, &m->vy) != 0 ||
        centred(s->n, s->sum_x2, s->sum_x, s->sum_x, &m->vx) != 0 ||
        centred(s->n, s->sum_xy, s->sum_x, s->sum_y, &m->cxy) != 0)
        return -1;
    return 0;
}

static double pooled_theta(const lk_cuped_arm *a, const lk_cuped_arm *b)
{
    lk_cuped_arm p = {a->n + b->n, a->sum_y + b->sum_y, a->sum_y2 + b->sum_y2,
                      a->sum_x + b->sum_x, a->sum_x2 + b->sum_x2, a->sum_xy + b->sum_xy};
    moments m;
    if (arm_moments(&p, &m) != 0 || !(m.vx > 0))
        return 0;
    return m.cxy / m.vx;
}

static double adjusted_var(const moments *m, double theta)
{
    double v = m->vy + theta * theta * m->vx - 2 * theta * m->cxy;
    return v > 0 ? v : 0;
}

static void relative_lift(const moments *a, const moments *b, double theta, double z,
                          lk_cuped *out)
{
    double yb = b->my, ya = a->my;
    out->lift = out->lift_se = out->lift_lo = out->lift_hi = NAN;
    if (yb == 0)
        return;
    double yb2 = yb * yb;
    double va = adjusted_var(a, theta) / (a->n * yb2);
    double vb = (b->vy * ya * ya / yb2 - 2 * theta * b->cxy * ya / yb +
                 theta * theta * b->vx) / (b->n * yb2);
    out->lift = out->diff / yb;
    out->lift_se = sqrt(fmax(va + vb, 0));
    out->lift_lo = out->lift - z * out->lift_se;
    out->lift_hi = out->lift + z * out->lift_se;
}

void lk_cuped_arm_add(lk_cuped_arm *arm, double y, double x)
{
    arm->n += 1;
    arm->sum_y += y;
    arm->sum_y2 += y * y;
    arm->sum_x += x;
    arm->sum_x2 += x * x;
    arm->sum_xy += x * y;
}

int lk_cuped_compare(const lk_cuped_arm *a, const lk_cuped_arm *b, double alpha,
                     lk_cuped *out, lk_error *err)
{
    *out = (lk_cuped){NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (!(alpha > 0 && alpha < 1))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "alpha %g is outside (0, 1)", alpha);
    moments ma, mb;
    if (arm_moments(a, &ma) != 0 || arm_moments(b, &mb) != 0)
        return lk_error_set(err, LK_EDATA, NULL, 0, 0,
                            "cuped sums need at least 2 units per arm and consistent, "
                            "finite sums");
    double theta = pooled_theta(a, b);
    double z = gsl_cdf_ugaussian_Qinv(alpha / 2);
    double var = adjusted_var(&ma, theta) / ma.n + adjusted_var(&mb, theta) / mb.n;
    double raw = ma.vy / ma.n + mb.vy / mb.n;
    out->theta = theta;
    out->diff = (ma.my - mb.my) - theta * (ma.mx - mb.mx);
    out->diff_se = sqrt(var);
    out->diff_lo = out->diff - z * out->diff_se;
    out->diff_hi = out->diff + z * out->diff_se;
    out->p_value = var > 0 ? 2 * gsl_cdf_ugaussian_Q(fabs(out->diff) / out->diff_se) : NAN;
    out->variance_reduction = raw > 0 ? 1 - var / raw : NAN;
    relative_lift(&ma, &mb, theta, z, out);
    return LK_OK;
}
