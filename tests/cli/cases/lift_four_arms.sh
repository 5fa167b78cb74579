# Four arms with unequal sizes, from a summary: two challengers against the
# champion (Holm over 2) and three treated arms against the control (Holm
# over 3).  Expected file made by
#   cd tests/data/lift && /usr/bin/python3 reference.py exp4.ini --summary summary4.csv \
#       > expected-lift-four.csv
D="$DATA/lift"
run lift -e "$D/exp4.ini" --summary "$D/summary4.csv"
expect_rc 0
awk -F, -v rel=p_value,p_adjusted,srm_p -f "$D/numcmp.awk" "$D/expected-lift-four.csv" out ||
    fail "four-arm table differs from the reference"
[ ! -s err ] || { cat err; fail "a summary this balanced needs no word on stderr"; }
[ "$(awk -F, '$8 == "holdout"' out | wc -l)" -eq 6 ] || fail "expected 3 rows vs holdout per metric"
