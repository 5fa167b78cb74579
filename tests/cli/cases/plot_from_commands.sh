# plot reads what the other commands write: lift (and --accrual), attribute
# --mix, power --curve and uplift --curve, on a small simulated campaign.
EXP="$ROOT/experiments/heloc-spring-2026.ini"
"$LIFTKIT" simulate -e "$EXP" -n 4000 --seed 5 --out-dir d >/dev/null 2>&1 || fail "simulate failed"
"$LIFTKIT" assign -e "$EXP" -o d/a.csv d/customers.csv 2>/dev/null || fail "assign failed"
"$LIFTKIT" lift -e "$EXP" --assignments d/a.csv --openings d/openings.csv -o lift.csv \
    --accrual accrual.csv 2>/dev/null || fail "lift failed"
"$LIFTKIT" attribute -e "$EXP" --offers d/offers.csv --openings d/openings.csv -o attr.csv \
    --mix mix.csv -q 2>/dev/null || fail "attribute failed"
"$LIFTKIT" power --baseline 0.045 --lift 0.1 --curve power.csv >/dev/null 2>&1 || fail "power failed"
"$LIFTKIT" uplift -e "$EXP" --assignments d/a.csv --openings d/openings.csv --score score_v1 \
    --score score_v2 --curve qini.csv >/dev/null 2>&1 || fail "uplift failed"
for k in rate forest accrual mix power qini; do
    t=$k.csv
    [ "$k" = rate ] || [ "$k" = forest ] && t=lift.csv
    run plot "$k" "$t" -e "$EXP" -o charts
    expect_rc 0
    [ -s "charts/$k.png" ] || fail "no $k chart from the $t that liftkit wrote"
done
# The power curve over sizes is drawn against the experiment's unit (households here), with the 80% line.
grep -qF "Households in the comparison" charts/power.gp || fail "power chart not by size"
