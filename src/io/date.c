/*
 * date.c - ISO dates as day numbers, and strict number parsing.
 *
 * Dates are kept as days since 1970-01-01 so windows and lags are integer
 * arithmetic.  The conversion is the proleptic Gregorian day count by eras
 * of 400 years (146097 days), exact for every year 0000-9999.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/date.h"

static int32_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int lk_date_parse(const char *s, size_t len, int32_t *day)
{
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    unsigned m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
    unsigned d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
    if (m < 1 || m > 12 || d < 1)
        return -1;
    unsigned dim = mdays[m - 1] + (m == 2 && is_leap(y));
    if (d > dim)
        return -1;
    *day = days_from_civil(y, m, d);
    return 0;
}

int lk_date_in_range(int32_t day)
{
    return day >= days_from_civil(LK_DATE_MIN_YEAR, 1, 1) &&
           day <= days_from_civil(LK_DATE_MAX_YEAR, 12, 31);
}

void lk_date_format(int32_t day, char *buf)
{
    int32_t z = day + 719468;
    const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    int y = (int)yoe + era * 400 + (m <= 2);
    if (y < 0 || y > 9999) {
        memcpy(buf, "0000-00-00", 11);
        return;
    }
    const unsigned v[3][2] = {{(unsigned)y / 100, (unsigned)y % 100}, {m, 0}, {d, 0}};
    char *p = buf;
    for (int i = 0; i < 3; i++) {
        if (i)
            *p++ = '-';
        for (int j = 0; j < (i ? 1 : 2); j++) {
            *p++ = (char)('0' + v[i][j] / 10);
            *p++ = (char)('0' + v[i][j] % 10);
        }
    }
    *p = '\0';
}

/*
 * The plain decimal [+-]digits[.digits] whose digits make an integer m of
 * at most 2^53 with k <= 22 of them after the point: m and 10^k are exact
 * doubles, so m / 10^k, one correctly rounded division, is the double
 * nearest the decimal, the value strtod returns (Clinger's fast path).
 * 0 and *v set, or -1 for anything else (strtod then decides).
 */
static int parse_plain(const char *s, size_t len, double *v)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = s[0] == '-' || s[0] == '+';
    uint64_t m = 0;
    size_t digits = 0, frac = 0;
    int point = 0;
    for (; i < len; i++) {
        unsigned d = (unsigned char)s[i] - '0';
        if (d <= 9) {
            if (m > ((uint64_t)1 << 53) / 10)
                return -1;
            m = m * 10 + d;
            digits++;
            frac += point;
        } else if (s[i] == '.' && !point && digits) {
            point = 1;
        } else {
            return -1;
        }
    }
    if (!digits || (point && s[len - 1] == '.') || m > ((uint64_t)1 << 53) || frac > 22)
        return -1;
    double x = (double)m / pow10[frac];
    *v = s[0] == '-' ? -x : x;
    return 0;
}

int lk_parse_double(const char *s, size_t len, double *v)
{
    if (len == 0 || len > 64 || s[0] == ' ' || s[len - 1] == ' ')
        return -1;
    if (parse_plain(s, len, v) == 0)
        return 0;
    char tmp[65];
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    char *end;
    errno = 0;
    double x = strtod(tmp, &end);
    /* ERANGE on a result below DBL_MIN is underflow: the subnormal (or
       zero) strtod returns is the nearest double, as written; only an
       overflow, infinite, is refused. */
    if (end != tmp + len || (errno == ERANGE && fabs(x) >= DBL_MIN) || !isfinite(x))
        return -1;
    /* strtod also takes hex and "nan"/"inf"; accept plain decimals only. */
    for (size_t i = 0; i < len; i++)
        if (tmp[i] == 'x' || tmp[i] == 'X' || tmp[i] == 'n' || tmp[i] == 'N')
            return -1;
    *v = x;
    return 0;
}
