/*
 * exact.h - sums that do not depend on the order of their terms
 * (library-internal: used by the lift's sums in measure/, the per-unit
 * amounts in units.c and snapshots.c, and the summary writer in tables/).
 *
 * Money and counts are decimals.  A sum of doubles rounds at every step,
 * so the same values added in another order (four partitions, then their
 * totals) can differ in the last bits, and a table printed to 12 digits in
 * its last digit.  An lk_exact holds the sum of the decimal values exactly:
 * a 128-bit integer in units of 10^-scale, scale growing to the most
 * decimals any term had.  A double counts as the decimal of at most
 * LK_EXACT_DECIMALS places that it is the nearest double to (what strtod
 * gives for "123.45" counts as 12345/100), when that decimal is unique.
 * Other terms (a mean, a cap between two values) and a decimal sum past
 * 38 digits go to non-overlapping binary partials (Shewchuk's algorithm),
 * which hold the exact sum of those doubles; the value of the whole is
 * then their correctly rounded sum with the decimal part's nearest double.
 * Everything stays exact and independent of the order of the terms except
 * that last case, where the decimal part is rounded once.
 */
#ifndef LIFTKIT_EXACT_H
#define LIFTKIT_EXACT_H

#include <stddef.h>

/* Decimals a double term may have and still count as a decimal. */
#define LK_EXACT_DECIMALS 9
/*
 * Binary partials kept; past it the two smallest are rounded into one.
 * Sums of amounts need two or three; twelve keep an lk_exact at 112 bytes
 * (a table per segment holds 50 per arm).
 */
#define LK_EXACT_PARTIALS 12
/* Characters lk_exact_format may write, with the terminating NUL. */
#define LK_EXACT_TEXT 64

typedef struct lk_exact {
    __int128 dec;               /* the decimal terms' sum, in units of 10^-scale */
    int scale;                  /* its decimals: the most any term had */
    int nbin;                   /* binary partials in use */
    double bin[LK_EXACT_PARTIALS];  /* the other terms' exact sum, smallest first */
} lk_exact;

/* Add x (finite) to a; an all-zero lk_exact is an empty sum. */
void lk_exact_add(lk_exact *a, double x);
/* Add x * y exactly (both finite): sums of squares and cross products. */
void lk_exact_add_product(lk_exact *a, double x, double y);
/* Add x to a and x * x to sq, x classified once (a sum and its squares). */
void lk_exact_add_moments(lk_exact *a, lk_exact *sq, double x);
/* Add the sum b to a. */
void lk_exact_merge(lk_exact *a, const lk_exact *b);

/*
 * Add the number written in text (len bytes: an optional sign, digits with
 * an optional point, an optional exponent) as the decimal it says, up to
 * 38 significant digits; other numbers strtod reads are added as their
 * double.  Returns 0, or -1 when text is not a number (a is unchanged).
 */
int lk_exact_add_text(lk_exact *a, const char *text, size_t len);

/* The sum as the nearest double (correctly rounded when decimal only). */
double lk_exact_value(const lk_exact *a);
/* 1 when every term was a decimal and the sum fits: the text is exact. */
int lk_exact_is_decimal(const lk_exact *a);
/*
 * The sum as text in buf (LK_EXACT_TEXT bytes): every digit of a decimal
 * sum ("1234.5", "-0.001", "0"), else the value's 17 significant digits.
 */
void lk_exact_format(const lk_exact *a, char *buf);

/*
 * a + b for two amounts of one unit: the nearest double to their decimal
 * sum when both are decimals (as lk_exact counts them), else a + b.  So a
 * unit's amount is the double of the exact sum of its rows.
 */
double lk_exact_sum2(double a, double b);

#endif
