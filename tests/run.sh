#!/bin/sh
# Run every cmocka unit test program and every end-to-end CLI case, then
# print one closing line "N passed, N failed"; exit non-zero on any failure.
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    p=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
        echo "unit test program $t exited $rc"
        failed=$((failed + 1))
    fi
done

LIFTKIT=$(cd "$BUILD" && pwd)/liftkit
export LIFTKIT ROOT
for c in "$ROOT"/tests/cli/cases/*.sh; do
    [ -f "$c" ] || continue
    name=$(basename "$c" .sh)
    work=$(mktemp -d)
    if (cd "$work" && sh "$ROOT/tests/cli/lib.sh" "$c") >"$log" 2>&1; then
        passed=$((passed + 1))
        echo "[       OK ] cli/$name"
    else
        failed=$((failed + 1))
        echo "[  FAILED  ] cli/$name"
        sed 's/^/    /' "$log"
    fi
    rm -rf "$work"
done

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
