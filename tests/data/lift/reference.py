# Independent reference for 'liftkit lift': recomputes the per-unit metrics
# from the raw CSV files with pandas and every statistic with statsmodels /
# scipy, and prints the lift table in liftkit's CSV layout (%.12g): balance
# metrics capped at numpy's percentile of the nonzero unit values ([metrics]
# cap, default p99.9), Fieller's interval for the lift of a mean by root
# finding (scipy brentq, not the quadratic formula), and CUPED rows from
# the raw units ([cuped] metric = column of assignments.csv) with an
# independent numpy implementation of docs/methods.md, "CUPED".
# The relationship metrics (docs/methods.md, "Relationship metrics") come from
# holdings.csv and balances.csv with pandas when they are named.
# Usage: /usr/bin/python3 reference.py EXP.ini ASSIGNMENTS.csv OPENINGS.csv
#            [--holdings HOLDINGS.csv] [--balances BALANCES.csv]
#    or: /usr/bin/python3 reference.py EXP.ini --summary SUMMARY.csv
import configparser, csv, sys
import numpy as np, pandas as pd
from scipy import stats, integrate
from scipy.optimize import brentq
from statsmodels.stats.proportion import (proportion_confint, confint_proportions_2indep,
                                          proportions_ztest)
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.weightstats import DescrStatsW, CompareMeans

METRICS = ["response_target", "response_any", "balance_target", "balance_any", "products_opened"]
BINARY = {"response_target", "response_any", "single_product", "funded_target"}

def option(name):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else None

HOLDINGS, SNAPSHOTS = option("--holdings"), option("--balances")
AS_OF = ""
if HOLDINGS:
    METRICS += ["products_held_start", "products_held_end", "single_product"]
if SNAPSHOTS:
    METRICS += ["funded_target", "balance_target_90"]

cp = configparser.ConfigParser(inline_comment_prefixes=(";", "#"))
cp.read(sys.argv[1])
e = cp["experiment"]
alpha = float(e.get("alpha", "0.05"))
arms = [(s[4:], cp[s]["role"], float(cp[s]["weight"])) for s in cp.sections() if s.startswith("arm:")]
names = [a[0] for a in arms]
role = {a[0]: a[1] for a in arms}
champ = [a[0] for a in arms if a[1] == "champion"][0]
ctrl = ([a[0] for a in arms if a[1] == "control"] or [None])[0]

BALANCES = {"balance_target", "balance_any", "balance_target_90"} & set(METRICS)
mcfg = cp["metrics"] if cp.has_section("metrics") else {}
cuped_cfg = dict(cp["cuped"]) if cp.has_section("cuped") else {}
if "--no-cuped" in sys.argv:
    cuped_cfg = {}

def cap_of(m, v):
    """The cap of balance metric m over the unit values of every arm, or None."""
    spec = mcfg.get("cap." + m, mcfg.get("cap", "p99.9")).strip()
    if spec == "none":
        return None
    if spec.startswith("p"):
        x = np.concatenate(list(v.values()))
        nz = x[x != 0]
        return float(np.percentile(nz, float(spec[1:]))) if len(nz) else None
    return float(spec)

def apply_caps(v):
    caps, lowered = {}, {}
    for m in BALANCES:
        c = cap_of(m, v[m])
        caps[m] = c
        if c is not None:
            lowered[m] = {arm: int((x > c).sum()) for arm, x in v[m].items()}
            v[m] = {arm: np.minimum(x, c) for arm, x in v[m].items()}
    return caps, lowered

