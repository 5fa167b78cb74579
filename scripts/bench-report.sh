#!/bin/sh
# Benchmark 'liftkit report' from raw files (assignments, offers, openings)
# on 1M and 10M simulated customers against the libcsv parse floor of those
# three inputs.  Target (issue 20): report within 2.5x the floor at 10M, in
# at most 1 GB.
#
# Each size runs BENCH_RUNS times (default 3 at 1M, 1 at 10M), the parse
# floor of the three files in turn with it, and the run with the least CPU
# time (user + system, gnuplot's included) counts, with its wall time: the
# target is of wall times, as for every command (the report uses both cores,
# the floor one); the ratio of CPU seconds is printed beside it.
# Printed per size: wall and CPU of both, the ratios and the peak RSS.
#
# Inputs: $BENCH_DATA/<size>/{customers,offers,openings}.csv (default
# bench-data/, made by scripts/bench-data.sh when missing); assignments.csv
# is taken from there when present, else made once with 'liftkit assign'.
# usage: scripts/bench-report.sh   (BUILD, ROOT from scripts/bench.sh, or defaults)
set -eu
. "$(dirname "$0")/bench-lib.sh"

echo "report: liftkit report from raw files vs the libcsv parse floor of assignments, offers and openings"
for size in $SIZES; do
    bench_inputs "$size"
    runs=${BENCH_RUNS:-$([ "$size" = 1m ] && echo 3 || echo 1)}
    o="$dir/offers.csv" p="$dir/openings.csv"
    set -- $(best_cpu_pair "'$FLOOR' '$a'; '$FLOOR' '$o'; '$FLOOR' '$p'" \
        "'$LIFTKIT' report -q -e '$EXP' --assignments '$a' --offers '$o' --openings '$p' \
         -o '$tmp/report'")
    fcpu=$1 fwall=$2 rcpu=$4 rwall=$5 rkb=$6
    awk -v s="$size" -v fcpu="$fcpu" -v fwall="$fwall" -v rcpu="$rcpu" -v rwall="$rwall" \
        -v rkb="$rkb" 'BEGIN {
        printf "  %-4s floor of the three inputs: CPU %.2f s, wall %.2f s\n", s, fcpu, fwall
        printf "       report: wall %.2f s = %.2fx the floor (target <= 2.5x), CPU %.2f s = %.2fx, peak RSS %.0f MB (target <= 1024)\n",
            rwall, rwall / fwall, rcpu, rcpu / fcpu, rkb / 1024
    }'
    bench_record "report (raw files)" "$size" "$rwall" "$rcpu" "$fwall" "$((rkb / 1024))"
done
