# The ROI table agrees with an independent pandas/numpy computation: the
# point estimates (contacts per unit and incremental responses per 1000
# contacts included) to 1e-6, the bootstrap interval (200,000 resamples, a
# different generator) within 3% of the interval's width.  Expected file by
#   cd tests/data/lift && /usr/bin/python3 roi_reference.py 200000 > expected-roi.csv
D="$DATA/lift"
run roi -e "$D/exp.ini" --assignments "$D/assignments.csv" --offers "$D/offers.csv" \
    --openings "$D/openings.csv" --resamples 200000
expect_rc 0
. "$ROOT/tests/cli/roi-check.sh"
roi_matches_reference "$D/expected-roi.csv" out
