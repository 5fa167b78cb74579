# Stratified method: the output equals a Python reimplementation of the deal
# (sort each stratum's units by u, systematic start from the stratum's
# hash), and every stratum's unit counts are within one of the weights,
# tiny strata included.
awk 'BEGIN { print "customer_id,household_id,segment,pre_balance";
             split("1 2 3 5 10 37 500", size, " ");
             c = 0;
             for (s = 1; s <= 7; s++)
                 for (h = 1; h <= size[s]; h++)
                     for (k = 0; k <= h % 3; k++)
                         printf "C%06d,S%dH%04d,seg%d,%d\n", ++c, s, h, s, c }' > customers.csv
run assign -e "$DATA/assign/stratified.ini" -o assignments.csv --summary summary.csv customers.csv
expect_rc 0
# stderr: expected/assign_stratified_matches_python/stderr, made by this
# binary; its counts are those of summary.csv, checked below
expect_file err stderr
ARMS=champion,new-offer,holdout /usr/bin/python3 "$DATA/assign/recompute.py" \
    test-strat household_id segment 45,45,10 customers.csv assignments.csv > check || { cat check; fail "python disagrees"; }
# per stratum and arm, units within one of n_s * w / W (from the summary)
awk -F, 'NR > 1 && $1 == "stratum" { d = $7 - $8; if (d >= 1 || d <= -1) { print; bad++ } }
         END { exit bad > 0 }' summary.csv || fail "a stratum's count is off by one or more"
[ "$(grep -c '^stratum,' summary.csv)" -eq 21 ] || fail "expected 7 strata x 3 arms in the summary"
