#!/bin/sh
# Simulate the benchmark data: bench-data/100k, bench-data/1m and
# bench-data/10m (git-ignored) with experiments/bench.ini, seed 1.  A size
# whose four files already exist is skipped; delete its folder to redo it.
# Prints each folder's file sizes and row counts.
#
# usage: scripts/bench-data.sh [BUILD] [SIZE...]   (SIZE: 100k, 1m, 10m)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
[ $# -gt 0 ] && shift
SIZES=${*:-100k 1m 10m}
LIFTKIT=$(cd "$BUILD" 2>/dev/null && pwd)/liftkit
[ -x "$LIFTKIT" ] || { echo "bench-data: build liftkit first ('make')" >&2; exit 1; }
EXP="$ROOT/experiments/bench.ini"
FILES="customers.csv offers.csv openings.csv truth.csv holdings.csv balances.csv"

customers_of() {
    case "$1" in
    100k) echo 100000 ;;
    1m) echo 1000000 ;;
    10m) echo 10000000 ;;
    *) echo "bench-data: unknown size '$1' (use 100k, 1m or 10m)" >&2; exit 1 ;;
    esac
}

complete() {
    for f in $FILES; do
        [ -s "$1/$f" ] || return 1
    done
}

for size in $SIZES; do
    n=$(customers_of "$size")
    dir="$ROOT/bench-data/$size"
    if complete "$dir"; then
        echo "bench-data/$size: already there, skipped"
    else
        mkdir -p "$dir"
        echo "bench-data/$size: simulating $n customers"
        if [ -x /usr/bin/time ]; then
            /usr/bin/time -o "$dir/.time" -f "  %e s, peak RSS %M KB" \
                "$LIFTKIT" simulate -q -e "$EXP" -n "$n" --seed 1 --out-dir "$dir"
            cat "$dir/.time"
            rm -f "$dir/.time"
        else
            "$LIFTKIT" simulate -q -e "$EXP" -n "$n" --seed 1 --out-dir "$dir"
        fi
    fi
    for f in $FILES; do
        rows=$(($(wc -l <"$dir/$f") - 1))
        bytes=$(wc -c <"$dir/$f")
        printf '  %-14s %12d rows %8d MB\n' "$f" "$rows" $((bytes / 1048576))
    done
done
