# roi --summary: the ROI table from an arm's units grouped by unit value.
# The summary of the hand-made data recomputed independently with pandas
# (tests/data/lift/roi-summary.csv, by
#   cd tests/data/lift && /usr/bin/python3 roi_summary_reference.py > roi-summary.csv)
# gives the raw path's table byte for byte in every format, and so do the
# same sums cut into partial summaries (one row split between two files);
# bad summaries are located errors.
D="$DATA/lift"
S="$D/roi-summary.csv"
for f in csv json md; do
    run roi -e "$D/exp.ini" --assignments "$D/assignments.csv" --offers "$D/offers.csv" \
        --openings "$D/openings.csv" -f $f -o raw.$f
    expect_rc 0
    run roi -e "$D/exp.ini" --summary "$S" -f $f -o sum.$f
    expect_rc 0
    expect_same sum.$f raw.$f
done
expect_err "34 offers (cost 9.50) went to customers of the no-contact control 'holdout'"
# partial summaries: champion's zero-value units in two parts, the arms apart
awk -F, -v OFS=, 'NR == 1 { print > "p1.csv"; print > "p2.csv"; print > "p3.csv"; next }
    $1 == "champion" && $2 == 0 { print $1, $2, 20, 0, 30, 10, $7 > "p1.csv"
                                  print $1, $2, 12, 0, 24, 4.94, $7 > "p2.csv"; next }
    $1 == "new-offer" { print > "p2.csv"; next }
    { print > "p3.csv" }' "$S"
run roi -e "$D/exp.ini" --summary p1.csv p2.csv p3.csv -o parts.csv
expect_rc 0
expect_same parts.csv raw.csv
# the summary without its unit column: a warning for a household experiment
cut -d, -f1-6 "$S" > nounit.csv
run roi -e "$D/exp.ini" --summary nounit.csv -o nounit-roi.csv
expect_rc 0
expect_same nounit-roi.csv raw.csv
note "no unit column"
bad() { # bad NAME LINE: the summary with its line 3 replaced by LINE
    awk -v l="$2" 'NR == 3 { print l; next } { print }' "$S" > "$1.csv"
    run_note roi -e "$D/exp.ini" --summary "$1.csv" -o x.csv
}
bad arm 'nobody,0,1,0,0,0,household_id'
bad twice 'champion,0,1,0,0,0,household_id'
bad responders 'champion,120,3,4,3,1.95,household_id'
bad units 'champion,120,0,0,3,1.95,household_id'
bad half 'champion,120,2.5,0,3,1.95,household_id'
bad cost 'champion,120,3,3,3,-1,household_id'
bad unit 'champion,120,3,3,3,1.95,customer_id'
printf 'arm,value,units\nchampion,0,1\n' > short.csv
run_note roi -e "$D/exp.ini" --summary short.csv
head -n 1 "$S" > empty.csv
run_note roi -e "$D/exp.ini" --summary empty.csv
run_note roi -e "$D/exp.ini" --summary "$S" --offers "$D/offers.csv"
run_note roi -e "$D/exp.ini" "$S"
expect_file transcript transcript
