# --curve writes about 50 rows from n/10 to 3n, the plan among them; with
# --n the curve varies the treated rate at the given size.  Every row's
# power is R's (expected/power_curve/*.csv made by this binary, then every
# row checked within 4e-10 of R, the powers being printed to 10 digits):
# Rscript -e 'd <- read.csv("curve.csv"); print(max(abs(d$power -
#   sapply(d$n_baseline, function(n) power.prop.test(n=n, p1=0.05, p2=0.06)$power))))
#   r <- read.csv("rate.csv"); print(max(abs(r$power - sapply(r$treated,
#   function(t) if (t == 0.05) 0.025 else power.prop.test(n=5000, p1=0.05, p2=t)$power))))'
# -> 4.853962e-11, 3.259759e-10
run power --baseline 0.05 --lift 0.2 --curve curve.csv
expect_rc 0
expect_file out plan.csv     # as in power_lift.sh: R's 8158
expect_file curve.csv curve.csv
grep -q "^0.05,0.06,8158,8158,16316,0.80" curve.csv || fail "plan missing from curve"

run power --baseline 0.05 --n 5000 --curve rate.csv
expect_rc 0
expect_file rate.csv rate.csv
grep -q "^0.05,0.062931660[0-9]*,5000,5000,10000,0.8" rate.csv || fail "plan missing"
