#!/bin/sh
# duckdb-install.sh - make DuckDB's Node package (@duckdb/node-api, the
# version pinned below) available for the attribution cross-check and
# benchmark, and print the npm prefix it is installed under (use it as
# LIFTKIT_DUCKDB_DIR).  The install is cached outside the repository
# (LIFTKIT_DUCKDB_DIR, else ~/.cache/liftkit/duckdb-node) and reused;
# liftkit itself never depends on it.
# Exits 3 with one line on standard error saying why when it cannot install
# (no node or npm, the registry out of reach): the test then skips.
set -eu
PIN=1.5.6-r.1
DIR=${LIFTKIT_DUCKDB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/liftkit/duckdb-node}
PKG="$DIR/node_modules/@duckdb/node-api/package.json"

cannot() { echo "duckdb-install: cannot install @duckdb/node-api@$PIN: $*" >&2; exit 3; }

if [ -f "$PKG" ] && grep -q "\"version\": *\"$PIN\"" "$PKG"; then
    echo "$DIR"
    exit 0
fi
command -v node >/dev/null 2>&1 || cannot "node is not installed"
command -v npm >/dev/null 2>&1 || cannot "npm is not installed"
mkdir -p "$DIR" || cannot "cannot create $DIR"
[ -f "$DIR/package.json" ] || echo '{"private": true}' >"$DIR/package.json"
# A short look at the registry first, so that a machine without a network
# learns it in seconds rather than after npm's long retries.
if ! npm view "@duckdb/node-api@$PIN" version --fetch-retries=0 --fetch-timeout=20000 \
    >"$DIR/npm.log" 2>&1 ||
    ! npm install --prefix "$DIR" --save-exact --no-audit --no-fund --loglevel=error \
        "@duckdb/node-api@$PIN" >>"$DIR/npm.log" 2>&1; then
    code=$(sed -n -e 's/^npm ERR! code //p' -e 's/^npm error code //p' "$DIR/npm.log" | head -n 1)
    cannot "npm failed${code:+ ($code)}; is the registry reachable? (log: $DIR/npm.log)"
fi
[ -f "$PKG" ] || cannot "npm installed no @duckdb/node-api (log: $DIR/npm.log)"
echo "$DIR"
