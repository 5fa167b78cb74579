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
# Every other table the report reads again (report --*-table): the three
# numbers put into the tables a report made from raw data, read and written
# back as they were.
EXP="$ROOT/experiments/heloc-spring-2026.ini"
"$LIFTKIT" simulate -e "$EXP" -n 6000 --seed 11 --out-dir d >/dev/null 2>&1 || fail "simulate failed"
"$LIFTKIT" assign -e "$EXP" -o d/assignments.csv d/customers.csv 2>/dev/null || fail "assign failed"
run report -e "$EXP" --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv -o made -q
expect_rc 0
# put TABLE S M Z: the subnormal in column S, the largest double in M and -0
# in Z of the table's first row
put() {
    [ -s "made/data/$1.csv" ] || fail "the report made no data/$1.csv"
    awk -F, -v s="$2" -v m="$3" -v z="$4" 'BEGIN { OFS = "," }
        NR == 2 { $s = "5.08e-311"; $m = "1.7976931348623157e+308"; $z = "-0" } { print }' \
        "made/data/$1.csv" >"$1.csv"
}
put lift 19 12 15
put roi 4 6 8
put accrual 5 3 4
put mix 5 4 4
awk -F, 'BEGIN { OFS = "," } NR == 2 { $4 = "1.7976931348623157e+308" } NR == 3 { $5 = "-0" }
         { print }' mix.csv >m.csv && mv m.csv mix.csv
put power 6 1 2
put uplift 4 5 6
put compare 3 4 6
put segments 21 13 16
put heterogeneity 5 7 8
put matrix 5 8 7
grep -q '5.08e-311' mix.csv && grep -q ',-0$' mix.csv || fail "mix.csv lacks a number"
run report -e "$EXP" --lift-table lift.csv --roi-table roi.csv --accrual-table accrual.csv \
    --mix-table mix.csv --power-table power.csv --uplift-table uplift.csv \
    --compare-table compare.csv --segments-table segments.csv \
    --heterogeneity-table heterogeneity.csv --matrix-table matrix.csv -o back -q
expect_rc 0
for t in lift roi accrual mix power uplift compare segments heterogeneity matrix; do
    grep -qF '1.7976931348623157e+308' "$t.csv" || fail "$t.csv lacks the largest double"
    expect_same "back/data/$t.csv" "$t.csv"
done
# The ROI summary (report --summary): a subnormal unit value and a cost of
# -0 are read, and the report's ROI table is roi --summary's.
awk -F, 'BEGIN { OFS = "," } NR == 2 { $6 = "-0" } { print }
         END { print "holdout,5.08e-311,1,0,1,0,household_id" }' \
    "$DATA/lift/roi-summary.csv" >r.csv
run roi -e "$D/exp.ini" --summary r.csv -o roi-s.csv -q
expect_rc 0
run report -e "$D/exp.ini" --summary s.csv r.csv -o rs -q
expect_rc 0
expect_same rs/data/roi.csv roi-s.csv
