# Bad input: exit 2 with file:line:column and no output file at all.
A="$DATA/attribute"
check() { # check OFFERS OPENINGS EXPECTED-MESSAGE [EXP]
    run attribute -e "${4:-$A/exp.ini}" --offers "$A/$1" --openings "$A/$2" -o out.csv --mix mix.csv
    expect_rc 2
    expect_err "$3"
    expect_absent out.csv
    expect_absent mix.csv
}
check offers.csv openings-dup-account.csv \
    "openings-dup-account.csv:4:2: duplicate account_id 'a1' (first on line 2)"
check offers.csv openings-bad-date.csv \
    "openings-bad-date.csv:2:4: invalid date '20.01.2026' in column 'open_date'"
check offers.csv openings-negative-balance.csv \
    "openings-negative-balance.csv:3:5: negative balance '-250' in column 'balance'"
check offers.csv openings-semicolon.csv "wrong delimiter?"
check offers-bad-date.csv openings.csv \
    "offers-bad-date.csv:3:5: invalid date '2026-02-30' in column 'offer_date'"
check offers-ragged.csv openings.csv "offers-ragged.csv:3:5: expected 5 fields, found 4"
check offers-unknown-product.csv openings.csv \
    "offers-unknown-product.csv:3:3: unknown product 'boat' in column 'product': no window" \
    "$A/exp-no-default.ini"
printf 'customer_id,offer_id,product,offer_date\n' >no-channel.csv
run attribute -e "$A/exp.ini" --offers no-channel.csv --openings "$A/openings.csv" -o out.csv
expect_rc 2
expect_err "no-channel.csv:1: missing column 'channel' in header"
expect_absent out.csv
: >empty.csv
run attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings empty.csv -o out.csv
expect_rc 2
expect_err "empty.csv: empty file"
