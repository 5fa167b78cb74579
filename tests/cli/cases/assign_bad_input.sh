# Every bad customers.csv of docs/formats.md, "Bad input" stops with exit 2, a
# located message, and no output file (nor summary); a bad experiment file
# is bad input at its line.  expected/assign_bad_input/transcript: made by
# this binary, each message checked by eye against its file in tests/data/assign.
A="$DATA/assign"
bad() { # bad EXP FILE: exit 2, the message into the transcript, no output
    rm -f out.csv sum.csv
    run assign -e "$A/$1" -o out.csv --summary sum.csv "$A/$2"
    expect_rc 2
    note "$1 $2"
    expect_absent out.csv
    expect_absent sum.csv
}
bad stratified.ini empty.csv
bad stratified.ini header-only.csv
bad stratified.ini semicolon.csv
bad stratified.ini ragged.csv
bad stratified.ini bad-utf8.csv
bad stratified.ini empty-id.csv
bad stratified.ini empty-unit.csv
bad stratified.ini duplicate.csv
bad exp.ini duplicate.csv
bad households.ini duplicate.csv
bad exp.ini unpadded-dup.csv
bad exp.ini no-customer-id.csv
bad households.ini no-household.csv
bad stratified.ini no-segment.csv
bad households.ini clash.csv
bad exp.ini bad-quote.csv
bad exp.ini ragged.csv
bad exp.ini bad-utf8.csv
# the same from standard input, for the two-pass (spooled) method
rm -f out.csv
"$LIFTKIT" assign -e "$A/stratified.ini" -o out.csv - < "$A/duplicate.csv" > out 2> err; RC=$?
expect_rc 2
note "stratified.ini <stdin>"
expect_absent out.csv
# a bad experiment file is bad input at its line; a missing input is I/O
run assign -e "$A/bad-weight.ini" -o out.csv "$A/customers.csv"
expect_rc 2
note "bad-weight.ini customers.csv"
expect_absent out.csv
run assign -e "$A/exp.ini" -o out.csv "$A/no-such-file.csv"
expect_rc 3
note "exp.ini no-such-file.csv"
expect_absent out.csv
expect_file transcript transcript
