# 'liftkit report --summary': the report from what a warehouse returns.  On
# the hand-made data, the lift summary (lift --write-summary) and the ROI
# summary recomputed with pandas (tests/data/lift/roi-summary.csv, see
# roi_summary.sh), given in any order and told apart by their columns, make
# a report whose ROI and power tables are the raw report's byte for byte and
# whose lift table is too but for cap and n_capped (a summary arrives
# capped); partial summaries give the same report tables; the footer audits
# every summary; bad uses are usage or data errors before any folder.
D="$DATA/lift"
"$LIFTKIT" lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --write-summary sums.csv -o /dev/null -q || fail "lift --write-summary failed"
run report -e "$D/exp.ini" --assignments "$D/assignments.csv" --offers "$D/offers.csv" \
    --openings "$D/openings.csv" -o raw
expect_rc 0
run report -e "$D/exp.ini" --summary "$D/roi-summary.csv" sums.csv -o sum
expect_rc 0
expect_out "sum/index.html"
for t in roi power; do
    expect_same sum/data/$t.csv raw/data/$t.csv
done
cut -d, -f1-20,23- raw/data/lift.csv > raw-lift.csv
cut -d, -f1-20,23- sum/data/lift.csv > sum-lift.csv
expect_same sum-lift.csv raw-lift.csv
for f in accrual mix uplift; do expect_absent sum/data/$f.csv; done
grep -qF '<td>lift summary</td><td>sums.csv</td>' sum/index.html || fail "no lift summary in the audit"
grep -qF '<td>ROI summary</td>' sum/index.html || fail "no ROI summary in the audit"
grep -qE 'new-offer (beat|did worse than|did not significantly differ from) champion' sum/report.md ||
    fail "no verdict"
# partial summaries: each arm's rows of either kind in its own file
for k in champion new-offer holdout; do
    awk -F, -v k=$k 'NR == 1 || $1 == k' sums.csv > "lift-$k.csv"
    awk -F, -v k=$k 'NR == 1 || $1 == k' "$D/roi-summary.csv" > "roi-$k.csv"
done
run report -e "$D/exp.ini" --summary lift-champion.csv roi-holdout.csv lift-new-offer.csv \
    roi-champion.csv lift-holdout.csv roi-new-offer.csv -o parts
expect_rc 0
for t in lift roi power; do
    expect_same parts/data/$t.csv sum/data/$t.csv
done
printf 'a,b\n1,2\n' > other.csv
run_note report -e "$D/exp.ini" --summary sums.csv other.csv -o x
run_note report -e "$D/exp.ini" --summary "$D/roi-summary.csv" -o x
run_note report -e "$D/exp.ini" --summary sums.csv --assignments "$D/assignments.csv" -o x
run_note report -e "$D/exp.ini" sums.csv -o x
expect_absent x
expect_file transcript transcript
