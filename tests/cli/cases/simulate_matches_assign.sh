# Every customer's arm in latent.csv is the arm 'liftkit assign' gives on
# customers.csv (households, stratified by segment; and households, hash);
# offers go to treated customers only; account ids are unique.
for EXP in "$ROOT/experiments/heloc-spring-2026.ini" "$DATA/simulate/household-hash.ini"; do
    rm -rf d
    run simulate -e "$EXP" -n 3000 --seed 3 --out-dir d --latent -q
    expect_rc 0
    run assign -e "$EXP" -q -o d/assignments.csv d/customers.csv
    expect_rc 0
    # customer_id,arm from both files (assignments: column 4; latent: column 3)
    cut -d, -f1,4 d/assignments.csv | sort >assigned
    cut -d, -f1,3 d/latent.csv | sort >simulated
    expect_same simulated assigned
    # control customers (role column 5) have no offers
    awk -F, 'NR > 1 && $5 == "control" { print $1 }' d/assignments.csv | sort >control
    [ -s control ] || fail "no control customers"
    cut -d, -f1 d/offers.csv | sed 1d | sort -u >offered
    [ -z "$(comm -12 control offered)" ] || fail "a control customer got an offer"
    [ -s offered ] || fail "no offers"
    [ -z "$(cut -d, -f2 d/openings.csv | sort | uniq -d)" ] || fail "duplicate account_id"
done
