/*
 * cap.c - the cap of a balance metric and winsorizing at it (cap.h).
 *
 * The percentile copies the nonzero values, finds with GSL's selection the
 * two order statistics the interpolated quantile reads (no full sort) and
 * interpolates with GSL; the input stays untouched so the caller can
 * compute the cap over all arms and then winsorize each arm's values.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "liftkit/cap.h"

static int bad_spec(const char *text, lk_error *err)
{
    return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                        "invalid cap '%s': expected none, pNN, pNN.N or a positive amount",
                        text);
}

/* "NN" or "NN.N" after the 'p': one to three digits, at most one decimal. */
static int parse_percentile(const char *s, double *pct)
{
    size_t i = 0;
    while (isdigit((unsigned char)s[i]))
        i++;
    if (i < 1 || i > 3)
        return -1;
    if (s[i] == '.') {
        if (!isdigit((unsigned char)s[i + 1]) || s[i + 2] != '\0')
            return -1;
    } else if (s[i] != '\0') {
        return -1;
    }
    *pct = strtod(s, NULL);
    return *pct > 0 && *pct <= 100 ? 0 : -1;
}

int lk_cap_parse(const char *text, lk_cap_spec *spec, lk_error *err)
{
    if (!text || !*text)
        return bad_spec(text ? text : "", err);
    if (!strcmp(text, "none")) {
        *spec = (lk_cap_spec){LK_CAP_NONE, NAN};
        return LK_OK;
    }
    if (text[0] == 'p') {
        double pct;
        if (parse_percentile(text + 1, &pct) != 0)
            return bad_spec(text, err);
        *spec = (lk_cap_spec){LK_CAP_PERCENTILE, pct};
        return LK_OK;
    }
    char *end;
    errno = 0;
    double amount = strtod(text, &end);
    if (end == text || *end != '\0' || errno == ERANGE || !isfinite(amount) || !(amount > 0) ||
        isspace((unsigned char)text[0]))
        return bad_spec(text, err);
    *spec = (lk_cap_spec){LK_CAP_AMOUNT, amount};
    return LK_OK;
}

/*
 * gsl_stats_quantile_from_sorted_data(x sorted, f) without sorting x (n > 0;
 * x is reordered).  That quantile reads two order statistics only, the
 * i-th and (i+1)-th smallest for i = (int)(f * (n - 1)): each is found by
 * GSL's selection and put where the sorted array has it, then GSL's own
 * interpolation reads them, so the cap is the sorted one to the last bit.
 */
static double quantile_by_selection(double *x, size_t n, double f)
{
    size_t lhs = (size_t)(int)(f * (double)(n - 1));
    double lo = gsl_stats_select(x, 1, n, lhs);
    double hi = lhs + 1 < n ? gsl_stats_select(x, 1, n, lhs + 1) : lo;
    x[lhs] = lo;
    if (lhs + 1 < n)
        x[lhs + 1] = hi;
    return gsl_stats_quantile_from_sorted_data(x, 1, n, f);
}

int lk_cap_percentile_nonzero(const double *x, size_t n, double pct, double *out,
                              lk_error *err)
{
    if (!(pct >= 0 && pct <= 100))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "percentile %g is outside [0, 100]",
                            pct);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return lk_error_set(err, LK_EDATA, NULL, 0, 0,
                                "value %zu is not a finite number", i + 1);
        m += x[i] != 0;
    }
    *out = NAN;
    if (m == 0)
        return LK_OK;
    double *nz = malloc(m * sizeof(*nz));
    if (!nz)
        return lk_error_nomem(err);
    m = 0;
    for (size_t i = 0; i < n; i++)
        if (x[i] != 0)
            nz[m++] = x[i];
    *out = quantile_by_selection(nz, m, pct / 100);
    free(nz);
    return LK_OK;
}

int lk_cap_value(const lk_cap_spec *spec, const double *x, size_t n, double *cap,
                 lk_error *err)
{
    switch (spec->kind) {
    case LK_CAP_AMOUNT:
        *cap = spec->value;
        return LK_OK;
    case LK_CAP_PERCENTILE: {
        int rc = lk_cap_percentile_nonzero(x, n, spec->value, cap, err);
        if (!rc && isnan(*cap))
            *cap = INFINITY;
        return rc;
    }
    case LK_CAP_NONE:
    default:
        *cap = INFINITY;
        return LK_OK;
    }
}

size_t lk_winsorize(double *x, size_t n, double cap)
{
    size_t lowered = 0;
    if (isnan(cap))
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (x[i] > cap) {
            x[i] = cap;
            lowered++;
        }
    }
    return lowered;
}
