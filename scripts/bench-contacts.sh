#!/bin/sh
# Benchmark 'liftkit contacts' on 1M and 10M simulated customers (about 2M
# and 20M offers) against the libcsv parse floor of offers.csv.  Target
# (docs/methods.md, "Performance"): contacts within 2x of the floor at 10M,
# in memory that does not grow with the number of offers when they are
# sorted (compare the peak RSS at 1M and 10M without --assignments; with
# them, the units' index grows with the customers, not with the offers).
# Every figure is the best of BENCH_RUNS runs (default 3 at 1M, 1 at 10M).
# CPU seconds (user + system) are printed beside wall seconds, and their
# ratio too: on a shared machine the wall clock also counts the others' work.
#
# Inputs: $BENCH_DATA/<size>/{customers,offers}.csv (default bench-data/,
# made by scripts/bench-data.sh when missing); assignments.csv is made once
# with 'liftkit assign' into bench-data/<size>/ of this tree.  The policy is
# the demo's (experiments/heloc-spring-2026.ini) added to experiments/bench.ini.
# usage: scripts/bench-contacts.sh   (BUILD, ROOT from scripts/bench.sh, or defaults)
set -eu
. "$(dirname "$0")/bench-lib.sh"
{ cat "$EXP"
  printf '\n[contact_policy]\nmax_30d = 2\nmax_7d = 1\nmin_gap = 3\nmail.max_30d = 1\n'; } \
    > "$tmp/policy.ini"
echo "contacts: liftkit contacts vs the libcsv parse floor of offers.csv"
for size in $SIZES; do
    dir="$DATA/$size"
    if [ ! -s "$dir/offers.csv" ]; then
        sh "$ROOT/scripts/bench-data.sh" "$BUILD" "$size"
    fi
    mkdir -p "$ROOT/bench-data/$size"
    a="$ROOT/bench-data/$size/assignments.csv"
    if [ ! -s "$a" ]; then
        "$LIFTKIT" assign -e "$EXP" -o "$a" "$dir/customers.csv" 2>/dev/null
    fi
    runs=${BENCH_RUNS:-$([ "$size" = 1m ] && echo 3 || echo 1)}
    rows=$(($(wc -l < "$dir/offers.csv") - 1))
    fo=$(floor_secs "$dir/offers.csv")
    set -- $(timed "$FLOOR" "$dir/offers.csv")
    focpu=$3
    fa=$(floor_secs "$a")
    set -- $(timed "$LIFTKIT" contacts -e "$tmp/policy.ini" --offers "$dir/offers.csv" \
        --violations "$tmp/violations.csv")
    csecs=$1 ckb=$2 ccpu=$3
    set -- $(timed "$LIFTKIT" contacts -e "$tmp/policy.ini" --offers "$dir/offers.csv" \
        --assignments "$a" --violations "$tmp/violations.csv" --histogram "$tmp/histogram.csv")
    asecs=$1 akb=$2 acpu=$3
    awk -v s="$size" -v rows="$rows" -v fo="$fo" -v fa="$fa" -v c="$csecs" -v ckb="$ckb" \
        -v ccpu="$ccpu" -v a="$asecs" -v akb="$akb" -v acpu="$acpu" -v focpu="$focpu" 'BEGIN {
        printf "  %-4s %d offers; floor %.2f s (offers, CPU %.2f s), assignments %.2f s\n", s,
            rows, fo, focpu, fa
        printf "       contacts %.2f s = %.2fx floor (target <= 2x); CPU %.2f s = %.2fx the floor'"'"'s; peak RSS %d MB\n",
            c, c / fo, ccpu, ccpu / focpu, ckb / 1024
        printf "       with --assignments, --histogram: %.2f s = %.2fx floor of both files (%.2f s), %.2fx of the offers alone, CPU %.2f s, peak RSS %d MB\n",
            a, a / (fo + fa), fo + fa, a / fo, acpu, akb / 1024
    }'
done
