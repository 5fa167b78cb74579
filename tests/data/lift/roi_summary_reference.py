# Independent reference for the ROI summary ('roi --summary', 'liftkit sql
# roi') on the hand-made data: per unit its value ([value] summed over its
# openings in the window), target response, contacts and cost (offers.csv
# and [cost]) recomputed with pandas, then grouped by arm and unit value.
# Usage: /usr/bin/python3 roi_summary_reference.py > roi-summary.csv
import pandas as pd

start, window = pd.Timestamp("2026-01-05"), 30
value = {"heloc": 400, "card": 120}
cost = {"mail": 0.65, "email": 0.02}
targets = {"heloc", "card"}
arms = ["champion", "new-offer", "holdout"]
a = pd.read_csv("assignments.csv", dtype=str)
o = pd.read_csv("openings.csv", dtype=str)
f = pd.read_csv("offers.csv", dtype=str)
o["open_date"] = pd.to_datetime(o.open_date)
o = o[(o.open_date >= start) & (o.open_date <= start + pd.Timedelta(days=window))]
o = o.merge(a[["customer_id", "unit_id"]], on="customer_id")
o["value"] = o["product"].map(value).fillna(0)
o["target"] = o["product"].isin(targets)
units = a.drop_duplicates("unit_id")[["unit_id", "arm"]].set_index("unit_id")
units["value"] = o.groupby("unit_id").value.sum().reindex(units.index).fillna(0)
units["resp"] = o[o.target].groupby("unit_id").size().reindex(units.index).fillna(0).gt(0)
f = f.merge(a[["customer_id", "unit_id"]], on="customer_id")
f["cost"] = f.channel.map(cost)
units["contacts"] = f.groupby("unit_id").size().reindex(units.index).fillna(0)
units["cost"] = f.groupby("unit_id").cost.sum().reindex(units.index).fillna(0)
g = units.groupby(["arm", "value"]).agg(units=("resp", "size"), responders=("resp", "sum"),
                                        contacts=("contacts", "sum"), cost=("cost", "sum"))
print("arm,value,units,responders,contacts,cost,unit")
for arm in arms:
    for (_, v), r in g.loc[[arm]].iterrows() if arm in g.index.get_level_values(0) else []:
        print("%s,%.17g,%d,%d,%d,%.17g,household_id" % (arm, v, r.units, r.responders,
                                                       r.contacts, r.cost))
