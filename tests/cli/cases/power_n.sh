# With --n, treated is the smallest detectable rate:
# Rscript -e 'cat(sprintf("%.10f\n", power.prop.test(n=5000, p1=0.05,
#   power=0.8, tol=1e-12)$p2), sprintf("%.10f\n", power.prop.test(n=20000,
#   p1=0.1, power=0.9, sig.level=0.01, tol=1e-12)$p2))'
# -> 0.0629316609 0.1118705395
# expected/power_n/: made by this binary, the treated rates checked against
# those two numbers.
run power --baseline 0.05 --n 5000
expect_rc 0
expect_file out n5000.csv
run power --baseline 0.1 --n 20000 --power 0.9 --alpha 0.01 --format md
expect_rc 0
expect_file out n20000.md

# -o writes the row to a file; an unwritable destination is an I/O error
run power --baseline 0.05 --n 5000 -o plan.csv
expect_rc 0
expect_same plan.csv "$EXPECTED/n5000.csv"
[ ! -s out ] || fail "stdout not empty with -o"
run power --baseline 0.05 --n 5000 -o no-such-dir/plan.csv
expect_rc 3
expect_file err no-such-dir.err
