#!/bin/sh
# Install the Debian packages liftkit builds, tests and draws with, when any
# is missing.  Runs from make; safe to run by hand.  Needs root (or sudo)
# only when something is actually missing.
set -eu

PKGS="gcc make libgsl-dev libcsv-dev libssl-dev libinih-dev libcmocka-dev gnuplot-nox pkg-config"
# Test-only extras: the browser test of the report, Python for the
# stratified-assignment cross-check (standard library only), and Node.js
# (below) for the DuckDB cross-check of attribute.
if [ "${LK_DEPS_TEST:-1}" = 1 ]; then
    PKGS="$PKGS chromium python3"
fi

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
# The DuckDB cross-check of attribute runs under Node.js; any node and npm will do.
if [ "${LK_DEPS_TEST:-1}" = 1 ] && ! { command -v node && command -v npm; } >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0

echo "liftkit: installing missing packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "liftkit: missing packages:$missing; run 'make deps' as root" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
