# sql-check.sh - the warehouse cross-check shared by the cases sql_duckdb and
# sql_postgres: the SQL of 'liftkit sql' run by a real engine on simulated
# data gives what liftkit gives.  The case sets DIALECT and defines
#   run_sql SQLFILE OUT.csv TABLE=FILE.csv...
# which loads each CSV as a table (every column text, the date columns
# open_date and offer_date DATE), runs the statement and writes its result
# as CSV with a header.  Checked:
#   - assignments identical row by row, stratified (households) and hash;
#   - attribution identical row by row, last and first rules;
#   - the summary equal to 'lift --write-summary' to 1e-9 (relative), and
#     the lift table read from it byte-identical to the raw path's; with
#     amount caps the sums identical digit for digit (both are exact
#     decimals; a percentile cap is a double, rounded to the amounts' places
#     in SQL);
#   - the summaries of 4 partitions (by unit), added by 'lift --summary',
#     give the raw path's table byte for byte (the sums are exact, so the
#     order they are added in does not matter);
#   - the ROI summary (sql roi) gives roi's table byte for byte, whole and
#     from 4 partitions, and the report from the partial summaries has the
#     raw report's ROI, power and lift tables (but cap and n_capped);
#   - with [margin], the ROI table from the SQL summary equal to roi's;
#   - summaries per segment (--by, one and two columns) equal to 'lift --by
#     --write-summary', and the segmented lift table from them the raw
#     path's byte for byte but for cap and n_capped;
#   - the relationship metrics (--holdings, --balances) on tests/data/lift
#     equal to 'lift --holdings --balances --write-summary';
#   - interim reads: summaries with --as-of equal to 'lift --as-of', and the
#     lift and roi tables from them byte-identical;
#   - per-unit windows (window_from = column:eligible_date) on tests/data/lift:
#     the summary equal to 'lift --write-summary', whole and read --as-of, and
#     the lift and roi tables from the summaries byte-identical;
#   - guardrail events (--events): the summary with the rows event_<name>
#     equal to 'lift --events --write-summary', and the lift table from it
#     the raw path's with --events byte for byte but for cap and n_capped,
#     whole (per-unit windows), from 4 partial summaries, as of a day, and
#     on tests/data/lift (one window for all);
#   - the ROI per segment (sql roi --by, roi --summary --by): every
#     segment's table and the whole's byte-identical to 'roi --by', on one
#     and two segment columns, and from 4 partial summaries;
#   - the report from the partial summaries with events: its lift table
#     the raw report's with --events but for cap and n_capped;
#   - renamed tables and columns (--table, --column, --events TABLE).
EXP="$ROOT/experiments/heloc-spring-2026.ini"
CARRY=segment,tenure_months,pre_balance,score_v1,score_v2,pre_products,eligible_date
"$LIFTKIT" simulate -e "$EXP" -n 4000 --seed 7 --out-dir sim >/dev/null 2>&1 ||
    fail "liftkit simulate failed"
grep -v '^stratify' "$EXP" > hash.ini
# The summaries are checked on the demo experiment with CUPED on a balance
# and the rate (pre_balance summed to the household) and its caps: p99.9 of
# the nonzero unit values on balance_target (the default), an amount on
# balance_any.  Percentile caps are the whole experiment's, so the partial
# summaries use amounts only (parts.ini).
# (the demo's own [metrics], [cuped] and [margin] sections give way to these)
awk '/^\[/ { skip = ($0 ~ /^\[(metrics|cuped|margin)\]/) } !skip' "$EXP" > base.ini
{ cat base.ini; printf '[metrics]\ncap.balance_any = 20000\n'
  printf '[cuped]\nbalance_target = pre_balance\nresponse_any = pre_balance\n'; } > cap.ini
{ cat base.ini; printf '[metrics]\ncap = 150000\ncap.balance_any = 20000\n'
  printf '[cuped]\nbalance_target = pre_balance\n'; } > parts.ini

