# 40 customers whose hashes all fall in the champion's buckets (picked with
# /usr/bin/python3 and hashlib from U0, U1, ...: bucket < 4500 under salt
# 'test-hash'): the arm counts 40/0/0 against 45/45/10 fail the sample-ratio
# test and assign warns loudly, but still writes.  Reference:
# /usr/bin/python3 -c 'from scipy.stats import chisquare; print(chisquare([40,0,0],[18,18,4]))'
# -> statistic=48.888888888888886, pvalue=2.420542233476213e-11
run assign -e "$DATA/assign/exp.ini" -o out.csv --summary sum.csv "$DATA/assign/srm.csv"
expect_rc 0
# expected/assign_srm_warning/: made by this binary, checked against those
# figures (chi2 48.8889, p 2.42e-11; champion 40 of expected 18)
expect_file err stderr
expect_file sum.csv summary.csv
# a balanced file does not warn
run assign -e "$DATA/assign/exp.ini" -o out.csv "$DATA/assign/customers.csv"
expect_rc 0
grep -q WARNING err && fail "warned without a mismatch"
exit 0
