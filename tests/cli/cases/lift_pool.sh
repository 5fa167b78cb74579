# 'lift --pool' combines waves' lift tables (numbers: tests/ref/pool_ref.py,
# statsmodels combine_effects); a bad value is a located error with no output.
P="$DATA/pool"
run lift --pool "$P/wave1.csv" "$P/wave2.csv" "$P/wave3.csv"
expect_rc 0
expect_out "metric,arm,vs,waves,files,lift,lift_lo,lift_hi,p_value,log_lift,se,cochran_q,q_df,q_p,i2"
# rates: lift 0.15916955079731704, lo 0.10288204091164273, hi 0.2183297919920541,
# p 6.033858834173431e-09, Q 3.7201435616172276 (2 df, p 0.15566145646175128), I2 0.46238633889425595
expect_out "response_target,chall,champ,3,3,0.1591695508,0.1028820409,0.218329792,6.033858834e-09,"
expect_out ",3.720143562,2,0.1556614565,0.4623863389"
# means pooled over the two waves that have them; I2 truncated at 0
expect_out "balance_target,chall,champ,2,3,0.0653168822,0.01694232443,0.1159925516,"
# a comparison with a lift in one wave only: no heterogeneity
expect_out "response_target,chall,hold,1,3,0.5,"
run lift --pool "$P/wave1.csv" "$P/wave3-bad.csv" -o pooled.csv
expect_rc 2
expect_err "wave3-bad.csv:2:14: invalid number 'oops' in column 'lift_hi'"
expect_absent pooled.csv
run lift --pool
expect_rc 1
expect_err "--pool needs one or more lift tables"
run lift --pool --format json "$P/wave1.csv"
expect_rc 1

# end to end: three simulated waves of the same campaign, lift, then pool
E="$ROOT/experiments/heloc-spring-2026.ini"
for s in 1 2 3; do
    "$LIFTKIT" simulate -q -e "$E" -n 20000 --seed $s --out-dir w$s || fail "simulate"
    "$LIFTKIT" assign -e "$E" -o w$s/a.csv w$s/customers.csv 2>/dev/null || fail "assign"
    "$LIFTKIT" lift -e "$E" --assignments w$s/a.csv --openings w$s/openings.csv \
        -o w$s/lift.csv 2>/dev/null || fail "lift"
done
run lift --pool -e "$E" w1/lift.csv w2/lift.csv w3/lift.csv -o pooled.csv
expect_rc 0
grep -q "^response_target,[^,]*,holdout,3,3," pooled.csv || { cat pooled.csv; fail "pooled vs holdout"; }
