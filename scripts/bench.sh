#!/bin/sh
# make bench: every scripts/bench-*.sh in turn, on 1M and 10M simulated
# customers, each printing its ratios against the libcsv parse floor (and
# DuckDB where the spec names it as the peer).
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cc -O2 -o "$BUILD/parse-floor" "$ROOT/scripts/parse-floor.c" -lcsv
export BUILD ROOT
for b in "$ROOT"/scripts/bench-*.sh; do
    [ -f "$b" ] || continue
    case "$b" in */bench-data.sh | */bench-lib.sh) continue ;; esac
    sh "$b"
done
