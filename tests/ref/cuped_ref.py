# Reference numbers for tests/unit/test_cuped.c.  Generates 10,000 units per
# arm (seed 20261206), prints each arm's sufficient statistics (exact sums,
# math.fsum), then
#  - an independent numpy implementation of the CUPED formulas on the raw
#    units (adjusted unit values y - theta (x - xbar), their sample
#    variances, and GrowthBook's relative-lift variance from per-arm
#    covariance matrices);
#  - statsmodels OLS y ~ treat + x: the coefficient of treat and its SE.
# Run: /usr/bin/python3 tests/ref/cuped_ref.py
import math
import numpy as np
import statsmodels.api as sm
from scipy.stats import norm

rng = np.random.default_rng(20261206)
n = 10000
x = rng.normal(100.0, 20.0, 2 * n)
treat = np.repeat([1.0, 0.0], n)
y = 50.0 + 0.8 * x + 2.0 * treat + rng.normal(0.0, 15.0, 2 * n)
a, b = treat == 1, treat == 0
for name, m in (("a", a), ("b", b)):
    ya, xa = y[m], x[m]
    print(name, "{%d, %r, %r, %r, %r, %r}" % (m.sum(), math.fsum(ya), math.fsum(ya * ya),
          math.fsum(xa), math.fsum(xa * xa), math.fsum(xa * ya)))

theta = np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1)
adj = y - theta * (x - x.mean())
diff = adj[a].mean() - adj[b].mean()
var = np.var(adj[a], ddof=1) / n + np.var(adj[b], ddof=1) / n
se = math.sqrt(var)
p = 2 * norm.sf(abs(diff) / se)
raw = np.var(y[a], ddof=1) / n + np.var(y[b], ddof=1) / n
ca, cb = np.cov(y[a], x[a], ddof=1), np.cov(y[b], x[b], ddof=1)
Ya, Yb = y[a].mean(), y[b].mean()
vl = ((ca[0, 0] + theta ** 2 * ca[1, 1] - 2 * theta * ca[0, 1]) / (n * Yb ** 2) +
      (cb[0, 0] * Ya ** 2 / Yb ** 2 - 2 * theta * cb[0, 1] * Ya / Yb + theta ** 2 * cb[1, 1])
      / (n * Yb ** 2))
print("theta", repr(theta), "diff", repr(diff), "se", repr(se), "p", repr(p))
print("lift", repr(diff / Yb), "lift_se", repr(math.sqrt(vl)), "vr", repr(1 - var / raw))
ols = sm.OLS(y, sm.add_constant(np.column_stack([treat, x]))).fit()
print("ols treat", repr(ols.params[1]), "se", repr(ols.bse[1]))
