# Reference for tests/cli/cases/contacts_matches_pandas.sh: the contact
# pressure table, the violations and the histogram of a hand-made file,
# computed with pandas' time-based rolling windows by customer.
# Run: /usr/bin/python3 tests/ref/contacts_ref.py tests/data/contacts OUTDIR
# It writes OUTDIR/contacts.csv, violations.csv and histogram.csv, which are
# committed as tests/data/contacts/expected-*.csv.
import configparser
import sys

import pandas as pd

data, outdir = sys.argv[1], sys.argv[2]
ini = configparser.ConfigParser(inline_comment_prefixes=(";",))
ini.read(f"{data}/exp.ini")
policy = list(ini["contact_policy"].items())  # in file order

offers = pd.read_csv(f"{data}/offers.csv", dtype=str)
offers["day"] = pd.to_datetime(offers["offer_date"])
offers = offers.sort_values(["customer_id", "day", "offer_id"], kind="stable")
offers = offers.reset_index(drop=True)
offers["seq"] = range(len(offers))


def rolling_count(frame, days):
    """Contacts in the `days` days ending on each offer's date, up to it."""
    counts = pd.Series(0, index=frame.index, dtype=int)
    for _, g in frame.groupby("customer_id", sort=False):
        s = pd.Series(1, index=g["day"]).rolling(f"{days}D").count()
        counts.loc[g.index] = s.to_numpy().astype(int)
    return counts


rows = []
for key, value in policy:
    limit = int(value)
    if key == "min_gap":
        prev = offers.groupby("customer_id")["day"].shift(1)
        gap = (offers["day"] - prev).dt.days
        hit = gap.notna() & (gap < limit)
        for i in offers.index[hit]:
            rows.append((offers.seq[i], key, int(gap[i])))
        continue
    channel, _, rule = key.rpartition(".")
    days = int(rule[len("max_"):-1])
    frame = offers[offers.channel == channel] if channel else offers
    counts = rolling_count(frame, days)
    for i in frame.index[counts > limit]:
        rows.append((offers.seq[i], key, int(counts[i])))

order = {k: n for n, (k, _) in enumerate(policy)}
rows.sort(key=lambda r: (r[0], order[r[1]]))
viol = pd.DataFrame([{**offers.loc[s, ["customer_id", "offer_id", "channel", "offer_date"]]
                      .to_dict(), "rule": k, "count": c} for s, k, c in rows])
viol.to_csv(f"{outdir}/violations.csv", index=False)

assign = pd.read_csv(f"{data}/assignments.csv", dtype=str)
per_customer = offers.groupby("customer_id").size()
assign["contacts"] = assign.customer_id.map(per_customer).fillna(0).astype(int)
assign["violations"] = assign.customer_id.map(viol.groupby("customer_id").size()
                                               ).fillna(0).astype(int)
units = assign.groupby(["arm", "unit_id"], sort=False)[["contacts", "violations"]].sum()
arms = [s.split(":", 1)[1] for s in ini.sections() if s.startswith("arm:")]


def g(x):
    return format(x, ".10g")


out, hist = [], []
for arm in arms:
    u = units.loc[arm]
    c = u["contacts"]
    out.append({"arm": arm, "units": len(u), "contacts": int(c.sum()),
                "contacts_per_unit": g(c.mean()), "p50": g(c.quantile(0.5)),
                "p90": g(c.quantile(0.9)), "max": int(c.max()),
                "units_over_policy": int((u["violations"] > 0).sum()),
                "share_over_policy": g((u["violations"] > 0).mean()),
                "violations": int(u["violations"].sum())})
    counts = c.value_counts()
    for k in range(int(c.max()) + 1):
        n = int(counts.get(k, 0))
        hist.append({"arm": arm, "contacts": k, "units": n, "share": g(n / len(u))})
pd.DataFrame(out).to_csv(f"{outdir}/contacts.csv", index=False)
pd.DataFrame(hist).to_csv(f"{outdir}/histogram.csv", index=False)
