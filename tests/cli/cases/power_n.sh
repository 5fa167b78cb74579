# With --n, treated is the smallest detectable rate:
# Rscript -e 'cat(sprintf("%.10f\n", power.prop.test(n=5000, p1=0.05,
#   power=0.8, tol=1e-12)$p2), sprintf("%.10f\n", power.prop.test(n=20000,
#   p1=0.1, power=0.9, sig.level=0.01, tol=1e-12)$p2))'
# -> 0.0629316609 0.1118705395
run power --baseline 0.05 --n 5000
expect_rc 0
expect_out "0.05,0.062931660"
expect_out ",0.05,0.8,1,5000,5000,10000"

run power --baseline 0.1 --n 20000 --power 0.9 --alpha 0.01 --format md
expect_rc 0
expect_out "| baseline | treated | alpha | power | ratio | n_baseline | n_treated | n_total |"
expect_out "| 0.1 | 0.111870539"
expect_out "| 20000 | 20000 | 40000 |"

# -o writes the row to a file; an unwritable destination is an I/O error
run power --baseline 0.05 --n 5000 -o plan.csv
expect_rc 0
grep -q ",5000,5000,10000" plan.csv || fail "plan.csv lacks the row"
[ ! -s out ] || fail "stdout not empty with -o"
run power --baseline 0.05 --n 5000 -o no-such-dir/plan.csv
expect_rc 3
expect_err "no-such-dir/plan.csv"
