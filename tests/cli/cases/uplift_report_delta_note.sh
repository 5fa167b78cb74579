# The report names the delta method in its verdict when a comparison row's
# resamples is 0 (docs/formats.md: the delta method's intervals), in HTML
# and markdown, and says nothing of it for bootstrap rows.
T="$DATA/report"
sed 's/,200,1,/,0,1,/' "$T/compare.csv" > delta.csv
note="With this many units these intervals come from the delta method"
run report -e "$T/exp-eur.ini" --lift-table "$T/lift.csv" --roi-table "$T/roi.csv" \
    --compare-table delta.csv -o rep
expect_rc 0
grep -qF "<p class=\"note\">$note" rep/index.html || fail "delta note in HTML"
grep -qF "$note" rep/report.md || fail "delta note in markdown"
run report -e "$T/exp-eur.ini" --lift-table "$T/lift.csv" --roi-table "$T/roi.csv" \
    --compare-table "$T/compare.csv" -o rep2
expect_rc 0
! grep -qF "delta method" rep2/index.html rep2/report.md || fail "delta note for a bootstrap"
