# liftkit matrix: offers, direct and halo credit, response rate and cost by
# month, product and channel, equal to pandas (tests/data/lift/matrix_ref.py,
# whose header gives the commands that made both expected files); plot
# matrix draws it; bad rows are located.
for d in lift matrix; do
    D="$DATA/$d"
    run attribute -e "$D/exp.ini" --offers "$D/offers.csv" --openings "$D/openings.csv" \
        -o attribution-$d.csv -q
    expect_rc 0
    run matrix -e "$D/exp.ini" --offers "$D/offers.csv" --attribution attribution-$d.csv \
        -o matrix-$d.csv
    expect_rc 0
    expect_same matrix-$d.csv "$D/expected-matrix.csv"
done
expect_err "liftkit matrix: 10 offers, 9 attribution rows, 9 cells"
run plot matrix matrix-matrix.csv -e "$DATA/matrix/exp.ini" -o charts
expect_rc 0
for f in matrix.csv matrix.gp matrix.png matrix.svg; do
    [ -s "charts/$f" ] || fail "plot matrix did not write charts/$f"
done
# an offer with no cost anywhere, an unknown response, a missing column
D="$DATA/matrix"
sed 's/^app   = 0.01$//' "$D/exp.ini" > nocost.ini
run matrix -e nocost.ini --offers "$D/offers.csv" --attribution attribution-matrix.csv -o m.csv
expect_rc 2
expect_err "offers.csv:4:4: no cost for channel 'app'"
expect_absent m.csv
sed '3s/,direct,0.5$/,maybe,0.5/' attribution-matrix.csv > bad.csv
run matrix -e "$D/exp.ini" --offers "$D/offers.csv" --attribution bad.csv -o m.csv
expect_rc 2
expect_err "bad.csv:3:11: unknown response 'maybe'"
cut -d, -f1-11 attribution-matrix.csv > short.csv
run matrix -e "$D/exp.ini" --offers "$D/offers.csv" --attribution short.csv -o m.csv
expect_rc 2
expect_err "missing column 'credit'"
run matrix -e "$D/exp.ini" --offers "$D/offers.csv"
expect_rc 1
expect_err "liftkit matrix: missing --attribution"
