# Reference for tests/cli/cases/matrix.sh: the offer matrix recomputed with
# pandas from offers.csv and the attribution of 'liftkit attribute' (its
# output for these files is made by the case itself):
# offers and cost (the cost column, else [cost] by channel) per month of the
# offer date, product and channel; direct and halo credit per offer's month,
# offered product and channel; response_rate = (direct + halo) / offers.
# Run (in tests/data/lift, and in tests/data/matrix with its own [cost]):
#      liftkit attribute -e exp.ini --offers offers.csv \
#        --openings openings.csv -o /tmp/attribution.csv &&
#      /usr/bin/python3 matrix_ref.py /tmp/attribution.csv > expected-matrix.csv
import sys
import pandas as pd

cost = {"mail": 0.65, "email": 0.02, "app": 0.01}   # [cost] of both exp.ini files
f = pd.read_csv("offers.csv", dtype=str)
f["month"] = f.offer_date.str[:7]
f["cost"] = (pd.to_numeric(f["cost"]) if "cost" in f else f.channel.map(cost) * float("nan"))
f["cost"] = f["cost"].fillna(f.channel.map(cost))
a = pd.read_csv(sys.argv[1], dtype={"offer_date": str})
a = a[a.response != "none"]
a["month"] = a.offer_date.str[:7]
keys = ["month", "product", "channel"]
m = f.groupby(keys).agg(offers=("offer_id", "size"), cost=("cost", "sum"))
c = a.drop(columns="product").rename(columns={"offered_product": "product"}).pivot_table(
    index=keys, columns="response", values="credit", aggfunc="sum", fill_value=0)
m = m.join(c, how="outer").fillna(0)
for r in ("direct", "halo"):
    if r not in m:
        m[r] = 0.0
m["response_rate"] = (m.direct + m.halo) / m.offers.where(m.offers > 0)
g = lambda x: "" if pd.isna(x) else format(x, ".12g")
print("month,product,channel,offers,direct,halo,response_rate,cost")
for (mo, p, ch), r in m.sort_index().iterrows():
    print(f"{mo},{p},{ch},{int(r.offers)},{g(r.direct)},{g(r.halo)},{g(r.response_rate)},{g(r.cost)}")
