#!/bin/sh
# duckdb-install.sh - make DuckDB's Node package (@duckdb/node-api) available
# for the attribution cross-check and benchmark, and print the npm prefix it
# is installed under (use it as LIFTKIT_DUCKDB_DIR).  The install is cached
# outside the repository (LIFTKIT_DUCKDB_DIR, else ~/.cache/liftkit/duckdb-node)
# and reused; liftkit itself never depends on it.
set -eu
DIR=${LIFTKIT_DUCKDB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/liftkit/duckdb-node}
if [ ! -f "$DIR/node_modules/@duckdb/node-api/package.json" ]; then
    command -v npm >/dev/null 2>&1 || { echo "duckdb-install: npm is not installed" >&2; exit 3; }
    mkdir -p "$DIR"
    [ -f "$DIR/package.json" ] || echo '{"private": true}' >"$DIR/package.json"
    if ! npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error \
        @duckdb/node-api >"$DIR/npm.log" 2>&1; then
        echo "duckdb-install: npm install @duckdb/node-api failed:" >&2
        tail -n 5 "$DIR/npm.log" >&2
        exit 3
    fi
fi
echo "$DIR"
