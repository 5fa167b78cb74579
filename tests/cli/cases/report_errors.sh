# Report usage and data errors; nothing half-written.
run report --lift-table "$DATA/report/lift.csv"
expect_rc 1
expect_err "liftkit report: missing -e/--experiment"
run report -e "$DATA/report/exp.ini"
expect_rc 1
expect_err "give --assignments, --offers and --openings"
run report -e "$DATA/report/exp.ini" --lift-table "$DATA/plot/lift-no-hi.csv" -o rep
expect_rc 2
expect_err "missing column"
expect_absent rep/index.html
run report -e "$DATA/report/exp.ini" --lift-table "$DATA/report/lift.csv" \
    --roi-table "$DATA/plot/mix.csv" -o rep
expect_rc 2
expect_err "missing column 'arm'"
expect_absent rep
run report -e "$DATA/report/exp.ini" --lift-table missing.csv -o rep
expect_rc 3
PATH=/nonexistent "$LIFTKIT" report -e "$DATA/report/exp.ini" \
    --lift-table "$DATA/report/lift.csv" -o g >out 2>err
RC=$?
expect_rc 3
expect_err "cannot run 'gnuplot': not found"
expect_absent g/index.html
# Tables the charts would reject stop the report before any file is written.
printf 'score,n,fraction,qini,uplift\n' >empty-qini.csv
run report -e "$DATA/report/exp.ini" --lift-table "$DATA/report/lift.csv" \
    --qini-table empty-qini.csv -o rep
expect_rc 2
expect_err "empty-qini.csv: no rows to draw"
expect_absent rep
run report -e "$DATA/report/exp.ini" --lift-table "$DATA/report/lift.csv" \
    --mix-table "$DATA/plot/mix-bad-by.csv" -o rep
expect_rc 2
expect_err "mix-bad-by.csv:3: invalid value 'region' in column 'by'"
expect_absent rep
# --by goes with raw data, not with summaries
run report -e "$DATA/report/exp.ini" --summary "$DATA/report/lift.csv" --by segment -o rep
expect_rc 1
expect_err "--by applies to raw data, not to --summary"
expect_absent rep
