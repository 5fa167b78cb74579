#!/bin/sh
# Benchmark 'liftkit assign' (hash method) against the libcsv parse floor
# (build/parse-floor) on 1M and 10M customers: wall time, the ratio to the
# floor, and peak resident memory.  Three runs per size:
#   customer   experiments/bench.ini (unit customer_id), file as simulated
#              (ids sorted: constant-memory duplicate check, blocks on two threads)
#   one-thread the same on one thread (--rejects, which keeps row order, forces it)
#   household  the same by household_id (tests/data/assign/bench-households.ini)
#   shuffled   customer_id again on the rows shuffled: the duplicate check
#              then keeps a map of every id, so memory grows with customers
# Customers come from bench-data/<size>/customers.csv (scripts/bench-data.sh
# makes them); without that script a file of the same shape is made with awk.
# usage: BUILD=build sh scripts/bench-assign.sh [1m] [10m]
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LIFTKIT=$BUILD/liftkit
FLOOR=$BUILD/parse-floor
SIZES=${*:-1m 10m}

if [ ! -x /usr/bin/time ]; then
    apt-get install -y time >/dev/null 2>&1 ||
        { echo "bench-assign: needs /usr/bin/time (apt-get install time)" >&2; exit 3; }
fi
[ -x "$LIFTKIT" ] || { echo "bench-assign: build $LIFTKIT first" >&2; exit 3; }
[ -x "$FLOOR" ] || cc -O2 -o "$FLOOR" "$ROOT/scripts/parse-floor.c" -lcsv
. "$ROOT/scripts/bench-record.sh"

EXP=$ROOT/experiments/bench.ini
EXP_HH=$ROOT/tests/data/assign/bench-households.ini
[ -f "$EXP" ] || EXP=$ROOT/tests/data/assign/bench.ini

count() { case $1 in 1m) echo 1000000 ;; 10m) echo 10000000 ;; *) echo "$1" ;; esac; }

make_customers() { # N FILE: the simulate shape, about 2 customers per household
    awk -v n="$1" 'BEGIN {
        srand(42);
        print "customer_id,household_id,segment,tenure_months,pre_balance,score_v1,score_v2";
        split("mass,mass-affluent,affluent,private,young", seg, ",");
        h = 0;
        for (i = 1; i <= n; i++) {
            if (rand() < 0.55) h++;
            printf "C%09d,H%09d,%s,%d,%.2f,%.6f,%.6f\n", i, h, seg[1 + int(rand() * 5)],
                   int(rand() * 240), rand() * 20000, rand(), rand();
        }
    }' > "$2"
}

customers_file() { # SIZE: print the path, making the data when missing
    f=$ROOT/bench-data/$1/customers.csv
    if [ ! -f "$f" ]; then
        if [ -f "$ROOT/scripts/bench-data.sh" ]; then
            sh "$ROOT/scripts/bench-data.sh" "$BUILD" "$1" >&2
        else
            mkdir -p "$(dirname "$f")"
            make_customers "$(count "$1")" "$f"
        fi
    fi
    echo "$f"
}

# timed CMD...: sets T_WALL and T_CPU (user + system seconds) and T_RSS
# (MB) from /usr/bin/time -v; the best wall time of $REPEAT runs.  The
# files named in $CLEAN are removed before each run, so that no run pays
# for deleting the previous run's output.
REPEAT=${REPEAT:-3}
timed() {
    T_WALL=
    i=0
    while [ $i -lt "$REPEAT" ]; do
        # shellcheck disable=SC2086
        [ -z "${CLEAN:-}" ] || rm -f $CLEAN
        /usr/bin/time -v -o "$WORK/time.log" "$@" >/dev/null 2>>"$WORK/err.log"
        w=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
                for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$WORK/time.log")
        if [ -z "$T_WALL" ] || awk -v a="$w" -v b="$T_WALL" 'BEGIN { exit !(a < b) }'; then
            T_WALL=$w
            T_CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$WORK/time.log")
            T_RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$WORK/time.log")
        fi
        i=$((i + 1))
    done
}

WORK=$(mktemp -d "$ROOT/bench-data/assign-XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "liftkit assign (hash method) vs libcsv parse floor"
printf '%-5s %-10s %8s %8s %7s %8s %8s %7s %7s\n' size run floor_s assign_s ratio floor_cpu cpu_s cpu_x rss_mb
for size in $SIZES; do
    file=$(customers_file "$size")
    shuffled=$WORK/shuffled.csv
    { head -n 1 "$file"; tail -n +2 "$file" | shuf --random-source="$file"; } > "$shuffled"
    for run in customer one-thread household shuffled; do
        extra=
        case $run in
        customer) e=$EXP; f=$file ;;
        one-thread) e=$EXP; f=$file; extra="--rejects $WORK/rejects.csv" ;;
        household) e=$EXP_HH; f=$file ;;
        shuffled) e=$EXP; f=$shuffled ;;
        esac
        cat "$f" > /dev/null                       # same page-cache state for both
        timed "$FLOOR" "$f"
        floor=$T_WALL floor_cpu=$T_CPU
        # shellcheck disable=SC2086
        CLEAN="$WORK/assignments.csv $WORK/rejects.csv"
        timed "$LIFTKIT" assign -q -e "$e" -o "$WORK/assignments.csv" $extra "$f"
        CLEAN=
        rm -f "$WORK/assignments.csv" "$WORK/rejects.csv"
        ratio=$(awk -v a="$T_WALL" -v f="$floor" 'BEGIN { printf "%.2f", a / f }')
        cpu_x=$(awk -v a="$T_CPU" -v f="$floor_cpu" 'BEGIN { printf "%.2f", a / f }')
        printf '%-5s %-10s %8.2f %8.2f %6sx %8.2f %8.2f %6sx %7s\n' "$size" "$run" "$floor" \
            "$T_WALL" "$ratio" "$floor_cpu" "$T_CPU" "$cpu_x" "$T_RSS"
        bench_record "assign ($run)" "$size" "$T_WALL" "$T_CPU" "$floor" "$T_RSS"
    done
    rm -f "$shuffled"
done
echo "floor: libcsv alone parsing the same file (one core); assign: parse, check," \
     "hash, write the output file (blocks on two threads on sorted ids); wall times are the" \
     "best of $REPEAT runs; cpu: user + system seconds; rss: peak memory of assign"
