# --rejects sets bad rows aside, counts them in the summary, and attributes
# the rest: rows in = rows out + rejects.  expected/attribute_rejects/:
# made by this binary, checked by eye: the two files joined repeat offer o1
# (line 5) and account a1 (line 12); a short row (3), a long row (4), a bad
# date (6) and a negative balance (13); 12 openings read, 2 set aside, 10
# attributed.
A="$DATA/attribute"
cat "$A/offers-ragged.csv" >offers.csv
tail -n +2 "$A/offers-bad-date.csv" >>offers.csv
cat "$A/openings.csv" >openings.csv
tail -n +2 "$A/openings-negative-balance.csv" >>openings.csv
run attribute -e "$A/exp.ini" --offers offers.csv --openings openings.csv -o out.csv \
    --rejects rejects.csv
expect_rc 0
expect_file err stderr
expect_file rejects.csv rejects.csv
expect_file out.csv attribution.csv
