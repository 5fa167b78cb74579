# -o naming something that is not a regular file (a named pipe here; the
# same holds for /dev/null or /dev/stdout) writes into it and leaves it what
# it was, instead of renaming a temporary file over it.
mkfifo pipe
cat pipe > got &
run assign -e "$DATA/assign/exp.ini" -q -o pipe "$DATA/assign/customers.csv"
wait
expect_rc 0
[ -p pipe ] || fail "the named pipe was replaced"
expect_same got "$DATA/assign/expected-hash.csv"
