# The mix counts an opening once per channel however many channels its
# credited offers came by: one customer with two offers in each of 12
# channels and one opening, rule linear: each channel gets 1 opening and
# credit 2/24, the 24 credits sum to 1.
A="$DATA/attribute"
{ echo "customer_id,offer_id,product,channel,offer_date,cost"
  i=0
  for c in 1 2 3 4 5 6 7 8 9 10 11 12; do
      for d in 06 07; do
          i=$((i + 1))
          echo "c1,o$i,heloc,ch$c,2026-01-$d,0.01"
      done
  done; } > offers.csv
printf 'customer_id,account_id,product,open_date,balance\nc1,a1,heloc,2026-01-20,1000\n' \
    > openings.csv
run attribute -e "$A/exp.ini" --offers offers.csv --openings openings.csv --rule linear \
    -o out.csv --mix mix.csv -q
expect_rc 0
n=$(grep -c '^channel,ch[0-9]*,direct,1,0.0833333333' mix.csv)
[ "$n" -eq 12 ] || fail "expected 12 channels with 1 opening and credit 1/12, got $n: $(cat mix.csv)"
[ "$(grep -c . out.csv)" -eq 25 ] || fail "expected 24 credited rows"
