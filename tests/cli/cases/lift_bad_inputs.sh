# Bad input data stops lift with exit 2, a file:line:column message and no
# output file; --rejects sets the bad rows aside instead.  expected/
# lift_bad_inputs/: made by this binary, each message checked by eye
# against the edit that made its file bad.
D="$DATA/lift"
A="$D/assignments.csv"
O="$D/openings.csv"
check() { # check ARGS...: exit 2, the message into the transcript, no output
    run lift -e "$D/exp.ini" -o table.csv "$@"
    expect_rc 2
    note "lift $*"
    expect_absent table.csv
}
sed '3s/,new-offer,/,mystery,/; 3s/,champion,champion,/,mystery,champion,/' "$A" > unknown-arm.csv
check --assignments unknown-arm.csv --openings "$O"
sed '5s/lift-test/other-test/' "$A" > wrong-exp.csv
check --assignments wrong-exp.csv --openings "$O"
sed '4s/2026-01-[0-9]*/2026-13-45/' "$O" > bad-date.csv
check --assignments "$A" --openings bad-date.csv
sed '4s/2026-01-[0-9]*/1800-02-03/' "$O" > old-date.csv
check --assignments "$A" --openings old-date.csv
sed '4s/2026-01-[0-9]*/9999-12-31/' "$O" > placeholder-date.csv
check --assignments "$A" --openings placeholder-date.csv
sed '6s/,[0-9.]*$/,-12.50/' "$O" > neg.csv
check --assignments "$A" --openings neg.csv
: > empty.csv
check --assignments "$A" --openings empty.csv

# --rejects: the bad opening is set aside, the rest is analysed
run lift -e "$D/exp.ini" --assignments "$A" --openings neg.csv --rejects rej.csv -o table.csv
expect_rc 0
expect_file err rejects.err
expect_file rej.csv rejects.csv
rm -f table.csv

# summary files
printf 'arm,metric,n,sum,sumsq\nchampion,response_target,40,41,\n' > s1.csv
check --summary s1.csv
printf 'arm,metric,n,sum,sumsq\nnobody,response_target,40,4,\n' > s2.csv
check --summary s2.csv
printf 'arm,metric,n,sum,sumsq\nchampion,clicks,40,4,\n' > s3.csv
check --summary s3.csv
printf 'arm,metric,n,sum,sumsq\nchampion,response_target,40,4,\n' > s4.csv
check --summary s4.csv
printf 'arm,metric,n,sum,sumsq\nchampion,balance_any,4,100,10\n' > s5.csv
check --summary s5.csv
printf 'arm,metric,n,sum,sumsq\nchampion,response_target,40,4,\nchampion,response_target,40,4,\n' > s6.csv
check --summary s6.csv
printf 'arm,metric,n,sum,sumsq\nchampion,response_target,4.5,4,\n' > s7.csv
check --summary s7.csv
printf 'arm,metric,n\nchampion,response_target,4\n' > s8.csv
check --summary s8.csv
printf 'arm,metric,n,sum,sumsq\n' > s9.csv
check --summary s9.csv
{ printf 'arm,metric,n,sum,sumsq\n'
  for a in champion new-offer holdout; do
      printf '%s,response_target,40,4,\n%s,balance_any,41,4,16\n' $a $a
  done; } > s10.csv
check --summary s10.csv
expect_file transcript transcript
