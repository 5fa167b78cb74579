# Progress goes to a terminal only, in one style: "COMMAND: STEP NN%" over
# one line, every long step named (report's from the checksums to the
# charts, uplift's after loading), ending "COMMAND: done".  Under a pipe or
# a file, standard error has none of it.  The terminal is script(1)'s.
command -v script >/dev/null 2>&1 || skip "no script(1) to give a terminal"
EXP="$ROOT/experiments/heloc-spring-2026.ini"
"$LIFTKIT" simulate -e "$EXP" -n 3000 --seed 3 --out-dir d >/dev/null 2>&1 || fail "simulate failed"
"$LIFTKIT" assign -e "$EXP" -o d/assignments.csv d/customers.csv 2>/dev/null || fail "assign failed"
# on a terminal: the steps, each over the last
steps() { # steps FILE: the step names shown, one a line, percentages dropped
    tr '\r' '\n' < "$1" | sed -e 's/\x1b\[K//g' -e 's/ *[0-9]*%$//' | grep -v '^$' | uniq
}
script -qec "'$LIFTKIT' report -e '$EXP' --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv -o rep" /dev/null > tty-report.txt 2>&1 || fail "report failed"
steps tty-report.txt > report-steps.txt
for s in "report: checksums of the inputs" "report: loading" "report: lift" \
         "report: ROI bootstrap" "report: attribution" "report: power" \
         "report: ranking the scores" "report: score_v2 against score_v1" "report: charts" \
         "report: done"; do
    grep -qxF "$s" report-steps.txt || { cat report-steps.txt; fail "no step '$s'"; }
done
script -qec "'$LIFTKIT' uplift -e '$EXP' --assignments d/assignments.csv --openings d/openings.csv \
    --score score_v1 --score score_v2 --compare cmp.csv -q -o up.csv" /dev/null > tty-uplift.txt 2>&1 ||
    fail "uplift failed"
steps tty-uplift.txt > uplift-steps.txt
for s in "uplift: loading" "uplift: ranking the scores" "uplift: score_v2 against score_v1" \
         "uplift: done"; do
    grep -qxF "$s" uplift-steps.txt || { cat uplift-steps.txt; fail "no step '$s'"; }
done
# not a terminal: nothing of it
run uplift -e "$EXP" --assignments d/assignments.csv --openings d/openings.csv \
    --score score_v1 --score score_v2 --compare cmp.csv -q -o up.csv
expect_rc 0
if tr '\r' '\n' < err | grep -q "uplift: "; then cat err; fail "progress on a file"; fi
run report -e "$EXP" --assignments d/assignments.csv --offers d/offers.csv \
    --openings d/openings.csv -o rep2
expect_rc 0
if grep -q "$(printf '\r')" err; then cat err; fail "progress on a file"; fi
