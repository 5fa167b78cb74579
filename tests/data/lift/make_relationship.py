# Generates holdings.csv and balances.csv for the relationship metrics'
# tests from assignments.csv and openings.csv (deterministic; no randomness).
# Run: /usr/bin/python3 make_relationship.py
# Edges on purpose: accounts closed before the start, closed on the start and
# on the last day, opened and closed in the window, opened on the last day,
# two customers of a household holding one product, a customer not assigned;
# snapshots missing at +30 days, exactly at +30 and +90, after +90, before the
# opening, a balance of 0 at +30, accounts with no snapshot at all, and a
# snapshot of an account that is not an opening.
import csv

assign = list(csv.DictReader(open("assignments.csv")))
opens = list(csv.DictReader(open("openings.csv")))
PRODUCTS = ["current", "savings", "card", "mortgage", "heloc", "loan"]


def day(n):  # day number n from 2026-01-05 as a date
    import datetime
    return (datetime.date(2026, 1, 5) + datetime.timedelta(days=n)).isoformat()


hold = []
for i, a in enumerate(assign):
    c = a["customer_id"]
    hold.append([c, "current", "2019-03-01", ""])
    k = i % 7
    if k in (1, 4):
        hold.append([c, "savings", "2021-06-15", ""])
    if k == 2:
        hold.append([c, "mortgage", "2018-01-10", "2025-11-30"])  # closed before the start
    if k == 3:
        hold.append([c, "card", "2022-02-02", day(0)])            # closed on the start
    if k == 5:
        hold.append([c, "loan", "2023-05-05", day(30)])           # closed on the last day
    if k == 6:
        hold.append([c, "loan", "2023-05-05", day(12)])           # closed in the window
    if i % 11 == 0:
        hold.append([c, "current", "2024-01-01", ""])              # a second current account
for j, o in enumerate(opens):
    close = ""
    if j % 9 == 4:
        close = day(min(29, (j * 5) % 30 + 1))                     # opened and closed in the window
    if close and close < o["open_date"]:
        close = o["open_date"]                                      # closed on its opening day
    hold.append([o["customer_id"], o["product"], o["open_date"], close])
hold.append(["C002a", "mortgage", day(30), ""])                    # opened on the last day
hold.append(["X998", "card", "2020-01-01", ""])                    # not assigned

snap = []
for j, o in enumerate(opens):
    import datetime
    d0 = datetime.date.fromisoformat(o["open_date"])
    at = lambda n: (d0 + datetime.timedelta(days=n)).isoformat()
    b = float(o["balance"] or 0)
    k = j % 8
    if k == 0:
        snap += [[o["account_id"], at(30), "%.2f" % (b * 1.1)], [o["account_id"], at(90), "%.2f" % (b * 1.3)]]
    elif k == 1:   # missing at +30: +14 and +60 only
        snap += [[o["account_id"], at(14), "%.2f" % (b * 0.9)], [o["account_id"], at(60), "%.2f" % (b * 1.2)]]
    elif k == 2:   # emptied at +30, refilled later
        snap += [[o["account_id"], at(30), "0"], [o["account_id"], at(75), "%.2f" % (b * 0.5)]]
    elif k == 3:   # no snapshot at all
        pass
    elif k == 4:   # only after +30 and after +90, and one before the opening
        snap += [[o["account_id"], at(31), "0"], [o["account_id"], at(95), "12345"],
                 [o["account_id"], at(-3), "777"]]
    elif k == 5:   # monthly
        snap += [[o["account_id"], at(n), "%.2f" % (b + n)] for n in (0, 30, 60, 90)]
    elif k == 6:   # closed: zero from +20
        snap += [[o["account_id"], at(20), "0"], [o["account_id"], at(89), "0"]]
    else:          # on the opening day only
        snap += [[o["account_id"], at(0), "%.2f" % (b * 2)]]
snap.append(["A7777", "2026-02-01", "500"])                        # not an opening

def write(name, header, rows):
    with open(name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

write("holdings.csv", ["customer_id", "product", "open_date", "close_date"], hold)
write("balances.csv", ["account_id", "date", "balance"], snap)

# assignments-window.csv: assignments.csv with an eligible_date per customer
# (the experiment exp-window.ini starts each unit's window on the earliest
# date of its customers): days 0 to 18 after the start, the second customer
# of a household a few days earlier or later than the first, some empty (the
# unit then starts with the experiment, or with its other customer).
rows = []
for i, a in enumerate(assign):
    hh = int(a["unit_id"][1:])
    d = (hh * 7) % 19
    if a["customer_id"].endswith("b"):
        d = max(0, d + (3 if hh % 2 else -4))
    a = dict(a, eligible_date="" if hh % 10 == 3 and a["customer_id"].endswith("a") or hh % 13 == 0 else day(d))
    rows.append([a[k] for k in list(assign[0].keys()) + ["eligible_date"]])
write("assignments-window.csv", list(assign[0].keys()) + ["eligible_date"], rows)