def unit_values():
    start = pd.Timestamp(e["start"]); window = int(e["window"])
    targets = {p.strip() for p in e["products"].split(",")}
    unitcol = e.get("unit", "customer_id")
    a = pd.read_csv(sys.argv[2], dtype=str, keep_default_na=False)
    o = pd.read_csv(sys.argv[3], dtype={"customer_id": str, "product": str})
    o["open_date"] = pd.to_datetime(o["open_date"])
    # each unit's window: from the earliest window_from date of its customers
    first = pd.Series(start, index=a.unit_id.unique())
    if "window_from" in e:
        d = pd.to_datetime(a[e["window_from"].split(":", 1)[1]].replace("", None))
        first = d.groupby(a.unit_id).min().reindex(first.index).fillna(start)
    # an interim read: the openings end before the latest window does
    global AS_OF
    if len(o) and o.open_date.max() < first.max() + pd.Timedelta(days=window):
        AS_OF = o.open_date.max().strftime("%Y-%m-%d")
    o = o.merge(a[["customer_id", "unit_id"]], on="customer_id")
    o = o[(o.open_date >= o.unit_id.map(first)) &
          (o.open_date <= o.unit_id.map(first) + pd.Timedelta(days=window))]
    o["balance"] = o["balance"].fillna(0)
    o["target"] = o["product"].isin(targets)
    units = a.drop_duplicates("unit_id")[["unit_id", "arm"]].set_index("unit_id")
    g = o.groupby("unit_id")
    units["response_any"] = g.size().reindex(units.index).fillna(0).gt(0).astype(float)
    units["response_target"] = o[o.target].groupby("unit_id").size().reindex(units.index).fillna(0).gt(0).astype(float)
    units["balance_any"] = g.balance.sum().reindex(units.index).fillna(0)
    units["balance_target"] = o[o.target].groupby("unit_id").balance.sum().reindex(units.index).fillna(0)
    units["products_opened"] = g["product"].nunique().reindex(units.index).fillna(0).astype(float)
    if HOLDINGS:
        held(units, a, first, first + pd.Timedelta(days=window))
    if SNAPSHOTS:
        funded(units, a, o[o.target])
    for col in set(cuped_cfg.values()):
        units["x_" + col] = pd.to_numeric(a[col]).fillna(0).groupby(a["unit_id"]).sum().reindex(units.index)
    cov = {m: {arm: units[units.arm == arm]["x_" + c].to_numpy() for arm in names}
           for m, c in cuped_cfg.items()}
    return {m: {arm: units[units.arm == arm][m].to_numpy() for arm in names} for m in METRICS}, cov

def held(units, a, first, last):
    """products_held_start/end, single_product: distinct products held per unit on
    the days first and last (Series by unit)."""
    h = pd.read_csv(HOLDINGS, dtype=str, keep_default_na=False)
    h["open"] = pd.to_datetime(h.open_date)
    h["close"] = pd.to_datetime(h.close_date.replace("", None))
    h = h.merge(a[["customer_id", "unit_id"]], on="customer_id")
    for name, days in (("products_held_start", first), ("products_held_end", last)):
        d = h.unit_id.map(days)
        on = h[(h.open <= d) & (h.close.isna() | (h.close > d))]
        units[name] = on.groupby("unit_id")["product"].nunique().reindex(units.index).fillna(0)
    units["single_product"] = (units.products_held_end == 1).astype(float)

def funded(units, a, o):
    """funded_target and balance_target_90 of the target openings o in the window."""
    b = pd.read_csv(SNAPSHOTS, dtype={"account_id": str})
    b["date"] = pd.to_datetime(b.date)
    b["row"] = range(len(b))
    j = o[["account_id", "unit_id", "open_date", "balance"]].merge(b, on="account_id", how="left",
                                                                   suffixes=("_open", ""))
    def at(days):
        ok = j[(j.date >= j.open_date) & (j.date <= j.open_date + pd.Timedelta(days=days))]
        last = ok.sort_values(["date", "row"]).groupby("account_id").balance.last()
        acc = o.set_index("account_id")
        return last.reindex(acc.index).fillna(acc.balance), acc.unit_id
    b30, unit = at(30)
    b90, _ = at(90)
    units["funded_target"] = (b30 > 0).groupby(unit).any().reindex(units.index).fillna(False).astype(float)
    units["balance_target_90"] = b90.groupby(unit).sum().reindex(units.index).fillna(0)

