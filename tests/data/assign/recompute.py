"""Recompute 'liftkit assign' from docs/methods.md, "Assignment", independently of the C code.

usage: /usr/bin/python3 recompute.py SALT UNIT_COLUMN STRATIFY_COLUMN|- W1,W2,.. CUSTOMERS.csv ASSIGNMENTS.csv

The environment variable ARMS names the arms in file order (comma-separated).
UNIVERSAL=SALT,SHARE adds the universal holdout of docs/methods.md: a unit
whose bucket under SALT is below SHARE * 10000 gets arm universal-holdout
(its bucket is that one) before the arms are drawn.
Checks every row of ASSIGNMENTS.csv against CUSTOMERS.csv: customer_id,
unit_id, bucket, arm, stratum, and that the carried columns equal the
input's.  Exits non-zero with a message on the first difference.
"""
import csv
import hashlib
import math
import os
import sys


def u_of(salt, unit):
    return int(hashlib.sha256((salt + ":" + unit).encode("utf-8")).hexdigest()[:15], 16)


def hash_arm(bucket, weights):
    total, cum = sum(weights), 0.0
    for i, w in enumerate(weights):
        cum += w
        if bucket < math.floor(10000.0 * cum / total + 0.5):
            return i
    return len(weights) - 1


def universal_bucket(unit):
    spec = os.environ.get("UNIVERSAL")
    if not spec:
        return None
    usalt, share = spec.rsplit(",", 1)
    b = u_of(usalt, unit) % 10000
    return b if b < float(share) * 10000 else None


def stratified_arms(salt, unit_stratum, weights):
    total = sum(weights)
    cum, acc = [], 0.0
    for w in weights:
        acc += w
        cum.append(acc / total)
    cum[-1] = 1.0
    by_stratum = {}
    for unit, stratum in unit_stratum.items():
        if universal_bucket(unit) is not None:
            continue
        by_stratum.setdefault(stratum, []).append(unit)
    arms = {}
    for stratum, units in by_stratum.items():
        units.sort(key=lambda x: (u_of(salt, x), x.encode("utf-8")))
        start = u_of(salt, stratum) / 2.0**60
        n = len(units)
        for j, unit in enumerate(units):
            x = (j + start) / n
            arms[unit] = next(i for i, c in enumerate(cum) if x < c or i == len(cum) - 1)
    return arms


def main():
    salt, unit_col, strat_col, weights, customers, assignments = sys.argv[1:7]
    weights = [float(w) for w in weights.split(",")]
    arm_names = os.environ["ARMS"].split(",")
    with open(customers, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(assignments, newline="", encoding="utf-8") as f:
        out = list(csv.DictReader(f))
    if len(rows) != len(out):
        sys.exit("row count %d != %d" % (len(out), len(rows)))
    arms = None
    if strat_col != "-":
        unit_stratum = {}
        for r in rows:
            unit_stratum.setdefault(r[unit_col], r[strat_col])
        arms = stratified_arms(salt, unit_stratum, weights)
    for r, o in zip(rows, out):
        unit = r[unit_col]
        u = u_of(salt, unit)
        ub = universal_bucket(unit)
        if ub is not None:
            arm_name, bucket = "universal-holdout", ub
        else:
            want_arm = arms[unit] if arms is not None else hash_arm(u % 10000, weights)
            arm_name, bucket = arm_names[want_arm], u % 10000
        want = {"customer_id": r["customer_id"], "unit_id": unit, "bucket": str(bucket),
                "arm": arm_name,
                "stratum": unit_stratum[unit] if arms is not None else ""}
        for k, v in r.items():
            if k not in ("customer_id", unit_col):
                want[k] = v
        for k, v in want.items():
            if o.get(k) != v:
                sys.exit("customer %s: %s is %r, expected %r" % (r["customer_id"], k, o.get(k), v))
    print("ok %d rows" % len(out))


main()
