# Offer ids are unique: a repeat stops attribute (exit 2) at its line and
# column, naming the first line.  Ids in order are checked in constant
# memory, also in the two parts of a large file (lines made absolute);
# ids out of order are checked by one more read with a map.
# expected/attribute_duplicate_offers/transcript: made by this binary, the
# lines checked against the generator (header on line 1: row i on line i+1).
A="$DATA/attribute"
offers() { # offers N DUP_AT DUP_OF [shuffle]: N offers o0000001.., row DUP_AT repeats DUP_OF's id
    awk -v n="$1" -v at="$2" -v of="$3" 'BEGIN {
        print "customer_id,offer_id,product,channel,offer_date"
        for (i = 1; i <= n; i++)
            printf "c%d,o%07d,card,email,2026-01-%02d\n", i % 50, i == at ? of : i, 1 + i % 28 }'
}
check_dup() { # check_dup FILE: exit 2, the message into the transcript, no output
    run attribute -e "$A/exp.ini" --offers "$1" --openings "$A/openings.csv" -o out.csv
    expect_rc 2
    note "$1"
    expect_absent out.csv
}
# small file, ids in order: the repeat is the row before's id
offers 100 51 50 > small.csv
check_dup small.csv
# large file (two parts on two threads): a repeat late in the second part
offers 60000 55001 55000 > large.csv
[ "$(wc -c < large.csv)" -gt 1048576 ] || fail "large.csv is not large enough to be cut in parts"
check_dup large.csv
# ids out of order: the repeat of an id seen long before, found by the second read
offers 60000 40000 7 > unsorted.csv
check_dup unsorted.csv
expect_file transcript transcript
# out of order without a repeat, and in order: both pass
{ head -n 1 large.csv; tail -n +2 small.csv | sed '51d' | sort -r; } > shuffled.csv
run attribute -e "$A/exp.ini" --offers shuffled.csv --openings "$A/openings.csv" -o out.csv
expect_rc 0
offers 60000 0 0 > clean.csv
run attribute -e "$A/exp.ini" --offers clean.csv --openings "$A/openings.csv" -o out.csv
expect_rc 0
