# A failed sample-ratio check puts a loud warning above the verdict.
run report -e "$DATA/report/exp.ini" --lift-table "$DATA/report/lift-srm.csv" -o rep
expect_rc 0
grep -qF 'class="srm"' rep/index.html || fail "no SRM warning in index.html"
grep -qF "sample ratio mismatch (p = 2e-05 &lt; 0.001)" rep/index.html || fail "warning lacks the p-value"
w=$(grep -n 'class="srm"' rep/index.html | cut -d: -f1)
v=$(grep -n 'class="verdict"' rep/index.html | cut -d: -f1)
[ "$w" -lt "$v" ] || fail "the warning is not above the verdict"
grep -qF "> **WARNING:** sample ratio mismatch (p = 2e-05 < 0.001)" rep/report.md || fail "no SRM warning in report.md"
# The health strip, first on the page, names each arm's units against its
# expected share (60012+59870+60110+20008 = 200000 units over weights
# 30/30/30/10: 60,000 and 20,000 expected) ...
s=$(grep -n 'class="health failed"' rep/index.html | cut -d: -f1)
[ -n "$s" ] && [ "$s" -lt "$w" ] || fail "no failed health strip above the SRM warning"
grep -qF 'arm sizes do not match the weights (p &lt; 0.0001): champion 60,012 (expected 60,000), new-offer 59,870 (expected 60,000), model-v2 60,110 (expected 60,000), holdout 20,008 (expected 20,000)</li>' rep/index.html || fail "health strip lacks the per-arm counts"
grep -qF -- '- **Sample ratio** FAILED: arm sizes do not match the weights' rep/report.md || fail "no health strip in report.md"
# ... and every verdict line turns grey with "do not act on this result".
n=$(grep -c '^<li class="void">' rep/index.html)
[ "$n" -eq 4 ] || fail "expected 4 grey verdict lines, got $n"
! grep -qE '^<li class="(win|loss|same)"' rep/index.html || fail "a verdict line is still coloured"
[ "$(grep -c 'do not act on this result: a health check failed' rep/index.html)" -eq 4 ] || fail "a grey verdict lacks the warning"
