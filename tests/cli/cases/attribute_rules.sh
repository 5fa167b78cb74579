# Attribution of the hand-checked example under every rule (expected files
# verified by hand: window edges, mail lag, same-date ties, direct before
# halo, offers after the opening), the mix table and the summary.
A="$DATA/attribute"
run attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" --mix mix.csv
expect_rc 0
expect_same out "$A/expected-last.csv"
expect_same mix.csv "$A/mix-last.csv"
# the summary on stderr (expected/attribute_rules/stderr, made by this
# binary) counts expected-last.csv: 4 direct, 2 halo, 4 none
expect_file err stderr
for r in first linear decay; do
    run attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" \
        --rule "$r" -o "out-$r.csv" --mix "mix-$r.csv"
    expect_rc 0
    expect_same "out-$r.csv" "$A/expected-$r.csv"
done
expect_same mix-linear.csv "$A/mix-linear.csv"
# decay's half-life comes from the file (14); --rule decay=14 says the same
run attribute -e "$A/exp.ini" --offers "$A/offers.csv" --openings "$A/openings.csv" \
    --rule decay=14 -q
expect_rc 0
expect_same out "$A/expected-decay.csv"
[ ! -s err ] || fail "-q printed a summary"
# one part and stdin give the same rows
run attribute -e "$A/exp.ini" --offers - --openings "$A/openings.csv" --threads 1 <"$A/offers.csv"
expect_rc 0
expect_same out "$A/expected-last.csv"
