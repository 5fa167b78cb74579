# Numbers too large to sum are located errors, never an inf or NaN in a
# table: weights, values and costs in the experiment file; balances, costs
# and scores in CSV files (each at most 1e15); summary sums whose squares
# overflow.  Days and policy windows are range-checked before they become
# integers (1e300 days, a 20-digit window).
D="$DATA/lift"
# weights of 1e308: their sum was inf, every customer went to the control
sed 's/^weight = 40/weight = 1e308/' "$D/exp.ini" >w.ini
run assign -e w.ini "$DATA/assign/customers.csv" -o a.csv
expect_rc 2
expect_err "w.ini:12: weight of arm 'champion' is too large: at most 1e+15"
expect_absent a.csv
# a product's value and a channel's cost
sed 's/^heloc = 400/heloc = 1e308/' "$D/exp.ini" >v.ini
run lift -e v.ini --assignments "$D/assignments.csv" --openings "$D/openings.csv"
expect_rc 2
expect_err "v.ini:21: 'heloc' in [value] is too large"
sed 's/^mail  = 0.65/mail = 1e308/' "$D/exp.ini" >c.ini
run roi -e c.ini --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --offers "$D/offers.csv" -o r.csv
expect_rc 2
expect_err "c.ini:25: 'mail' in [cost] is too large"
expect_absent r.csv
# balances: 1e308 overflowed a unit's sum, 1e200 its square (the interval
# collapsed onto the mean)
for b in 1e308 1e200; do
    awk -F, -v b=$b 'BEGIN { OFS = "," } NR > 1 { $5 = b } { print }' "$D/openings.csv" >o.csv
    run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings o.csv -o l.csv
    expect_rc 2
    expect_err "o.csv:2:5: number '$b' in column 'balance' is too large: at most 1e+15"
    expect_absent l.csv
done
# a cost column in offers.csv
awk -F, 'BEGIN { OFS = "," } NR == 1 { print $0 ",cost"; next } { print $0 ",1e308" }' \
    "$D/offers.csv" >oc.csv
run roi -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --offers oc.csv -o r.csv
expect_rc 2
expect_err "oc.csv:2:6: number '1e308' in column 'cost' is too large"
# a score column of the assignments
"$LIFTKIT" assign -e "$DATA/assign/exp.ini" "$DATA/assign/customers.csv" -o as.csv 2>/dev/null ||
    fail "assign failed"
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "score_v1") c = i }
          NR == 3 { $c = "-1e300" } { print }' as.csv >as-big.csv
run uplift -e "$DATA/assign/exp.ini" --assignments as-big.csv --openings "$D/openings.csv" \
    --score score_v1
expect_rc 2
expect_err "as-big.csv:3:12: number '-1e300' in column 'score_v1' is too large"
# summary sums whose squares overflow
s() { printf 'arm,metric,n,sum,sumsq\n'
      for a in champion new-offer holdout; do
          printf '%s,response_target,10,1,1\n' $a
          if [ $a = champion ]; then printf '%s,balance_target,10,%s,%s\n' $a "$1" "$2"
          else printf '%s,balance_target,10,1,1\n' $a; fi
      done; }
s 1e308 1e308 >s1.csv
run lift -e "$D/exp.ini" --summary s1.csv -o l.csv
expect_rc 2
expect_err "s1.csv:3:5: sums of arm 'champion' and metric 'balance_target' are too large"
# squares that stay finite, but a variance whose square does not (the
# interval was empty): mean squares are at most 1e30, amounts up to 1e15
s 1e154 1.1e307 >s2.csv
run lift -e "$D/exp.ini" --summary s2.csv -o l.csv
expect_rc 2
expect_err "s2.csv:3:5: sums of arm 'champion' and metric 'balance_target' are too large: a mean square is at most 1e+30"
expect_absent l.csv
s 1e16 1e31 >s3.csv
run lift -e "$D/exp.ini" --summary s3.csv -o l.csv
expect_rc 0
grep -q '^balance_target,champion,champion,10,1e+15,[0-9]' l.csv || fail "no interval at the largest sums"
# ROI summaries: a unit value, a cost per contact, a count that rows add up to
R="$DATA/lift/roi-summary.csv"
for l in 'champion,1e308,3,3,3,1.95,household_id:2:value' \
         'champion,120,3,3,3,1e308,household_id:6:cost' \
         'champion,120,1e300,3,3,1.95,household_id:3:units'; do
    awk -v l="${l%%:*}" 'NR == 3 { print l; next } { print }' "$R" >rs.csv
    col=${l#*:}
    run roi -e "$D/exp.ini" --summary rs.csv -o r.csv
    expect_rc 2
    expect_err "rs.csv:3:${col%%:*}: ${col#*:} '"
    expect_err "' is too large"
done
# days: checked against 36500 before the whole-number test converts them
printf '[lag]\nmail = 1e300\n' | cat "$D/exp.ini" - >lag.ini
run lift -e lag.ini --summary s3.csv -o l.csv
expect_rc 2
expect_err "lag.ini:28: 'mail' in [lag] must be a whole number of days, got '1e300'"
printf '[contact_policy]\nmax_99999999999999999999d = 2\n' | cat "$D/exp.ini" - >pol.ini
run lift -e pol.ini --summary s3.csv -o l.csv
expect_rc 2
expect_err "pol.ini:28: unknown key 'max_99999999999999999999d' in [contact_policy]"