lk() { # lk ARGS...: liftkit, failing the case on a non-zero exit
    "$LIFTKIT" "$@" 2>lk.err || { cat lk.err; fail "liftkit $* failed"; }
}

same_rows() { # same_rows A B LABEL: the same header, the same rows in any order
    head -n 1 "$1" > a.head
    head -n 1 "$2" > b.head
    cmp -s a.head b.head || { cat a.head b.head; fail "$3: headers differ"; }
    tail -n +2 "$1" | LC_ALL=C sort > a.rows
    tail -n +2 "$2" | LC_ALL=C sort > b.rows
    [ -s a.rows ] || fail "$3: no rows"
    cmp -s a.rows b.rows || { diff a.rows b.rows | head -n 10; fail "$3: rows differ"; }
    echo "$3: $(wc -l < a.rows) rows identical"
}

same_sums() { # same_sums A B: the same header, rows and texts, numbers within 1e-9 relative
    head -n 1 "$1" > a.head
    head -n 1 "$2" > b.head
    cmp -s a.head b.head || { cat a.head b.head; fail "summary headers differ"; }
    [ "$(wc -l < "$1")" -eq "$(wc -l < "$2")" ] || fail "summaries have different row counts"
    paste -d '\n' "$1" "$2" | awk -F, '
        function num(x) { return x ~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/ }
        function off(a, b) { d = a - b; if (d < 0) d = -d; m = a < 0 ? -a : a;
                             return d > 1e-9 * (m > 1 ? m : 1) }
        NR % 2 { split($0, a); next }
        NR > 2 { for (i = 1; i <= NF; i++)
                     if (num(a[i]) && num($i) ? off(a[i], $i) : a[i] != $i) {
                         print "differs in column " i ": " $0; bad = 1; break } }
        END { exit bad }' || fail "summaries differ"
    echo "summary: $(($(wc -l < "$1") - 1)) rows equal to 1e-9 ($(head -n 1 "$1"))"
}

same_exact() { # same_exact A B LABEL: the same rows, decimals equal digit for digit
                # (trailing zeros aside: an engine writes 41.000000 for 41)
    for f in "$1" "$2"; do
        awk -F, -v OFS=, '{ for (i = 1; i <= NF; i++)
                                if ($i ~ /^-?[0-9]+\.[0-9]+$/) { sub(/0+$/, "", $i); sub(/\.$/, "", $i) }
                            print }' "$f" > "$f.exact"
    done
    cmp -s "$1.exact" "$2.exact" || { diff "$1.exact" "$2.exact" | head -n 6; fail "$3: sums differ"; }
    echo "$3: $(($(wc -l < "$1") - 1)) rows, every sum identical"
}

no_caps() { # no_caps LIFT OUT: the lift table without its cap and n_capped values,
            # which a summary does not carry (its sums are capped already)
    awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "cap" || $i == "n_capped") c[i] = 1 }
                      NR > 1 { for (i in c) $i = "" } { print }' "$1" > "$2"
}

for e in "$EXP" hash.ini; do
    lk assign -e "$e" sim/customers.csv -o lk-assign.csv -q
    lk sql assign -e "$e" --dialect "$DIALECT" --carry "$CARRY" -o assign.sql
    run_sql assign.sql sql-assign.csv customers=sim/customers.csv
    same_rows lk-assign.csv sql-assign.csv "assign $(basename "$e" .ini)"
done

for r in last first; do
    lk attribute -e "$EXP" --offers sim/offers.csv --openings sim/openings.csv --rule $r \
        -o lk-attr.csv -q
    lk sql attribute -e "$EXP" --dialect "$DIALECT" --rule $r -o attr.sql
    run_sql attr.sql sql-attr.csv offers=sim/offers.csv openings=sim/openings.csv
    same_rows lk-attr.csv sql-attr.csv "attribute, rule $r"
done

