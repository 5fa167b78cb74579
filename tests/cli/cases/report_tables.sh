# 'liftkit report' from ready tables: verdict first, tables, charts, audit
# footer; every string from data escaped; the folder holds its sources.
T="$DATA/report"
run report -e "$T/exp.ini" --lift-table "$T/lift.csv" --roi-table "$T/roi.csv" \
    --accrual-table "$DATA/plot/accrual.csv" --mix-table "$DATA/plot/mix.csv" \
    --power-table "$DATA/plot/power.csv" --qini-table "$DATA/plot/qini.csv" -o rep
expect_rc 0
expect_out "rep/index.html"
# -q: the same report, its path not printed
run report -e "$T/exp.ini" --lift-table "$T/lift.csv" -o rep-quiet -q
expect_rc 0
[ -s rep-quiet/index.html ] || fail "-q wrote no report"
[ ! -s out ] || fail "-q printed '$(cat out)'"
h=rep/index.html
for f in "$h" rep/report.md; do
    [ -s "$f" ] || fail "$f missing"
    grep -qF "new-offer beat champion on target response" "$f" || fail "$f: no verdict for new-offer"
    grep -qF "+18.0% relative (4.84% vs 4.10%), 95% CI +9.0% to +27.0%" "$f" ||
        grep -qF '\+18.0% relative' "$f" || fail "$f: verdict lacks the numbers"
    grep -qF "model-v2 did not significantly differ from champion" "$f" ||
        fail "$f: no verdict for model-v2"
    grep -qF "ROMI 8.7" "$f" || fail "$f: verdict lacks ROMI"
done
# The verdict comes before the tables and the charts.
v=$(grep -n 'class="verdict"' "$h" | head -n 1 | cut -d: -f1)
t=$(grep -n '<table' "$h" | head -n 1 | cut -d: -f1)
i=$(grep -n '<img' "$h" | head -n 1 | cut -d: -f1)
[ "$v" -lt "$t" ] && [ "$v" -lt "$i" ] || fail "the verdict is not first"
grep -qF "<h2>Lift on target response</h2>" "$h" || fail "no lift table"
grep -qF "<h2>Return on marketing investment</h2>" "$h" || fail "no ROI table"
grep -qF "<td class=\"num up\">+18.0% (+9.0% to +27.0%)<span class=\"ci\"" "$h" || fail "lift cell not formatted"
grep -qF "<h2>Model comparison</h2>" "$h" || fail "no model section with a Qini table"
# Every image is in the folder and is a PNG; the SVG, data and script beside it.
for src in $(sed -n 's/.*<img src="\([^"]*\)".*/\1/p' "$h"); do
    head -c 4 "rep/$src" | od -An -tx1 | grep -q "89 50 4e 47" || fail "rep/$src is not a PNG"
    b=${src%.png}
    for ext in svg csv gp; do [ -s "rep/$b.$ext" ] || fail "rep/$b.$ext missing"; done
done
[ "$(grep -c '<img' "$h")" -eq 6 ] || fail "expected six charts"
# Self-contained: no scripts, nothing fetched from elsewhere.
! grep -qiE '<script|<link|src="(https?:)?//' "$h" || fail "index.html is not self-contained"
expect_same rep/data/lift.csv "$T/lift.csv"
# Audit footer: checksum and rows of each input, the version, the command line.
sum=$(sha256sum "$T/lift.csv" | cut -d' ' -f1)
grep -qF "$sum" "$h" || fail "footer lacks the lift table's SHA-256"
sum=$(sha256sum "$T/exp.ini" | cut -d' ' -f1)
grep -qF "$sum" "$h" || fail "footer lacks the experiment file's SHA-256"
grep -qF '<td class="num">5</td><td class="hash">' "$h" || fail "footer lacks the lift table's row count"
grep -qF "liftkit $(cat "$ROOT/VERSION")" "$h" || fail "footer lacks the version"
grep -qF "report -e $T/exp.ini --lift-table" "$h" || fail "footer lacks the command line"
# Strings from data are escaped.
grep -qF "spring&lt;test&gt;&amp;co" "$h" || fail "experiment name not escaped"
! grep -qF "spring<test>" "$h" || fail "raw markup from data in index.html"
# No sample-ratio warning when the check passes.
! grep -qF 'class="srm"' "$h" || fail "SRM warning shown for a passing check"
# A passing report shows the health strip green, and its verdicts keep their colours.
grep -qF '<section class="health" aria-label="Health checks">' "$h" || fail "no health strip"
grep -qF '<li class="ok"><strong>Sample ratio</strong> <span class="state">OK</span> arm sizes match the weights' "$h" || fail "sample ratio not green"
! grep -qF 'class="void"' "$h" || fail "verdicts greyed on a passing report"
