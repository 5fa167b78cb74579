# Bad input: exit 2 with file:line:column and no output file at all.
# expected/attribute_bad_input/transcript: made by this binary, each message
# checked by eye against its file in tests/data/attribute.
A="$DATA/attribute"
check() { # check OFFERS OPENINGS [EXP]: exit 2, the message into the transcript, no output
    run attribute -e "$A/${3:-exp.ini}" --offers "$A/$1" --openings "$A/$2" -o out.csv --mix mix.csv
    expect_rc 2
    note "$*"
    expect_absent out.csv
    expect_absent mix.csv
}
check offers.csv openings-dup-account.csv
check offers.csv openings-bad-date.csv
check offers.csv openings-negative-balance.csv
check offers.csv openings-semicolon.csv
check offers-bad-date.csv openings.csv
check offers-ragged.csv openings.csv
check offers-unknown-product.csv openings.csv exp-no-default.ini
printf 'customer_id,offer_id,product,offer_date\n' >no-channel.csv
run attribute -e "$A/exp.ini" --offers no-channel.csv --openings "$A/openings.csv" -o out.csv
expect_rc 2
note "no-channel.csv openings.csv"
expect_absent out.csv
: >empty.csv
run attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings empty.csv -o out.csv
expect_rc 2
note "offers.csv empty.csv"
expect_file transcript transcript
