# assign --help documents every option and the exit codes.
run assign --help
expect_rc 0
for o in "-e, --experiment" "-o, --output" "--summary FILE" "--rejects FILE" "--quiet" "Exit status"; do
    expect_out "$o"
done
run assign "$DATA/assign/customers.csv"
expect_rc 1
expect_err "missing -e EXP"
run assign -e "$DATA/assign/exp.ini"
expect_rc 1
expect_err "missing CUSTOMERS.csv"
run assign -e "$DATA/assign/exp.ini" --frob "$DATA/assign/customers.csv"
expect_rc 1
expect_err "unknown option '--frob'"
