# lift --holdings --balances adds products_held_start, products_held_end,
# single_product, funded_target and balance_target_90 (household units),
# equal to an independent pandas/statsmodels computation (the edges are
# listed in tests/data/lift/make_relationship.py).  Expected file made by
#   cd tests/data/lift && /usr/bin/python3 make_relationship.py &&
#   /usr/bin/python3 reference.py exp.ini assignments.csv openings.csv \
#       --holdings holdings.csv --balances balances.csv > expected-lift-relationship.csv
D="$DATA/lift"
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --holdings "$D/holdings.csv" --balances "$D/balances.csv" -o t.csv
expect_rc 0
expect_err "holdings: 325 rows, 2 of unassigned customers"
expect_err "balances: 128 snapshots, 57 of target openings in the window, 71 others"
awk -F, -v rel=p_value,p_adjusted,srm_p -f "$D/numcmp.awk" "$D/expected-lift-relationship.csv" t.csv ||
    fail "lift table differs from the reference"
# the other rows are those of a run without the two files
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" -o plain.csv
grep -v '^products_held\|^single_product\|^funded_target\|^balance_target_90' t.csv > standard.csv
expect_same standard.csv plain.csv
# --write-summary carries the new metrics, and the summary gives the same
# table (but for cap and n_capped: a summary is capped upstream)
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --holdings "$D/holdings.csv" --balances "$D/balances.csv" --write-summary s.csv -o t1.csv
expect_rc 0
grep -q '^holdout,funded_target,20,3,3,' s.csv || fail "no funded_target in the summary"
run lift -e "$D/exp.ini" --summary s.csv -o t2.csv
expect_rc 0
cut -d, -f1-20,23- t1.csv > t1.cut
cut -d, -f1-20,23- t2.csv > t2.cut
expect_same t2.cut t1.cut
# bad rows are located
sed '3s/,$/,2018-01-01/' "$D/holdings.csv" > badh.csv
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --holdings badh.csv -o t3.csv
expect_rc 2
expect_err "badh.csv:3:4: close_date '2018-01-01' before open_date"
expect_absent t3.csv
sed '2s/,[0-9.]*$/,-5/' "$D/balances.csv" > badb.csv
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --balances badb.csv -o t4.csv
expect_rc 2
expect_err "badb.csv:2:3: negative balance '-5'"
expect_absent t4.csv
printf 'account_id,date\nA0001,2026-01-05\n' > short.csv
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --balances short.csv
expect_rc 2
expect_err "missing column 'balance'"
run lift -e "$D/exp.ini" --summary s.csv --holdings "$D/holdings.csv"
expect_rc 1
expect_err "--holdings and --balances need raw data, not --summary"
