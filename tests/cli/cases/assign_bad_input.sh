# Every bad customers.csv of docs/formats.md, "Bad input" stops with exit 2, a
# located message, and no output file (nor summary); a bad experiment file
# is exit 1 with its line.
A="$DATA/assign"
bad() { # bad EXP FILE MESSAGE
    rm -f out.csv sum.csv
    run assign -e "$A/$1" -o out.csv --summary sum.csv "$A/$2"
    expect_rc 2
    expect_err "$3"
    expect_absent out.csv
    expect_absent sum.csv
}
bad stratified.ini empty.csv "empty.csv: empty file: expected a header row"
bad stratified.ini header-only.csv "header-only.csv:1: no customers: expected data rows after the header"
bad stratified.ini semicolon.csv "semicolon.csv:1:1: header 'customer_id;household_id;segment' is one field"
bad stratified.ini ragged.csv "ragged.csv:3:3: expected 3 fields, found 2"
bad stratified.ini bad-utf8.csv "bad-utf8.csv:3:3: invalid UTF-8 in column 'segment'"
bad stratified.ini empty-id.csv "empty-id.csv:3:1: empty value in column 'customer_id'"
bad stratified.ini empty-unit.csv "empty-unit.csv:3:2: empty value in column 'household_id'"
bad stratified.ini duplicate.csv "duplicate.csv:5:1: duplicate customer_id 'C2' (first on line 3)"
bad exp.ini duplicate.csv "duplicate.csv:5:1: duplicate customer_id 'C2' (first on line 3)"
bad households.ini duplicate.csv "duplicate.csv:5:1: duplicate customer_id 'C2' (first on line 3)"
bad exp.ini unpadded-dup.csv "unpadded-dup.csv:7:1: duplicate customer_id 'C2' (first on line 3)"
bad exp.ini no-customer-id.csv "no-customer-id.csv:1: missing column 'customer_id' in header"
bad households.ini no-household.csv "no-household.csv:1: missing column 'household_id' in header"
bad stratified.ini no-segment.csv "no-segment.csv:1: missing column 'segment' in header"
bad households.ini clash.csv "clash.csv:1:3: column 'arm' clashes with the output column"
bad exp.ini bad-quote.csv "bad-quote.csv:3:2: malformed quoting"
bad exp.ini ragged.csv "ragged.csv:3:3: expected 3 fields, found 2"
bad exp.ini bad-utf8.csv "bad-utf8.csv:3:3: invalid UTF-8 in column 'segment'"
# the same from standard input, for the two-pass (spooled) method
rm -f out.csv
"$LIFTKIT" assign -e "$A/stratified.ini" -o out.csv - < "$A/duplicate.csv" > out 2> err; RC=$?
expect_rc 2
expect_err "<stdin>:5:1: duplicate customer_id 'C2' (first on line 3)"
expect_absent out.csv
# a bad experiment file is bad input at its line; a missing input is I/O
run assign -e "$A/bad-weight.ini" -o out.csv "$A/customers.csv"
expect_rc 2
expect_err "bad-weight.ini:12: weight of arm 'holdout' must be a positive number, got '-3'"
expect_absent out.csv
run assign -e "$A/exp.ini" -o out.csv "$A/no-such-file.csv"
expect_rc 3
expect_err "cannot open"
expect_absent out.csv
