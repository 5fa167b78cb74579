# Arm names with quotes, backslashes, commas and '@' reach the
# chart as they are: gnuplot gets them quoted, never as code.
for k in rate forest; do
    run plot "$k" "$DATA/plot/lift-odd-names.csv" -o c
    expect_rc 0
    [ -s "c/$k.png" ] || fail "no $k.png"
done
grep -qF "'say \"hi\" \\ @x'" c/rate.gp || fail "arm name not quoted in rate.gp"
grep -qF "b,q vs say" c/forest.csv || fail "forest label lost the name"
grep -qF 'say "hi" \ @x' c/rate.svg || grep -qF 'say &quot;hi&quot; \ @x' c/rate.svg ||
    fail "the name is not drawn as written"
# A quoted comma stays inside its field when gnuplot reads the data file.
(cd c && gnuplot -e "set datafile separator comma; stats 'forest.csv' skip 1 using 6 nooutput; print STATS_min" 2>&1) |
    grep -qx "0.2" || fail "gnuplot split a quoted field of forest.csv"
