# Cross-check against an independent implementation: the same attribution
# as one SQL query in DuckDB (scripts/attribute-duckdb.js), on simulated
# data, compared row by row under every rule.  DuckDB's Node package is
# installed by npm into a cache outside the repository on first use.
DIR=$(sh "$ROOT/scripts/duckdb-install.sh") ||
    fail "cannot install @duckdb/node-api with npm (is npm installed and the registry reachable?)"
export LIFTKIT_DUCKDB_DIR="$DIR"
JS="$ROOT/scripts/attribute-duckdb.js"
A="$DATA/attribute"
node "$JS" gen --customers 30000 --seed 11 --out-dir sim || fail "generator failed"
for r in last first linear decay=10; do
    run attribute -e "$A/exp.ini" --offers sim/offers.csv --openings sim/openings.csv \
        --rule "$r" -o lk.csv
    expect_rc 0
    expect_err "(2 parts)"
    node "$JS" run -e "$A/exp.ini" --offers sim/offers.csv --openings sim/openings.csv \
        --rule "$r" --threads 1 -o dd.csv 2>dd.err || { cat dd.err; fail "duckdb run failed ($r)"; }
    node "$JS" compare lk.csv dd.csv >cmp.out 2>&1 || { cat cmp.out; fail "rule $r differs from DuckDB"; }
    echo "rule $r: $(cat cmp.out)"
done
