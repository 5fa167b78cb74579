# Bad offers stop roi with exit 2, a located message and no output.
D="$DATA/lift"
F="$D/offers.csv"
check() { # check MESSAGE OFFERS
    run roi -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
        --offers "$2" -o t.csv
    expect_rc 2
    expect_err "$1"
    expect_absent t.csv
}
sed '3s/^C[0-9a-z]*,/Z404,/' "$F" > unknown.csv
check "unknown.csv:3:1: customer 'Z404' is not in the assignments" unknown.csv
sed '4s/,mail,/,sms,/; 4s/,email,/,sms,/' "$F" > sms.csv
check "sms.csv:4:4: no cost for channel 'sms'" sms.csv
sed '5s/2026-01-02/2026-02-30/' "$F" > date.csv
check "date.csv:5:5: invalid date '2026-02-30'" date.csv
{ head -n 1 "$F" | sed 's/$/,cost/'; sed -n '2p' "$F" | sed 's/$/,-1/'; } > neg.csv
check "neg.csv:2:6: negative cost '-1'" neg.csv
# with --rejects the bad row is set aside and the run goes on
run roi -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --offers sms.csv --rejects rej.csv
expect_rc 0
expect_err "1 rows rejected"
grep -q "no cost for channel 'sms'" rej.csv || fail "reject reason"
run roi -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv"
expect_rc 1
expect_err "missing --assignments, --offers or --openings"
run roi -e "$D/exp.ini" --assignments a --offers b --openings c --seed x
expect_rc 1
expect_err "--seed needs a whole number"
