# A failed sample-ratio check puts a loud warning above the verdict.
run report -e "$DATA/report/exp.ini" --lift-table "$DATA/report/lift-srm.csv" -o rep
expect_rc 0
grep -qF 'class="srm"' rep/index.html || fail "no SRM warning in index.html"
grep -qF "sample ratio mismatch (p = 2e-05 &lt; 0.001)" rep/index.html || fail "warning lacks the p-value"
w=$(grep -n 'class="srm"' rep/index.html | cut -d: -f1)
v=$(grep -n 'class="verdict"' rep/index.html | cut -d: -f1)
[ "$w" -lt "$v" ] || fail "the warning is not above the verdict"
grep -qF "> **WARNING:** sample ratio mismatch (p = 2e-05 < 0.001)" rep/report.md || fail "no SRM warning in report.md"
