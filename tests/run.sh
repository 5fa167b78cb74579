#!/bin/sh
# Run every cmocka unit test program and every end-to-end CLI case, then
# print one closing line "N passed, N failed, N skipped"; exit non-zero on
# any failure.  A case that cannot run here (a tool missing, no network)
# calls skip "reason" (tests/cli/lib.sh), which exits 77: it is counted as
# skipped, not failed, and its reason printed.
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
passed=0
failed=0
skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    p=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    s=$(sed -n 's/.*\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    skipped=$((skipped + ${s:-0}))
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
    (cd "$work" && sh "$ROOT/tests/cli/lib.sh" "$c") >"$log" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
        passed=$((passed + 1))
        echo "[       OK ] cli/$name"
    elif [ "$rc" -eq 77 ]; then
        skipped=$((skipped + 1))
        why=$(sed -n 's/^SKIP: //p' "$log" | tail -n 1)
        echo "[ SKIPPED  ] cli/$name: ${why:-no reason given}"
    else
        failed=$((failed + 1))
        echo "[  FAILED  ] cli/$name"
        sed 's/^/    /' "$log"
    fi
    rm -rf "$work"
done

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
