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
#     the lift table read from it byte-identical to the raw path's;
#   - the summaries of 4 partitions (by unit), added by 'lift --summary',
#     give the same table byte for byte;
#   - renamed tables and columns (--table, --column).
EXP="$ROOT/experiments/heloc-spring-2026.ini"
CARRY=segment,tenure_months,pre_balance,score_v1,score_v2
"$LIFTKIT" simulate -e "$EXP" -n 4000 --seed 7 --out-dir sim >/dev/null 2>&1 ||
    fail "liftkit simulate failed"
grep -v '^stratify' "$EXP" > hash.ini
# The SQL summary sums raw unit values: compare with liftkit's uncapped
# path (the experiment without its [metrics] and [cuped] sections, caps
# off); its own columns (unit, covariate sums) are compared as far as the
# SQL has them.
awk '/^\[/ { skip = ($0 ~ /^\[(metrics|cuped)\]/) } !skip' "$EXP" > nocap.ini
printf '[metrics]\ncap = none\n' >> nocap.ini

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

same_sums() { # same_sums A B: the same arms and metrics, numbers within 1e-9 relative
    cut -d, -f1-5 "$1" > a.sums
    cut -d, -f1-5 "$2" > b.sums
    paste -d, a.sums b.sums | awk -F, '
        function off(a, b) { d = a - b; if (d < 0) d = -d; m = a < 0 ? -a : a;
                             return d > 1e-9 * (m > 1 ? m : 1) }
        NR > 1 && ($1 != $6 || $2 != $7 || off($3, $8) || off($4, $9) || off($5, $10)) {
            print "differs: " $0; bad = 1 }
        END { exit bad }' || fail "summaries differ"
    [ "$(wc -l < "$1")" -eq "$(wc -l < "$2")" ] || fail "summaries have different row counts"
    echo "summary: $(($(wc -l < "$1") - 1)) rows equal to 1e-9"
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
lk lift -e nocap.ini --assignments assignments.csv --openings sim/openings.csv \
    --write-summary lk-summary.csv -o lk-lift.csv -q
# the tables and a column under other names, as a warehouse has them
sed '1s/open_date/opened_on/' sim/openings.csv > accounts.csv
lk sql summary -e nocap.ini --dialect "$DIALECT" --table assignments=campaign_units \
    --table openings=accounts --column open_date=opened_on -o summary.sql
DATES=opened_on run_sql summary.sql sql-summary.csv campaign_units=assignments.csv \
    accounts=accounts.csv
same_sums lk-summary.csv sql-summary.csv
lk lift -e nocap.ini --summary sql-summary.csv -o sql-lift.csv -q
expect_same sql-lift.csv lk-lift.csv
echo "lift from the SQL summary: byte-identical"

# four partitions by unit (a household stays in one), summed by lift --summary
awk -F, 'NR == 1 { for (k = 0; k < 4; k++) print > ("part" k ".csv"); next }
         { k = substr($2, length($2)) % 4; print > ("part" k ".csv") }' assignments.csv
lk sql summary -e nocap.ini --dialect "$DIALECT" -o summary.sql
for k in 0 1 2 3; do
    run_sql summary.sql "sum$k.csv" assignments="part$k.csv" openings=sim/openings.csv
done
lk lift -e nocap.ini --summary sum0.csv sum1.csv sum2.csv sum3.csv -o parts-lift.csv -q
expect_same parts-lift.csv lk-lift.csv
echo "lift from 4 partial summaries: byte-identical"
