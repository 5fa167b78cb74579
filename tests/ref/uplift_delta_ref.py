# Reference numbers for the delta-method comparison in tests/unit/test_uplift_delta.c
# (test_delta_se_matches_numerical_derivatives): the infinitesimal-jackknife
# standard error of D = coefficient(score a) - coefficient(score b), found by
# numerical differentiation of the weighted statistic, numpy only.
#
# The statistic is written afresh from scikit-uplift's documented curves
# (qini_curve, uplift_curve, perfect_qini_curve with negative_effect=True,
# perfect_uplift_curve, qini_auc_score, uplift_auc_score) with each unit
# weighted by w_i: cumulative weighted counts at the end of each tie block,
# the perfect orderings by sorting on their keys.  Units without a score
# (NaN) leave that score's statistic but stay in their group.  U_i is a
# central difference of D in w_i (step 1e-5 at w = 1); the variance is
# sum over groups of sum (U_i - group mean)^2 (the two-sample bootstrap's
# multinomial weights, no n/(n-1)).  The exact jackknife (leave one out)
# is printed beside it: it agrees to O(1/n).
# Run: /usr/bin/python3 tests/ref/uplift_delta_ref.py
import numpy as np

def curves(y, t, w, key):
    # tie blocks of key, descending; weighted cumulative counts at block ends
    o = np.argsort(-key, kind="mergesort")
    y, t, w, k = y[o], t[o], w[o], key[o]
    ends = np.r_[np.where(np.diff(k) != 0)[0], len(k) - 1]
    nt = np.cumsum(w * t)[ends]; yt = np.cumsum(w * t * y)[ends]
    nc = np.cumsum(w * (1 - t))[ends]; yc = np.cumsum(w * (1 - t) * y)[ends]
    n = nt + nc
    q = yt - yc * np.divide(nt, nc, out=np.zeros_like(nt), where=nc != 0)
    rt = np.divide(yt, nt, out=np.zeros_like(yt), where=nt != 0)
    rc = np.divide(yc, nc, out=np.zeros_like(yc), where=nc != 0)
    return np.r_[0, n], np.r_[0, q], np.r_[0, (rt - rc) * n]

def area(x, v):
    return float(np.sum(np.diff(x) * (v[1:] + v[:-1]) / 2))

def coefficients(y, t, w, score):
    keep = ~np.isnan(score)
    y, t, w, s = y[keep], t[keep], w[keep], score[keep]
    x, q, u = curves(y, t, w, s)
    xq, pq, _ = curves(y, t, w, y * t - y * (1 - t))
    cr = np.sum(w * y * (1 - t)); tn = np.sum(w * (1 - y) * t)
    xu, _, pu = curves(y, t, w, 2.0 * (y == t) + (y if cr > tn else t))
    lq, lu = x[-1] * q[-1] / 2, x[-1] * u[-1] / 2
    return ((area(x, q) - lq) / (area(xq, pq) - lq), (area(x, u) - lu) / (area(xu, pu) - lu))

def diff(y, t, w, a, b):
    qa, ua = coefficients(y, t, w, a)
    qb, ub = coefficients(y, t, w, b)
    return np.array([qa - qb, ua - ub])

def ij_se(y, t, a, b, h=1e-5):
    n = len(y)
    U = np.zeros((n, 2))
    for i in range(n):
        wp, wm = np.ones(n), np.ones(n)
        wp[i] += h; wm[i] -= h
        U[i] = (diff(y, t, wp, a, b) - diff(y, t, wm, a, b)) / (2 * h)
    var = sum(((U[t == g] - U[t == g].mean(axis=0)) ** 2).sum(axis=0) for g in (0, 1))
    return np.sqrt(var), U

