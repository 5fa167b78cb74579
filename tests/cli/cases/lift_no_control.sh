# Without a control only challenger-vs-champion rows are made, and every
# output says so.  Zero responders (no lift, Fisher) and 100% rates give
# defined cells.  Expected file made by
#   cd tests/data/lift && /usr/bin/python3 reference.py expnc.ini --summary summary-nc.csv \
#       > expected-lift-nc.csv
# and expected/lift_no_control/ (stderr, md, json) made by this binary,
# their numbers checked against that file.
D="$DATA/lift"
run lift -e "$D/expnc.ini" --summary "$D/summary-nc.csv"
expect_rc 0
expect_file err stderr
awk -F, -v rel=p_value,p_adjusted,srm_p -f "$D/numcmp.awk" "$D/expected-lift-nc.csv" out ||
    fail "no-control table differs from the reference"
grep -q '^response_target,quiet,challenger,480,0,0,.*,champion,.*,,,,.*,fisher,' out ||
    fail "zero responders: lift empty, fisher"
grep -qi 'nan\|inf' out && fail "NaN or inf in the table"
run lift -e "$D/expnc.ini" --summary "$D/summary-nc.csv" -f md
expect_rc 0
expect_file out lift.md
run lift -e "$D/expnc.ini" --summary "$D/summary-nc.csv" -f json
expect_rc 0
expect_file out lift.json
