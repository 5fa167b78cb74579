# The report's Segments section: a stratified experiment gets it from raw
# data (by its stratify column), or any experiment with --by; its tables are
# those of 'lift --by --heterogeneity'; a chart, a table and one sentence per
# comparison on target response, the sentence following Cochran's Q; the
# same section rendered from the tables; report.json carries the figures.
EXP="$ROOT/experiments/heloc-spring-2026.ini"
run simulate -e "$EXP" -n 60000 --seed 5 --out-dir d -q
expect_rc 0
run assign -e "$EXP" -q -o d/assignments.csv d/customers.csv
expect_rc 0
run report -e "$EXP" --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv -o rep --seed 5
expect_rc 0
h=rep/index.html
grep -qF "<h2>Segments</h2>" "$h" || fail "a stratified experiment's report has no Segments"
grep -qF "## Segments" rep/report.md || fail "report.md has no Segments"
# its tables are those of lift --by segment --heterogeneity
run lift -e "$EXP" --assignments d/assignments.csv --openings d/openings.csv --by segment \
    -q -o seg.csv --heterogeneity het.csv
expect_rc 0
expect_same rep/data/segments.csv seg.csv
expect_same rep/data/heterogeneity.csv het.csv
# a chart per comparison on target response, drawing that comparison's rows
n=$(awk -F, 'NR > 1 && $1 == "response_target"' het.csv | wc -l)
[ "$n" -eq 5 ] || fail "expected 5 comparisons, got $n"
i=0
for cmp in $(awk -F, 'NR > 1 && $1 == "(all)" && $2 == "response_target" && $9 != "" {
                        print $3 "," $9 }' seg.csv); do
    i=$((i + 1))
    arm=${cmp%,*} vs=${cmp#*,}
    for ext in png svg csv gp; do
        [ -s "rep/charts/segments-$i.$ext" ] || fail "no segments-$i.$ext"
    done
    grep -qF "charts/segments-$i.png" "$h" || fail "segments-$i.png not on the page"
    awk -F, -v a="$arm" -v v="$vs" 'NR > 1 && $2 == "response_target" && $3 == a && $9 == v {
        print $1 "," $13 "," $14 "," $15 }' seg.csv > "want-$i"
    awk -F, 'NR > 1 { print $5 "," $9 "," $10 "," $11 }' "rep/charts/segments-$i.csv" > "got-$i"
    expect_same "got-$i" "want-$i"
    # the sentence follows Q's p-value against alpha = 0.05
    p=$(awk -F, -v a="$arm" -v v="$vs" '$1 == "response_target" && $2 == a && $3 == v {
        print $7 }' het.csv)
    if awk -v p="$p" 'BEGIN { exit !(p < 0.05) }'; then
        want="The lift differs by segment (Q p"
    else
        want="No evidence that the lift differs by segment (Q p"
    fi
    sed -n "/<h3>$arm vs $vs<\/h3>/,/<\/p>/p" "$h" | grep -qF "$want" ||
        fail "$arm vs $vs: the sentence does not follow Q p = $p"
done
[ "$i" -eq 5 ] || fail "expected 5 charts, got $i"
# both kinds of sentence: the winner's curse where Q finds nothing
grep -qF "The lift differs by segment (Q p" "$h" || fail "no comparison that differs"
grep -qF "is likely an overestimate (the winner&#39;s curse)" "$h" ||
    fail "no winner's-curse warning"
# report.json: the same figures, valid against the schema
py=/usr/bin/python3
"$py" "$ROOT/tests/cli/json-schema-check.py" "$ROOT/docs/report.schema.json" rep/report.json ||
    fail "report.json does not match the schema"
"$py" - rep/report.json het.csv <<'EOF' || fail "report.json segments differ from het.csv"
import csv, json, sys
rep = json.load(open(sys.argv[1]))
het = {(r["arm"], r["vs"]): r for r in csv.DictReader(open(sys.argv[2]))
       if r["metric"] == "response_target"}
seg = rep["segments"]
assert len(seg) == len(het) == 5, len(seg)
for s in seg:
    h = het[(s["arm"], s["vs"])]
    assert abs(s["q_p"] - float(h["q_p"])) <= 1e-12 * max(1, float(h["q_p"]))
    assert s["differs"] == (float(h["q_p"]) < 0.05)
    assert s["rows"][0]["segment"] == "(all)" and len(s["rows"]) == 6
    assert s["chart"].startswith("charts/segments-")
EOF
# rendered from the tables: the same section
"$LIFTKIT" lift -e "$EXP" --assignments d/assignments.csv --openings d/openings.csv -q \
    -o lift.csv || fail "lift"
run report -e "$EXP" --lift-table lift.csv --segments-table seg.csv \
    --heterogeneity-table het.csv -o rep2
expect_rc 0
sed -n '/^## Segments/,/^## /p' rep/report.md > sec1
sed -n '/^## Segments/,/^## /p' rep2/report.md > sec2
[ -s sec1 ] || fail "no section in report.md"
sed '$d' sec1 > a; sed '$d' sec2 > b
expect_same b a
expect_same rep2/data/segments.csv seg.csv
# the two tables go together
run report -e "$EXP" --lift-table lift.csv --segments-table seg.csv -o rep3
expect_rc 1
expect_err "--heterogeneity-table"
# not stratified: no section, unless --by asks for one
sed '/^stratify/d' "$EXP" > plain.ini
run report -e plain.ini --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv -o rep4 --seed 5
expect_rc 0
grep -qF "<h2>Segments</h2>" rep4/index.html && fail "Segments without stratify or --by"
[ -e rep4/data/segments.csv ] && fail "segments.csv without stratify or --by"
run report -e plain.ini --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv -o rep5 --seed 5 --by segment
expect_rc 0
grep -qF "<h2>Segments</h2>" rep5/index.html || fail "--by segment gave no Segments"
# one segment only: Q cannot be computed, and the sentence says so
run report -e plain.ini --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv -o rep7 --seed 5 --by experiment
expect_rc 0
grep -qF "Too few segments with an interval to tell whether the lift differs by segment." \
    rep7/report.md || fail "one segment: no 'too few segments' sentence"
grep -q '"differs":null' rep7/report.json || fail "one segment: differs is not null"
run report -e plain.ini --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv -o rep6 --by nosuchcolumn
expect_rc 2
expect_err "nosuchcolumn"
# plot segments: one comparison, or every one
run plot segments seg.csv -e "$EXP" -o ch --arm new-offer --vs champion
expect_rc 0
expect_out "ch/segments.png"
[ "$(tail -n +2 ch/segments.csv | wc -l)" -eq 6 ] || fail "plot segments --arm --vs rows"
run plot segments seg.csv -o ch2
expect_rc 0
[ "$(tail -n +2 ch2/segments.csv | wc -l)" -eq 30 ] || fail "plot segments rows"
run plot forest seg.csv -o ch3 --arm new-offer
expect_rc 1
run plot segments lift.csv -o ch4
expect_rc 2
expect_err "segment"
