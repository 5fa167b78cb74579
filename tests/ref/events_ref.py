# Reference for tests/cli/cases/lift_events.sh: the event_<name> rows of
# 'lift --events' (share of units with the event in the window) and the
# guardrail verdicts, from statsmodels' one-sided Wald test of the
# difference against the margin and its one-sided bounds.
# Run: /usr/bin/python3 tests/ref/events_ref.py tests/data/lift > expected.csv
# Output: metric,arm,n,value,vs,diff,guardrail, as 'cut' takes them from
# the lift table (12 significant digits).
import configparser
import sys

import pandas as pd
from scipy.stats import norm
from statsmodels.stats.proportion import test_proportions_2indep

data = sys.argv[1]
ini = configparser.ConfigParser(inline_comment_prefixes=(";",))
ini.read(f"{data}/exp-guard.ini")
start = pd.Timestamp(ini["experiment"]["start"])
end = start + pd.Timedelta(days=int(ini["experiment"]["window"]))
alpha = float(ini["experiment"].get("alpha", "0.05"))
margins = {k: float(v) for k, v in ini["guardrails"].items()}
arms = [(s.split(":", 1)[1], ini[s]["role"]) for s in ini.sections() if s.startswith("arm:")]
champion = next(a for a, r in arms if r == "champion")
control = next((a for a, r in arms if r == "control"), None)

assign = pd.read_csv(f"{data}/assignments.csv", dtype=str)
events = pd.read_csv(f"{data}/events.csv", dtype=str)
events["day"] = pd.to_datetime(events.event_date)
inside = events[(events.day >= start) & (events.day <= end)].merge(assign, on="customer_id")
units = assign.groupby("unit_id").arm.first()


def g(x):
    return "" if pd.isna(x) else format(x, ".12g")


print("metric,arm,n,value,vs,diff,guardrail")
for event in sorted(set(events.event) | set(margins)):
    hit = set(inside[inside.event == event].unit_id)
    x = {a: sum(u in hit for u in units[units == a].index) for a, _ in arms}
    n = {a: int((units == a).sum()) for a, _ in arms}
    for arm, role in arms:
        vs = ([champion] if role == "challenger" else []) + \
             ([control] if role != "control" and control else [])
        for b in vs or [None]:
            value = x[arm] / n[arm]
            if b is None:
                print(f"event_{event},{arm},{n[arm]},{g(value)},,,")
                continue
            diff = value - x[b] / n[b]
            verdict = ""
            if event in margins:
                pa, pb = value, x[b] / n[b]
                se = (pa * (1 - pa) / n[arm] + pb * (1 - pb) / n[b]) ** 0.5
                zq = norm.ppf(1 - alpha)
                if se == 0:
                    verdict = "inconclusive"
                else:
                    r = test_proportions_2indep(x[arm], n[arm], x[b], n[b],
                                                value=margins[event], method="wald",
                                                compare="diff", alternative="smaller")
                    verdict = ("pass" if r.pvalue < alpha else
                               "fail" if diff - zq * se > margins[event] else "inconclusive")
            print(f"event_{event},{arm},{n[arm]},{g(value)},{b},{g(diff)},{verdict}")
