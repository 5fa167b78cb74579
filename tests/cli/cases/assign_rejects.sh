# With --rejects the bad rows are set aside with their reasons and the rest
# assigned; rows in = rows out + rejects, and the summary says how many.
A="$DATA/assign"
for exp in households stratified; do
    rm -f out.csv rj.csv
    run assign -e "$A/$exp.ini" -o out.csv --rejects rj.csv "$A/mixed-bad.csv"
    expect_rc 0
    expect_err "6 rows read, 3 customers assigned, 3 rejected"
    [ "$(tail -n +2 out.csv | cut -d, -f1 | tr '\n' ' ')" = "C1 C2 C5 " ] || { cat out.csv; fail "wrong rows kept"; }
    [ "$(wc -l < rj.csv)" -eq 4 ] || { cat rj.csv; fail "expected 3 rejects"; }
    grep -q "mixed-bad.csv,4,1,duplicate customer_id 'C2' (first on line 3),\"C2,H9,mass\"" rj.csv || fail "duplicate not rejected"
    grep -q "mixed-bad.csv,5,1,empty value in column 'customer_id'" rj.csv || fail "empty id not rejected"
    grep -q "mixed-bad.csv,6,3,\"expected 3 fields, found 2\",\"C4,H4\"" rj.csv || fail "ragged row not rejected"
done
