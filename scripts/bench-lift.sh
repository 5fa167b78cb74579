#!/bin/sh
# Benchmark 'liftkit lift' (and 'liftkit roi') on 1M and 10M simulated
# customers against the libcsv parse floor of lift's inputs (assignments.csv
# + openings.csv).  Target (product.md / the lift issue): lift within 2x of
# the floor at 10M.  Prints seconds, the ratio and peak RSS.
#
# Inputs: $BENCH_DATA/<size>/{customers,openings,offers}.csv (default
# bench-data/, made by scripts/bench-data.sh when missing); assignments.csv
# is made once with 'liftkit assign' into bench-data/<size>/ of this tree.
# usage: scripts/bench-lift.sh   (BUILD, ROOT from scripts/bench.sh, or defaults)
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
LIFTKIT="$BUILD/liftkit"
FLOOR="$BUILD/parse-floor"
DATA=${BENCH_DATA:-$ROOT/bench-data}
EXP="$ROOT/experiments/bench.ini"
SIZES=${BENCH_SIZES:-1m 10m}
[ -x "$FLOOR" ] || cc -O2 -o "$FLOOR" "$ROOT/scripts/parse-floor.c" -lcsv

# wall seconds, peak RSS (KB) and CPU seconds of a command: "secs kb cpu"
timed() {
    /usr/bin/time -o "$tmp/time" -f "%e %M %U %S" "$@" >/dev/null 2>"$tmp/err" || {
        cat "$tmp/err" >&2
        return 1
    }
    awk '{ print $1, $2, $3 + $4 }' "$tmp/time"
}
floor_secs() {
    "$FLOOR" "$1" | awk '{ print $4 }'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "lift: liftkit lift vs the libcsv parse floor of assignments.csv + openings.csv"
for size in $SIZES; do
    dir="$DATA/$size"
    if [ ! -s "$dir/openings.csv" ]; then
        sh "$ROOT/scripts/bench-data.sh" "$BUILD" "$size"
    fi
    mkdir -p "$ROOT/bench-data/$size"
    a="$ROOT/bench-data/$size/assignments.csv"
    if [ ! -s "$a" ]; then
        "$LIFTKIT" assign -e "$EXP" -o "$a" "$dir/customers.csv" 2>/dev/null
    fi
    fa=$(floor_secs "$a")
    fo=$(floor_secs "$dir/openings.csv")
    set -- $(timed "$LIFTKIT" lift -e "$EXP" --assignments "$a" --openings "$dir/openings.csv")
    lsecs=$1 lkb=$2 lcpu=$3
    set -- $(timed "$LIFTKIT" lift -e "$EXP" --assignments "$a" --openings "$dir/openings.csv" -f md)
    msecs=$1
    set -- $(timed "$LIFTKIT" roi -e "$EXP" --assignments "$a" --offers "$dir/offers.csv" \
        --openings "$dir/openings.csv")
    rsecs=$1 rkb=$2
    fof=$(floor_secs "$dir/offers.csv")
    awk -v s="$size" -v fa="$fa" -v fo="$fo" -v l="$lsecs" -v kb="$lkb" -v m="$msecs" \
        -v lcpu="$lcpu" -v r="$rsecs" -v rkb="$rkb" -v fof="$fof" 'BEGIN {
        f = fa + fo
        printf "  %-4s floor %.2f s (assignments %.2f + openings %.2f)\n", s, f, fa, fo
        printf "       lift  %.2f s = %.2fx floor (target <= 2x), CPU %.2f s, peak RSS %d MB; md %.2f s\n",
            l, l / f, lcpu, kb / 1024, m
        printf "       roi   %.2f s = %.2fx floor incl. offers (%.2f s), peak RSS %d MB\n",
            r, r / (f + fof), f + fof, rkb / 1024
    }'
done