def jackknife_se(y, t, a, b):
    # leave one out within each group; sum over groups of (n_g-1)/n_g sum (D_(i) - mean)^2
    n = len(y)
    d = np.array([diff(y, t, np.where(np.arange(n) == i, 0.0, 1.0), a, b) for i in range(n)])
    var = sum((np.sum(t == g) - 1) / np.sum(t == g) *
              ((d[t == g] - d[t == g].mean(axis=0)) ** 2).sum(axis=0) for g in (0, 1))
    return np.sqrt(var)

def show(name, y, t, a, b):
    # a case's data as the C test spells it, D, its IJ se (steps 1e-5 and
    # 1e-4) and the exact jackknife's; returns the influence values
    nums = lambda v: ",".join("NAN" if np.isnan(x) else repr(float(x)) for x in v)
    print(name, "t", ",".join("%d" % v for v in t))
    print(name, "y", ",".join("%d" % v for v in y))
    print(name, "a", nums(a))
    print(name, "b", nums(b))
    d = diff(y, t, np.ones(len(y)), a, b)
    se, U = ij_se(y, t, a, b)
    coarse = ij_se(y, t, a, b, 1e-4)[0]
    print(name, "D qini", repr(d[0]), "auuc", repr(d[1]))
    print(name, "IJ se qini", repr(se[0]), "auuc", repr(se[1]))
    print(name, "IJ se with step 1e-4: qini", repr(coarse[0]), "auuc", repr(coarse[1]))
    print(name, "jackknife se", jackknife_se(y, t, a, b))
    return U

# case "forty" of uplift_ref.py plus three units: 40-41 without score a,
# 42 without score b; units 5 and 11 lose score a and b as well.  Unit 43
# of the C fixture is of another arm and is not here at all.
g = np.random.default_rng(7)
t4 = (g.random(40) < 0.6).astype(int)
s4 = np.round(g.random(40), 1)
y4 = (g.random(40) < 0.3 + 0.3 * t4 * s4).astype(int)
g2 = np.random.default_rng(8)
t = np.r_[t4, 1, 0, 1].astype(float)
y = np.r_[y4, 1, 0, 1].astype(float)
a = np.r_[s4, np.nan, np.nan, 0.4]
b = np.round(0.5 * a + 0.5 * g2.random(43), 1)
b[40], b[41] = 0.9, 0.1
b[42] = np.nan
a[5] = np.nan
b[11] = np.nan
U = show("delta", y, t, a, b)
print("delta U qini of units 0, 5, 40, 42:", [repr(U[i, 0]) for i in (0, 5, 40, 42)])

# tests/cli/cases/uplift_compare_method.sh: the "forty" case of
# tests/data/uplift (score_v2 the perfect ordering y*t - y*(1-t), against
# score_v1 = s4), its 95% normal interval D -+ 1.959963984540054 se
t4, y4 = t4.astype(float), y4.astype(float)
perfect = y4 * t4 - y4 * (1 - t4)
d = diff(y4, t4, np.ones(40), perfect, s4)
se, _ = ij_se(y4, t4, perfect, s4)
z = 1.959963984540054
print("forty delta qini", repr(d[0]), "se", repr(se[0]), "interval", repr(d[0] - z * se[0]),
      repr(d[0] + z * se[0]))
print("forty delta auuc", repr(d[1]), "se", repr(se[1]), "interval", repr(d[1] - z * se[1]),
      repr(d[1] + z * se[1]))

# test_delta_se_when_control_responders_come_first: the perfect uplift
# ordering's other branch.  Treated units respond at 0.8 and control units
# at 0.5, so the control's responders outnumber the treated non-responders
# and the perfect uplift curve takes the control responders before the
# treated non-responders.  Ties in both scores; every unit scored.
g3 = np.random.default_rng(11)
t = (g3.random(30) < 0.5).astype(float)
y = (g3.random(30) < np.where(t == 1, 0.8, 0.5)).astype(float)
a = np.round(0.6 * y * t + 0.4 * g3.random(30), 1)
b = np.round(g3.random(30), 1)
print("first control responders", int(np.sum(y * (1 - t))), "treated non-responders",
      int(np.sum((1 - y) * t)))
show("first", y, t, a, b)
