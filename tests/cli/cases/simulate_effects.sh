# --effect and --base-rate reach truth.csv: the true lifts and nominal rates.
# expected/simulate_effects/truth.csv: made by this binary, checked by hand:
# champion 0.05 x 1.1 = 0.055, challenger 0.05 x 1.6 = 0.08 (1.6 / 1.1 - 1 =
# 0.4545 against the champion), control 0.05 (1 / 1.1 - 1 = -0.0909); the
# other columns are the seeded run's counts (target_rate = 17 / 207 etc.),
# pinned so that any change to the simulation shows.
EXP="$ROOT/experiments/bench.ini"
run simulate -e "$EXP" -n 500 --effect challenger=0.6 --effect champion=0.1 --base-rate 0.05 -q
expect_rc 0
expect_file truth.csv truth.csv
