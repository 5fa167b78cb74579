# The SQL of 'liftkit sql --dialect duckdb' run by DuckDB (its Node package,
# pinned, installed by npm into a cache outside the repository on first
# use; skipped with the reason when that cannot be done) gives liftkit's own
# assignments, attribution and summaries: tests/cli/sql-check.sh.
DIR=$(sh "$ROOT/scripts/duckdb-install.sh" 2>install.err) ||
    skip "DuckDB is not available: $(tail -n 1 install.err)"
export LIFTKIT_DUCKDB_DIR="$DIR"
DIALECT=duckdb
run_sql() { # run_sql SQLFILE OUT TABLE=FILE...
    sql=$1 out=$2
    shift 2
    node "$ROOT/scripts/sql-duckdb.js" --sql "$sql" -o "$out" \
        --dates "${DATES:-open_date},offer_date" "$@" 2>dd.err ||
        { cat dd.err; fail "duckdb failed on $sql"; }
}
. "$ROOT/tests/cli/sql-check.sh"
