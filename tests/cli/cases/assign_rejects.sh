# With --rejects the bad rows are set aside with their reasons and the rest
# assigned; rows in = rows out + rejects, and the summary says how many.
# expected/assign_rejects/: made by this binary, checked against
# mixed-bad.csv by eye: C1, C2, C5 kept; C2 repeated on line 4, an empty id
# on line 5, a short row on line 6 set aside.  Both methods keep the same
# rows and reject the same ones.
A="$DATA/assign"
for exp in households stratified; do
    rm -f out.csv rj.csv
    run assign -e "$A/$exp.ini" -o out.csv --rejects rj.csv "$A/mixed-bad.csv"
    expect_rc 0
    expect_file err $exp.err
    expect_file out.csv $exp.csv
    expect_file rj.csv rejects.csv
done
