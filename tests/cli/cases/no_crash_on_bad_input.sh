# No input crashes the tool (docs/formats.md, "Bad input"): mutated copies of good
# inputs (tests/fuzz/mutate.py: flipped, cut, doubled and swapped bytes and
# lines, stray quotes, CR, NUL, invalid UTF-8, huge fields, odd numbers and
# dates) go through every command that reads data.  Each run must end with
# exit 0, 1, 2 or 3, say why on stderr when it is not 0, and (under
# 'make sanitize') draw no AddressSanitizer or UndefinedBehaviorSanitizer
# report.  LK_FUZZ_COUNT mutations per input (default 30), seeded (seeds
# moved by LK_FUZZ_SEED, default 0, to explore further by hand).
export ASAN_OPTIONS="exitcode=99${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:exitcode=98${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
N=${LK_FUZZ_COUNT:-30}
SEED=${LK_FUZZ_SEED:-0}
L="$DATA/lift"
T="$DATA/attribute"
U="$DATA/uplift"
S="$DATA/assign"
P="$DATA/pool"
runs=0
ok_run() { # ok_run LABEL ARGS...: liftkit ARGS must not crash
    label=$1
    shift
    "$LIFTKIT" "$@" >out 2>err </dev/null
    rc=$?
    runs=$((runs + 1))
    case $rc in
    0 | 1 | 2 | 3 | 4) ;;
    *) echo "exit $rc:"; head -c 2000 err; fail "$label crashed (exit $rc)" ;;
    esac
    if grep -q "runtime error\|Sanitizer" err; then
        head -c 3000 err
        fail "$label: sanitizer report"
    fi
    [ "$rc" -eq 0 ] || [ -s err ] || fail "$label: exit $rc without a message"
}
mutants() { # mutants DIR SOURCE SEED
    mkdir -p "$1"
    /usr/bin/python3 "$ROOT/tests/fuzz/mutate.py" $((SEED * 100 + $3)) "$N" "$2" "$1" ||
        fail "mutate.py failed"
}
mutants cust "$S/customers.csv" 1
for f in cust/*.csv; do
    ok_run "assign $f" assign -q -e "$S/exp.ini" -o o.csv "$f"
    ok_run "assign stratified $f" assign -q -e "$S/stratified.ini" -o o.csv "$f"
    ok_run "assign households $f" assign -q -e "$S/households.ini" -o o.csv --rejects r.csv "$f"
done
mutants asg "$L/assignments.csv" 2
mutants opn "$L/openings.csv" 3
mutants off "$L/offers.csv" 4
for i in $(seq -w 0 $((N - 1))); do
    a="asg/m0$i.csv" o="opn/m0$i.csv" f="off/m0$i.csv"
    ok_run "lift $a" lift -e "$L/exp.ini" --assignments "$a" --openings "$L/openings.csv" -o o.csv
    ok_run "lift $o" lift -e "$L/exp.ini" --assignments "$L/assignments.csv" --openings "$o" \
        -f json -o o.json --rejects r.csv
    ok_run "roi $f" roi -e "$L/exp.ini" --assignments "$L/assignments.csv" --offers "$f" \
        --openings "$L/openings.csv" --resamples 50 -o o.csv
done
mutants toff "$T/offers.csv" 5
mutants topn "$T/openings.csv" 6
for i in $(seq -w 0 $((N - 1))); do
    ok_run "attribute toff/m0$i.csv" attribute -q -e "$T/exp.ini" --offers "toff/m0$i.csv" \
        --openings "$T/openings.csv" -o o.csv --mix m.csv
    ok_run "attribute topn/m0$i.csv" attribute -q -e "$T/exp.ini" --offers "$T/offers.csv" \
        --openings "topn/m0$i.csv" --rule linear -o o.csv --rejects r.csv
done
mutants up "$U/assignments.csv" 7
for f in up/*.csv; do
    ok_run "uplift $f" uplift -e "$U/exp.ini" --assignments "$f" --openings "$U/openings.csv" \
        --score score_v1 --score score_v2 --compare c.csv --resamples 20 -o o.csv
done
mutants sum "$L/summary4.csv" 8
mutants wave "$P/wave1.csv" 9
mutants ini "$L/exp.ini" 10
for i in $(seq -w 0 $((N - 1))); do
    ok_run "lift --summary sum/m0$i.csv" lift -e "$DATA/lift/exp4.ini" --summary "sum/m0$i.csv" -f md
    ok_run "lift --pool wave/m0$i.csv" lift --pool "wave/m0$i.csv" "$P/wave2.csv"
    ok_run "lift -e ini/m0$i.csv" lift -e "ini/m0$i.csv" --assignments "$L/assignments.csv" \
        --openings "$L/openings.csv"
done
echo "$runs runs, none crashed"
