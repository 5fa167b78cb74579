# Reference numbers for tests/cli/cases/lift_pool.sh (--random): statsmodels
# combine_effects(method_re="dl") on the three waves of tests/data/pool,
# the log ratios and standard errors read back from each wave's interval as
# pool.h describes (rates: Katz log interval).
# Run: /usr/bin/python3 tests/ref/pool_random_cli_ref.py
import numpy as np
from scipy.stats import norm
from statsmodels.stats.meta_analysis import combine_effects
z = norm.ppf(0.975)
rate = [(0.18, 0.09, 0.28), (0.10, 0.02, 0.19), (0.25, 0.12, 0.40)]
theta = np.array([np.log1p(l) for l, lo, hi in rate])
se = np.array([(np.log1p(hi) - np.log1p(lo)) / (2 * z) for l, lo, hi in rate])
r = combine_effects(theta, se ** 2, method_re="dl")
f = r.summary_frame().loc["random effect"]
print("lift_re", repr(np.expm1(f.eff)), "lo", repr(np.expm1(f.ci_low)),
      "hi", repr(np.expm1(f.ci_upp)), "tau2", repr(r.tau2))
