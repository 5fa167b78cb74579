# Limits with clear messages: the experiment file (1 MiB; /dev/zero stops at
# once), a CSV line (LIFTKIT_MAX_LINE, default 64 MiB), the header's columns
# (100,000), found duplicates in linear time; a NUL byte in a CSV field is
# bad input as in the experiment file.
E="$DATA/assign/exp.ini"
run assign -e /dev/zero "$DATA/assign/customers.csv"
expect_rc 2
expect_err "liftkit: /dev/zero: larger than 1024 KiB: not an experiment file"
# A line longer than the limit is located and stops the run.
awk 'BEGIN{print "customer_id,segment"; print "c1,a"; s="x"; while (length(s) < 3000) s = s s; print "c2," s; print "c3,b"}' > long.csv
LIFTKIT_MAX_LINE=2000 run assign -e "$E" long.csv -o out.csv
expect_rc 2
expect_err "long.csv:3: line longer than 2000 bytes"
expect_absent out.csv
run assign -e "$E" long.csv -o out.csv -q
expect_rc 0
LIFTKIT_MAX_LINE=lots run assign -e "$E" long.csv
expect_rc 1
expect_err "LIFTKIT_MAX_LINE expects a number of bytes, not 'lots'"
# A NUL byte inside a field, and in the header.
printf 'customer_id,segment\nc1,a\nc2,b\000c\n' > nul.csv
run assign -e "$E" nul.csv
expect_rc 2
expect_err "nul.csv:3:2: NUL byte in column 'segment'"
printf 'customer_id,seg\000ment\nc1,a\n' > nulh.csv
run assign -e "$E" nulh.csv
expect_rc 2
expect_err "nulh.csv:1:2: NUL byte in header"
# 80,000 columns: the duplicate at the end is found at once (it took seconds
# when every name was compared with every other).
awk 'BEGIN{printf "customer_id"; for (i = 1; i <= 80000; i++) printf ",column_%d", i; print ",column_1"}' > wide.csv
start=$(date +%s)
run assign -e "$E" wide.csv
expect_rc 2
expect_err "wide.csv:1:80002: duplicate column 'column_1' in header"
[ $(( $(date +%s) - start )) -lt 20 ] || fail "the duplicate check is slow"
awk 'BEGIN{printf "customer_id"; for (i = 1; i <= 100000; i++) printf ",c%d", i; print ""}' > wider.csv
run assign -e "$E" wider.csv
expect_rc 2
expect_err "wider.csv:1:100001: header of 100001 columns: at most 100000"
# A broken header is named once, not "bad header: bad header: ...".
printf 'customer_id,"seg"ment\nc1,a\n' > badh.csv
run assign -e "$E" badh.csv
expect_rc 2
grep -c "bad header" err | grep -qx 1 || fail "garbled: $(cat err)"
grep -q "bad header: bad header" err && fail "garbled: $(cat err)"
true
