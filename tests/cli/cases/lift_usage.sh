# Option errors are usage errors (exit 1) with a hint; --help is its whole
# page; an output file into a missing folder fails before any work.
D="$DATA/lift"
run lift --help
expect_rc 0
expect_same out "$ROOT/tests/cli/expected/help_pages/lift-help.txt"
run_note lift --assignments a.csv --openings o.csv
run_note lift -e "$D/exp.ini" --assignments a.csv
run_note lift -e "$D/exp.ini" --summary s.csv --openings o.csv
run_note lift -e "$D/exp.ini" --summary s.csv --accrual acc.csv
run_note lift -e "$D/exp.ini" --summary s.csv -f xml
run_note lift -e "$D/exp.ini" --summary s.csv --format=xml
run_note lift -e "$D/exp.ini" --summary s.csv --frobnicate
run_note lift -e "$D/exp.ini" --summary s.csv -x
# several summaries are partitions to add: the first missing file is named
run_note lift -e "$D/exp.ini" --summary s.csv extra.csv
run_note lift -e "$D/exp.ini" --assignments a.csv --openings o.csv extra.csv
run_note lift -e "$D/exp.ini" --summary s.csv -o
run_note lift -e "$D/exp.ini" --summary s.csv --quiet=yes
run_note lift -e "$D/exp.ini" --summary s.csv -o no-such-folder/lift.csv
run_note lift -e "$D/exp.ini" --summary does-not-exist.csv
run_note lift --pool
run_note lift --pool --format json w1.csv
expect_file transcript transcript
