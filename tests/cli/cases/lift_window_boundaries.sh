# Openings on the start day and on start + window count; the day before and
# the day after do not.  The accrual table shows when they count.
cat > exp.ini <<'INI'
[experiment]
name = win
start = 2026-01-05
window = 10
products = card
[arm:champion]
role = champion
weight = 1
[arm:ctl]
role = control
weight = 1
INI
cat > a.csv <<'CSV'
customer_id,unit_id,experiment,arm,role,bucket,stratum
c1,c1,win,champion,champion,1,
c2,c2,win,champion,champion,2,
c3,c3,win,champion,champion,3,
c4,c4,win,champion,champion,4,
c5,c5,win,ctl,control,5,
CSV
cat > o.csv <<'CSV'
customer_id,account_id,product,open_date,balance
c1,a1,card,2026-01-05,100
c2,a2,card,2026-01-15,200
c3,a3,card,2026-01-16,300
c4,a4,card,2026-01-04,400
CSV
run lift -e exp.ini --assignments a.csv --openings o.csv --accrual acc.csv --write-summary s.csv
expect_rc 0
# expected/lift_window_boundaries/: made by this binary, checked by hand:
# champion 2 of 4 respond (c1 on day 0, c2 on day 10), balances 100 + 200
# (squares 50000); accrual 1 of 4 from day 0 to 9, 2 of 4 on day 10; the
# control 0 of 1 on every one of the 11 days
expect_file s.csv summary.csv
expect_file acc.csv accrual.csv
run lift -e exp.ini --summary s.csv --accrual x.csv
expect_rc 1
expect_err "need raw data"
