# window_from = column:eligible_date: each household's window starts on the
# earliest eligible_date of its customers (the experiment's start when all
# are empty), in every metric, the relationship ones included, and the
# accrual counts days since each unit's start.  The table agrees with
# pandas/statsmodels; expected file made by
#   cd tests/data/lift && /usr/bin/python3 make_relationship.py &&
#   /usr/bin/python3 reference.py exp-window.ini assignments-window.csv openings.csv \
#       --holdings holdings.csv --balances balances.csv > expected-lift-window.csv
D="$DATA/lift"
run lift -e "$D/exp-window.ini" --assignments "$D/assignments-window.csv" \
    --openings "$D/openings.csv" --holdings "$D/holdings.csv" --balances "$D/balances.csv" \
    -o t.csv --accrual acc.csv
expect_rc 0
awk -F, -v rel=p_value,p_adjusted,srm_p -f "$D/numcmp.awk" "$D/expected-lift-window.csv" t.csv ||
    fail "lift table differs from the reference"
# the accrual's last day has every target responder of the arm
for arm in champion new-offer holdout; do
    want=$(awk -F, -v a=$arm '$1 == "response_target" && $2 == a { print $4 * $5; exit }' t.csv)
    got=$(awk -F, -v a=$arm '$1 == a && $2 == 30 { print $4 }' acc.csv)
    [ "$want" = "$got" ] || fail "accrual of $arm ends at $got responders, not $want"
done
# an eligible date that is not a date is located; a missing column is named
sed '3s/,2026-01-19$/,someday/' "$D/assignments-window.csv" > bad.csv
run lift -e "$D/exp-window.ini" --assignments bad.csv --openings "$D/openings.csv" -o t2.csv
expect_rc 2
expect_err "bad.csv:3:8: "
expect_absent t2.csv
run lift -e "$D/exp-window.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv"
expect_rc 2
expect_err "missing column 'eligible_date'"
sed 's/^window_from = column:eligible_date/window_from = eligible_date/' "$D/exp-window.ini" > bad.ini
run lift -e bad.ini --assignments "$D/assignments-window.csv" --openings "$D/openings.csv"
expect_rc 2
expect_err "'window_from' must be column:NAME"
# the report's header says the windows are per household
run report -e "$D/exp-window.ini" --lift-table t.csv -o rep
expect_rc 0
grep -qF "Measurement window of 30 days from each household's eligible\\_date (2026-01-05 for a household without one), target products" rep/report.md ||
    fail "report header: $(sed -n 3p rep/report.md)"
grep -qF "<p class=\"sub\">Measurement window of 30 days from each household&#39;s eligible_date" rep/index.html ||
    grep -qF "<p class=\"sub\">Measurement window of 30 days from each household's eligible_date" rep/index.html ||
    fail "index.html header"
