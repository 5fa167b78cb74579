# An empty arm, a 100% rate, a 0% control and zero-variance balances give
# empty cells, not NaN or a crash; the sample-ratio mismatch (50/0/20 against
# weights 40/40/20) is flagged on stderr, in md and in json, and srm_p is on
# every CSV row.  Expected file made by
#   cd tests/data/lift && /usr/bin/python3 reference.py exp.ini --summary summary-edge.csv \
#       > expected-lift-edge.csv
# and expected/lift_empty_arm_and_srm/ (stderr, md, json) made by this
# binary, their numbers checked against that file (srm_p 4.05465090708e-11).
D="$DATA/lift"
run lift -e "$D/exp.ini" --summary "$D/summary-edge.csv"
expect_rc 0
expect_file err stderr
awk -F, -v rel=p_value,p_adjusted,srm_p -f "$D/numcmp.awk" "$D/expected-lift-edge.csv" out ||
    fail "edge table differs from the reference"
grep -qx 'response_target,new-offer,challenger,0,,,,champion,,,,,,,,,,,,4.05465090708e-11,,,,,,,,' out ||
    fail "empty arm row"
grep -qi 'nan\|inf' out && fail "NaN or inf in the table"
run lift -e "$D/exp.ini" --summary "$D/summary-edge.csv" -f md
expect_rc 0
expect_file out lift.md
run lift -e "$D/exp.ini" --summary "$D/summary-edge.csv" -f json
expect_rc 0
expect_file out lift.json
