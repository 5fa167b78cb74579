# Bad input data stops lift with exit 2, a file:line:column message and no
# output file; --rejects sets the bad rows aside instead.
D="$DATA/lift"
A="$D/assignments.csv"
O="$D/openings.csv"
check() { # check MESSAGE ARGS...: exit 2, located message, no output
    msg=$1
    shift
    run lift -e "$D/exp.ini" -o table.csv "$@"
    expect_rc 2
    expect_err "$msg"
    expect_absent table.csv
}
sed '3s/,new-offer,/,mystery,/; 3s/,champion,champion,/,mystery,champion,/' "$A" > unknown-arm.csv
check "unknown-arm.csv:3:4: unknown arm 'mystery'" --assignments unknown-arm.csv --openings "$O"
sed '5s/lift-test/other-test/' "$A" > wrong-exp.csv
check "wrong-exp.csv:5:3: experiment 'other-test' does not match" --assignments wrong-exp.csv --openings "$O"
sed '4s/2026-01-[0-9]*/2026-13-45/' "$O" > bad-date.csv
check "bad-date.csv:4:4: invalid date '2026-13-45'" --assignments "$A" --openings bad-date.csv
sed '4s/2026-01-[0-9]*/1800-02-03/' "$O" > old-date.csv
check "old-date.csv:4:4: date '1800-02-03' in column 'open_date' is out of range: expected a year from 1900 to 2199" \
    --assignments "$A" --openings old-date.csv
sed '4s/2026-01-[0-9]*/9999-12-31/' "$O" > placeholder-date.csv
check "placeholder-date.csv:4:4: date '9999-12-31' in column 'open_date' is out of range" \
    --assignments "$A" --openings placeholder-date.csv
sed '6s/,[0-9.]*$/,-12.50/' "$O" > neg.csv
check "neg.csv:6:5: negative balance '-12.50'" --assignments "$A" --openings neg.csv
: > empty.csv
check "empty.csv" --assignments "$A" --openings empty.csv

# --rejects: the bad opening is set aside, the rest is analysed
run lift -e "$D/exp.ini" --assignments "$A" --openings neg.csv --rejects rej.csv -o table.csv
expect_rc 0
expect_err "1 rows rejected"
grep -q "negative balance" rej.csv || fail "reject reason"
rm -f table.csv

# summary files
printf 'arm,metric,n,sum,sumsq\nchampion,response_target,40,41,\n' > s1.csv
check "s1.csv:2:4: responders must be a whole number between 0 and n" --summary s1.csv
printf 'arm,metric,n,sum,sumsq\nnobody,response_target,40,4,\n' > s2.csv
check "s2.csv:2:1: unknown arm 'nobody'" --summary s2.csv
printf 'arm,metric,n,sum,sumsq\nchampion,clicks,40,4,\n' > s3.csv
check "s3.csv:2:2: unknown metric 'clicks'" --summary s3.csv
printf 'arm,metric,n,sum,sumsq\nchampion,response_target,40,4,\n' > s4.csv
check "s4.csv: no row for arm 'new-offer' and metric 'response_target'" --summary s4.csv
printf 'arm,metric,n,sum,sumsq\nchampion,balance_any,4,100,10\n' > s5.csv
check "s5.csv:2:5: sum of squares '10' is impossible" --summary s5.csv
printf 'arm,metric,n,sum,sumsq\nchampion,response_target,40,4,\nchampion,response_target,40,4,\n' > s6.csv
check "s6.csv:3:2: duplicate row for arm 'champion' and metric 'response_target' (first on line 2)" --summary s6.csv
printf 'arm,metric,n,sum,sumsq\nchampion,response_target,4.5,4,\n' > s7.csv
check "s7.csv:2:3: n must be a whole number" --summary s7.csv
printf 'arm,metric,n\nchampion,response_target,4\n' > s8.csv
check "missing column 'sum'" --summary s8.csv
printf 'arm,metric,n,sum,sumsq\n' > s9.csv
check "s9.csv: no rows" --summary s9.csv
{ printf 'arm,metric,n,sum,sumsq\n'
  for a in champion new-offer holdout; do
      printf '%s,response_target,40,4,\n%s,balance_any,41,4,16\n' $a $a
  done; } > s10.csv
check "s10.csv:3:3: n of arm 'champion' differs between metrics" --summary s10.csv
