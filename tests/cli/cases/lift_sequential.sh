# Sequential reads (docs/methods.md, "Sequential reads"): GrowthBook's
# published case, 1396/3000 (baseline) vs 2422/3461 at alpha 0.05 and the
# default tuning N* = 5000, gives relative lift 0.50386 with the always-valid
# interval (0.40098, 0.60675) (GrowthBook documentation, "Sequential
# testing"; the same numbers from tests/ref/sequential_ref.py).
S="$DATA/sequential"
check_gb() {
    awk -F, 'NR > 1 && $2 == "variant" {
        d = 0
        if (($12 - 0.50386) ^ 2 > 1e-10 || ($13 - 0.40098) ^ 2 > 1e-10 ||
            ($14 - 0.60675) ^ 2 > 1e-10) d = 1
        if ($17 != "sequential") d = 1
        found = 1; exit d
    } END { if (!found) exit 1 }' "$1" || { cat "$1"; fail "$2: not the published case"; }
}
run lift -e "$S/gb.ini" --summary "$S/gb-summary.csv" -o seq.csv
expect_rc 0
check_gb seq.csv "sequential = true"
# --sequential turns it on for an experiment file that says false
run lift -e "$S/gb-fixed.ini" --summary "$S/gb-summary.csv" --sequential -o flag.csv
expect_rc 0
check_gb flag.csv "--sequential"
expect_same flag.csv seq.csv
# without it the fixed-sample Katz interval is narrower and the test is z
run lift -e "$S/gb-fixed.ini" --summary "$S/gb-summary.csv"
expect_rc 0
grep -q ",variant,.*,z," out || { cat out; fail "fixed read is not a z-test"; }
# the json says sequential too
run lift -e "$S/gb.ini" --summary "$S/gb-summary.csv" -f json
expect_rc 0
expect_out '"test": "sequential"'
# a bad value is a located error
printf '[experiment]\nname = x\nstart = 2026-01-05\nwindow = 9\nproducts = card\nsequential = yes\n' > bad.ini
run lift -e bad.ini --summary "$S/gb-summary.csv"
expect_rc 2
expect_err "bad.ini:6: 'sequential' must be true or false, got 'yes'"
# the report of a sequential experiment says its intervals are always valid
sed 's/^alpha *=.*/&\nsequential = true/' "$ROOT/experiments/heloc-spring-2026.ini" > seq.ini
grep -q '^sequential = true' seq.ini || fail "could not make a sequential experiment"
"$LIFTKIT" simulate -e seq.ini -n 2000 --seed 4 --out-dir d >/dev/null 2>&1 || fail "simulate failed"
"$LIFTKIT" assign -e seq.ini -o d/a.csv d/customers.csv 2>/dev/null || fail "assign failed"
run report -e seq.ini --assignments d/a.csv --offers d/offers.csv --openings d/openings.csv -o rep
expect_rc 0
grep -qF "always-valid intervals: safe to read at any time" rep/report.md ||
    fail "report.md does not say the intervals are always valid"
grep -q ",sequential," rep/data/lift.csv || fail "the report's lift table is not sequential"
