# Shared by the scripts/bench-*.sh that time a liftkit command against the
# libcsv parse floor; sourced (". scripts/bench-lib.sh"), not run.  Sets
# ROOT, BUILD, LIFTKIT, FLOOR, DATA, EXP and SIZES from the environment or
# their defaults, builds the parse floor when missing, makes $tmp (removed on
# exit) and defines timed and floor_secs; $runs is the caller's.
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
LIFTKIT="$BUILD/liftkit"
FLOOR="$BUILD/parse-floor"
DATA=${BENCH_DATA:-$ROOT/bench-data}
EXP="$ROOT/experiments/bench.ini"
SIZES=${BENCH_SIZES:-1m 10m}
[ -x "$FLOOR" ] || cc -O2 -o "$FLOOR" "$ROOT/scripts/parse-floor.c" -lcsv
. "$ROOT/scripts/bench-record.sh"

# wall seconds, peak RSS (KB) and CPU seconds of a command, the run with
# the best wall time of $runs: "secs kb cpu"
timed() {
    : > "$tmp/times"
    i=0
    while [ $i -lt "$runs" ]; do
        /usr/bin/time -o "$tmp/time" -f "%e %M %U %S" "$@" >/dev/null 2>"$tmp/err" || {
            cat "$tmp/err" >&2
            return 1
        }
        cat "$tmp/time" >> "$tmp/times"
        i=$((i + 1))
    done
    awk 'NR == 1 || $1 < w { w = $1; line = $1 " " $2 " " $3 + $4 } END { print line }' "$tmp/times"
}
# the best parse-floor seconds of $runs runs over one file
floor_secs() {
    i=0
    while [ $i -lt "$runs" ]; do
        "$FLOOR" "$1"
        i=$((i + 1))
    done | awk 'NR == 1 || $4 < b { b = $4 } END { print b }'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
