# Hash method, by household: every row's bucket and arm equal an independent
# recomputation with Python's hashlib (tests/data/assign/recompute.py), the
# customers of a household share an arm, and the summary counts match.
awk 'BEGIN { print "customer_id,household_id,segment,tenure_months,pre_balance,score_v1,score_v2";
             for (i = 1; i <= 3000; i++)
                 printf "C%06d,H%05d,seg%d,%d,%.2f,%.4f,%.4f\n", i, int((i + 1) / 2), i % 3, i % 120, i * 1.5, (i % 97) / 97, (i % 89) / 89 }' > customers.csv
run assign -e "$DATA/assign/households.ini" -o assignments.csv --summary summary.csv customers.csv
expect_rc 0
# stderr: expected/assign_hash_matches_python/stderr, made by this binary;
# its unit counts are those the summary check below recomputes
expect_file err stderr
ARMS=champion,new-offer,holdout /usr/bin/python3 "$DATA/assign/recompute.py" \
    test-hh household_id - 45,45,10 customers.csv assignments.csv > check || { cat check; fail "python disagrees"; }
grep -q "ok 3000 rows" check || fail "python checked no rows"
# households of two customers: both rows carry the same arm
awk -F, 'NR > 1 { if ($2 in arm && arm[$2] != $4) bad++; arm[$2] = $4 } END { exit bad > 0 }' assignments.csv \
    || fail "a household is split across arms"
# summary units per arm = distinct households per arm in the output
for a in champion new-offer holdout; do
    n=$(awk -F, -v a="$a" 'NR > 1 && $4 == a { u[$2] = 1 } END { print length(u) }' assignments.csv)
    c=$(awk -F, -v a="$a" 'NR > 1 && $4 == a' assignments.csv | wc -l)
    grep -q "^all,,$a,[a-z]*,[0-9]*,[0-9.]*,$n,[0-9.]*,$c," summary.csv || { cat summary.csv; fail "summary row for $a is not $n units, $c customers"; }
done
