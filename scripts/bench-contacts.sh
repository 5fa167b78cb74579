#!/bin/sh
# Benchmark 'liftkit contacts' on 1M and 10M simulated customers (about 2M
# and 20M offers) against the libcsv parse floor of offers.csv.  Target
# (docs/methods.md, "Performance"): contacts within 2x of the floor at 10M,
# in memory that does not grow with the number of offers when they are
# sorted (compare the peak RSS at 1M and 10M without --assignments; with
# them, the units grow with the customers, not with the offers).
#
# Each command runs BENCH_RUNS times (default 3 at 1M, 2 at 10M), the parse
# floor in turn with it, and the run with the least CPU time (user + system)
# counts: on a shared machine the wall clock also counts the others' work,
# so the ratio is of CPU seconds.  Printed per size: wall, CPU, the floor's
# CPU and wall, the ratio of CPUs and the peak RSS.
#
# Inputs: $BENCH_DATA/<size>/{customers,offers}.csv (default bench-data/,
# made by scripts/bench-data.sh when missing); assignments.csv is taken from
# there when present, else made once with 'liftkit assign' into
# bench-data/<size>/ of this tree.  The policy: experiments/bench.ini and a
# [contact_policy] of four rules.
# usage: scripts/bench-contacts.sh   (BUILD, ROOT from scripts/bench.sh, or defaults)
set -eu
. "$(dirname "$0")/bench-lib.sh"
{ cat "$EXP"
  printf '\n[contact_policy]\nmax_30d = 2\nmax_7d = 1\nmin_gap = 3\nmail.max_30d = 1\n'; } \
    > "$tmp/policy.ini"

echo "contacts: liftkit contacts vs the libcsv parse floor (CPU = user + system, best run)"
for size in $SIZES; do
    bench_inputs "$size"
    runs=${BENCH_RUNS:-$([ "$size" = 1m ] && echo 3 || echo 2)}
    rows=$(($(wc -l < "$dir/offers.csv") - 1))
    o="$dir/offers.csv"
    set -- $(best_cpu_pair "'$FLOOR' '$o'" \
        "'$LIFTKIT' contacts -e '$tmp/policy.ini' --offers '$o' --violations '$tmp/v.csv'")
    fcpu=$1 fwall=$2 ccpu=$4 cwall=$5 ckb=$6
    set -- $(best_cpu_pair "'$FLOOR' '$o'; '$FLOOR' '$a'" \
        "'$LIFTKIT' contacts -e '$tmp/policy.ini' --offers '$o' --assignments '$a' \
         --violations '$tmp/v.csv' --histogram '$tmp/h.csv'")
    bcpu=$1 bwall=$2 acpu=$4 awall=$5 akb=$6
    awk -v s="$size" -v rows="$rows" -v fcpu="$fcpu" -v fwall="$fwall" -v ccpu="$ccpu" \
        -v cwall="$cwall" -v ckb="$ckb" -v bcpu="$bcpu" -v bwall="$bwall" -v acpu="$acpu" \
        -v awall="$awall" -v akb="$akb" 'BEGIN {
        printf "  %-4s %d offers; floor of offers.csv: CPU %.2f s, wall %.2f s\n", s, rows,
            fcpu, fwall
        printf "       contacts: CPU %.2f s = %.2fx the floor (target <= 2x), wall %.2f s, peak RSS %.1f MB\n",
            ccpu, ccpu / fcpu, cwall, ckb / 1024
        printf "       with --assignments, --histogram: CPU %.2f s = %.2fx the floor of both files (CPU %.2f s, wall %.2f s), wall %.2f s, peak RSS %.1f MB\n",
            acpu, acpu / bcpu, bcpu, bwall, awall, akb / 1024
    }'
    bench_record "contacts" "$size" "$cwall" "$ccpu" "$fwall" "$((ckb / 1024))"
    bench_record "contacts --assignments --histogram" "$size" "$awall" "$acpu" "$bwall" \
        "$((akb / 1024))"
done
