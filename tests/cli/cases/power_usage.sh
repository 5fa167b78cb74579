# Usage errors exit 1 with a clear message and write nothing.
run power --baseline 1.2 --lift 0.1
expect_rc 1
expect_err "baseline rate 1.2 is outside (0, 1)"

run power --baseline 0 --n 100
expect_rc 1
expect_err "baseline rate 0 is outside (0, 1)"

run power --lift 0.1
expect_rc 1
expect_err "--baseline is required"

run power --baseline 0.05
expect_rc 1
expect_err "give --lift (effect to detect) or --n"

run power --baseline 0.05 --lift 0.1 --n 100
expect_rc 1
expect_err "give --lift or --n, not both"

run power --baseline 0.6 --lift 1
expect_rc 1
expect_err "treated rate 1.2 (baseline 0.6 with relative lift 1) is outside (0, 1)"

run power --baseline 0.05 --lift 0
expect_rc 1
expect_err "no lift to detect"

run power --baseline 0.05 --n 0
expect_rc 1
expect_err "--n expects a positive whole number, not '0'"

run power --baseline 0.05 --lift 0.1 --alpha 1.5
expect_rc 1
expect_err "alpha 1.5 is outside (0, 1)"

run power --baseline 0.05 --lift 0.1 --power 0
expect_rc 1
expect_err "power 0 is outside (0, 1)"

run power --baseline 0.05 --lift 0.1 --ratio 0
expect_rc 1
expect_err "ratio 0 is not a positive number"

run power --baseline 0.05 --lift ten
expect_rc 1
expect_err "--lift expects a number, not 'ten'"

run power --baseline 0.05 --n 100 --absolute
expect_rc 1
expect_err "--absolute applies only with --lift"

run power --baseline 0.05 --lift 0.1 --format json --curve curve.csv
expect_rc 1
expect_err "--format expects csv or md"
expect_absent curve.csv

run power --baseline 0.5 --n 3 --power 0.9999
expect_rc 1
expect_err "no treated rate below 1 reaches power 0.9999 with 3 baseline customers"

run power --baseline 0.05 --lift 0.1 --frobnicate
expect_rc 1
expect_err "unknown option '--frobnicate'"

run power --help
expect_rc 0
expect_out "usage: liftkit power --baseline P (--lift L | --n N)"
expect_out "--curve FILE"
expect_out "Exit status"
