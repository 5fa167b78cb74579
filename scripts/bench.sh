#!/bin/sh
# make bench: every scripts/bench-*.sh in turn, on 1M and 10M simulated
# customers, each printing its own ratios against the libcsv parse floor (and
# DuckDB where it is the peer), then every command in one table: wall and CPU
# seconds, the floor, the ratio, peak memory and the peer's figures, also
# written to bench-results.csv.
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cc -O2 -o "$BUILD/parse-floor" "$ROOT/scripts/parse-floor.c" -lcsv
BENCH_RESULTS=${BENCH_RESULTS:-$ROOT/bench-results.csv}
rm -f "$BENCH_RESULTS"
export BUILD ROOT BENCH_RESULTS
for b in "$ROOT"/scripts/bench-*.sh; do
    [ -f "$b" ] || continue
    case "$b" in */bench-data.sh | */bench-lib.sh | */bench-record.sh | */bench-scale.sh) continue ;; esac
    sh "$b"
done
[ -s "$BENCH_RESULTS" ] || exit 0
echo
echo "All commands (wall: best of the runs; x floor: wall / libcsv's bare parse of the"
echo "command's inputs; x peer: the peer's wall / liftkit's, above 1 when liftkit is faster)"
awk -F, 'NR == 1 { next } {
    printf "%-34s %-4s %8s %8s %8s %7s %8s  %-6s %8s %8s %7s\n", $1, $2, $3, $4, $5,
        $6 "x", $7, $8, $9, $10, $11 == "" ? "" : $11 "x" }' "$BENCH_RESULTS" |
    { printf "%-34s %-4s %8s %8s %8s %7s %8s  %-6s %8s %8s %7s\n" command size wall_s cpu_s \
          floor_s x_floor peak_MB peer peer_s peer_MB x_peer; cat; }
echo "(written to $BENCH_RESULTS; load average $(cut -d' ' -f1-3 /proc/loadavg))"
