# The verdict gives each challenger its own figures against the champion and
# a plain sentence, concludes the model comparison, never rounds a
# probability to 100% or a loss to zero; report.json beside index.html
# holds the same figures and is valid against docs/report.schema.json.
T="$DATA/report"
run report -e "$T/exp-eur.ini" --lift-table "$T/lift.csv" --roi-table "$T/roi.csv" \
    --compare-table "$T/compare.csv" -o rep
expect_rc 0
h=rep/index.html
# P(better) 0.9999 and expected loss 0.000002 (0.0002 pp) in lift.csv
grep -qF 'P(better) &gt; 99.9%, expected loss &lt; 0.01 pp' "$h" || fail "probability or loss rounded"
! grep -qF '100.0%' "$h" || fail "a probability reads 100.0%"
# model-v2: 0.0003 -> 0.03 pp, P(better) 0.89 -> 89.0%
grep -qF 'P(better) 89.0%, expected loss 0.03 pp' "$h" || fail "model-v2's P(better) and loss"
# Against the champion, per new-offer unit (roi.csv):
#   value (398765.2/59870 - 244000.5/60012) * 59870 = 155,342
#   cost  (40921.8/59870 - 41015.2/60012) * 59870 = 3.86 -> +4
# /usr/bin/python3 -c "n=59870;print((398765.2/n-244000.5/60012)*n,(40921.8/n-41015.2/60012)*n)"
grep -qF 'against champion: incremental value +155,342 EUR at a cost difference of +4 EUR' "$h" ||
    fail "no figures against the champion"
# model-v2 is cheaper per unit: no ROMI of the difference, the two amounts only
grep -qF 'against champion: incremental value +23,602 EUR at a cost difference of -15,270 EUR.' "$h" ||
    fail "model-v2's figures against the champion"
grep -qF '<span class="plain">Switching from champion to new-offer should bring more target responses' "$h" ||
    fail "no plain sentence for the winner"
grep -qF '<span class="plain">No clear winner: model-v2 and champion may be equally good' "$h" ||
    fail "no plain sentence for the undecided challenger"
# the ROMI against the holdout stays on the incrementality lines only
grep -F 'beat champion' "$h" | grep -qF 'ROMI 8.7' && fail "holdout ROMI on the champion comparison"
grep -qF 'score_v2 ranks uplift better than score_v1: Qini coefficient of score_v2 minus score_v1 +0.041, 95% CI +0.013 to +0.070.' "$h" ||
    fail "no model conclusion"
grep -qF 'No clear difference between score_v3 and score_v1 in ranking uplift' "$h" ||
    fail "no 'no clear difference' for an interval spanning zero"
grep -qF -- '- score\_v2 ranks uplift better than score\_v1' rep/report.md || fail "no model conclusion in report.md"
grep -qF 'Cost (EUR)' "$h" || fail "ROI table names no currency"
[ -f rep/data/compare.csv ] || fail "the comparison is not kept in data/"

# report.json: valid, and the same figures
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$py" "$ROOT/tests/cli/json-schema-check.py" "$ROOT/docs/report.schema.json" rep/report.json ||
    fail "report.json does not match docs/report.schema.json"
"$py" - rep/report.json <<'PY' || fail "report.json figures"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["experiment"]["currency"] == "EUR" and d["experiment"]["units"] == "households", d["experiment"]
assert d["health"]["failed"] is False and d["health"]["srm_p"] == 0.41
v = {x["arm"]: x for x in d["verdicts"]}
assert v["new-offer"]["kind"] == "win" and v["new-offer"]["prob_better"] == 0.9999
assert abs(v["new-offer"]["value_diff"] - 155341.7) < 1, v["new-offer"]["value_diff"]
assert v["model-v2"]["kind"] == "same" and v["model-v2"]["sentence"].startswith("No clear winner")
assert len(d["increments"]) == 2 and len(d["tables"]["lift"]) == 5
assert d["tables"]["compare"][0]["better"] == "score_v2"
PY
# A broken document fails the check (the validator is not a no-op).
sed 's/"failed":false/"failed":"no"/' rep/report.json >bad.json
! "$py" "$ROOT/tests/cli/json-schema-check.py" "$ROOT/docs/report.schema.json" bad.json >/dev/null ||
    fail "the schema check accepted a string for a boolean"

# With a failed sample-ratio check, report.json says do not act.
run report -e "$T/exp.ini" --lift-table "$T/lift-srm.csv" -o srm
expect_rc 0
"$py" "$ROOT/tests/cli/json-schema-check.py" "$ROOT/docs/report.schema.json" srm/report.json ||
    fail "the SRM report.json does not match the schema"
"$py" - srm/report.json <<'PY' || fail "report.json of a failed check"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["health"]["failed"] is True
assert [c["state"] for c in d["health"]["checks"]][0] == "fail"
assert all(v["do_not_act"] for v in d["verdicts"] + d["increments"])
assert [a["observed"] for a in d["health"]["arms"]] == [60012, 59870, 60110, 20008]
PY
