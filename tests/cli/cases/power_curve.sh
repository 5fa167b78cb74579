# --curve writes about 50 rows from n/10 to 3n, the plan among them, with
# the power R reports at each size:
# Rscript -e 'for (n in c(816, 24474)) cat(sprintf("%.10f\n",
#   power.prop.test(n=n, p1=0.05, p2=0.06)$power))'
# -> 0.1413611085 0.9980917839
run power --baseline 0.05 --lift 0.2 --curve curve.csv
expect_rc 0
expect_out ",8158,8158,16316"
head -n 1 curve.csv | grep -qx "baseline,treated,n_baseline,n_treated,n_total,power" ||
    fail "curve header"
rows=$(($(wc -l <curve.csv) - 1))
[ "$rows" -ge 45 ] && [ "$rows" -le 55 ] || fail "curve has $rows rows"
grep -qx "0.05,0.06,816,816,1632,0.1413611085" curve.csv || fail "first curve row"
grep -qx "0.05,0.06,24474,24474,48948,0.9980917839" curve.csv || fail "last curve row"
grep -q "^0.05,0.06,8158,8158,16316,0.80" curve.csv || fail "plan missing from curve"
# power never falls as the size grows
awk -F, 'NR > 2 && $6 < prev { exit 1 } NR > 1 { prev = $6 }' curve.csv || fail "power not rising"

# with --n the curve varies the treated rate at the given size
run power --baseline 0.05 --n 5000 --curve rate.csv
expect_rc 0
awk -F, 'NR > 1 && ($3 != 5000 || $4 != 5000) { exit 1 }' rate.csv || fail "sizes vary"
grep -q "^0.05,0.05,5000,5000,10000,0.025" rate.csv || fail "curve starts at the baseline"
grep -q "^0.05,0.062931660[0-9]*,5000,5000,10000,0.8" rate.csv || fail "plan missing"
awk -F, 'NR > 2 && $6 < prev { exit 1 } NR > 1 { prev = $6 }' rate.csv || fail "power not rising"
