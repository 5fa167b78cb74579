# Reference numbers for tests/unit/test_segments.c: per segment the pooled
# z-test p-value (statsmodels proportions_ztest), Benjamini-Hochberg over the
# segments (multipletests(method="fdr_bh")), and Cochran's Q, its p and I^2
# (combine_effects on the log ratios with Katz variances
# 1/x1 - 1/n1 + 1/x2 - 1/n2).  Segment e has fewer than 100 units in an
# arm, so it is left out of both.
# Run: /usr/bin/python3 tests/ref/segments_ref.py
import numpy as np
from scipy.stats import chi2
from statsmodels.stats.meta_analysis import combine_effects
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

# (responders, units) of champion, challenger, holdout per segment
seg = {"a": ((40, 400), (55, 410), (12, 200)),
       "b": ((30, 500), (45, 480), (10, 250)),
       "c": ((33, 300), (30, 310), (11, 150)),
       "d": ((48, 600), (70, 590), (15, 300))}
for name, (arm, vs) in (("challenger-champion", (1, 0)),
                        ("champion-holdout", (0, 2)),
                        ("challenger-holdout", (1, 2))):
    p, theta, var = [], [], []
    for s in "abcd":
        (x1, n1), (x2, n2) = seg[s][arm], seg[s][vs]
        p.append(proportions_ztest([x1, x2], [n1, n2])[1])
        theta.append(np.log((x1 / n1) / (x2 / n2)))
        var.append(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2)
    fdr = multipletests(p, method="fdr_bh")[1]
    r = combine_effects(np.array(theta), np.array(var))
    q = r.q
    print(name, "p_fdr", [repr(v) for v in fdr])
    print(name, "q", repr(q), "q_p", repr(chi2.sf(q, 3)), "i2", repr(r.i2))
