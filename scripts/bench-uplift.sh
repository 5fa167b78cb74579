#!/bin/sh
# bench-uplift: 'liftkit uplift' with two score columns on the 1M-customer
# simulated campaign, against the libcsv parse floor of its two inputs
# (assignments + openings).  Prints wall seconds, the ratio to the floor
# (the target is 2x), CPU seconds (user + system, steadier when other work
# shares the machine) and peak RSS; then the same with --compare (200
# paired bootstrap draws), as fast as the same draws allow (no target).  Each
# figure is the best of BENCH_RUNS runs (default 3).
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
LIFTKIT="$BUILD/liftkit"
FLOOR="$BUILD/parse-floor"
SIZE=${BENCH_UPLIFT_SIZE:-1m}
DATA="$ROOT/bench-data/$SIZE"
EXP="$ROOT/experiments/bench.ini"
. "$ROOT/scripts/bench-record.sh"
SCORES=${BENCH_UPLIFT_SCORES:-"score_v1 score_v2"}
RUNS=${BENCH_RUNS:-3}

[ -x "$FLOOR" ] || cc -O2 -o "$FLOOR" "$ROOT/scripts/parse-floor.c" -lcsv
if [ ! -f "$DATA/customers.csv" ]; then
    if [ -f "$ROOT/scripts/bench-data.sh" ]; then
        sh "$ROOT/scripts/bench-data.sh" "$BUILD" "$SIZE"
    else
        echo "bench-uplift: no $DATA/customers.csv and no scripts/bench-data.sh; skipped" >&2
        exit 0
    fi
fi
if [ ! -f "$DATA/assignments.csv" ]; then
    "$LIFTKIT" assign -e "$EXP" -o "$DATA/assignments.csv" "$DATA/customers.csv" 2>/dev/null
fi
score_args=""
for s in $SCORES; do score_args="$score_args --score $s"; done

# best WALL CPU RSS of RUNS runs of a command
best() {
    t=$(mktemp)
    i=0
    while [ $i -lt "$RUNS" ]; do
        /usr/bin/time -f "%e %U %S %M" -a -o "$t" "$@" >/dev/null 2>&1
        i=$((i + 1))
    done
    awk 'NR == 1 || $1 < w { w = $1 } NR == 1 || $2 + $3 < c { c = $2 + $3 }
         $4 > m { m = $4 } END { printf "%.2f %.2f %d\n", w, c, m }' "$t"
    rm -f "$t"
}

read -r fwall fcpu frss <<EOT
$(best sh -c "\"$FLOOR\" \"$DATA/assignments.csv\" && \"$FLOOR\" \"$DATA/openings.csv\"")
EOT

measure() { # measure LABEL ARGS...
    label=$1
    shift
    read -r wall cpu rss <<EOT
$(best "$LIFTKIT" uplift -e "$EXP" --assignments "$DATA/assignments.csv" \
      --openings "$DATA/openings.csv" $score_args "$@")
EOT
    echo "$wall $cpu $rss $fwall $fcpu" | awk -v l="$label" -v n="$SIZE" \
        '{printf "uplift %s %-22s %6.2f s (floor %.2f s, %5.2fx)  cpu %6.2f s (floor %.2f s, %5.2fx)  peak RSS %4.0f MB\n",
                 n, l, $1, $4, $1 / $4, $2, $5, $2 / $5, $3 / 1024}'
    bench_record "uplift $label" "$SIZE" "$wall" "$cpu" "$fwall" "$((rss / 1024))"
}

measure "(2 scores)"
cmp=$(mktemp)
measure "(2 scores, --compare)" --compare "$cmp"
rm -f "$cmp"