lk assign -e "$EXP" sim/customers.csv -o assignments.csv -q
lk lift -e cap.ini --assignments assignments.csv --openings sim/openings.csv \
    --write-summary lk-summary.csv -o lk-lift.csv -q
no_caps lk-lift.csv lk-lift-nocap.csv
# the tables and a column under other names, as a warehouse has them
sed '1s/open_date/opened_on/' sim/openings.csv > accounts.csv
lk sql summary -e cap.ini --dialect "$DIALECT" --table assignments=campaign_units \
    --table openings=accounts --column open_date=opened_on -o summary.sql
DATES=opened_on run_sql summary.sql sql-summary.csv campaign_units=assignments.csv \
    accounts=accounts.csv
same_sums lk-summary.csv sql-summary.csv
lk lift -e cap.ini --summary sql-summary.csv -o sql-lift.csv -q
expect_same sql-lift.csv lk-lift-nocap.csv
echo "lift from the SQL summary (capped, CUPED): byte-identical but cap and n_capped"

# four partitions by unit (a household stays in one), summed by lift --summary
lk lift -e parts.ini --assignments assignments.csv --openings sim/openings.csv \
    -o lk-lift.csv -q
no_caps lk-lift.csv lk-lift-nocap.csv
awk -F, 'NR == 1 { for (k = 0; k < 4; k++) print > ("part" k ".csv"); next }
         { k = substr($2, length($2)) % 4; print > ("part" k ".csv") }' assignments.csv
lk sql summary -e parts.ini --dialect "$DIALECT" -o summary.sql
for k in 0 1 2 3; do
    run_sql summary.sql "sum$k.csv" assignments="part$k.csv" openings=sim/openings.csv
done
lk lift -e parts.ini --summary sum0.csv sum1.csv sum2.csv sum3.csv -o parts-lift.csv -q
expect_same parts-lift.csv lk-lift-nocap.csv
echo "lift from 4 partial summaries (amount caps): byte-identical but cap and n_capped"
# amount caps only: the whole SQL summary is the raw path's digit for digit
lk lift -e parts.ini --assignments assignments.csv --openings sim/openings.csv \
    --write-summary lk-parts-summary.csv -o /dev/null -q
run_sql summary.sql sql-parts-summary.csv assignments=assignments.csv openings=sim/openings.csv
same_exact lk-parts-summary.csv sql-parts-summary.csv "summary (amount caps)"

# the ROI summary: the table from it byte-identical to roi's from the rows,
# whole and from four partial summaries (the offers table whole: only the
# partition's units' offers join)
lk roi -e parts.ini --assignments assignments.csv --offers sim/offers.csv \
    --openings sim/openings.csv -o lk-roi.csv -q
lk sql roi -e parts.ini --dialect "$DIALECT" -o roi.sql
run_sql roi.sql sql-roi.csv assignments=assignments.csv offers=sim/offers.csv \
    openings=sim/openings.csv
lk roi -e parts.ini --summary sql-roi.csv -o sql-roi-table.csv -q
expect_same sql-roi-table.csv lk-roi.csv
echo "roi from the SQL summary ($(($(wc -l < sql-roi.csv) - 1)) rows): byte-identical"
for k in 0 1 2 3; do
    run_sql roi.sql "roi$k.csv" assignments="part$k.csv" offers=sim/offers.csv \
        openings=sim/openings.csv
done
lk roi -e parts.ini --summary roi0.csv roi1.csv roi2.csv roi3.csv -o parts-roi.csv -q
expect_same parts-roi.csv lk-roi.csv
echo "roi from 4 partial summaries: byte-identical"

# the report from the partial summaries: its ROI, power and lift tables
# are the raw report's (the lift table but for cap and n_capped)
lk report -e parts.ini --assignments assignments.csv --offers sim/offers.csv \
    --openings sim/openings.csv -o rep-raw >/dev/null
