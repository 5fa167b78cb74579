# Extreme but well-formed values (docs/formats.md, "Bad input" and "Safety"):
# numbers at the ends of the double range, subnormals, 2^53 + 1, forty-digit
# integers, dates at the ends of the calendar, windows and lags of 0 and of
# 1e300 days, weights of 1e9, single rows, empty arms, all or no responders,
# identical scores.  First the defects such values found, each by name; then
# tests/fuzz/extreme_values.py sends every variant through the commands that
# read it: no status outside 0-4, no sanitizer report (under 'make
# sanitize'), no hang, no failure without a message, no NaN, infinity or
# negative count in a table.
D="$DATA/lift"
# a balance snapshot of 1e308: it passed the reader and stopped the capping
# later with 'value 6 is not a finite number', unlocated
awk -F, 'BEGIN { OFS = "," } NR == 2 { $3 = "1e308" } { print }' "$D/balances.csv" >b.csv
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --balances b.csv -o l.csv
expect_rc 2
expect_err "b.csv:2:3: number '1e308' in column 'balance' is too large: at most 1e+15"
expect_absent l.csv
# a lift summary's n beyond 2^53, where whole numbers are no longer all
# doubles: it gave rates of 1e-306 and intervals of no width
s4() { awk -F, -v n="$1" 'BEGIN { OFS = "," } NR > 1 { $3 = n } { print }' "$D/summary4.csv"; }
s4 1e308 >n308.csv
run lift -e "$D/exp4.ini" --summary n308.csv -o l.csv
expect_rc 2
expect_err "n308.csv:2:3: n '1e308' is too large: at most 2^53"
expect_absent l.csv
# 1e15 units per arm: the posterior density lost its digits (prob_better
# 0.0005 for 0.0195, or 'numerical integration failed', exit 3).  The
# reference is the closed form of tests/unit/test_stats.c at n = 1e15:
# P(model-v2 better than champion) = 1 - g(162, 1e15-160, 127, 1e15-125)
# = 0.98050748100521...
s4 1e15 >n15.csv
run lift -e "$D/exp4.ini" --summary n15.csv -o l.csv
expect_rc 0
awk -F, '$1 == "response_target" && $2 == "model-v2" && $8 == "champion" {
             d = $18 - 0.980507481005; if (d < 0) d = -d; found = 1
             if (d > 1e-5) { print "prob_better " $18; exit 1 } }
         END { if (!found) { print "no model-v2 row"; exit 1 } }' l.csv || fail "prob_better at 1e15 units"
# 1e14 units and a thousand responders per arm: the integral does not
# converge; the whole table failed with an unlocated 'numerical integration
# failed for prob_better' (exit 3, an I/O error); now those two cells are
# empty and the note says why
printf 'arm,metric,n,sum,sumsq\n' >n14.csv
for a in champion:1000 model-v2:1010 model-v3:1000 holdout:1010; do
    printf '%s,response_target,1e14,%s,\n' "${a%:*}" "${a#*:}" >>n14.csv
done
run lift -e "$D/exp4.ini" --summary n14.csv -o l.csv
expect_rc 0
grep -q '^response_target,model-v2,challenger,100000000000000,.*,champion,.*,z,,,.*,prob_better and expected_loss not computed: their integral did not converge,' l.csv ||
    { cat l.csv; fail "no note on prob_better at 1e14 units"; }
# --comparisons past 2^32 reached the sizing cut to an unsigned: 4294967297
# sized one comparison at alpha 0.05 while the summary said 4294967297, and
# 4294967296 was refused as "at least 1"
for k in 4294967297 4294967296 1000001; do
    run power --baseline 0.05 --lift 0.2 --comparisons $k
    expect_rc 1
    expect_err "--comparisons must be a whole number from 1 to 1000000, not '$k'"
done
run power --baseline 0.05 --lift 0.2 --comparisons 1000000 -q
expect_rc 0
expect_out "0.05,0.06,5e-08,0.8,1,"
# --as-of at the ends of the calendar: a well-formed date out of range was
# called malformed ("expects a date YYYY-MM-DD")
for d in 0001-01-01 9999-12-31 2200-01-01; do
    run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
        --as-of $d
    expect_rc 1
    expect_err "--as-of date '$d' is out of range: expected a year from 1900 to 2199"
done
# the sweep
/usr/bin/python3 "$ROOT/tests/fuzz/extreme_values.py" "$LIFTKIT" "$ROOT" "$PWD/sweep" >sweep.txt 2>&1 ||
    { head -c 6000 sweep.txt; fail "extreme values: $(tail -n 1 sweep.txt)"; }
tail -n 1 sweep.txt
