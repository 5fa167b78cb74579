/*
 * fieller.h - Fieller's interval for the relative lift of a mean
 * (docs/methods.md, "Fieller's interval").
 *
 * For arm means m_a, m_b with squared standard errors v_a = s_a^2 / n_a and
 * v_b = s_b^2 / n_b (the Welch test's), the confidence set for R = m_a / m_b
 * at level 1 - alpha is { R : (m_a - R m_b)^2 <= t^2 (v_a + R^2 v_b) }, t the
 * Student quantile 1 - alpha/2 at the Welch-Satterthwaite degrees of
 * freedom.  The lift interval is that set minus one.  R = 1 belongs to the
 * set exactly when |m_a - m_b| <= t sqrt(v_a + v_b), that is when the Welch
 * test does not reject: the interval excludes 0 exactly when the Welch
 * p-value is below alpha, by construction.
 *
 * The set is a bounded interval only when m_b^2 > t^2 v_b (the baseline mean
 * is itself significantly away from 0).  Otherwise it is the whole line, a
 * half-line, or the union of two disjoint rays, and no pair of numbers
 * describes it; the status says which and the bounds are NaN.
 */
#ifndef LIFTKIT_FIELLER_H
#define LIFTKIT_FIELLER_H

typedef enum lk_fieller_status {
    LK_FIELLER_BOUNDED = 0,  /* lo <= R - 1 <= hi */
    LK_FIELLER_UNBOUNDED,    /* m_b^2 <= t^2 v_b and the set is the line or a half-line */
    LK_FIELLER_EXCLUSIVE,    /* m_b^2 < t^2 v_b: R - 1 <= lo' or >= hi', two disjoint rays */
    LK_FIELLER_UNDEFINED     /* n < 2 in an arm, both variances 0, or bad input */
} lk_fieller_status;

typedef struct lk_fieller {
    lk_fieller_status status;
    double lift;          /* m_a / m_b - 1, NaN if m_b = 0 */
    double lo, hi;        /* bounds of the lift when BOUNDED, else NaN */
    double df;            /* Welch-Satterthwaite degrees of freedom */
    double t;             /* the Student quantile used */
    int excludes_zero;    /* 1 when lift 0 (R = 1) is outside the set, whatever the status */
} lk_fieller;

/*
 * Fieller's interval for m_a / m_b - 1 from each arm's count n, mean m and
 * sample variance var (ddof 1), at level 1 - alpha.  Always fills *out;
 * returns its status.
 */
lk_fieller_status lk_fieller_lift(double n_a, double m_a, double var_a, double n_b, double m_b,
                                  double var_b, double alpha, lk_fieller *out);

/* A short lowercase phrase for a status, for a note column ("baseline mean not
   distinguishable from 0: interval unbounded"); "" for BOUNDED. */
const char *lk_fieller_note(lk_fieller_status status);

#endif
