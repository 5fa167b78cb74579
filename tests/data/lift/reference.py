# Independent reference for 'liftkit lift': recomputes the per-unit metrics
# from the raw CSV files with pandas and every statistic with statsmodels /
# scipy, and prints the lift table in liftkit's CSV layout (%.12g).
# Usage: /usr/bin/python3 reference.py EXP.ini ASSIGNMENTS.csv OPENINGS.csv
#    or: /usr/bin/python3 reference.py EXP.ini --summary SUMMARY.csv
import configparser, csv, sys
import numpy as np, pandas as pd
from scipy import stats, integrate
from statsmodels.stats.proportion import (proportion_confint, confint_proportions_2indep,
                                          proportions_ztest)
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.weightstats import DescrStatsW, CompareMeans

METRICS = ["response_target", "response_any", "balance_target", "balance_any", "products_opened"]
BINARY = {"response_target", "response_any"}

cp = configparser.ConfigParser(inline_comment_prefixes=(";", "#"))
cp.read(sys.argv[1])
e = cp["experiment"]
alpha = float(e.get("alpha", "0.05"))
arms = [(s[4:], cp[s]["role"], float(cp[s]["weight"])) for s in cp.sections() if s.startswith("arm:")]
names = [a[0] for a in arms]
role = {a[0]: a[1] for a in arms}
champ = [a[0] for a in arms if a[1] == "champion"][0]
ctrl = ([a[0] for a in arms if a[1] == "control"] or [None])[0]

def unit_values():
    start = pd.Timestamp(e["start"]); window = int(e["window"])
    targets = {p.strip() for p in e["products"].split(",")}
    unitcol = e.get("unit", "customer_id")
    a = pd.read_csv(sys.argv[2], dtype=str)
    o = pd.read_csv(sys.argv[3], dtype={"customer_id": str, "product": str})
    o["open_date"] = pd.to_datetime(o["open_date"])
    o = o[(o.open_date >= start) & (o.open_date <= start + pd.Timedelta(days=window))]
    o = o.merge(a[["customer_id", "unit_id"]], on="customer_id")
    o["balance"] = o["balance"].fillna(0)
    o["target"] = o["product"].isin(targets)
    units = a.drop_duplicates("unit_id")[["unit_id", "arm"]].set_index("unit_id")
    g = o.groupby("unit_id")
    units["response_any"] = g.size().reindex(units.index).fillna(0).gt(0).astype(float)
    units["response_target"] = o[o.target].groupby("unit_id").size().reindex(units.index).fillna(0).gt(0).astype(float)
    units["balance_any"] = g.balance.sum().reindex(units.index).fillna(0)
    units["balance_target"] = o[o.target].groupby("unit_id").balance.sum().reindex(units.index).fillna(0)
    units["products_opened"] = g["product"].nunique().reindex(units.index).fillna(0).astype(float)
    return {m: {arm: units[units.arm == arm][m].to_numpy() for arm in names} for m in METRICS}

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
    return diff, lift, p, test, pb, el

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
        return (m1 - m2, lo, hi), (None, None, None), p, "welch", None, None
    z = stats.norm.ppf(1 - alpha / 2)
    se = np.sqrt(v1 / (n1 * m2**2) + v2 * m1**2 / (n2 * m2**4))
    est = m1 / m2 - 1
    return (m1 - m2, lo, hi), (est, est - z * se, est + z * se), p, "welch", None, None

def main():
    if sys.argv[2] == "--summary":
        raw = None
        sums = {m: {} for m in METRICS}
        for r in csv.DictReader(open(sys.argv[3])):
            n, t = float(r["n"]), float(r["sum"])
            q = float(r["sumsq"]) if r["sumsq"] else t
            sums[r["metric"]][r["arm"]] = (n, t, q)
        metrics = [m for m in METRICS if sums[m]]
    else:
        raw = unit_values()
        sums = sums_from_units(raw)
        metrics = METRICS
    counts = [sums[metrics[0]][a][0] for a in names]
    w = np.array([a[2] for a in arms]); w = w / w.sum() * sum(counts)
    srm = stats.chisquare(counts, w).pvalue
    rows = []
    for m in metrics:
        for arm in names:
            n, t, q = sums[m][arm]
            if n == 0:
                val = (None, None, None)
            elif m in BINARY:
                lo, hi = proportion_confint(t, n, alpha=alpha, method="wilson")
                val = (t / n, lo, hi)
            else:
                x = raw[m][arm] if raw else None
                if raw:  # statsmodels' t interval, quantile polished (see t_isf)
                    lo0, hi0 = DescrStatsW(x).tconfint_mean(alpha=alpha)
                    h = (hi0 - lo0) / 2 * t_isf(alpha / 2, n - 1) / stats.t.isf(alpha / 2, n - 1)
                    lo, hi = x.mean() - h, x.mean() + h
                else:
                    _, mm, vv = mean_var((n, t, q))
                    lo, hi = t_interval(mm, vv, n)
                val = (t / n, lo, hi)
            vs = []
            if role[arm] == "challenger":
                vs.append(champ)
            if role[arm] != "control" and ctrl:
                vs.append(ctrl)
            for b in vs or [None]:
                row = {"metric": m, "arm": arm, "role": role[arm], "n": n, "value": val, "vs": b}
                if b and n > 0 and sums[m][b][0] > 0:
                    if m in BINARY:
                        c = compare_binary(sums[m][arm], sums[m][b])
                    else:
                        c = compare_means(sums[m][arm], sums[m][b],
                                          raw[m][arm] if raw else None, raw[m][b] if raw else None)
                    row.update(zip(["diff", "lift", "p", "test", "pb", "el"], c))
                rows.append(row)
    for m in metrics:
        for b in names:
            fam = [r for r in rows if r["metric"] == m and r["vs"] == b]
            fam = [r for r in fam if r.get("p") is not None and not np.isnan(r["p"])]
            if fam:
                adj = multipletests([r["p"] for r in fam], method="holm")[1]
                for r, a in zip(fam, adj):
                    r["padj"] = a
    f = lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else "%.12g" % v
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow("metric,arm,role,n,value,value_lo,value_hi,vs,diff,diff_lo,diff_hi,lift,lift_lo,lift_hi,p_value,p_adjusted,test,prob_better,expected_loss,srm_p,cap,n_capped,note,theta,variance_reduction,as_of,guardrail,p_fdr".split(","))
    for r in rows:
        tri = lambda k: [f(v) for v in r.get(k, (None,) * 3)]
        out.writerow([r["metric"], r["arm"], r["role"], "%d" % r["n"]] + tri("value") + [r["vs"] or ""]
                     + tri("diff") + tri("lift") + [f(r.get("p")), f(r.get("padj")), r.get("test", ""),
                     f(r.get("pb")), f(r.get("el")), f(srm)] + [""] * 8)

main()
