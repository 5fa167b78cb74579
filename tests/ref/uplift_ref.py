# Reference numbers for tests/unit/test_uplift.c, written from the formulas
# scikit-uplift documents (qini_curve, uplift_curve, perfect_qini_curve with
# negative_effect=True, perfect_uplift_curve, qini_auc_score,
# uplift_auc_score, uplift_at_k strategy='overall') with numpy only.
# Run: /usr/bin/python3 tests/ref/uplift_ref.py
import numpy as np

def blocks(y, t, score):
    # rank by score descending; one point at the end of each run of equal scores
    o = np.argsort(-np.asarray(score, float), kind="mergesort")
    y, t, s = np.asarray(y, float)[o], np.asarray(t, float)[o], np.asarray(score, float)[o]
    ends = np.r_[np.where(np.diff(s) != 0)[0], len(s) - 1]
    nt = np.cumsum(t)[ends]; yt = np.cumsum(y * t)[ends]
    nall = ends + 1.0; nc = nall - nt; yc = np.cumsum(y * (1 - t))[ends]
    return nall, nt, yt, nc, yc

def qini_curve(y, t, score):
    nall, nt, yt, nc, yc = blocks(y, t, score)
    q = yt - yc * np.divide(nt, nc, out=np.zeros_like(nt), where=nc != 0)
    return np.r_[0, nall], np.r_[0, q]

def uplift_curve(y, t, score):
    nall, nt, yt, nc, yc = blocks(y, t, score)
    rt = np.divide(yt, nt, out=np.zeros_like(yt), where=nt != 0)
    rc = np.divide(yc, nc, out=np.zeros_like(yc), where=nc != 0)
    return np.r_[0, nall], np.r_[0, (rt - rc) * nall]

def trapz(x, v):
    return float(np.sum(np.diff(x) * (v[1:] + v[:-1]) / 2))

def normalized(curve, perfect_score, y, t, score):
    x, v = curve(y, t, score)
    xp, vp = curve(y, t, perfect_score)
    base = xp[-1] * vp[-1] / 2
    return (trapz(x, v) - base) / (trapz(xp, vp) - base)

def qini_auc(y, t, score):
    y, t = np.asarray(y), np.asarray(t)
    return normalized(qini_curve, y * t - y * (1 - t), y, t, score)

def uplift_auc(y, t, score):
    y, t = np.asarray(y), np.asarray(t)
    cr = np.sum((y == 1) & (t == 0)); tn = np.sum((y == 0) & (t == 1))
    summand = y if cr > tn else t
    return normalized(uplift_curve, 2 * (y == t) + summand, y, t, score)

def uplift_at(y, t, score, k, ids):
    # top int(n*k) by score descending, ties by id (liftkit's tie rule)
    o = sorted(range(len(y)), key=lambda i: (-score[i], ids[i]))[: int(len(y) * k)]
    yy, tt = np.asarray(y)[o], np.asarray(t)[o]
    return yy[tt == 1].mean() - yy[tt == 0].mean()

def deciles(y, t, score, ids):
    o = sorted(range(len(y)), key=lambda i: (-score[i], ids[i]))
    for d, part in enumerate(np.array_split(np.array(o), 10)):
        yy, tt = np.asarray(y)[part], np.asarray(t)[part]
        nt, nc = int(tt.sum()), int(len(tt) - tt.sum())
        rt = yy[tt == 1].mean() if nt else float("nan")
        rc = yy[tt == 0].mean() if nc else float("nan")
        se = np.sqrt(rt * (1 - rt) / nt + rc * (1 - rc) / nc) if nt and nc else float("nan")
        print("  decile", d + 1, len(part), nt, nc, repr(rt), repr(rc), repr(rt - rc),
              repr(rt - rc - 1.959963984540054 * se), repr(rt - rc + 1.959963984540054 * se))

# case "ties": 12 units, ids u00..u11
y     = [1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0]
t     = [1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0]
score = [.9, .9, .9, .7, .7, .5, .5, .5, .3, .3, .1, .1]
ids = ["u%02d" % i for i in range(12)]
print("ties qini curve", list(zip(*qini_curve(y, t, score))))
print("ties uplift curve", list(zip(*uplift_curve(y, t, score))))
print("ties qini_auc", repr(qini_auc(y, t, score)))
print("ties uplift_auc", repr(uplift_auc(y, t, score)))
print("ties top30", repr(uplift_at(y, t, score, 0.3, ids)))
deciles(y, t, score, ids)

# case "nocontrol": 20 units, the top 4 all treated
y2 = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0]
t2 = [1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0]
s2 = [20 - i for i in range(20)]
ids2 = ["c%02d" % i for i in range(20)]
print("nocontrol qini_auc", repr(qini_auc(y2, t2, s2)))
print("nocontrol uplift_auc", repr(uplift_auc(y2, t2, s2)))
print("nocontrol top10", repr(uplift_at(y2, t2, s2, 0.1, ids2)) if False else "undefined (no control)")
print("nocontrol top30", repr(uplift_at(y2, t2, s2, 0.3, ids2)))
deciles(y2, t2, s2, ids2)
# uplift ordering where control responders outnumber treated non-responders
y3 = [1, 1, 1, 1, 0, 1, 0, 1]
t3 = [1, 0, 0, 0, 1, 1, 0, 1]
s3 = [.2, .8, .4, .4, .9, .1, .3, .6]
print("cr>tn qini_auc", repr(qini_auc(y3, t3, s3)), "uplift_auc", repr(uplift_auc(y3, t3, s3)))

# case "forty": 40 units from a fixed generator, scores rounded to 1 decimal (ties)
g = np.random.default_rng(7)
t4 = (g.random(40) < 0.6).astype(int)
s4 = np.round(g.random(40), 1)
y4 = (g.random(40) < 0.3 + 0.3 * t4 * s4).astype(int)
ids4 = ["f%02d" % i for i in range(40)]
print("forty t", ",".join(map(str, t4)))
print("forty y", ",".join(map(str, y4)))
print("forty s", ",".join(map(str, s4)))
print("forty qini_auc", repr(qini_auc(y4, t4, s4)), "uplift_auc", repr(uplift_auc(y4, t4, s4)))
print("forty top10", repr(uplift_at(y4, t4, list(s4), 0.1, ids4)),
      "top30", repr(uplift_at(y4, t4, list(s4), 0.3, ids4)))
deciles(y4, t4, list(s4), ids4)

# bootstrap of the "forty" case: score s4 against its reverse -s4, paired,
# treated and control resampled separately; percentile interval of the
# difference of Qini coefficients (20000 draws, numpy's own generator)
def boot(y, t, a, b, draws, seed):
    y, t, a, b = map(np.asarray, (y, t, a, b))
    T, C = np.where(t == 1)[0], np.where(t == 0)[0]
    g = np.random.default_rng(seed)
    d = []
    for _ in range(draws):
        i = np.r_[g.choice(T, len(T)), g.choice(C, len(C))]
        d.append(qini_auc(y[i], t[i], a[i]) - qini_auc(y[i], t[i], b[i]))
    return np.percentile(d, [2.5, 97.5]), np.std(d)
ci, sd = boot(y4, t4, s4, -s4, 20000, 11)
print("forty boot diff", repr(qini_auc(y4, t4, s4) - qini_auc(y4, t4, -s4)), "ci", ci, "sd", sd)
