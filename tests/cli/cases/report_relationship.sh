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
