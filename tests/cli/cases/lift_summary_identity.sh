# --write-summary writes the per-arm sums (of the capped unit values);
# feeding them back with --summary gives exactly the same table (csv, json
# and md) as the raw path, but for the cap and n_capped cells: a summary's
# sums are taken as given, capped upstream if at all.
D="$DATA/lift"
summary_like_raw "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv"
grep -q '^balance_target,champion,champion,40,.*,welch,,,1,3156.88,0,' raw.csv ||
    fail "raw balance rows lack the cap"
grep -q '^balance_target,champion,champion,40,.*,welch,,,1,,,' summary.csv ||
    fail "summary balance rows have a cap"
# expected/lift_summary_identity/sums.csv: made by this binary; checked
# against tests/data/lift (champion 8 of 40 respond; holdout opens 9
# products, sum of squares 11) and the n of expected-lift.csv
expect_file sums.csv sums.csv
# the reference computed from the summary agrees too
lift_no_caps "$D/expected-lift.csv" > ref-nocap.csv
awk -F, -v rel=p_value,p_adjusted,srm_p -f "$D/numcmp.awk" ref-nocap.csv summary-nocap.csv ||
    fail "summary path differs from the reference"
# the summary can come on standard input
"$LIFTKIT" lift -e "$D/exp.ini" --summary - -o stdin.csv < sums.csv 2>err || fail "--summary -"
expect_same stdin.csv summary.csv
# the short form of a GROUP BY (arm, n, responders) is target response alone:
# the same rows as the full form's response_target rows
awk -F, 'NR == 1 { print "arm,n,responders" } $2 == "response_target" { print $1 "," $3 "," $4 }' \
    sums.csv > short.csv
[ "$(wc -l < short.csv)" -eq 4 ] || fail "short summary rows"
run lift -e "$D/exp.ini" --summary short.csv -o short-out.csv
expect_rc 0
grep '^response_target,' raw.csv > target.csv   # the csv table of the loop above
tail -n +2 short-out.csv > short-rows.csv
expect_same short-rows.csv target.csv
printf 'arm,n,responders\nchampion,40,41\n' > over.csv
run lift -e "$D/exp.ini" --summary over.csv
expect_rc 2
expect_file err over.err
