#!/bin/sh
# make bench-scale: the pipeline (assign, attribute, lift, roi, report from the
# raw files) at 30M and 100M simulated customers against 10M: wall and CPU
# seconds (user + system), peak memory, the CPU per million customers with its
# ratio to the first size's (the target: within 1.2x, i.e. linear), and the
# same ratio for libcsv's bare parse of the step's inputs (its CPU too), which
# says how much of a change is the inputs' own (longer ids, more bytes a row).
# The 30M and 100M data (about 8 and 27 GB, experiments/bench.ini, seed 1)
# are simulated into BENCH_SCALE_DIR (default bench-data/scale, git-ignored)
# and removed afterwards unless BENCH_SCALE_KEEP=1.  10M uses bench-data/10m
# (scripts/bench-data.sh) when its files have the columns simulate writes now;
# else 10M is simulated like the others, so every size has the same columns.
# Each step keeps the run of least CPU of BENCH_RUNS (default 1).
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
RUNS=${BENCH_RUNS:-1}
[ -x "$LIFTKIT" ] || { echo "bench-scale: build liftkit first ('make')" >&2; exit 1; }
[ -x "$FLOOR" ] || cc -O2 -o "$FLOOR" "$ROOT/scripts/parse-floor.c" -lcsv
. "$ROOT/scripts/bench-record.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME CMD...: the run of least CPU of $RUNS into $tmp/NAME.t ("wall KB user sys")
run() {
    name=$1
    shift
    : > "$tmp/$name.all"
    i=0
    while [ $i -lt "$RUNS" ]; do
        /usr/bin/time -o "$tmp/$name.one" -f "%e %M %U %S" "$@" >/dev/null 2>"$tmp/$name.err" || {
            echo "bench-scale: $name failed:" >&2
            tail -5 "$tmp/$name.err" >&2
            return 1
        }
        cat "$tmp/$name.one" >> "$tmp/$name.all"
        i=$((i + 1))
    done
    awk 'NR == 1 || $3 + $4 < best { best = $3 + $4; line = $0 } END { print line }' \
        "$tmp/$name.all" > "$tmp/$name.t"
}
wall() { awk '{ print $1 }' "$tmp/$1.t"; }
cpu() { awk '{ printf "%.2f", $3 + $4 }' "$tmp/$1.t"; }
peak() { awk '{ printf "%.0f", $2 / 1024 }' "$tmp/$1.t"; }
floor() { # floor FILE...: CPU seconds of libcsv's bare parse of the files
    for f in "$@"; do
        /usr/bin/time -o "$tmp/floor.t" -f "%U %S" "$FLOOR" "$f" >/dev/null
        cat "$tmp/floor.t"
    done | awk '{ s += $1 + $2 } END { printf "%.2f", s }'
}

# The columns simulate writes now, against those of bench-data/10m: data
# simulated by an older build (fewer columns, shorter rows) would make the
# time per customer of the larger sizes look worse than it is.
"$LIFTKIT" simulate -q -e "$EXP" -n 100 --seed 1 --out-dir "$tmp/probe" >/dev/null 2>&1
same_columns() { # same_columns DIR: its inputs have the columns of $tmp/probe's
    for f in customers.csv offers.csv openings.csv; do
        [ "$(head -n 1 "$1/$f" 2>/dev/null)" = "$(head -n 1 "$tmp/probe/$f")" ] || return 1
    done
}

echo "bench-scale: the pipeline at ${SIZES} customers (experiments/bench.ini, seed 1)"
printf '%-5s %-10s %8s %8s %8s %8s %10s %10s\n' size step wall_s cpu_s peak_MB floor_s \
    cpu_s/1M floor_s/1M
for size in $SIZES; do
    n=$(echo "$size" | sed -n 's/^\([0-9][0-9]*\)m$/\1/p')
    [ -n "$n" ] || { echo "bench-scale: size '$size' is not a number of millions (30m)" >&2; exit 1; }
    made=
    dir="$ROOT/bench-data/10m"
    if [ "$size" = 10m ] && [ ! -s "$dir/offers.csv" ]; then
        sh "$ROOT/scripts/bench-data.sh" "$BUILD" 10m >&2
    fi
    if [ "$size" != 10m ] || ! same_columns "$dir"; then
        [ "$size" = 10m ] &&
            echo "  (bench-data/10m has other columns than simulate writes now: 10m simulated)"
        dir="$SCALE/$size"
        mkdir -p "$dir"
        made=$dir
        if [ ! -s "$dir/openings.csv" ]; then
            RUNS=1 run simulate "$LIFTKIT" simulate -q -e "$EXP" -n "${n}000000" --seed 1 \
                --out-dir "$dir"
            printf '%-5s %-10s %8s %8s %8s\n' "$size" simulate "$(wall simulate)" \
                "$(cpu simulate)" "$(peak simulate)"
        fi
    fi
    a="$tmp/assignments.csv"
    rm -f "$a"
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
        c=$(cpu $step)
        per=$(awk -v c="$c" -v n="$n" 'BEGIN { printf "%.3f", c / n }')
        fper=$(awk -v f="$fl" -v n="$n" 'BEGIN { printf "%.3f", f / n }')
        echo "$size $step $per $fper" >> "$tmp/per"
        printf '%-5s %-10s %8s %8s %8s %8s %10s %10s\n' "$size" "$step" "$(wall $step)" "$c" \
            "$(peak $step)" "$fl" "$per" "$fper"
        bench_record "$step (scale)" "$size" "$(wall $step)" "$c" "$fl" "$(peak $step)"
    done
    rm -f "$a"
    if [ -n "$made" ] && [ "${BENCH_SCALE_KEEP:-0}" != 1 ]; then
        rm -rf "$made"
    fi
done
# CPU per customer against the first size's, the step's and its inputs' parse
awk '!($2 in base) { base[$2] = $3; fbase[$2] = $4; first[$2] = $1; next }
     base[$2] > 0 && fbase[$2] > 0 {
         printf "  %-5s %-10s %.2fx the CPU per customer at %s (the parse of its inputs: %.2fx)\n",
             $1, $2, $3 / base[$2], first[$2], $4 / fbase[$2] }' "$tmp/per"
echo "target: each step within 1.2x the CPU per customer of the first size (linear)"
