# uplift --by: every segment's rows equal plain 'uplift' on that segment's
# units alone (the assignments filtered by the unit's first customer's
# segment), its sample-ratio p-value included; (all) equals plain uplift;
# --deciles and --curve stay the whole experiment's.
EXP="$ROOT/experiments/heloc-spring-2026.ini"
run simulate -e "$EXP" -n 20000 --seed 5 --out-dir d -q
expect_rc 0
run assign -e "$EXP" -q -o d/assignments.csv d/customers.csv
expect_rc 0
run uplift -e "$EXP" --assignments d/assignments.csv --openings d/openings.csv \
    --score score_v1 --score score_v2 --by segment -q -o seg.csv --curve curve-seg.csv
expect_rc 0
segcol=$(head -1 d/assignments.csv | tr , '\n' | grep -nx segment | cut -d: -f1)
for s in affluent mass senior small-business young; do
    awk -F, -v c="$segcol" -v s="$s" 'NR == 1 { print; next }
        !($2 in seg) { seg[$2] = $c } seg[$2] == s' d/assignments.csv > "a-$s.csv"
    run uplift -e "$EXP" --assignments "a-$s.csv" --openings d/openings.csv \
        --score score_v1 --score score_v2 -q -o "plain-$s.csv"
    expect_rc 0
    tail -n +2 "plain-$s.csv" | sed "s/^/$s,/" > "want-$s.csv"
    grep "^$s," seg.csv > "got-$s.csv"
    [ "$(wc -l < "want-$s.csv")" -eq 2 ] || fail "rows for $s"
    expect_same "got-$s.csv" "want-$s.csv"
done
run uplift -e "$EXP" --assignments d/assignments.csv --openings d/openings.csv \
    --score score_v1 --score score_v2 -q -o plain.csv --curve curve.csv
expect_rc 0
tail -n +2 plain.csv | sed 's/^/(all),/' > want-all.csv
grep '^(all),' seg.csv > got-all.csv
expect_same got-all.csv want-all.csv
[ "$(head -1 seg.csv)" = "segment,$(head -1 plain.csv)" ] || fail "header"
expect_same curve-seg.csv curve.csv
run uplift -e "$EXP" --assignments d/assignments.csv --openings d/openings.csv \
    --score score_v1 --by nosuchcolumn -q -o bad.csv
expect_rc 2
expect_err "nosuchcolumn"
