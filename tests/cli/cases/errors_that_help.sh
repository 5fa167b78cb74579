# Errors that say what would be right: a missing column lists the columns
# the file has; an unknown arm lists the experiment's arms (in assignments,
# in a summary, in --arm and in --effect); -o into a folder that does not
# exist fails before any input is read (the inputs here do not exist
# either, and the message is about the folder); a relative lift that is
# likely a percent is warned of above 1 and refused above 5.
# expected/errors_that_help/transcript: made by this binary, each message
# checked by eye against the files named.
L="$DATA/lift"
U="$DATA/uplift"
sed 's/^customer_id,/id,/' "$L/assignments.csv" > no-customer-id.csv
run_note lift -e "$L/exp.ini" --assignments no-customer-id.csv --openings "$L/openings.csv"
expect_rc 2
expect_err "missing column 'customer_id' in header; the columns are id, unit_id, experiment"
sed '3s/,champion,champion,/,champoin,champion,/' "$L/assignments.csv" > typo-arm.csv
run_note lift -e "$L/exp.ini" --assignments typo-arm.csv --openings "$L/openings.csv"
expect_rc 2
expect_err "unknown arm 'champoin': the experiment file's arms are champion, new-offer, holdout"
printf 'arm,metric,n,sum,sumsq\nchampoin,response_target,10,1,\n' > typo-summary.csv
run_note lift -e "$L/exp.ini" --summary typo-summary.csv
expect_rc 2
run_note uplift -e "$U/exp.ini" --assignments "$U/assignments.csv" --openings "$U/openings.csv" \
    --score score_v1 --arm champoin
expect_rc 1
expect_err "the arms are"
run_note simulate -e "$L/exp.ini" -n 10 --effect champoin=0.1 -d sim
expect_rc 1
expect_err "the arms are champion, new-offer, holdout"
run_note lift -e "$L/exp.ini" --assignments missing.csv --openings missing.csv -o no-folder/lift.csv
expect_rc 3
expect_err "no folder 'no-folder'"
run_note power --baseline 0.05 --lift 2
expect_rc 0
expect_err "did you mean 0.02?"
run_note power --baseline 0.05 --lift 10
expect_rc 1
expect_err "did you mean 0.1?"
expect_file transcript transcript
