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
grep -qx 'champion,response_target,4,2,2' s.csv || fail "expected 2 of 4 responders"
grep -qx 'champion,balance_target,4,300,50000' s.csv || fail "expected balances 100 + 200"
head -n 1 acc.csv | grep -qx 'arm,day,n,responders,rate' || fail "accrual header"
grep -qx 'champion,0,4,1,0.25' acc.csv || fail "day 0: the start-day opening"
grep -qx 'champion,9,4,1,0.25' acc.csv || fail "day 9"
grep -qx 'champion,10,4,2,0.5' acc.csv || fail "day 10: the start + window opening"
grep -qx 'ctl,10,1,0,0' acc.csv || fail "control accrual"
[ "$(wc -l < acc.csv)" -eq 23 ] || fail "expected 2 arms x 11 days"
run lift -e exp.ini --summary s.csv --accrual x.csv
expect_rc 1
expect_err "need raw data"
