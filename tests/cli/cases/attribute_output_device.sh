# -o onto something that is not a regular file (a named pipe here; /dev/null
# in daily use) writes into it and leaves it what it was: the usual
# temporary-file-and-rename would replace it with a regular file.
A="$DATA/attribute"
mkfifo pipe || fail "mkfifo failed"
cat pipe >got &
reader=$!
run attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" -o pipe -q
[ -p pipe ] || { kill "$reader"; fail "the pipe was replaced by a regular file"; }
wait "$reader"
expect_rc 0
expect_same got "$A/expected-last.csv"
