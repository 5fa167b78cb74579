# Reference numbers for tests/unit/test_sequential.c: the asymptotic
# confidence sequence written out from docs/methods.md in numpy, on the
# published example (1396/3000 baseline vs 2422/3461) and on a mean.
# Run: /usr/bin/python3 tests/ref/sequential_ref.py
import numpy as np

def cs(est, se, N, alpha=0.05, tuning=5000.0):
    rho2 = (-2 * np.log(alpha) + np.log(1 - 2 * np.log(alpha))) / tuning
    hw = se * np.sqrt(N) * np.sqrt(2 * (N * rho2 + 1) / (N ** 2 * rho2)
                                   * np.log(np.sqrt(N * rho2 + 1) / alpha))
    z = est / se
    p = min(1.0, np.sqrt(N * rho2 + 1) * np.exp(-N * rho2 * z * z / (2 * (N * rho2 + 1))))
    print(repr(est), repr(se), repr(est - hw), repr(est + hw), "p", repr(p))

pa, na, pb, nb = 2422 / 3461, 3461, 1396 / 3000, 3000
cs(pa / pb - 1, np.sqrt(pa * (1 - pa) / (na * pb ** 2) + pb * (1 - pb) * pa ** 2 / (nb * pb ** 4)), na + nb)
cs(pa - pb, np.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb), na + nb)
# means: n 4000/4200, mean 52.0/50.0, var 900/1000
cs(52.0 - 50.0, np.sqrt(900 / 4000 + 1000 / 4200), 8200)
cs(52.0 / 50.0 - 1, np.sqrt(900 / (4000 * 50.0 ** 2) + 1000 * 52.0 ** 2 / (4200 * 50.0 ** 4)), 8200,
   alpha=0.1, tuning=20000.0)