lk report -e parts.ini --summary sum0.csv roi0.csv sum1.csv roi1.csv sum2.csv roi2.csv \
    sum3.csv roi3.csv -o rep-sum >/dev/null
for t in roi power; do
    expect_same rep-sum/data/$t.csv rep-raw/data/$t.csv
done
no_caps rep-raw/data/lift.csv raw-lift-nocap.csv
expect_same rep-sum/data/lift.csv raw-lift-nocap.csv
grep -q '<td>ROI summary</td>' rep-sum/index.html || fail "the report's audit lacks the summaries"
echo "report from 8 partial summaries: ROI, power and lift tables byte-identical"

# [margin]: a unit's value adds margin x balance x horizon / 365 per opening,
# so values are no longer whole: the ROI table from the SQL summary equal to
# roi's (numbers to 1e-6; the values' sums may differ in the last bit)
{ cat parts.ini; printf '[margin]\nheloc = 0.03\ncard = 0.12\ndefault = 0.01\nhorizon = 180\n'; } \
    > margin.ini
lk roi -e margin.ini --assignments assignments.csv --offers sim/offers.csv \
    --openings sim/openings.csv -o lk-roi-margin.csv -q
lk sql roi -e margin.ini --dialect "$DIALECT" -o roi-margin.sql
run_sql roi-margin.sql sql-roi-margin.csv assignments=assignments.csv offers=sim/offers.csv \
    openings=sim/openings.csv
lk roi -e margin.ini --summary sql-roi-margin.csv -o sql-roi-margin-table.csv -q
awk -F, -f "$DATA/lift/numcmp.awk" lk-roi-margin.csv sql-roi-margin-table.csv ||
    fail "roi with [margin] from the SQL summary"
cmp -s lk-roi-margin.csv sql-roi-margin-table.csv && same=byte-identical || same="equal to 1e-6"
echo "roi with [margin] from the SQL summary: $same"

# segments: the summary per segment equal to 'lift --by --write-summary' and
# the segmented lift table from it (p_fdr, (all) rows) the raw path's
for by in segment segment,stratum; do
    lk lift -e cap.ini --assignments assignments.csv --openings sim/openings.csv --by "$by" \
        --write-summary lk-seg.csv -o lk-seg-lift.csv -q
    no_caps lk-seg-lift.csv lk-seg-nocap.csv
    lk sql summary -e cap.ini --dialect "$DIALECT" --by "$by" -o seg.sql
    run_sql seg.sql sql-seg.csv assignments=assignments.csv openings=sim/openings.csv
    same_sums lk-seg.csv sql-seg.csv
    lk lift -e cap.ini --by "$by" --summary sql-seg.csv -o sql-seg-lift.csv -q
    expect_same sql-seg-lift.csv lk-seg-nocap.csv
    echo "lift --by $by from the SQL summary: byte-identical but cap and n_capped"
done

# the relationship metrics (--holdings, --balances) on the hand-made data of
# tests/data/lift, whose holdings close accounts and whose balances have
# snapshots before, at and after 30 and 90 days: the summary equal to 'lift
# --holdings --balances --write-summary', the lift table from it the raw
# path's but for cap and n_capped
D="$DATA/lift"
lk lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --holdings "$D/holdings.csv" --balances "$D/balances.csv" --write-summary lk-rel.csv \
    -o lk-rel-lift.csv -q
no_caps lk-rel-lift.csv lk-rel-nocap.csv
lk sql summary -e "$D/exp.ini" --dialect "$DIALECT" --holdings --balances -o rel.sql
DATES=open_date,close_date,date run_sql rel.sql sql-rel.csv assignments="$D/assignments.csv" \
    openings="$D/openings.csv" holdings="$D/holdings.csv" balances="$D/balances.csv"
same_sums lk-rel.csv sql-rel.csv
lk lift -e "$D/exp.ini" --summary sql-rel.csv -o sql-rel-lift.csv -q
expect_same sql-rel-lift.csv lk-rel-nocap.csv
echo "lift with the relationship metrics from the SQL summary: byte-identical but cap and n_capped"

