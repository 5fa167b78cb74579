# Without a no-contact control the report still gives the champion/challenger
# verdict, says that incrementality and ROMI cannot be measured, and leaves
# out the ROI table and the Qini curves.
EXP="$DATA/report/no-control.ini"
"$LIFTKIT" simulate -e "$EXP" -n 3000 --seed 3 --out-dir d >/dev/null 2>&1 || fail "simulate failed"
"$LIFTKIT" assign -e "$EXP" -o d/a.csv d/customers.csv 2>/dev/null || fail "assign failed"
run report -e "$EXP" --assignments d/a.csv --offers d/offers.csv --openings d/openings.csv -o rep
expect_rc 0
h=rep/index.html
grep -qE "new-offer (beat|did worse than|did not significantly differ from) champion" "$h" ||
    fail "no verdict"
grep -qF "There is no no-contact control" "$h" || fail "no note about the missing control"
! grep -qF "Return on marketing investment" "$h" || fail "an ROI table without a control"
expect_absent rep/data/roi.csv
expect_absent rep/charts/qini.png
grep -qF "no control arm, so there is no uplift" "$h" || fail "model section does not say why"
