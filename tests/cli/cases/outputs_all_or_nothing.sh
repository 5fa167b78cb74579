# A run's outputs are all or nothing: when one cannot be written, none of
# the others appears; temporary files are new files with unpredictable
# names, gone after any failure and after SIGINT or SIGTERM.
D="$DATA/lift"
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --accrual a.csv --write-summary s.csv -o /dev/full
expect_rc 3
expect_err "cannot write '/dev/full'"
expect_absent a.csv
expect_absent s.csv
run assign -e "$DATA/assign/exp.ini" "$DATA/assign/customers.csv" -o out.csv --summary /dev/full
expect_rc 3
expect_absent out.csv
[ -z "$(ls -A)" ] || [ "$(ls -A | grep -v '^out$\|^err$' | wc -l)" = 0 ] || fail "left behind: $(ls -A)"
# A symbolic link at any name the run might choose is never written through:
# the temporary name was once t.csv.tmp.PID, which a shell that execs
# liftkit knows in advance ($$).
echo precious >victim
sh -c 'ln -s victim t.csv.tmp.$$; ln -s victim t.csv.tmp; exec "$@"' sh "$LIFTKIT" lift \
    -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" -o t.csv -q
[ "$(cat victim)" = precious ] || fail "the run wrote through a planted link"
[ -f t.csv ] && [ ! -L t.csv ] && [ -s t.csv ] || fail "no table, or a link in its place"
rm -f t.csv.tmp* victim
# Interrupted while reading (the input is a pipe that stays open): nothing is left.
for sig in INT TERM; do
    rm -f fifo; mkfifo fifo
    "$LIFTKIT" assign -e "$DATA/assign/exp.ini" fifo -o o.csv --summary s.csv -q 2>/dev/null &
    pid=$!
    exec 3>fifo
    head -n 3 "$DATA/assign/customers.csv" >&3
    sleep 1
    kill -$sig $pid
    wait $pid
    st=$?
    exec 3>&-
    [ $st -gt 128 ] || fail "SIG$sig: exit status $st, expected death by the signal"
    left=$(ls -A | grep -v '^out$\|^err$\|^fifo$\|^t.csv$' || true)
    [ -z "$left" ] || fail "SIG$sig left: $left"
done
# A full standard output is said once, not twice.
"$LIFTKIT" lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    -q >/dev/full 2>err
RC=$?
expect_rc 3
[ "$(grep -c 'cannot write' err)" = 1 ] || fail "said $(grep -c 'cannot write' err) times: $(cat err)"