# an interim read: the summaries with --as-of give what 'lift --as-of' and
# 'roi --as-of' give (openings, offers, snapshots after the day left out,
# holdings read on it), the tables from them the raw path's
lk lift -e "$D/exp.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --holdings "$D/holdings.csv" --balances "$D/balances.csv" --as-of 2026-01-20 \
    --write-summary lk-asof.csv -o lk-asof-lift.csv -q
no_caps lk-asof-lift.csv lk-asof-nocap.csv
lk sql summary -e "$D/exp.ini" --dialect "$DIALECT" --holdings --balances --as-of 2026-01-20 \
    -o asof.sql
DATES=open_date,close_date,date run_sql asof.sql sql-asof.csv assignments="$D/assignments.csv" \
    openings="$D/openings.csv" holdings="$D/holdings.csv" balances="$D/balances.csv"
same_sums lk-asof.csv sql-asof.csv
lk lift -e "$D/exp.ini" --summary sql-asof.csv --as-of 2026-01-20 -o sql-asof-lift.csv -q
expect_same sql-asof-lift.csv lk-asof-nocap.csv
lk roi -e parts.ini --assignments assignments.csv --offers sim/offers.csv \
    --openings sim/openings.csv --as-of 2026-02-10 -o lk-roi-asof.csv -q
lk sql roi -e parts.ini --dialect "$DIALECT" --as-of 2026-02-10 -o roi-asof.sql
run_sql roi-asof.sql sql-roi-asof.csv assignments=assignments.csv offers=sim/offers.csv \
    openings=sim/openings.csv
lk roi -e parts.ini --summary sql-roi-asof.csv --as-of 2026-02-10 -o sql-roi-asof-table.csv -q
expect_same sql-roi-asof-table.csv lk-roi-asof.csv
echo "interim reads (--as-of) from the SQL summaries: lift and roi tables byte-identical"

# per-unit windows: each household's window starts on its customers'
# earliest eligible_date (households whose customers have different dates,
# customers with none), in the summary and the ROI summary, whole and as of
# a day inside some windows
W="$D/exp-window.ini"
final() { # final TABLE: the table without its as_of values
    awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "as_of") c = i }
                      NR > 1 { $c = "" } { print }' "$1" > final.tmp && mv final.tmp "$1"
}
for asof in "" 2026-01-25; do
    opt=${asof:+--as-of $asof}
    lk lift -e "$W" --assignments "$D/assignments-window.csv" --openings "$D/openings.csv" \
        $opt --write-summary lk-win.csv -o lk-win-lift.csv -q
    no_caps lk-win-lift.csv lk-win-nocap.csv
    lk sql summary -e "$W" --dialect "$DIALECT" $opt -o win.sql
    run_sql win.sql sql-win.csv assignments="$D/assignments-window.csv" openings="$D/openings.csv"
    same_sums lk-win.csv sql-win.csv
    lk lift -e "$W" --summary sql-win.csv $opt -o sql-win-lift.csv -q
    # the raw read is interim while the last opening is before the latest
    # unit's window ends, which a summary cannot know: as_of compared only
    # when given
    [ -n "$asof" ] || final lk-win-nocap.csv
    expect_same sql-win-lift.csv lk-win-nocap.csv
    lk roi -e "$W" --assignments "$D/assignments-window.csv" --offers "$D/offers.csv" \
        --openings "$D/openings.csv" $opt -o lk-win-roi.csv -q
    lk sql roi -e "$W" --dialect "$DIALECT" --column cost=NULL $opt -o win-roi.sql
    run_sql win-roi.sql sql-win-roi.csv assignments="$D/assignments-window.csv" \
        offers="$D/offers.csv" openings="$D/openings.csv"
    lk roi -e "$W" --summary sql-win-roi.csv $opt -o sql-win-roi-table.csv -q
    [ -n "$asof" ] || final lk-win-roi.csv
    expect_same sql-win-roi-table.csv lk-win-roi.csv
    echo "per-unit windows${asof:+ as of $asof}: summary equal, lift and roi tables byte-identical"
