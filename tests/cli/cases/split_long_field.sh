# A field over 1 MiB across the middle of a file large enough to be read in
# two parts (assign, lift's assignments and roi's offers: 8 MB; attribute's
# offers: 1 MB) once made the cut search read past its buffer and crash.
# The cut now lands on the first safe line start after the long row (or
# the file stays whole): every command exits normally and writes what one
# part gives (--rejects or --threads 1 force one part).
gen() { # gen N LONG_FIELD_TEXT > customers file of about 14 MB at N = 200000
    awk -v n="$1" -v q="$2" 'BEGIN {
        print "customer_id,household_id,segment,tenure_months,pre_balance,score_v1,score_v2"
        long = "x"; while (length(long) < 2200000) long = long long
        for (i = 1; i <= n; i++) {
            if (i == n / 2) { printf "C%09d,H%08d,%s%s%s,1,1.25,0.1,0.2\n", i, i, q, long, q; continue }
            printf "C%09d,H%08d,seg%d,%d,%d.25,0.%04d,0.%04d\n", i, i, i % 5, i % 240, i % 9999, i % 9973, i % 7919
        } }'
}
check_assign() { # check_assign FILE: two parts give what one gives
    run assign -e "$DATA/assign/bench.ini" -o par.csv --summary par-sum.csv "$1"
    expect_rc 0
    run assign -e "$DATA/assign/bench.ini" -o ser.csv --summary ser-sum.csv --rejects rj.csv "$1"
    expect_rc 0
    expect_same par.csv ser.csv
    expect_same par-sum.csv ser-sum.csv
}
gen 200000 '' > plain.csv
[ "$(wc -c < plain.csv)" -gt 8388608 ] || fail "plain.csv is too small to be cut in two"
check_assign plain.csv
[ "$(wc -l < par.csv)" -eq 200001 ] || fail "rows lost"
# the same field quoted, with a comma and line breaks inside
gen 200000 '"' | awk 'length($0) > 1000000 { sub(/xxxx/, "x,\n\nx") } { print }' > quoted.csv
check_assign quoted.csv
[ "$(wc -l < par.csv)" -eq 200003 ] || fail "quoted row lost"

# lift: the assignments (about 20 MB, the long field carried) in two parts
awk 'BEGIN { print "customer_id,account_id,product,open_date"
             for (i = 1; i <= 200000; i += 97) printf "C%09d,A%d,card,2026-02-%02d\n", i, i, 1 + i % 28 }' > o.csv
run assign -e "$DATA/assign/bench.ini" -o assignments.csv plain.csv
expect_rc 0
run lift -e "$DATA/assign/bench.ini" --assignments assignments.csv --openings o.csv -o lift-par.csv
expect_rc 0
run lift -e "$DATA/assign/bench.ini" --assignments assignments.csv --openings o.csv \
    --rejects rj.csv -o lift-ser.csv
expect_rc 0
expect_same lift-par.csv lift-ser.csv

# attribute: offers of about 9 MB with the long field as an offer id's neighbour
awk 'BEGIN { print "customer_id,offer_id,product,channel,offer_date,note"
    long = "y"; while (length(long) < 2200000) long = long long
    for (i = 1; i <= 200000; i++)
        printf "C%09d,O%09d,card,mail,2026-01-%02d,%s\n", i, i, 1 + i % 28, i == 100000 ? long : "n" }' > f.csv
run attribute -e "$DATA/assign/bench.ini" --offers f.csv --openings o.csv -o attr-par.csv
expect_rc 0
expect_err "200000 offers read (2 parts)"
run attribute -e "$DATA/assign/bench.ini" --offers f.csv --openings o.csv --threads 1 -o attr-ser.csv
expect_rc 0
expect_same attr-par.csv attr-ser.csv
[ "$(wc -l < attr-par.csv)" -gt 1000 ] || fail "attribute found too few openings"
