# The house's size rules hold over src/: no file over 900 lines, no function
# over 80 lines (scripts/check-size.sh), and the check can fail.
sh "$ROOT/scripts/check-size.sh" "$ROOT/src" > sizes 2>&1 ||
    { cat sizes; fail "a file or function of src/ over its limit"; }
mkdir -p big
{
    printf 'static int long_one(void)\n{\n'
    i=0
    while [ $i -lt 80 ]; do printf '    step();\n'; i=$((i + 1)); done
    printf '}\n'
} > big/long.c
if sh "$ROOT/scripts/check-size.sh" big > sizes 2>&1; then
    fail "an 82-line function passed the check"
fi
grep -qF "big/long.c:2: static int long_one(void): 82 lines (at most 80)" sizes ||
    { cat sizes; fail "the long function is not named"; }
