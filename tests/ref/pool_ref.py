# Reference numbers for tests/unit/test_pool.c: statsmodels' fixed-effect
# meta-analysis (combine_effects) on the log ratios and standard errors
# read back from each wave's interval as pool.h describes.
# Run: /usr/bin/python3 tests/ref/pool_ref.py
import numpy as np
from scipy.stats import norm
from scipy.stats import chi2
from statsmodels.stats.meta_analysis import combine_effects
z = norm.ppf(0.975)

def show(name, theta, se):
    r = combine_effects(np.array(theta), np.array(se) ** 2)
    f = r.summary_frame().loc["fixed effect"]
    qp = chi2.sf(r.q, r.df) if r.df > 0 else float("nan")
    pz = 2 * norm.sf(abs(f.eff / f.sd_eff))
    print(name, "theta", repr(f.eff), "se", repr(f.sd_eff), "lift", repr(np.expm1(f.eff)),
          "lo", repr(np.expm1(f.ci_low)), "hi", repr(np.expm1(f.ci_upp)), "p", repr(pz),
          "q", repr(r.q), "q_p", repr(qp), "i2(statsmodels, untruncated)", repr(r.i2))

# rates: theta = log(1+lift), se = (log(1+hi) - log(1+lo)) / (2 z)
rate = [(0.18, 0.09, 0.28), (0.10, 0.02, 0.19), (0.25, 0.12, 0.40)]
show("rates", [np.log1p(l) for l, lo, hi in rate],
     [(np.log1p(hi) - np.log1p(lo)) / (2 * z) for l, lo, hi in rate])
# means (welch): se = (hi - lo) / (2 z) / (1 + lift), two waves
mean = [(0.05, -0.02, 0.12), (0.08, 0.01, 0.15)]
show("means", [np.log1p(l) for l, lo, hi in mean],
     [(hi - lo) / (2 * z) / (1 + l) for l, lo, hi in mean])
# homogeneous waves: Q below its df, I^2 truncated to 0
same = [(0.10, 0.00, 0.21), (0.11, 0.01, 0.22)]
show("same", [np.log1p(l) for l, lo, hi in same],
     [(np.log1p(hi) - np.log1p(lo)) / (2 * z) for l, lo, hi in same])
