# A file checked for repeated ids that is not sorted by them is checked with
# a map of at most LIFTKIT_MAX_IDS ids: past it the command stops with exit 4
# and a located message saying how to sort the file, and writes nothing.
# Sorted files need no map whatever the limit.  contacts without
# assignments: offers grouped by customer but not in order (C04's block
# first); attribute: offer ids in descending order.  expected/
# unsorted_ids_bounded/transcript: made by this binary, each message checked
# by eye against the edit that made the order.
D="$DATA/contacts"
F="$D/offers.csv"
{ sed -n 1p "$F"; sed -n '12,15p' "$F"; sed -n '2,11p' "$F"; sed -n '16,$p' "$F"; } > grouped.csv
limited() { # limited N ARGS...: run ARGS with LIFTKIT_MAX_IDS=N
    export LIFTKIT_MAX_IDS="$1"
    shift
    run "$@"
    unset LIFTKIT_MAX_IDS
}
# three customers held at most: the first one out of order (line 6) is named
limited 3 contacts -e "$D/exp.ini" --offers grouped.csv -o t.csv --violations v.csv
note "grouped, limit 3"
expect_rc 4
expect_err "grouped.csv:6:1: offers are not sorted by customer_id (customer 'C01' on line 6 comes after 'C04')"
expect_err "sort -t, -k1,1 -k5,5"
expect_absent t.csv
expect_absent v.csv
# the same from standard input: the map from the start, stopped when it passes the limit
limited 3 contacts -e "$D/exp.ini" --offers - -o t.csv < grouped.csv
note "grouped from standard input, limit 3"
expect_rc 4
expect_absent t.csv
# within the default limit the grouped file gives the sorted file's table
run contacts -e "$D/exp.ini" --offers "$F" -q
expect_rc 0
cp out sorted.csv
run contacts -e "$D/exp.ini" --offers grouped.csv -q
expect_rc 0
expect_same out sorted.csv
run contacts -e "$D/exp.ini" --offers - -q < grouped.csv
expect_rc 0
expect_same out sorted.csv
# sorted input needs no map: six customers pass a limit of two
limited 2 contacts -e "$D/exp.ini" --offers - -q < "$F"
expect_rc 0
expect_same out sorted.csv
limited 2 contacts -e "$D/exp.ini" --offers "$F" -q
expect_rc 0
expect_same out sorted.csv
# a customer met again in a file out of order is found where it is (line 16)
{ sed -n 1p "$F"; sed -n '12,15p' "$F"; sed -n '2,11p' "$F"; sed -n '13p' "$F"; sed -n '16,$p' "$F"; } > again.csv
run contacts -e "$D/exp.ini" --offers again.csv -q
note "a customer met again, out of order"
expect_rc 2
expect_err "again.csv:16:1: offers are not sorted: customer 'C04' appears again"
run contacts -e "$D/exp.ini" --offers - -q < again.csv
note "a customer met again, out of order, from standard input"
expect_rc 2
# attribute: offer ids out of order past the limit
A="$DATA/attribute"
{ sed -n 1p "$A/offers.csv"; sed -n '2,$p' "$A/offers.csv" | sort -t, -k2,2r; } > desc.csv
limited 3 attribute -e "$A/exp.ini" --offers desc.csv --openings "$A/openings.csv" \
    -o out.csv
note "attribute, offer ids descending, limit 3"
expect_rc 4
expect_err "desc.csv:5:2: offer_id values out of order"
expect_absent out.csv
run attribute -e "$A/exp.ini" --offers desc.csv --openings "$A/openings.csv" -o out.csv
expect_rc 0
# a limit that is not a number is a usage error
limited many contacts -e "$D/exp.ini" --offers "$F"
note "LIFTKIT_MAX_IDS=many"
expect_rc 1
expect_file transcript transcript
