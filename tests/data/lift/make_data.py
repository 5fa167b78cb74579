# Generates the hand-made lift/roi test data (deterministic; no randomness).
# Run: /usr/bin/python3 make_data.py   (writes assignments.csv, openings.csv, offers.csv)
import csv

arms = [("champion", "champion", 40), ("new-offer", "challenger", 40), ("holdout", "control", 20)]
# target responders per arm (units), any-product-only responders per arm
target = {"champion": 8, "new-offer": 14, "holdout": 3}
other = {"champion": 4, "new-offer": 3, "holdout": 5}

assign, opens, offers = [], [], []
acct = 0
hh = 0
for arm, role, n in arms:
    for k in range(n):
        hh += 1
        h = "H%03d" % hh
        custs = ["C%03da" % hh] + (["C%03db" % hh] if hh % 3 == 0 else [])
        for c in custs:
            assign.append([c, h, "lift-test", arm, role, str(hh * 97 % 10000), "all"])
            ch = "mail" if hh % 2 else "email"
            offers.append([c, "O%s" % c, "heloc", ch, "2026-01-02"])
            if hh % 4 == 0:
                offers.append([c, "O%s-2" % c, "card", "email", "2026-01-20"])
        def op(c, product, day, bal):
            global acct
            acct += 1
            d = "2026-01-%02d" % (5 + day) if 5 + day <= 31 else "2026-02-%02d" % (5 + day - 31)
            opens.append([c, "A%04d" % acct, product, d, "%.2f" % bal])
        if k < target[arm]:
            # target responder; household members both open for every third household
            op(custs[0], "heloc" if k % 2 else "card", (k * 7) % 31, 1000 + 137.5 * k)
            if len(custs) > 1:
                op(custs[1], "card", (k * 3) % 31, 250 + 10 * k)
            if k % 3 == 0:
                op(custs[0], "savings", (k * 5) % 31, 500 + 3 * k)
        elif k < target[arm] + other[arm]:
            op(custs[-1], "savings", (k * 11) % 31, 300 + 17 * k)
        elif k == target[arm] + other[arm]:
            # outside the window: the day before start and the day after start+window
            op(custs[0], "heloc", -1, 999)
            op(custs[0], "card", 31, 888)

# boundary openings inside the window: on start and on start + window
opens.append(["C%03da" % 1, "A9001", "savings", "2026-01-05", "10"])
opens.append(["C%03da" % 2, "A9002", "savings", "2026-02-04", "20"])
# an opening of a customer that was never assigned
opens.append(["X999", "A9003", "heloc", "2026-01-10", "5"])

def write(name, header, rows):
    with open(name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

write("assignments.csv", ["customer_id", "unit_id", "experiment", "arm", "role", "bucket", "stratum"], assign)
write("openings.csv", ["customer_id", "account_id", "product", "open_date", "balance"], opens)
write("offers.csv", ["customer_id", "offer_id", "product", "channel", "offer_date"], offers)
