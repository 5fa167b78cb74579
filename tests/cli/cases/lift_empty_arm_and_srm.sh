# An empty arm, a 100% rate, a 0% control and zero-variance balances give
# empty cells, not NaN or a crash; the sample-ratio mismatch (50/0/20 against
# weights 40/40/20) is flagged on stderr, in md and in json, and srm_p is on
# every CSV row.  Expected file made by
#   cd tests/data/lift && /usr/bin/python3 reference.py exp.ini --summary summary-edge.csv \
#       > expected-lift-edge.csv
D="$DATA/lift"
run lift -e "$D/exp.ini" --summary "$D/summary-edge.csv"
expect_rc 0
expect_err "WARNING: sample ratio mismatch (p = 4.05e-11 < 0.001)"
awk -F, -v rel=p_value,p_adjusted,srm_p -f "$D/numcmp.awk" "$D/expected-lift-edge.csv" out ||
    fail "edge table differs from the reference"
grep -qx 'response_target,new-offer,challenger,0,,,,champion,,,,,,,,,,,,4.05465090708e-11' out ||
    fail "empty arm row"
grep -qi 'nan\|inf' out && fail "NaN or inf in the table"
run lift -e "$D/exp.ini" --summary "$D/summary-edge.csv" -f md
expect_out "> **WARNING: sample ratio mismatch"
run lift -e "$D/exp.ini" --summary "$D/summary-edge.csv" -f json
expect_out '"untrustworthy": true'
expect_out '"value": null'
grep -qi 'nan\|inf' out && fail "NaN or inf in json"
true
