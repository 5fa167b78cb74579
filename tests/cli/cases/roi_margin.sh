# [margin]: an opening's value is [value] plus margin x balance x horizon / 365
# (default margin for products not listed; horizon 180 days here), so
# incremental_value and romi agree with pandas; the bootstrap interval within
# 3% of its width.  Expected file made by
#   cd tests/data/lift && /usr/bin/python3 roi_reference.py 200000 --margin > expected-roi-margin.csv
D="$DATA/lift"
run roi -e "$D/exp-margin.ini" --assignments "$D/assignments.csv" --offers "$D/offers.csv" \
    --openings "$D/openings.csv" --resamples 200000
expect_rc 0
cut -d, -f1-7,10-12 "$D/expected-roi-margin.csv" > want.csv
cut -d, -f1-7,10,12,13 out > got.csv
awk -F, -f "$D/numcmp.awk" want.csv got.csv || fail "point estimates differ"
paste -d, "$D/expected-roi-margin.csv" out | awk -F, 'NR > 1 {
    w = $9 - $8
    if ((($20 - $8) ^ 2) ^ 0.5 > 0.03 * w || (($21 - $9) ^ 2) ^ 0.5 > 0.03 * w) {
        print "interval of " $1 ": got " $20 " to " $21 ", reference " $8 " to " $9; bad = 1 }
} END { exit bad }' || fail "bootstrap interval differs"
# a bad horizon or margin is located at its line
sed 's/^horizon = 180/horizon = 0/' "$D/exp-margin.ini" > bad.ini
run roi -e bad.ini --assignments "$D/assignments.csv" --offers "$D/offers.csv" \
    --openings "$D/openings.csv"
expect_rc 2
expect_err "bad.ini:28: 'horizon' in [margin] must be a whole number of days of at least 1, got '0'"
sed 's/^card    = 0.12/card    = -1/' "$D/exp-margin.ini" > bad2.ini
run roi -e bad2.ini --assignments "$D/assignments.csv" --offers "$D/offers.csv" \
    --openings "$D/openings.csv"
expect_rc 2
expect_err "bad2.ini:26: 'card' in [margin] must be a non-negative number, got '-1'"
