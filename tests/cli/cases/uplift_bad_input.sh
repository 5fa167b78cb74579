# A non-numeric score and a missing score column are located data errors
# (exit 2) and leave no output behind.
U="$DATA/uplift"
run uplift -e "$U/exp.ini" --assignments "$U/assignments-badscore.csv" \
    --openings "$U/openings.csv" --score score_v1 -o out.csv --deciles dec.csv
expect_rc 2
expect_err "assignments-badscore.csv:9:8: invalid number 'high' in column 'score_v1'"
expect_absent out.csv
expect_absent dec.csv
run uplift -e "$U/exp.ini" --assignments "$U/assignments.csv" --openings "$U/openings.csv" \
    --score score_v1 --score score_v3 -o out.csv
expect_rc 2
expect_err "assignments.csv:1: missing column 'score_v3' in header"
expect_absent out.csv
# with --rejects the bad row is set aside and the other 39 units are ranked
run uplift -e "$U/exp.ini" --assignments "$U/assignments-badscore.csv" \
    --openings "$U/openings.csv" --score score_v1 --rejects rejects.csv
expect_rc 0
expect_out "score_v1,25,14,"
expect_err "1 rows rejected"
grep -qF "assignments-badscore.csv,9,8,invalid number 'high' in column 'score_v1'" rejects.csv ||
    fail "rejects.csv"
