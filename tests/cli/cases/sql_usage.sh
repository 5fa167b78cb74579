# 'liftkit sql' usage errors are exit 1 with a hint; names that are not plain
# identifiers never reach the SQL; a rule SQL cannot write is refused.
E="$ROOT/experiments/heloc-spring-2026.ini"
run_note sql
run_note sql foo -e "$E" --dialect duckdb
run_note sql assign -e "$E"
run_note sql assign -e "$E" --dialect oracle
run_note sql assign -e "$E" --dialect duckdb --table 'customers=a;b'
run_note sql assign -e "$E" --dialect duckdb --table accounts=x
run_note sql summary -e "$E" --dialect postgres --column 'open_date=o d'
run_note sql summary -e "$E" --dialect postgres --by "seg'x"
run_note sql attribute -e "$E" --dialect spark --rule linear
run_note sql summary -e nope.ini --dialect spark
run_note sql roi -e "$E" --dialect duckdb --events events
run_note sql summary -e "$E" --dialect duckdb --events 'ev;x'
run_note sql summary -e "$E" --dialect duckdb --events events --by segment
expect_file transcript transcript
# the text is one statement, no semicolon, the same on every run
run sql summary -e "$E" --dialect bigquery --table 'assignments=`p.crm.units`'
expect_rc 0
expect_out 'FROM `p.crm.units`'
! grep -q ';' out || fail "the SQL has a semicolon"
cp out first
run sql summary -e "$E" --dialect bigquery --table 'assignments=`p.crm.units`'
expect_same out first
