# --safe-csv: a text cell that a spreadsheet would run as a formula (= + - @
# first, not a number) gets a ' before it; numbers, negative ones included,
# and every other cell are written as they are.  Without the option the
# cells are unchanged.
printf 'customer_id,segment\n"=HYPERLINK(""x"")",a\n+cmd,b\n-2,@sum\nplain,-1.5e3\n' > c.csv
run assign -e "$DATA/assign/exp.ini" c.csv -o plain.csv -q
expect_rc 0
run assign -e "$DATA/assign/exp.ini" c.csv -o safe.csv -q --safe-csv
expect_rc 0
cut -d, -f1 plain.csv | sed 1d | sort > a
cut -d, -f1 safe.csv | sed 1d | sort > b
grep -qx '"=HYPERLINK(""x"")"' a || fail "plain output changed a cell: $(cat a)"
grep -qx "\"'=HYPERLINK(\"\"x\"\")\"" b || fail "no ' before a formula: $(cat b)"
grep -qx "'+cmd" b || fail "no ' before +cmd"
grep -qx -- "-2" b || fail "a negative number was changed"
grep -qx "plain" b || fail "a plain cell was changed"
grep -q "'@sum" safe.csv || fail "no ' before @sum"
grep -q ",-1.5e3" safe.csv || fail "a number was changed"
run assign --help
expect_out "--safe-csv"
