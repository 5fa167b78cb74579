# contacts with customers as units: their units are found by a search of the
# assignments' sorted ids (no map), and the tables equal pandas' rolling
# windows by customer.  Expected files: the output of
# /usr/bin/python3 tests/ref/contacts_ref.py tests/data/contacts-customers OUT
# (tests/data/contacts with unit = customer_id and unit_id = customer_id).
# Assignments out of order (a map), and offers whose customers are together
# but not in order (a bisection for each), give the same tables.
D="$DATA/contacts-customers"
check() { # check OFFERS ASSIGNMENTS: the three tables against pandas'
    run contacts -e "$D/exp.ini" --offers "$1" --assignments "$2" -o c.csv \
        --violations v.csv --histogram h.csv -q
    expect_rc 0
    expect_same c.csv "$D/expected-contacts.csv"
    expect_same h.csv "$D/expected-histogram.csv"
    sort v.csv > v.sorted
    sort "$D/expected-violations.csv" > e.sorted
    expect_same v.sorted e.sorted
}
check "$D/offers.csv" "$D/assignments.csv"
expect_same v.csv "$D/expected-violations.csv"
{ sed -n 1p "$D/assignments.csv"; sed -n '2,$p' "$D/assignments.csv" | sort -r; } > reversed.csv
check "$D/offers.csv" reversed.csv
F="$D/offers.csv"
{ sed -n 1p "$F"; sed -n '16,$p' "$F"; sed -n '12,15p' "$F"; sed -n '2,11p' "$F"; } > grouped.csv
check grouped.csv "$D/assignments.csv"
# a customer met again, and one not assigned, are found where they are
{ sed -n '1,15p' "$F"; sed -n '2p' "$F"; sed -n '16,$p' "$F"; } > again.csv
run contacts -e "$D/exp.ini" --offers again.csv --assignments "$D/assignments.csv" -q
expect_rc 2
expect_err "again.csv:16:1: offers are not sorted: customer 'C01' appears again after other customers"
sed '17s/^C08,/C09,/' "$F" > unknown.csv
run contacts -e "$D/exp.ini" --offers unknown.csv --assignments "$D/assignments.csv" -q
expect_rc 2
expect_err "unknown.csv:17:1: customer 'C09' is not in the assignments"
