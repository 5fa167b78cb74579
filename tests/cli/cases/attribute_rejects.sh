# --rejects sets bad rows aside, counts them in the summary, and attributes
# the rest: rows in = rows out + rejects.
A="$DATA/attribute"
cat "$A/offers-ragged.csv" >offers.csv
tail -n +2 "$A/offers-bad-date.csv" >>offers.csv
cat "$A/openings.csv" >openings.csv
tail -n +2 "$A/openings-negative-balance.csv" >>openings.csv
run attribute -e "$A/exp.ini" --offers offers.csv --openings openings.csv -o out.csv \
    --rejects rejects.csv
expect_rc 0
expect_err "rows rejected (2 openings, 4 offers)"
[ "$(wc -l <rejects.csv)" -eq 7 ] || { cat rejects.csv; fail "expected 6 rejects and a header"; }
# the two files joined repeat offer o1
grep -q "^offers.csv,5,2,duplicate offer_id 'o1' (first on line 2)," rejects.csv ||
    fail "duplicate offer not rejected"
grep -q '^offers.csv,3,5,"expected 5 fields, found 4",' rejects.csv || fail "ragged row not rejected"
grep -q '^offers.csv,4,6,"expected 5 fields, found 6",' rejects.csv || fail "long row not rejected"
grep -q "^offers.csv,6,5,invalid date '2026-02-30'" rejects.csv || fail "bad date not rejected"
grep -q "^openings.csv,12,2,duplicate account_id 'a1' (first on line 2)" rejects.csv ||
    fail "duplicate account not rejected"
grep -q "^openings.csv,13,5,negative balance '-250'" rejects.csv || fail "negative balance not rejected"
# 12 openings read, 2 rejected: 10 rows out
[ "$(wc -l <out.csv)" -eq 11 ] || fail "expected 10 rows"
