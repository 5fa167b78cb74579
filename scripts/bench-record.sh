# Sourced by every scripts/bench-*.sh: bench_record appends one measured
# command to bench-results.csv (BENCH_RESULTS, default ROOT/bench-results.csv),
# the file 'make bench' prints as one table at the end (scripts/bench.sh).
#   bench_record COMMAND SIZE WALL_S CPU_S FLOOR_S PEAK_MB [PEER PEER_WALL_S PEER_MB]
# COMMAND names what ran ("lift --holdings --balances"), SIZE the data
# ("1m", "10m"), FLOOR_S libcsv's bare parse of the command's inputs; PEER
# the other tool on the same files (duckdb), when there is one.
BENCH_RESULTS=${BENCH_RESULTS:-${ROOT:-.}/bench-results.csv}
bench_record() {
    [ -s "$BENCH_RESULTS" ] ||
        echo "command,size,wall_s,cpu_s,floor_s,x_floor,peak_mb,peer,peer_wall_s,peer_mb,x_peer" \
            > "$BENCH_RESULTS"
    awk -v c="$1" -v s="$2" -v w="$3" -v cpu="$4" -v f="$5" -v m="$6" -v p="${7:-}" \
        -v pw="${8:-}" -v pm="${9:-}" 'BEGIN {
        gsub(/,/, ";", c)
        printf "%s,%s,%.2f,%.2f,%.2f,%.2f,%.0f,%s,%s,%s,%s\n", c, s, w, cpu, f,
            (f > 0 ? w / f : 0), m, p, (pw == "" ? "" : sprintf("%.2f", pw)),
            (pm == "" ? "" : sprintf("%.0f", pm)), (pw == "" || w <= 0 ? "" : sprintf("%.2f", pw / w))
    }' >> "$BENCH_RESULTS"
}
