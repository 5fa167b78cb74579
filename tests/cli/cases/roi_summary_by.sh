# roi --summary --by: ROI summaries with segment columns (as 'liftkit sql roi
# --by' writes them) give the whole experiment's table from all their rows
# and each segment's from its own rows.  On tests/data/lift (one stratum,
# 'all'): the raw path's 'roi --by stratum' byte for byte, in every format;
# with the rows dealt into two segments: the whole table that of the
# summary without segments, each segment's that of its rows alone, also
# from partial summaries; bad summaries are located errors.
# (tests/data/lift/roi-summary.csv: cd tests/data/lift &&
#  /usr/bin/python3 roi_summary_reference.py > roi-summary.csv)
D="$DATA/lift"
S="$D/roi-summary.csv"
awk -F, -v OFS=, '{ print $0, (NR == 1 ? "stratum" : "all") }' "$S" > strata.csv
for f in csv json md; do
    run roi -e "$D/exp.ini" --assignments "$D/assignments.csv" --offers "$D/offers.csv" \
        --openings "$D/openings.csv" --by stratum -f $f -o raw.$f
    expect_rc 0
    run roi -e "$D/exp.ini" --summary strata.csv --by stratum -f $f -o sum.$f
    expect_rc 0
    expect_same sum.$f raw.$f
done
# two segments: rows with a value of 0 or 240 in 'low', the others in 'high'
awk -F, -v OFS=, 'NR == 1 { print $0, "tier"; next }
                  { print $0, ($2 == 0 || $2 == 240 ? "low" : "high") }' "$S" > tiers.csv
run roi -e "$D/exp.ini" --summary "$S" -o whole.csv
expect_rc 0
run roi -e "$D/exp.ini" --summary tiers.csv --by tier -o tiers-roi.csv
expect_rc 0
head -n 1 tiers-roi.csv | grep -q '^segment,arm,n,' || fail "no segment column first"
for seg in '(all)' high low; do
    case $seg in
    '(all)') cp "$S" one.csv ;;
    *) awk -F, -v OFS=, -v s=$seg 'NR == 1 || $8 == s { NF = 7; print }' tiers.csv > one.csv ;;
    esac
    run roi -e "$D/exp.ini" --summary one.csv -o one-roi.csv
    expect_rc 0
    awk -F, -v s="$seg" 'NR == 1 { next } index($0, s ",") == 1 { print substr($0, length(s) + 2) }' \
        tiers-roi.csv > got.csv
    tail -n +2 one-roi.csv > want.csv
    [ -s want.csv ] || fail "no rows for $seg"
    expect_same got.csv want.csv
done
# partial summaries: each tier's rows in a file of its own, with a column
# order of their own; the same table
awk -F, -v OFS=, 'NR == 1 { print $8, $1, $2, $3, $4, $5, $6, $7 > "low.csv"; next }
                  $8 == "low" { print $8, $1, $2, $3, $4, $5, $6, $7 > "low.csv" }' tiers.csv
awk -F, 'NR == 1 || $8 == "high"' tiers.csv > high.csv
run roi -e "$D/exp.ini" --summary high.csv low.csv --by tier -o parts.csv
expect_rc 0
expect_same parts.csv tiers-roi.csv
# one arm and value twice in one segment of a file is an error; in two
# segments it is not (tiers.csv has champion,0 in 'low' only: add it to 'high')
sed '2{p;s/,low$/,high/}' tiers.csv > two.csv
run roi -e "$D/exp.ini" --summary two.csv --by tier -o two-roi.csv
expect_rc 0
sed '2p' tiers.csv > dup.csv
run_note roi -e "$D/exp.ini" --summary dup.csv --by tier -o t.csv
expect_rc 2
run_note roi -e "$D/exp.ini" --summary "$S" --by tier -o t.csv
expect_rc 2
sed '3s/,high$/,/' tiers.csv > empty.csv
run_note roi -e "$D/exp.ini" --summary empty.csv --by tier -o t.csv
expect_rc 2
expect_absent t.csv
expect_file transcript transcript
