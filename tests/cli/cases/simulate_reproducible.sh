# The same arguments give byte-identical files; another seed gives others.
EXP="$ROOT/experiments/heloc-spring-2026.ini"
run simulate -e "$EXP" -n 2000 --seed 5 --out-dir a
expect_rc 0
# stderr: expected/simulate_reproducible/stderr, made by this binary; its
# counts checked against the files (2000 customers, the rows of each file)
expect_file err stderr
run simulate -e "$EXP" -n 2000 --seed 5 --out-dir b -q
expect_rc 0
run simulate -e "$EXP" -n 2000 --seed 6 --out-dir c -q
expect_rc 0
for f in customers.csv offers.csv openings.csv truth.csv; do
    expect_same "b/$f" "a/$f"
    cmp -s "a/$f" "c/$f" && fail "$f is the same for seeds 5 and 6"
done
[ "$(head -n 1 a/customers.csv)" = "customer_id,household_id,segment,tenure_months,pre_balance,score_v1,score_v2,pre_products,eligible_date" ] || fail "customers.csv header"
[ "$(head -n 1 a/offers.csv)" = "customer_id,offer_id,product,channel,offer_date,cost" ] || fail "offers.csv header"
[ "$(head -n 1 a/openings.csv)" = "customer_id,account_id,product,open_date,balance" ] || fail "openings.csv header"
[ "$(wc -l <a/customers.csv)" -eq 2001 ] || fail "customers.csv rows"
# The default output directory is the current one.
run simulate -e "$EXP" -n 50 -q
expect_rc 0
for f in customers.csv offers.csv openings.csv truth.csv; do
    [ -s "$f" ] || fail "$f not written to ."
done
