# [margin]: an opening's value is [value] plus margin x balance x horizon / 365
# (default margin for products not listed; horizon 180 days here), so
# incremental_value and romi agree with pandas; the bootstrap interval within
# 3% of its width.  Expected file made by
#   cd tests/data/lift && /usr/bin/python3 roi_reference.py 200000 --margin > expected-roi-margin.csv
D="$DATA/lift"
run roi -e "$D/exp-margin.ini" --assignments "$D/assignments.csv" --offers "$D/offers.csv" \
    --openings "$D/openings.csv" --resamples 200000
expect_rc 0
. "$ROOT/tests/cli/roi-check.sh"
roi_matches_reference "$D/expected-roi-margin.csv" out
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
