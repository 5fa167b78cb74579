# Without a control roi is a usage error (exit 1); an arm doing worse than
# the control has an empty cost_per_incremental_response; the cost column of
# offers.csv wins over [cost]; an arm with no offers has an empty romi.
# expected/roi_edge_cases/: made by this binary and checked by hand: value
# 100 a card; champion 2 units, 2 offers, cost 1.5 + 2.5 = 4, no opening
# against the control's 2 of 2: -2 incremental responses, -200 value, romi
# (-200 - 4) / 4 = -51; new 0 offers: cost 0, romi empty.
D="$DATA/lift"
run roi -e "$D/expnc.ini" --assignments "$D/assignments.csv" --offers "$D/offers.csv" \
    --openings "$D/openings.csv" -o t.csv
expect_rc 1
expect_file err no-control.err
expect_absent t.csv
card_experiment small 10 </dev/null
cat > a.csv <<'CSV'
customer_id,unit_id,experiment,arm,role,bucket,stratum
c1,c1,small,champion,champion,1,
c2,c2,small,champion,champion,2,
c3,c3,small,ctl,control,3,
c4,c4,small,ctl,control,4,
c5,c5,small,new,challenger,5,
c6,c6,small,new,challenger,6,
CSV
cat > o.csv <<'CSV'
customer_id,account_id,product,open_date
c3,a3,card,2026-01-06
c4,a4,card,2026-01-07
c5,a5,card,2026-01-07
CSV
cat > f.csv <<'CSV'
customer_id,offer_id,product,channel,offer_date,cost
c1,o1,card,mail,2026-01-02,1.5
c2,o2,card,sms,2026-01-02,2.5
CSV
run roi -e exp.ini --assignments a.csv --offers f.csv --openings o.csv
expect_rc 0
expect_file out roi.csv
expect_file err stderr
# an offer to a control customer is counted there and flagged everywhere
printf 'c3,o3,card,mail,2026-01-02,0.75\n' >> f.csv
run roi -e exp.ini --assignments a.csv --offers f.csv --openings o.csv
expect_rc 0
expect_file out roi-contacted.csv
expect_file err stderr-contacted
run roi -e exp.ini --assignments a.csv --offers f.csv --openings o.csv -f md
expect_rc 0
expect_file out roi-contacted.md
run roi -e exp.ini --assignments a.csv --offers f.csv --openings o.csv -f json
expect_rc 0
expect_file out roi-contacted.json
# offer ids are unique: in order, out of order (found by a second read), and
# with --rejects the repeat is set aside
printf 'c2,o1,card,mail,2026-01-03,0.5\n' >> f.csv
run roi -e exp.ini --assignments a.csv --offers f.csv --openings o.csv
expect_rc 2
note "repeat in order"
{ head -n 1 f.csv; printf 'c1,o9,card,mail,2026-01-02,1\n'; tail -n +2 f.csv; } > g.csv
run roi -e exp.ini --assignments a.csv --offers g.csv --openings o.csv
expect_rc 2
note "repeat out of order"
expect_file transcript duplicates
run roi -e exp.ini --assignments a.csv --offers f.csv --openings o.csv --rejects rj.csv
expect_rc 0
expect_file rj.csv rejects.csv
