# Bad tables are located errors (exit 2), gnuplot missing is exit 3, and
# no files are left behind either way.
run plot rate "$DATA/plot/lift-no-hi.csv" -o c
expect_rc 2
expect_err "missing column 'value_hi'"
expect_absent c/rate.csv
expect_absent c/rate.gp
run plot rate "$DATA/plot/lift-bad-n.csv" -o c
expect_rc 2
expect_err "lift-bad-n.csv:3:4: invalid number 'ten' in column 'n'"
run plot mix "$DATA/plot/mix-bad-by.csv" -o c
expect_rc 2
expect_err "mix-bad-by.csv:3: invalid value 'region' in column 'by'"
run plot rate "$DATA/plot/mix.csv" -o c
expect_rc 2
expect_err "missing column"
run plot rate "$DATA/plot/lift.csv" -o c --metric balance_any
expect_rc 2
expect_err "no rows with metric 'balance_any'"
run plot rate no-such-file.csv
expect_rc 3
expect_err "no-such-file.csv"
run plot pie "$DATA/plot/lift.csv"
expect_rc 1
expect_err "unknown chart kind 'pie'"
run plot rate
expect_rc 1
# gnuplot not on PATH: exit 3, a clear message, nothing written.
PATH=/nonexistent "$LIFTKIT" plot rate "$DATA/plot/lift.csv" -o g >out 2>err
RC=$?
expect_rc 3
expect_err "cannot run 'gnuplot': not found"
for ext in csv gp png svg; do expect_absent "g/rate.$ext"; done
# A lift table without response_target (balances only) still draws: the
# rate chart its first metric, the forest every comparison.
run plot rate "$DATA/plot/lift-balance.csv" -o b
expect_rc 0
grep -qF "Mean per unit" b/rate.gp || fail "balance rate chart not labelled as a mean"
run plot forest "$DATA/plot/lift-balance.csv" -o b
expect_rc 0
grep -qF "balance_any: new-offer vs champion" b/forest.csv || fail "forest lacks the balance rows"
