# simulate --segment-effect ARM:SEGMENT=FACTOR: the arm's effect times FACTOR
# in one segment; truth-segments.csv records every arm's truth per segment
# (units adding up to truth.csv's); lift --by finds the segment's lift near
# its truth; the customers do not depend on it; bad specs are usage errors.
EXP="$ROOT/experiments/heloc-spring-2026.ini"
run simulate -e "$EXP" -n 100000 --seed 3 --out-dir d --segment-effect new-offer:mass=2 -q
expect_rc 0
run simulate -e "$EXP" -n 100000 --seed 3 --out-dir p -q
expect_rc 0
expect_same d/customers.csv p/customers.csv
t=d/truth-segments.csv
[ "$(head -1 $t)" = "arm,segment,effect_factor,true_lift_vs_control,units,expected_target_rate,expected_lift_vs_control,expected_lift_vs_champion" ] ||
    fail "truth-segments.csv header"
[ "$(tail -n +2 $t | wc -l)" -eq 20 ] || fail "a row per arm and segment"
[ "$(awk -F, 'NR > 1 && $3 != 1 { print $1 "," $2 "," $3 "," $4 }' $t)" = "new-offer,mass,2,0.8" ] ||
    fail "only new-offer in mass has a factor"
awk -F, 'NR > 1 && $3 != 1 { exit 1 }' p/truth-segments.csv || fail "factors without the option"
# units per arm add up to truth.csv's
awk -F, 'NR == FNR { if (FNR > 1) n[$1] += $5; next } FNR > 1 && n[$1] != $7 { exit 1 }' \
    $t d/truth.csv || fail "segment units do not add up"
# lift --by: new-offer against the champion in mass covers its truth, and the lift differs
run assign -e "$EXP" -q -o d/assignments.csv d/customers.csv
expect_rc 0
run lift -e "$EXP" --assignments d/assignments.csv --openings d/openings.csv --by segment \
    -q -o seg.csv --heterogeneity het.csv
expect_rc 0
truth=$(awk -F, '$1 == "new-offer" && $2 == "mass" { print $8 }' $t)
awk -F, -v t="$truth" '$1 == "mass" && $2 == "response_target" && $3 == "new-offer" &&
    $9 == "champion" { found = 1; if (!($14 <= t && t <= $15)) exit 1 } END { exit !found }' \
    seg.csv || fail "the mass interval misses the truth $truth"
awk -F, '$1 == "response_target" && $2 == "new-offer" && $3 == "champion" && $7 < 0.05 {
    ok = 1 } END { exit !ok }' het.csv || fail "Q does not find the segment effect"
# bad specs
for bad in new-offer:nosuch=2 holdout:mass=2 nosuch:mass=2 new-offer:mass=0 new-offer:mass=11 \
    new-offer=2 :mass=2 new-offer:mass=x; do
    run simulate -e "$EXP" -n 100 --out-dir b --segment-effect "$bad" -q
    expect_rc 1
done
expect_absent b/truth-segments.csv
