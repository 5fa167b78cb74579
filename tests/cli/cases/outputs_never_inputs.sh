# An output that is an input (the same file by any name, a hard link too) or
# two outputs that are one file is a usage error before any work, and the
# input is left as it was.
cp "$DATA/assign/customers.csv" c.csv
cp c.csv keep.csv
run assign -e "$DATA/assign/exp.ini" -o c.csv c.csv
expect_rc 1
expect_err "output 'c.csv' is the input 'c.csv'"
expect_same c.csv keep.csv
ln c.csv link.csv
run assign -e "$DATA/assign/exp.ini" c.csv -o ./link.csv
expect_rc 1
expect_same c.csv keep.csv
run assign -e "$DATA/assign/exp.ini" c.csv --summary s.csv --rejects ./s.csv -o out.csv
expect_rc 1
expect_err "outputs 's.csv' and './s.csv' are one file"
expect_absent s.csv
expect_absent out.csv
# The experiment file is an input too.
cp "$DATA/assign/exp.ini" e.ini
run assign -e e.ini c.csv --summary e.ini
expect_rc 1
cmp -s e.ini "$DATA/assign/exp.ini" || fail "the experiment file was changed"
# Standard output and devices are not files to protect.
run assign -e "$DATA/assign/exp.ini" c.csv -o /dev/null --rejects /dev/null -q
expect_rc 0
# plot writes KIND.csv into its folder: a table there by that name is an input.
cp "$DATA/plot/qini.csv" qini.csv
cp qini.csv qini.keep
run plot qini qini.csv
expect_rc 1
expect_err "is the input 'qini.csv'"
expect_same qini.csv qini.keep
mkdir d && cp qini.csv d/qini.csv
run plot qini d/qini.csv -o d/
expect_rc 1
expect_same d/qini.csv qini.keep
# report rewrites its folder: no input may lie inside it.
mkdir -p r/data && cp "$DATA/plot/lift.csv" r/data/lift.csv
run report -e "$ROOT/experiments/heloc-spring-2026.ini" --lift-table r/data/lift.csv -o r
expect_rc 1
expect_err "input 'r/data/lift.csv' is inside the output folder 'r'"
expect_same r/data/lift.csv "$DATA/plot/lift.csv"
