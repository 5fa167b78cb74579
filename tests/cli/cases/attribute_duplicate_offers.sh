# Offer ids are unique: a repeat stops attribute (exit 2) at its line and
# column, naming the first line.  Ids in order are checked in constant
# memory, also in the two parts of a large file (lines made absolute);
# ids out of order are checked by one more read with a map.
A="$DATA/attribute"
offers() { # offers N DUP_AT DUP_OF [shuffle]: N offers o0000001.., row DUP_AT repeats DUP_OF's id
    awk -v n="$1" -v at="$2" -v of="$3" 'BEGIN {
        print "customer_id,offer_id,product,channel,offer_date"
        for (i = 1; i <= n; i++)
            printf "c%d,o%07d,card,email,2026-01-%02d\n", i % 50, i == at ? of : i, 1 + i % 28 }'
}
check_dup() { # check_dup FILE MESSAGE
    run attribute -e "$A/exp.ini" --offers "$1" --openings "$A/openings.csv" -o out.csv
    expect_rc 2
    expect_err "$2"
    expect_absent out.csv
}
# small file, ids in order: the repeat is the row before's id
offers 100 51 50 > small.csv
check_dup small.csv "small.csv:52:2: duplicate offer_id 'o0000050' (first on line 51)"
# large file (two parts on two threads): a repeat late in the second part
offers 60000 55001 55000 > large.csv
[ "$(wc -c < large.csv)" -gt 1048576 ] || fail "large.csv is not large enough to be cut in parts"
check_dup large.csv "large.csv:55002:2: duplicate offer_id 'o0055000' (first on line 55001)"
# ids out of order: the repeat of an id seen long before, found by the second read
offers 60000 40000 7 > unsorted.csv
check_dup unsorted.csv "unsorted.csv:40001:2: duplicate offer_id 'o0000007' (first on line 8)"
# out of order without a repeat, and in order: both pass
{ head -n 1 large.csv; tail -n +2 small.csv | sed '51d' | sort -r; } > shuffled.csv
run attribute -e "$A/exp.ini" --offers shuffled.csv --openings "$A/openings.csv" -o out.csv
expect_rc 0
offers 60000 0 0 > clean.csv
run attribute -e "$A/exp.ini" --offers clean.csv --openings "$A/openings.csv" -o out.csv
expect_rc 0
