# Reference numbers for tests/unit/test_noninferiority.c: statsmodels
# test_proportions_2indep (Wald, unpooled variance, one-sided "smaller")
# of p_arm - p_vs against the margin, and the one-sided bounds with scipy.
# Run: /usr/bin/python3 tests/ref/noninferiority_ref.py
import numpy as np
from scipy.stats import norm
from statsmodels.stats.proportion import test_proportions_2indep
for xa, na, xv, nv, margin in ((52, 10000, 45, 10000, 0.002),
                               (140, 10000, 60, 10000, 0.002),
                               (61, 10000, 50, 10000, 0.002),
                               (100, 40000, 104, 40000, 0.002)):
    r = test_proportions_2indep(xa, na, xv, nv, value=margin, method="wald",
                                compare="diff", alternative="smaller")
    pa, pv = xa / na, xv / nv
    se = np.sqrt(pa * (1 - pa) / na + pv * (1 - pv) / nv)
    zq = norm.ppf(0.95)
    print(repr(r.statistic), repr(r.pvalue), "lower", repr(pa - pv - zq * se),
          "upper", repr(pa - pv + zq * se))
