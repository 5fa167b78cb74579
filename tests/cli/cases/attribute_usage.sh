# Usage errors exit 1 and name the problem; --help is its whole page.
A="$DATA/attribute"
run attribute --help
expect_rc 0
expect_same out "$ROOT/tests/cli/expected/help_pages/attribute-help.txt"
run_note attribute -e "$A/exp.ini" --offers "$A/offers.csv"
run_note attribute -e "$A/exp.ini" --offers - --openings -
run_note attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" --rule best
run_note attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" --rule decay=-3
run_note attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" --threads 3
run_note attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" --threads 0
run_note attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" --half-life 0
run_note attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" --half-life x
run_note attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" \
    --mix no-such-folder/mix.csv
run_note attribute -e "$A/exp.ini" --offers missing.csv --openings "$A/openings.csv" -o out.csv
expect_file transcript transcript
expect_absent out.csv