def fieller(n1, m1, v1, n2, m2, v2):
    """Lift bounds: the roots of (m1 - R m2)^2 = t^2 (v1/n1 + R^2 v2/n2), minus 1."""
    a, b = v1 / n1, v2 / n2
    df = (a + b) ** 2 / (a ** 2 / (n1 - 1) + b ** 2 / (n2 - 1))
    t = t_isf(alpha / 2, df)
    if m2 * m2 <= t * t * b:
        rays = m2 * m2 < t * t * b and a * m2 * m2 + b * m1 * m1 - t * t * a * b > 0
        return (None, None), ("baseline mean not distinguishable from 0: lift interval " +
                              ("is two disjoint rays" if rays else "unbounded"))
    f = lambda r: (m1 - r * m2) ** 2 - t * t * (a + r * r * b)
    r0, step = m1 / m2, 1.0
    while f(r0 - step) < 0: step *= 2
    lo = brentq(f, r0 - step, r0, xtol=1e-15, rtol=1e-15)
    step = 1.0
    while f(r0 + step) < 0: step *= 2
    hi = brentq(f, r0, r0 + step, xtol=1e-15, rtol=1e-15)
    return (lo - 1, hi - 1), ""

def cuped(y1, x1, y2, x2):
    """diff, lift, p, theta, variance reduction from the raw units (numpy)."""
    y, x = np.concatenate([y1, y2]), np.concatenate([x1, x2])
    theta = np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1) if np.var(x) > 0 else 0.0
    adj1, adj2 = y1 - theta * (x1 - x.mean()), y2 - theta * (x2 - x.mean())
    n1, n2 = len(y1), len(y2)
    diff = adj1.mean() - adj2.mean()
    var = np.var(adj1, ddof=1) / n1 + np.var(adj2, ddof=1) / n2
    z = stats.norm.ppf(1 - alpha / 2)
    se = np.sqrt(var)
    p = 2 * stats.norm.sf(abs(diff) / se)
    raw = np.var(y1, ddof=1) / n1 + np.var(y2, ddof=1) / n2
    Ya, Yb = y1.mean(), y2.mean()
    ca, cb = np.cov(y1, x1, ddof=1), np.cov(y2, x2, ddof=1)
    lift = (None, None, None)
    if Yb != 0:
        vl = ((ca[0, 0] + theta ** 2 * ca[1, 1] - 2 * theta * ca[0, 1]) / (n1 * Yb ** 2) +
              (cb[0, 0] * Ya ** 2 / Yb ** 2 - 2 * theta * cb[0, 1] * Ya / Yb + theta ** 2 * cb[1, 1])
              / (n2 * Yb ** 2))
        lift = (diff / Yb, diff / Yb - z * np.sqrt(vl), diff / Yb + z * np.sqrt(vl))
    return (diff, diff - z * se, diff + z * se), lift, p, theta, 1 - var / raw

def sums_from_units(v):
    return {m: {arm: (len(x), x.sum(), (x * x).sum()) for arm, x in v[m].items()} for m in METRICS}

def bayes(x1, n1, x2, n2):
    a1, b1, a2, b2 = x1 + 1, n1 - x1 + 1, x2 + 1, n2 - x2 + 1
    f1 = lambda x: stats.beta.pdf(x, a1, b1)
    pb = integrate.quad(lambda x: f1(x) * stats.beta.cdf(x, a2, b2), 0, 1, epsabs=1e-12, limit=500, points=[a1/(a1+b1), a2/(a2+b2)])[0]
    m2 = a2 / (a2 + b2)
    inner = lambda x: m2 * stats.beta.sf(x, a2 + 1, b2) - x * stats.beta.sf(x, a2, b2)
    el = integrate.quad(lambda x: f1(x) * inner(x), 0, 1, epsabs=1e-12, limit=500, points=[a1/(a1+b1), a2/(a2+b2)])[0]
    return pb, el

