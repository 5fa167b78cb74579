# lift --by: every segment's rows equal plain 'lift' on that segment's units
# alone (the assignments filtered by the unit's first customer's segment),
# but for p_fdr, the last column, which only the segments together give;
# (all) equals plain lift; the summary with segment columns gives the same
# segment rows; the small-segment rule empties comparisons; a household
# whose customers disagree takes its first customer's segment.
# one window for every household (hand-made assignments have no eligible_date)
grep -v '^window_from' "$ROOT/experiments/heloc-spring-2026.ini" > fixed.ini
EXP=fixed.ini
run simulate -e "$EXP" -n 20000 --seed 5 --out-dir d -q
expect_rc 0
run assign -e "$EXP" -q -o d/assignments.csv d/customers.csv
expect_rc 0
# the same experiment with every segment compared (no small-segment rule), no
# cap (a cap is a percentile of the whole experiment's values, so plain lift
# on a segment's units alone would cap at another value) and no CUPED rows
# (segment tables have none)
sed -e 's/^\[experiment\]$/[experiment]\nmin_segment_units = 0/' \
    -e 's/^cap = p99.9$/cap = none/' -e '/^\[cuped\]/,/^$/d' "$EXP" > all.ini
grep -q '^min_segment_units = 0$' all.ini || fail "all.ini"
grep -q '^cap = none$' all.ini || fail "all.ini cap"
! grep -q '^\[cuped\]' all.ini || fail "all.ini cuped"
run lift -e all.ini --assignments d/assignments.csv --openings d/openings.csv --by segment \
    -o seg.csv --heterogeneity het.csv --write-summary sums.csv
expect_rc 0
expect_err "5 segments"
segcol=$(head -1 d/assignments.csv | tr , '\n' | grep -nx segment | cut -d: -f1)
for s in affluent mass senior small-business young; do
    # a unit's segment is its first customer's: keep all customers of those units
    awk -F, -v c="$segcol" -v s="$s" 'NR == 1 { print; next }
        !($2 in seg) { seg[$2] = $c } seg[$2] == s' d/assignments.csv > "a-$s.csv"
    run lift -e all.ini --assignments "a-$s.csv" --openings d/openings.csv -q -o "plain-$s.csv"
    expect_rc 0
    tail -n +2 "plain-$s.csv" | sed "s/^/$s,/; s/,\$//" > "want-$s.csv"
    grep "^$s," seg.csv | sed 's/,[^,]*$//' > "got-$s.csv"
    [ -s "want-$s.csv" ] || fail "no rows for $s"
    expect_same "got-$s.csv" "want-$s.csv"
done
run lift -e all.ini --assignments d/assignments.csv --openings d/openings.csv -q -o plain.csv
tail -n +2 plain.csv | sed 's/^/(all),/' > want-all.csv
grep '^(all),' seg.csv > got-all.csv
expect_same got-all.csv want-all.csv
# the header: segment first, then the lift table's columns
[ "$(head -1 seg.csv)" = "segment,$(head -1 plain.csv)" ] || fail "header"
# p_fdr on every compared segment row, none on (all)
awk -F, 'NR > 1 && $1 != "(all)" && $9 != "" && $29 == "" { exit 1 }
         NR > 1 && $1 == "(all)" && $29 != "" { exit 1 }' seg.csv || fail "p_fdr cells"
# heterogeneity: a row per comparison (5 metrics x 5 comparisons), over the
# segments with a lift interval (a segment with no responders has none, nor
# has a balance whose baseline mean cannot be told from 0: Fieller's set)
[ "$(head -1 het.csv)" = "metric,arm,vs,segments,q,q_df,q_p,i2" ] || fail "het header"
[ "$(tail -n +2 het.csv | wc -l)" -eq 25 ] || fail "het rows"
[ "$(awk -F, 'NR > 1 && $1 == "response_target" && $4 >= 4' het.csv | wc -l)" -eq 5 ] ||
    fail "het segments of response_target"
awk -F, 'NR > 1 && ($4 > 5 || ($4 >= 2 && ($6 != $4 - 1 || $5 == "")) ||
                      ($4 < 2 && $5 != "")) { exit 1 }' het.csv ||
    fail "het segments"
# the summary with the segment column: the same segment rows
run lift -e all.ini --summary sums.csv --by segment -o seg2.csv
expect_rc 0
grep -v '^(all),' seg.csv > a.csv
grep -v '^(all),' seg2.csv > b.csv
expect_same b.csv a.csv
awk -F, -v rel=p_value,p_adjusted,srm_p -f "$DATA/lift/numcmp.awk" seg.csv seg2.csv ||
    fail "(all) of the summary path"
[ "$(head -1 sums.csv)" = "arm,metric,n,sum,sumsq,unit,segment" ] || fail "summary header"
# the default min_segment_units (100): small-business has fewer holdout units
# than that in this draw, so its comparisons with the holdout keep counts
# and rates only (with the note), while its other comparisons stay
run lift -e "$EXP" --assignments d/assignments.csv --openings d/openings.csv --by segment -q
expect_rc 0
awk -F, -v c="$segcol" 'NR > 1 && $c == "small-business" && $4 == "holdout"' \
    d/assignments.csv | cut -d, -f2 | sort -u | wc -l > nhold
[ "$(cat nhold)" -lt 100 ] || fail "small-business has $(cat nhold) holdout units"
awk -F, '$1 == "small-business" && $9 == "holdout"' out > small.csv
[ "$(wc -l < small.csv)" -eq 15 ] || fail "small-business rows vs holdout"
awk -F, '$13 != "" || $16 != "" || $18 != "" || $24 == "" { exit 1 }' small.csv ||
    fail "small rule"
awk -F, '$1 == "small-business" && $9 == "champion" && $16 == "" { exit 1 }' out ||
    fail "small-business vs champion kept"
# households whose customers disagree: the first customer's segment, noted
printf 'customer_id,unit_id,experiment,arm,role,bucket,stratum,segment\n%s\n%s\n%s\n%s\n' \
    'C1,H1,heloc-spring-2026,champion,champion,1,s,north' \
    'C2,H1,heloc-spring-2026,champion,champion,1,s,south' \
    'C3,H2,heloc-spring-2026,holdout,control,2,s,south' \
    'C4,H3,heloc-spring-2026,new-offer,challenger,3,s,north' > hh.csv
run lift -e "$EXP" --assignments hh.csv --openings d/openings.csv --by segment,stratum --no-cuped
expect_rc 0
expect_err "2 segments; note: 1 customers have another segment than the first customer of their unit"
[ "$(grep -c '^north/s,response_target,' out)" -eq 6 ] || fail "north/s rows"
grep -q '^north/s,response_target,champion,champion,1,' out || fail "H1 is north"
# usage and data errors
run_note lift -e "$EXP" --assignments hh.csv --openings d/openings.csv --by region --no-cuped
run_note lift -e "$EXP" --assignments hh.csv --openings d/openings.csv --heterogeneity h.csv
run_note lift -e "$EXP" --summary sums.csv --by region
run_note lift --pool --by segment seg.csv
expect_file transcript errors.txt
