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

# best CPU of $runs runs of each of two commands (strings for sh -c), taken in
# turn so both see the machine alike: "cpu wall kb" of the first, then of the
# second
best_cpu_pair() {
    : > "$tmp/pair"
    i=0
    while [ $i -lt "$runs" ]; do
        for which in 1 2; do
            eval "cmd=\$$which"
            /usr/bin/time -o "$tmp/time" -f "$which %e %M %U %S" sh -c "$cmd" >/dev/null \
                2>"$tmp/err" || { cat "$tmp/err" >&2; return 1; }
            cat "$tmp/time" >> "$tmp/pair"
        done
        i=$((i + 1))
    done
    awk '{ c = $4 + $5; if (!($1 in b) || c < b[$1]) { b[$1] = c; w[$1] = $2; m[$1] = $3 } }
         END { printf "%.2f %.2f %d %.2f %.2f %d\n", b[1], w[1], m[1], b[2], w[2], m[2] }' \
        "$tmp/pair"
}

# bench_inputs SIZE: dir (the size's data, simulated when any file is missing:
# balances.csv is the last written) and a (its assignments, made with liftkit
# assign when missing)
bench_inputs() {
    dir="$DATA/$1"
    if [ ! -s "$dir/balances.csv" ]; then
        sh "$ROOT/scripts/bench-data.sh" "$BUILD" "$1"
    fi
    a="$dir/assignments.csv"
    if [ ! -s "$a" ]; then
        mkdir -p "$ROOT/bench-data/$1"
        a="$ROOT/bench-data/$1/assignments.csv"
        [ -s "$a" ] || "$LIFTKIT" assign -e "$EXP" -o "$a" "$dir/customers.csv" 2>/dev/null
    fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