def compare_binary(s1, s2):
    (n1, x1, _), (n2, x2, _) = s1, s2
    d = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff", alpha=alpha)
    diff = (x1 / n1 - x2 / n2, d[0], d[1])
    if x1 > 0 and x2 > 0:
        r = confint_proportions_2indep(x1, n1, x2, n2, method="log", compare="ratio", alpha=alpha)
        lift = ((x1 / n1) / (x2 / n2) - 1, r[0] - 1, r[1] - 1)
    else:
        lift = (None, None, None)
    x, n = x1 + x2, n1 + n2
    exp_cells = [n1 * x / n, n1 * (n - x) / n, n2 * x / n, n2 * (n - x) / n]
    if min(exp_cells) < 5:
        test, p = "fisher", stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]])[1]
    else:
        test, p = "z", proportions_ztest([x1, x2], [n1, n2])[1]
    pb, el = bayes(x1, n1, x2, n2)
    return diff, lift, p, test, pb, el, ""

def t_isf(q, df):
    # scipy 1.10's t.ppf/isf is off by ~4e-9 relative (df=39: 2.02269091173 vs
    # 2.02269092004 from R's qt, GSL and mpmath); t.sf is accurate, so polish
    # the quantile with Newton steps on it.
    x = stats.t.isf(q, df)
    for _ in range(3):
        x += (stats.t.sf(x, df) - q) / stats.t.pdf(x, df)
    return x

def t_interval(m, v, n):
    h = t_isf(alpha / 2, n - 1) * np.sqrt(v / n)
    return m - h, m + h

def mean_var(s):
    n, t, q = s
    m = t / n
    return n, m, (q - n * m * m) / (n - 1)

def compare_means(s1, s2, raw1, raw2):
    n1, m1, v1 = mean_var(s1); n2, m2, v2 = mean_var(s2)
    if raw1 is not None:
        p = stats.ttest_ind(raw1, raw2, equal_var=False).pvalue
        # statsmodels' Welch interval, with its t quantile polished (see t_isf)
        cm = CompareMeans(DescrStatsW(raw1), DescrStatsW(raw2))
        lo0, hi0 = cm.tconfint_diff(alpha=alpha, usevar="unequal")
        df = cm.dof_satt()
        h = (hi0 - lo0) / 2 * t_isf(alpha / 2, df) / stats.t.isf(alpha / 2, df)
        lo, hi = m1 - m2 - h, m1 - m2 + h
    else:  # from sums: the same Welch test from summary statistics
        p = stats.ttest_ind_from_stats(m1, np.sqrt(v1), n1, m2, np.sqrt(v2), n2, equal_var=False).pvalue
        se = np.sqrt(v1 / n1 + v2 / n2)
        df = se**4 / ((v1 / n1)**2 / (n1 - 1) + (v2 / n2)**2 / (n2 - 1))
        h = t_isf(alpha / 2, df) * se
        lo, hi = m1 - m2 - h, m1 - m2 + h
    if m2 == 0:
        return (m1 - m2, lo, hi), (None, None, None), p, "welch", None, None, ""
    (llo, lhi), note = fieller(n1, m1, v1, n2, m2, v2)
    return (m1 - m2, lo, hi), (m1 / m2 - 1, llo, lhi), p, "welch", None, None, note

def read_summary():
    sums = {m: {} for m in METRICS}
    for r in csv.DictReader(open(sys.argv[3])):
        n, t = float(r["n"]), float(r["sum"])
        q = float(r["sumsq"]) if r["sumsq"] else t
        sums[r["metric"]][r["arm"]] = (n, t, q)
    return sums

def baselines(arm):
    vs = []
    if role[arm] == "challenger":
        vs.append(champ)
    if role[arm] != "control" and ctrl:
        vs.append(ctrl)
    return vs

