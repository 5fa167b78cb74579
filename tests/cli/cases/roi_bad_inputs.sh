# Bad offers stop roi with exit 2, a located message and no output; with
# --rejects the bad row is set aside and the run goes on.  expected/
# roi_bad_inputs/: made by this binary, each message checked by eye against
# the edit that made the file bad.
D="$DATA/lift"
F="$D/offers.csv"
check() { # check LABEL OFFERS
    run roi -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
        --offers "$2" -o t.csv
    expect_rc 2
    note "$1"
    expect_absent t.csv
}
sed '3s/^C[0-9a-z]*,/Z404,/' "$F" > unknown.csv
check "unknown customer" unknown.csv
sed '4s/,mail,/,sms,/; 4s/,email,/,sms,/' "$F" > sms.csv
check "channel without a cost" sms.csv
sed '5s/2026-01-02/2026-02-30/' "$F" > date.csv
check "invalid date" date.csv
{ head -n 1 "$F" | sed 's/$/,cost/'; sed -n '2p' "$F" | sed 's/$/,-1/'; } > neg.csv
check "negative cost" neg.csv
expect_file transcript transcript
run roi -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --offers sms.csv --rejects rej.csv
expect_rc 0
expect_file err rejects.err
expect_file rej.csv rejects.csv
# usage errors (exit 1)
run roi -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv"
expect_rc 1
expect_err "missing --assignments, --offers or --openings"
run roi -e "$D/exp.ini" --assignments a --offers b --openings c --seed x
expect_rc 1
expect_err "--seed expects a whole number, not 'x'"