done

# guardrail events (sql summary --events TABLE): the summary's rows
# event_<name> equal to 'lift --events --write-summary', and the lift table
# from it the raw path's with --events byte for byte (but cap and n_capped):
# on the simulated data with per-unit windows (the events table and its
# columns under other names), from 4 partial summaries, as of a day; and on
# tests/data/lift with one window for all (events outside it, of an
# unassigned customer, a [guardrails] event nobody had)
sed '1s/.*/customer_id,event_name,happened_on/' sim/events.csv > guard_events.csv
lk lift -e cap.ini --assignments assignments.csv --openings sim/openings.csv \
    --events sim/events.csv --write-summary lk-ev.csv -o lk-ev-lift.csv -q
no_caps lk-ev-lift.csv lk-ev-nocap.csv
lk sql summary -e cap.ini --dialect "$DIALECT" --events guard_events --column event=event_name \
    --column event_date=happened_on -o ev.sql
DATES=open_date,happened_on run_sql ev.sql sql-ev.csv assignments=assignments.csv \
    openings=sim/openings.csv guard_events=guard_events.csv
same_sums lk-ev.csv sql-ev.csv
lk lift -e cap.ini --summary sql-ev.csv -o sql-ev-lift.csv -q
expect_same sql-ev-lift.csv lk-ev-nocap.csv
echo "lift --events from the SQL summary ($(grep -c '^event_' sql-ev-lift.csv) event rows): byte-identical but cap and n_capped"
lk lift -e parts.ini --assignments assignments.csv --openings sim/openings.csv \
    --events sim/events.csv -o lk-ev-parts.csv -q
no_caps lk-ev-parts.csv lk-ev-parts-nocap.csv
lk sql summary -e parts.ini --dialect "$DIALECT" --events events -o ev-parts.sql
for k in 0 1 2 3; do
    DATES=open_date,event_date run_sql ev-parts.sql "evsum$k.csv" assignments="part$k.csv" \
        openings=sim/openings.csv events=sim/events.csv
done
lk lift -e parts.ini --summary evsum0.csv evsum1.csv evsum2.csv evsum3.csv -o sql-ev-parts.csv -q
expect_same sql-ev-parts.csv lk-ev-parts-nocap.csv
echo "lift --events from 4 partial summaries: byte-identical but cap and n_capped"
lk lift -e parts.ini --assignments assignments.csv --openings sim/openings.csv \
    --events sim/events.csv --as-of 2026-02-10 --write-summary lk-ev-asof.csv \
    -o lk-ev-asof-lift.csv -q
no_caps lk-ev-asof-lift.csv lk-ev-asof-nocap.csv
lk sql summary -e parts.ini --dialect "$DIALECT" --events events --as-of 2026-02-10 \
    -o ev-asof.sql
DATES=open_date,event_date run_sql ev-asof.sql sql-ev-asof.csv assignments=assignments.csv \
    openings=sim/openings.csv events=sim/events.csv
same_sums lk-ev-asof.csv sql-ev-asof.csv
lk lift -e parts.ini --summary sql-ev-asof.csv --as-of 2026-02-10 -o sql-ev-asof-lift.csv -q
expect_same sql-ev-asof-lift.csv lk-ev-asof-nocap.csv
echo "lift --events --as-of from the SQL summary: byte-identical but cap and n_capped"
lk lift -e "$D/exp-guard.ini" --assignments "$D/assignments.csv" --openings "$D/openings.csv" \
    --events "$D/events.csv" --write-summary lk-ev-fixed.csv -o lk-ev-fixed-lift.csv -q
