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
# expected/roi_seed_reproducible/: made by this binary; the point estimates
# are those of tests/data/lift/expected-roi.csv (roi_matches_reference.sh),
# the intervals the default seed's.
roi --resamples 0
expect_file out no-interval.csv
roi -f json
expect_file out roi.json
roi -f md
expect_file out roi.md
roi
expect_file out roi.csv
