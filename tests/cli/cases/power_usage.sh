# Usage errors exit 1 with a clear message and write nothing; --help is its
# whole page.  A relative --lift above 5 (+500%) is refused as a likely
# percent, with the fraction it probably meant.
run_note power --baseline 1.2 --lift 0.1
run_note power --baseline 0 --n 100
run_note power --lift 0.1
run_note power --baseline 0.05
run_note power --baseline 0.05 --lift 0.1 --n 100
run_note power --baseline 0.6 --lift 1
run_note power --baseline 0.05 --lift 0
run_note power --baseline 0.05 --n 0
run_note power --baseline 0.05 --n 1.5
run_note power --baseline 0.05 --lift 0.1 --alpha 1.5
run_note power --baseline 0.05 --lift 0.1 --power 0
run_note power --baseline 0.05 --lift 0.1 --ratio 0
run_note power --baseline 0.05 --lift ten
run_note power --baseline 0.05 --n 100 --absolute
run_note power --baseline 0.05 --lift 0.1 --format json --curve curve.csv
run_note power --baseline 0.5 --n 3 --power 0.9999
run_note power --baseline 0.05 --lift 0.1 --frobnicate
run_note power --baseline 0.05 --lift 10
run_note power --baseline 0.01 --lift 5.5 --curve curve.csv
run_note power --baseline 0.05 --lift 0.1 --curve no-such-folder/curve.csv
expect_file transcript transcript
expect_absent curve.csv
# the largest relative lift taken as meant, and any absolute one
run power --baseline 0.01 --lift 5
expect_rc 0
run power --baseline 0.01 --lift 0.5 --absolute
expect_rc 0
run power --help
expect_rc 0
expect_same out "$ROOT/tests/cli/expected/help_pages/power-help.txt"
