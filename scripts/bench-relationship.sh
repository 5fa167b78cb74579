#!/bin/sh
# Benchmark 'liftkit lift --holdings --balances' on 1M and 10M simulated
# customers against the libcsv parse floor of all its inputs
# (assignments.csv + openings.csv + holdings.csv + balances.csv).  Target
# (issue 16): within 2x of the floor at 10M.  Prints seconds, the ratio and
# peak RSS, the best of BENCH_RUNS runs (default 3 at 1M, 1 at 10M).
#
# Inputs as scripts/bench-lift.sh: $BENCH_DATA/<size>/ (default bench-data/,
# made by scripts/bench-data.sh when missing) and the assignments made there.
# usage: scripts/bench-relationship.sh   (BUILD, ROOT from scripts/bench.sh, or defaults)
set -eu
. "$(dirname "$0")/bench-lib.sh"
echo "relationship: lift --holdings --balances vs the libcsv parse floor of its four inputs"
for size in $SIZES; do
    dir="$DATA/$size"
    if [ ! -s "$dir/balances.csv" ]; then
        sh "$ROOT/scripts/bench-data.sh" "$BUILD" "$size"
    fi
    mkdir -p "$ROOT/bench-data/$size"
    a="$ROOT/bench-data/$size/assignments.csv"
    if [ ! -s "$a" ]; then
        "$LIFTKIT" assign -e "$EXP" -o "$a" "$dir/customers.csv" 2>/dev/null
    fi
    runs=${BENCH_RUNS:-$([ "$size" = 1m ] && echo 3 || echo 1)}
    f=0
    for x in "$a" "$dir/openings.csv" "$dir/holdings.csv" "$dir/balances.csv"; do
        f=$(awk -v f="$f" -v x="$(floor_secs "$x")" 'BEGIN { print f + x }')
    done
    set -- $(timed "$LIFTKIT" lift -e "$EXP" --assignments "$a" --openings "$dir/openings.csv")
    plain=$1
    set -- $(timed "$LIFTKIT" lift -e "$EXP" --assignments "$a" --openings "$dir/openings.csv" \
        --holdings "$dir/holdings.csv" --balances "$dir/balances.csv")
    awk -v s="$size" -v f="$f" -v l="$1" -v kb="$2" -v p="$plain" 'BEGIN {
        printf "  %-4s floor %.2f s; lift --holdings --balances %.2f s = %.2fx floor (target <= 2x), peak RSS %d MB; plain lift %.2f s\n",
            s, f, l, l / f, kb / 1024, p
    }'
done
