# contacts on a hand-made file with every edge (same-day contacts in
# offer_id order, windows touching at their boundary, a household of two
# customers, units without contacts, channel and global rules together)
# equals pandas' rolling windows by customer: the expected files are the
# output of /usr/bin/python3 tests/ref/contacts_ref.py tests/data/contacts OUT.
D="$DATA/contacts"
run contacts -e "$D/exp.ini" --offers "$D/offers.csv" --assignments "$D/assignments.csv" \
    --violations v.csv --histogram h.csv -o c.csv
expect_rc 0
expect_err "20 offers read, 5 policy rules, 14 violations: champion 12, new-offer 2, holdout 0"
expect_same c.csv "$D/expected-contacts.csv"
expect_same v.csv "$D/expected-violations.csv"
expect_same h.csv "$D/expected-histogram.csv"
# the same violations to standard output's neighbour with offers from standard input
run contacts -e "$D/exp.ini" --offers - --assignments "$D/assignments.csv" \
    --violations v2.csv -q < "$D/offers.csv"
expect_rc 0
expect_same v2.csv "$D/expected-violations.csv"
# without assignments: the customers found in the offers, one row '(all)'
run contacts -e "$D/exp.ini" --offers "$D/offers.csv" -q
expect_rc 0
expect_out "(all),6,20,3.333333333,"
# json and md carry the same numbers
run contacts -e "$D/exp.ini" --offers "$D/offers.csv" --assignments "$D/assignments.csv" \
    -f json -q
expect_out '{"arm": "champion", "units": 3, "contacts": 12, "contacts_per_unit": 4, "p50": 5, "p90": 6.6'
# plot pressure draws the histogram: its data file holds the histogram's rows by arm
command -v gnuplot >/dev/null 2>&1 || skip "gnuplot is not installed"
run plot pressure h.csv -e "$D/exp.ini" -o charts
expect_rc 0
[ -s charts/pressure.png ] && [ -s charts/pressure.svg ] || fail "no pressure chart"
[ "$(sed -n '2p' charts/pressure.csv)" = "0,champion,0,1,0.3333333333" ] ||
    fail "pressure.csv does not start with champion's zero contacts"
