# The lift table from raw data (household units: customers aggregated to
# their household) agrees with an independent pandas/statsmodels/scipy
# computation: 1e-6 absolute, p-values 1e-4 relative.  Expected file made by
#   cd tests/data/lift && /usr/bin/python3 reference.py exp.ini assignments.csv \
#       openings.csv > expected-lift.csv
D="$DATA/lift"
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv"
expect_rc 0
# stderr made by this binary, checked against expected-lift.csv's n and
# tests/data/lift/openings.csv
expect_file err stderr
awk -F, -v rel=p_value,p_adjusted,srm_p -f "$D/numcmp.awk" "$D/expected-lift.csv" out ||
    fail "lift table differs from the reference"
# the small control arm makes an expected cell < 5: Fisher; the rest z
grep -q '^response_target,champion,champion,40,.*,holdout,.*,fisher,' out || fail "no fisher row"
grep -q '^response_target,new-offer,challenger,40,.*,champion,.*,z,' out || fail "no z row"
