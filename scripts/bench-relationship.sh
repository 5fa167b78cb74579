#!/bin/sh
# Benchmark 'liftkit lift --holdings --balances' on 1M and 10M simulated
# customers against the libcsv parse floor of all its inputs
# (assignments.csv + openings.csv + holdings.csv + balances.csv).  Target
# (issue 16): within 2x of the floor at 10M.  Prints seconds, the ratio, CPU
# (user + system: steadier on a shared machine; the command uses two cores)
# and peak RSS, the best of BENCH_RUNS runs (default 3 at 1M, 1 at 10M), and
# records the run for make bench's table.
#
# Inputs as scripts/bench-lift.sh: $BENCH_DATA/<size>/ (default bench-data/,
# made by scripts/bench-data.sh when missing) and the assignments made there.
# usage: scripts/bench-relationship.sh   (BUILD, ROOT from scripts/bench.sh, or defaults)
set -eu
. "$(dirname "$0")/bench-lib.sh"
echo "relationship: lift --holdings --balances vs the libcsv parse floor of its four inputs"
for size in $SIZES; do
    bench_inputs "$size"
    runs=${BENCH_RUNS:-$([ "$size" = 1m ] && echo 3 || echo 1)}
    f=0
    for x in "$a" "$dir/openings.csv" "$dir/holdings.csv" "$dir/balances.csv"; do
        f=$(awk -v f="$f" -v x="$(floor_secs "$x")" 'BEGIN { print f + x }')
    done
    set -- $(timed "$LIFTKIT" lift -e "$EXP" --assignments "$a" --openings "$dir/openings.csv")
    plain=$1 plaincpu=$3
    set -- $(timed "$LIFTKIT" lift -e "$EXP" --assignments "$a" --openings "$dir/openings.csv" \
        --holdings "$dir/holdings.csv" --balances "$dir/balances.csv")
    awk -v s="$size" -v f="$f" -v l="$1" -v kb="$2" -v cpu="$3" -v p="$plain" -v pc="$plaincpu" 'BEGIN {
        printf "  %-4s floor %.2f s; lift --holdings --balances %.2f s = %.2fx floor (target <= 2x), CPU %.2f s = %.2fx, peak RSS %d MB; plain lift %.2f s, CPU %.2f s\n",
            s, f, l, l / f, cpu, cpu / f, kb / 1024, p, pc
    }'
    bench_record "lift --holdings --balances" "$size" "$1" "$3" "$f" "$(($2 / 1024))"
done
