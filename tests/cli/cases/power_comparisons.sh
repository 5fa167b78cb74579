# Power for the verdict that is used (docs/methods.md, "Power for K
# comparisons"): each of K comparisons judged by Holm is sized at alpha / K.
# Expected sizes are R's power.prop.test(p1 = 0.05, p2 = 0.06, power = 0.8,
# sig.level = 0.05 / K) rounded up, K = 1..4: 8158, 9880, 10882, 11591
# (the same as tests/unit/test_power_k.c).
for kn in 1:8158 2:9880 3:10882 4:11591; do
    k=${kn%:*} n=${kn#*:}
    run power --baseline 0.05 --lift 0.2 --comparisons $k
    expect_rc 0
    tail -n 1 out | grep -q ",$n,$n,$((2 * n))\$" || { cat out; fail "K = $k: not $n"; }
done
run power --baseline 0.05 --lift 0.2 --comparisons 0
expect_rc 1
expect_err "--comparisons must be a whole number from 1 to 1000000, not '0'"

# -e: alpha 0.1 and K = 3 challengers from the experiment, sizes in households;
# Rscript -e "power.prop.test(p1 = 0.05, p2 = 0.06, power = 0.8, sig.level = 0.1 / 3)" -> n = 9166.016
run power -e "$DATA/power/household.ini" --baseline 0.05 --lift 0.2
expect_rc 0
expect_out "0.05,0.06,0.03333333333,0.8,1,9167,9167,18334"
expect_err "liftkit power: sizes in households; 3 comparisons, each at alpha 0.1 / 3"
# the command line wins over the experiment
run power -e "$DATA/power/household.ini" --baseline 0.05 --lift 0.2 --comparisons 1 --alpha 0.05 -q
expect_rc 0
expect_out "0.05,0.06,0.05,0.8,1,8158,8158,16316"

# --baseline-from: the champion's response_target value of the last wave (0.05)
run power -e "$DATA/power/household.ini" --baseline-from "$DATA/power/wave1-lift.csv" --lift 0.2
expect_rc 0
expect_out "0.05,0.06,0.03333333333,0.8,1,9167,9167,18334"
expect_err "baseline 0.05 from"
run power --baseline 0.05 --baseline-from "$DATA/power/wave1-lift.csv" --lift 0.2
expect_rc 1
expect_err "give --baseline or --baseline-from, not both"
printf 'metric,arm,role,value\nresponse_any,a,champion,0.1\n' > nolift.csv
run power --baseline-from nolift.csv --lift 0.2
expect_rc 2
expect_err "nolift.csv: no response_target row of the champion"

# messages name the unit
run power -e "$DATA/power/household.ini" --baseline 0.9999 --n 3 --power 0.9999
expect_rc 1
expect_err "baseline households"

# the power chart counts households
run power -e "$DATA/power/household.ini" --baseline 0.05 --lift 0.2 --curve curve.csv -q
expect_rc 0
if command -v gnuplot >/dev/null 2>&1; then
    run plot power curve.csv -e "$DATA/power/household.ini" -o charts
    expect_rc 0
    grep -q "Households in the comparison" charts/power.gp || fail "axis does not say households"
    grep -q "Power of the test by households" charts/power.gp || fail "title does not say households"
fi
