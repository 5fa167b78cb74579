# --compare-method on the 40-unit case of tests/cli/cases/uplift_reference_case.sh
# (score_v2 the perfect ordering against score_v1).
# - delta: tests/ref/uplift_delta_ref.py ("forty delta") gives the Qini
#   difference 0.8183178428714143, se 0.1472545430931717, 95% interval
#   0.5297042418488964 to 1.1069314438939322, and the AUUC difference
#   0.5480562190676894, se 0.17941943127947044, 0.19640059563326812 to
#   0.8997118425021107; resamples 0; stderr names the method.
# - auto: 40 units x 200 resamples is far below 2e8, so the bootstrap,
#   byte for byte what --compare-method bootstrap and the default give
#   (expected/uplift_reference_case/compare.csv).
U="$DATA/uplift"
A="--assignments $U/assignments.csv --openings $U/openings.csv --score score_v1 --score score_v2"
run uplift -e "$U/exp.ini" $A --compare cmp.csv --compare-method delta
expect_rc 0
# expected/uplift_compare_method/compare-delta.csv: made by this binary, the
# reference numbers above to 10 digits
expect_file cmp.csv compare-delta.csv
expect_err "Qini coefficient difference +0.8183 (95% CI +0.5297 to +1.1069, delta method)"
for m in auto bootstrap; do
    run uplift -e "$U/exp.ini" $A --compare cmp.csv --compare-method $m
    expect_rc 0
    expect_same cmp.csv "$ROOT/tests/cli/expected/uplift_reference_case/compare.csv"
done
