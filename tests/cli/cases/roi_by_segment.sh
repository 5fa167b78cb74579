# roi --by: every segment's rows equal plain 'roi' on that segment's units
# alone (the assignments filtered by the unit's first customer's segment,
# the offers to their customers), bootstrap interval included; (all) equals
# plain roi; JSON and Markdown carry every segment.
EXP="$ROOT/experiments/heloc-spring-2026.ini"
run simulate -e "$EXP" -n 20000 --seed 5 --out-dir d -q
expect_rc 0
run assign -e "$EXP" -q -o d/assignments.csv d/customers.csv
expect_rc 0
run roi -e "$EXP" --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv --by segment --resamples 300 -q -o seg.csv
expect_rc 0
segcol=$(head -1 d/assignments.csv | tr , '\n' | grep -nx segment | cut -d: -f1)
for s in affluent mass senior small-business young; do
    awk -F, -v c="$segcol" -v s="$s" 'NR == 1 { print; next }
        !($2 in seg) { seg[$2] = $c } seg[$2] == s' d/assignments.csv > "a-$s.csv"
    awk -F, 'NR == FNR { if (FNR > 1) keep[$1] = 1; next } FNR == 1 || ($1 in keep)' \
        "a-$s.csv" d/offers.csv > "o-$s.csv"
    run roi -e "$EXP" --assignments "a-$s.csv" --offers "o-$s.csv" \
        --openings d/openings.csv --resamples 300 -q -o "plain-$s.csv"
    expect_rc 0
    tail -n +2 "plain-$s.csv" | sed "s/^/$s,/" > "want-$s.csv"
    grep "^$s," seg.csv > "got-$s.csv"
    [ "$(wc -l < "want-$s.csv")" -eq 3 ] || fail "rows for $s"
    expect_same "got-$s.csv" "want-$s.csv"
done
run roi -e "$EXP" --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv --resamples 300 -q -o plain.csv
expect_rc 0
tail -n +2 plain.csv | sed 's/^/(all),/' > want-all.csv
grep '^(all),' seg.csv > got-all.csv
expect_same got-all.csv want-all.csv
[ "$(head -1 seg.csv)" = "segment,$(head -1 plain.csv)" ] || fail "header"
# JSON: an object per segment holding its table; Markdown: a table per segment
run roi -e "$EXP" --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv --by segment --resamples 0 -q --format json -o seg.json
expect_rc 0
/usr/bin/python3 - seg.json <<'EOF' || fail "roi --by JSON"
import json, sys
d = json.load(open(sys.argv[1]))
names = [s["segment"] for s in d["segments"]]
assert names == ["(all)", "affluent", "mass", "senior", "small-business", "young"], names
assert all(len(s["table"]["rows"]) == 3 for s in d["segments"])
EOF
run roi -e "$EXP" --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv --by segment --resamples 0 -q --format md -o seg.md
expect_rc 0
[ "$(grep -c '^## Segment: ' seg.md)" -eq 6 ] || fail "roi --by Markdown"
run roi -e "$EXP" --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv --by nosuchcolumn -q -o bad.csv
expect_rc 2
expect_err "nosuchcolumn"
