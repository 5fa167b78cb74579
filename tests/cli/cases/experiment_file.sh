# The experiment file may come from standard input ("-"), like every input;
# bytes that are not text are located at their line and column (exit 2).
D="$DATA/lift"
run lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv"
expect_rc 0
cp out from-file.csv
"$LIFTKIT" lift -e - --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    < "$D/exp.ini" > out 2> err
RC=$?
expect_rc 0
expect_same out from-file.csv
printf '[experiment]\nname = t\351st\n' > latin1.ini
run lift -e latin1.ini --assignments "$D/assignments.csv" --openings "$D/openings.csv"
expect_rc 2
expect_err "latin1.ini:2:9: invalid UTF-8"
printf '[experiment]\nstart = 2026-01-05\nname = a\000b\n' > nul.ini
run lift -e nul.ini --assignments "$D/assignments.csv" --openings "$D/openings.csv"
expect_rc 2
expect_err "nul.ini:3:9: NUL byte: not a text file"
# Errors name the line they are on: an unclosed section (inih goes on, and
# the key after it was blamed), an over-long comment (the next key was).
printf '[experiment]\nname = x\n[arm:a\nrole = champion\n' > unclosed.ini
run lift -e unclosed.ini --summary "$D/summary-nc.csv"
expect_rc 2
expect_err "unclosed.ini:3: syntax error"
awk 'BEGIN { print "[experiment]"; print "name = x"; s = ""; for (i = 0; i < 300; i++) s = s "a"
             print "; " s; print ""; print "start = 2026-01-05" }' > long.ini
run lift -e long.ini --summary "$D/summary-nc.csv"
expect_rc 2
expect_err "long.ini:3: line too long: at most 199 characters"
