# A large offers file (over 8 MB) is read in two halves on two threads: the
# same table as one pass (--rejects forces one), and a repeated offer id in
# the second half is reported at its own line.  expected/roi_two_halves/:
# made by this binary, checked by eye: offers to c%3 == 0 (champion, 1 in 3)
# and c%3 == 1 (new, 2 in 3: the c%3 == 2 ones are moved there); the repeat
# of row 250001 at line 250002.
card_experiment big 30 <<'INI'
[cost]
mail = 0.5
email = 0.25
INI
card_assignments 3000 big
awk 'BEGIN { print "customer_id,account_id,product,open_date"
             for (i = 0; i < 3000; i += 7) printf "c%04d,x%04d,card,2026-01-%02d\n", i, i, 6 + i % 20 }' > o.csv
offers() { # offers DUP_AT: 300000 offers to treated customers, row DUP_AT repeats the id before
    awk -v dup="$1" 'BEGIN { print "customer_id,offer_id,product,channel,offer_date,padding"
        for (i = 1; i <= 300000; i++) {
            c = i % 3000; if (c % 3 == 2) c--
            printf "c%04d,o%07d,card,%s,2026-01-0%d,%s\n", c, i == dup ? i - 1 : i,
                   i % 2 ? "mail" : "email", 1 + i % 4, "xxxx"
        } }'
}
offers 0 > f.csv
[ "$(wc -c < f.csv)" -gt 8388608 ] || fail "f.csv is too small to be cut in two"
run roi -e exp.ini --assignments a.csv --offers f.csv --openings o.csv --resamples 100
expect_rc 0
expect_file err stderr
cp out two.csv
run roi -e exp.ini --assignments a.csv --offers f.csv --openings o.csv --resamples 100 --rejects r.csv
expect_rc 0
expect_same out two.csv
offers 250001 > dup.csv
run roi -e exp.ini --assignments a.csv --offers dup.csv --openings o.csv --resamples 100
expect_rc 2
expect_file err duplicate.err
