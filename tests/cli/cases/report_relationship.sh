# report --holdings --balances: the relationship line under the verdict
# (products per household at the window's start and end, per arm; the
# values are those of tests/data/lift/expected-lift-relationship.csv:
# champion 1.775 -> 1.725, new-offer 1.775 -> 1.875, holdout 1.85 -> 1.7),
# the new metrics' tables, and both files in the audit footer.
D="$DATA/lift"
run report -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --offers "$D/offers.csv" --holdings "$D/holdings.csv" --balances "$D/balances.csv" -o rep
expect_rc 0
grep -qF '**Relationship.** Products per household, from the window'"'"'s start to its end: 1.77 → 1.73 in champion, 1.77 → 1.88 in new-offer vs 1.85 → 1.70 in holdout (the control).' rep/report.md ||
    fail "no relationship line"
grep -q '<p class="relationship"><strong>Relationship.</strong> Products per household' rep/index.html ||
    fail "no relationship line in index.html"
# report.json: the same sentence and the figures of the lift table's rows
# (expected-lift-relationship.csv), and the offer matrix as a table
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$py" - rep/report.json <<'PY' || fail "relationship or matrix not in report.json"
import json, sys
j = json.load(open(sys.argv[1]))
r = j["relationship"]
assert r["sentence"].endswith("1.77 → 1.88 in new-offer vs 1.85 → 1.70 in holdout (the control)"), r
assert r["baseline"] == "holdout", r
want = {"champion": (1.775, 1.725), "new-offer": (1.775, 1.875), "holdout": (1.85, 1.7)}
got = {a["arm"]: (a["products_held_start"], a["products_held_end"]) for a in r["arms"]}
assert set(got) == set(want), got
for arm, (b, e) in want.items():
    assert abs(got[arm][0] - b) < 1e-12 and abs(got[arm][1] - e) < 1e-12, (arm, got[arm])
assert isinstance(j["tables"]["matrix"], list) and j["tables"]["matrix"], "no matrix rows"
PY
"$py" "$ROOT/tests/cli/json-schema-check.py" "$ROOT/docs/report.schema.json" rep/report.json ||
    fail "report.json does not match the schema"
for m in "Products held per unit at the start" "Funded target accounts" \
         "Balance of target products at 90 days per unit"; do
    grep -qF "### $m" rep/report.md || fail "no table '$m'"
done
grep -q '^| holdings | .*holdings.csv | 325 |' rep/report.md || fail "holdings not audited"
grep -q '^| balances | .*balances.csv | 128 |' rep/report.md || fail "balances not audited"
# without holdings there is no relationship line
run report -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --offers "$D/offers.csv" -o rep2
expect_rc 0
grep -q 'Relationship' rep2/report.md && fail "a relationship line without holdings"
grep -q '"relationship":null' rep2/report.json || fail "report.json: relationship not null"
# rendering a lift table made with --holdings gives the same line
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --holdings "$D/holdings.csv" -o lift.csv
run report -e "$D/exp.ini" --lift-table lift.csv -o rep3
expect_rc 0
grep -qF 'in new-offer vs 1.85 → 1.70 in holdout (the control).' rep3/report.md ||
    fail "no relationship line from a lift table"
run report -e "$D/exp.ini" --lift-table lift.csv --holdings "$D/holdings.csv" -o rep4
expect_rc 1
expect_err "--holdings and --balances apply to raw data"
exit 0
