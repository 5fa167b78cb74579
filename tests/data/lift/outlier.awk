# tests/cli/cases/lift_outlier_cap.sh: awk -v n=N -f outlier.awk writes
# assignments.csv and openings.csv into the current directory.
# n customers per arm; 3% open a heloc in the window; lognormal(8, 1.5)
# balances, the champion's 15% lower; uniforms from the Park-Miller
# generator (exact in double arithmetic), normals by Box-Muller.
function u() { x = (x * 16807) % 2147483647; return x / 2147483647 }
BEGIN {
    x = 20261206
    print "customer_id,unit_id,experiment,arm,role,bucket,stratum" > "assignments.csv"
    print "customer_id,account_id,product,open_date,balance" > "openings.csv"
    for (i = 1; i <= 2 * n; i++) {
        id = sprintf("C%05d", i)
        arm = i <= n ? "champion" : "holdout"
        print id "," id ",outlier," arm "," (i <= n ? "champion" : "control") "," i % 100 ",all" > "assignments.csv"
        a = u(); b = u(); c = u()
        if (a >= 0.03) continue
        z = sqrt(-2 * log(b)) * cos(6.283185307179586 * c)
        bal = exp(8 + 1.5 * z) * (i <= n ? 0.85 : 1)
        printf "%s,A%05d,heloc,2026-02-%02d,%.2f\n", id, i, 1 + i % 28, bal > "openings.csv"
    }
}
