# Usage errors exit 1 with a message; --help is its whole page.
U="$DATA/uplift"
A="--assignments $U/assignments.csv --openings $U/openings.csv"
run uplift --help
expect_rc 0
expect_same out "$ROOT/tests/cli/expected/help_pages/uplift-help.txt"
run_note uplift -e "$U/exp.ini" $A
run_note uplift -e "$U/exp.ini" $A --score score_v1 --arm nobody
run_note uplift -e "$U/exp.ini" $A --score score_v1 --arm hold
run_note uplift -e "$U/exp.ini" $A --score score_v1 --metric balance_any
run_note uplift -e "$U/exp.ini" $A --score score_v1 --score score_v1
run_note uplift -e "$U/exp.ini" $A --score score_v1 --resamples many
run_note uplift -e "$U/exp.ini" $A --score score_v1 --resamples 2000000
run_note uplift -e "$U/exp.ini" $A --score score_v1 --compare c.csv --resamples 0
run_note uplift -e "$U/exp.ini" $A --score score_v1 --compare c.csv --resamples 0 \
    --compare-method bootstrap
run_note uplift -e "$U/exp.ini" $A --score score_v1 --deciles no-such-folder/d.csv
expect_file transcript transcript
# the challenger as the treated arm: three units, all responders, against hold
run uplift -e "$U/exp.ini" $A --score score_v1 --arm chall
expect_rc 0
expect_out "score_v1,3,15,"
# no control arm: refused before any data is read
run uplift -e "$U/exp-nocontrol.ini" $A --score score_v1
expect_rc 1
expect_err "uplift needs a control arm, and the experiment has none"
# --metric response_any also counts f01's deposit opening (not a target
# product): uplift_ref.py's formulas with y[1] = 1 give
# qini 0.10678725827587475, auuc 0.09355349108256081
run uplift -e "$U/exp.ini" $A --score score_v1 --metric response_any
expect_rc 0
expect_out "score_v1,25,15,0.1067872583,0.09355349108,"
run uplift -e "$U/exp.ini" $A --score score_v1 --score score_v2 --compare c.csv \
    --compare-method jackknife
expect_rc 1
expect_err "--compare-method must be auto, bootstrap or delta, not 'jackknife'"
