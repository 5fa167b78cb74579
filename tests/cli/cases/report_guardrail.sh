# A failed guardrail is red in the health strip and in the guardrail lines,
# but it is a finding about one arm, not about the data: the verdicts keep
# their colours (no grey "do not act"), and each verdict line of the arm that
# failed it says not to roll it out.  new-offer fails opt-outs in this data
# (tests/data/lift/expected-events.csv); champion passes or is inconclusive.
D="$DATA/lift"
run lift -e "$D/exp-guard.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --events "$D/events.csv" -o l.csv -q
expect_rc 0
run report -e "$D/exp-guard.ini" --lift-table l.csv -o rep
expect_rc 0
grep -qF '<li class="bad"><strong>Guardrails</strong> <span class="state">FAILED</span> 2 of 6 failed: event_opt_out (new-offer vs champion), event_opt_out (new-offer vs holdout)</li>' rep/index.html ||
    fail "the health strip does not name the failed guardrails"
grep -qF 'class="health failed"' rep/index.html && fail "a failed guardrail marked the data as failed"
grep -q '^<li class="void">' rep/index.html && fail "a failed guardrail greyed the verdicts"
grep -q 'do not act on this result' rep/index.html && fail "a failed guardrail voided the result"
grep -qF 'A guardrail failed: the arm that failed it must not be rolled out' rep/index.html ||
    fail "no guardrail warning under the health strip"
n=$(grep '^<li class=' rep/index.html | grep -c 'new-offer.*(it failed a guardrail: do not roll it out)')
[ "$n" -eq 2 ] || fail "expected 2 verdict lines of new-offer with the guardrail warning, got $n"
grep '^<li class=' rep/index.html | grep 'champion did not' | grep -q 'failed a guardrail' &&
    fail "champion's verdict carries new-offer's guardrail"
grep -qF -- '- **Guardrails** FAILED: 2 of 6 failed' rep/report.md || fail "no guardrail line in report.md"
grep -qF '(it failed a guardrail: do not roll it out).' rep/report.md || fail "report.md verdict lacks the warning"
# A guardrail marks only the verdict of its own comparison: with new-offer
# passing against the champion (the table's cell edited) and failing against
# the holdout, the line "new-offer ... champion" carries no warning and the
# line against the holdout does.
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "guardrail") g = i
                                                       if ($i == "vs") v = i } }
    $1 == "event_opt_out" && $2 == "new-offer" && $v == "champion" { $g = "pass" } { print }' \
    l.csv > l2.csv
run report -e "$D/exp-guard.ini" --lift-table l2.csv -o rep2
expect_rc 0
grep '^<li class=' rep2/index.html | grep 'new-offer.*champion' | grep -v 'over the control' |
    grep -q 'failed a guardrail' && fail "new-offer vs champion warned for the holdout's guardrail"
n=$(grep '^<li class=' rep2/index.html | grep -c 'new-offer.*(it failed a guardrail: do not roll it out)')
[ "$n" -eq 1 ] || fail "expected 1 verdict line of new-offer with the warning, got $n"
