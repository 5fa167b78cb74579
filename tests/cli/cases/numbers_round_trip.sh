# Numbers a table was written with are read back: a subnormal expected
# loss (5.08e-311, which strtod flags ERANGE; a report at 30M customers
# refused its own lift.csv over it), the largest double and negative zero.
E="$DATA/report/exp.ini"
awk -F, 'BEGIN { OFS = "," } NR == 2 { $19 = "5.08e-311"; $15 = "-0" } NR == 3 { $19 = "4.9e-324" }
         NR == 4 { $12 = "1.7976931348623157e+308" } { print }' "$DATA/report/lift.csv" >lift.csv
run report -e "$E" --lift-table lift.csv -o rep
expect_rc 0
expect_same rep/data/lift.csv lift.csv
grep -qF '"expected_loss":5.08e-311' rep/report.json || fail "report.json lost the subnormal"
# Subnormal balances: the summary lift writes holds subnormal sums, and
# lift from that summary is lift from the raw data (but for cap and
# n_capped, which a summary does not carry).
D="$DATA/lift"
awk -F, 'BEGIN { OFS = "," } NR > 1 { $5 = "5e-311" } { print }' "$D/openings.csv" >o.csv
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings o.csv -o l1.csv \
    --write-summary s.csv
expect_rc 0
grep -q 'balance_target,[0-9]*,[0-9.]*e-3[01][0-9],' s.csv || fail "no subnormal sum: $(cat s.csv)"
run lift -e "$D/exp.ini" --summary s.csv -o l2.csv
expect_rc 0
cut -d, -f21,22 --complement l1.csv >l1.cut
cut -d, -f21,22 --complement l2.csv >l2.cut
expect_same l2.cut l1.cut
