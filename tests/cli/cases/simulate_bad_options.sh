# Bad options are usage errors (exit 1) with a clear message and no files;
# an unreadable or invalid experiment file exits with its error code.
EXP="$ROOT/experiments/bench.ini"
run simulate -e "$EXP" -n 100 --effect nobody=0.2 -q
expect_rc 1
expect_err "unknown arm 'nobody' in --effect"
expect_absent customers.csv
run simulate -e "$EXP" -n 100 --effect control=0.2
expect_rc 1
expect_err "arm 'control' is the control"
run simulate -e "$EXP" -n 100 --effect champion
expect_rc 1
expect_err "--effect needs ARM=REL"
run simulate -e "$EXP" -n 100 --effect champion=lots
expect_rc 1
expect_err "--effect needs a number"
run simulate -e "$EXP" -n 100 --effect champion=-1
expect_rc 1
expect_err "effect of arm 'champion' must be in (-1, 10]"
run simulate -e "$EXP"
expect_rc 1
expect_err "liftkit simulate: missing -n/--customers"
run simulate -n 10
expect_rc 1
expect_err "liftkit simulate: missing -e/--experiment"
run simulate -e "$EXP" -n 0
expect_rc 1
expect_err "--customers expects a number of customers from 1 to 100000000, not '0'"
run simulate -e "$EXP" -n 12x
expect_rc 1
run simulate -e "$EXP" -n 10 --seed -4
expect_rc 1
expect_err "--seed expects a whole number, not '-4'"
run simulate -e "$EXP" -n 10 --base-rate 0.8
expect_rc 1
expect_err "base rate must be in (0, 0.5]"
run simulate -e "$EXP" -n 10 --halo -0.5
expect_rc 1
expect_err "halo must be in [0, 10]"
run simulate -e "$EXP" -n 10 --frobnicate
expect_rc 1
expect_err "unknown option '--frobnicate'"
run simulate -e "$EXP" -n 10 extra
expect_rc 1
expect_err "unexpected argument 'extra'"
run simulate -e "$DATA/simulate/region.ini" -n 10
expect_rc 1
expect_err "can stratify only by 'segment', not 'region'"
run simulate -e "$DATA/simulate/no-such.ini" -n 10
expect_rc 3
expect_err "no-such.ini"
expect_absent customers.csv
: >out-is-a-file
run simulate -e "$EXP" -n 10 --out-dir out-is-a-file
expect_rc 3
expect_err "'out-is-a-file' is not a directory"
run simulate --help
expect_rc 0
expect_same out "$ROOT/tests/cli/expected/help_pages/simulate-help.txt"
# A rejected run creates no output directory either.
run simulate -e "$EXP" -n 10 --effect nobody=0.1 --out-dir never
expect_rc 1
expect_absent never
