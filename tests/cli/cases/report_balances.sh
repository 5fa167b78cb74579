# The report says how balances were measured: under a capped balance's table
# the cap (value, rule, units lowered per arm), under an uncapped one that it
# is not capped, under a metric with CUPED rows how much they narrowed each
# comparison; under the ROI table that a ROMI rests on fewer than 30
# responders; and the forest chart draws each comparison once (not its
# CUPED row).  Figures from tests/data/report/lift-balances.csv: cap 150000,
# n_capped 2 and 1, variance_reduction 0.38 (1 - sqrt(1 - 0.38) = 21.3%
# narrower), response_any 0.025 x 1000 = 25 and 0.021 x 1000 = 21 responders.
T="$DATA/report"
run report -e "$T/exp-balances.ini" --lift-table "$T/lift-balances.csv" \
    --roi-table "$T/roi-balances.csv" -o rep
expect_rc 0
for f in rep/index.html rep/report.md; do
    grep -qF "value counts at most 150,000 EUR (the 99.9th percentile of the nonzero unit values of all arms," "$f" ||
        fail "$f: no cap note"
    grep -qF "Units lowered to the cap: champion 2, holdout 1." "$f" || fail "$f: no units capped"
    grep -qF "a single large balance can move an arm" "$f" ||
        fail "$f: no note on the uncapped balance"
    grep -qF "38.0% variance for champion vs holdout; intervals up to 21.3% narrower" "$f" ||
        fail "$f: no CUPED note"
    grep -qF "ROMI rests on few responders (25 in champion, 21 in holdout; fewer than 30)" "$f" ||
        fail "$f: no few-responders note"
done
grep -qF "CUPED on pre_balance" rep/index.html || fail "CUPED note lacks the covariate"
# the cap note sits under the balance_target table, before the next table
awk '/<h3>Balance of target products per unit<\/h3>/ { t = 1 } t && /Capped:/ { ok = 1 }
     /<h3>Balance of any product per unit<\/h3>/ { t = 0 } END { exit !ok }' rep/index.html ||
    fail "cap note not under its table"
# one forest row per comparison: response_target's, without the CUPED row
[ "$(tail -n +2 rep/charts/forest.csv | wc -l)" -eq 1 ] || { cat rep/charts/forest.csv; fail "forest rows"; }
run plot forest "$T/lift-balances.csv" --metric balance_target -o ch
expect_rc 0
[ "$(grep -c ',balance_target,champion,holdout,' ch/forest.csv)" -eq 1 ] ||
    { cat ch/forest.csv; fail "plot forest draws the CUPED row"; }
