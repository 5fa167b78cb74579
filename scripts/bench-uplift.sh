#!/bin/sh
# bench-uplift: 'liftkit uplift' with two score columns on the 1M-customer
# simulated campaign, against the libcsv parse floor of its two inputs
# (assignments + openings).  Prints seconds, the ratio to the floor (the
# target is 3x) and peak RSS; then the same with --compare (200 paired
# bootstrap draws), which is reported but has no target.
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
LIFTKIT="$BUILD/liftkit"
FLOOR="$BUILD/parse-floor"
SIZE=${BENCH_UPLIFT_SIZE:-1m}
DATA="$ROOT/bench-data/$SIZE"
SCORES=${BENCH_UPLIFT_SCORES:-"score_v1 score_v2"}

[ -x "$FLOOR" ] || cc -O2 -o "$FLOOR" "$ROOT/scripts/parse-floor.c" -lcsv
if [ ! -f "$DATA/customers.csv" ]; then
    if [ -f "$ROOT/scripts/bench-data.sh" ]; then
        sh "$ROOT/scripts/bench-data.sh" "$BUILD" "$SIZE"
    else
        echo "bench-uplift: no $DATA/customers.csv and no scripts/bench-data.sh; skipped" >&2
        exit 0
    fi
fi
EXP="$ROOT/experiments/bench.ini"
if [ ! -f "$DATA/assignments.csv" ]; then
    "$LIFTKIT" assign -e "$EXP" -o "$DATA/assignments.csv" "$DATA/customers.csv" 2>/dev/null
fi

score_args=""
for s in $SCORES; do score_args="$score_args --score $s"; done

floor() { "$FLOOR" "$1" | awk '{print $4}'; }
f1=$(floor "$DATA/assignments.csv")
f2=$(floor "$DATA/openings.csv")
fl=$(echo "$f1 $f2" | awk '{printf "%.3f", $1 + $2}')

measure() { # measure LABEL ARGS...: one timed run, prints seconds and peak RSS
    label=$1
    shift
    t=$(mktemp)
    /usr/bin/time -f "%e %M" -o "$t" "$LIFTKIT" uplift -e "$EXP" \
        --assignments "$DATA/assignments.csv" --openings "$DATA/openings.csv" \
        $score_args "$@" >/dev/null 2>&1
    read -r secs rss <"$t"
    rm -f "$t"
    echo "$secs $rss $fl" | awk -v l="$label" -v n="$SIZE" \
        '{printf "uplift %s %-24s %6.2f s  floor %5.2f s  ratio %5.2fx  peak RSS %4.0f MB\n",
                 n, l, $1, $3, $1 / $3, $2 / 1024}'
}

measure "(2 scores)"
cmp=$(mktemp)
measure "(2 scores, --compare)" --compare "$cmp"
rm -f "$cmp"
