# A non-numeric score and a missing score column are located data errors
# (exit 2) and leave no output behind; with --rejects the bad row is set
# aside and the other 39 units are ranked.  expected/uplift_bad_input/:
# made by this binary; the messages and the rejects row checked by eye
# against assignments-badscore.csv (line 9, column 8 is 'high'); the
# table of the 39 units (25 treated, 14 control) pinned as this binary made it.
U="$DATA/uplift"
run uplift -e "$U/exp.ini" --assignments "$U/assignments-badscore.csv" \
    --openings "$U/openings.csv" --score score_v1 -o out.csv --deciles dec.csv
expect_rc 2
note "non-numeric score"
expect_absent out.csv
expect_absent dec.csv
run uplift -e "$U/exp.ini" --assignments "$U/assignments.csv" --openings "$U/openings.csv" \
    --score score_v1 --score score_v3 -o out.csv
expect_rc 2
note "missing score column"
expect_absent out.csv
expect_file transcript transcript
run uplift -e "$U/exp.ini" --assignments "$U/assignments-badscore.csv" \
    --openings "$U/openings.csv" --score score_v1 --rejects rejects.csv
expect_rc 0
expect_file out uplift.csv
expect_file err stderr
expect_file rejects.csv rejects.csv