no_caps lk-ev-fixed-lift.csv lk-ev-fixed-nocap.csv
lk sql summary -e "$D/exp-guard.ini" --dialect "$DIALECT" --events events -o ev-fixed.sql
DATES=open_date,event_date run_sql ev-fixed.sql sql-ev-fixed.csv \
    assignments="$D/assignments.csv" openings="$D/openings.csv" events="$D/events.csv"
same_sums lk-ev-fixed.csv sql-ev-fixed.csv
lk lift -e "$D/exp-guard.ini" --summary sql-ev-fixed.csv -o sql-ev-fixed-lift.csv -q
expect_same sql-ev-fixed-lift.csv lk-ev-fixed-nocap.csv
echo "lift --events on tests/data/lift from the SQL summary: byte-identical but cap and n_capped"

# ROI per segment (sql roi --by, roi --summary --by): every segment's table
# and the whole experiment's byte-identical to 'roi --by' from the rows, on
# one and two segment columns (pre_products made the household's first
# customer's, so that the SQL's rule, the smallest of a unit's values,
# agrees with liftkit's first customer; its segments leave some arms
# without units), and from 4 partial summaries
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "pre_products") c = i; print; next }
                  { if (!($2 in first)) first[$2] = $c; $c = first[$2]; print }' \
    assignments.csv > households.csv
for by in segment segment,pre_products; do
    lk roi -e parts.ini --assignments households.csv --offers sim/offers.csv \
        --openings sim/openings.csv --by "$by" -o lk-roi-seg.csv -q
    lk sql roi -e parts.ini --dialect "$DIALECT" --by "$by" -o roi-seg.sql
    run_sql roi-seg.sql sql-roi-seg.csv assignments=households.csv offers=sim/offers.csv \
        openings=sim/openings.csv
    lk roi -e parts.ini --summary sql-roi-seg.csv --by "$by" -o sql-roi-seg-table.csv -q
    expect_same sql-roi-seg-table.csv lk-roi-seg.csv
    echo "roi --by $by from the SQL summary ($(($(wc -l < sql-roi-seg-table.csv) - 1)) rows, $(grep -c ',0,0,0,' sql-roi-seg-table.csv) of arms without units): byte-identical"
done
awk -F, 'NR == 1 { for (k = 0; k < 4; k++) print > ("hpart" k ".csv"); next }
         { k = substr($2, length($2)) % 4; print > ("hpart" k ".csv") }' households.csv
for k in 0 1 2 3; do
    run_sql roi-seg.sql "roiseg$k.csv" assignments="hpart$k.csv" offers=sim/offers.csv \
        openings=sim/openings.csv
done
lk roi -e parts.ini --summary roiseg0.csv roiseg1.csv roiseg2.csv roiseg3.csv \
    --by segment,pre_products -o parts-roi-seg.csv -q
expect_same parts-roi-seg.csv lk-roi-seg.csv
echo "roi --by segment,pre_products from 4 partial summaries: byte-identical"

# the report from the partial summaries with events: its lift table (the
# events' rows and guardrail verdicts) the raw report's with --events, but
# for cap and n_capped
lk report -e parts.ini --assignments assignments.csv --offers sim/offers.csv \
    --openings sim/openings.csv --events sim/events.csv -o rep-ev-raw >/dev/null
lk report -e parts.ini --summary evsum0.csv roi0.csv evsum1.csv roi1.csv evsum2.csv roi2.csv \
    evsum3.csv roi3.csv -o rep-ev-sum >/dev/null
no_caps rep-ev-raw/data/lift.csv rep-ev-raw-nocap.csv
expect_same rep-ev-sum/data/lift.csv rep-ev-raw-nocap.csv
grep -q ',event_opt_out,' rep-ev-sum/data/lift.csv 2>/dev/null ||
    grep -q '^event_opt_out,' rep-ev-sum/data/lift.csv || fail "the report from summaries lacks the events"
echo "report from 8 partial summaries with events: lift table byte-identical but cap and n_capped"
