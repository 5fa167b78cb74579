# lift --events adds the event_<name> rows (share of units with the event in
# the window; events outside it and of unassigned customers are counted and
# left out) and the guardrail verdicts, equal to statsmodels:
# tests/data/lift/expected-events.csv is the output of
# /usr/bin/python3 tests/ref/events_ref.py tests/data/lift.
D="$DATA/lift"
run lift -e "$D/exp-guard.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --events "$D/events.csv" -o t.csv
expect_rc 0
expect_err "events: 3 kinds; 45 in window, 10 outside, 1 of unassigned customers"
head -n 1 t.csv | grep -q ',srm_p,cap,n_capped,note,theta,variance_reduction,as_of,guardrail,p_fdr$' ||
    fail "the appended columns are not in the contract's order"
cut -d, -f1,2,4,5,8,9,27 t.csv | grep '^metric\|^event' > events.csv
expect_same events.csv "$D/expected-events.csv"
# the guardrail verdicts in -f md (its column after expected loss) and -f json
run lift -e "$D/exp-guard.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --events "$D/events.csv" -f md -q
expect_rc 0
grep -q '| expected loss | guardrail | notes |$' out || fail "md header lacks guardrail"
awk -F' [|] ' '/^[|] event_/ { print substr($1, 3) "," $2 "," $3 "," $13 }' out > md.csv
awk -F, 'NR > 1 { print $1 "," $2 "," $5 "," $7 }' "$D/expected-events.csv" > want-md.csv
expect_same md.csv want-md.csv
run lift -e "$D/exp-guard.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --events "$D/events.csv" -f json -q
expect_rc 0
[ "$(grep -c '"guardrail": "fail"' out)" -eq 2 ] || fail "json guardrail fail"
[ "$(grep -c '"guardrail": "pass"' out)" -eq 3 ] || fail "json guardrail pass"
# the standard rows are those of a run without events
run lift -e "$D/exp-guard.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    -o plain.csv
grep -v '^event_' t.csv > standard.csv
expect_same standard.csv plain.csv
# a bad event date is located; --events needs raw data
sed '3s/,2026-02-04$/,2026-13-01/' "$D/events.csv" > bad.csv
run lift -e "$D/exp-guard.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --events bad.csv -o t2.csv
expect_rc 2
expect_err "bad.csv:3:3: "
expect_absent t2.csv
run lift -e "$D/exp-guard.ini" --summary x.csv --events "$D/events.csv"
expect_rc 1
expect_err "--events needs raw data: a summary carries its events"
# an interim read counts the events up to --as-of only: the same table as
# the events file cut at that day
awk -F, 'NR == 1 || $3 <= "2026-01-20"' "$D/events.csv" > cut.csv
run lift -e "$D/exp-guard.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --events "$D/events.csv" --as-of 2026-01-20 -o asof.csv
expect_rc 0
run lift -e "$D/exp-guard.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --events cut.csv --as-of 2026-01-20 -o asof-cut.csv
expect_rc 0
expect_same asof.csv asof-cut.csv
if cmp -s asof.csv t.csv; then fail "the interim read has the final read's table"; fi
