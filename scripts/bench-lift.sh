#!/bin/sh
# Benchmark 'liftkit lift' (and 'liftkit roi') on 1M and 10M simulated
# customers against the libcsv parse floor of lift's inputs (assignments.csv
# + openings.csv).  Target (docs/methods.md, "Performance"): lift within 2x of
# the floor at 10M; 'lift --by segment' within 1.3x of plain lift at 10M;
# lift with caps (p99.9) and CUPED on every metric within 1.3x of lift with
# neither (cap = none, no [cuped]) at 10M.
# DuckDB is the peer: the SQL of 'liftkit sql summary --dialect duckdb' (the
# lift summary: the per-unit GROUP BY, the percentile caps, the sums per arm)
# run by DuckDB with 2 threads over the same CSV files (scripts/lift-duckdb.js;
# its wall is the query alone, its memory the process's peak RSS), then
# 'lift --summary' on its result, whose table must be lift's but for cap and
# n_capped (a SQL summary carries no caps; a percentile cap rounded to the
# amounts' places in SQL may move capped balance rows in their last digits,
# which is noted with the metrics concerned); skipped with a note when DuckDB
# cannot be installed (scripts/duckdb-install.sh).
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
# but_caps TABLE: the lift table without its columns cap and n_capped
but_caps() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "cap" || $i == "n_capped") skip[i] = 1 }
             { line = ""; for (i = 1; i <= NF; i++) if (!skip[i]) line = line $i ","; print line }' "$1"
}
# duckdb_lift: DuckDB's summary of $a and $dir/openings.csv, checked; sets
# ddsecs and ddmb (empty when DuckDB is not at hand)
duckdb_lift() {
    ddsecs="" ddmb=""
    [ -n "${LIFTKIT_DUCKDB_DIR:-}" ] || return 0
    "$LIFTKIT" sql summary -e "$EXP" --dialect duckdb > "$tmp/summary.sql"
    /usr/bin/time -o "$tmp/dd.time" -f "%e %M %U %S" node "$ROOT/scripts/lift-duckdb.js" \
        --sql "$tmp/summary.sql" --assignments "$a" --openings "$dir/openings.csv" \
        --threads 2 -o "$tmp/dd.csv" 2>"$tmp/dd.err" || { cat "$tmp/dd.err" >&2; return 1; }
    ddsecs=$(sed -n 's/^duckdb: \([0-9.]*\) s$/\1/p' "$tmp/dd.err")
    ddmb=$(awk '{ printf "%d", $2 / 1024 }' "$tmp/dd.time")
    "$LIFTKIT" lift -e "$EXP" --summary "$tmp/dd.csv" > "$tmp/dd-lift.csv"
    "$LIFTKIT" lift -e "$EXP" --assignments "$a" --openings "$dir/openings.csv" -q \
        > "$tmp/lk-lift.csv"
    but_caps "$tmp/dd-lift.csv" > "$tmp/dd-cut.csv"
    but_caps "$tmp/lk-lift.csv" > "$tmp/lk-cut.csv"
    # a percentile cap is a double that the SQL rounds to the amounts' places, so
    # capped balance rows may differ in their last digits: said, not fatal
    ddiff=$(diff "$tmp/dd-cut.csv" "$tmp/lk-cut.csv" | grep -c '^<' || true)
    [ "$ddiff" = 0 ] ||
        echo "  note: $ddiff rows of lift from DuckDB's summary differ from lift's at $size:" \
             "$(diff "$tmp/dd-cut.csv" "$tmp/lk-cut.csv" | sed -n 's/^< \([^,]*\),.*/\1/p' |
                sort -u | tr '\n' ' ')"
    rm -f "$tmp/dd.csv"
}
LIFTKIT_DUCKDB_DIR=$(sh "$ROOT/scripts/duckdb-install.sh" 2>"$tmp/dd-install") ||
    { LIFTKIT_DUCKDB_DIR=""; echo "lift: no DuckDB peer: $(cat "$tmp/dd-install")"; }
export LIFTKIT_DUCKDB_DIR
echo "lift: liftkit lift vs the libcsv parse floor of assignments.csv + openings.csv"
echo "      and vs DuckDB running 'liftkit sql summary' (2 threads) over the same files"
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
    duckdb_lift
    awk -v s="$size" -v fa="$fa" -v fo="$fo" -v l="$lsecs" -v kb="$lkb" -v m="$msecs" \
        -v lcpu="$lcpu" -v r="$rsecs" -v rkb="$rkb" -v fof="$fof" -v by="$bysecs" \
        -v bykb="$bykb" -v off="$offsecs" -v on="$onsecs" -v onkb="$onkb" \
        -v offcpu="$offcpu" -v oncpu="$oncpu" -v dd="$ddsecs" -v ddmb="$ddmb" 'BEGIN {
        f = fa + fo
        printf "  %-4s floor %.2f s (assignments %.2f + openings %.2f)\n", s, f, fa, fo
        printf "       lift  %.2f s = %.2fx floor (target <= 2x), CPU %.2f s, peak RSS %d MB; md %.2f s\n",
            l, l / f, lcpu, kb / 1024, m
        if (dd != "")
            printf "       DuckDB summary %.2f s = %.2fx the wall of lift, peak RSS %d MB = %.2fx its peak\n",
                dd, dd / l, ddmb, ddmb / (kb / 1024)
        printf "       --by segment %.2f s = %.2fx plain lift (target <= 1.3x), peak RSS %d MB\n",
            by, by / l, bykb / 1024
        printf "       caps and CUPED on %.2f s = %.2fx off (%.2f s) (target <= 1.3x); CPU %.2f s = %.2fx off (%.2f s); peak RSS %d MB\n",
            on, on / off, off, oncpu, oncpu / offcpu, offcpu, onkb / 1024
        printf "       roi   %.2f s = %.2fx floor incl. offers (%.2f s), peak RSS %d MB\n",
            r, r / (f + fof), f + fof, rkb / 1024
    }'
    f=$(awk -v a="$fa" -v o="$fo" 'BEGIN { print a + o }')
    if [ -n "$ddsecs" ]; then
        bench_record lift "$size" "$lsecs" "$lcpu" "$f" "$((lkb / 1024))" duckdb "$ddsecs" "$ddmb"
    else
        bench_record lift "$size" "$lsecs" "$lcpu" "$f" "$((lkb / 1024))"
    fi
    bench_record "lift --by segment" "$size" "$bysecs" "$bycpu" "$f" "$((bykb / 1024))"
    bench_record "lift caps+CUPED" "$size" "$onsecs" "$oncpu" "$f" "$((onkb / 1024))"
    bench_record roi "$size" "$rsecs" "$rcpu" "$(awk -v a="$f" -v o="$fof" 'BEGIN { print a + o }')" \
        "$((rkb / 1024))"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared; wall times vary with it)"
