# The report reads offers.csv once for attribution, ROI's costs and the
# offer matrix, in two halves on two threads when it is large (over 8 MB):
# its ROI and matrix tables are those of 'roi', and of 'attribute' then
# 'matrix', which read the file themselves.  Twice: with one cost per
# channel (the matrix's sums are made from the halves) and with a cost per
# offer (the matrix reads the file again, in order).  Then a file of 1 to
# 8 MB, which attribution reads in two halves and 'roi' whole: the report's
# ROI keeps the second half's offers and sums them after the first's, as
# 'roi' does, with no second read.
card_experiment big 30 <<'INI'
[cost]
mail = 0.65
email = 0.02
INI
card_assignments 3000 big
awk 'BEGIN { print "customer_id,account_id,product,open_date,balance"
             for (i = 0; i < 3000; i += 7) printf "c%04d,x%04d,card,2026-%02d-%02d,0\n", i, i, 1 + i % 3, 6 + i % 20 }' > o.csv
offers() { # offers channel|offer: 300000 offers to treated customers, sorted by customer
    awk -v kind="$1" 'BEGIN { print "customer_id,offer_id,product,channel,offer_date,cost"
        for (i = 1; i <= 300000; i++) {
            c = int((i - 1) / 100); if (c % 3 == 2) c--
            printf "c%04d,o%07d,card,%s,2026-%02d-0%d,%s\n", c, i, i % 2 ? "mail" : "email",
                   1 + i % 3, 1 + i % 4, kind == "offer" ? sprintf("%.2f", (i * 37 % 101) / 100) : ""
        } }'
}
for kind in channel offer; do
    offers $kind > f.csv
    [ "$(wc -c < f.csv)" -gt 8388608 ] || fail "f.csv is too small to be cut in two"
    run report -e exp.ini --assignments a.csv --offers f.csv --openings o.csv -o rep -q
    expect_rc 0
    run roi -e exp.ini --assignments a.csv --offers f.csv --openings o.csv -o roi.csv -q
    expect_rc 0
    expect_same rep/data/roi.csv roi.csv
    run attribute -e exp.ini --offers f.csv --openings o.csv -o attr.csv -q
    expect_rc 0
    run matrix -e exp.ini --offers f.csv --attribution attr.csv -o m.csv -q
    expect_rc 0
    expect_same rep/data/matrix.csv m.csv
done
offers offer | awk 'NR <= 60001' > g.csv
size=$(wc -c < g.csv)
[ "$size" -gt 1048576 ] && [ "$size" -lt 8388608 ] || fail "g.csv is not between 1 and 8 MB"
run report -e exp.ini --assignments a.csv --offers g.csv --openings o.csv -o rep -q
expect_rc 0
run roi -e exp.ini --assignments a.csv --offers g.csv --openings o.csv -o roi.csv -q
expect_rc 0
expect_same rep/data/roi.csv roi.csv
