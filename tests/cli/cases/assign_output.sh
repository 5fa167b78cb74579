# The output columns: the seven assignment columns, then the customer file's
# other columns in their order, quoting kept where needed; '-o' writes the file.
run assign -e "$DATA/assign/exp.ini" -o out.csv "$DATA/assign/customers.csv"
expect_rc 0
expect_same out.csv "$DATA/assign/expected-hash.csv"
run assign -e "$DATA/assign/stratified.ini" -q "$DATA/assign/customers.csv"
expect_rc 0
expect_same out "$DATA/assign/expected-stratified.csv"
