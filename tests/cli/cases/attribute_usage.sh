# Usage errors exit 1 and name the problem; --help documents every option.
A="$DATA/attribute"
run attribute --help
expect_rc 0
for o in --offers --openings --output --rule --half-life --mix --rejects --threads --quiet "Exit status"; do
    expect_out "$o"
done
run attribute -e "$A/exp.ini" --offers "$A/offers.csv"
expect_rc 1
expect_err "are required"
run attribute -e "$A/exp.ini" --offers - --openings - </dev/null
expect_rc 1
expect_err "cannot both be standard input"
run attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" --rule best
expect_rc 1
expect_err "unknown rule 'best'"
run attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" --rule decay=-3
expect_rc 1
expect_err "half-life must be a positive number"
run attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" --threads 3
expect_rc 1
expect_err "--threads must be 1 or 2"
run attribute -e "$A/exp.ini" --offers missing.csv --openings "$A/openings.csv" -o out.csv
expect_rc 3
expect_err "missing.csv"
expect_absent out.csv
