#!/bin/sh
# Benchmark 'liftkit lift' (and 'liftkit roi') on 1M and 10M simulated
# customers against the libcsv parse floor of lift's inputs (assignments.csv
# + openings.csv).  Target (docs/methods.md, "Performance"): lift within 2x of
# the floor at 10M; 'lift --by segment' within 1.3x of plain lift at 10M;
# lift with caps (p99.9) and CUPED on every metric within 1.3x of lift with
# neither (cap = none, no [cuped]) at 10M.
# Prints seconds, the ratio and peak RSS.  Every figure
# is the best of BENCH_RUNS runs (default 3 at 1M, 1 at 10M): the machine
# is shared, and one slow run says little.
#
# Inputs: $BENCH_DATA/<size>/{customers,openings,offers}.csv (default
# bench-data/, made by scripts/bench-data.sh when missing); assignments.csv
# is made once with 'liftkit assign' into bench-data/<size>/ of this tree.
# usage: scripts/bench-lift.sh   (BUILD, ROOT from scripts/bench.sh, or defaults)
set -eu
. "$(dirname "$0")/bench-lib.sh"
# caps and CUPED off, and on: CUPED on pre_balance for the balances and on
# pre_products for the rest (pre_balance in data simulated before it existed)
{ cat "$EXP"; printf '\n[metrics]\ncap = none\n'; } > "$tmp/off.ini"
cuped_ini() { # cuped_ini ASSIGNMENTS: the experiment with caps and CUPED on
    pp=pre_products
    head -n 1 "$1" | tr , '\n' | grep -qx pre_products || pp=pre_balance
    { cat "$EXP"; printf '\n[metrics]\ncap = p99.9\n\n[cuped]\n'
      printf 'response_target = %s\nresponse_any = %s\nproducts_opened = %s\n' "$pp" "$pp" "$pp"
      printf 'balance_target = pre_balance\nbalance_any = pre_balance\n'; } > "$tmp/on.ini"
}
echo "lift: liftkit lift vs the libcsv parse floor of assignments.csv + openings.csv"
for size in $SIZES; do
    bench_inputs "$size"
    runs=${BENCH_RUNS:-$([ "$size" = 1m ] && echo 3 || echo 1)}
    fa=$(floor_secs "$a")
    fo=$(floor_secs "$dir/openings.csv")
    set -- $(timed "$LIFTKIT" lift -e "$EXP" --assignments "$a" --openings "$dir/openings.csv")
    lsecs=$1 lkb=$2 lcpu=$3
    set -- $(timed "$LIFTKIT" lift -e "$EXP" --assignments "$a" --openings "$dir/openings.csv" -f md)
    msecs=$1
    set -- $(timed "$LIFTKIT" lift -e "$EXP" --assignments "$a" --openings "$dir/openings.csv" \
        --by segment)
    bysecs=$1 bykb=$2 bycpu=$3
    cuped_ini "$a"
    set -- $(timed "$LIFTKIT" lift -e "$tmp/off.ini" --assignments "$a" --openings "$dir/openings.csv")
    offsecs=$1 offcpu=$3
    set -- $(timed "$LIFTKIT" lift -e "$tmp/on.ini" --assignments "$a" --openings "$dir/openings.csv")
    onsecs=$1 onkb=$2 oncpu=$3
    set -- $(timed "$LIFTKIT" roi -e "$EXP" --assignments "$a" --offers "$dir/offers.csv" \
        --openings "$dir/openings.csv")
    rsecs=$1 rkb=$2 rcpu=$3
    fof=$(floor_secs "$dir/offers.csv")
    awk -v s="$size" -v fa="$fa" -v fo="$fo" -v l="$lsecs" -v kb="$lkb" -v m="$msecs" \
        -v lcpu="$lcpu" -v r="$rsecs" -v rkb="$rkb" -v fof="$fof" -v by="$bysecs" \
        -v bykb="$bykb" -v off="$offsecs" -v on="$onsecs" -v onkb="$onkb" \
        -v offcpu="$offcpu" -v oncpu="$oncpu" 'BEGIN {
        f = fa + fo
        printf "  %-4s floor %.2f s (assignments %.2f + openings %.2f)\n", s, f, fa, fo
        printf "       lift  %.2f s = %.2fx floor (target <= 2x), CPU %.2f s, peak RSS %d MB; md %.2f s\n",
            l, l / f, lcpu, kb / 1024, m
        printf "       --by segment %.2f s = %.2fx plain lift (target <= 1.3x), peak RSS %d MB\n",
            by, by / l, bykb / 1024
        printf "       caps and CUPED on %.2f s = %.2fx off (%.2f s) (target <= 1.3x); CPU %.2f s = %.2fx off (%.2f s); peak RSS %d MB\n",
            on, on / off, off, oncpu, oncpu / offcpu, offcpu, onkb / 1024
        printf "       roi   %.2f s = %.2fx floor incl. offers (%.2f s), peak RSS %d MB\n",
            r, r / (f + fof), f + fof, rkb / 1024
    }'
    f=$(awk -v a="$fa" -v o="$fo" 'BEGIN { print a + o }')
    bench_record lift "$size" "$lsecs" "$lcpu" "$f" "$((lkb / 1024))"
    bench_record "lift --by segment" "$size" "$bysecs" "$bycpu" "$f" "$((bykb / 1024))"
    bench_record "lift caps+CUPED" "$size" "$onsecs" "$oncpu" "$f" "$((onkb / 1024))"
    bench_record roi "$size" "$rsecs" "$rcpu" "$(awk -v a="$f" -v o="$fof" 'BEGIN { print a + o }')" \
        "$((rkb / 1024))"
done
