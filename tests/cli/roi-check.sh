# roi-check.sh - sourced by the ROI cases that compare a table with the
# one roi_reference.py makes.  roi_matches_reference EXPECTED GOT: the point
# estimates agree (numcmp.awk), and each bootstrap bound lies within 3% of
# the reference interval's width.
roi_matches_reference() {
    cut -d, -f1-7,10-12 "$1" > want.csv
    cut -d, -f1-7,10,12,13 "$2" > got.csv
    awk -F, -f "$DATA/lift/numcmp.awk" want.csv got.csv || fail "point estimates differ"
    paste -d, "$1" "$2" | awk -F, 'NR > 1 {
        w = $9 - $8
        if ((($20 - $8) ^ 2) ^ 0.5 > 0.03 * w || (($21 - $9) ^ 2) ^ 0.5 > 0.03 * w) {
            print "interval of " $1 ": got " $20 " to " $21 ", reference " $8 " to " $9; bad = 1 }
    } END { exit bad }' || fail "bootstrap interval differs"
}
