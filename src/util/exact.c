/*
 * exact.c - order-independent sums (exact.h): a 128-bit decimal fixed
 * point for decimal terms, Shewchuk's non-overlapping partials for the
 * rest (the algorithm of J. R. Shewchuk, "Adaptive precision
 * floating-point arithmetic", 1997, with the correctly rounded total of
 * its partials).
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/exact.h"

typedef __int128 i128;
typedef unsigned __int128 u128;

static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

/* 10^k as an integer, k <= 38. */
static i128 pow10i(int k)
{
    i128 p = 1;
    while (k-- > 0)
        p *= 10;
    return p;
}

/*
 * x as k / 10^d with the fewest decimals d <= LK_EXACT_DECIMALS, when x is
 * the nearest double to that decimal and no other decimal of d places has
 * x as its nearest (|x| 10^d < 2^49: doubles there are 1/8 of 10^-d apart
 * or closer).  Returns 0 when x is no such decimal.
 */
static int decimal_of(double x, int64_t *k, int *d)
{
    double ax = fabs(x);
    if (ax < 0x1p53 && x == (double)(int64_t)x) {
        *k = (int64_t)x;
        *d = 0;
        return 1;
    }
    int dd = LK_EXACT_DECIMALS;
    while (dd > 0 && ax * p10[dd] >= 0x1p49)
        dd--;
    if (dd == 0)
        return 0;
    double y = nearbyint(x * p10[dd]);
    if (y / p10[dd] != x)
        return 0;
    int64_t kk = (int64_t)y;
    static const int steps[] = {8, 4, 2, 1};
    static const int64_t div[] = {100000000, 10000, 100, 10};
    for (int s = 0; s < 4; s++)
        if (dd >= steps[s] && kk % div[s] == 0) {
            kk /= div[s];
            dd -= steps[s];
        }
    *k = kk;
    *d = dd;
    return 1;
}

/* Shewchuk's grow-expansion: x joins the partials, which stay exact. */
static void add_bin(lk_exact *a, double x)
{
    int i = 0;
    for (int j = 0; j < a->nbin; j++) {
        double y = a->bin[j];
        if (fabs(x) < fabs(y)) {
            double t = x;
            x = y;
            y = t;
        }
        double hi = x + y, lo = y - (hi - x);
        if (lo != 0)
            a->bin[i++] = lo;
        x = hi;
    }
    if (x != 0) {
        if (i == LK_EXACT_PARTIALS) {
            /* never seen with sums of amounts; keep the largest, round the smallest two */
            a->bin[1] += a->bin[0];
            memmove(a->bin, a->bin + 1, (size_t)(i - 1) * sizeof(double));
            i--;
        }
        a->bin[i++] = x;
    }
    a->nbin = i;
}

/* The nearest double to a decimal of up to 38 digits (through strtod). */
static double dec_double(i128 v, int scale)
{
    lk_exact e = {.dec = v, .scale = scale};
    char buf[LK_EXACT_TEXT];
    lk_exact_format(&e, buf);
    return strtod(buf, NULL);
}

/* A decimal that does not fit joins the partials as its nearest double. */
static void spill(lk_exact *a, i128 v, int scale)
{
    double hi = dec_double(v, scale);
    add_bin(a, hi);
}

/* Add v / 10^d to the decimal part, or to the partials when it would not fit. */
static void add_dec(lk_exact *a, i128 v, int d)
{
    if (d > a->scale) {
        i128 up;
        if (__builtin_mul_overflow(a->dec, pow10i(d - a->scale), &up)) {
            spill(a, v, d);
            return;
        }
        a->dec = up;
        a->scale = d;
    } else if (d < a->scale && __builtin_mul_overflow(v, pow10i(a->scale - d), &v)) {
        spill(a, v, d);
        return;
    }
    i128 sum;
    if (__builtin_add_overflow(a->dec, v, &sum))
        spill(a, v, a->scale);
    else
        a->dec = sum;
}

void lk_exact_add(lk_exact *a, double x)
{
    int64_t k;
    int d;
    if (x == 0)
        return;
    if (decimal_of(x, &k, &d))
        add_dec(a, k, d);
    else
        add_bin(a, x);
}

/* x * y exactly as hi + lo (fma), into the partials. */
static void add_bin_product(lk_exact *a, double x, double y)
{
    double hi = x * y, lo = fma(x, y, -hi);
    add_bin(a, hi);
    if (lo != 0)
        add_bin(a, lo);
}

void lk_exact_add_product(lk_exact *a, double x, double y)
{
    int64_t kx, ky;
    int dx, dy;
    if (x == 0 || y == 0)
        return;
    if (decimal_of(x, &kx, &dx) && decimal_of(y, &ky, &dy))
        add_dec(a, (i128)kx * ky, dx + dy);
    else
        add_bin_product(a, x, y);
}

