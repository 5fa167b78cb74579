# --effect and --base-rate reach truth.csv: the true lifts and nominal rates.
EXP="$ROOT/experiments/bench.ini"
run simulate -e "$EXP" -n 500 --effect challenger=0.6 --effect champion=0.1 --base-rate 0.05 -q
expect_rc 0
# arm,role,weight,true_lift_vs_control,true_lift_vs_champion,nominal_target_rate
grep -q '^champion,champion,45,0.1,0,0.055,' truth.csv || { cat truth.csv; fail "champion row"; }
grep -q '^challenger,challenger,45,0.6,0.454545455,0.08,' truth.csv || { cat truth.csv; fail "challenger row"; }
grep -q '^control,control,10,0,-0.0909090909,0.05,' truth.csv || { cat truth.csv; fail "control row"; }
