# contacts stops with a located message and writes nothing when the offers
# are not sorted by customer_id then offer_date, a customer is not assigned
# or the policy has a key it does not know.  expected/contacts_errors/:
# made by this binary, each message checked by eye against the edit that
# made the input bad.
D="$DATA/contacts"
F="$D/offers.csv"
check() { # check LABEL OFFERS [EXP]
    run contacts -e "${3:-$D/exp.ini}" --offers "$2" --assignments "$D/assignments.csv" \
        -o t.csv --violations v.csv
    note "$1"
    expect_absent t.csv
    expect_absent v.csv
}
sed '4s/2026-02-10/2026-01-03/' "$F" > back.csv
check "a date going back" back.csv
expect_rc 2
{ sed -n '1,3p' "$F"; sed -n '9,10p' "$F"; sed -n '4,8p' "$F"; sed -n '11,$p' "$F"; } > split.csv
check "a customer met again" split.csv
expect_rc 2
sed '17s/^C08,/C99,/' "$F" > unknown.csv
check "a customer not assigned" unknown.csv
expect_rc 2
sed 's/^max_7d /max_7days /' "$D/exp.ini" > badkey.ini
check "an unknown policy key" "$F" badkey.ini
expect_rc 2
sed 's/^email.max_7d = 1/email.min_gap = 1/' "$D/exp.ini" > chgap.ini
check "a channel's min_gap" "$F" chgap.ini
expect_rc 2
sed 's/^max_30d      = 4/max_30d = four/' "$D/exp.ini" > badnum.ini
check "a limit that is not a number" "$F" badnum.ini
expect_rc 2
run contacts -e "$D/exp.ini"
note "no offers"
expect_rc 1
expect_file transcript transcript
