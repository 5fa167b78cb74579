# One customer with 40,000 offers and 1,000 openings, every offer inside
# every opening's window: attribution holds that customer's offers and
# openings, not their 40 million pairs (1.4 GB and 40 s before; about
# 12 MB and under a second now).  Last touch credits every opening to the
# latest offer (the largest offer_id on the latest day, o9999).
D="$DATA/attribute"
awk 'BEGIN {
    print "customer_id,offer_id,product,channel,offer_date"
    for (i = 0; i < 40000; i++) printf "big,o%d,heloc,email,2026-01-%02d\n", i, 5 + i % 10
    printf "other,p1,card,email,2026-01-05\n"
}' >offers.csv
awk 'BEGIN {
    print "customer_id,account_id,product,open_date,balance"
    for (i = 0; i < 1000; i++)
        printf "big,a%d,%s,2026-%02d-%02d,100\n", i, i % 2 ? "heloc" : "card", 1 + int(i / 600),
               i < 600 ? 25 + i % 5 : 1 + i % 20
    printf "other,b1,card,2026-01-20,50\n"
}' >openings.csv
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o rss "$LIFTKIT" attribute -e "$D/exp.ini" --offers offers.csv \
        --openings openings.csv -o a.csv -q >out 2>err
    RC=$?
    kb=$(tail -n 1 rss)
    [ "$kb" -lt 200000 ] || fail "peak memory $kb KB (expected well under 200 MB)"
else
    run attribute -e "$D/exp.ini" --offers offers.csv --openings openings.csv -o a.csv -q
fi
expect_rc 0
[ "$(grep -c '^big,' a.csv)" = 1000 ] || fail "expected 1000 rows for 'big'"
[ "$(grep '^big,' a.csv | cut -d, -f6 | sort -u)" = o9999 ] || fail "not every opening credited to o9999"
[ "$(grep -c '^big,a[0-9]*,heloc,.*,direct,1$' a.csv)" = 500 ] || fail "expected 500 direct heloc rows"
grep -qx 'other,b1,card,2026-01-20,50,p1,card,email,2026-01-05,15,direct,1' a.csv ||
    fail "the other customer's row is wrong"
