# The bootstrap is reproducible: the same seed gives the same table, another
# seed another interval; --resamples 0 leaves the interval empty; json and md
# carry the same numbers.
D="$DATA/lift"
roi() { run roi -e "$D/exp.ini" --assignments "$D/assignments.csv" --offers "$D/offers.csv" \
    --openings "$D/openings.csv" "$@"; expect_rc 0; }
roi --seed 7 -o a.csv
roi --seed 7 -o b.csv
expect_same b.csv a.csv
roi --seed 8 -o c.csv
cmp -s a.csv c.csv && fail "seeds 7 and 8 gave the same intervals"
roi -o d.csv
roi --seed 20260105 -o e.csv
expect_same e.csv d.csv
roi --resamples 0
grep -qx 'champion,40,66,18.33,2,800,42.6442989634,,,9.165' out || fail "no interval with 0 resamples"
roi -f json
expect_out '"romi": 42.6442989634'
expect_out '"bootstrap": {"resamples": 2000, "seed": 20260105}'
roi -f md
expect_out "| champion | 40 | 66 | 18.33 | 2.0 | 800.00 | 42.64 ("
