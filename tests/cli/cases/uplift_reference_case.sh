# The 40-unit case of tests/ref/uplift_ref.py end to end: champ vs hold,
# challenger units left out; numbers as in tests/unit/test_uplift.c.
U="$DATA/uplift"
run uplift -e "$U/exp.ini" --assignments "$U/assignments.csv" --openings "$U/openings.csv" \
    --score score_v1 --score score_v2 --deciles dec.csv --curve curve.csv --compare cmp.csv
expect_rc 0
expect_out "score,n_treated,n_control,qini_coefficient,auuc,uplift_top10,uplift_top30,n_unscored,srm_p"
# 25/3/15 units against weights 45/45/10 fail the sample-ratio check:
#   /usr/bin/python3 -c "from scipy.stats import chisquare; n = 43;
#       print(chisquare([25, 3, 15], [n * .45, n * .45, n * .1]).pvalue)"  # 7.247316712201186e-10
expect_out "score_v1,25,15,0.1816821571,0.1704005067,0.6666666667,0.3333333333,0,7.247316712e-10"
expect_err "liftkit uplift: WARNING: sample ratio mismatch (p = 7.25e-10 < 0.001)"
# score_v2 is the perfect Qini ordering: coefficient 1
expect_out "score_v2,25,15,1,"
grep -qF "score_v1,1,4,1,3,1,0.3333333333,0.6666666667,0.133232036,1.200101297" dec.csv || fail "decile 1"
grep -qF "score_v1,2,4,4,0,0.75,,,," dec.csv || fail "decile without control units"
[ "$(grep -c '^score_v1,' dec.csv)" -eq 10 ] || fail "ten deciles"
sed -n 2p curve.csv | grep -qx "score_v1,0,0,0,0" || fail "curve starts at 0,0"
# uplift_ref.py qini_curve/uplift_curve at N=40: -1.333333333333334, -2.1333333333333315
grep -qx "score_v1,40,1,-1.333333333,-2.133333333" curve.csv || fail "curve ends at (N, Q(N))"
grep -q "^score_v2,score_v1,0.8183178429,.*,200,1,score_v2$" cmp.csv || fail "comparison row"
expect_err "score_v2 ranks uplift better than score_v1"
# the same seed gives the same interval
cp cmp.csv cmp1.csv
run uplift -e "$U/exp.ini" --assignments "$U/assignments.csv" --openings "$U/openings.csv" \
    --score score_v1 --score score_v2 --compare cmp.csv
expect_same cmp.csv cmp1.csv
expect_err "liftkit uplift: champ (25 units) against hold (15 units) on response_target"
