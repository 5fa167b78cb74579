# The 40-unit case of tests/ref/uplift_ref.py end to end: champ vs hold,
# challenger units left out; numbers as in tests/unit/test_uplift.c.
# expected/uplift_reference_case/: made by this binary and checked against
# these reference numbers, which each file holds:
# - out: score_v1 qini 0.1816821571, auuc 0.1704005067, top10 0.6666666667,
#   top30 0.3333333333 (uplift_ref.py); score_v2 the perfect ordering, qini 1;
#   srm_p of 25/3/15 units against weights 45/45/10:
#   /usr/bin/python3 -c "from scipy.stats import chisquare; n = 43;
#       print(chisquare([25, 3, 15], [n * .45, n * .45, n * .1]).pvalue)"  # 7.247316712201186e-10
# - dec.csv: decile 1 of score_v1 uplift 0.6666666667 (0.133232036 to
#   1.200101297, as test_uplift.c), decile 2 without control units empty;
# - curve.csv: score_v1's eleven points are uplift_ref.py's qini_curve and
#   uplift_curve of its "forty" case, from (0, 0, 0) to (40, -1.333333333333334,
#   -2.1333333333333315) (all eleven compared to 9 digits);
# - cmp.csv: qini difference 0.8183178429 = 1 - 0.1816821571, 200 resamples, seed 1.
U="$DATA/uplift"
run uplift -e "$U/exp.ini" --assignments "$U/assignments.csv" --openings "$U/openings.csv" \
    --score score_v1 --score score_v2 --deciles dec.csv --curve curve.csv --compare cmp.csv
expect_rc 0
expect_file out uplift.csv
expect_file err stderr
expect_file dec.csv deciles.csv
expect_file curve.csv curve.csv
expect_file cmp.csv compare.csv
# the same seed gives the same interval
run uplift -e "$U/exp.ini" --assignments "$U/assignments.csv" --openings "$U/openings.csv" \
    --score score_v1 --score score_v2 --compare cmp.csv
expect_file cmp.csv compare.csv
