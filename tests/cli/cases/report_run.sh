# 'liftkit report' from raw data: a small simulated campaign through assign,
# then the report computes lift, ROI, attribution, power and uplift itself.
EXP="$ROOT/experiments/heloc-spring-2026.ini"
"$LIFTKIT" simulate -e "$EXP" -n 6000 --seed 11 --out-dir d >/dev/null 2>&1 || fail "simulate failed"
"$LIFTKIT" assign -e "$EXP" -o d/assignments.csv d/customers.csv 2>/dev/null || fail "assign failed"
run report -e "$EXP" --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv -o rep --seed 5
expect_rc 0
expect_out "rep/index.html"
h=rep/index.html
for f in lift roi accrual mix power uplift; do [ -s "rep/data/$f.csv" ] || fail "no data/$f.csv"; done
for k in rate forest accrual mix power qini; do [ -s "rep/charts/$k.png" ] || fail "no $k chart"; done
grep -qE "new-offer (beat|did worse than|did not significantly differ from) champion on target response" "$h" ||
    fail "no verdict for new-offer"
grep -qF "<h2>Other metrics</h2>" "$h" || fail "no tables of the other metrics"
grep -qF "<h3>Balance of target products per unit</h3>" "$h" || fail "no balance table"
grep -qF "<h2>Model comparison</h2>" "$h" || fail "no model comparison for score_v1/score_v2"
grep -qF "score_v2" "$h" || fail "model table lacks score_v2"
# the scores ranked are the score columns, not the [cuped] covariates
[ "$(cut -d, -f1 rep/data/uplift.csv | tail -n +2 | tr '\n' ' ')" = "score_v1 score_v2 " ] ||
    { cat rep/data/uplift.csv; fail "uplift ranks other columns than the scores"; }
# The lift table in data/ is what 'liftkit lift' writes for the same input.
"$LIFTKIT" lift -e "$EXP" --assignments d/assignments.csv --openings d/openings.csv \
    -o lift.csv 2>/dev/null || fail "lift failed"
expect_same rep/data/lift.csv lift.csv
# Each chart's data file holds the numbers of the lift table it was drawn from.
awk -F, 'NR > 1 && $1 == "response_target" && !seen[$2]++ { print $2","$4","$5","$6","$7 }' \
    lift.csv | sort >want-rate
awk -F, 'NR > 1 { print $2","$4","$5","$6","$7 }' rep/charts/rate.csv | sort >got-rate
expect_same got-rate want-rate
# the forest draws each comparison once: the plain rows, not the CUPED ones
awk -F, 'NR > 1 && $1 == "response_target" && $8 != "" && $17 != "cuped" { print $2" vs "$8","$12","$13","$14","$16 }' \
    lift.csv >want-forest
awk -F, 'NR > 1 { print $2","$6","$7","$8","$9 }' rep/charts/forest.csv >got-forest
expect_same got-forest want-forest
# The accrual chart draws the accrual table as it is (plus its arm index).
cut -d, -f2- rep/charts/accrual.csv | sort >got-accrual
sort rep/data/accrual.csv >want-accrual
expect_same got-accrual want-accrual
# Audit footer: SHA-256 and data rows of every input.
for f in d/assignments.csv d/offers.csv d/openings.csv "$EXP"; do
    grep -qF "$(sha256sum "$f" | cut -d' ' -f1)" "$h" || fail "footer lacks the SHA-256 of $f"
done
rows=$(($(wc -l <d/offers.csv) - 1))
rows=$(printf "%d" "$rows" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
grep -qF "<td>d/offers.csv</td><td class=\"num\">$rows</td>" "$h" ||
    fail "footer lacks the offers row count $rows"
# A bad input stops the report with a located error and writes nothing.
sed '3s/,2026-[0-9-]*,/,2026-13-45,/' d/openings.csv >bad-openings.csv
run report -e "$EXP" --assignments d/assignments.csv --offers d/offers.csv \
    --openings bad-openings.csv -o bad
expect_rc 2
expect_err "bad-openings.csv:3:"
expect_absent bad
# A clean holdout gets no warning; offers to holdout customers get one above the verdict.
grep -qF "went to customers of the no-contact control" "$h" && fail "a clean holdout is flagged"
c=$(awk -F, '$4 == "holdout" { print $1; exit }' d/assignments.csv)
{ cat d/offers.csv; printf '%s,OX1,heloc,mail,2026-01-06,0.65\n' "$c"; } > contacted.csv
run report -e "$EXP" --assignments d/assignments.csv --offers contacted.csv \
    --openings d/openings.csv -o rep2 --seed 5
expect_rc 0
grep -qF "1 offer (cost 0.65) went to customers of the no-contact control" rep2/index.html ||
    fail "no contacted-holdout warning in index.html"
w=$(grep -n 'went to customers of the no-contact control' rep2/index.html | cut -d: -f1)
v=$(grep -n 'class="verdict"' rep2/index.html | head -n 1 | cut -d: -f1)
[ "$w" -lt "$v" ] || fail "the holdout warning is not above the verdict"
grep -qF "> **WARNING:** 1 offer (cost 0.65) went to customers of the no-contact control" \
    rep2/report.md || fail "no contacted-holdout warning in report.md"
