#!/bin/sh
# bench-attribute.sh - 'liftkit attribute' against DuckDB running the same
# attribution SQL (scripts/attribute-duckdb.js, 2 threads) over the same CSV
# files, and against libcsv's bare parse of those files (build/parse-floor),
# at 1M and 10M simulated customers.  Prints times, the ratios and peak
# memory.  Data: bench-data/1m and bench-data/10m, made by
# scripts/bench-data.sh (experiments/bench.ini) when missing.
# LIFTKIT_BENCH_SIZES="1m" limits the sizes.
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
LK="$BUILD/liftkit"
FLOOR="$BUILD/parse-floor"
JS="$ROOT/scripts/attribute-duckdb.js"
EXP="$ROOT/experiments/bench.ini"
[ -x "$FLOOR" ] || cc -O2 -o "$FLOOR" "$ROOT/scripts/parse-floor.c" -lcsv
. "$ROOT/scripts/bench-record.sh"
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null
LIFTKIT_DUCKDB_DIR=$(sh "$ROOT/scripts/duckdb-install.sh")
export LIFTKIT_DUCKDB_DIR
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

data_for() { # data_for SIZE -> directory with offers.csv and openings.csv
    d="$ROOT/bench-data/$1"
    if [ ! -f "$d/offers.csv" ] || [ ! -f "$d/openings.csv" ]; then
        sh "$ROOT/scripts/bench-data.sh" "$BUILD" "$1" >&2
    fi
    echo "$d"
}

# timed LOG CMD...: run CMD under /usr/bin/time; LOG gets "elapsed_s max_rss_kb user_s sys_s"
timed() {
    log=$1; shift
    /usr/bin/time -f "%e %M %U %S" -o "$log" "$@"
}

field() { awk "{print \$$2}" "$1"; }

echo "attribute benchmark (rule last; liftkit 2 threads; DuckDB 2 threads)"
printf '%-4s %10s %10s | %8s %7s | %8s %7s | %7s | %9s %9s | %8s | %7s %7s\n' size offers \
    openings liftkit_s rss_MB duckdb_s rss_MB floor_s vs_duckdb vs_floor B/offer lk_cpu dd_cpu
for size in ${LIFTKIT_BENCH_SIZES:-1m 10m}; do
    d=$(data_for "$size")
    # the floor: libcsv alone over both files (each file read once before, so
    # every contender finds them in the page cache)
    fo=$("$FLOOR" "$d/offers.csv")
    fp=$("$FLOOR" "$d/openings.csv")
    offers=$(echo "$fo" | awk '{print $1 - 1}')
    openings=$(echo "$fp" | awk '{print $1 - 1}')
    floor=$(echo "$fo $fp" | awk '{printf "%.3f", $4 + $8}')
    runs=1
    [ "$size" = 1m ] && runs=3
    best=""
    i=0
    while [ $i -lt $runs ]; do
        rm -f "$TMP/lk.csv"     # no run pays for deleting the one before's output
        timed "$TMP/lk.time" "$LK" attribute -e "$EXP" --offers "$d/offers.csv" \
            --openings "$d/openings.csv" -o "$TMP/lk.csv" -q
        t=$(field "$TMP/lk.time" 1)
        if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then
            best=$t
            rss=$(field "$TMP/lk.time" 2)
            cpu=$(awk '{print $3 + $4}' "$TMP/lk.time")
        fi
        i=$((i + 1))
    done
    timed "$TMP/dd.time" node "$JS" run -e "$EXP" --offers "$d/offers.csv" \
        --openings "$d/openings.csv" --threads 2 -o "$TMP/dd.csv" 2>"$TMP/dd.err"
    dd=$(sed -n 's/^duckdb: \([0-9.]*\) s$/\1/p' "$TMP/dd.err")
    ddrss=$(field "$TMP/dd.time" 2)
    ddcpu=$(awk '{print $3 + $4}' "$TMP/dd.time")
    if [ "$size" = 1m ]; then
        node "$JS" compare "$TMP/lk.csv" "$TMP/dd.csv" >"$TMP/cmp" 2>&1 ||
            { cat "$TMP/cmp"; echo "liftkit and DuckDB disagree at $size" >&2; exit 1; }
    fi
    awk -v s="$size" -v no="$offers" -v np="$openings" -v lk="$best" -v rss="$rss" \
        -v dd="$dd" -v ddrss="$ddrss" -v fl="$floor" -v cpu="$cpu" -v ddcpu="$ddcpu" 'BEGIN {
        printf "%-4s %10d %10d | %8.3f %7.0f | %8.3f %7.0f | %7.3f | %8.2fx %8.2fx | %8.1f | %7.2f %7.2f\n",
            s, no, np, lk, rss / 1024, dd, ddrss / 1024, fl, dd / lk, lk / fl,
            rss * 1024 / no, cpu, ddcpu }'
    bench_record attribute "$size" "$best" "$cpu" "$floor" "$((rss / 1024))" duckdb "$dd" \
        "$((ddrss / 1024))"
    rm -f "$TMP/lk.csv" "$TMP/dd.csv"
done
echo "vs_duckdb: DuckDB time / liftkit time (goal >= 3); vs_floor: liftkit time /"
echo "libcsv parse time of offers + openings (goal <= 2); B/offer: liftkit peak RSS"
echo "per offer (goal <= 64).  DuckDB time is its query alone, without Node start-up."
echo "lk_cpu, dd_cpu: user + system CPU seconds of each process (Node included for DuckDB)."
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared; wall times vary with it)"
