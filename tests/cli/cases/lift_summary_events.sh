# The guardrail events in a lift summary: 'lift --events --write-summary'
# appends the rows event_<name> (n = the arm's units, sum = sumsq = units
# with the event in the window), 'lift --summary' reads them back and adds
# them over partial summaries, and the table from the summary is the raw
# path's with --events byte for byte but for cap and n_capped (csv, json,
# md).  The counts are those of tests/data/lift/expected-events.csv (made by
# /usr/bin/python3 tests/ref/events_ref.py tests/data/lift): opt_out 5 of
# 40 in champion, 18 of 40 in new-offer, 3 of 20 in the holdout.
D="$DATA/lift"
summary_like_raw "$D/exp-guard.ini" --assignments "$D/assignments.csv" \
    --openings "$D/openings.csv" --events "$D/events.csv"
grep -q '^event_opt_out,new-offer,challenger,40,0.45,.*,fail,$' summary.csv ||
    fail "the guardrail verdict of the summary's event rows"
expect_file sums.csv sums.csv
grep '^champion,event_opt_out,40,5,5,' sums.csv >/dev/null || fail "opt_out sums of champion"
grep '^holdout,event_opt_out,20,3,3,' sums.csv >/dev/null || fail "opt_out sums of the holdout"

# partial summaries: the events' rows in one file, the metrics' in another,
# the rows of one arm in a third; any order gives the same table
head -n 1 sums.csv > head.csv
grep -v ',event_' sums.csv | grep -v '^holdout,' > metrics.csv
{ cat head.csv; grep '^holdout,' sums.csv | grep -v ',event_'; } > holdout.csv
{ cat head.csv; grep ',event_' sums.csv; } > events.csv
run lift -e "$D/exp-guard.ini" --summary events.csv holdout.csv metrics.csv -o parts.csv
expect_rc 0
expect_same parts.csv summary.csv
# every event row split in two halves, in two files whose metric rows add
# up to the whole (the second's are zero): the same table
awk -F, -v OFS=, 'NR == 1 { print > "half1.csv"; print > "half2.csv"; next }
                  $2 !~ /^event_/ { print > "half1.csv"; $3 = 0; $4 = 0; $5 = 0; print > "half2.csv"; next }
                  { n = int($3 / 2); s = int($4 / 2)
                    print $1, $2, n, s, "", $6, "", "", "" > "half1.csv"
                    print $1, $2, $3 - n, $4 - s, $5 - s, $6, "", "", "" > "half2.csv" }' sums.csv
run lift -e "$D/exp-guard.ini" --summary half1.csv half2.csv -o halves.csv
expect_rc 0
expect_same halves.csv summary.csv
# a partial summary whose event rows do not add up to the arm's n
sed 's/^\(champion,event_closure\),20,/\1,19,/' half2.csv > half2bad.csv
run lift -e "$D/exp-guard.ini" --summary half1.csv half2bad.csv -o halves.csv
expect_rc 2
expect_err "half2bad.csv:17:3: n of arm 'champion' differs between metrics 'response_target' and 'event_closure' after adding the summaries"

# bad event rows are located errors (transcript)
bad() { # bad NAME SED: sums.csv edited by SED, read back
    sed "$2" sums.csv > "$1.csv"
    run_note lift -e "$D/exp-guard.ini" --summary "$1.csv" -o t.csv
    [ "$RC" -eq 2 ] || fail "$1: exit status $RC"
    expect_absent t.csv
}
bad not-whole 's/^champion,event_opt_out,40,5,5,/champion,event_opt_out,40,5.5,5.5,/'
bad above-n 's/^champion,event_opt_out,40,5,5,/champion,event_opt_out,40,41,41,/'
bad sumsq 's/^champion,event_opt_out,40,5,5,/champion,event_opt_out,40,5,25,/'
bad no-name 's/^champion,event_opt_out,/champion,event_,/'
bad covariate 's/^champion,event_opt_out,40,5,5,household_id,,,$/champion,event_opt_out,40,5,5,household_id,1,1,1/'
bad unit 's/^champion,event_opt_out,40,5,5,household_id,/champion,event_opt_out,40,5,5,customer_id,/'
bad n 's/^holdout,event_closure,20,/holdout,event_closure,21,/'
bad arm 's/^holdout,event_closure,/holdouts,event_closure,/'
bad missing-arm '/^new-offer,event_complaint,/d'
bad duplicate '$a\
champion,event_opt_out,40,5,5,household_id,,,'
bad events-only '/,event_/!{1!d}'
# with --by, event rows are not read per segment
awk -F, -v OFS=, '{ print $0 "," (NR == 1 ? "segment" : "all") }' sums.csv > seg.csv
run_note lift -e "$D/exp-guard.ini" --summary seg.csv --by segment -o t.csv
expect_rc 2
# --events needs the raw data; --by --write-summary has no event rows
run_note lift -e "$D/exp-guard.ini" --summary sums.csv --events "$D/events.csv"
expect_rc 1
run_note lift -e "$D/exp-guard.ini" --assignments "$D/assignments.csv" \
    --openings "$D/openings.csv" --events "$D/events.csv" --by stratum --write-summary s.csv
expect_rc 1
expect_absent s.csv
expect_file transcript transcript
