# The ROI table agrees with an independent pandas/numpy computation: the
# point estimates (contacts per unit and incremental responses per 1000
# contacts included) to 1e-6, the bootstrap interval (200,000 resamples, a
# different generator) within 3% of the interval's width.  Expected file by
#   cd tests/data/lift && /usr/bin/python3 roi_reference.py 200000 > expected-roi.csv
D="$DATA/lift"
run roi -e "$D/exp.ini" --assignments "$D/assignments.csv" --offers "$D/offers.csv" \
    --openings "$D/openings.csv" --resamples 200000
expect_rc 0
cut -d, -f1-7,10-12 "$D/expected-roi.csv" > want.csv
cut -d, -f1-7,10,12,13 out > got.csv
awk -F, -f "$D/numcmp.awk" want.csv got.csv || fail "point estimates differ"
paste -d, "$D/expected-roi.csv" out | awk -F, 'NR > 1 {
    w = $9 - $8
    if ((($20 - $8) ^ 2) ^ 0.5 > 0.03 * w || (($21 - $9) ^ 2) ^ 0.5 > 0.03 * w) {
        print "interval of " $1 ": got " $20 " to " $21 ", reference " $8 " to " $9; bad = 1 }
} END { exit bad }' || fail "bootstrap interval differs"
