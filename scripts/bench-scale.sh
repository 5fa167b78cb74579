#!/bin/sh
# make bench-scale: the pipeline (assign, attribute, lift, roi, report from the
# raw files) at 30M and 100M simulated customers against 10M: wall seconds,
# peak memory and time per million customers, with its ratio to 10M's (the
# target: within 1.2x, i.e. linear).  The 30M and 100M data (about 4.5 and
# 15 GB, experiments/bench.ini, seed 1) are simulated into BENCH_SCALE_DIR
# (default bench-data/scale, git-ignored) and removed afterwards unless
# BENCH_SCALE_KEEP=1; 10M uses bench-data/10m (scripts/bench-data.sh).
#   usage: scripts/bench-scale.sh [BUILD] [SIZE...]   (SIZE: 10m, 30m, 100m; a
#   number of customers with an m suffix)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
[ $# -gt 0 ] && shift
SIZES=${*:-10m 30m 100m}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
LIFTKIT="$BUILD/liftkit"
FLOOR="$BUILD/parse-floor"
EXP="$ROOT/experiments/bench.ini"
SCALE=${BENCH_SCALE_DIR:-$ROOT/bench-data/scale}
[ -x "$LIFTKIT" ] || { echo "bench-scale: build liftkit first ('make')" >&2; exit 1; }
[ -x "$FLOOR" ] || cc -O2 -o "$FLOOR" "$ROOT/scripts/parse-floor.c" -lcsv
. "$ROOT/scripts/bench-record.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME CMD...: wall seconds and peak MB of one run into $tmp/NAME
run() {
    name=$1
    shift
    /usr/bin/time -o "$tmp/$name.t" -f "%e %M %U %S" "$@" >/dev/null 2>"$tmp/$name.err" || {
        echo "bench-scale: $name failed:" >&2
        tail -5 "$tmp/$name.err" >&2
        return 1
    }
}
wall() { awk '{ print $1 }' "$tmp/$1.t"; }
cpu() { awk '{ print $3 + $4 }' "$tmp/$1.t"; }
peak() { awk '{ printf "%.0f", $2 / 1024 }' "$tmp/$1.t"; }
floor() { # floor FILE...: libcsv's bare parse of the files, seconds
    for f in "$@"; do "$FLOOR" "$f"; done | awk '{ s += $4 } END { printf "%.2f", s }'
}

echo "bench-scale: the pipeline at ${SIZES} customers (experiments/bench.ini, seed 1)"
printf '%-5s %-10s %9s %9s %8s %9s %11s\n' size step wall_s cpu_s peak_MB floor_s s_per_1M
for size in $SIZES; do
    n=$(echo "$size" | sed -n 's/^\([0-9][0-9]*\)m$/\1/p')
    [ -n "$n" ] || { echo "bench-scale: size '$size' is not a number of millions (30m)" >&2; exit 1; }
    if [ "$size" = 10m ]; then
        dir="$ROOT/bench-data/10m"
        [ -s "$dir/offers.csv" ] || sh "$ROOT/scripts/bench-data.sh" "$BUILD" 10m >&2
        made=
    else
        dir="$SCALE/$size"
        mkdir -p "$dir"
        made=$dir
        if [ ! -s "$dir/openings.csv" ]; then
            run simulate "$LIFTKIT" simulate -q -e "$EXP" -n "${n}000000" --seed 1 --out-dir "$dir"
            printf '%-5s %-10s %9s %9s %8s\n' "$size" simulate "$(wall simulate)" \
                "$(cpu simulate)" "$(peak simulate)"
        fi
    fi
    a="$tmp/assignments.csv"
    run assign "$LIFTKIT" assign -q -e "$EXP" -o "$a" "$dir/customers.csv"
    run attribute "$LIFTKIT" attribute -q -e "$EXP" --offers "$dir/offers.csv" \
        --openings "$dir/openings.csv" -o "$tmp/attribution.csv"
    rm -f "$tmp/attribution.csv"
    run lift "$LIFTKIT" lift -q -e "$EXP" --assignments "$a" --openings "$dir/openings.csv" \
        -o "$tmp/lift.csv"
    run roi "$LIFTKIT" roi -q -e "$EXP" --assignments "$a" --offers "$dir/offers.csv" \
        --openings "$dir/openings.csv" -o "$tmp/roi.csv"
    rm -rf "$tmp/report"
    run report "$LIFTKIT" report -e "$EXP" --assignments "$a" --offers "$dir/offers.csv" \
        --openings "$dir/openings.csv" -o "$tmp/report"
    rm -rf "$tmp/report"
    for step in assign attribute lift roi report; do
        case $step in
        assign) fl=$(floor "$dir/customers.csv") ;;
        attribute) fl=$(floor "$dir/offers.csv" "$dir/openings.csv") ;;
        lift) fl=$(floor "$a" "$dir/openings.csv") ;;
        *) fl=$(floor "$a" "$dir/offers.csv" "$dir/openings.csv") ;;
        esac
        w=$(wall $step)
        per=$(awk -v w="$w" -v n="$n" 'BEGIN { printf "%.3f", w / n }')
        echo "$size $step $per" >> "$tmp/per"
        printf '%-5s %-10s %9s %9s %8s %9s %11s\n' "$size" "$step" "$w" "$(cpu $step)" \
            "$(peak $step)" "$fl" "$per"
        bench_record "$step (scale)" "$size" "$w" "$(cpu $step)" "$fl" "$(peak $step)"
    done
    rm -f "$a"
    if [ -n "$made" ] && [ "${BENCH_SCALE_KEEP:-0}" != 1 ]; then
        rm -rf "$made"
    fi
done
# time per million customers against the first size's (10M by default)
awk '!($2 in base) { base[$2] = $3; first[$2] = $1; next }
     base[$2] > 0 { printf "  %-5s %-10s %.2fx the time per customer at %s\n", $1, $2, $3 / base[$2], first[$2] }' "$tmp/per"
echo "target: each step within 1.2x the time per customer of the first size (linear)"
