# Independent reference for 'liftkit roi' on the hand-made data: per-unit
# value and response recomputed with pandas, contacts and cost from
# offers.csv and [cost], the point estimates exactly, and the percentile
# bootstrap with numpy's generator (so its interval agrees with liftkit's
# only up to Monte Carlo error).
# With --margin, the value of an opening is that of exp-margin.ini: [value]
# plus [margin] x balance x horizon / 365.
# Usage: /usr/bin/python3 roi_reference.py [RESAMPLES] [--margin]
import sys
import numpy as np, pandas as pd

start, window = pd.Timestamp("2026-01-05"), 30
value = {"heloc": 400, "card": 120}
cost = {"mail": 0.65, "email": 0.02}
targets = {"heloc", "card"}
a = pd.read_csv("assignments.csv", dtype=str)
o = pd.read_csv("openings.csv", dtype=str)
f = pd.read_csv("offers.csv", dtype=str)
o["open_date"] = pd.to_datetime(o.open_date)
o = o[(o.open_date >= start) & (o.open_date <= start + pd.Timedelta(days=window))]
o = o.merge(a[["customer_id", "unit_id"]], on="customer_id")
o["value"] = o["product"].map(value).fillna(0)
if "--margin" in sys.argv:
    margin, horizon = {"heloc": 0.03, "card": 0.12}, 180
    rate = o["product"].map(margin).fillna(0.01)
    o["value"] += rate * pd.to_numeric(o.balance).fillna(0) * horizon / 365
o["target"] = o["product"].isin(targets)
units = a.drop_duplicates("unit_id")[["unit_id", "arm"]].set_index("unit_id")
units["value"] = o.groupby("unit_id").value.sum().reindex(units.index).fillna(0)
units["resp"] = o[o.target].groupby("unit_id").size().reindex(units.index).fillna(0).gt(0)
f = f.merge(a[["customer_id", "arm"]], on="customer_id")
f["cost"] = f.channel.map(cost)
B = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 200000
rng = np.random.default_rng(1)
ctl = units[units.arm == "holdout"]
print("arm,n,contacts,cost,incremental_responses,incremental_value,romi,romi_lo,romi_hi,cost_per_incremental_response,"
      "contacts_per_unit,incremental_responses_per_1000_contacts")
for arm in ["champion", "new-offer"]:
    u = units[units.arm == arm]
    n = len(u)
    c = f[f.arm == arm].cost.sum()
    ir = (u.resp.mean() - ctl.resp.mean()) * n
    iv = (u.value.mean() - ctl.value.mean()) * n
    x, y = u.value.to_numpy(), ctl.value.to_numpy()
    d = (rng.choice(x, (B, len(x))).mean(1) - rng.choice(y, (B, len(y))).mean(1))
    r = (d * n - c) / c
    lo, hi = np.percentile(r, [2.5, 97.5])
    k = len(f[f.arm == arm])
    print("%s,%d,%d,%.12g,%.12g,%.12g,%.12g,%.12g,%.12g,%s,%.12g,%.12g" % (arm, n, k, c, ir, iv,
          (iv - c) / c, lo, hi, "%.12g" % (c / ir) if ir > 0 else "", k / n, 1000 * ir / k))
