# RFC 4180 keeps spaces and tabs as part of a field: an id with spaces is
# hashed with them, as the SQL and Python recipes do (Python's csv module
# keeps them too), so " C1 " and "C1" are two customers in two buckets.
printf 'customer_id,segment\n C1 ,a\nC1,b\nC2\t, mass \n' > customers.csv
run assign -e "$DATA/assign/exp.ini" -o assignments.csv customers.csv
expect_rc 0
expect_file err stderr
ARMS=champion,new-offer,holdout /usr/bin/python3 "$DATA/assign/recompute.py" \
    test-hash customer_id - 45,45,10 customers.csv assignments.csv > check || { cat check; fail "python disagrees"; }
grep -q "ok 3 rows" check || fail "python checked no rows"
# expected/assign_spaces_kept/assignments.csv: made by this binary, its
# buckets and arms those of recompute.py above, ' C1 ' and ' mass ' with
# their spaces
expect_file assignments.csv assignments.csv
