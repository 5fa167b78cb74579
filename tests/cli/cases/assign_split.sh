# Files of 8 MB and more run in blocks of 512 KB on two threads when their
# ids are sorted; the result must be byte for byte the one-thread result
# (which --rejects forces), whether the blocks join, a household spans two
# blocks, the ids are unsorted (run again on one thread), a quoted field is
# longer than a block, or the ids are sorted in every block but not across
# two.  Errors keep their absolute line numbers (expected/assign_split/*.err
# made by this binary, the line numbers checked against the generated files:
# header + 200000 rows, the repeat after them).
gen() { # gen N PER_HOUSEHOLD > file: sorted ids, about 12 MB for 200000
    awk -v n="$1" -v k="$2" 'BEGIN { print "customer_id,household_id,segment,tenure_months,pre_balance,score_v1,score_v2";
        for (i = 1; i <= n; i++)
            printf "C%09d,H%08d,seg%d,%d,%d.25,0.%04d,0.%04d\n", i, int(i / k), i % 5, i % 240, i % 9999, i % 9973, i % 7919 }'
}
same_as_serial() { # same_as_serial EXP FILE
    run assign -e "$DATA/assign/$1" -o par.csv --summary par-sum.csv "$2"
    expect_rc 0
    run assign -e "$DATA/assign/$1" -o ser.csv --summary ser-sum.csv --rejects rj.csv "$2"
    expect_rc 0
    expect_same par.csv ser.csv
    expect_same par-sum.csv ser-sum.csv
}
gen 200000 2 > sorted.csv
same_as_serial bench.ini sorted.csv
same_as_serial bench-households.ini sorted.csv
[ "$(wc -l < par.csv)" -eq 200001 ] || fail "rows lost"
gen 200000 50 > big-households.csv           # the split lands inside a household
same_as_serial bench-households.ini big-households.csv
grep -q '^all,,champion,champion,30,[0-9.]*,[0-9]*,[0-9.]*,[0-9]*,' par-sum.csv || fail "no summary"
[ "$(awk -F, '$1 == "all" { s += $7 } END { print s }' par-sum.csv)" -eq 4001 ] || fail "households miscounted"
{ head -n 1 sorted.csv; tail -n +2 sorted.csv | sort -t, -k7 ; } > unsorted.csv
same_as_serial bench-households.ini unsorted.csv
# a quoted field with line breaks, longer than a block
{ gen 80000 2; printf 'X000000001,HX,"note\n'; awk 'BEGIN { for (i = 0; i < 40000; i++) print "line of a long quoted note" }';
  printf 'end",1,1.5,0.1,0.2\n'; gen 80000 2 | tail -n +2 | sed 's/^C/D/'; } > quoted.csv
same_as_serial bench.ini quoted.csv
[ "$(wc -l < par.csv)" -eq 200003 ] || fail "quoted rows lost"
# a duplicate across the halves: the last row repeats the first id
{ cat sorted.csv; echo "C000000001,H1,seg1,1,1.25,0.1,0.2"; } > dup.csv
rm -f out.csv
run assign -e "$DATA/assign/bench.ini" -o out.csv dup.csv
expect_rc 2
expect_file err dup.err
expect_absent out.csv
# an error in the second half only, and one in each half: the first wins
{ head -n 180000 sorted.csv; echo "C999999998,H1"; tail -n +180001 sorted.csv | sed 's/^C0/C9/'; } > ragged2.csv
run assign -e "$DATA/assign/bench.ini" -o out.csv ragged2.csv
expect_rc 2
expect_file err ragged2.err
expect_absent out.csv
{ head -n 1000 ragged2.csv; echo ",H1,x,1,1,1,1"; tail -n +1001 ragged2.csv; } > two-errors.csv
run assign -e "$DATA/assign/bench.ini" -o out.csv two-errors.csv
expect_rc 2
expect_file err two-errors.err
expect_absent out.csv
# ids numbered without zero padding (C9 before C10) count as sorted too
awk 'BEGIN { print "customer_id,household_id,segment"; for (i = 1; i <= 600000; i++) printf "C%d,H%d,s%d\n", i, int(i / 3), i % 3 }' > unpadded.csv
same_as_serial bench-households.ini unpadded.csv
{ cat unpadded.csv; echo "C99,H1,s1"; } > unpadded-dup.csv
run assign -e "$DATA/assign/bench.ini" -o out.csv unpadded-dup.csv
expect_rc 2
expect_file err unpadded-dup.err
expect_absent out.csv
# rows of 64 bytes: the first block is rows 1-8192 (524288 bytes after the
# header); the ids start again below after it, sorted within every block
pad() { # pad FIRST_ID_OF_ROW_8193 ROWS
    awk -v b="$1" -v n="$2" 'BEGIN { print "customer_id,household_id,note";
        for (i = 1; i <= n; i++)
            printf "C%09d,H%09d,%041d\n", i <= 8192 ? 100000000 + i : b + i - 8193, i, i }'
}
pad 1 140000 > rejoined.csv
[ "$(sed -n 2p rejoined.csv | wc -c)" -eq 64 ] || fail "rows are not 64 bytes"
same_as_serial bench.ini rejoined.csv
pad 100008192 140000 > dup-at-block.csv
rm -f out.csv
run assign -e "$DATA/assign/bench.ini" -o out.csv dup-at-block.csv
expect_rc 2
expect_err "dup-at-block.csv:8194:1: duplicate customer_id 'C100008192' (first on line 8193)"
expect_absent out.csv
