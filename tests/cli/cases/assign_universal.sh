# The universal holdout of [universal]: drawn before the arms with its own
# salt, so two experiment files that name the same salt (one hashed, one
# stratified, different experiment salts) put the same households in it;
# its share is within the binomial tolerance; and Python's recomputation of
# the README recipe (tests/data/assign/recompute.py, UNIVERSAL=salt,share)
# agrees row by row with both outputs.
awk 'BEGIN { print "customer_id,household_id,segment";
             for (i = 1; i <= 30000; i++) printf "C%06d,H%05d,seg%d\n", i, int((i + 1) / 2), i % 4 }' > customers.csv
run assign -e "$DATA/assign/universal-a.ini" -o a.csv --summary sa.csv customers.csv
expect_rc 0
run assign -e "$DATA/assign/universal-b.ini" -o b.csv --summary sb.csv customers.csv
expect_rc 0
ARMS=champion,new-offer,holdout UNIVERSAL=program-2026,0.05 /usr/bin/python3 "$DATA/assign/recompute.py" \
    wave-a household_id - 45,45,10 customers.csv a.csv > check || { cat check; fail "python disagrees (hash)"; }
ARMS=champion,model-v2 UNIVERSAL=program-2026,0.05 /usr/bin/python3 "$DATA/assign/recompute.py" \
    wave-b household_id segment 50,50 customers.csv b.csv > check || { cat check; fail "python disagrees (stratified)"; }
awk -F, '$4 == "universal-holdout" { print $2 }' a.csv | sort -u > ua
awk -F, '$4 == "universal-holdout" { print $2 }' b.csv | sort -u > ub
cmp -s ua ub || fail "the two experiments hold out different households"
n=$(wc -l < ua)
[ "$n" -gt 0 ] || fail "no household in the universal holdout"
# 15000 households, share 0.05: |n - 750| within 4 binomial standard deviations
awk -v n="$n" 'BEGIN { sd = sqrt(15000 * 0.05 * 0.95); d = n - 750; exit !(d < 4 * sd && d > -4 * sd) }' \
    || fail "universal holdout of $n households is outside 750 +- 4 sd"
grep -q "^all,,universal-holdout,universal,.*,$n,750," sa.csv || { cat sa.csv; fail "summary row of the holdout"; }
# the role column says universal; no other arm does
[ "$(awk -F, '$5 == "universal"' a.csv | wc -l)" -eq "$(awk -F, '$4 == "universal-holdout"' a.csv | wc -l)" ] \
    || fail "role column of the holdout"
