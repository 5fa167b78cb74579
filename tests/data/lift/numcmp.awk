# Compare two CSV files (no quoted commas) cell by cell: text cells must be
# equal, numeric cells within 1e-6 absolute, or 1e-4 relative for the
# columns named in -v rel="a,b" (p-values).  Columns after the expected
# file's last (the lift table's appended ones) are not compared; an empty
# expected file is a failure, not a match.  Usage:
#   awk -F, -v rel=p_value,p_adjusted -f numcmp.awk EXPECTED ACTUAL
function isnum(s) { return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }
function abs(x) { return x < 0 ? -x : x }
BEGIN { n = split(rel, r, ","); for (i = 1; i <= n; i++) isrel[r[i]] = 1; bad = 0 }
FILENAME == ARGV[1] { want[FNR] = $0; nwant = FNR; next }
{
    if (!(FNR in want)) { print "extra line " FNR ": " $0; bad = 1; next }
    ne = split(want[FNR], e, ",")
    if (ne > NF) { print "line " FNR ": " NF " fields, expected " ne; bad = 1; next }
    for (i = 1; i <= ne; i++) {
        if (FNR == 1) { name[i] = e[i] }
        if ($i == e[i]) continue
        if (FNR > 1 && isnum($i) && isnum(e[i])) {
            d = abs($i - e[i])
            if (isrel[name[i]] ? d <= 1e-4 * abs(e[i]) + 1e-300 : d <= 1e-6) continue
        }
        print "line " FNR " column " name[i] ": got '" $i "', expected '" e[i] "'"
        bad = 1
    }
}
END {
    if (!nwant) { print "no expected lines in " ARGV[1]; bad = 1 }
    if (FNR < nwant) { print "missing lines after " FNR; bad = 1 }
    exit bad
}
