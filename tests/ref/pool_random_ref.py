# Reference numbers for tests/unit/test_pool_random.c: statsmodels
# combine_effects(method_re="dl"), row "random effect", and its tau2.
# Run: /usr/bin/python3 tests/ref/pool_random_ref.py
import numpy as np
from statsmodels.stats.meta_analysis import combine_effects
for theta, se in (([0.165514438477, 0.0953101798043, 0.223143551314, 0.40, -0.05],
                   [0.05, 0.045, 0.06, 0.08, 0.07]),
                  ([0.10, 0.11, 0.09], [0.05, 0.06, 0.055])):
    r = combine_effects(np.array(theta), np.array(se) ** 2, method_re="dl")
    f = r.summary_frame().loc["random effect"]
    print("tau2", repr(r.tau2), "eff", repr(f.eff), "sd", repr(f.sd_eff),
          "lo", repr(f.ci_low), "hi", repr(f.ci_upp), "q", repr(r.q))
