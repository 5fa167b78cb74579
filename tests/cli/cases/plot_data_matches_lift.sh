# The rate and forest charts' data files hold the lift table's own numbers.
run plot rate "$DATA/plot/lift.csv" -o c
expect_rc 0
run plot forest "$DATA/plot/lift.csv" -o c
expect_rc 0
lift="$DATA/plot/lift.csv"
# rate.csv: pos,arm,role,n,value,value_lo,value_hi; one row per arm of response_target
awk -F, 'NR > 1 && $1 == "response_target" && !seen[$2]++ { print $2","$4","$5","$6","$7 }' \
    "$lift" | sort >want-rate
awk -F, 'NR > 1 { print $2","$4","$5","$6","$7 }' c/rate.csv | sort >got-rate
expect_same got-rate want-rate
[ "$(wc -l <got-rate)" -eq 4 ] || fail "rate.csv should have one row per arm (4)"
# forest.csv: pos,label,metric,arm,vs,lift,lift_lo,lift_hi,p_adjusted; rows with a 'vs'
awk -F, 'NR > 1 && $1 == "response_target" && $8 != "" { print $2" vs "$8","$12","$13","$14","$16 }' \
    "$lift" >want-forest
awk -F, 'NR > 1 { print $2","$6","$7","$8","$9 }' c/forest.csv >got-forest
expect_same got-forest want-forest
