# assign --help is its whole page; usage errors exit 1 with the same wording
# as every command's.
run assign --help
expect_rc 0
expect_same out "$ROOT/tests/cli/expected/help_pages/assign-help.txt"
run_note assign "$DATA/assign/customers.csv"
run_note assign -e "$DATA/assign/exp.ini"
run_note assign -e "$DATA/assign/exp.ini" --frob "$DATA/assign/customers.csv"
run_note assign -e "$DATA/assign/exp.ini" a.csv b.csv
run_note assign -e
run_note assign -e "$DATA/assign/exp.ini" -o no-such-folder/a.csv "$DATA/assign/customers.csv"
expect_file transcript transcript
expect_absent no-such-folder
