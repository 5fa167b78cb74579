# 'lift --pool' combines waves' lift tables (numbers: tests/ref/pool_ref.py,
# statsmodels combine_effects); a bad value is a located error with no output.
P="$DATA/pool"
run lift --pool "$P/wave1.csv" "$P/wave2.csv" "$P/wave3.csv"
expect_rc 0
# expected/lift_pool/pooled.csv: made by this binary and checked against
# pool_ref.py: rates lift 0.15916955079731704, lo 0.10288204091164273, hi
# 0.2183297919920541, p 6.033858834173431e-09, Q 3.7201435616172276 (2 df,
# p 0.15566145646175128), I2 0.46238633889425595; means pooled over the two
# waves that have them (lift lo 0.016942324434867373), I2 truncated at 0; a
# comparison with a lift in one wave only (0.5) has no heterogeneity.
expect_file out pooled.csv
# --random: DerSimonian-Laird beside the fixed effect (tests/ref/pool_random_cli_ref.py,
# statsmodels combine_effects(method_re="dl")): rates lift_re 0.16559224224106536,
# lo 0.08747626570720492, hi 0.2493194729992838, tau2 0.0017361296369803457;
# one wave or homogeneous waves: tau2 0 and the fixed effect again
run lift --pool --random "$P/wave1.csv" "$P/wave2.csv" "$P/wave3.csv"
expect_rc 0
expect_file out pooled-random.csv
awk -F, 'NR == 2 { d = ($16 - 0.16559224224106536) ^ 2 + ($17 - 0.08747626570720492) ^ 2 \
    + ($18 - 0.2493194729992838) ^ 2 + ($19 - 0.0017361296369803457) ^ 2; exit d > 1e-16 }' out ||
    fail "random effects differ from statsmodels"
run lift --random -e "$ROOT/experiments/heloc-spring-2026.ini" --summary x.csv
expect_rc 1
expect_err "--random goes with --pool"
# an always-valid interval is not a standard error: refused
sed 's/,z,/,sequential,/' "$P/wave1.csv" > seq.csv
run lift --pool seq.csv
expect_rc 2
expect_err "an always-valid (sequential) interval cannot be pooled"
run lift --pool "$P/wave1.csv" "$P/wave3-bad.csv" -o pooled.csv
expect_rc 2
expect_file err wave3-bad.err
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
# the whole table, as this binary made it from the three seeded waves
expect_file pooled.csv simulated-waves.csv
