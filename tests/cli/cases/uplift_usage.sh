# Usage errors exit 1 with a message; --help lists every option.
U="$DATA/uplift"
A="--assignments $U/assignments.csv --openings $U/openings.csv"
run uplift --help
expect_rc 0
for o in --experiment --assignments --openings --score --arm --metric --deciles --curve \
         --compare --resamples --seed --rejects --output "Exit status"; do
    expect_out "$o"
done
run uplift -e "$U/exp.ini" $A
expect_rc 1
expect_err "missing --score COLUMN"
run uplift -e "$U/exp.ini" $A --score score_v1 --arm nobody
expect_rc 1
expect_err "unknown arm 'nobody'"
run uplift -e "$U/exp.ini" $A --score score_v1 --arm hold
expect_rc 1
expect_err "arm 'hold' is the control"
run uplift -e "$U/exp.ini" $A --score score_v1 --metric balance_any
expect_rc 1
expect_err "metric 'balance_any' is not a 0/1 response"
run uplift -e "$U/exp.ini" $A --score score_v1 --score score_v1
expect_rc 1
expect_err "score column 'score_v1' given twice"
run uplift -e "$U/exp.ini" $A --score score_v1 --resamples many
expect_rc 1
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
