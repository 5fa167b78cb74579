# The delta method draws nothing, so --compare-method delta takes
# --resamples 0 (refused for the bootstrap and for auto, which would
# bootstrap: uplift_usage.sh) and writes what it writes at any --resamples:
# byte for byte expected/uplift_compare_method/compare-delta.csv, whose
# numbers tests/ref/uplift_delta_ref.py ("forty delta") gives.
U="$DATA/uplift"
A="--assignments $U/assignments.csv --openings $U/openings.csv --score score_v1 --score score_v2"
DELTA="$ROOT/tests/cli/expected/uplift_compare_method/compare-delta.csv"
for r in 0 200 1000000; do
    run uplift -e "$U/exp.ini" $A --compare cmp.csv --compare-method delta --resamples $r
    expect_rc 0
    expect_same cmp.csv "$DELTA"
    expect_err "Qini coefficient difference +0.8183 (95% CI +0.5297 to +1.1069, delta method)"
done
# with --by the segments' tables need no comparison; the whole experiment's is the same
run uplift -e "$U/exp.ini" $A --compare cmp.csv --compare-method delta --resamples 0 \
    --by role -o seg.csv
expect_rc 0
expect_same cmp.csv "$DELTA"
# without --compare no comparison is made, so none is reported
run uplift -e "$U/exp.ini" $A --compare-method delta --resamples 0 -o plain.csv
expect_rc 0
grep -q "ranks uplift" err && fail "a comparison reported without --compare"
exit 0
