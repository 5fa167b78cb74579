# The report's "Offer matrix" section: the heat map and the table, from the
# attribution the report makes itself (data/matrix.csv equals what
# 'liftkit matrix' gives, tests/data/lift/expected-matrix.csv), or from a
# matrix table given with --matrix-table.
D="$DATA/lift"
run report -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --offers "$D/offers.csv" -o rep
expect_rc 0
expect_same rep/data/matrix.csv "$D/expected-matrix.csv"
grep -q '^## Offer matrix$' rep/report.md || fail "no offer matrix section"
grep -q '^| 2026-01 | heloc | mail | 67 | 2.0 | 23.0 | 37.31% |' rep/report.md ||
    fail "no matrix row for heloc by mail"
[ -s rep/charts/matrix.png ] || fail "no heat map"
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" -o lift.csv
run report -e "$D/exp.ini" --lift-table lift.csv --matrix-table "$D/expected-matrix.csv" -o rep2
expect_rc 0
grep -q '^## Offer matrix$' rep2/report.md || fail "no offer matrix section from --matrix-table"
expect_same rep2/data/matrix.csv "$D/expected-matrix.csv"