void lk_exact_add_moments(lk_exact *a, lk_exact *sq, double x)
{
    int64_t k;
    int d;
    if (x == 0)
        return;
    if (decimal_of(x, &k, &d)) {
        add_dec(a, k, d);
        add_dec(sq, (i128)k * k, 2 * d);
    } else {
        add_bin(a, x);
        add_bin_product(sq, x, x);
    }
}

void lk_exact_merge(lk_exact *a, const lk_exact *b)
{
    if (b->dec != 0)
        add_dec(a, b->dec, b->scale);
    for (int j = 0; j < b->nbin; j++)
        add_bin(a, b->bin[j]);
}

/* Digits of text as v / 10^scale; 0, or -1 when it is not that simple. */
static int parse_decimal(const char *s, size_t len, i128 *v, int *scale)
{
    size_t i = 0;
    int neg = 0, digits = 0, any = 0, frac = 0, point = 0;
    i128 k = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    for (; i < len; i++) {
        if (s[i] == '.' && !point) {
            point = 1;
            continue;
        }
        if (!isdigit((unsigned char)s[i]))
            break;
        any = 1;
        if (k == 0 && s[i] == '0') {
            frac += point;
            continue;
        }
        if (++digits > 38)
            return -1;
        k = k * 10 + (s[i] - '0');
        frac += point;
    }
    long e = 0;
    if (any && i < len && (s[i] == 'e' || s[i] == 'E')) {
        char buf[8], *end;
        size_t n = len - i - 1;
        if (n == 0 || n >= sizeof(buf))
            return -1;
        memcpy(buf, s + i + 1, n);
        buf[n] = '\0';
        e = strtol(buf, &end, 10);
        if (*end)
            return -1;
        i = len;
    }
    if (!any || i != len || e > 38 || e < -38)
        return -1;
    long sc = frac - e;
    if (sc < 0) {
        if (digits - sc > 38)
            return -1;
        k *= pow10i((int)-sc);
        sc = 0;
    }
    if (sc > 38)
        return -1;
    *v = neg ? -k : k;
    *scale = (int)sc;
    return 0;
}

int lk_exact_add_text(lk_exact *a, const char *text, size_t len)
{
    i128 v;
    int scale;
    if (!parse_decimal(text, len, &v, &scale)) {
        if (v != 0)
            add_dec(a, v, scale);
        return 0;
    }
    /* strtod needs the text terminated: a copy, on the heap when long */
    char small[128], *buf = len < sizeof(small) ? small : malloc(len + 1);
    if (len == 0 || !buf)
        return -1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *end;
    double x = strtod(buf, &end);
    int bad = *end || !isfinite(x);
    if (buf != small)
        free(buf);
    if (bad)
        return -1;
    lk_exact_add(a, x);
    return 0;
}

/* The correctly rounded sum of the partials (the last step of Python's fsum). */
static double bin_value(const double *p, int n)
{
    if (n == 0)
        return 0;
    double hi = p[--n], lo = 0;
    while (n > 0) {
        double x = hi, y = p[--n];
        hi = x + y;
        lo = y - (hi - x);
        if (lo != 0)
            break;
    }
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
        double y = lo * 2, x = hi + y;
        if (y == x - hi)
            hi = x;
    }
    return hi;
}

double lk_exact_value(const lk_exact *a)
{
    double d = a->dec ? dec_double(a->dec, a->scale) : 0;
    if (a->nbin == 0)
        return d;
    lk_exact all = *a;
    add_bin(&all, d);
    return bin_value(all.bin, all.nbin);
}

int lk_exact_is_decimal(const lk_exact *a)
{
    return a->nbin == 0;
}

void lk_exact_format(const lk_exact *a, char *buf)
{
    if (a->nbin) {
        snprintf(buf, LK_EXACT_TEXT, "%.17g", lk_exact_value(a));
        return;
    }
    char digits[48];
    int n = 0;
    u128 m = a->dec < 0 ? -(u128)a->dec : (u128)a->dec;
    do {
        digits[n++] = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m);
    int scale = a->scale, skip = 0;
    while (skip < scale && (skip >= n || digits[skip] == '0'))
        skip++;
    char *o = buf;
    if (a->dec < 0)
        *o++ = '-';
    for (int i = n > scale ? n - 1 : scale; i >= skip; i--) {
        *o++ = i < n ? digits[i] : '0';
        if (i == scale && scale > skip)
            *o++ = '.';
    }
    if (o == buf || (a->dec < 0 && o == buf + 1))
        *o++ = '0';
    *o = '\0';
}

double lk_exact_sum2(double a, double b)
{
    int64_t ka, kb;
    int da, db;
    if (a == 0 || b == 0)
        return a + b;
    if (!decimal_of(a, &ka, &da) || !decimal_of(b, &kb, &db))
        return a + b;
    i128 k = (i128)ka * (i128)pow10i(da < db ? db - da : 0) +
             (i128)kb * (i128)pow10i(db < da ? da - db : 0);
    int d = da > db ? da : db;
    if (k >= (i128)1 << 53 || k <= -((i128)1 << 53))
        return a + b;
    return (double)(int64_t)k / p10[d];
}
