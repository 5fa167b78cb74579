# On the demo's simulated campaign (scripts/demo.sh: 200k customers in
# households, seed 2026) score_v2 is built to rank the true uplift better
# than score_v1: uplift must say so, with a bootstrap interval of the Qini
# difference above zero.  (Measured: difference +0.113, 95% CI +0.061 to
# +0.158, bootstrap seed 1; about 5 s.)
E="$ROOT/experiments/heloc-spring-2026.ini"
"$LIFTKIT" simulate -q -e "$E" -n 200000 --seed 2026 --out-dir sim || fail "simulate"
"$LIFTKIT" assign -e "$E" -o sim/assignments.csv sim/customers.csv 2>/dev/null || fail "assign"
run uplift -e "$E" --assignments sim/assignments.csv --openings sim/openings.csv \
    --score score_v1 --score score_v2 --compare cmp.csv --curve curve.csv
expect_rc 0
# stderr (expected/uplift_simulated/stderr, made by this binary): score_v2
# ranks better, with the interval measured above, and no sample-ratio warning
expect_file err stderr
awk -F, 'NR == 2 && $1 == "score_v2" && $2 == "score_v1" && $4 > 0 && $11 == "score_v2" \
         { ok = 1 } END { exit !ok }' cmp.csv || { cat cmp.csv; fail "CI of the Qini difference"; }
# every curve starts at (0, 0) and ends at all scored units
[ "$(grep -c '^score_v[12],0,0,0,0$' curve.csv)" -eq 2 ] || fail "curves start at 0,0"
