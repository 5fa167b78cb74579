#!/bin/sh
# make demo: simulate a HELOC/card cross-sell campaign (about 200,000
# customers; champion, two challengers, no-contact holdout), then run every
# step on it as an analyst would - assign, attribute, lift, roi, power,
# uplift - and write the report.  Prints the report's path.
#   sh scripts/demo.sh [LIFTKIT] ; DEMO_DIR (default build/demo) keeps the data,
#   DEMO_CUSTOMERS (default 200000) sizes it.
set -eu
LIFTKIT=${1:-build/liftkit}
EXP=experiments/heloc-spring-2026.ini
DIR=${DEMO_DIR:-build/demo}
N=${DEMO_CUSTOMERS:-200000}
OUT=reports/heloc-spring-2026

step() { printf '%-10s %s\n' "$1" "$2" >&2; }
mkdir -p "$DIR"
start=$(date +%s)

# new-offer works twice as well in the mass segment: the report's Segments finding
step simulate "$N customers -> $DIR/{customers,offers,openings,events,holdings,balances,truth}.csv"
"$LIFTKIT" simulate -e "$EXP" -n "$N" --seed 2026 --out-dir "$DIR" \
    --segment-effect new-offer:mass=2 >/dev/null

step assign "-> $DIR/assignments.csv"
"$LIFTKIT" assign -e "$EXP" -o "$DIR/assignments.csv" --summary "$DIR/assign-summary.csv" \
    "$DIR/customers.csv" 2>/dev/null

step attribute "-> $DIR/attribution.csv, mix.csv"
"$LIFTKIT" attribute -e "$EXP" --offers "$DIR/offers.csv" --openings "$DIR/openings.csv" \
    -o "$DIR/attribution.csv" --mix "$DIR/mix.csv" -q

step lift "-> $DIR/lift.csv, accrual.csv (with the guardrail events, holdings and balances)"
"$LIFTKIT" lift -e "$EXP" --assignments "$DIR/assignments.csv" --openings "$DIR/openings.csv" \
    --events "$DIR/events.csv" --holdings "$DIR/holdings.csv" --balances "$DIR/balances.csv" \
    -o "$DIR/lift.csv" --accrual "$DIR/accrual.csv" 2>/dev/null

step roi "-> $DIR/roi.csv"
"$LIFTKIT" roi -e "$EXP" --assignments "$DIR/assignments.csv" --offers "$DIR/offers.csv" \
    --openings "$DIR/openings.csv" -o "$DIR/roi.csv"

step contacts "-> $DIR/contacts.csv, violations.csv, contacts-histogram.csv"
"$LIFTKIT" contacts -e "$EXP" --assignments "$DIR/assignments.csv" --offers "$DIR/offers.csv" \
    -o "$DIR/contacts.csv" --violations "$DIR/violations.csv" \
    --histogram "$DIR/contacts-histogram.csv"

step power "-> $DIR/power.csv (sizing the next wave: +10% on a 4.5% baseline)"
"$LIFTKIT" power --baseline 0.045 --lift 0.10 --curve "$DIR/power-curve.csv" -o "$DIR/power.csv"

step uplift "-> $DIR/uplift.csv, qini.csv"
"$LIFTKIT" uplift -e "$EXP" --assignments "$DIR/assignments.csv" --openings "$DIR/openings.csv" \
    --score score_v1 --score score_v2 --curve "$DIR/qini.csv" -o "$DIR/uplift.csv" 2>/dev/null

step plot "-> $DIR/charts/ (the next wave's power curve, the Qini curves)"
"$LIFTKIT" plot power "$DIR/power-curve.csv" -e "$EXP" -o "$DIR/charts" >/dev/null
"$LIFTKIT" plot qini "$DIR/qini.csv" -e "$EXP" -o "$DIR/charts" >/dev/null

step report "-> $OUT/"
"$LIFTKIT" report -e "$EXP" --assignments "$DIR/assignments.csv" --offers "$DIR/offers.csv" \
    --openings "$DIR/openings.csv" --events "$DIR/events.csv" --holdings "$DIR/holdings.csv" \
    --balances "$DIR/balances.csv" -o "$OUT" >/dev/null

step done "in $(( $(date +%s) - start )) s"
echo "$OUT/index.html"