def value_of(m, arm, sums, raw):
    n, t, q = sums[m][arm]
    if n == 0:
        return (None, None, None)
    if m in BINARY:
        lo, hi = proportion_confint(t, n, alpha=alpha, method="wilson")
        return (t / n, lo, hi)
    if raw:  # statsmodels' t interval, quantile polished (see t_isf)
        x = raw[m][arm]
        lo0, hi0 = DescrStatsW(x).tconfint_mean(alpha=alpha)
        h = (hi0 - lo0) / 2 * t_isf(alpha / 2, n - 1) / stats.t.isf(alpha / 2, n - 1)
        return (t / n, x.mean() - h, x.mean() + h)
    _, mm, vv = mean_var((n, t, q))
    return (t / n,) + t_interval(mm, vv, n)

def make_rows(metrics, sums, raw, cov, caps, lowered):
    rows = []
    for m in metrics:
        for arm in names:
            n = sums[m][arm][0]
            base = {"metric": m, "arm": arm, "role": role[arm], "n": n,
                    "value": value_of(m, arm, sums, raw), "cap": caps.get(m),
                    "n_capped": lowered.get(m, {}).get(arm)}
            for b in baselines(arm) or [None]:
                row = dict(base, vs=b)
                rows.append(row)
                if not (b and n > 0 and sums[m][b][0] > 0):
                    continue
                if m in BINARY:
                    c = compare_binary(sums[m][arm], sums[m][b])
                else:
                    c = compare_means(sums[m][arm], sums[m][b],
                                      raw[m][arm] if raw else None, raw[m][b] if raw else None)
                row.update(zip(["diff", "lift", "p", "test", "pb", "el", "note"], c))
                if m in cov:
                    d, l, p, th, vr = cuped(raw[m][arm], cov[m][arm], raw[m][b], cov[m][b])
                    rows.append(dict(base, vs=b, diff=d, lift=l, p=p, test="cuped", theta=th,
                                     vr=vr))
    return rows

def holm(rows, metrics):
    for m in metrics:
        for b in names:
            for cup in (False, True):
                fam = [r for r in rows if r["metric"] == m and r["vs"] == b and
                       (r.get("test") == "cuped") == cup]
                fam = [r for r in fam if r.get("p") is not None and not np.isnan(r["p"])]
                if fam:
                    adj = multipletests([r["p"] for r in fam], method="holm")[1]
                    for r, a in zip(fam, adj):
                        r["padj"] = a

def main():
    caps, lowered, cov = {}, {}, {}
    if sys.argv[2] == "--summary":
        raw = None
        sums = read_summary()
        metrics = [m for m in METRICS if sums[m]]
    else:
        raw, cov = unit_values()
        caps, lowered = apply_caps(raw)
        sums = sums_from_units(raw)
        metrics = METRICS
    counts = [sums[metrics[0]][a][0] for a in names]
    w = np.array([a[2] for a in arms]); w = w / w.sum() * sum(counts)
    srm = stats.chisquare(counts, w).pvalue
    rows = make_rows(metrics, sums, raw, cov, caps, lowered)
    holm(rows, metrics)
    f = lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else "%.12g" % v
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(("metric,arm,role,n,value,value_lo,value_hi,vs,diff,diff_lo,diff_hi,lift,lift_lo,"
                  "lift_hi,p_value,p_adjusted,test,prob_better,expected_loss,srm_p,cap,n_capped,"
                  "note,theta,variance_reduction,as_of,guardrail,p_fdr").split(","))
    for r in rows:
        tri = lambda k: [f(v) for v in r.get(k, (None,) * 3)]
        out.writerow([r["metric"], r["arm"], r["role"], "%d" % r["n"]] + tri("value") + [r["vs"] or ""]
                     + tri("diff") + tri("lift") + [f(r.get("p")), f(r.get("padj")), r.get("test", ""),
                     f(r.get("pb")), f(r.get("el")), f(srm), f(r.get("cap")),
                     "" if r.get("n_capped") is None else "%d" % r["n_capped"],
                     r.get("note", ""), f(r.get("theta")), f(r.get("vr")), AS_OF, "", ""])

main()
