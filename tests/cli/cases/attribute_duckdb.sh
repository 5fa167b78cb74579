# Cross-check against an independent implementation: the same attribution
# as one SQL query in DuckDB (scripts/attribute-duckdb.js), compared row by
# row under every rule, on 'liftkit simulate' data and on the script's own
# generator (many same-date ties and offer ids whose string order differs
# from their numeric order).  Both offers files are over 1 MB, so liftkit
# parses them in two parts.  DuckDB's Node package (pinned version) is
# installed by npm into a cache outside the repository on first use; when it
# cannot be (no node, no npm, no network), the case is skipped with the
# reason, not failed.
command -v node >/dev/null 2>&1 || skip "node is not installed"
DIR=$(sh "$ROOT/scripts/duckdb-install.sh" 2>install.err) ||
    skip "$(sed 's/^duckdb-install: //' install.err | tail -n 1)"
export LIFTKIT_DUCKDB_DIR="$DIR"
JS="$ROOT/scripts/attribute-duckdb.js"
EXP="$DATA/attribute/exp.ini"
"$LIFTKIT" simulate -e "$EXP" -n 30000 --seed 5 --out-dir sim >/dev/null 2>&1 ||
    fail "liftkit simulate failed"
node "$JS" gen --customers 30000 --seed 11 --out-dir gen || fail "generator failed"
for d in sim gen; do
    for r in last first linear decay=10; do
        run attribute -e "$EXP" --offers $d/offers.csv --openings $d/openings.csv \
            --rule "$r" -o lk.csv
        expect_rc 0
        expect_err "(2 parts)"
        node "$JS" run -e "$EXP" --offers $d/offers.csv --openings $d/openings.csv \
            --rule "$r" --threads 1 -o dd.csv 2>dd.err ||
            { cat dd.err; fail "duckdb run failed ($d, $r)"; }
        node "$JS" compare lk.csv dd.csv >cmp.out 2>&1 ||
            { cat cmp.out; fail "$d, rule $r: liftkit differs from DuckDB"; }
        echo "$d, rule $r: $(cat cmp.out)"
    done
done
