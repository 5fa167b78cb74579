# Option errors are usage errors (exit 1) with a hint; --help documents the
# options and the summary format.
D="$DATA/lift"
run lift --help
expect_rc 0
expect_out "--summary FILE"
expect_out "arm,metric,n,sum,sumsq"
run lift --assignments a.csv --openings o.csv
expect_rc 1
expect_err "missing -e/--experiment"
run lift -e "$D/exp.ini" --assignments a.csv
expect_rc 1
expect_err "missing --assignments and --openings"
run lift -e "$D/exp.ini" --summary s.csv --openings o.csv
expect_rc 1
expect_err "--summary replaces"
run lift -e "$D/exp.ini" --summary s.csv -f xml
expect_rc 1
expect_err "--format expects csv, json or md, not 'xml'"
run lift -e "$D/exp.ini" --summary s.csv --frobnicate
expect_rc 1
expect_err "unknown option '--frobnicate'"
run lift -e "$D/exp.ini" --summary does-not-exist.csv
expect_rc 3
