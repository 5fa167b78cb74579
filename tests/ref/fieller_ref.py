# Reference bounds for tests/unit/test_fieller.c: the roots of
# f(R) = (m_a - R m_b)^2 - t^2 (v_a + R^2 v_b), found numerically with
# scipy's brentq on each side of the point estimate (not the quadratic
# formula), t = scipy.stats.t.ppf at the Welch-Satterthwaite df, and the
# Welch p-value of scipy.stats.ttest_ind_from_stats(equal_var=False).
# Run: /usr/bin/python3 tests/ref/fieller_ref.py
import numpy as np
from scipy.optimize import brentq
from scipy.stats import t as tdist, ttest_ind_from_stats

def fieller(na, ma, sa2, nb, mb, sb2, alpha=0.05):
    va, vb = sa2 / na, sb2 / nb
    df = (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1))
    t = tdist.ppf(1 - alpha / 2, df)
    f = lambda r: (ma - r * mb) ** 2 - t * t * (va + r * r * vb)
    r0 = ma / mb
    step = 1.0
    while f(r0 - step) < 0: step *= 2
    lo = brentq(f, r0 - step, r0, xtol=1e-15, rtol=1e-15)
    step = 1.0
    while f(r0 + step) < 0: step *= 2
    hi = brentq(f, r0, r0 + step, xtol=1e-15, rtol=1e-15)
    p = ttest_ind_from_stats(ma, np.sqrt(sa2), na, mb, np.sqrt(sb2), nb, equal_var=False).pvalue
    print(repr(df), repr(r0 - 1), repr(lo - 1), repr(hi - 1), "p", repr(p))

fieller(5000, 52.3, 410.0 ** 2, 5000, 45.1, 380.0 ** 2)   # balances, not significant
fieller(800, 120.0, 900.0 ** 2, 900, 60.0, 500.0 ** 2)    # significant, unequal n
fieller(30, 8.0, 4.0, 25, 10.0, 9.0)                      # lower than baseline
