# The same input gives byte-identical output, run after run, from a file or
# from standard input, for both methods.
awk 'BEGIN { print "customer_id,household_id,segment";
             for (i = 1; i <= 2000; i++) printf "C%05d,H%04d,s%d\n", i, int(i / 3), int(i / 3) % 4 }' > customers.csv
for exp in households stratified; do
    run assign -e "$DATA/assign/$exp.ini" -q -o a1.csv --summary s1.csv customers.csv
    expect_rc 0
    run assign -e "$DATA/assign/$exp.ini" -q -o a2.csv --summary s2.csv customers.csv
    expect_rc 0
    expect_same a2.csv a1.csv
    expect_same s2.csv s1.csv
    "$LIFTKIT" assign -e "$DATA/assign/$exp.ini" -q - < customers.csv > a3.csv 2> err || fail "stdin run failed"
    expect_same a3.csv a1.csv
done
# a different row order changes nothing but the row order (stratified; each
# household has one segment, so its first row does not matter)
{ head -n 1 customers.csv; tail -n +2 customers.csv | sort -r; } > reversed.csv
run assign -e "$DATA/assign/stratified.ini" -q -o r.csv reversed.csv
expect_rc 0
sort a1.csv > a1.sorted
sort r.csv > r.sorted
expect_same r.sorted a1.sorted
# a named pipe cannot be read twice: both methods still give the same bytes
for exp in households stratified; do
    run assign -e "$DATA/assign/$exp.ini" -q -o a1.csv customers.csv
    rm -f fifo
    mkfifo fifo
    cat customers.csv > fifo &
    run assign -e "$DATA/assign/$exp.ini" -q -o a4.csv fifo
    wait
    expect_rc 0
    expect_same a4.csv a1.csv
done
