# The shared options behave alike in every command: an unknown option, a
# missing value and a bad number are usage errors (exit 1) worded the same
# way; -o into a folder that does not exist fails (exit 3) before any work;
# --help wins wherever it stands; a long option may be shortened.
for c in simulate power assign attribute lift roi uplift plot report; do
    run_note "$c" --frobnicate
    run_note "$c" -e
done
for c in power assign attribute lift roi uplift; do
    run_note "$c" -o
    run_note "$c" -o no-such-folder/out.csv
    run_note "$c" --output=no-such-folder/out.csv
done
run_note simulate --seed x
run_note roi --seed -1
run_note uplift --seed 1e3
run_note report --seed ten
run_note power --alpha 5%
run_note attribute --threads two
run_note lift -f xml
run_note roi --format=yaml
run_note power -f json
run_note assign -qx
# a required option left out is named alike in every command
for c in simulate assign attribute lift roi uplift report contacts matrix sql; do
    run_note "$c"
done
run_note uplift -e x.ini --assignments a.csv --openings o.csv
expect_file transcript transcript
expect_absent no-such-folder
# --help after anything, even a bad option, prints the page
run roi --frobnicate --help
expect_rc 0
expect_same out "$ROOT/tests/cli/expected/help_pages/roi-help.txt"
run plot -o --help
expect_rc 0
expect_same out "$ROOT/tests/cli/expected/help_pages/plot-help.txt"
# -h/--help, which no table lists, bundled and shortened like the others
run roi -qh
expect_rc 0
expect_same out "$ROOT/tests/cli/expected/help_pages/roi-help.txt"
run roi --he
expect_rc 0
expect_same out "$ROOT/tests/cli/expected/help_pages/roi-help.txt"
# unambiguous prefixes, as getopt_long took them (an exact name wins over a
# longer one it begins: --baseline, not --baseline-from)
run power --base 0.05 --li 0.2
expect_rc 1
expect_err "option '--base' is ambiguous"
run power --baseline 0.05 --li 0.2 --form md
expect_rc 0
expect_out "| 0.05 | 0.06 | 0.05 | 0.8 | 1 | 8158 | 8158 | 16316 |"
run lift --o x.csv
expect_rc 1
expect_err "option '--o' is ambiguous"
