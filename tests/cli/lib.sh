#!/bin/sh
# Helpers for end-to-end CLI cases.  Each case in tests/cli/cases/*.sh runs
# in a fresh empty directory with $LIFTKIT (the binary), $ROOT (the project)
# and $DATA (tests/data) set, and passes by exiting 0.  Typical case:
#
#   run assign -e "$DATA/exp.ini" "$DATA/customers-bad.csv"
#   expect_rc 2
#   expect_err "customers-bad.csv:3:2: invalid"
set -u
DATA="$ROOT/tests/data"

fail() { echo "FAIL: $*"; exit 1; }

# run ARGS...: run liftkit, keeping stdout in ./out, stderr in ./err, status in $RC
run() {
    "$LIFTKIT" "$@" >out 2>err
    RC=$?
    return 0
}
expect_rc() {
    [ "$RC" -eq "$1" ] || { echo "stderr:"; cat err; fail "exit status $RC, expected $1"; }
}
expect_err() {
    grep -qF -- "$1" err || { echo "stderr:"; cat err; fail "stderr lacks '$1'"; }
}
expect_out() {
    grep -qF -- "$1" out || { echo "stdout:"; head -n 20 out; fail "stdout lacks '$1'"; }
}
expect_same() { # expect_same FILE EXPECTED
    cmp -s "$1" "$2" || { diff "$2" "$1" | head -n 20; fail "$1 differs from $2"; }
}
expect_absent() {
    [ ! -e "$1" ] || fail "'$1' exists but should not"
}

. "$1"
