# Interim reads (docs/methods.md, "Interim reads"): openings that end at day
# 21 of the 90-day window make lift and report say "interim", and every
# table carries the last day in its as_of column; --as-of DATE cuts full
# data at DATE the same way.
# start 2026-01-05, window 90, one window for every household (no window_from)
grep -v '^window_from' "$ROOT/experiments/heloc-spring-2026.ini" > fixed.ini
EXP=fixed.ini
"$LIFTKIT" simulate -e "$EXP" -n 3000 --seed 21 --out-dir d >/dev/null 2>&1 || fail "simulate failed"
"$LIFTKIT" assign -e "$EXP" -o d/a.csv d/customers.csv 2>/dev/null || fail "assign failed"
awk -F, 'NR == 1 || $4 <= "2026-01-26"' d/openings.csv > d/open21.csv
NOTICE="interim read: data to 2026-01-26, day 21 of 90"
as_of_column() {  # every data row's as_of cell equals $2
    awk -F, -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "as_of") c = i; next }
        { if ($c != want) bad = 1; n++ } END { exit !c || !n || bad }' "$1" ||
        { head -n 3 "$1"; fail "$1: as_of is not '$2' on every row"; }
}

run lift -e "$EXP" --assignments d/a.csv --openings d/open21.csv -o cut.csv
expect_rc 0
expect_err "liftkit lift: $NOTICE"
as_of_column cut.csv 2026-01-26
# the full data: a final read, as_of empty, no notice
run lift -e "$EXP" --assignments d/a.csv --openings d/openings.csv -o full.csv
expect_rc 0
grep -q interim err && fail "a final read says interim"
as_of_column full.csv ""
# --as-of on the full data counts exactly what the cut file has
run lift -e "$EXP" --assignments d/a.csv --openings d/openings.csv --as-of 2026-01-26 -o asof.csv
expect_rc 0
expect_err "liftkit lift: $NOTICE"
expect_same asof.csv cut.csv
cmp -s asof.csv full.csv && fail "--as-of changed nothing"
# json and md say it too
run lift -e "$EXP" --assignments d/a.csv --openings d/open21.csv -f json -q
expect_rc 0
expect_out "\"$NOTICE\""
expect_out '"as_of": "2026-01-26"'
run lift -e "$EXP" --assignments d/a.csv --openings d/open21.csv -f md -q
expect_rc 0
[ "$(head -n 1 out)" = "**$NOTICE**" ] || { head -n 2 out; fail "md does not open with the notice"; }
# roi and uplift: the offers after the day do not count; as_of on every row
run roi -e "$EXP" --assignments d/a.csv --offers d/offers.csv --openings d/openings.csv \
    --as-of 2026-01-26 --resamples 20 -o roi.csv
expect_rc 0
expect_err "liftkit roi: $NOTICE"
as_of_column roi.csv 2026-01-26
run uplift -e "$EXP" --assignments d/a.csv --openings d/open21.csv --score score_v1 -o up.csv
expect_rc 0
expect_err "liftkit uplift: $NOTICE"
as_of_column up.csv 2026-01-26
# the report opens with the notice, and its lift table is the interim one
run report -e "$EXP" --assignments d/a.csv --offers d/offers.csv --openings d/open21.csv -o rep
expect_rc 0
[ "$(head -n 1 rep/report.md)" = "**$NOTICE**" ] || fail "report.md does not open with the notice"
grep -qF "$NOTICE" rep/index.html || fail "index.html lacks the notice"
as_of_column rep/data/lift.csv 2026-01-26
run report -e "$EXP" --assignments d/a.csv --offers d/offers.csv --openings d/openings.csv \
    --as-of 2026-01-26 -o rep2
expect_rc 0
[ "$(head -n 1 rep2/report.md)" = "**$NOTICE**" ] || fail "report --as-of does not open with the notice"
# a bad date is a usage error
run lift -e "$EXP" --assignments d/a.csv --openings d/openings.csv --as-of 2026-02-30
expect_rc 1
expect_err "--as-of expects a date YYYY-MM-DD, not '2026-02-30'"
